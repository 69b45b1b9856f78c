/* grading.c — the weekly customer grading run, set-based (R7.1–R7.3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "audit.h"
#include "clock.h"
#include "config.h"
#include "csv.h"
#include "db.h"
#include "err.h"
#include "grading.h"
#include "render.h"
#include "user.h"
#include "validate.h"

char grading_letter(double score, double a_min, double b_min, double c_min)
{
	return score >= a_min ? 'A' : score >= b_min ? 'B' : score >= c_min ? 'C' : 'D';
}

char grading_step(char grade, char target, char *candidate, int *runs)
{
	if (target == grade) {
		*candidate = 0;
		*runs = 0;
		return 0;
	}
	/* consecutive: the threshold crossed the same way as last run (A is
	 * the best letter, so "up" is a smaller letter) */
	*runs = *candidate && (target < grade) == (*candidate < grade) ? *runs + 1 : 1;
	*candidate = target;
	if (*runs >= 2 || !grade) {
		*candidate = 0;
		*runs = 0;
		return target;
	}
	return 0;
}

struct grading_config {
	double w_base, w_activity, w_potential, a_min, b_min, c_min;
};

static NEOERR *config_load_row(struct grading_config *c)
{
	DB_STMT *q;
	NEOERR *err;

	c->w_base = 0.40; c->w_activity = 0.35; c->w_potential = 0.25;
	c->a_min = 75; c->b_min = 55; c->c_min = 35;
	err = db_prepare(&q, "SELECT w_base, w_activity, w_potential, a_min, b_min, c_min"
			 " FROM grade_config WHERE id = 1");
	if (err)
		return nerr_pass(err);
	if (db_step(q) == DB_ROW) {
		c->w_base = db_col_double(q, 0);
		c->w_activity = db_col_double(q, 1);
		c->w_potential = db_col_double(q, 2);
		c->a_min = db_col_double(q, 3);
		c->b_min = db_col_double(q, 4);
		c->c_min = db_col_double(q, 5);
	}
	return nerr_pass(db_finalize(q));
}

static long long ms_since(const struct timeval *a)
{
	struct timeval b;

	gettimeofday(&b, NULL);
	return (b.tv_sec - a->tv_sec) * 1000LL + (b.tv_usec - a->tv_usec) / 1000;
}

/* The condition of a change this run (after the runs/candidate update). */
#define GRADING_CHUNK 20000

