/* heat.c — the dashboard's rep × week heat maps (R10.1): first response,
 * proposal delivery and objection rounds, one table-driven map each.
 *
 * The page reads heat_week (sql/0024): per metric, rep, region and ISO week
 * (Monday, UTC) a sum and a count, ≤ reps × regions × 8 rows, in the
 * reader's scope (user_scope_sql on the rep and region columns) and the
 * team/region filters.  The rows are kept by heat_refresh():
 *   - the scheduler's job heat_refresh (every minute) recomputes the current
 *     week and every week holding a row changed since the last pass (leads
 *     by updated_at, activities by id), drops weeks older than the window,
 *     and rebuilds the whole window once a day (a lead passed to another
 *     owner moves its answer to the new owner's row);
 *   - the page, before it reads, recomputes the (rep, week) cells of the
 *     rows changed since the last refresh (an answer given a second ago is
 *     on the map) — under the metric's heat_mark row lock, so refreshes
 *     take turns.
 * Changes are found with a 5 s overlap on lead.updated_at (a transaction
 * that set it and committed a little later is still seen).
 *
 * The first proposal of each deal (the owner's sent_proposal on the deal's
 * customer, after the opening) is kept in heat_first_proposal from new
 * activities, so no view scans the activity table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "err.h"
#include "heat.h"
#include "pages.h"
#include "render.h"
#include "user.h"

#define HEAT_REPS 40
#define HEAT_PAIRS 200              /* (rep, week) cells recomputed one by one */
#define HEAT_OVERLAP_SECONDS 5

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

