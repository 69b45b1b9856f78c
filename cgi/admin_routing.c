/* admin_routing.c — routing pages: rules with conflict flags, the
 * unassigned queue, assignment health and fairness, the job page, and the
 * "why this person" part of the lead page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "lead.h"
#include "pages.h"
#include "render.h"
#include "routing.h"
#include "scheduler.h"

#define MAX_RULES 200

/* ---- rules ---------------------------------------------------------------- */

struct rule_row {
	struct routing_cond c;
	char industry[41], tier[8];
	int active;
};

/* Conflict flags on every rule row (Rules.N.Same / Shadowed / NoTarget). */
static NEOERR *rules_flag_conflicts(REQUEST *req, struct rule_row *r, int n)
{
	NEOERR *err = STATUS_OK;

	for (int i = 0; i < n; i++) {
		r[i].c.industry = r[i].industry;
		r[i].c.tier = r[i].tier;
	}
	for (int j = 0; !err && j < n; j++) {
		HDF *row = hdf_get_child(req->hdf, "Rules");

		for (int k = 0; row && k < j; k++)
			row = hdf_obj_next(row);
		if (!row || !r[j].active)
			continue;
		for (int i = 0; !err && i < n; i++) {
			int rel;
			char who[24];

			if (i == j || !r[i].active)
				continue;
			/* i is tried before j when its priority is smaller, or equal
			 * with a smaller id */
			if (r[i].c.priority > r[j].c.priority ||
			    (r[i].c.priority == r[j].c.priority && r[i].c.id > r[j].c.id))
				continue;
			rel = routing_relation(&r[i].c, &r[j].c);
			snprintf(who, sizeof(who), "%lld", r[i].c.id);
			if (rel == ROUTING_SAME)
				err = hdf_set_value(row, "Same", who);
			else if (rel == ROUTING_SHADOWS && !hdf_get_value(row, "Shadowed", NULL))
				err = hdf_set_value(row, "Shadowed", who);
		}
	}
	return nerr_pass(err);
}

/* How many of a rule's target people are eligible right now (active,
 * certificate valid, under the cap, in the rule's region, and for the
 * new-hire pool hired within ROUTING_NEW_HIRE_DAYS, as routing_evaluate
 * decides). */
#define ROUTING_STR(x) #x
#define ROUTING_XSTR(x) ROUTING_STR(x)
#define ELIGIBLE_SQL \
	"(SELECT COUNT(*) FROM users u JOIN role ro ON ro.id = u.role_id" \
	" WHERE ((r.target_kind = 'user' AND u.id = r.target_user_id)" \
	"  OR (r.target_kind = 'team' AND u.team_id = r.target_team_id AND ro.code IN ('sales_rep', 'team_lead'))" \
	"  OR (r.target_kind = 'pool' AND ro.code = 'sales_rep' AND (r.cond_region_id IS NULL OR u.region_id <=> r.cond_region_id)))" \
	" AND u.status = 'active' AND u.cert_expires >= UTC_DATE()" \
	" AND (r.strategy <> 'new_hire' OR DATEDIFF(UTC_DATE(), u.hire_date)" \
	"      BETWEEN 0 AND " ROUTING_XSTR(ROUTING_NEW_HIRE_DAYS) ")" \
	" AND (r.cond_region_id IS NULL OR u.region_id <=> r.cond_region_id)" \
	" AND COALESCE((SELECT ul.open_load FROM user_load ul WHERE ul.user_id = u.id), 0) < u.load_cap)"

