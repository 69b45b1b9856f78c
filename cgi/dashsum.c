/* dashsum.c — the deal side of the dashboards at scale (issue 9, sql/0023).
 *
 * The funnel and the stays used to be worked out from every deal and its
 * whole deal_event timeline on each view.  Now:
 *
 *   deal_day   per creation day, the funnel's groups (pipeline, stage,
 *              owner, region, status, max_position): deals, deals with an
 *              amount, the sum of the amounts;
 *   stay_day   per creation day, the stays of those deals (deal_stay, kept
 *              by a trigger on deal_event) grouped by pipeline, stay stage,
 *              owner, region and "paused": the seconds of the finished
 *              stays and the entry times of the running ones, as lists.
 *
 * Triggers name a day in dash_dirty when one of its deals, their stage
 * entries or their pauses change.  The job dash_summary (every minute)
 * recomputes the named days; a page reads the summary for the other days
 * and the raw rows for the named ones and for the first, partial day of its
 * period — so what it shows is what the raw tables say at that moment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dashsum.h"
#include "err.h"

#define DASHSUM_DAYS_PER_PASS 400

/* the highest stage position of its pipeline a deal's stays (stage
 * entries) reached; "reached" is the greater of this and the current one */
#define DASHSUM_REACHED "COALESCE((SELECT MAX(rs.position) FROM deal_stay rt" \
	" JOIN stage rs ON rs.id = rt.stage_id WHERE rt.deal_id = d.id AND rs.pipeline_id = d.pipeline_id), 0)"

static void dashsum_args(struct db_args *to, const struct db_args *from)
{
	for (int i = 0; i < from->n; i++) {
		if (from->v[i].type == 't')
			db_args_text(to, from->v[i].t);
		else
			db_args_int(to, from->v[i].i);
	}
	if (from->overflow)
		to->overflow = 1;
}

/* One day again, inside the caller's transaction. */
static NEOERR *dashsum_day(const char *day)
{
	NEOERR *err = db_execf(NULL, "DELETE FROM deal_day WHERE created_day = ?", "t", day);

	if (!err)
		err = db_execf(NULL,
			"INSERT INTO deal_day (created_day, pipeline_id, stage_id, owner_id, region_id, status,"
			" max_position, deals, amounts, total)"
			" SELECT ?, x.pipeline_id, x.stage_id, x.owner_id, x.region_id, x.status, x.max_position,"
			" COUNT(*), COUNT(x.amount), SUM(x.amount) FROM (SELECT d.pipeline_id, d.stage_id, d.owner_id,"
			"  d.region_id, d.status, d.amount, " DASHSUM_REACHED " AS max_position FROM deal d"
			"  WHERE d.created_day = ?) x"
			" GROUP BY x.pipeline_id, x.stage_id, x.owner_id, x.region_id, x.status, x.max_position",
			"tt", day, day);
	if (!err)
		err = db_execf(NULL, "DELETE FROM stay_day WHERE created_day = ?", "t", day);
	if (!err)
		err = db_execf(NULL,
			"INSERT INTO stay_day (created_day, pipeline_id, stage_id, owner_id, region_id, paused,"
			" done_secs, running_us)"
			" SELECT ?, x.pipeline_id, x.stage_id, x.owner_id, x.region_id, x.paused,"
			" GROUP_CONCAT(x.secs SEPARATOR ','), GROUP_CONCAT(x.us SEPARATOR ',') FROM ("
			"  SELECT d.pipeline_id, t.stage_id, d.owner_id, d.region_id,"
			"  EXISTS (SELECT 1 FROM deal_pause p WHERE p.deal_id = d.id AND p.ended_at IS NULL) AS paused,"
			"  IF(t.left_at IS NULL AND d.status = 'open', NULL, TIMESTAMPDIFF(SECOND, t.entered_at,"
			"   COALESCE(t.left_at, d.closed_at, d.updated_at))) AS secs,"
			"  IF(t.left_at IS NULL AND d.status = 'open',"
			"   TIMESTAMPDIFF(MICROSECOND, '1970-01-01', t.entered_at), NULL) AS us"
			"  FROM deal d JOIN deal_stay t ON t.deal_id = d.id"
			"  WHERE d.created_day = ?) x"
			" GROUP BY x.pipeline_id, x.stage_id, x.owner_id, x.region_id, x.paused",
			"tt", day, day);
	return nerr_pass(err);
}