/* 1+2 of a run for customers lo..hi (see grading_run). */
static const char grading_upsert_sql[] =
			"INSERT INTO customer_score (customer_id, grade, base, activity, potential, score,"
			" target, candidate, runs, last_interaction_at, run_id, computed_at)"
			" SELECT u.id, u.grade, u.b, u.a, u.p, u.score, u.tg, IF(u.tg <=> u.grade, NULL, u.tg), IF(u.tg <=> u.grade, 0, 1), u.last_at, ?, ?"
			" FROM (SELECT t.id, t.grade, t.b, t.a, t.p, t.score,"
			"  CASE WHEN t.score >= ? THEN 'A' WHEN t.score >= ? THEN 'B' WHEN t.score >= ? THEN 'C'"
			"  ELSE 'D' END AS tg, t.last_at"
			" FROM (SELECT x.*, ROUND((? * x.b + ? * x.a + ? * x.p) / ?, 1) AS score FROM"
			"  (SELECT c.id, c.grade,"
			"    GREATEST(0, LEAST(100, 30 * COALESCE(w.n, 0) + LEAST(40, FLOOR(COALESCE(w.amt, 0) / 50000))"
			"     + 10 * COALESCE(g.on_time, 0) - 15 * COALESCE(g.late, 0))) AS b,"
			"    LEAST(100, 10 * GREATEST(0, COALESCE(a.n90, 0) - COALESCE(g.paid90, 0))"
			"     + 15 * COALESCE(g.tried90, 0)) AS a, COALESCE(p.score, 0) AS p, a.last_at"
			"   FROM customer c"
			"   LEFT JOIN (SELECT customer_id, COUNT(*) AS n, SUM(COALESCE(amount, 0)) AS amt"
			"     FROM deal WHERE status = 'won' AND customer_id BETWEEN ? AND ?"
			"     GROUP BY customer_id) w ON w.customer_id = c.id"
			"   LEFT JOIN (SELECT customer_id, SUM(at > ? - INTERVAL 90 DAY) AS n90, MAX(at) AS last_at"
			"     FROM activity WHERE customer_id BETWEEN ? AND ? GROUP BY customer_id) a"
			"     ON a.customer_id = c.id"
			/* the signal kinds over the (kind, at, user_id) index: payments in
			 * a year, trials and downloads in 90 days (payments are no
			 * interaction: taken off the 90-day count) */
			"   LEFT JOIN (SELECT customer_id, SUM(kind = 'paid_on_time') AS on_time,"
			"     SUM(kind = 'paid_late') AS late,"
			"     SUM(kind IN ('paid_on_time', 'paid_late') AND at > ? - INTERVAL 90 DAY) AS paid90,"
			"     SUM(kind IN ('trial', 'doc_download') AND at > ? - INTERVAL 90 DAY) AS tried90"
			"     FROM activity WHERE kind IN ('paid_on_time', 'paid_late', 'trial', 'doc_download')"
			"     AND at > ? - INTERVAL 365 DAY AND customer_id BETWEEN ? AND ? GROUP BY customer_id) g"
			"     ON g.customer_id = c.id"
			"   LEFT JOIN customer_potential p ON p.customer_id = c.id"
			"   WHERE c.id BETWEEN ? AND ?) x) t) u"
			" ON DUPLICATE KEY UPDATE"
			" runs = IF(VALUES(target) <=> VALUES(grade), 0, IF(candidate IS NOT NULL"
			"   AND (VALUES(target) < VALUES(grade)) = (candidate < VALUES(grade)), runs + 1, 1)),"
			" candidate = IF(VALUES(target) <=> VALUES(grade), NULL, VALUES(target)),"
			" grade = VALUES(grade), base = VALUES(base),"
			" activity = VALUES(activity), potential = VALUES(potential), score = VALUES(score),"
			" target = VALUES(target), last_interaction_at = VALUES(last_interaction_at),"
			" run_id = VALUES(run_id), computed_at = VALUES(computed_at)";

#define CHANGES " s.run_id = ? AND s.candidate IS NOT NULL AND (s.runs >= 2 OR s.grade IS NULL)"
/* An A/B customer silent for 90 days whose silence has no task yet. */
#define IDLE " s.run_id = ? AND c.grade IN ('A', 'B') AND c.owner_id IS NOT NULL" \
	" AND COALESCE(s.last_interaction_at, c.created_at) < ? - INTERVAL 90 DAY" \
	" AND NOT (s.idle_task_for <=> COALESCE(s.last_interaction_at, c.created_at))"

