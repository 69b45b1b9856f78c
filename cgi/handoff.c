/* handoff.c — handoff packages between roles, role SLAs, the
 * collaboration report (R6.1–R6.3).  See handoff.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "handoff.h"
#include "notify.h"
#include "render.h"
#include "sla.h"
#include "user.h"

#define HANDOFF_MAX_TYPES 32
#define REPORT_MAX_PEOPLE 300
#define REPORT_MAX_ROLES 16

/* ---- pure parts ---------------------------------------------------------------------- */

void handoff_countdown(const struct sla_calendar *c, time_t now, time_t due, int open,
		       long *left, long *late)
{
	*left = *late = 0;
	if (!open || due == (time_t)-1)
		return;
	if (now < due) {
		*left = sla_work_seconds(c, now, due);
		if (*left == 0)
			*left = 1;   /* outside working hours the clock waits, not runs out */
	} else {
		*late = sla_work_seconds(c, due, now);
		if (*late == 0)
			*late = 1;
	}
}

int handoff_item_line(const char *line, size_t len, char *out, size_t n)
{
	int required = 1;

	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
		len--;
	if (len && *line == '?') {
		required = 0;
		line++;
		len--;
		while (len && (*line == ' ' || *line == '\t')) {
			line++;
			len--;
		}
	}
	if (!len || !n)
		return -1;
	if (len >= n)
		len = n - 1;
	memcpy(out, line, len);
	out[len] = '\0';
	return required;
}

/* ---- shared helpers -------------------------------------------------------------------- */

/* 4.00 → "4", 4.50 → "4.5" */
#define HOURS_SQL(c) "TRIM(TRAILING '.' FROM TRIM(TRAILING '0' FROM " c "))"
#define HANDOFF_COLS \
	"h.id, h.deal_id, t.name, h.to_role, fu.display_name, tu.display_name, h.status," \
	" h.sent_at, h.due_at, h.acked_at, h.closed_at, DATE_FORMAT(h.due_at, '%Y-%m-%d %H:%i:%s')," \
	" d.name, h.from_user_id, h.to_user_id, h.outcome_note, h.note, h.overdue_at, " HOURS_SQL("h.sla_hours")
#define HANDOFF_FROM \
	" FROM handoff h JOIN handoff_type t ON t.id = h.type_id JOIN deal d ON d.id = h.deal_id" \
	" JOIN users fu ON fu.id = h.from_user_id JOIN users tu ON tu.id = h.to_user_id"

static int is_open(const char *status)
{
	return status && (!strcmp(status, "sent") || !strcmp(status, "acked"));
}

/* One package row (HANDOFF_COLS) into row, with its countdown. */
static NEOERR *put_row(REQUEST *req, HDF *row, DB_STMT *q, const struct sla_calendar *cal,
		       time_t now)
{
	static const char *const names[] = { "Id", "DealId", "Type", "Role", "From", "To", "Status" };
	const char *status = db_col_text(q, 6);
	long left = 0, late = 0;
	NEOERR *err = STATUS_OK;

	for (int i = 0; !err && i < 7; i++)
		err = render_set(row, names[i], db_col_text(q, i));
	if (!err) err = render_set_time(req, row, "Sent", db_col_text(q, 7));
	if (!err) err = render_set_time(req, row, "Due", db_col_text(q, 8));
	if (!err) err = render_set_time(req, row, "Acked", db_col_text(q, 9));
	if (!err) err = render_set_time(req, row, "Closed", db_col_text(q, 10));
	if (!err) err = render_set(row, "Deal", db_col_text(q, 12));
	if (!err) err = render_set(row, "Outcome", db_col_text(q, 15));
	if (!err) err = render_set(row, "Note", db_col_text(q, 16));
	if (!err) err = render_set(row, "Hours", db_col_text(q, 18));
	handoff_countdown(cal, now, clock_parse(db_col_text(q, 11)), is_open(status), &left, &late);
	if (!err && left) {
		err = hdf_set_int_value(row, "LeftH", (int)(left / 3600));
		if (!err) err = hdf_set_int_value(row, "LeftM", (int)(left % 3600 / 60));
	}
	if (!err && late) {
		err = hdf_set_int_value(row, "LateH", (int)(late / 3600));
		if (!err) err = hdf_set_int_value(row, "LateM", (int)(late % 3600 / 60));
		if (!err) err = hdf_set_value(row, "Overdue", "1");
	}
	if (!err && !is_open(status) && db_col_text(q, 10) && db_col_text(q, 8)
	    && strcmp(db_col_text(q, 10), db_col_text(q, 8)) > 0)
		err = hdf_set_value(row, "ClosedLate", "1");
	return nerr_pass(err);
}

