/* reply.c — the counterpart's reply to an activity (R5.2: an action is
 * verifiable by an attachment, a duration or a counterpart reply).
 *
 * A rep records what the customer answered to one of the timeline's
 * entries — who answered, when, what — on /activities/#/reply (linked from
 * the lead, customer and deal timelines) or POST /api/v1/activities/#/reply.
 * The entry's scope is its lead's, else its customer's (owner and region,
 * as the visit summary's); reading needs the read scope and the record's
 * read capability, recording the edit scope and its edit capability.
 * Replies are records: added, never changed; each is audited
 * (activity.reply).  credibility.c's ratio job counts a replied entry as
 * verifiable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "user.h"
#include "validate.h"

#define REPLY_BODY_MAX 2000

struct reply_act {
	long long id, lead, customer;
	char at[32];
};

/* The entry, when the reader may see it (edit: may record on it); 404
 * otherwise.  Fills Reply.Activity when node is set. */
static NEOERR *reply_load(REQUEST *req, long long id, int edit, struct reply_act *a)
{
	STRING sql;
	struct db_args scope = { 0 };
	DB_STMT *q;
	int found = 0;
	NEOERR *err;

	memset(a, 0, sizeof(*a));
	string_init(&sql);
	err = string_append(&sql, "SELECT a.id, COALESCE(a.lead_id, 0), COALESCE(a.customer_id, 0), a.at,"
			    " a.kind, u.display_name, a.core_need, a.detail, a.duration_sec"
			    " FROM activity a JOIN users u ON u.id = a.user_id"
			    " LEFT JOIN lead l ON l.id = a.lead_id"
			    " LEFT JOIN customer c ON c.id = a.customer_id AND a.lead_id IS NULL"
			    " WHERE a.id = ? AND (l.id IS NOT NULL OR c.id IS NOT NULL) AND ");
	if (!err)
		err = user_scope_sql(req->user, edit ? req->user->edit_scope : req->user->read_scope,
				     "IF(a.lead_id IS NULL, c.owner_id, l.owner_id)",
				     "IF(a.lead_id IS NULL, c.region_id, l.region_id)", &sql, &scope);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, id);
	db_bind_args(q, &scope, 2);
	if (db_step(q) == DB_ROW) {
		HDF *d;

		found = 1;
		a->id = db_col_int(q, 0);
		a->lead = db_col_int(q, 1);
		a->customer = db_col_int(q, 2);
		snprintf(a->at, sizeof(a->at), "%s", db_col_text(q, 3));
		err = hdf_get_node(req->hdf, "Reply.Activity", &d);
		if (!err) err = hdf_set_value(d, "Id", db_col_text(q, 0));
		if (!err) err = render_set_time(req, d, "At", db_col_text(q, 3));
		if (!err) err = hdf_set_value(d, "Kind", db_col_text(q, 4));
		if (!err) err = render_set(d, "User", db_col_text(q, 5));
		if (!err) err = render_set(d, "CoreNeed", db_col_text(q, 6));
		if (!err) err = render_set(d, "Detail", db_col_text(q, 7));
		if (!err) err = render_set(d, "Duration", db_col_text(q, 8));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	/* the record's own capability: a lead's entry is the lead's */
	if (!err && found && !user_can(req->user, a->lead ? (edit ? "lead.edit" : "lead.read")
				       : (edit ? "customer.edit" : "customer.read")))
		found = 0;
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "activity %lld", id);
	return nerr_pass(err);
}

NEOERR *reply_fill(REQUEST *req, const char *list, long long activity_id)
{
	DB_STMT *q;
	int n = 0;
	NEOERR *err = db_prepare(&q, "SELECT r.replied_by, r.replied_at, r.body, u.display_name,"
				 " r.recorded_at FROM activity_reply r JOIN users u ON u.id = r.recorded_by"
				 " WHERE r.activity_id = ? ORDER BY r.replied_at, r.id LIMIT 50");

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, activity_id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, list, n++, &row);
		if (!err) err = render_set(row, "By", db_col_text(q, 0));
		if (!err) err = render_set_time(req, row, "At", db_col_text(q, 1));
		if (!err) err = render_set(row, "Body", db_col_text(q, 2));
		if (!err) err = render_set(row, "RecordedBy", db_col_text(q, 3));
		if (!err) err = render_set_time(req, row, "RecordedAt", db_col_text(q, 4));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

static NEOERR *reply_show(REQUEST *req, const struct reply_act *a)
{
	char back[80];
	long long deal = request_param_int(req, "deal", 0);
	NEOERR *err = reply_fill(req, "Reply.Items", a->id);

	if (a->lead)
		snprintf(back, sizeof(back), "/leads/%lld", a->lead);
	else
		snprintf(back, sizeof(back), "/customers/%lld", a->customer);
	if (!err) err = hdf_set_value(req->hdf, "Reply.Back", back);
	if (!err && deal) err = hdf_set_int_value(req->hdf, "Reply.Deal", (int)deal);
	if (!err && (a->lead ? user_can(req->user, "lead.edit") : user_can(req->user, "customer.edit")))
		err = hdf_set_value(req->hdf, "Reply.MayRecord", "1");
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "reply");
	req->template_name = "reply.cs";
	return nerr_pass(err);
}