NEOERR *grading_run(int force, char *summary, size_t n)
{
	struct grading_config c;
	struct timeval start;
	char now[24];
	unsigned long long run = 0, scored = 0, changed = 0, tasks = 0;
	long long recent = 0, lo = 0, max = -1;
	const char *title;
	DB_STMT *q;
	NEOERR *err;

	gettimeofday(&start, NULL);
	clock_sql(clock_now(), now, sizeof(now));
	snprintf(summary, n, "skipped: graded within 6 days");
	if (!force) {
		err = db_int_query(&recent, NULL, "SELECT COUNT(*) FROM grade_run WHERE started_at >"
				   " ? - INTERVAL 6 DAY", "t", now);
		if (err || recent)
			return nerr_pass(err);
	}
	err = config_load_row(&c);
	if (!err && c.w_base + c.w_activity + c.w_potential <= 0)
		err = nerr_raise(ERR_BAD_REQUEST, "grading weights add up to 0");
	if (!err)
		err = db_begin();
	if (!err)
		err = db_execf(&run, "INSERT INTO grade_run (started_at, forced) VALUES (?, ?)", "ti",
			       now, (long long)force);
	/* 1+2. every customer's dimensions, score and target, and the pending
	 * change, in one statement.  Two consecutive runs crossing the same
	 * way: the target differs from the grade as the candidate did → runs
	 * + 1, else 1; equal → nothing pending.  ON DUPLICATE KEY UPDATE
	 * assigns left to right, so runs reads the old candidate, and both read
	 * the new grade as VALUES(grade). */
	if (!err)
		err = db_int_query(&lo, NULL, "SELECT COALESCE(MIN(id), 0) FROM customer", "");
	if (!err)
		err = db_int_query(&max, NULL, "SELECT COALESCE(MAX(id), -1) FROM customer", "");
	/* chunks of GRADING_CHUNK ids: each statement stays short (the client's
	 * 30 s read timeout) while the run stays one transaction */
	for (; !err && lo <= max; lo += GRADING_CHUNK) {
		long long hi = lo + GRADING_CHUNK - 1;

		err = db_prepare(&q, grading_upsert_sql);
		if (err)
			break;
		db_bind_int(q, 1, (long long)run);
		db_bind_text(q, 2, now);
		db_bind_double(q, 3, c.a_min);
		db_bind_double(q, 4, c.b_min);
		db_bind_double(q, 5, c.c_min);
		db_bind_double(q, 6, c.w_base);
		db_bind_double(q, 7, c.w_activity);
		db_bind_double(q, 8, c.w_potential);
		db_bind_double(q, 9, c.w_base + c.w_activity + c.w_potential);
		db_bind_int(q, 10, lo);
		db_bind_int(q, 11, hi);
		db_bind_text(q, 12, now);
		db_bind_int(q, 13, lo);
		db_bind_int(q, 14, hi);
		db_bind_text(q, 15, now);
		db_bind_text(q, 16, now);
		db_bind_text(q, 17, now);
		db_bind_int(q, 18, lo);
		db_bind_int(q, 19, hi);
		db_bind_int(q, 20, lo);
		db_bind_int(q, 21, hi);
		db_step(q);
		err = db_finalize(q);
	}
	if (!err)
		err = db_int_query((long long *)&scored, NULL, "SELECT COUNT(*) FROM customer_score"
				   " WHERE run_id = ?", "i", (long long)run);
	/* 3. the changes: history, the customer, the state */
	if (!err)
		err = db_execf(&changed, "INSERT INTO grade_history (customer_id, run_id, old_grade,"
			       " new_grade, score, at) SELECT s.customer_id, s.run_id, s.grade, s.candidate,"
			       " s.score, ? FROM customer_score s WHERE" CHANGES, "ti", now, (long long)run);
	if (!err)
		err = db_int_query((long long *)&changed, NULL, "SELECT COUNT(*) FROM grade_history"
				   " WHERE run_id = ?", "i", (long long)run);
	if (!err)
		err = db_execf(NULL, "UPDATE customer c JOIN customer_score s ON s.customer_id = c.id"
			       " SET c.grade = s.candidate, c.updated_at = ? WHERE" CHANGES, "ti", now,
			       (long long)run);
	if (!err)
		err = db_execf(NULL, "UPDATE customer_score s SET s.grade = s.candidate, s.candidate = NULL,"
			       " s.runs = 0 WHERE" CHANGES, "i", (long long)run);
	/* 4. A/B customers silent for 90 days: one task for the customer (on
	 * its latest deal when it has one) */
	title = render_text(render_lang_index(config_get("Notify.Lang")), "Grade.IdleTask");
	if (!err)
		err = db_prepare(&q, "INSERT INTO task (deal_id, customer_id, kind, stage_id, title, role_code,"
				 " assignee_id, due_at, created_at)"
				 " SELECT d.id, c.id, 'idle', d.stage_id, ?, 'sales_rep', c.owner_id, ? + INTERVAL 3 DAY, ?"
				 " FROM customer_score s JOIN customer c ON c.id = s.customer_id"
				 " LEFT JOIN deal d ON d.id = (SELECT MAX(d2.id) FROM deal d2 WHERE d2.customer_id = c.id)"
				 " WHERE" IDLE);
	if (!err) {
		db_bind_text(q, 1, title && *title ? title : "90 days without contact");
		db_bind_text(q, 2, now);
		db_bind_text(q, 3, now);
		db_bind_int(q, 4, (long long)run);
		db_bind_text(q, 5, now);
		db_step(q);
		tasks = db_affected(q);
		err = db_finalize(q);
	}
	if (!err)
		err = db_execf(NULL, "UPDATE customer_score s JOIN customer c ON c.id = s.customer_id"
			       " SET s.idle_task_for = COALESCE(s.last_interaction_at, c.created_at)"
			       " WHERE" IDLE,
			       "it", (long long)run, now);
	if (!err)
		err = db_execf(NULL, "UPDATE grade_run SET customers = ?, changed = ?, tasks = ?,"
			       " duration_ms = ? WHERE id = ?", "iiiii", (long long)scored,
			       (long long)changed, (long long)tasks, ms_since(&start), (long long)run);
	err = db_finish(err);
	snprintf(summary, n, "customers=%llu changed=%llu idle_tasks=%llu ms=%lld", scored, changed,
		 tasks, ms_since(&start));
	return nerr_pass(err);
}