/* Fills list with the packages of a query (bound by the caller). */
static NEOERR *put_rows(REQUEST *req, const char *list, DB_STMT *q, int *count)
{
	struct sla_calendar cal;
	time_t now = clock_now();
	int n = 0;
	NEOERR *err = sla_calendar_load(&cal, now);

	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, list, n++, &row);
		if (!err)
			err = put_row(req, row, q, &cal, now);
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	if (count)
		*count = n;
	return nerr_pass(db_finalize(q));
}

/* ---- the deal page ----------------------------------------------------------------------- */

NEOERR *handoff_put_deal(REQUEST *req, const struct deal_row *d, int can_send)
{
	DB_STMT *q;
	long long types[HANDOFF_MAX_TYPES];
	char roles[HANDOFF_MAX_TYPES][41];
	int nt = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT " HANDOFF_COLS HANDOFF_FROM " WHERE h.deal_id = ? ORDER BY h.id DESC LIMIT 50");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->id);
	err = put_rows(req, "Deal.Handoffs", q, NULL);
	if (err || !can_send || strcmp(d->status, "open"))
		return nerr_pass(err);
	/* The active types with their items (at most 8 each) in one statement,
	 * then the receivers of every type's role in one more: active people
	 * of the role, the deal's region first, at most 100 a type. */
	err = db_prepare(&q, "SELECT t.id, t.name, t.to_role, " HOURS_SQL("t.sla_hours") ", i.label, i.required"
			 " FROM (SELECT * FROM handoff_type WHERE active = 1 ORDER BY sort, id LIMIT 32) t"
			 " LEFT JOIN handoff_item i ON i.type_id = t.id"
			 " ORDER BY t.sort, t.id, i.sort, i.id");
	if (err)
		return nerr_pass(err);
	{
		HDF *t = NULL;
		int k = 0;

		while (!err && db_step(q) == DB_ROW) {
			HDF *row;

			if (!nt || types[nt - 1] != db_col_int(q, 0)) {
				if (nt == HANDOFF_MAX_TYPES)
					break;
				types[nt] = db_col_int(q, 0);
				snprintf(roles[nt], sizeof(roles[nt]), "%s", db_col_text(q, 2));
				err = render_row(req->hdf, "HandoffTypes", nt++, &t);
				if (!err) err = hdf_set_value(t, "Id", db_col_text(q, 0));
				if (!err) err = hdf_set_value(t, "Name", db_col_text(q, 1));
				if (!err) err = hdf_set_value(t, "Role", db_col_text(q, 2));
				if (!err) err = hdf_set_value(t, "Hours", db_col_text(q, 3));
				k = 0;
			}
			if (err || db_col_is_null(q, 4) || k >= 8)
				continue;
			err = render_row(t, "Items", k, &row);
			if (!err) err = hdf_set_int_value(row, "N", k + 1);
			if (!err) err = hdf_set_value(row, "Label", db_col_text(q, 4));
			if (!err) err = hdf_set_value(row, "Required", db_col_text(q, 5));
			k++;
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && nt)
		err = db_prepare(&q, "SELECT r.code, u.id, u.display_name FROM users u JOIN role r ON r.id = u.role_id"
				 " WHERE r.code IN (SELECT to_role FROM handoff_type WHERE active = 1)"
				 " AND u.status = 'active'"
				 " ORDER BY r.code, COALESCE(u.region_id, 0) <> ?, u.display_name, u.id");
	if (err || !nt)
		return nerr_pass(err);
	db_bind_int(q, 1, d->region_id);
	{
		int people[HANDOFF_MAX_TYPES] = { 0 };

		while (!err && db_step(q) == DB_ROW) {
			const char *role = db_col_text(q, 0);

			for (int i = 0; !err && i < nt; i++) {
				char list[32];
				HDF *row;

				if (strcmp(roles[i], role) || people[i] >= 100)
					continue;
				snprintf(list, sizeof(list), "HandoffTypes.%d", i);
				err = render_row(hdf_get_obj(req->hdf, list), "People", people[i]++, &row);
				if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 1));
				if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 2));
			}
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err)
		err = hdf_set_value(req->hdf, "Deal.CanHandoff", "1");
	return nerr_pass(err);
}