void heat_week_start(time_t t, int ago, char *out, size_t n)
{
	long long day = (long long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	time_t m = (time_t)((day - 7LL * ago - 6) * 86400);
	struct tm tm;

	gmtime_r(&m, &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
}

/* The day of a DATETIME column (heat_cell() finds its week). */
#define WEEK_OF(c) "DATE(" c ")"

struct heat_metric {
	const char *name;          /* heat_week.metric */
	const char *root;          /* HDF root: Heat, HeatProp, HeatObj */
	const char *region_col;    /* the region the scope and filter look at */
	const char *value;         /* the shown value from SUM(h.vsum), SUM(h.n) */
	/* one week's rows (rep, region, sum, count) from the raw data: binds
	 * the week's start and end, then (owner_sql) one rep */
	const char *cells, *owner_sql, *group;
	/* the (rep, week) cells changed since the mark: binds the mark, the
	 * window's start (and for activities the last id seen) */
	const char *changed;
	int by_activity;           /* changes found by activity id, else lead.updated_at */
	int (*level)(long long value);
	double scale;              /* value / scale is shown */
	const char *format;
};

static const struct heat_metric heat_first = {
	"first", "Heat", "h.region_id", "ROUND(SUM(h.vsum) / SUM(h.n))",
	"SELECT l.owner_id, COALESCE(l.region_id, 0),"
	" SUM(TIMESTAMPDIFF(MINUTE, l.created_at, l.first_response_at)), COUNT(*)"
	" FROM lead l WHERE l.first_response_at IS NOT NULL AND l.owner_id IS NOT NULL"
	" AND l.created_at >= ? AND l.created_at < ? + INTERVAL 7 DAY",
	" AND l.owner_id = ?", " GROUP BY 1, 2",
	"SELECT DISTINCT l.owner_id, " WEEK_OF("l.created_at") " FROM lead l"
	" WHERE l.updated_at >= ? AND l.created_at >= ? AND l.owner_id IS NOT NULL"
	" AND l.first_response_at IS NOT NULL LIMIT 1000",
	0, dashboard_heat_level, 60.0, "%.1f",
};

static const struct heat_metric heat_proposal = {
	"proposal", "HeatProp", "h.region_id", "ROUND(SUM(h.vsum) / SUM(h.n))",
	"SELECT d.owner_id, COALESCE(d.region_id, 0),"
	" SUM(TIMESTAMPDIFF(MINUTE, d.created_at, f.first_at)), COUNT(*)"
	" FROM heat_first_proposal f JOIN deal d ON d.id = f.deal_id"
	" WHERE d.owner_id IS NOT NULL AND f.first_at >= ? AND f.first_at < ? + INTERVAL 7 DAY",
	" AND d.owner_id = ?", " GROUP BY 1, 2",
	/* the new proposal's week and, when it is earlier than the one kept,
	 * the kept one's week */
	"SELECT DISTINCT d.owner_id, " WEEK_OF("a.at") ", " WEEK_OF("f.first_at")
	" FROM activity a FORCE INDEX (PRIMARY) JOIN deal d ON d.customer_id = a.customer_id"
	" AND d.owner_id = a.user_id AND a.at >= d.created_at LEFT JOIN heat_first_proposal f ON f.deal_id = d.id"
	" WHERE a.id > ? AND a.kind = 'sent_proposal' AND (f.first_at IS NULL OR a.at < f.first_at)"
	" AND a.at >= ? AND a.id <= ? LIMIT 1000",
	1, dashboard_proposal_level, 1440.0, "%.1f",
};

static const struct heat_metric heat_objection = {
	"objection", "HeatObj", "u.region_id", "ROUND(SUM(h.vsum) * 10 / SUM(h.n))",
	"SELECT a.user_id, 0, COUNT(*), COUNT(DISTINCT COALESCE(a.customer_id, -a.lead_id))"
	" FROM activity a WHERE a.kind = 'price_objection' AND a.at >= ? AND a.at < ? + INTERVAL 7 DAY",
	" AND a.user_id = ?", " GROUP BY 1",
	"SELECT DISTINCT a.user_id, " WEEK_OF("a.at") " FROM activity a FORCE INDEX (PRIMARY)"
	" WHERE a.id > ? AND a.kind = 'price_objection' AND a.at >= ? AND a.id <= ? LIMIT 1000",
	1, dashboard_objection_level, 10.0, "%.1f",
};

static const struct heat_metric *const heat_metrics[] = { &heat_first, &heat_proposal, &heat_objection };
#define N_METRICS (sizeof(heat_metrics) / sizeof(heat_metrics[0]))

struct heat_pair {
	long long owner;
	char week[12];
};

struct heat_mark {
	int found;
	long long upto_id;
	char upto_at[32], built_on[12];
};

static NEOERR *mark_read(const struct heat_metric *m, int lock, struct heat_mark *k)
{
	DB_STMT *q;
	NEOERR *err;

	memset(k, 0, sizeof(*k));
	err = db_prepare(&q, lock ? "SELECT upto_id, upto_at, COALESCE(built_on, '') FROM heat_mark"
				    " WHERE metric = ? FOR UPDATE"
				  : "SELECT upto_id, upto_at, COALESCE(built_on, '') FROM heat_mark WHERE metric = ?");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, m->name);
	if (db_step(q) == DB_ROW) {
		k->found = 1;
		k->upto_id = db_col_int(q, 0);
		snprintf(k->upto_at, sizeof(k->upto_at), "%s", db_col_text(q, 1));
		snprintf(k->built_on, sizeof(k->built_on), "%s", db_col_text(q, 2));
	}
	return nerr_pass(db_finalize(q));
}

/* Replaces the rows of one week (all reps, or one). */
static NEOERR *heat_cells(const struct heat_metric *m, const char *week, long long owner)
{
	char sql[1024];
	struct { long long owner, region, sum, n; } rows[512];
	int nr = 0;
	DB_STMT *q;
	NEOERR *err;

	err = owner ? db_execf(NULL, "DELETE FROM heat_week WHERE metric = ? AND week = ? AND owner_id = ?",
			       "tti", m->name, week, owner)
		    : db_execf(NULL, "DELETE FROM heat_week WHERE metric = ? AND week = ?", "tt", m->name, week);
	snprintf(sql, sizeof(sql), "%s%s%s", m->cells, owner ? m->owner_sql : "", m->group);
	if (!err)
		err = db_prepare(&q, sql);
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, week);
	db_bind_text(q, 2, week);
	if (owner)
		db_bind_int(q, 3, owner);
	while (db_step(q) == DB_ROW && nr < (int)(sizeof(rows) / sizeof(rows[0]))) {
		rows[nr].owner = db_col_int(q, 0);
		rows[nr].region = db_col_int(q, 1);
		rows[nr].sum = db_col_int(q, 2);
		rows[nr].n = db_col_int(q, 3);
		nr++;
	}
	err = db_finalize(q);
	for (int i = 0; !err && i < nr; i++)
		err = db_execf(NULL, "INSERT INTO heat_week (metric, owner_id, region_id, week, vsum, n)"
			       " VALUES (?, ?, ?, ?, ?, ?)", "tiitii", m->name, rows[i].owner, rows[i].region,
			       week, rows[i].sum, rows[i].n);
	return nerr_pass(err);
}