NEOERR *grading_job(char *summary, size_t n)
{
	return nerr_pass(grading_run(0, summary, n));
}

NEOERR *grading_fill(REQUEST *req, const char *node, long long customer_id)
{
	DB_STMT *q;
	HDF *g = NULL;
	int k = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT score, base, activity, potential, candidate, runs, computed_at"
			 " FROM customer_score WHERE customer_id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, customer_id);
	if (db_step(q) == DB_ROW) {
		err = hdf_get_node(req->hdf, node, &g);
		if (!err) err = hdf_set_value(g, "Score", db_col_text(q, 0));
		if (!err) err = hdf_set_value(g, "Base", db_col_text(q, 1));
		if (!err) err = hdf_set_value(g, "Activity", db_col_text(q, 2));
		if (!err) err = hdf_set_value(g, "Potential", db_col_text(q, 3));
		if (!err) err = render_set(g, "Candidate", db_col_text(q, 4));
		if (!err) err = hdf_set_value(g, "Runs", db_col_text(q, 5));
		if (!err) err = render_set_time(req, g, "At", db_col_text(q, 6));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err)
		err = db_prepare(&q, "SELECT at, old_grade, new_grade, score FROM grade_history"
				 " WHERE customer_id = ? ORDER BY id DESC LIMIT 20");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, customer_id);
	while (!err && db_step(q) == DB_ROW) {
		char path[40];
		HDF *h;

		snprintf(path, sizeof(path), "%s.History.%d", node, k++);
		err = hdf_get_node(req->hdf, path, &h);
		if (!err) err = render_set_time(req, h, "At", db_col_text(q, 0));
		if (!err) err = render_set(h, "Old", db_col_text(q, 1));
		if (!err) err = hdf_set_value(h, "New", db_col_text(q, 2));
		if (!err) err = hdf_set_value(h, "Score", db_col_text(q, 3));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

/* ---- /admin/grading ---------------------------------------------------- */

static const char *const fields[] = { "w_base", "w_activity", "w_potential", "a_min", "b_min", "c_min" };
#define NFIELDS 6

static NEOERR *grading_page(REQUEST *req)
{
	struct grading_config c;
	HDF *e, *typed = hdf_get_obj(req->hdf, "Form.Typed");
	double v[NFIELDS];
	NEOERR *err = config_load_row(&c);

	v[0] = c.w_base; v[1] = c.w_activity; v[2] = c.w_potential;
	v[3] = c.a_min; v[4] = c.b_min; v[5] = c.c_min;
	if (!err)
		err = hdf_get_node(req->hdf, "Grading", &e);
	for (int i = 0; !err && i < NFIELDS; i++) {
		const char *t = typed ? hdf_get_value(typed, fields[i], NULL) : NULL;
		char buf[32];

		if (i < 3)
			snprintf(buf, sizeof(buf), "%.2f", v[i]);
		else
			snprintf(buf, sizeof(buf), "%.1f", v[i]);
		err = hdf_set_value(e, fields[i], t ? t : buf);
	}
	if (!err) {
		DB_STMT *q;
		static const char *const names[] = { "At", "Customers", "Changed", "Tasks", "Ms" };

		err = db_prepare(&q, "SELECT started_at, customers, changed, tasks, duration_ms FROM grade_run"
				 " ORDER BY id DESC LIMIT 10");
		if (!err)
			err = render_rows(req->hdf, "Grading.Runs", q, names, 5, NULL);
	}
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-grading");
	req->template_name = "admin_grading.cs";
	return nerr_pass(err);
}

NEOERR *admin_grading(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	if (!err)
		err = grading_page(req);
	return nerr_pass(err);
}

NEOERR *admin_grading_save(REQUEST *req)
{
	double v[NFIELDS];
	char after[200];
	HDF *f;
	const char *bad = NULL;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	for (int i = 0; !err && i < NFIELDS; i++) {
		const char *s = request_param(req, fields[i]);

		if (!s) {
			if (!hdf_get_value(f, fields[i], NULL))
				err = hdf_set_value(f, fields[i], "Valid.Required");
			bad = "missing";
			continue;
		}
		v[i] = strtod(s, NULL);
		if (i >= 3 && v[i] > 100) {
			err = hdf_set_value(f, fields[i], "Grade.E.Range");
			bad = "range";
		}
	}
	if (!err && !bad && v[0] + v[1] + v[2] <= 0) {
		err = hdf_set_value(f, "w_base", "Grade.E.Weights");
		bad = "weights";
	}
	if (!err && !bad && !(v[3] > v[4] && v[4] > v[5])) {
		err = hdf_set_value(f, "a_min", "Grade.E.Order");
		bad = "order";
	}
	if (err)
		return nerr_pass(err);
	if (bad || req->param_errors) {
		err = grading_page(req);
		req->status = 400;
		return nerr_pass(err);
	}
	snprintf(after, sizeof(after), "w_base=%.2f w_activity=%.2f w_potential=%.2f A>=%.1f B>=%.1f C>=%.1f",
		 v[0], v[1], v[2], v[3], v[4], v[5]);
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "INSERT INTO grade_config (id, w_base, w_activity, w_potential, a_min,"
			       " b_min, c_min) VALUES (1, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
			       " w_base = VALUES(w_base), w_activity = VALUES(w_activity),"
			       " w_potential = VALUES(w_potential), a_min = VALUES(a_min),"
			       " b_min = VALUES(b_min), c_min = VALUES(c_min)", "dddddd",
			       v[0], v[1], v[2], v[3], v[4], v[5]);
	if (!err) {
		struct audit_event ev = { "grading.config", "grade_config", 1, NULL, NULL, after };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/admin/grading?done=Saved");
	return nerr_pass(err);
}

NEOERR *customer_potential_save(REQUEST *req)
{
	const char *v = request_param(req, "potential");
	const char *note = request_param(req, "note");
	long long score = v ? strtoll(v, NULL, 10) : -1;
	long long exists = 0;
	char after[260], path[80];
	NEOERR *err;

	if (req->param_errors || (v && (score < 0 || score > 100)))
		return nerr_raise(ERR_BAD_REQUEST, "potential must be 0-100");
	err = db_begin();
	if (!err)
		err = db_int_query(&exists, NULL, "SELECT COUNT(*) FROM customer WHERE id = ?", "i",
				   req->ids[0]);
	if (!err && !exists)
		err = nerr_raise(ERR_NOT_FOUND, "customer %lld", req->ids[0]);
	if (!err && v)
		err = db_execf(NULL, "INSERT INTO customer_potential (customer_id, score, note, updated_by,"
			       " updated_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE"
			       " score = VALUES(score), note = VALUES(note), updated_by = VALUES(updated_by),"
			       " updated_at = VALUES(updated_at)", "iiti", req->ids[0], score, note,
			       req->user->id);
	else if (!err)
		err = db_execf(NULL, "DELETE FROM customer_potential WHERE customer_id = ?", "i",
			       req->ids[0]);
	if (!err) {
		struct audit_event ev = { "customer.potential", "customer", req->ids[0], "potential",
					  NULL, after };

		if (v)
			snprintf(after, sizeof(after), "%lld%s%s", score, note ? "; " : "", note ? note : "");
		else
			snprintf(after, sizeof(after), "removed");
		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	snprintf(path, sizeof(path), "/customers/%lld?done=Saved#grade", req->ids[0]);
	if (!err)
		err = request_redirect(req, path);
	return nerr_pass(err);
}

/* ---- POST /admin/grading/potential: potential signals from a CSV ------------
 * Header (any order, Chinese or English): 客户编号/customer_id (or
 * 客户名称/customer), 潜力/potential (0–100), 说明/note (optional).  Every
 * row is checked first; if any has a problem nothing is imported and the
 * page lists each problem row (its number as a spreadsheet shows it, the
 * column, the reason).  Otherwise every row is upserted into
 * customer_potential in one transaction, each audited as a manual entry
 * (customer.potential, "<score>; <note> (CSV)") plus one
 * grading.potential.import row for the file. */

#define IMPORT_MAX 5000

enum { PI_ID, PI_NAME, PI_SCORE, PI_NOTE, PI_N };

static int potential_column(const char *h)
{
	static const struct { const char *name; int col; } names[] = {
		{ "客户编号", PI_ID }, { "customer_id", PI_ID }, { "id", PI_ID },
		{ "客户名称", PI_NAME }, { "客户", PI_NAME }, { "customer", PI_NAME }, { "name", PI_NAME },
		{ "潜力", PI_SCORE }, { "潜力分", PI_SCORE }, { "potential", PI_SCORE }, { "score", PI_SCORE },
		{ "说明", PI_NOTE }, { "备注", PI_NOTE }, { "note", PI_NOTE },
	};

	while (*h == ' ')
		h++;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(h, names[i].name))
			return names[i].col;
	return -1;
}

struct potential_row {
	long long customer, score;
	char note[801];
};

static NEOERR *potential_problem(REQUEST *req, int *nbad, long long record, const char *column,
				 const char *reason)
{
	HDF *row;
	NEOERR *err = render_row(req->hdf, "Grading.ImportErrors", (*nbad)++, &row);

	if (!err) err = hdf_set_int_value(row, "Row", (int)record);
	if (!err) err = render_set(row, "Column", column);
	if (!err) err = hdf_set_value(row, "Reason", reason);
	return nerr_pass(err);
}

static NEOERR *potential_refuse(REQUEST *req, const char *reason)
{
	NEOERR *err = reason ? hdf_set_value(req->hdf, "Form.Errors.file", reason) : STATUS_OK;

	req->status = 400;
	if (!err)
		err = grading_page(req);
	return nerr_pass(err);
}

/* One data row to a customer and a score, or a problem reported. */
static NEOERR *potential_check(REQUEST *req, const struct csv_row *r, const int *map,
			       struct potential_row *out, int *nbad, int *ok)
{
	const char *id = map[PI_ID] >= 0 && (size_t)map[PI_ID] < r->nfields ? r->fields[map[PI_ID]] : NULL;
	const char *name = map[PI_NAME] >= 0 && (size_t)map[PI_NAME] < r->nfields ? r->fields[map[PI_NAME]] : NULL;
	const char *score = (size_t)map[PI_SCORE] < r->nfields ? r->fields[map[PI_SCORE]] : "";
	const char *note = map[PI_NOTE] >= 0 && (size_t)map[PI_NOTE] < r->nfields ? r->fields[map[PI_NOTE]] : "";
	char *end;
	long long n = 0;
	NEOERR *err = STATUS_OK;

	*ok = 0;
	memset(out, 0, sizeof(*out));
	if (r->error == CSV_E_ENCODING || r->error == CSV_E_NUL)
		return nerr_pass(potential_problem(req, nbad, r->record, NULL, "Grade.IE.Encoding"));
	if (id && *id) {
		long long v = strtoll(id, &end, 10);

		if (v > 0 && !*end)
			err = db_int_query(&n, NULL, "SELECT COUNT(*) FROM customer WHERE id = ?", "i", v);
		if (!err && n == 1)
			out->customer = v;
	} else if (name && *name) {
		err = db_int_query(&n, NULL, "SELECT COUNT(*) FROM customer WHERE name = ?", "t", name);
		if (!err && n > 1)
			return nerr_pass(potential_problem(req, nbad, r->record, "customer",
							   "Grade.IE.Ambiguous"));
		if (!err && n == 1)
			err = db_int_query(&out->customer, NULL, "SELECT id FROM customer WHERE name = ?",
					   "t", name);
	}
	if (err)
		return nerr_pass(err);
	if (!out->customer)
		return nerr_pass(potential_problem(req, nbad, r->record, "customer", "Grade.IE.Customer"));
	out->score = strtoll(score, &end, 10);
	if (!*score || *end || out->score < 0 || out->score > 100)
		return nerr_pass(potential_problem(req, nbad, r->record, "potential", "Grade.IE.Score"));
	if (validate_chars(note) > 200)
		return nerr_pass(potential_problem(req, nbad, r->record, "note", "Grade.IE.Note"));
	snprintf(out->note, sizeof(out->note), "%s", note);
	*ok = 1;
	return STATUS_OK;
}

NEOERR *admin_grading_import(REQUEST *req)
{
	const char *name = request_param(req, "file");
	const char *encoding = request_param(req, "encoding");
	enum csv_encoding enc = CSV_UTF8;
	struct csv_limits lim = { 16, 4096, IMPORT_MAX + 2 };
	struct potential_row *rows = NULL;
	struct csv_row r;
	CSV_READER *cr;
	int map[PI_N], n = 0, nbad = 0, rc, header = 1;
	FILE *fp;
	char after[120];
	NEOERR *err = STATUS_OK;

	if (req->param_errors)
		return nerr_pass(potential_refuse(req, NULL));
	if (encoding && strcmp(encoding, "auto") && strcmp(encoding, "utf-8") && strcmp(encoding, "gbk"))
		return nerr_pass(potential_refuse(req, "Valid.Unknown"));
	fp = name ? cgi_filehandle(req->cgi, "file") : NULL;
	if (!fp)
		return nerr_pass(potential_refuse(req, "Valid.File"));
	if (fseek(fp, 0, SEEK_SET))
		return nerr_pass(potential_refuse(req, "Grade.IE.Unreadable"));
	if (encoding && !strcmp(encoding, "gbk"))
		enc = CSV_GBK;
	else if ((!encoding || !strcmp(encoding, "auto")) && csv_detect_file(fp, &enc) < 0)
		return nerr_pass(potential_refuse(req, "Grade.IE.Unreadable"));
	cr = csv_open_file(fp, enc, &lim);
	if (!cr)
		return nerr_raise(NERR_NOMEM, "csv reader");
	rows = calloc(IMPORT_MAX, sizeof(*rows));
	if (!rows) {
		csv_close(cr);
		return nerr_raise(NERR_NOMEM, "potential rows");
	}
	while (!err && (rc = csv_next(cr, &r)) == 1) {
		int ok = 0, empty = 1;

		for (size_t i = 0; i < r.nfields; i++)
			if (r.lens[i])
				empty = 0;
		if (empty)
			continue;
		if (header) {
			header = 0;
			for (int c = 0; c < PI_N; c++)
				map[c] = -1;
			for (size_t i = 0; i < r.nfields; i++) {
				int c = potential_column(r.fields[i]);

				if (c >= 0 && map[c] < 0)
					map[c] = (int)i;
			}
			if ((map[PI_ID] < 0 && map[PI_NAME] < 0) || map[PI_SCORE] < 0)
				break;
			continue;
		}
		if (n >= IMPORT_MAX) {
			n = -1;
			break;
		}
		err = potential_check(req, &r, map, &rows[n], &nbad, &ok);
		for (int j = 0; !err && ok && j < n; j++)
			if (rows[j].customer == rows[n].customer) {
				err = potential_problem(req, &nbad, r.record, "customer", "Grade.IE.Duplicate");
				ok = 0;
			}
		if (ok)
			n++;
	}
	csv_close(cr);
	if (!err && header)
		err = potential_refuse(req, "Grade.IE.Empty");
	else if (!err && ((map[PI_ID] < 0 && map[PI_NAME] < 0) || map[PI_SCORE] < 0))
		err = potential_refuse(req, "Grade.IE.Header");
	else if (!err && n < 0)
		err = potential_refuse(req, "Grade.IE.TooMany");
	else if (!err && nbad)
		err = potential_refuse(req, "Grade.IE.Rows");
	else if (!err && !n)
		err = potential_refuse(req, "Grade.IE.Empty");
	else if (!err) {
		err = db_begin();
		for (int i = 0; !err && i < n; i++) {
			char audit_after[900];
			struct audit_event ev = { "customer.potential", "customer", rows[i].customer,
						  "potential", NULL, audit_after };

			err = db_execf(NULL, "INSERT INTO customer_potential (customer_id, score, note, updated_by,"
				       " updated_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE"
				       " score = VALUES(score), note = VALUES(note), updated_by = VALUES(updated_by),"
				       " updated_at = VALUES(updated_at)", "iiti", rows[i].customer, rows[i].score,
				       rows[i].note[0] ? rows[i].note : NULL, req->user->id);
			snprintf(audit_after, sizeof(audit_after), "%lld%s%s (CSV)", rows[i].score,
				 rows[i].note[0] ? "; " : "", rows[i].note);
			if (!err)
				err = audit_log(req, &ev);
		}
		if (!err) {
			struct audit_event ev = { "grading.potential.import", "grade_config", 1, NULL, NULL, after };

			snprintf(after, sizeof(after), "rows=%d", n);
			err = audit_log(req, &ev);
		}
		err = db_finish(err);
		if (!err)
			err = request_redirect(req, "/admin/grading?done=PotentialImported");
	}
	free(rows);
	return nerr_pass(err);
}