/* POST /deals/#/handoffs: type, to, note, item1..item8. */
NEOERR *handoff_send(REQUEST *req)
{
	struct deal_row d;
	long long type_id = request_param_int(req, "type", 0);
	long long to = request_param_int(req, "to", 0);
	const char *note = request_param(req, "note");
	char labels[HANDOFF_MAX_ITEMS][101];
	int required[HANDOFF_MAX_ITEMS], ni = 0, nmissing = 0, found = 0;
	char role[41] = "", hours[16] = "", tname[101] = "";
	STRING missing;
	DB_STMT *q;
	NEOERR *err;

	err = deal_scoped(req, req->ids[0], 1, &d);
	if (err)
		return nerr_pass(err);
	if (strcmp(d.status, "open"))
		return nerr_raise(ERR_CONFLICT, "deal %lld is closed", d.id);
	err = db_prepare(&q, "SELECT to_role, sla_hours, name FROM handoff_type WHERE id = ? AND active = 1");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, type_id);
	if (db_step(q) == DB_ROW) {
		found = 1;
		snprintf(role, sizeof(role), "%s", db_col_text(q, 0));
		snprintf(hours, sizeof(hours), "%s", db_col_text(q, 1));
		snprintf(tname, sizeof(tname), "%s", db_col_text(q, 2));
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_BAD_REQUEST, "unknown handoff type");
	if (!err)
		err = db_prepare(&q, "SELECT label, required FROM handoff_item WHERE type_id = ? ORDER BY sort, id LIMIT 8");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, type_id);
	while (ni < HANDOFF_MAX_ITEMS && db_step(q) == DB_ROW) {
		snprintf(labels[ni], sizeof(labels[ni]), "%s", db_col_text(q, 0));
		required[ni++] = (int)db_col_int(q, 1);
	}
	err = db_finalize(q);
	if (err)
		return nerr_pass(err);

	/* What is missing: required items left empty, and the receiver. */
	string_init(&missing);
	for (int i = 0; !err && i < ni; i++) {
		char name[16];
		const char *v;

		snprintf(name, sizeof(name), "item%d", i + 1);
		v = request_param(req, name);
		if (required[i] && (!v || !*v || strspn(v, " \t\r\n") == strlen(v))) {
			HDF *row;

			err = render_row(req->hdf, "HandoffForm.Missing", nmissing++, &row);
			if (!err) err = hdf_set_value(row, "Label", labels[i]);
			if (!err) err = string_appendf(&missing, "%s%s", missing.len ? "; " : "", labels[i]);
		}
	}
	if (!err && to) {
		long long ok = 0;
		int f = 0;

		err = db_int_query(&ok, &f, "SELECT u.id FROM users u JOIN role r ON r.id = u.role_id"
				   " WHERE u.id = ? AND r.code = ? AND u.status = 'active'", "it", to, role);
		if (!err && !f)
			to = 0;
	}
	if (!err && !to) {
		err = hdf_set_value(req->hdf, "Form.Errors.to", "Handoff.PickReceiver");
		nmissing++;
	}
	if (!err && (nmissing || req->param_errors)) {
		struct audit_event ev = { "handoff.send_refused", "deal", d.id, "handoff", NULL,
					  missing.len ? missing.buf : "receiver" };

		err = db_begin();
		if (!err) err = audit_log(req, &ev);
		err = db_finish(err);
		if (!err) err = hdf_set_int_value(req->hdf, "HandoffForm.Type", (int)type_id);
		string_clear(&missing);
		if (!err) err = deal_detail(req);
		req->status = 400;
		return nerr_pass(err);
	}
	string_clear(&missing);
	if (err)
		return nerr_pass(err);

	/* Send: due = now + SLA of working time. */
	{
		struct sla_calendar cal;
		time_t now = clock_now(), due;
		char at[24], dueat[24], detail[120];
		unsigned long long id = 0;

		err = sla_calendar_load(&cal, now);
		if (err)
			return nerr_pass(err);
		due = sla_add_work(&cal, now, (long)(atof(hours) * 3600.0 + 0.5));
		clock_sql(now, at, sizeof(at));
		clock_sql(due, dueat, sizeof(dueat));
		err = db_begin();
		if (!err)
			err = db_execf(&id, "INSERT INTO handoff (deal_id, type_id, from_user_id, to_user_id, to_role,"
				       " sla_hours, note, sent_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
				       "iiiittttt", d.id, type_id, req->user->id, to, role, hours,
				       note && *note ? note : NULL, at, dueat);
		for (int i = 0; !err && i < ni; i++) {
			char name[16];
			const char *v;

			snprintf(name, sizeof(name), "item%d", i + 1);
			v = request_param(req, name);
			if (v && *v)
				err = db_execf(NULL, "INSERT INTO handoff_part (handoff_id, label, content, sort)"
					       " VALUES (?, ?, ?, ?)", "itti", (long long)id, labels[i], v,
					       (long long)(i + 1));
		}
		snprintf(detail, sizeof(detail), "deal %lld to user %lld due %s", d.id, to, dueat);
		if (!err) {
			struct audit_event ev = { "handoff.send", "handoff", (long long)id, NULL, NULL, detail };

			err = audit_log(req, &ev);
		}
		if (!err) {
			char key[48];

			snprintf(key, sizeof(key), "handoff.sent:%llu", id);
			err = notify_user(to, "handoff_received", key, "handoff", (long long)id, NULL, NULL);
		}
		if (!err)
			err = deal_event(req, d.id, "handoff_sent", 0, 0, tname);
		err = db_finish(err);
		if (!err) {
			char path[64];

			snprintf(path, sizeof(path), "/deals/%lld?done=HandoffSent#handoffs", d.id);
			err = request_redirect(req, path);
		}
	}
	return nerr_pass(err);
}