/* New proposals into heat_first_proposal: ids (from, to], in chunks so
 * each statement stays short (the client's 30 s read timeout) on a first
 * build over millions of activities. */
#define HEAT_CHUNK 250000
static NEOERR *heat_first_proposals(long long from, long long to)
{
	NEOERR *err = STATUS_OK;

	for (long long lo = from; !err && lo < to; lo += HEAT_CHUNK)
		err = db_execf(NULL,
			"INSERT INTO heat_first_proposal (deal_id, first_at)"
			" SELECT d.id, MIN(a.at) FROM activity a JOIN deal d ON d.customer_id = a.customer_id"
			" AND d.owner_id = a.user_id AND a.at >= d.created_at"
			" WHERE a.id > ? AND a.id <= ? AND a.kind = 'sent_proposal' GROUP BY d.id"
			" ON DUPLICATE KEY UPDATE first_at = LEAST(first_at, VALUES(first_at))", "ii",
			lo, lo + HEAT_CHUNK < to ? lo + HEAT_CHUNK : to);
	return nerr_pass(err);
}

/* `salesgate heat`: the proposals' waits (sql/0029, kept by triggers)
 * rebuilt from the activities: each proposal's next entry is the one after
 * it in its customer's timeline (LEAD), by ranges of customers read along
 * k_activity_customer so each statement stays short; the triggers are off
 * meanwhile (@sg_bulk) and the day sums are made set-based at the end.
 * For a repair or after a bulk load. */
#define WAIT_CUSTOMERS 250
static NEOERR *heat_proposal_waits(void)
{
	long long top = 0;
	NEOERR *err = db_execf(NULL, "SET @sg_bulk = 1", "");

	if (!err) err = db_execf(NULL, "DELETE FROM proposal_wait_day", "");
	if (!err) err = db_execf(NULL, "DELETE FROM proposal_wait", "");
	if (!err) err = db_int_query(&top, NULL, "SELECT COALESCE(MAX(id), 0) FROM customer", "");
	for (long long lo = 0; !err && lo < top; lo += WAIT_CUSTOMERS)
		err = db_execf(NULL,
			"INSERT INTO proposal_wait (activity_id, user_id, customer_id, at, next_at)"
			" SELECT x.id, x.user_id, x.customer_id, x.at, x.next_at FROM ("
			"  SELECT id, kind, user_id, customer_id, at,"
			"  LEAD(at) OVER (PARTITION BY customer_id ORDER BY at, id) AS next_at"
			"  FROM activity FORCE INDEX (k_activity_customer)"
			"  WHERE customer_id > ? AND customer_id <= ?) x"
			" WHERE x.kind = 'sent_proposal'", "ii", lo, lo + WAIT_CUSTOMERS);
	if (!err)
		err = db_execf(NULL, "INSERT INTO proposal_wait_day (user_id, day, minutes, n)"
			       " SELECT user_id, DATE(at), SUM(TIMESTAMPDIFF(MINUTE, at, next_at)), COUNT(*)"
			       " FROM proposal_wait WHERE next_at IS NOT NULL GROUP BY user_id, DATE(at)", "");
	{
		NEOERR *off = db_execf(NULL, "SET @sg_bulk = NULL", "");

		if (err)
			nerr_ignore(&off);
		else
			err = off;
	}
	return nerr_pass(err);
}

/* Adds the cell of a day ("YYYY-MM-DD", in window weeks[w] when
 * weeks[w] <= day < weeks[w + 1]); 0 when the list is full. */
static int pair_add(struct heat_pair *p, int *np, long long owner, const char *day,
		    char weeks[HEAT_WEEKS][12], const char *today)
{
	int w = HEAT_WEEKS - 1;

	if (!day || strcmp(day, weeks[0]) < 0 || strcmp(day, today) > 0)
		return 1;
	while (w > 0 && strcmp(day, weeks[w]) < 0)
		w--;
	for (int i = 0; i < *np; i++)
		if (p[i].owner == owner && !strcmp(p[i].week, weeks[w]))
			return 1;
	if (*np == HEAT_PAIRS)
		return 0;
	p[*np].owner = owner;
	snprintf(p[*np].week, sizeof(p[*np].week), "%s", weeks[w]);
	(*np)++;
	return 1;
}

/* One metric's refresh in its own transaction.  page: only the changed
 * cells (when there are at most HEAT_PAIRS of them); else the current week,
 * the changed weeks, and (full) the whole window. */
