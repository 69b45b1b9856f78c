/* escalation.c — permission escalation requests and their circuit breaker
 * (R8.4), and the security role's alert list.
 *
 * A person asks for a capability, a wider read scope or one more region to
 * read, for 1–30 days, with a reason.  Their direct superior (or, for
 * people without one, anyone holding security.alerts) grants or refuses.
 * A grant is a permission_request row with status 'approved' and an
 * expiry; user.c adds live grants whenever it loads a person, so a grant
 * ends by itself — no scheduler.  An approver may grant only a capability
 * they hold themselves.
 *
 * The breaker: the 6th request by one person within an hour is refused,
 * opens a security alert, and pauses every further request of theirs until
 * someone with security.alerts resolves the alert.  All of it is audited.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "escalation.h"
#include "pages.h"
#include "render.h"
#include "user.h"

#define ESC_PER_HOUR 5
#define ESC_MAX_DAYS 30

/* Capabilities a person may ask for (administration, audit and the
 * controls themselves are never escalated). */
static const char *const escalatable[] = {
	"lead.read", "lead.edit", "lead.assign", "customer.read", "customer.edit",
	"customer.annotate", "deal.read", "deal.edit", "export.request", "field.reveal",
	"report.read", "people.read",
};
#define N_ESCALATABLE (sizeof(escalatable) / sizeof(escalatable[0]))

static const char *const wider_scopes[] = { "team", "subtree", "region", "all" };

int escalation_cap_ok(const char *cap)
{
	for (size_t i = 0; cap && i < N_ESCALATABLE; i++)
		if (!strcmp(cap, escalatable[i]))
			return 1;
	return 0;
}

int escalation_breaker_trips(long long requests_last_hour)
{
	return requests_last_hour >= ESC_PER_HOUR;
}

static NEOERR *form_error(REQUEST *req, const char *name, const char *key)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err) err = hdf_set_value(f, name, key);
	return nerr_pass(err);
}

#define ESC_COLS "p.id, p.kind, p.cap, p.scope, g.name, p.days, p.reason, p.status," \
	" p.created_at, p.decided_at, p.decision_reason, p.expires_at," \
	" p.status = 'approved' AND p.expires_at > UTC_TIMESTAMP(6), u.display_name, u.login"
#define ESC_FROM " FROM permission_request p JOIN users u ON u.id = p.user_id" \
	" LEFT JOIN region g ON g.id = p.region_id"

static NEOERR *esc_rows(REQUEST *req, const char *list, const char *sql, long long who)
{
	static const char *const names[] = {
		"Id", "Kind", "Cap", "Scope", "Region", "Days", "Reason", "Status", NULL, NULL,
		"DecisionReason", NULL, "Live", "Name", "Login",
	};
	DB_STMT *q;
	int n = 0;
	NEOERR *err = db_prepare(&q, sql);

	if (err)
		return nerr_pass(err);
	/* every ? is the same person */
	for (int i = 1, nq = 0; sql[nq]; nq++)
		if (sql[nq] == '?')
			db_bind_int(q, i++, who);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, list, n++, &row);
		for (int i = 0; !err && i < 15; i++)
			if (names[i])
				err = render_set(row, names[i], db_col_text(q, i));
		if (!err) err = render_set_time(req, row, "Created", db_col_text(q, 8));
		if (!err) err = render_set_time(req, row, "Decided", db_col_text(q, 9));
		if (!err) err = render_set_time(req, row, "Expires", db_col_text(q, 11));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