/* ---- one package -------------------------------------------------------------------------- */

struct handoff_row {
	long long id, deal_id, from_id, to_id;
	char status[12];
};

/* May the reader see package h: its sender, its receiver, a manager above
 * either of them, or someone who reads the deal. */
static NEOERR *visible(REQUEST *req, const struct handoff_row *h, int *ok)
{
	long long v = 0;
	int found = 0;
	struct deal_row d;
	NEOERR *err;

	*ok = h->from_id == req->user->id || h->to_id == req->user->id;
	if (*ok)
		return STATUS_OK;
	err = db_int_query(&v, &found, "SELECT 1 FROM user_tree WHERE ancestor_id = ? AND depth >= 1"
			   " AND descendant_id IN (?, ?) LIMIT 1", "iii", req->user->id, h->from_id, h->to_id);
	if (err || found) {
		*ok = found;
		return nerr_pass(err);
	}
	if (!user_can(req->user, "deal.read"))
		return STATUS_OK;
	err = deal_scoped(req, h->deal_id, 0, &d);
	if (!err)
		*ok = 1;
	else if (nerr_match(err, ERR_NOT_FOUND))
		nerr_ignore(&err);
	return nerr_pass(err);
}

static NEOERR *load(long long id, int lock, struct handoff_row *h)
{
	DB_STMT *q;
	int found = 0;
	NEOERR *err = db_prepare(&q, lock ? "SELECT id, deal_id, from_user_id, to_user_id, status FROM handoff"
				 " WHERE id = ? FOR UPDATE"
				 : "SELECT id, deal_id, from_user_id, to_user_id, status FROM handoff WHERE id = ?");

	memset(h, 0, sizeof(*h));
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, id);
	if (db_step(q) == DB_ROW) {
		found = 1;
		h->id = db_col_int(q, 0);
		h->deal_id = db_col_int(q, 1);
		h->from_id = db_col_int(q, 2);
		h->to_id = db_col_int(q, 3);
		snprintf(h->status, sizeof(h->status), "%s", db_col_text(q, 4));
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "handoff %lld", id);
	return nerr_pass(err);
}

NEOERR *handoff_page(REQUEST *req)
{
	struct handoff_row h;
	const char *done = request_param(req, "done");
	DB_STMT *q;
	int ok = 0, n = 0;
	NEOERR *err = load(req->ids[0], 0, &h);

	if (!err)
		err = visible(req, &h, &ok);
	if (!err && !ok)
		err = nerr_raise(ERR_NOT_FOUND, "handoff %lld not visible", h.id);
	if (!err)
		err = db_prepare(&q, "SELECT " HANDOFF_COLS HANDOFF_FROM " WHERE h.id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, h.id);
	err = put_rows(req, "Handoffs", q, &n);
	if (!err)
		err = db_prepare(&q, "SELECT label, content FROM handoff_part WHERE handoff_id = ? ORDER BY sort, id");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, h.id);
	{
		static const char *const names[] = { "Label", "Content" };

		err = render_rows(req->hdf, "Handoff.Parts", q, names, 2, NULL);
	}
	if (!err && h.to_id == req->user->id && !strcmp(h.status, "sent"))
		err = hdf_set_value(req->hdf, "Handoff.MayAck", "1");
	if (!err && h.to_id == req->user->id && is_open(h.status))
		err = hdf_set_value(req->hdf, "Handoff.MayClose", "1");
	if (!err && done)
		err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err)
		err = hdf_set_value(req->hdf, "Page.Name", "handoffs");
	req->template_name = "handoff.cs";
	return nerr_pass(err);
}