/* GET /activities/#/reply */
NEOERR *reply_page(REQUEST *req)
{
	struct reply_act a;
	NEOERR *err = reply_load(req, req->ids[0], 0, &a);

	if (!err && request_param(req, "done"))
		err = hdf_set_value(req->hdf, "Page.Flash", request_param(req, "done"));
	if (!err)
		err = reply_show(req, &a);
	return nerr_pass(err);
}

static NEOERR *reply_refuse(REQUEST *req, const struct reply_act *a, const char *field, const char *msg)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err && field && !hdf_get_value(f, field, NULL))
		err = hdf_set_value(f, field, msg);
	if (!err)
		err = reply_show(req, a);
	req->status = 400;
	return nerr_pass(err);
}

/* POST /activities/#/reply: replied_by, replied_at (the reader's local
 * time, not before the entry, not in the future), body; deal (optional:
 * back to that deal's page when the entry is its customer's). */
NEOERR *reply_save(REQUEST *req)
{
	const char *by = request_param(req, "replied_by");
	const char *at = request_param(req, "replied_at");
	const char *body = request_param(req, "body");
	long long deal = request_param_int(req, "deal", 0);
	char offset[12], utc[32] = "", after[480], path[96];
	struct reply_act a;
	unsigned long long id = 0;
	DB_STMT *q;
	int early = 0, late = 0;
	NEOERR *err = reply_load(req, req->ids[0], 1, &a);

	if (err)
		return nerr_pass(err);
	if (req->param_errors)
		return nerr_pass(reply_refuse(req, &a, NULL, NULL));
	if (!by)
		return nerr_pass(reply_refuse(req, &a, "replied_by", "Valid.Required"));
	if (!at)
		return nerr_pass(reply_refuse(req, &a, "replied_at", "Valid.Required"));
	if (!body)
		return nerr_pass(reply_refuse(req, &a, "body", "Valid.Required"));
	if (validate_chars(body) > REPLY_BODY_MAX)
		return nerr_pass(reply_refuse(req, &a, "body", "Reply.E.TooLong"));
	render_utc_offset(req, offset, sizeof(offset));
	err = db_prepare(&q, "SELECT CONVERT_TZ(REPLACE(?, 'T', ' '), ?, '+00:00'),"
			 " CONVERT_TZ(REPLACE(?, 'T', ' '), ?, '+00:00') < ? - INTERVAL 1 MINUTE,"
			 " CONVERT_TZ(REPLACE(?, 'T', ' '), ?, '+00:00') > UTC_TIMESTAMP(6) + INTERVAL 1 MINUTE");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, at);
	db_bind_text(q, 2, offset);
	db_bind_text(q, 3, at);
	db_bind_text(q, 4, offset);
	db_bind_text(q, 5, a.at);
	db_bind_text(q, 6, at);
	db_bind_text(q, 7, offset);
	if (db_step(q) == DB_ROW && db_col_text(q, 0)) {
		snprintf(utc, sizeof(utc), "%s", db_col_text(q, 0));
		early = (int)db_col_int(q, 1);
		late = (int)db_col_int(q, 2);
	}
	err = db_finalize(q);
	if (err)
		return nerr_pass(err);
	if (!utc[0])
		return nerr_pass(reply_refuse(req, &a, "replied_at", "Valid.Date"));
	if (early)
		return nerr_pass(reply_refuse(req, &a, "replied_at", "Reply.E.BeforeEntry"));
	if (late)
		return nerr_pass(reply_refuse(req, &a, "replied_at", "Reply.E.Future"));
	/* back to the deal only when the entry is that deal's customer's */
	if (deal) {
		long long ok = 0;

		err = db_int_query(&ok, NULL, "SELECT COUNT(*) FROM deal WHERE id = ? AND customer_id = ?",
				   "ii", deal, a.customer);
		if (err)
			return nerr_pass(err);
		if (!ok)
			deal = 0;
	}
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO activity_reply (activity_id, replied_by, replied_at, body,"
			       " recorded_by, recorded_at, source_ip) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6), ?)",
			       "itttit", a.id, by, utc, body, req->user->id, req->remote_addr);
	if (!err) {
		struct audit_event ev = { "activity.reply", "activity", a.id, "reply", NULL, after };

		snprintf(after, sizeof(after), "reply %llu; by=%s; at=%s", id, by, utc);
		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	if (deal)
		snprintf(path, sizeof(path), "/deals/%lld?done=Recorded#timeline", deal);
	else if (a.lead)
		snprintf(path, sizeof(path), "/leads/%lld?done=Recorded", a.lead);
	else
		snprintf(path, sizeof(path), "/customers/%lld?done=Recorded", a.customer);
	return nerr_pass(request_redirect(req, path));
}
