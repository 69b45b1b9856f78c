/* dashboard.c — the funnel dashboard (R10.1).
 *
 * One pipeline at a time: per stage the open deals in it now, the deals that
 * ever reached it (from the deal_event timeline: seed/advance/back/rollback
 * entries, and the current stage), the conversion to the next stage, the
 * median days spent in the stage (a stay still running counts up to now) and
 * the sum of the open amounts.  Deals come from the reader's scope
 * (deals_filter_sql) with the team/region filters and a period on the deal's
 * creation.  Amounts go through the field policy deal by deal: a stage's
 * total adds only what the reader may see, the rest is counted as hidden.
 * The chart is an SVG drawn by templates/dashboard.cs from the numbers set
 * here; the same numbers are in a table.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "deal.h"
#include "err.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define DASH_MAX_STAGES 20
#define DASH_MAX_DEALS 50000    /* rows read for one funnel */

#define DASH_MOVE_KINDS "('seed', 'advance', 'back', 'rollback')"

struct dash_stage {
	long long id;
	int position;
	int count, reached, seen, hidden;
	int past;               /* deals now at a later stage (open or closed) */
	double sum;
	double *secs;           /* stays in this stage, seconds */
	int nsecs, cap;
};

static int dash_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Pure: the median of n values (sorted in place); 0 for none. */
double dashboard_median(double *v, int n)
{
	if (n <= 0)
		return 0;
	qsort(v, (size_t)n, sizeof(*v), dash_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Pure: the (population) standard deviation of n values; 0 for none. */
double dashboard_stddev(const double *v, int n)
{
	double mean = 0, sum = 0;

	if (n <= 0)
		return 0;
	for (int i = 0; i < n; i++)
		mean += v[i];
	mean /= n;
	for (int i = 0; i < n; i++)
		sum += (v[i] - mean) * (v[i] - mean);
	return sqrt(sum / n);
}

/* Pure: conversion from a stage reached by `from` deals to the next one
 * reached by `to`, in whole percent; -1 when nothing reached the first. */
int dashboard_conversion(int from, int to)
{
	if (from <= 0)
		return -1;
	if (to > from)
		to = from;
	return (int)((to * 100LL + from / 2) / from);
}

static int dash_find(struct dash_stage *st, int n, long long id)
{
	for (int i = 0; i < n; i++)
		if (st[i].id == id)
			return i;
	return -1;
}

/* The filter shared by both queries: scope, team, region, pipeline, period. */
static NEOERR *dash_filter(REQUEST *req, STRING *sql, struct db_args *args, long long pipeline, long long days)
{
	NEOERR *err = deals_filter_sql(req, sql, args);

	if (!err) {
		err = string_append(sql, " AND d.pipeline_id = ?");
		db_args_int(args, pipeline);
	}
	if (!err && days > 0) {
		err = string_append(sql, " AND d.created_at >= UTC_TIMESTAMP(6) - INTERVAL ? DAY");
		db_args_int(args, days);
	}
	return nerr_pass(err);
}

static NEOERR *dash_deals(REQUEST *req, struct dash_stage *st, int nst, long long pipeline, long long days)
{
	struct db_args args = { 0 };
	STRING sql;
	DB_STMT *q;
	NEOERR *err;
	int rows = 0;

	string_init(&sql);
	err = string_append(&sql,
		"SELECT d.id, d.stage_id, d.status, d.amount, COALESCE(d.owner_id, 0), "
		POLICY_DEPTH_SQL("d.owner_id") ","
		" s.position = (SELECT MAX(s2.position) FROM stage s2 WHERE s2.pipeline_id = d.pipeline_id),"
		" GREATEST(s.position, COALESCE((SELECT MAX(s3.position) FROM deal_event e"
		"   JOIN stage s3 ON s3.id = e.to_stage_id WHERE e.deal_id = d.id AND e.kind IN " DASH_MOVE_KINDS
		"   AND s3.pipeline_id = d.pipeline_id), 0)), s.position"
		" FROM deal d JOIN stage s ON s.id = d.stage_id WHERE ");
	if (!err)
		err = dash_filter(req, &sql, &args, pipeline, days);
	if (!err)
		err = string_append(&sql, " LIMIT 50000");
	if (!err)
		err = db_prepare_args(&q, sql.buf, &args, 2);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	while (db_step(q) == DB_ROW && rows++ < DASH_MAX_DEALS) {
		struct policy_subject s = { db_col_int(q, 0), db_col_int(q, 4), (int)db_col_int(q, 5),
					    (int)db_col_int(q, 6) };
		int c = dash_find(st, nst, db_col_int(q, 1));
		long long reached = db_col_int(q, 7);
		const char *status = db_col_text(q, 2), *amount = db_col_text(q, 3);

		long long now_at = db_col_int(q, 8);

		for (int i = 0; i < nst; i++) {
			if (st[i].position <= reached)
				st[i].reached++;
			if (st[i].position < now_at)
				st[i].past++;
		}
		if (c < 0 || !status || strcmp(status, "open"))
			continue;
		st[c].count++;
		if (amount) {
			if (policy_visible(req, "deal", "amount", &s)) {
				st[c].sum += atof(amount);
				st[c].seen++;
			} else
				st[c].hidden++;
		}
	}
	return nerr_pass(db_finalize(q));
}

static NEOERR *dash_stays(REQUEST *req, struct dash_stage *st, int nst, long long pipeline, long long days)
{
	struct db_args args = { 0 };
	STRING sql;
	DB_STMT *q;
	NEOERR *err;
	int rows = 0;

	string_init(&sql);
	err = string_append(&sql,
		"SELECT e.to_stage_id, TIMESTAMPDIFF(SECOND, e.at, COALESCE(LEAD(e.at) OVER"
		" (PARTITION BY e.deal_id ORDER BY e.at, e.id),"
		" IF(d.status = 'open', UTC_TIMESTAMP(6), COALESCE(d.closed_at, d.updated_at))))"
		" FROM deal_event e JOIN deal d ON d.id = e.deal_id"
		" WHERE e.kind IN " DASH_MOVE_KINDS " AND ");
	if (!err)
		err = dash_filter(req, &sql, &args, pipeline, days);
	if (!err)
		err = string_append(&sql, " LIMIT 200000");
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	/* no depth column here: the filter's values start at 1 */
	if (!db_bind_args(q, &args, 1)) {
		db_finalize(q);
		return nerr_raise(NERR_ASSERT, "too many filter values");
	}
	while (!err && db_step(q) == DB_ROW && rows++ < 4 * DASH_MAX_DEALS) {
		int c = dash_find(st, nst, db_col_int(q, 0));
		double secs = (double)db_col_int(q, 1);

		if (c < 0 || secs < 0)
			continue;
		if (st[c].nsecs == st[c].cap) {
			int cap = st[c].cap ? 2 * st[c].cap : 64;
			double *v = realloc(st[c].secs, (size_t)cap * sizeof(*v));

			if (!v)
				err = nerr_raise(NERR_NOMEM, "stays");
			else {
				st[c].secs = v;
				st[c].cap = cap;
			}
		}
		if (!err)
			st[c].secs[st[c].nsecs++] = secs;
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

#define HEAT_WEEKS 8
#define HEAT_REPS 40

/* Pure: the colour band of an average first response in minutes: 0 quick
 * (within 2 h), 1 slow (within 8 h), 2 too slow (red). */
int dashboard_heat_level(long long minutes)
{
	return minutes <= 120 ? 0 : minutes <= 480 ? 1 : 2;
}

/* Pure: the band of an average proposal delivery (minutes from the deal's
 * opening to its first proposal): green within 3 days, amber within 7. */
int dashboard_proposal_level(long long minutes)
{
	return minutes <= 72 * 60 ? 0 : minutes <= 168 * 60 ? 1 : 2;
}

/* Pure: the band of average objection rounds per customer (in tenths):
 * green up to 1.5, amber up to 3, red above. */
int dashboard_objection_level(long long tenths)
{
	return tenths <= 15 ? 0 : tenths <= 30 ? 1 : 2;
}

/* One rep × week map: the query's columns are (rep id, rep name, weeks ago,
 * value, count); `head` is the SQL up to the scope condition, on the rep
 * column `rep_col` and region column `region_col`. */
struct heat_metric {
	const char *root;          /* HDF root: Heat, HeatProp, HeatObj */
	const char *head;
	const char *rep_col, *region_col, *team_col;
	const char *tail;          /* GROUP BY … */
	int (*level)(long long value);
	double scale;              /* value / scale is shown */
	const char *format;
};

static const struct heat_metric heat_first = {
	"Heat",
	"SELECT l.owner_id, u.display_name, FLOOR(TIMESTAMPDIFF(HOUR, l.created_at, UTC_TIMESTAMP(6)) / 168),"
	" ROUND(AVG(TIMESTAMPDIFF(MINUTE, l.created_at, l.first_response_at))), COUNT(*)"
	" FROM lead l JOIN users u ON u.id = l.owner_id WHERE l.first_response_at IS NOT NULL"
	" AND l.created_at >= UTC_TIMESTAMP(6) - INTERVAL ? DAY AND ",
	"l.owner_id", "l.region_id", "u.team_id",
	" GROUP BY l.owner_id, u.display_name, 3 ORDER BY u.display_name, l.owner_id",
	dashboard_heat_level, 60.0, "%.1f",
};

/* each deal's first proposal (in the window) after it was opened, by the
 * deal's owner, on the deal's customer: minutes from the opening */
static const struct heat_metric heat_proposal = {
	"HeatProp",
	"SELECT x.owner_id, u.display_name, FLOOR(TIMESTAMPDIFF(HOUR, x.first_at, UTC_TIMESTAMP(6)) / 168),"
	" ROUND(AVG(TIMESTAMPDIFF(MINUTE, x.created_at, x.first_at))), COUNT(*)"
	" FROM (SELECT d.id, d.owner_id, d.region_id, d.created_at, MIN(a.at) AS first_at"
	"   FROM activity a JOIN deal d ON d.customer_id = a.customer_id AND d.owner_id = a.user_id"
	"   AND a.at >= d.created_at WHERE a.kind = 'sent_proposal' AND a.at >= UTC_TIMESTAMP(6) - INTERVAL ? DAY"
	"   GROUP BY d.id, d.owner_id, d.region_id, d.created_at) x"
	" JOIN users u ON u.id = x.owner_id WHERE ",
	"x.owner_id", "x.region_id", "u.team_id",
	" GROUP BY x.owner_id, u.display_name, 3 ORDER BY u.display_name, x.owner_id",
	dashboard_proposal_level, 1440.0, "%.1f",
};

/* price objections recorded per customer that had any, in tenths */
static const struct heat_metric heat_objection = {
	"HeatObj",
	"SELECT a.user_id, u.display_name, FLOOR(TIMESTAMPDIFF(HOUR, a.at, UTC_TIMESTAMP(6)) / 168),"
	" ROUND(COUNT(*) * 10 / COUNT(DISTINCT COALESCE(a.customer_id, -a.lead_id))), COUNT(DISTINCT COALESCE(a.customer_id, -a.lead_id))"
	" FROM activity a JOIN users u ON u.id = a.user_id WHERE a.kind = 'price_objection'"
	" AND a.at >= UTC_TIMESTAMP(6) - INTERVAL ? DAY AND ",
	"a.user_id", "u.region_id", "u.team_id",
	" GROUP BY a.user_id, u.display_name, 3 ORDER BY u.display_name, a.user_id",
	dashboard_objection_level, 10.0, "%.1f",
};

/* The heat maps: per rep and per 7-day window counted back from today, in
 * the reader's scope (user_scope_sql on the rep and region columns) and the
 * team/region filters. */
static NEOERR *dash_heat(REQUEST *req, const struct heat_metric *m)
{
	static const char *const fills[] = { "#2e8b57", "#e0a800", "#c62828" };
	long long team = request_param_int(req, "team", 0);
	long long region = request_param_int(req, "region", 0);
	struct db_args args = { 0 };
	long long owners[HEAT_REPS];
	int nreps = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;
	HDF *root;
	char path[32];

	err = hdf_get_node(req->hdf, m->root, &root);
	if (err)
		return nerr_pass(err);
	for (int w = 0; w < HEAT_WEEKS; w++) {
		char label[16];
		time_t t = time(NULL) - (time_t)(7 * (HEAT_WEEKS - 1 - w) + 6) * 86400;
		struct tm tm;
		HDF *row;

		gmtime_r(&t, &tm);
		strftime(label, sizeof(label), "%m-%d", &tm);
		err = render_row(root, "Weeks", w, &row);
		if (!err) err = hdf_set_value(row, "Label", label);
		if (!err) err = hdf_set_int_value(row, "X", 150 + 55 * w);
		if (!err) err = hdf_set_int_value(row, "TextX", 150 + 55 * w + 25);
		if (err)
			return nerr_pass(err);
	}
	string_init(&sql);
	err = string_append(&sql, m->head);
	db_args_int(&args, 7 * HEAT_WEEKS);
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, m->rep_col, m->region_col, &sql, &args);
	if (!err && team) {
		err = string_appendf(&sql, " AND %s = ?", m->team_col);
		db_args_int(&args, team);
	}
	if (!err && region) {
		err = string_appendf(&sql, " AND %s = ?", m->region_col);
		db_args_int(&args, region);
	}
	if (!err)
		err = string_append(&sql, m->tail);
	if (!err)
		err = db_prepare_args(&q, sql.buf, &args, 1);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	while (!err && db_step(q) == DB_ROW) {
		long long owner = db_col_int(q, 0), ago = db_col_int(q, 2), value = db_col_int(q, 3);
		int r, w = HEAT_WEEKS - 1 - (int)ago, level = m->level(value);
		char buf[24];
		HDF *row, *cell;

		if (w < 0 || w >= HEAT_WEEKS)
			continue;
		for (r = 0; r < nreps && owners[r] != owner; r++)
			;
		if (r == nreps) {
			if (nreps == HEAT_REPS)
				continue;
			owners[nreps++] = owner;
			err = render_row(root, "Reps", r, &row);
			if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
			/* the rep's own dashboard, /dashboard/me?user=<Id> (issue 9) */
			if (!err) err = hdf_set_int_value(row, "Id", (int)owner);
			if (!err) err = hdf_set_int_value(row, "Y", 30 + 34 * r);
			if (!err) err = hdf_set_int_value(row, "TextY", 30 + 34 * r + 20);
			for (int k = 0; !err && k < HEAT_WEEKS; k++) {
				err = render_row(row, "Cells", k, &cell);
				if (!err) err = hdf_set_int_value(cell, "X", 150 + 55 * k);
				if (!err) err = hdf_set_int_value(cell, "TextX", 150 + 55 * k + 25);
			}
		}
		if (!err) err = render_row(root, "Reps", r, &row);
		if (!err) err = render_row(row, "Cells", w, &cell);
		snprintf(buf, sizeof(buf), m->format, (double)value / m->scale);
		if (!err) err = hdf_set_value(cell, "Hours", buf);
		if (!err) err = hdf_set_value(cell, "Leads", db_col_text(q, 4));
		if (!err) err = hdf_set_int_value(cell, "Level", level);
		if (!err) err = hdf_set_value(cell, "Fill", fills[level]);
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	snprintf(path, sizeof(path), "%s.Height", m->root);
	if (!err) err = hdf_set_int_value(req->hdf, path, 40 + 34 * nreps);
	return nerr_pass(err);
}

#define HEALTH_SD_DAYS 3.2        /* R10.2: days-in-stage deviation target */
#define HEALTH_MIN_RATE 92         /* R10.2: a required action done below 92% is flagged */
#define HEALTH_ROLE_HOURS 4.7      /* the seed's cross-role response target */

/* Process health (R10.2), part 2: per checklist item of the pipeline, the
 * share of the deals now past its stage that ticked it. */
static NEOERR *dash_actions(REQUEST *req, struct dash_stage *st, int nst, long long pipeline, long long days)
{
	struct db_args args = { 0 };
	struct { long long id; int done; } done[200];
	int nd = 0, n = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	err = string_append(&sql,
		"SELECT dc.item_id, COUNT(*) FROM deal_check dc JOIN deal d ON d.id = dc.deal_id"
		" JOIN stage s ON s.id = d.stage_id JOIN checklist_item ci ON ci.id = dc.item_id"
		" JOIN stage si ON si.id = ci.stage_id"
		" WHERE s.position > si.position AND dc.approval <> 'rejected' AND ");
	if (!err)
		err = dash_filter(req, &sql, &args, pipeline, days);
	if (!err)
		err = string_append(&sql, " GROUP BY dc.item_id");
	if (!err)
		err = db_prepare_args(&q, sql.buf, &args, 1);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	while (db_step(q) == DB_ROW && nd < 200) {
		done[nd].id = db_col_int(q, 0);
		done[nd].done = (int)db_col_int(q, 1);
		nd++;
	}
	err = db_finalize(q);
	if (!err)
		err = db_prepare(&q, "SELECT ci.id, ci.label, ci.stage_id, s.name FROM checklist_item ci"
				 " JOIN stage s ON s.id = ci.stage_id WHERE s.pipeline_id = ?"
				 " ORDER BY s.position, ci.position, ci.id LIMIT 200");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, pipeline);
	while (!err && db_step(q) == DB_ROW) {
		long long id = db_col_int(q, 0);
		int c = dash_find(st, nst, db_col_int(q, 2)), k, ticked = 0;
		HDF *row;

		for (k = 0; k < nd; k++)
			if (done[k].id == id)
				ticked = done[k].done;
		err = render_row(req->hdf, "Health.Actions", n++, &row);
		if (!err) err = hdf_set_value(row, "Label", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Stage", db_col_text(q, 3));
		if (!err) err = hdf_set_int_value(row, "Done", ticked);
		if (!err && c >= 0) err = hdf_set_int_value(row, "Past", st[c].past);
		if (!err && c >= 0 && st[c].past > 0) {
			int rate = (int)((ticked * 100LL + st[c].past / 2) / st[c].past);

			err = hdf_set_int_value(row, "Rate", rate > 100 ? 100 : rate);
			if (!err) err = hdf_set_int_value(row, "Flag", rate < HEALTH_MIN_RATE);
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

/* Process health, part 3: cross-role response — tasks the deals' stages
 * gave each role, done in the last 90 days: average hours from the task's
 * creation to done, and the share done by the due time. */
static NEOERR *dash_roles(REQUEST *req, long long pipeline, long long days)
{
	struct db_args args = { 0 };
	STRING sql;
	DB_STMT *q;
	NEOERR *err;
	int n = 0;

	string_init(&sql);
	err = string_append(&sql,
		"SELECT t.role_code, COUNT(*), AVG(TIMESTAMPDIFF(MINUTE, t.created_at, t.done_at)),"
		" SUM(t.done_at <= t.due_at) FROM task t JOIN deal d ON d.id = t.deal_id"
		" WHERE t.status = 'done' AND t.done_at >= UTC_TIMESTAMP(6) - INTERVAL 90 DAY AND ");
	if (!err)
		err = dash_filter(req, &sql, &args, pipeline, days);
	if (!err)
		err = string_append(&sql, " GROUP BY t.role_code ORDER BY t.role_code");
	if (!err)
		err = db_prepare_args(&q, sql.buf, &args, 1);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	while (!err && db_step(q) == DB_ROW) {
		long long tasks = db_col_int(q, 1), ontime = db_col_int(q, 3);
		double hours = db_col_double(q, 2) / 60.0;
		char buf[32];
		HDF *row;

		err = render_row(req->hdf, "Health.Roles", n++, &row);
		if (!err) err = hdf_set_value(row, "Role", db_col_text(q, 0));
		if (!err) err = hdf_set_int_value(row, "Tasks", (int)tasks);
		snprintf(buf, sizeof(buf), "%.1f", hours);
		if (!err) err = hdf_set_value(row, "Hours", buf);
		if (!err) err = hdf_set_int_value(row, "OnTime", tasks ? (int)((ontime * 100 + tasks / 2) / tasks) : 0);
		if (!err) err = hdf_set_int_value(row, "Flag", hours > HEALTH_ROLE_HOURS);
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

NEOERR *dashboard_page(REQUEST *req)
{
	long long pipeline = request_param_int(req, "pipeline", 0);
	long long days = request_param_int(req, "period", 0);
	struct dash_stage st[DASH_MAX_STAGES];
	int nst = 0, top = 0;
	DB_STMT *q;
	NEOERR *err;

	memset(st, 0, sizeof(st));
	if (days != 30 && days != 90 && days != 365)
		days = 0;
	if (!pipeline) {
		long long first = 0;

		err = db_int_query(&first, NULL, "SELECT MIN(id) FROM pipeline", NULL);
		if (err)
			return nerr_pass(err);
		pipeline = first;
	}
	err = hdf_set_int_value(req->hdf, "Dash.Pipeline", (int)pipeline);
	if (!err) err = hdf_set_int_value(req->hdf, "Dash.Period", (int)days);
	if (!err)
		err = db_prepare(&q, "SELECT id, name, position FROM stage WHERE pipeline_id = ? ORDER BY position");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, pipeline);
	while (!err && db_step(q) == DB_ROW && nst < DASH_MAX_STAGES) {
		HDF *row;

		st[nst].id = db_col_int(q, 0);
		st[nst].position = (int)db_col_int(q, 2);
		err = render_row(req->hdf, "Dash.Stages", nst++, &row);
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && !nst)
		err = nerr_raise(ERR_NOT_FOUND, "pipeline %lld", pipeline);
	if (!err) err = dash_deals(req, st, nst, pipeline, days);
	if (!err) err = dash_stays(req, st, nst, pipeline, days);
	if (!err) err = dash_actions(req, st, nst, pipeline, days);
	if (!err) err = dash_roles(req, pipeline, days);
	if (!err) err = dash_heat(req, &heat_first);
	if (!err) err = dash_heat(req, &heat_proposal);
	if (!err) err = dash_heat(req, &heat_objection);
	for (int i = 0; i < nst; i++)
		if (st[i].reached > top)
			top = st[i].reached;
	for (int i = 0; !err && i < nst; i++) {
		char buf[40];
		HDF *row;
		int conv = i + 1 < nst ? dashboard_conversion(st[i].reached, st[i + 1].reached) : -1;

		err = render_row(req->hdf, "Dash.Stages", i, &row);
		if (!err) err = hdf_set_int_value(row, "Count", st[i].count);
		if (!err) err = hdf_set_int_value(row, "Reached", st[i].reached);
		/* bar length in the 0..340 user units of the chart's bar area */
		if (!err) err = hdf_set_int_value(row, "Bar", top ? (int)(st[i].reached * 340LL / top) : 0);
		if (!err) err = hdf_set_int_value(row, "Y", 8 + 36 * i);
		if (!err) err = hdf_set_int_value(row, "TextY", 28 + 36 * i);
		if (!err) err = hdf_set_int_value(row, "LabelX", 156 + (top ? (int)(st[i].reached * 340LL / top) : 0));
		if (!err && conv >= 0) err = hdf_set_int_value(row, "Conversion", conv);
		if (!err && st[i].nsecs) {
			snprintf(buf, sizeof(buf), "%.1f", dashboard_median(st[i].secs, st[i].nsecs) / 86400.0);
			err = hdf_set_value(row, "MedianDays", buf);
		}
		if (!err) err = hdf_set_int_value(row, "Stays", st[i].nsecs);
		if (!err && st[i].nsecs > 1) {
			double sd = dashboard_stddev(st[i].secs, st[i].nsecs) / 86400.0;

			snprintf(buf, sizeof(buf), "%.1f", sd);
			err = hdf_set_value(row, "StdDays", buf);
			if (!err) err = hdf_set_int_value(row, "StdFlag", sd > HEALTH_SD_DAYS);
		}
		snprintf(buf, sizeof(buf), "%.2f", st[i].sum);
		if (!err && st[i].seen) err = hdf_set_value(row, "Total", buf);
		if (!err) err = hdf_set_int_value(row, "Hidden", st[i].hidden);
	}
	for (int i = 0; i < nst; i++)
		free(st[i].secs);
	if (!err) err = hdf_set_int_value(req->hdf, "Dash.Height", 16 + 36 * nst);
	if (!err) err = render_id_names(req->hdf, "Choices.Pipelines", "SELECT id, name FROM pipeline ORDER BY id");
	if (!err) err = render_id_names(req->hdf, "Choices.Regions", "SELECT id, name FROM region ORDER BY code");
	if (!err) err = render_id_names(req->hdf, "Choices.Teams", "SELECT id, name FROM team ORDER BY name");
	if (!err) err = review_owner_choices(req);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "dashboard");
	req->template_name = "dashboard.cs";
	return nerr_pass(err);
}