/* ack / complete / return: only the receiver, only from the right state. */
static NEOERR *receiver_step(REQUEST *req, const char *action, const char *to_status,
			     const char *reason, const char *done)
{
	struct handoff_row h;
	char at[24];
	NEOERR *err;

	clock_sql(clock_now(), at, sizeof(at));
	err = db_begin();
	if (!err)
		err = load(req->ids[0], 1, &h);
	if (!err && h.to_id != req->user->id) {
		int ok = 0;

		err = visible(req, &h, &ok);
		if (!err)
			err = ok ? nerr_raise(ERR_FORBIDDEN, "only the receiver acts on handoff %lld", h.id)
				 : nerr_raise(ERR_NOT_FOUND, "handoff %lld not visible", h.id);
	}
	if (!err && (!strcmp(to_status, "acked") ? strcmp(h.status, "sent") : !is_open(h.status)))
		err = nerr_raise(ERR_CONFLICT, "handoff %lld is %s", h.id, h.status);
	if (!err && !strcmp(to_status, "acked"))
		err = db_execf(NULL, "UPDATE handoff SET status = 'acked', acked_at = ? WHERE id = ?", "ti", at, h.id);
	else if (!err)
		/* completing or returning unacknowledged counts as the response too */
		err = db_execf(NULL, "UPDATE handoff SET status = ?, closed_at = ?, acked_at = COALESCE(acked_at, ?),"
			       " outcome_note = ? WHERE id = ?", "tttti", to_status, at, at,
			       reason && *reason ? reason : NULL, h.id);
	if (!err) {
		struct audit_event ev = { action, "handoff", h.id, "status", h.status, to_status };

		err = audit_log(req, &ev);
	}
	if (!err) {
		char key[48], kind[24];

		snprintf(key, sizeof(key), "handoff.%s:%lld", to_status, h.id);
		snprintf(kind, sizeof(kind), "handoff_%s", to_status);
		err = notify_user(h.from_id, kind, key, "handoff", h.id, NULL, NULL);
	}
	err = db_finish(err);
	if (!err) {
		char path[64];

		snprintf(path, sizeof(path), "/handoffs/%lld?done=%s", h.id, done);
		err = request_redirect(req, path);
	}
	return nerr_pass(err);
}

NEOERR *handoff_ack(REQUEST *req)
{
	return nerr_pass(receiver_step(req, "handoff.ack", "acked", NULL, "Acked"));
}

NEOERR *handoff_complete(REQUEST *req)
{
	return nerr_pass(receiver_step(req, "handoff.complete", "done", request_param(req, "reason"),
				       "Completed"));
}

NEOERR *handoff_return(REQUEST *req)
{
	const char *reason = request_param(req, "reason");

	if (!reason || !*reason || req->param_errors) {
		NEOERR *err = STATUS_OK;

		if (!reason || !*reason)
			err = hdf_set_value(req->hdf, "Form.Errors.reason", "Handoff.ReasonRequired");
		if (!err)
			err = handoff_page(req);
		req->status = 400;
		return nerr_pass(err);
	}
	return nerr_pass(receiver_step(req, "handoff.return", "returned", reason, "Returned"));
}

/* GET /handoffs: what waits for me, what I sent. */
NEOERR *handoffs_page(REQUEST *req)
{
	DB_STMT *q;
	NEOERR *err;

	err = db_prepare(&q, "SELECT " HANDOFF_COLS HANDOFF_FROM " WHERE h.to_user_id = ?"
			 " AND (h.status IN ('sent', 'acked') OR h.sent_at > UTC_TIMESTAMP(6) - INTERVAL 30 DAY)"
			 " ORDER BY h.status NOT IN ('sent', 'acked'), h.due_at, h.id LIMIT 100");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	err = put_rows(req, "Received", q, NULL);
	if (!err)
		err = db_prepare(&q, "SELECT " HANDOFF_COLS HANDOFF_FROM " WHERE h.from_user_id = ?"
				 " AND (h.status IN ('sent', 'acked') OR h.sent_at > UTC_TIMESTAMP(6) - INTERVAL 30 DAY)"
				 " ORDER BY h.status NOT IN ('sent', 'acked'), h.due_at, h.id LIMIT 100");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	err = put_rows(req, "Sent", q, NULL);
	if (!err)
		err = hdf_set_value(req->hdf, "Page.Name", "handoffs");
	req->template_name = "handoffs.cs";
	return nerr_pass(err);
}

/* The today page's section: open packages for me and from me, the most
 * urgent first, each with its countdown; Count and Overdue. */