NEOERR *dashsum_job(char *summary, size_t n)
{
	char (*days)[2][32] = malloc(DASHSUM_DAYS_PER_PASS * sizeof(*days));
	int nd = 0, done = 0;
	DB_STMT *q;
	NEOERR *err;

	if (!days)
		return nerr_raise(NERR_NOMEM, "days");
	/* a day's stays as one list each: up to 1 GB */
	err = db_execf(NULL, "SET SESSION group_concat_max_len = 1073741824", NULL);
	if (!err)
		err = db_prepare(&q, "SELECT created_day, marked_at FROM dash_dirty ORDER BY created_day LIMIT ?");
	if (err) {
		free(days);
		return nerr_pass(err);
	}
	db_bind_int(q, 1, DASHSUM_DAYS_PER_PASS);
	while (db_step(q) == DB_ROW && nd < DASHSUM_DAYS_PER_PASS) {
		const char *d = db_col_text(q, 0), *m = db_col_text(q, 1);

		snprintf(days[nd][0], sizeof(days[nd][0]), "%s", d ? d : "");
		snprintf(days[nd][1], sizeof(days[nd][1]), "%s", m ? m : "");
		nd++;
	}
	err = db_finalize(q);
	for (int i = 0; !err && i < nd; i++) {
		err = db_begin();
		if (!err) err = dashsum_day(days[i][0]);
		/* a change made meanwhile marked the day again: it stays named */
		if (!err)
			err = db_execf(NULL, "DELETE FROM dash_dirty WHERE created_day = ? AND marked_at = ?", "tt",
				       days[i][0], days[i][1]);
		err = db_finish(err);
		if (!err)
			done++;
	}
	free(days);
	snprintf(summary, n, "days=%d", done);
	return nerr_pass(err);
}

/* The summary's days: not named dirty, and within the period (after its
 * first day).  One statement reads both parts, so a day the job finishes
 * meanwhile is counted once. */
static NEOERR *dashsum_clean_days(STRING *sql, struct db_args *args, long long days)
{
	NEOERR *err = string_append(sql, " AND d.created_day NOT IN (SELECT created_day FROM dash_dirty)");

	if (!err && days > 0) {
		err = string_append(sql, " AND d.created_day > DATE(UTC_TIMESTAMP(6) - INTERVAL ? DAY)");
		db_args_int(args, days);
	}
	return nerr_pass(err);
}

/* The raw part: `select` ("SELECT … FROM"), then the deals d (and
 * `from_rest`, more joins) of the dirty days — an index lookup on
 * deal.created_day each — and, with a period, those of its first, partial
 * day when it is not dirty; `where` (a condition on d) and the period's
 * bound on both. */
static NEOERR *dashsum_live(STRING *sql, struct db_args *args, const char *select, const char *from_rest,
			    const char *where, const struct db_args *fargs, long long days)
{
	NEOERR *err = string_appendf(sql,
		" UNION ALL %s dash_dirty dd STRAIGHT_JOIN deal d FORCE INDEX (k_deal_day)"
		" ON d.created_day = dd.created_day%s WHERE (%s)", select, from_rest, where);

	dashsum_args(args, fargs);
	if (!err && days > 0) {
		err = string_append(sql, " AND d.created_at >= UTC_TIMESTAMP(6) - INTERVAL ? DAY");
		db_args_int(args, days);
	}
	if (!err && days > 0) {
		err = string_appendf(sql, " UNION ALL %s deal d FORCE INDEX (k_deal_day)%s WHERE (%s)", select, from_rest, where);
		dashsum_args(args, fargs);
		if (!err)
			err = string_append(sql, " AND d.created_at >= UTC_TIMESTAMP(6) - INTERVAL ? DAY"
					    " AND d.created_day = DATE(UTC_TIMESTAMP(6) - INTERVAL ? DAY)"
					    " AND DATE(UTC_TIMESTAMP(6) - INTERVAL ? DAY) NOT IN (SELECT created_day FROM dash_dirty)");
		db_args_int(args, days);
		db_args_int(args, days);
		db_args_int(args, days);
	}
	return nerr_pass(err);
}

