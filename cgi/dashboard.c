/* dashboard.c — the funnel dashboard (R10.1).
 *
 * One pipeline at a time: per stage the open deals in it now, the deals that
 * ever reached it (from the deal_event timeline: seed/advance/back/rollback
 * entries, and the current stage), the conversion to the next stage, the
 * median days spent in the stage (a stay still running counts up to now) and
 * the sum of the open amounts.  Deals come from the reader's scope
 * (deals_filter_sql) with the team/region filters and a period on the deal's
 * creation.  Amounts go through the field policy per group of deals with
 * the same owner and stage (the policy's subject): a stage's total adds only
 * what the reader may see, the rest is counted as hidden.  At scale the
 * deals and stays come from per-day summaries (dashsum.c, sql/0023).
 * The chart is an SVG drawn by templates/dashboard.cs from the numbers set
 * here; the same numbers are in a table.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dashsum.h"
#include "db.h"
#include "deal.h"
#include "err.h"
#include "heat.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define DASH_MAX_STAGES 20

struct dash_stage {
	long long id;
	int position;
	int count, reached, seen, hidden;
	int past;               /* deals now at a later stage (open or closed) */
	double sum;
	double *secs;           /* stays in this stage, seconds */
	int nsecs, cap;
};

/* Pure: the median of n values (reordered in place); 0 for none. */
double dashboard_median(double *v, int n)
{
	double hi, lo;

	if (n <= 0)
		return 0;
	hi = dashsum_select(v, n, n / 2);
	if (n % 2)
		return hi;
	/* the other middle value: the largest of those before n / 2 */
	lo = v[0];
	for (int i = 1; i < n / 2; i++)
		if (v[i] > lo)
			lo = v[i];
	return (lo + hi) / 2;
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

/* The funnel in one grouped read (index-only on deal.k_deal_funnel): per
 * stage, owner, status and highest stage reached, the deals and their
 * amounts.  The amount policy depends only on the owner (depth) and whether
 * the stage is the last, the same for the whole group, so a stage's total
 * adds the groups the reader may see and counts the others as hidden. */
/* The shared filter as a condition on alias d (summary or deal): scope,
 * team, region, pipeline — the period is the summary's (dashsum.c). */
static NEOERR *dash_where(REQUEST *req, STRING *sql, struct db_args *args, long long pipeline)
{
	NEOERR *err = deals_filter_sql(req, sql, args);

	if (!err) {
		err = string_append(sql, " AND d.pipeline_id = ?");
		db_args_int(args, pipeline);
	}
	return nerr_pass(err);
}

/* The funnel, grouped: per stage, owner, status and highest stage reached
 * (max_position: its stays') the deals and their amounts, from the per-day summary
 * and the raw deals of the days not summarised yet.  The amount policy
 * depends only on the owner (depth) and whether the stage is the last, the
 * same for the whole group, so a stage's total adds the groups the reader
 * may see and counts the others as hidden. */
static NEOERR *dash_deals(REQUEST *req, struct dash_stage *st, int nst, long long pipeline, long long days)
{
	struct db_args fargs = { 0 }, args = { 0 };
	STRING sql, where;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	string_init(&where);
	err = dash_where(req, &where, &fargs, pipeline);
	if (!err)
		err = string_append(&sql,
			"SELECT g.stage_id, g.status, COALESCE(g.owner_id, 0), " POLICY_DEPTH_SQL("g.owner_id") ","
			" s.position = (SELECT MAX(s2.position) FROM stage s2 WHERE s2.pipeline_id = s.pipeline_id),"
			" GREATEST(s.position, g.max_position), s.position, SUM(g.deals), SUM(g.amounts), SUM(g.total)"
			" FROM (");
	if (!err)
		err = dashsum_funnel_sql(&sql, &args, where.buf, &fargs, days);
	if (!err)
		err = string_append(&sql, ") g JOIN stage s ON s.id = g.stage_id"
				    " GROUP BY g.stage_id, g.status, g.owner_id, g.max_position");
	if (!err)
		err = db_prepare_args(&q, sql.buf, &args, 2);
	string_clear(&sql);
	string_clear(&where);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);   /* the depth's, before the filter's */
	while (db_step(q) == DB_ROW) {
		struct policy_subject s = { 0, db_col_int(q, 2), (int)db_col_int(q, 3), (int)db_col_int(q, 4) };
		int c = dash_find(st, nst, db_col_int(q, 0));
		long long reached = db_col_int(q, 5), now_at = db_col_int(q, 6);
		int deals = (int)db_col_int(q, 7), amounts = (int)db_col_int(q, 8);
		const char *status = db_col_text(q, 1), *total = db_col_text(q, 9);

		for (int i = 0; i < nst; i++) {
			if (st[i].position <= reached)
				st[i].reached += deals;
			if (st[i].position < now_at)
				st[i].past += deals;
		}
		if (c < 0 || !status || strcmp(status, "open"))
			continue;
		st[c].count += deals;
		if (amounts > 0) {
			if (policy_visible(req, "deal", "amount", &s)) {
				st[c].sum += total ? atof(total) : 0;
				st[c].seen += amounts;
			} else
				st[c].hidden += amounts;
		}
	}
	return nerr_pass(db_finalize(q));
}

struct dash_stays_ctx {
	struct dash_stage *st;
	int nst;
};

static NEOERR *dash_stay(void *ctx, long long stage, long long owner, double secs)
{
	struct dash_stays_ctx *x = ctx;
	int c = dash_find(x->st, x->nst, stage);
	struct dash_stage *s;

	(void)owner;
	if (c < 0)
		return STATUS_OK;
	s = &x->st[c];
	if (s->nsecs == s->cap) {
		int cap = s->cap ? 2 * s->cap : 64;
		double *v = realloc(s->secs, (size_t)cap * sizeof(*v));

		if (!v)
			return nerr_raise(NERR_NOMEM, "stays");
		s->secs = v;
		s->cap = cap;
	}
	s->secs[s->nsecs++] = secs;
	return STATUS_OK;
}

/* Every stay of the deals in the funnel (deal_stay via dashsum.c): the
 * median and the deviation per stage come from them. */
static NEOERR *dash_stays(REQUEST *req, struct dash_stage *st, int nst, long long pipeline, long long days)
{
	struct db_args fargs = { 0 };
	struct dash_stays_ctx x = { st, nst };
	STRING where;
	NEOERR *err;

	string_init(&where);
	err = dash_where(req, &where, &fargs, pipeline);
	if (!err)
		err = dashsum_stays(where.buf, &fargs, 0, days, dash_stay, &x);
	string_clear(&where);
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
	if (!err) err = heat_fill(req);   /* cgi/heat.c */
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