NEOERR *handoff_put_today(REQUEST *req, HDF *node)
{
	DB_STMT *q;
	int n = 0, overdue = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT " HANDOFF_COLS HANDOFF_FROM " WHERE (h.to_user_id = ? OR h.from_user_id = ?)"
			 " AND h.status IN ('sent', 'acked') ORDER BY h.due_at, h.id LIMIT 20");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, req->user->id);
	{
		struct sla_calendar cal;
		time_t now = clock_now();

		err = sla_calendar_load(&cal, now);
		while (!err && db_step(q) == DB_ROW) {
			HDF *row;

			err = render_row(node, "Items", n++, &row);
			if (!err) err = put_row(req, row, q, &cal, now);
			if (!err) err = hdf_set_int_value(row, "Mine", db_col_int(q, 14) == req->user->id);
			if (!err && hdf_get_value(row, "Overdue", NULL))
				overdue++;
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(node, "Count", n);
	if (!err) err = hdf_set_int_value(node, "Overdue", overdue);
	return nerr_pass(err);
}

/* ---- the overdue job ------------------------------------------------------------------------ */

NEOERR *handoff_overdue_scan(int *overdue, int *notices)
{
	char now[24];
	struct { long long id, to, boss, deal; } hits[500];
	int nh = 0;
	DB_STMT *q;
	NEOERR *err;

	*overdue = *notices = 0;
	clock_sql(clock_now(), now, sizeof(now));
	err = db_prepare(&q, "SELECT h.id, h.to_user_id, COALESCE(u.manager_id, 0), h.deal_id FROM handoff h"
			 " JOIN users u ON u.id = h.to_user_id WHERE h.status IN ('sent', 'acked')"
			 " AND h.due_at < ? AND h.overdue_at IS NULL ORDER BY h.id LIMIT 500");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, now);
	while (nh < 500 && db_step(q) == DB_ROW) {
		hits[nh].id = db_col_int(q, 0);
		hits[nh].to = db_col_int(q, 1);
		hits[nh].boss = db_col_int(q, 2);
		hits[nh].deal = db_col_int(q, 3);
		nh++;
	}
	err = db_finalize(q);
	if (!err)
		err = db_begin();
	for (int i = 0; !err && i < nh; i++) {
		char key[48];
		int c1 = 0, c2 = 0;

		snprintf(key, sizeof(key), "handoff.overdue:%lld", hits[i].id);
		err = notify_user(hits[i].to, "handoff_overdue", key, "handoff", hits[i].id, NULL, &c1);
		if (!err && hits[i].boss)
			err = notify_user(hits[i].boss, "handoff_overdue_team", key, "handoff", hits[i].id, NULL, &c2);
		if (!err)
			err = db_execf(NULL, "UPDATE handoff SET overdue_at = ? WHERE id = ? AND overdue_at IS NULL",
				       "ti", now, hits[i].id);
		if (!err && (c1 || c2)) {
			char detail[64];
			struct audit_event ev = { "handoff.overdue", "handoff", hits[i].id, NULL, NULL, detail };

			snprintf(detail, sizeof(detail), "superior %lld notified", hits[i].boss);
			err = audit_log_as(0, "scheduler", NULL, NULL, NULL, &ev);
		}
		*notices += c1 + c2;
	}
	err = db_finish(err);
	*overdue = nh;
	return nerr_pass(err);
}

/* ---- the collaboration report (R6.3) ------------------------------------------------------- */

struct agg {
	long long user_id;
	char key[101];          /* role code, or the person's name */
	char role[41];
	int sent, acked, overdue, closed, returned;
	double ack_sum;         /* working seconds send → ack */
};

static struct agg *agg_find(struct agg *a, int *n, int max, long long user_id, const char *key)
{
	for (int i = 0; i < *n; i++)
		if (a[i].user_id == user_id && !strcmp(a[i].key, key))
			return &a[i];
	if (*n >= max)
		return NULL;
	memset(&a[*n], 0, sizeof(a[*n]));
	a[*n].user_id = user_id;
	snprintf(a[*n].key, sizeof(a[*n].key), "%s", key);
	return &a[(*n)++];
}

static NEOERR *agg_put(REQUEST *req, const char *list, const struct agg *a, int n)
{
	NEOERR *err = STATUS_OK;

	for (int i = 0; !err && i < n; i++) {
		HDF *row;
		char buf[32];

		err = render_row(req->hdf, list, i, &row);
		if (!err) err = hdf_set_value(row, "Name", a[i].key);
		if (!err) err = hdf_set_value(row, "Role", a[i].role);
		if (!err) err = hdf_set_int_value(row, "Sent", a[i].sent);
		if (!err && a[i].acked) {
			double sec = a[i].ack_sum / a[i].acked;

			if (sec < 3600.0) {
				err = hdf_set_int_value(row, "MeanMin", (int)((sec + 59.0) / 60.0));
			} else {
				snprintf(buf, sizeof(buf), "%.1f", sec / 3600.0);
				err = hdf_set_value(row, "MeanHours", buf);
			}
		}
		snprintf(buf, sizeof(buf), "%.0f", a[i].sent ? 100.0 * a[i].overdue / a[i].sent : 0.0);
		if (!err) err = hdf_set_value(row, "OverduePct", buf);
		if (!err) err = hdf_set_int_value(row, "Overdue", a[i].overdue);
		snprintf(buf, sizeof(buf), "%.0f", a[i].closed ? 100.0 * a[i].returned / a[i].closed : 0.0);
		if (!err) err = hdf_set_value(row, "ReturnPct", buf);
		if (!err) err = hdf_set_int_value(row, "Returned", a[i].returned);
		if (!err) err = hdf_set_int_value(row, "Closed", a[i].closed);
	}
	return nerr_pass(err);
}