static NEOERR *rules_fill(REQUEST *req)
{
	struct rule_row *rows;
	int n = 0;
	DB_STMT *q;
	NEOERR *err;
	size_t ni;
	const char *const *inds = lead_industries(&ni);

	rows = calloc(MAX_RULES, sizeof(*rows));
	if (!rows)
		return nerr_raise(NERR_NOMEM, "rules");
	err = db_prepare(&q, "SELECT r.id, r.name, r.priority, r.active, g.name, r.cond_industry,"
			 " ch.name, r.cond_tier, r.cond_hour_from, r.cond_hour_to, r.target_kind,"
			 " tu.display_name, tt.name, r.strategy, r.w_speed, r.w_conversion, r.w_load, "
			 ELIGIBLE_SQL ", COALESCE(r.cond_region_id, 0), COALESCE(r.cond_channel_id, 0),"
			 " COALESCE(r.cond_hour_from, -1), COALESCE(r.cond_hour_to, -1)"
			 " FROM routing_rule r LEFT JOIN region g ON g.id = r.cond_region_id"
			 " LEFT JOIN channel ch ON ch.id = r.cond_channel_id"
			 " LEFT JOIN users tu ON tu.id = r.target_user_id"
			 " LEFT JOIN team tt ON tt.id = r.target_team_id"
			 " ORDER BY r.priority, r.id LIMIT 200");
	if (err) {
		free(rows);
		return nerr_pass(err);
	}
	while (!err && n < MAX_RULES && db_step(q) == DB_ROW) {
		static const char *const names[] = {
			"Id", "Name", "Priority", "Active", "Region", "Industry", "Channel", "Tier",
			"HourFrom", "HourTo", "TargetKind", "TargetUser", "TargetTeam", "Strategy",
			"WSpeed", "WConv", "WLoad", "Eligible",
		};
		struct rule_row *r = &rows[n];
		HDF *row;

		err = render_row(req->hdf, "Rules", n, &row);
		for (int i = 0; !err && i < 18; i++)
			err = render_set(row, names[i], db_col_text(q, i));
		r->c.id = db_col_int(q, 0);
		r->c.priority = (int)db_col_int(q, 2);
		r->active = (int)db_col_int(q, 3);
		snprintf(r->industry, sizeof(r->industry), "%s", db_col_text(q, 5) ? db_col_text(q, 5) : "");
		snprintf(r->tier, sizeof(r->tier), "%s", db_col_text(q, 7) ? db_col_text(q, 7) : "");
		r->c.region_id = db_col_int(q, 18);
		r->c.channel_id = db_col_int(q, 19);
		r->c.hour_from = (int)db_col_int(q, 20);
		r->c.hour_to = (int)db_col_int(q, 21);
		if (!err && r->active && db_col_int(q, 17) == 0)
			err = hdf_set_value(row, "NoTarget", "1");
		n++;
	}
	if (err) {
		db_finalize(q);
		free(rows);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err)
		err = rules_flag_conflicts(req, rows, n);
	free(rows);
	if (!err)
		err = render_id_names(req->hdf, "Regions", "SELECT id, name FROM region ORDER BY id");
	if (!err)
		err = render_id_names(req->hdf, "Channels", "SELECT id, name FROM channel ORDER BY id");
	if (!err)
		err = render_id_names(req->hdf, "Teams", "SELECT id, name FROM team ORDER BY id");
	if (!err)
		err = render_id_names(req->hdf, "People", "SELECT u.id, u.display_name FROM users u"
				      " JOIN role r ON r.id = u.role_id WHERE u.status <> 'departed'"
				      " AND r.code IN ('sales_rep', 'team_lead', 'regional_manager')"
				      " ORDER BY u.id");
	for (size_t i = 0; !err && i < ni; i++) {
		HDF *row;

		err = render_row(req->hdf, "Industries", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", inds[i]);
	}
	for (int i = 0; !err && i < RS_COUNT; i++) {
		HDF *row;

		err = render_row(req->hdf, "Strategies", i, &row);
		if (!err) err = hdf_set_value(row, "Code", routing_strategy_name(i));
	}
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-routing");
	req->template_name = "admin_routing.cs";
	return nerr_pass(err);
}

static NEOERR *rule_defaults(REQUEST *req)
{
	HDF *e;
	NEOERR *err = hdf_get_node(req->hdf, "Edit", &e);

	if (!err) err = hdf_set_value(e, "priority", "100");
	if (!err) err = hdf_set_value(e, "active", "1");
	if (!err) err = hdf_set_value(e, "target_kind", "pool");
	if (!err) err = hdf_set_value(e, "strategy", "weighted");
	if (!err) err = hdf_set_value(e, "w_speed", "0.40");
	if (!err) err = hdf_set_value(e, "w_conversion", "0.35");
	if (!err) err = hdf_set_value(e, "w_load", "0.25");
	return nerr_pass(err);
}

NEOERR *admin_routing(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	if (!err)
		err = rule_defaults(req);
	if (!err)
		err = rules_fill(req);
	return nerr_pass(err);
}

static const char *const rule_cols[] = {
	"name", "priority", "active", "region", "industry", "channel", "tier", "hour_from",
	"hour_to", "target_kind", "target_user", "target_team", "strategy", "w_speed",
	"w_conversion", "w_load",
};
#define N_RULE_COLS (sizeof(rule_cols) / sizeof(rule_cols[0]))

NEOERR *admin_routing_edit(REQUEST *req)
{
	const char *done = request_param(req, "done");
	DB_STMT *q;
	HDF *e;
	int found = 0;
	NEOERR *err = hdf_get_node(req->hdf, "Edit", &e);

	if (!err && done)
		err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err)
		err = db_prepare(&q, "SELECT name, priority, active, cond_region_id, cond_industry,"
				 " cond_channel_id, cond_tier, cond_hour_from, cond_hour_to, target_kind,"
				 " target_user_id, target_team_id, strategy, w_speed, w_conversion, w_load"
				 " FROM routing_rule WHERE id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->ids[0]);
	if (db_step(q) == DB_ROW) {
		found = 1;
		for (size_t i = 0; !err && i < N_RULE_COLS; i++)
			err = render_set(e, rule_cols[i], db_col_text(q, (int)i));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "rule %lld", req->ids[0]);
	if (!err)
		err = hdf_set_int_value(e, "id", (int)req->ids[0]);
	if (!err)
		err = rules_fill(req);
	return nerr_pass(err);
}

static NEOERR *form_error(REQUEST *req, const char *field, const char *key, int *bad)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err && !hdf_get_value(f, field, NULL))
		err = hdf_set_value(f, field, key);
	(*bad)++;
	return nerr_pass(err);
}