static NEOERR *heat_refresh_metric(const struct heat_metric *m, int page, int full, int *cells)
{
	struct heat_pair pairs[HEAT_PAIRS];
	struct heat_mark k;
	char now[32], since[32], from[12], today[12], weeks[HEAT_WEEKS][12];
	long long last_id = 0;
	int np = 0, all = 1, whole[HEAT_WEEKS] = { 0 };
	time_t t = time(NULL);
	DB_STMT *q;
	NEOERR *err;

	for (int w = 0; w < HEAT_WEEKS; w++)
		heat_week_start(t, HEAT_WEEKS - 1 - w, weeks[w], sizeof(weeks[w]));
	snprintf(from, sizeof(from), "%s", weeks[0]);
	{
		struct tm tm;
		time_t s = t - HEAT_OVERLAP_SECONDS;

		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y-%m-%d %H:%M:%S", &tm);
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		gmtime_r(&s, &tm);
		strftime(since, sizeof(since), "%Y-%m-%d %H:%M:%S", &tm);
	}
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "INSERT IGNORE INTO heat_mark (metric, upto_id, upto_at, refreshed_at)"
			       " VALUES (?, 0, '1970-01-01', ?)", "tt", m->name, now);
	if (!err)
		err = mark_read(m, 1, &k);
	/* the windows end today: a new day (or never built) rebuilds them all */
	if (!err && strcmp(k.built_on, today) && full < 1)
		full = 1;
	if (full)
		page = 0;
	if (!err && m->by_activity)
		err = db_int_query(&last_id, NULL, "SELECT COALESCE(MAX(id), 0) FROM activity", "");
	/* the changed cells (a full rebuild recomputes everything anyway) */
	if (!err && !full)
		err = db_prepare(&q, m->changed);
	if (!err && !full) {
		if (m->by_activity)
			db_bind_int(q, 1, k.upto_id);
		else
			db_bind_text(q, 1, k.upto_at);
		db_bind_text(q, 2, from);
		if (m->by_activity)
			db_bind_int(q, 3, last_id);
		while (db_step(q) == DB_ROW) {
			all &= pair_add(pairs, &np, db_col_int(q, 0), db_col_text(q, 1), weeks, today);
			if (db_col_count(q) > 2)
				all &= pair_add(pairs, &np, db_col_int(q, 0), db_col_text(q, 2), weeks, today);
		}
		err = db_finalize(q);
	}
	/* `salesgate heat` (full > 1) also refills the first proposals: the app
	 * never deletes an activity, but a restore or a hand-made fix may */
	if (!err && m == &heat_proposal && full > 1)
		err = db_execf(NULL, "DELETE FROM heat_first_proposal", "");
	if (!err && m == &heat_proposal && full > 1)
		err = heat_proposal_waits();
	if (!err && m == &heat_proposal && (full > 1 || last_id > (long long)k.upto_id))
		err = heat_first_proposals(k.built_on[0] && full < 2 ? (long long)k.upto_id : 0, last_id);
	if (!err && page && all) {
		for (int i = 0; !err && i < np; i++)
			err = heat_cells(m, pairs[i].week, pairs[i].owner);
		*cells += np;
	} else if (!err) {
		/* whole weeks: the current one, the changed ones, or all */
		whole[HEAT_WEEKS - 1] = 1;
		for (int i = 0; i < np; i++)
			for (int w = 0; w < HEAT_WEEKS; w++)
				if (!strcmp(pairs[i].week, weeks[w]))
					whole[w] = 1;
		if (full)
			err = db_execf(NULL, "DELETE FROM heat_week WHERE metric = ?", "t", m->name);
		for (int w = 0; !err && w < HEAT_WEEKS; w++)
			if (full || !all || whole[w]) {
				err = heat_cells(m, weeks[w], 0);
				(*cells)++;
			}
		if (!err)
			err = db_execf(NULL, "DELETE FROM heat_week WHERE metric = ? AND week < ?", "tt",
				       m->name, from);
	}
	if (!err)
		err = db_execf(NULL, "UPDATE heat_mark SET upto_id = GREATEST(upto_id, ?),"
			       " upto_at = GREATEST(upto_at, ?), refreshed_at = ?,"
			       " built_on = IF(?, ?, built_on) WHERE metric = ?", "ittitt", last_id,
			       since, now, (long long)full, today, m->name);
	return nerr_pass(db_finish(err));
}