/* GET /handoffs/report?days=: per receiving role and per receiver, over the
 * packages sent in the period on deals in the reader's read scope: mean
 * response (send → acknowledgement, working time), overdue share (closed
 * after due, or open and past due), return rate (returned ÷ closed). */
NEOERR *handoff_report(REQUEST *req)
{
	long long days = request_param_int(req, "days", 30);
	struct agg *roles, *people;
	int nr = 0, np = 0;
	struct db_args scope = { 0 };
	struct sla_calendar cal;
	time_t now = clock_now();
	char since[24];
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	if (days != 7 && days != 30 && days != 90)
		days = 30;
	clock_sql(now - days * 86400, since, sizeof(since));
	err = sla_calendar_load(&cal, now);
	if (err)
		return nerr_pass(err);
	roles = calloc(REPORT_MAX_ROLES, sizeof(*roles));
	people = calloc(REPORT_MAX_PEOPLE, sizeof(*people));
	if (!roles || !people) {
		free(roles);
		free(people);
		return nerr_raise(NERR_NOMEM, "report");
	}
	string_init(&sql);
	err = string_append(&sql, "SELECT h.to_role, h.to_user_id, u.display_name, h.status,"
			    " DATE_FORMAT(h.sent_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(h.acked_at, '%Y-%m-%d %H:%i:%s'),"
			    " DATE_FORMAT(h.due_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(h.closed_at, '%Y-%m-%d %H:%i:%s')"
			    " FROM handoff h JOIN deal d ON d.id = h.deal_id JOIN users u ON u.id = h.to_user_id"
			    " WHERE h.sent_at >= ? AND ");
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "d.owner_id", "d.region_id", &sql, &scope);
	if (!err)
		err = string_append(&sql, " ORDER BY h.id LIMIT 20000");
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (!err) {
		db_bind_text(q, 1, since);
		db_bind_args(q, &scope, 2);
		while (db_step(q) == DB_ROW) {
			const char *status = db_col_text(q, 3);
			time_t sent = clock_parse(db_col_text(q, 4));
			time_t acked = db_col_text(q, 5) ? clock_parse(db_col_text(q, 5)) : (time_t)-1;
			time_t due = clock_parse(db_col_text(q, 6));
			time_t closed = db_col_text(q, 7) ? clock_parse(db_col_text(q, 7)) : (time_t)-1;
			struct agg *g[2];

			g[0] = agg_find(roles, &nr, REPORT_MAX_ROLES, 0, db_col_text(q, 0));
			g[1] = agg_find(people, &np, REPORT_MAX_PEOPLE, db_col_int(q, 1), db_col_text(q, 2));
			for (int k = 0; k < 2; k++) {
				if (!g[k])
					continue;
				snprintf(g[k]->role, sizeof(g[k]->role), "%s", db_col_text(q, 0));
				g[k]->sent++;
				if (acked != (time_t)-1 && sent != (time_t)-1) {
					g[k]->acked++;
					g[k]->ack_sum += (double)sla_work_seconds(&cal, sent, acked);
				}
				if (is_open(status) ? now > due : closed != (time_t)-1 && closed > due)
					g[k]->overdue++;
				if (!is_open(status))
					g[k]->closed++;
				if (!strcmp(status, "returned"))
					g[k]->returned++;
			}
		}
		err = db_finalize(q);
	}
	if (!err) err = agg_put(req, "Report.Roles", roles, nr);
	if (!err) err = agg_put(req, "Report.People", people, np);
	free(roles);
	free(people);
	if (!err) err = hdf_set_int_value(req->hdf, "Report.Days", (int)days);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "handoff-report");
	req->template_name = "handoff_report.cs";
	return nerr_pass(err);
}

/* ---- admin: the package types ----------------------------------------------------------------- */