/* Checks the rule form: name, a known strategy and target, a target id for
 * user/team, hours 0..24, weights summing to 1. */
static NEOERR *rule_form_check(REQUEST *req, int *bad)
{
	const char *kind = request_param(req, "target_kind");
	const char *strategy = request_param(req, "strategy");
	const char *tier = request_param(req, "tier");
	const char *ind = request_param(req, "industry");
	NEOERR *err = STATUS_OK;
	double w = 0;

	*bad = req->param_errors;
	if (!request_param(req, "name") && !hdf_get_value(req->hdf, "Form.Errors.name", NULL))
		err = form_error(req, "name", "Valid.Required", bad);
	if (!err && (!kind || (strcmp(kind, "user") && strcmp(kind, "team") && strcmp(kind, "pool"))))
		err = form_error(req, "target_kind", "Valid.Unknown", bad);
	if (!err && kind && !strcmp(kind, "user") && !request_param(req, "target_user"))
		err = form_error(req, "target_user", "Valid.Required", bad);
	if (!err && kind && !strcmp(kind, "team") && !request_param(req, "target_team"))
		err = form_error(req, "target_team", "Valid.Required", bad);
	if (!err && routing_strategy_parse(strategy) < 0)
		err = form_error(req, "strategy", "Valid.Unknown", bad);
	if (!err && tier && strcmp(tier, "high") && strcmp(tier, "medium") && strcmp(tier, "low"))
		err = form_error(req, "tier", "Valid.Unknown", bad);
	if (!err && ind) {
		size_t ni, i;
		const char *const *inds = lead_industries(&ni);

		for (i = 0; i < ni && strcmp(inds[i], ind); i++)
			;
		if (i == ni)
			err = form_error(req, "industry", "Valid.Unknown", bad);
	}
	for (int h = 0; !err && h < 2; h++) {
		const char *name = h ? "hour_to" : "hour_from";
		const char *v = request_param(req, name);

		if (v && (atoi(v) < 0 || atoi(v) > 24))
			err = form_error(req, name, "Routing.HourRange", bad);
	}
	if (!err && (!request_param(req, "hour_from")) != (!request_param(req, "hour_to")))
		err = form_error(req, "hour_to", "Routing.HourBoth", bad);
	w = strtod(request_param(req, "w_speed") ? request_param(req, "w_speed") : "0.40", NULL) +
	    strtod(request_param(req, "w_conversion") ? request_param(req, "w_conversion") : "0.35", NULL) +
	    strtod(request_param(req, "w_load") ? request_param(req, "w_load") : "0.25", NULL);
	if (!err && (w < 0.995 || w > 1.005))
		err = form_error(req, "w_load", "Routing.WeightsSum", bad);
	{
		const char *p = request_param(req, "priority");

		if (!err && p && (atoi(p) < 0 || atoi(p) > 100000))
			err = form_error(req, "priority", "Valid.Int", bad);
	}
	return nerr_pass(err);
}

static NEOERR *rule_reshow(REQUEST *req, long long id)
{
	HDF *e, *typed = hdf_get_obj(req->hdf, "Form.Typed");
	NEOERR *err = hdf_get_node(req->hdf, "Edit", &e);

	for (size_t i = 0; !err && i < N_RULE_COLS; i++) {
		const char *v = typed ? hdf_get_value(typed, rule_cols[i], NULL) : NULL;

		if (!v)
			v = request_param(req, rule_cols[i]);
		err = render_set(e, rule_cols[i], v ? v : "");
	}
	if (!err && id)
		err = hdf_set_int_value(e, "id", (int)id);
	req->status = 400;
	if (!err)
		err = rules_fill(req);
	return nerr_pass(err);
}

static const char *opt(REQUEST *req, const char *name)
{
	const char *v = request_param(req, name);

	return v && *v ? v : NULL;
}

/* Binds the form's 16 values in rule_cols order. */
static void rule_bind(REQUEST *req, DB_STMT *q)
{
	const char *kind = request_param(req, "target_kind");

	db_bind_text(q, 1, request_param(req, "name"));
	db_bind_int(q, 2, opt(req, "priority") ? atoi(opt(req, "priority")) : 100);
	db_bind_int(q, 3, request_param(req, "active") != NULL);
	db_bind_text(q, 4, opt(req, "region"));
	db_bind_text(q, 5, opt(req, "industry"));
	db_bind_text(q, 6, opt(req, "channel"));
	db_bind_text(q, 7, opt(req, "tier"));
	db_bind_text(q, 8, opt(req, "hour_from"));
	db_bind_text(q, 9, opt(req, "hour_to"));
	db_bind_text(q, 10, kind);
	db_bind_text(q, 11, !strcmp(kind, "user") ? opt(req, "target_user") : NULL);
	db_bind_text(q, 12, !strcmp(kind, "team") ? opt(req, "target_team") : NULL);
	db_bind_text(q, 13, request_param(req, "strategy"));
	db_bind_text(q, 14, opt(req, "w_speed") ? opt(req, "w_speed") : "0.40");
	db_bind_text(q, 15, opt(req, "w_conversion") ? opt(req, "w_conversion") : "0.35");
	db_bind_text(q, 16, opt(req, "w_load") ? opt(req, "w_load") : "0.25");
}

