/* activity.c — recording and listing what people did with a lead or customer. */
#include <stdio.h>
#include <string.h>

#include "activity.h"
#include "audit.h"
#include "complaint.h"
#include "credibility.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

static const char *const kinds[] = {
	"called", "message", "sent_samples", "price_objection", "visited",
	"sent_proposal", "demo_done", "visit_record",
	/* grading signals (R7.1): the customer's trial and document download
	 * (activity dimension), a payment on time or late (base dimension) */
	"trial", "doc_download", "paid_on_time", "paid_late",
};

const char *const *activity_kinds(size_t *n)
{
	*n = sizeof(kinds) / sizeof(kinds[0]);
	return kinds;
}

int activity_kind_ok(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i], kind))
			return 1;
	return 0;
}

NEOERR *activity_record(REQUEST *req, const char *kind, long long lead_id,
			long long customer_id, long long duration_sec,
			const char *core_need, const char *next_step,
			const char *detail)
{
	unsigned long long id = 0;
	DB_STMT *q;
	NEOERR *err;

	/* R5.2: a person frozen on this customer records nothing more here */
	err = credibility_gate(req, kind, lead_id, customer_id);
	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "INSERT INTO activity (kind, user_id, lead_id, customer_id, at,"
			 " source_ip, duration_sec, core_need, next_step, detail)"
			 " VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6), ?, ?, ?, ?, ?)");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, kind);
	db_bind_int(q, 2, req->user->id);
	if (lead_id) db_bind_int(q, 3, lead_id); else db_bind_null(q, 3);
	if (customer_id) db_bind_int(q, 4, customer_id); else db_bind_null(q, 4);
	db_bind_text(q, 5, req->remote_addr);
	if (duration_sec > 0) db_bind_int(q, 6, duration_sec); else db_bind_null(q, 6);
	db_bind_text(q, 7, core_need);
	db_bind_text(q, 8, next_step);
	db_bind_text(q, 9, detail);
	db_step(q);
	id = db_insert_id(q);
	err = db_finalize(q);
	if (!err)
		err = credibility_after(req, kind, lead_id, customer_id, (long long)id);
	if (!err && customer_id) {
		/* R7.4: complaint keywords in what was written down */
		const char *texts[] = { core_need, next_step, detail };

		err = complaint_scan(req, customer_id, (long long)id, texts, 3);
	}
	if (!err && lead_id)
		err = db_execf(NULL, "UPDATE lead SET first_response_at = COALESCE(first_response_at,"
			       " UTC_TIMESTAMP(6)), status = IF(status = 'new', 'contacted', status),"
			       " updated_at = UTC_TIMESTAMP(6) WHERE id = ?", "i", lead_id);
	if (!err) {
		struct audit_event ev = { "activity.create", lead_id ? "lead" : "customer",
					  lead_id ? lead_id : customer_id, "activity", NULL, kind };

		(void)id;
		err = audit_log(req, &ev);
	}
	return nerr_pass(err);
}

NEOERR *activity_fill(REQUEST *req, const char *list, long long lead_id,
		      long long customer_id)
{
	DB_STMT *q;
	int n = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT a.kind, a.at, u.display_name, a.core_need, a.next_step,"
			 " a.detail, a.duration_sec, a.source_ip, a.id,"
			 " (SELECT COUNT(*) FROM activity_reply r WHERE r.activity_id = a.id) FROM activity a"
			 " JOIN users u ON u.id = a.user_id"
			 " WHERE (? > 0 AND a.lead_id = ?) OR (? > 0 AND a.customer_id = ?)"
			 " ORDER BY a.at DESC, a.id DESC LIMIT 100");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, lead_id);
	db_bind_int(q, 2, lead_id);
	db_bind_int(q, 3, customer_id);
	db_bind_int(q, 4, customer_id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, list, n++, &row);
		if (!err) err = hdf_set_value(row, "Kind", db_col_text(q, 0));
		if (!err) err = render_set_time(req, row, "At", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "User", db_col_text(q, 2));
		if (!err) err = render_set(row, "CoreNeed", db_col_text(q, 3));
		if (!err) err = render_set(row, "NextStep", db_col_text(q, 4));
		if (!err) err = render_set(row, "Detail", db_col_text(q, 5));
		if (!err) err = render_set(row, "Duration", db_col_text(q, 6));
		if (!err) err = render_set(row, "Ip", db_col_text(q, 7));
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 8));
		if (!err && db_col_int(q, 9)) {
			char list2[64];

			/* the counterpart's replies to it (reply.c) */
			err = hdf_set_value(row, "Replies", db_col_text(q, 9));
			snprintf(list2, sizeof(list2), "%s.%d.Reply", list, n - 1);
			if (!err) err = reply_fill(req, list2, db_col_int(q, 8));
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

NEOERR *activity_history(REQUEST *req, const char *list, const char *object_type,
			 long long object_id, const struct policy_subject *s)
{
	DB_STMT *q;
	int n = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT at, COALESCE(actor_login, '-'), action, field, before_value,"
			 " after_value FROM audit_log WHERE object_type = ? AND object_id = ?"
			 " ORDER BY id DESC LIMIT 50");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, object_type);
	db_bind_int(q, 2, object_id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, list, n++, &row);
		if (!err) err = render_set_time(req, row, "At", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Actor", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Action", db_col_text(q, 2));
		if (!err) err = render_set(row, "Field", db_col_text(q, 3));
		/* Changes to a field carry its values; reveal rows carry a reason. */
		if (!err && db_col_text(q, 3) && strncmp(db_col_text(q, 2), "field.reveal", 12)) {
			/* A change to a sensitive field shows as its mask. */
			err = policy_put(req, row, "Before", object_type, db_col_text(q, 3), s,
					 db_col_text(q, 4));
			if (!err)
				err = policy_put(req, row, "After", object_type, db_col_text(q, 3), s,
						 db_col_text(q, 5));
		} else if (!err) {
			err = render_set(row, "Before", db_col_text(q, 4));
			if (!err) err = render_set(row, "After", db_col_text(q, 5));
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}