/* Anything changed since the mark (no lock: the common case is nothing)? */
static NEOERR *heat_stale(const struct heat_metric *m, int *stale)
{
	struct heat_mark k;
	char from[12], today[12];
	long long n = 0;
	time_t t = time(NULL);
	struct tm tm;
	NEOERR *err = mark_read(m, 0, &k);

	*stale = 1;
	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (err || !k.found || strcmp(k.built_on, today))
		return nerr_pass(err);
	heat_week_start(t, HEAT_WEEKS - 1, from, sizeof(from));
	if (m->by_activity)
		err = db_int_query(&n, NULL, "SELECT COUNT(*) FROM (SELECT 1 FROM activity FORCE INDEX (PRIMARY)"
				   " WHERE id > ? AND kind = ? LIMIT 1) x", "it",
				   k.upto_id, m == &heat_proposal ? "sent_proposal" : "price_objection");
	else
		err = db_int_query(&n, NULL, "SELECT COUNT(*) FROM (SELECT 1 FROM lead WHERE updated_at >= ?"
				   " AND created_at >= ? AND first_response_at IS NOT NULL LIMIT 1) x", "tt",
				   k.upto_at, from);
	*stale = n > 0;
	return nerr_pass(err);
}

NEOERR *heat_refresh(int full, char *summary, size_t n)
{
	int cells = 0;
	NEOERR *err = STATUS_OK;

	for (size_t i = 0; !err && i < N_METRICS; i++)
		err = heat_refresh_metric(heat_metrics[i], 0, full ? 2 : 0, &cells);
	snprintf(summary, n, "weeks=%d", cells);
	return nerr_pass(err);
}

NEOERR *heat_job(char *summary, size_t n)
{
	return nerr_pass(heat_refresh(0, summary, n));
}

/* One map: the weeks' labels, then a row per rep. */
static NEOERR *heat_map(REQUEST *req, const struct heat_metric *m)
{
	static const char *const fills[] = { "#2e8b57", "#e0a800", "#c62828" };
	long long team = request_param_int(req, "team", 0);
	long long region = request_param_int(req, "region", 0);
	struct db_args args = { 0 };
	long long owners[HEAT_REPS];
	int nreps = 0, stale = 0, cells = 0;
	char weeks[HEAT_WEEKS][12], path[32];
	STRING sql;
	DB_STMT *q;
	NEOERR *err;
	HDF *root;

	err = heat_stale(m, &stale);
	if (!err && stale && !db_in_transaction())
		err = heat_refresh_metric(m, 1, 0, &cells);
	if (!err)
		err = hdf_get_node(req->hdf, m->root, &root);
	if (err)
		return nerr_pass(err);
	for (int w = 0; w < HEAT_WEEKS; w++) {
		HDF *row;

		heat_week_start(time(NULL), HEAT_WEEKS - 1 - w, weeks[w], sizeof(weeks[w]));
		err = render_row(root, "Weeks", w, &row);
		if (!err) err = hdf_set_value(row, "Label", weeks[w] + 5);   /* MM-DD */
		if (!err) err = hdf_set_int_value(row, "X", 150 + 55 * w);
		if (!err) err = hdf_set_int_value(row, "TextX", 150 + 55 * w + 25);
		if (err)
			return nerr_pass(err);
	}
	string_init(&sql);
	err = string_appendf(&sql, "SELECT h.owner_id, u.display_name, DATEDIFF(?, h.week) DIV 7, %s, SUM(h.n)"
			     " FROM heat_week h JOIN users u ON u.id = h.owner_id"
			     " WHERE h.metric = ? AND h.week >= ? AND ", m->value);
	db_args_text(&args, weeks[HEAT_WEEKS - 1]);
	db_args_text(&args, m->name);
	db_args_text(&args, weeks[0]);
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "h.owner_id", m->region_col, &sql, &args);
	if (!err && team) {
		err = string_append(&sql, " AND u.team_id = ?");
		db_args_int(&args, team);
	}
	if (!err && region) {
		err = string_appendf(&sql, " AND %s = ?", m->region_col);
		db_args_int(&args, region);
	}
	if (!err)
		err = string_append(&sql, " GROUP BY h.owner_id, u.display_name, h.week"
				    " ORDER BY u.display_name, h.owner_id");
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

NEOERR *heat_fill(REQUEST *req)
{
	NEOERR *err = STATUS_OK;

	for (size_t i = 0; !err && i < N_METRICS; i++)
		err = heat_map(req, heat_metrics[i]);
	return nerr_pass(err);
}