static void rule_describe(REQUEST *req, char *out, size_t n)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < N_RULE_COLS && o < n; i++) {
		const char *v = opt(req, rule_cols[i]);

		if (v)
			o += (size_t)snprintf(out + o, n - o, "%s%s=%s", o ? " " : "", rule_cols[i], v);
	}
}

NEOERR *admin_routing_create(REQUEST *req)
{
	unsigned long long id = 0;
	char after[600];
	int bad = 0;
	DB_STMT *q;
	NEOERR *err = rule_form_check(req, &bad);

	if (!err && bad)
		return nerr_pass(rule_reshow(req, 0));
	if (!err)
		err = db_begin();
	if (!err)
		err = db_prepare(&q, "INSERT INTO routing_rule (name, priority, active, cond_region_id,"
				 " cond_industry, cond_channel_id, cond_tier, cond_hour_from, cond_hour_to,"
				 " target_kind, target_user_id, target_team_id, strategy, w_speed,"
				 " w_conversion, w_load, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?,"
				 " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
	if (!err) {
		rule_bind(req, q);
		db_step(q);
		id = db_insert_id(q);
		err = db_finalize(q);
	}
	rule_describe(req, after, sizeof(after));
	if (!err) {
		struct audit_event ev = { "routing.rule.create", "routing_rule", (long long)id, NULL,
					  NULL, after };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/admin/routing?done=Saved");
	return nerr_pass(err);
}

NEOERR *admin_routing_save(REQUEST *req)
{
	long long id = req->ids[0], found = 0;
	char after[600], path[64];
	int bad = 0;
	DB_STMT *q;
	NEOERR *err = rule_form_check(req, &bad);

	if (!err && bad)
		return nerr_pass(rule_reshow(req, id));
	if (!err)
		err = db_begin();
	if (!err)
		err = db_int_query(&found, NULL, "SELECT COUNT(*) FROM routing_rule WHERE id = ? FOR UPDATE",
				   "i", id);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "rule %lld", id);
	if (!err)
		err = db_prepare(&q, "UPDATE routing_rule SET name = ?, priority = ?, active = ?,"
				 " cond_region_id = ?, cond_industry = ?, cond_channel_id = ?, cond_tier = ?,"
				 " cond_hour_from = ?, cond_hour_to = ?, target_kind = ?, target_user_id = ?,"
				 " target_team_id = ?, strategy = ?, w_speed = ?, w_conversion = ?,"
				 " w_load = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?");
	if (!err) {
		rule_bind(req, q);
		db_bind_int(q, 17, id);
		db_step(q);
		err = db_finalize(q);
	}
	rule_describe(req, after, sizeof(after));
	if (!err) {
		struct audit_event ev = { "routing.rule.update", "routing_rule", id, NULL, NULL, after };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	snprintf(path, sizeof(path), "/admin/routing/%lld?done=Saved", id);
	if (!err)
		err = request_redirect(req, path);
	return nerr_pass(err);
}

/* ---- the unassigned queue ---------------------------------------------- */

#define QUEUE_PAGE 200   /* rows a page; ?page=N for the rest */

NEOERR *routing_queue_page(REQUEST *req)
{
	static const char *const names[] = { "Id", "Channel", "Tier", "Region", "Reason", "Attempts", NULL, NULL };
	const char *done = request_param(req, "done");
	long long page = request_param_int(req, "page", 1), total = 0;
	DB_STMT *q;
	int i = 0;
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	if (req->param_errors)
		return nerr_raise(ERR_BAD_REQUEST, "page");
	if (!err)
		err = db_int_query(&total, NULL, "SELECT COUNT(*) FROM routing_queue", NULL);
	if (!err) err = hdf_set_int_value(req->hdf, "QueuePage.Total", (int)total);
	if (!err)
		err = db_prepare(&q, "SELECT l.id, c.name, l.tier, g.name, rq.reason, rq.attempts,"
				 " rq.queued_at, rq.last_try_at FROM routing_queue rq"
				 " JOIN lead l ON l.id = rq.lead_id JOIN channel c ON c.id = l.channel_id"
				 " LEFT JOIN region g ON g.id = l.region_id"
				 /* leads no rule could place need a person: before imports
				  * that only wait for their first pass */
				 " ORDER BY rq.reason = 'pending', rq.queued_at, rq.lead_id"
				 " LIMIT ? OFFSET ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, QUEUE_PAGE + 1);
	db_bind_int(q, 2, (page - 1) * QUEUE_PAGE);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		if (i == QUEUE_PAGE) {
			err = hdf_set_int_value(req->hdf, "Pager.Next", (int)page + 1);
			break;
		}
		err = render_row(req->hdf, "Queue", i++, &row);
		for (int k = 0; !err && k < 6; k++)
			if (names[k])
				err = render_set(row, names[k], db_col_text(q, k));
		if (!err) err = render_set_time(req, row, "Queued", db_col_text(q, 6));
		if (!err) err = render_set_time(req, row, "LastTry", db_col_text(q, 7));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && page > 1) err = hdf_set_int_value(req->hdf, "Pager.Prev", (int)page - 1);
	if (!err && i) err = hdf_set_int_value(req->hdf, "QueuePage.From", (int)((page - 1) * QUEUE_PAGE + 1));
	if (!err && i) err = hdf_set_int_value(req->hdf, "QueuePage.To", (int)((page - 1) * QUEUE_PAGE + i));
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "routing-queue");
	req->template_name = "routing_queue.cs";
	return nerr_pass(err);
}

/* Retries one queued lead (ids[0]) or, with no id, the whole queue. */
NEOERR *routing_queue_retry(REQUEST *req)
{
	long long owner = 0;
	int placed = 0, left = 0;
	char after[64];
	NEOERR *err;

	if (req->nids > 0) {
		long long queued = 0;

		err = db_begin();
		if (!err)
			err = db_int_query(&queued, NULL, "SELECT COUNT(*) FROM routing_queue WHERE lead_id = ?",
					   "i", req->ids[0]);
		if (!err && !queued)
			err = nerr_raise(ERR_NOT_FOUND, "lead %lld not queued", req->ids[0]);
		if (!err)
			err = routing_assign(req->ids[0], "retry", &owner);
		snprintf(after, sizeof(after), "%s", owner ? "placed" : "waiting");
		if (!err) {
			struct audit_event ev = { "routing.retry", "lead", req->ids[0], NULL, NULL, after };

			err = audit_log(req, &ev);
		}
		err = db_finish(err);
	} else {
		err = routing_retry_queue(1, &placed, &left);
		snprintf(after, sizeof(after), "placed=%d waiting=%d", placed, left);
		if (!err) {
			struct audit_event ev = { "routing.retry", NULL, 0, NULL, NULL, after };

			err = audit_log(req, &ev);
		}
	}
	if (!err)
		err = request_redirect(req, "/routing/queue?done=Retried");
	return nerr_pass(err);
}

/* ---- health and fairness ----------------------------------------------- */

#define HEAT_DAYS 14

NEOERR *routing_health(REQUEST *req)
{
	DB_STMT *q = NULL;
	HDF *h;
	int people = 0;
	long long counts[64][HEAT_DAYS];
	long long ids[64], max = 0;
	NEOERR *err = hdf_get_node(req->hdf, "Health", &h);

	/* success: leads placed when they arrived, over 30 days */
	if (!err)
		err = db_prepare(&q, "SELECT COUNT(*), COALESCE(SUM(outcome = 'assigned'), 0),"
				 " (SELECT COUNT(*) FROM routing_decision WHERE via = 'retry'"
				 "  AND at > UTC_TIMESTAMP() - INTERVAL 30 DAY),"
				 " (SELECT COUNT(*) FROM routing_queue)"
				 " FROM routing_decision WHERE via = 'create' AND at > UTC_TIMESTAMP() - INTERVAL 30 DAY");
	if (err)
		return nerr_pass(err);
	if (db_step(q) == DB_ROW) {
		long long total = db_col_int(q, 0), ok = db_col_int(q, 1);

		err = hdf_set_value(h, "Routed", db_col_text(q, 0));
		if (!err) err = hdf_set_value(h, "Placed", db_col_text(q, 1));
		if (!err) err = hdf_set_value(h, "PlacedLater", db_col_text(q, 2));
		if (!err) err = hdf_set_value(h, "Waiting", db_col_text(q, 3));
		if (!err) err = hdf_set_int_value(h, "SuccessPct", total ? (int)(ok * 100 / total) : 100);
	}
	db_finalize(q);
	/* failures by rule: decisions where the rule matched but placed nobody */
	if (!err)
		err = db_prepare(&q, "SELECT r.id, r.name, (SELECT COUNT(*) FROM routing_decision d"
				 " WHERE FIND_IN_SET(r.id, d.failed_rules) AND d.at > UTC_TIMESTAMP() - INTERVAL 30 DAY),"
				 " (SELECT COUNT(*) FROM routing_decision d WHERE d.rule_id = r.id"
				 "  AND d.at > UTC_TIMESTAMP() - INTERVAL 30 DAY)"
				 " FROM routing_rule r ORDER BY r.priority, r.id LIMIT 200");
	if (!err) {
		static const char *const names[] = { "Id", "Name", "Failed", "Placed" };

		err = render_rows(req->hdf, "Health.Rules", q, names, 4, NULL);
	}
	/* the heat map: leads received per rep per day, the last 14 days */
	memset(counts, 0, sizeof(counts));
	if (!err)
		err = db_prepare(&q, "SELECT u.id, u.display_name FROM users u JOIN role r ON r.id = u.role_id"
				 " WHERE r.code IN ('sales_rep', 'team_lead') AND u.status <> 'departed'"
				 " ORDER BY u.id LIMIT 64");
	while (!err && db_step(q) == DB_ROW && people < 64) {
		HDF *row;

		ids[people] = db_col_int(q, 0);
		err = render_row(req->hdf, "Heat.People", people, &row);
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		if (!err) err = hdf_set_int_value(row, "Y", 24 + people * 22);
		people++;
	}
	if (!err)
		err = db_finalize(q);
	if (!err)
		err = db_prepare(&q, "SELECT owner_id, DATEDIFF(UTC_DATE(), DATE(at)), COUNT(*)"
				 " FROM routing_decision WHERE outcome = 'assigned'"
				 " AND at >= UTC_DATE() - INTERVAL 13 DAY GROUP BY owner_id, DATE(at)");
	while (!err && db_step(q) == DB_ROW) {
		long long uid = db_col_int(q, 0), ago = db_col_int(q, 1);

		for (int p = 0; p < people; p++)
			if (ids[p] == uid && ago >= 0 && ago < HEAT_DAYS) {
				counts[p][HEAT_DAYS - 1 - ago] = db_col_int(q, 2);
				if (db_col_int(q, 2) > max)
					max = db_col_int(q, 2);
			}
	}
	if (!err)
		err = db_finalize(q);
	for (int p = 0, k = 0; !err && p < people; p++)
		for (int d = 0; !err && d < HEAT_DAYS; d++) {
			HDF *cell;
			long long c = counts[p][d];

			err = render_row(req->hdf, "Heat.Cells", k++, &cell);
			if (!err) err = hdf_set_int_value(cell, "X", 110 + d * 16);
			if (!err) err = hdf_set_int_value(cell, "Y", 12 + p * 22);
			if (!err) err = hdf_set_int_value(cell, "N", (int)c);
			/* five shades: 0, then quarters of the busiest day */
			if (!err) err = hdf_set_int_value(cell, "Level",
				c == 0 ? 0 : max <= 1 ? 4 : (int)(1 + (c - 1) * 3 / (max - 1)));
		}
	if (!err) err = hdf_set_int_value(req->hdf, "Heat.Height", 20 + people * 22);
	if (!err) err = hdf_set_int_value(req->hdf, "Heat.Max", (int)max);
	/* fairness: share of high-intent leads per rep (30 days), and each new
	 * hire's first-week leads against the team's average for that week */
	q = NULL;
	if (!err)
		err = db_prepare(&q, "SELECT u.id, u.display_name, t.name,"
				 " (SELECT COUNT(*) FROM lead l WHERE l.owner_id = u.id AND l.tier = 'high'"
				 "  AND l.created_at > UTC_TIMESTAMP() - INTERVAL 30 DAY),"
				 " (SELECT COUNT(*) FROM lead l WHERE l.tier = 'high' AND l.owner_id IS NOT NULL"
				 "  AND l.created_at > UTC_TIMESTAMP() - INTERVAL 30 DAY),"
				 " IF(u.hire_date > UTC_DATE() - INTERVAL 90 DAY, 1, 0),"
				 " (SELECT COUNT(*) FROM routing_decision d WHERE d.owner_id = u.id"
				 "  AND d.at >= u.hire_date AND d.at < u.hire_date + INTERVAL 7 DAY),"
				 " (SELECT COUNT(*) / GREATEST(COUNT(DISTINCT m.id), 1) FROM users m"
				 "  LEFT JOIN routing_decision d ON d.owner_id = m.id AND d.at >= u.hire_date"
				 "  AND d.at < u.hire_date + INTERVAL 7 DAY"
				 "  WHERE m.team_id = u.team_id AND m.id <> u.id AND m.status = 'active')"
				 " FROM users u JOIN role r ON r.id = u.role_id LEFT JOIN team t ON t.id = u.team_id"
				 " WHERE r.code = 'sales_rep' AND u.status <> 'departed' ORDER BY u.id LIMIT 500");
	for (int i = 0; !err && db_step(q) == DB_ROW; i++) {
		long long mine = db_col_int(q, 3), all = db_col_int(q, 4);
		HDF *row;

		err = render_row(req->hdf, "Fair", i, &row);
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		if (!err) err = render_set(row, "Team", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "High", db_col_text(q, 3));
		if (!err) err = hdf_set_int_value(row, "SharePct", all ? (int)(mine * 100 / all) : 0);
		if (!err && db_col_int(q, 5)) {
			double avg = db_col_double(q, 7), got = db_col_double(q, 6);
			char ratio[16];

			err = hdf_set_value(row, "NewHire", "1");
			snprintf(ratio, sizeof(ratio), "%.2f", avg > 0 ? got / avg : 1.0);
			if (!err) err = hdf_set_value(row, "FirstWeek", db_col_text(q, 6));
			if (!err) err = hdf_set_value(row, "Ratio", ratio);
			if (!err && avg > 0 && got / avg < 0.8)
				err = hdf_set_value(row, "Flag", "1");
		}
	}
	if (q) {
		NEOERR *f = db_finalize(q);

		if (!err)
			err = f;
		else
			nerr_ignore(&f);
	}
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "routing-health");
	req->template_name = "routing_health.cs";
	return nerr_pass(err);
}