NEOERR *dashsum_funnel_sql(STRING *sql, struct db_args *args, const char *filter,
			   const struct db_args *fargs, long long days)
{
	NEOERR *err = string_appendf(sql,
		"SELECT d.stage_id, d.status, d.owner_id, d.max_position, d.deals, d.amounts, d.total"
		" FROM deal_day d WHERE (%s)", filter);

	dashsum_args(args, fargs);
	if (!err) err = dashsum_clean_days(sql, args, days);
	if (!err)
		err = dashsum_live(sql, args, "SELECT d.stage_id, d.status, d.owner_id, " DASHSUM_REACHED ","
				   " 1, d.amount IS NOT NULL, d.amount FROM", "", filter, fargs, days);
	return nerr_pass(err);
}

/* Calls fn for each number of a comma-separated list; running lists hold
 * entry times in microseconds, made into seconds up to now_us. */
static NEOERR *dashsum_list(const char *list, int running, long long now_us, long long stage, long long owner,
			    dashsum_stay_fn fn, void *ctx)
{
	NEOERR *err = STATUS_OK;
	const char *p = list;

	while (!err && p && *p) {
		char *end;
		long long v = strtoll(p, &end, 10);

		if (end == p)
			break;
		if (running)
			v = (now_us - v) / 1000000;   /* TIMESTAMPDIFF(SECOND, …) truncates too */
		if (v >= 0)
			err = fn(ctx, stage, owner, (double)v);
		p = *end == ',' ? end + 1 : end;
	}
	return nerr_pass(err);
}

NEOERR *dashsum_stays(const char *filter, const struct db_args *fargs, int no_paused, long long days,
		      dashsum_stay_fn fn, void *ctx)
{
	struct db_args args = { 0 };
	STRING sql, where;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	string_init(&where);
	err = string_appendf(&sql,
		"SELECT x.stage_id, COALESCE(x.owner_id, 0), x.done_secs, x.running_us, x.secs,"
		" TIMESTAMPDIFF(MICROSECOND, '1970-01-01', UTC_TIMESTAMP(6)) FROM ("
		" SELECT d.stage_id, d.owner_id, d.done_secs, d.running_us, NULL AS secs"
		" FROM stay_day d WHERE (%s)%s", filter, no_paused ? " AND d.paused = 0" : "");
	dashsum_args(&args, fargs);
	if (!err) err = dashsum_clean_days(&sql, &args, days);
	if (!err)
		err = string_appendf(&where, no_paused ? "(%s) AND NOT EXISTS (SELECT 1 FROM deal_pause p"
				     " WHERE p.deal_id = d.id AND p.ended_at IS NULL)" : "%s", filter);
	if (!err)
		err = dashsum_live(&sql, &args, "SELECT t.stage_id, d.owner_id, NULL, NULL,"
				   " TIMESTAMPDIFF(SECOND, t.entered_at, COALESCE(t.left_at, IF(d.status = 'open',"
				   " UTC_TIMESTAMP(6), COALESCE(d.closed_at, d.updated_at)))) FROM",
				   " JOIN deal_stay t ON t.deal_id = d.id", where.buf, fargs, days);
	string_clear(&where);
	if (!err) err = string_append(&sql, ") x");
	if (!err)
		err = db_prepare_args(&q, sql.buf, &args, 1);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	while (!err && db_step(q) == DB_ROW) {
		long long stage = db_col_int(q, 0), owner = db_col_int(q, 1), now_us = db_col_int(q, 5);

		if (db_col_text(q, 4)) {
			long long secs = db_col_int(q, 4);

			if (secs >= 0)
				err = fn(ctx, stage, owner, (double)secs);
			continue;
		}
		err = dashsum_list(db_col_text(q, 2), 0, now_us, stage, owner, fn, ctx);
		if (!err)
			err = dashsum_list(db_col_text(q, 3), 1, now_us, stage, owner, fn, ctx);
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

double dashsum_select(double *v, int n, int k)
{
	int lo = 0, hi = n - 1;

	if (n <= 0 || k < 0 || k >= n)
		return 0;
	while (lo < hi) {
		double pivot = v[lo + (hi - lo) / 2];
		int i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				double t = v[i];

				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return v[k];
	}
	return v[k];
}