NEOERR *admin_handoffs(REQUEST *req)
{
	DB_STMT *q;
	long long ids[HANDOFF_MAX_TYPES];
	int nt = 0;
	const char *done = request_param(req, "done");
	NEOERR *err;

	err = db_prepare(&q, "SELECT id, code, name, to_role, " HOURS_SQL("sla_hours") ", active FROM handoff_type"
			 " ORDER BY sort, id LIMIT 32");
	if (err)
		return nerr_pass(err);
	while (!err && nt < HANDOFF_MAX_TYPES && db_step(q) == DB_ROW) {
		static const char *const names[] = { "Id", "Code", "Name", "Role", "Hours", "Active" };
		HDF *row;

		ids[nt] = db_col_int(q, 0);
		err = render_row(req->hdf, "Types", nt++, &row);
		for (int i = 0; !err && i < 6; i++)
			err = hdf_set_value(row, names[i], db_col_text(q, i));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	for (int i = 0; !err && i < nt; i++) {
		STRING lines;
		char list[24];

		snprintf(list, sizeof(list), "Types.%d", i);
		err = db_prepare(&q, "SELECT label, required FROM handoff_item WHERE type_id = ? ORDER BY sort, id");
		if (err)
			break;
		db_bind_int(q, 1, ids[i]);
		string_init(&lines);
		while (!err && db_step(q) == DB_ROW)
			err = string_appendf(&lines, "%s%s%s", lines.len ? "\n" : "",
					     db_col_int(q, 1) ? "" : "? ", db_col_text(q, 0));
		if (err) {
			db_finalize(q);
			string_clear(&lines);
			break;
		}
		err = db_finalize(q);
		if (!err)
			err = hdf_set_value(hdf_get_obj(req->hdf, list), "Items", lines.len ? lines.buf : "");
		string_clear(&lines);
	}
	if (!err && done) err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-handoffs");
	req->template_name = "admin_handoffs.cs";
	return nerr_pass(err);
}

/* POST /admin/handoffs/#: name, hours, active, items (one per line, "? "
 * for optional).  The items are replaced; packages already sent keep the
 * labels they were sent with (handoff_part). */
NEOERR *admin_handoff_save(REQUEST *req)
{
	const char *name = request_param(req, "name");
	const char *hours = request_param(req, "hours");
	const char *active = request_param(req, "active");
	const char *items = request_param(req, "items");
	char labels[HANDOFF_MAX_ITEMS][101];
	int req_flags[HANDOFF_MAX_ITEMS], ni = 0, nreq = 0, too_many = 0;
	long long exists = 0;
	int found = 0;
	NEOERR *err;

	err = db_int_query(&exists, &found, "SELECT id FROM handoff_type WHERE id = ?", "i", req->ids[0]);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "handoff type %lld", req->ids[0]);
	if (err)
		return nerr_pass(err);
	for (const char *p = items ? items : ""; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char label[101];
		int r = handoff_item_line(p, len, label, sizeof(label));

		if (r >= 0) {
			if (ni < HANDOFF_MAX_ITEMS) {
				memcpy(labels[ni], label, sizeof(label));
				req_flags[ni++] = r;
				nreq += r;
			} else {
				too_many = 1;
			}
		}
		p += len + (e ? 1 : 0);
	}
	if (!err && (!name || !hours || atof(hours) <= 0 || atof(hours) > 720))
		err = hdf_set_value(req->hdf, name ? "Form.Errors.hours" : "Form.Errors.name",
				    name ? "Handoff.HoursRange" : "Valid.Required");
	if (!err && (too_many || !nreq))
		err = hdf_set_value(req->hdf, "Form.Errors.items", "Handoff.ItemsRule");
	if (!err && (hdf_get_obj(req->hdf, "Form.Errors") || req->param_errors)) {
		err = admin_handoffs(req);
		if (!err) err = hdf_set_int_value(req->hdf, "Form.TypeId", (int)req->ids[0]);
		req->status = 400;
		return nerr_pass(err);
	}
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE handoff_type SET name = ?, sla_hours = ?, active = ? WHERE id = ?",
			       "ttii", name, hours,
			       (long long)(active && strcmp(active, "0") && strcmp(active, "off")
					   && strcmp(active, "false")), req->ids[0]);
	if (!err)
		err = db_execf(NULL, "DELETE FROM handoff_item WHERE type_id = ?", "i", req->ids[0]);
	for (int i = 0; !err && i < ni; i++)
		err = db_execf(NULL, "INSERT INTO handoff_item (type_id, label, required, sort) VALUES (?, ?, ?, ?)",
			       "itii", req->ids[0], labels[i], (long long)req_flags[i], (long long)(i + 1));
	if (!err) {
		char after[160];
		struct audit_event ev = { "handoff_type.save", "handoff_type", req->ids[0], NULL, NULL, after };

		snprintf(after, sizeof(after), "sla_hours=%s items=%d required=%d", hours, ni, nreq);
		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/admin/handoffs?done=Saved");
	return nerr_pass(err);
}