/* GET /escalations: the form, my requests and grants, my inbox. */
static NEOERR *esc_fill(REQUEST *req)
{
	NEOERR *err = STATUS_OK;
	long long paused = 0;

	for (size_t i = 0; !err && i < N_ESCALATABLE; i++) {
		HDF *row;

		err = render_row(req->hdf, "Esc.Caps", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", escalatable[i]);
		if (!err && user_can(req->user, escalatable[i])) err = hdf_set_value(row, "Held", "1");
	}
	for (size_t i = 0; !err && i < sizeof(wider_scopes) / sizeof(wider_scopes[0]); i++) {
		HDF *row;

		err = render_row(req->hdf, "Esc.Scopes", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", wider_scopes[i]);
	}
	if (!err)
		err = render_id_names(req->hdf, "Esc.Regions", "SELECT id, name FROM region ORDER BY code");
	if (!err)
		err = esc_rows(req, "Esc.Mine", "SELECT " ESC_COLS ESC_FROM
			       " WHERE p.user_id = ? ORDER BY p.id DESC LIMIT 30", req->user->id);
	if (!err && user_can(req->user, "escalation.approve"))
		err = esc_rows(req, "Esc.Inbox", "SELECT " ESC_COLS ESC_FROM
			       " WHERE p.status = 'pending' AND (p.approver_id = ? OR (p.approver_id IS NULL"
			       "  AND ? IN (SELECT u2.id FROM users u2 JOIN role_capability rc"
			       "   ON rc.role_id = u2.role_id AND rc.cap = 'security.alerts')))"
			       " ORDER BY p.id LIMIT 100", req->user->id);
	if (!err)
		err = db_int_query(&paused, NULL, "SELECT COUNT(*) FROM security_alert WHERE user_id = ?"
				   " AND kind = 'escalation_burst' AND resolved_at IS NULL", "i", req->user->id);
	if (!err && paused) err = hdf_set_value(req->hdf, "Esc.Paused", "1");
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "escalations");
	req->template_name = "escalations.cs";
	return nerr_pass(err);
}

NEOERR *escalations_page(REQUEST *req)
{
	NEOERR *err = render_set(req->hdf, "Page.Flash", request_param(req, "done"));

	if (!err)
		err = esc_fill(req);
	return nerr_pass(err);
}

/* The form again with what was typed. */
static NEOERR *esc_reshow(REQUEST *req, int status)
{
	static const char *const names[] = { "kind", "cap", "scope", "region", "days", "reason" };
	HDF *typed = hdf_get_obj(req->hdf, "Form.Typed");
	NEOERR *err = STATUS_OK;

	for (size_t i = 0; !err && i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = typed ? hdf_get_value(typed, names[i], NULL) : NULL;
		char path[40];

		snprintf(path, sizeof(path), "Esc.Form.%s", names[i]);
		err = render_set(req->hdf, path, v ? v : request_param(req, names[i]));
	}
	req->status = status;
	if (!err)
		err = esc_fill(req);
	return nerr_pass(err);
}

/* POST /escalations */
NEOERR *escalation_create(REQUEST *req)
{
	const char *kind = request_param(req, "kind");
	const char *cap = request_param(req, "cap");
	const char *scope = request_param(req, "scope");
	const char *reason = request_param(req, "reason");
	long long region = request_param_int(req, "region", 0);
	long long days = request_param_int(req, "days", 0);
	long long recent = 0, paused = 0, found = 0, manager = 0;
	unsigned long long id = 0;
	int bad = req->param_errors, tripped = 0;
	char what[120], where[48];
	NEOERR *err = STATUS_OK;

	if (!kind || (strcmp(kind, "cap") && strcmp(kind, "scope") && strcmp(kind, "region"))) {
		err = form_error(req, "kind", "Valid.Required");
		bad++;
	} else if (!strcmp(kind, "cap") && !escalation_cap_ok(cap)) {
		err = form_error(req, "cap", cap ? "Valid.Unknown" : "Valid.Required");
		bad++;
	} else if (!strcmp(kind, "scope") && user_scope_parse(scope) <= SCOPE_OWN) {
		err = form_error(req, "scope", scope ? "Valid.Unknown" : "Valid.Required");
		bad++;
	} else if (!strcmp(kind, "region")) {
		err = db_int_query(&found, NULL, "SELECT COUNT(*) FROM region WHERE id = ?", "i", region);
		if (!err && !found) {
			err = form_error(req, "region", "Valid.Required");
			bad++;
		}
	}
	if (!err && (days < 1 || days > ESC_MAX_DAYS) && !hdf_get_value(req->hdf, "Form.Errors.days", NULL)) {
		err = form_error(req, "days", "Esc.DaysRange");
		bad++;
	}
	if (!err && (!reason || !*reason) && !hdf_get_value(req->hdf, "Form.Errors.reason", NULL)) {
		err = form_error(req, "reason", "Valid.Required");
		bad++;
	}
	if (err)
		return nerr_pass(err);
	if (bad)
		return nerr_pass(esc_reshow(req, 400));

	snprintf(what, sizeof(what), "%s=%s days=%lld", kind,
		 !strcmp(kind, "cap") ? cap : !strcmp(kind, "scope") ? scope : "", days);
	if (!strcmp(kind, "region"))
		snprintf(what, sizeof(what), "region=%lld days=%lld", region, days);
	/* The person's row lock serialises their requests, so two at once
	 * cannot both be the 5th. */
	err = db_begin();
	if (!err)
		err = db_int_query(&manager, NULL, "SELECT COALESCE(manager_id, 0) FROM users WHERE id = ? FOR UPDATE",
				   "i", req->user->id);
	if (!err)
		err = db_int_query(&paused, NULL, "SELECT COUNT(*) FROM security_alert WHERE user_id = ?"
				   " AND kind = 'escalation_burst' AND resolved_at IS NULL", "i", req->user->id);
	if (!err && !paused)
		/* within the hour, and since security last lifted a pause */
		err = db_int_query(&recent, NULL, "SELECT COUNT(*) FROM permission_request WHERE user_id = ?"
				   " AND created_at > GREATEST(UTC_TIMESTAMP(6) - INTERVAL 1 HOUR,"
				   "  COALESCE((SELECT MAX(a.resolved_at) FROM security_alert a WHERE a.user_id = ?"
				   "  AND a.kind = 'escalation_burst'), '1970-01-01'))", "ii",
				   req->user->id, req->user->id);
	if (!err && paused) {
		struct audit_event ev = { "escalation.paused", "user", req->user->id, NULL, NULL, what };

		err = audit_log(req, &ev);
	} else if (!err && escalation_breaker_trips(recent)) {
		struct audit_event ev = { "escalation.breaker", "user", req->user->id, NULL, NULL, what };

		tripped = 1;
		err = db_execf(NULL, "INSERT INTO security_alert (kind, user_id, detail, created_at)"
			       " VALUES ('escalation_burst', ?, ?, UTC_TIMESTAMP(6))", "it",
			       req->user->id, what);
		if (!err)
			err = audit_log(req, &ev);
	} else if (!err) {
		err = db_execf(&id, "INSERT INTO permission_request (user_id, kind, cap, scope, region_id,"
			       " days, reason, approver_id, created_at)"
			       " VALUES (?, ?, ?, ?, NULLIF(?, 0), ?, ?, NULLIF(?, 0), UTC_TIMESTAMP(6))",
			       "itttiiti", req->user->id, kind, !strcmp(kind, "cap") ? cap : NULL,
			       !strcmp(kind, "scope") ? scope : NULL, !strcmp(kind, "region") ? region : 0LL,
			       days, reason, manager);
		if (!err) {
			struct audit_event ev = { "escalation.request", "escalation", (long long)id, NULL,
						  NULL, what };

			err = audit_log(req, &ev);
		}
	}
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	if (paused || tripped) {
		/* refused, and said so on the form (nothing typed is lost) */
		err = form_error(req, "reason", tripped ? "Esc.Tripped" : "Esc.PausedNow");
		if (!err)
			err = esc_reshow(req, 429);
		return nerr_pass(err);
	}
	snprintf(where, sizeof(where), "/escalations?done=EscRequested");
	return nerr_pass(request_redirect(req, where));
}

static NEOERR *esc_decide(REQUEST *req, int grant)
{
	long long id = req->ids[0];
	const char *reason = request_param(req, "reason");
	DB_STMT *q;
	long long requester = 0, approver = 0, days = 0;
	char status[16] = "", kind[8] = "", cap[41] = "";
	int found = 0;
	NEOERR *err = db_begin();

	if (!err)
		err = db_prepare(&q, "SELECT user_id, COALESCE(approver_id, 0), status, kind, COALESCE(cap, ''), days"
				 " FROM permission_request WHERE id = ? FOR UPDATE");
	if (!err) {
		db_bind_int(q, 1, id);
		if (db_step(q) == DB_ROW) {
			found = 1;
			requester = db_col_int(q, 0);
			approver = db_col_int(q, 1);
			snprintf(status, sizeof(status), "%s", db_col_text(q, 2));
			snprintf(kind, sizeof(kind), "%s", db_col_text(q, 3));
			snprintf(cap, sizeof(cap), "%s", db_col_text(q, 4));
			days = db_col_int(q, 5);
		}
		err = db_finalize(q);
	}
	/* the approver named on it, or (nobody named) the security role */
	if (!err && (!found || (approver ? approver != req->user->id
				  : !user_can(req->user, "security.alerts"))))
		err = nerr_raise(ERR_NOT_FOUND, "escalation %lld is not for this approver", id);
	if (!err && requester == req->user->id)
		err = nerr_raise(ERR_FORBIDDEN, "self-approval");
	if (!err && strcmp(status, "pending"))
		err = nerr_raise(ERR_CONFLICT, "escalation %lld already decided", id);
	if (!err && grant && !strcmp(kind, "cap") && !user_can(req->user, cap))
		err = nerr_raise(ERR_FORBIDDEN, "cannot grant %s without holding it", cap);
	if (!err && grant)
		err = db_execf(NULL, "UPDATE permission_request SET status = 'approved', decided_by = ?,"
			       " decided_at = UTC_TIMESTAMP(6), decision_reason = ?,"
			       " expires_at = UTC_TIMESTAMP(6) + INTERVAL ? DAY WHERE id = ?", "itii",
			       req->user->id, reason, days, id);
	else if (!err)
		err = db_execf(NULL, "UPDATE permission_request SET status = 'refused', decided_by = ?,"
			       " decided_at = UTC_TIMESTAMP(6), decision_reason = ? WHERE id = ?", "iti",
			       req->user->id, reason, id);
	if (!err) {
		struct audit_event ev = { grant ? "escalation.grant" : "escalation.refuse", "escalation",
					  id, NULL, NULL, reason };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, grant ? "/escalations?done=EscGranted"
					     : "/escalations?done=EscRefused");
	return nerr_pass(err);
}

NEOERR *escalation_grant(REQUEST *req) { return nerr_pass(esc_decide(req, 1)); }
NEOERR *escalation_refuse(REQUEST *req) { return nerr_pass(esc_decide(req, 0)); }

/* GET /security/alerts */
NEOERR *alerts_page(REQUEST *req)
{
	static const char *const names[] = {
		"Id", "Kind", "Login", "Name", "Detail", NULL, NULL, "Resolver", "Open",
	};
	DB_STMT *q;
	int n = 0;
	NEOERR *err = render_set(req->hdf, "Page.Flash", request_param(req, "done"));

	if (!err)
		err = db_prepare(&q, "SELECT a.id, a.kind, u.login, u.display_name, a.detail, a.created_at,"
				 " a.resolved_at, r.display_name, a.resolved_at IS NULL"
				 " FROM security_alert a JOIN users u ON u.id = a.user_id"
				 " LEFT JOIN users r ON r.id = a.resolved_by"
				 " ORDER BY a.resolved_at IS NULL DESC, a.id DESC LIMIT 200");
	if (err)
		return nerr_pass(err);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Alerts", n++, &row);
		for (int i = 0; !err && i < 9; i++)
			if (names[i])
				err = render_set(row, names[i], db_col_text(q, i));
		if (!err) err = render_set_time(req, row, "Created", db_col_text(q, 5));
		if (!err) err = render_set_time(req, row, "Resolved", db_col_text(q, 6));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "alerts");
	req->template_name = "alerts.cs";
	return nerr_pass(err);
}

/* POST /security/alerts/#/resolve: lifts the pause. */
NEOERR *alert_resolve(REQUEST *req)
{
	DB_STMT *q;
	unsigned long long changed = 0;
	NEOERR *err = db_begin();

	if (!err)
		err = db_prepare(&q, "UPDATE security_alert SET resolved_at = UTC_TIMESTAMP(6), resolved_by = ?"
				 " WHERE id = ? AND resolved_at IS NULL");
	if (!err) {
		db_bind_int(q, 1, req->user->id);
		db_bind_int(q, 2, req->ids[0]);
		db_step(q);
		changed = db_affected(q);
		err = db_finalize(q);
	}
	if (!err && !changed)
		err = nerr_raise(ERR_CONFLICT, "alert %lld not open", req->ids[0]);
	if (!err) {
		struct audit_event ev = { "security.alert_resolve", "security_alert", req->ids[0], NULL,
					  NULL, request_param(req, "reason") };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/security/alerts?done=AlertResolved");
	return nerr_pass(err);
}