/* ---- the scheduler's page ---------------------------------------------- */

NEOERR *admin_jobs(REQUEST *req)
{
	size_t n;
	const struct scheduler_job *jobs = scheduler_jobs(&n);
	const char *done = request_param(req, "done");
	DB_STMT *q;
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	for (size_t i = 0; !err && i < n; i++) {
		HDF *row;

		err = render_row(req->hdf, "Jobs", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Name", jobs[i].name);
		if (!err) err = hdf_set_int_value(row, "Every", jobs[i].every_seconds);
		if (!err)
			err = db_prepare(&q, "SELECT started_at, duration_ms, ok, summary, error, host"
					 " FROM job_run WHERE job = ? ORDER BY id DESC LIMIT 1");
		if (err)
			break;
		db_bind_text(q, 1, jobs[i].name);
		if (db_step(q) == DB_ROW) {
			err = render_set_time(req, row, "Last", db_col_text(q, 0));
			if (!err) err = hdf_set_value(row, "Ms", db_col_text(q, 1));
			if (!err) err = hdf_set_value(row, "Ok", db_col_text(q, 2));
			if (!err) err = hdf_set_value(row, "Summary", db_col_text(q, 3));
			if (!err) err = render_set(row, "Error", db_col_text(q, 4));
			if (!err) err = hdf_set_value(row, "Host", db_col_text(q, 5));
		}
		if (err)
			db_finalize(q);
		else
			err = db_finalize(q);
	}
	if (!err)
		err = db_prepare(&q, "SELECT id, job, started_at, duration_ms, ok, summary, error, host"
				 " FROM job_run ORDER BY id DESC LIMIT 50");
	for (int i = 0; !err && db_step(q) == DB_ROW; i++) {
		HDF *row;

		err = render_row(req->hdf, "Runs", i, &row);
		if (!err) err = hdf_set_value(row, "Job", db_col_text(q, 1));
		if (!err) err = render_set_time(req, row, "At", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Ms", db_col_text(q, 3));
		if (!err) err = hdf_set_value(row, "Ok", db_col_text(q, 4));
		if (!err) err = hdf_set_value(row, "Summary", db_col_text(q, 5));
		if (!err) err = render_set(row, "Error", db_col_text(q, 6));
		if (!err) err = hdf_set_value(row, "Host", db_col_text(q, 7));
	}
	if (!err)
		err = db_finalize(q);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-jobs");
	req->template_name = "admin_jobs.cs";
	return nerr_pass(err);
}

/* Runs every job now (under the same lock as the timer and cron). */
NEOERR *admin_jobs_run(REQUEST *req)
{
	int ran = 0, locked = 0;
	char after[40];
	NEOERR *err = scheduler_tick(1, &ran, &locked);

	snprintf(after, sizeof(after), locked ? "ran=%d" : "locked", ran);
	if (!err) {
		struct audit_event ev = { "scheduler.run", NULL, 0, NULL, NULL, after };

		err = audit_log(req, &ev);
	}
	if (!err)
		err = request_redirect(req, locked ? "/admin/jobs?done=Saved" : "/admin/jobs?done=Busy");
	return nerr_pass(err);
}

/* ---- "why this person" on the lead page -------------------------------- */

NEOERR *admin_routing_why(REQUEST *req, long long lead_id)
{
	DB_STMT *q;
	long long decision = 0;
	HDF *w;
	NEOERR *err = hdf_get_node(req->hdf, "Lead.Why", &w);

	if (!err)
		err = db_prepare(&q, "SELECT d.id, d.outcome, d.reason, d.via, d.at, r.name, r.strategy,"
				 " u.display_name, r.w_speed, r.w_conversion, r.w_load,"
				 " (SELECT reason FROM routing_queue WHERE lead_id = d.lead_id)"
				 " FROM routing_decision d LEFT JOIN routing_rule r ON r.id = d.rule_id"
				 " LEFT JOIN users u ON u.id = d.owner_id WHERE d.lead_id = ?"
				 " ORDER BY d.id DESC LIMIT 1");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, lead_id);
	if (db_step(q) == DB_ROW) {
		static const char *const names[] = {
			"Id", "Outcome", "Reason", "Via", NULL, "Rule", "Strategy", "Owner",
			"WSpeed", "WConv", "WLoad", "Waiting",
		};

		decision = db_col_int(q, 0);
		for (int i = 0; !err && i < 12; i++)
			if (names[i])
				err = render_set(w, names[i], db_col_text(q, i));
		if (!err) err = render_set_time(req, w, "At", db_col_text(q, 4));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && decision)
		err = db_prepare(&q, "SELECT c.rule_id, r.name, u.display_name, c.skip_reason, c.load_now,"
				 " c.load_cap, c.score_speed, c.score_conv, c.score_load, c.score_total, c.chosen"
				 " FROM routing_candidate c JOIN users u ON u.id = c.user_id"
				 " LEFT JOIN routing_rule r ON r.id = c.rule_id WHERE c.decision_id = ?"
				 " ORDER BY c.chosen DESC, c.skip_reason IS NOT NULL, c.score_total DESC, c.user_id"
				 " LIMIT 100");
	if (!err && decision) {
		static const char *const names[] = {
			"RuleId", "Rule", "Name", "Skip", "Load", "Cap", "Speed", "Conv", "LoadScore",
			"Total", "Chosen",
		};

		db_bind_int(q, 1, decision);
		err = render_rows(req->hdf, "Lead.Why.Candidates", q, names, 11, NULL);
	}
	return nerr_pass(err);
}

/* ---- outgoing notifications: webhooks and the delivery log -------------- */

NEOERR *admin_deliveries(REQUEST *req)
{
	const char *done = request_param(req, "done");
	DB_STMT *q;
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	if (!err)
		err = db_prepare(&q, "SELECT id, name, kind, url, kinds, active FROM webhook ORDER BY id");
	if (!err) {
		static const char *const names[] = { "Id", "Name", "Kind", "Url", "Kinds", "Active" };

		err = render_rows(req->hdf, "Webhooks", q, names, 6, NULL);
	}
	if (!err)
		err = db_prepare(&q, "SELECT d.id, d.channel, d.target, d.status, d.attempts, d.last_error,"
				 " d.created_at, d.sent_at, d.next_try_at, n.kind, u.display_name"
				 " FROM delivery d JOIN notification n ON n.id = d.notification_id"
				 " JOIN users u ON u.id = n.user_id ORDER BY d.id DESC LIMIT 100");
	for (int i = 0; !err && db_step(q) == DB_ROW; i++) {
		static const char *const names[] = { "Id", "Channel", "Target", "Status", "Attempts", "Error" };
		HDF *row;

		err = render_row(req->hdf, "Deliveries", i, &row);
		for (int k = 0; !err && k < 6; k++)
			err = render_set(row, names[k], db_col_text(q, k));
		if (!err) err = render_set_time(req, row, "Created", db_col_text(q, 6));
		if (!err) err = render_set_time(req, row, "Sent", db_col_text(q, 7));
		if (!err) err = render_set_time(req, row, "Next", db_col_text(q, 8));
		if (!err) err = hdf_set_value(row, "Kind", db_col_text(q, 9));
		if (!err) err = hdf_set_value(row, "Person", db_col_text(q, 10));
	}
	if (!err)
		err = db_finalize(q);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-deliveries");
	req->template_name = "admin_deliveries.cs";
	return nerr_pass(err);
}

NEOERR *admin_webhook_create(REQUEST *req)
{
	const char *name = request_param(req, "name"), *kind = request_param(req, "kind");
	const char *url = request_param(req, "url"), *kinds = request_param(req, "kinds");
	unsigned long long id = 0;
	int bad = req->param_errors;
	NEOERR *err = STATUS_OK;

	if (!name)
		err = form_error(req, "name", "Valid.Required", &bad);
	if (!err && (!kind || (strcmp(kind, "wecom") && strcmp(kind, "dingtalk"))))
		err = form_error(req, "kind", "Valid.Unknown", &bad);
	if (!err && (!url || (strncmp(url, "https://", 8) && strncmp(url, "http://", 7))))
		err = form_error(req, "url", "Notify.UrlScheme", &bad);
	if (!err && bad) {
		HDF *typed = hdf_get_obj(req->hdf, "Form.Typed");

		req->status = 400;
		err = hdf_set_value(req->hdf, "Edit.name", name ? name : (typed ? hdf_get_value(typed, "name", "") : ""));
		if (!err) err = hdf_set_value(req->hdf, "Edit.url", url ? url : (typed ? hdf_get_value(typed, "url", "") : ""));
		if (!err) err = hdf_set_value(req->hdf, "Edit.kind", kind ? kind : "");
		if (!err) err = hdf_set_value(req->hdf, "Edit.kinds", kinds ? kinds : "");
		if (!err) err = admin_deliveries(req);
		return nerr_pass(err);
	}
	if (!err)
		err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO webhook (name, kind, url, kinds, created_at)"
			       " VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6))", "tttt", name, kind, url,
			       kinds ? kinds : "");
	if (!err) {
		/* the URL carries the robot's key: the audit records the name only */
		struct audit_event ev = { "webhook.create", "webhook", (long long)id, NULL, NULL, name };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/admin/notifications?done=Saved");
	return nerr_pass(err);
}

NEOERR *admin_webhook_toggle(REQUEST *req)
{
	long long found = 0;
	NEOERR *err = db_begin();

	if (!err)
		err = db_int_query(&found, NULL, "SELECT COUNT(*) FROM webhook WHERE id = ? FOR UPDATE",
				   "i", req->ids[0]);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "webhook %lld", req->ids[0]);
	if (!err)
		err = db_execf(NULL, "UPDATE webhook SET active = 1 - active WHERE id = ?", "i", req->ids[0]);
	if (!err) {
		struct audit_event ev = { "webhook.toggle", "webhook", req->ids[0], "active", NULL, NULL };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/admin/notifications?done=Saved");
	return nerr_pass(err);
}
