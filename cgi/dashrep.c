/* dashrep.c — the rep's own dashboard (R10.1), the rep funnel-health score
 * (R10.3) with its weekly job, and "customer temporarily unreachable".
 *
 * /dashboard/me shows the signed-in person's funnel (open deals per stage,
 * their median days in each stage against their team's median), their open
 * and overdue tasks, first-response SLA breaches, the latest health score
 * and plain-language hints computed from the same numbers.  No amounts are
 * shown, so nothing policed leaves the server here.
 *
 * The score (dashboard_health_score): 40 % stage-time deviation (the mean
 * relative distance of the rep's median stay per stage from the team's),
 * 30 % tasks done on time (tasks due in the last 14 days), 30 % interaction
 * frequency (activities in the last 14 days against two per open deal).
 * Deals the rep marked "customer temporarily unreachable" leave the count
 * (no stays, no expected interactions) until the pause ends; 14 days on the
 * rep is reminded.  The rep_health job keeps one row per rep and ISO week
 * and notifies the rep's manager once per week when the score is below 70.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "clock.h"
#include "dashsum.h"
#include "db.h"
#include "deal.h"
#include "err.h"
#include "notify.h"
#include "pages.h"
#include "render.h"
#include "user.h"

#define REP_MAX_STAGES 20
#define HEALTH_ALERT_BELOW 70
#define PAUSE_REMIND_DAYS 14

/* Pure: the three parts (0–100 each) and the score.  stage_dev is the mean
 * relative deviation of the rep's median stays from the team's (0 = same),
 * negative when there is nothing to compare. */
int dashboard_health_score(double stage_dev, long long on_time, long long due, long long contacts,
			   long long open_deals, int parts[3])
{
	double a = stage_dev < 0 ? 100 : 100.0 - 100.0 * stage_dev;
	double b = due > 0 ? 100.0 * (double)on_time / (double)due : 100;
	double c = open_deals > 0 ? 100.0 * (double)contacts / (2.0 * (double)open_deals) : 100;

	a = a < 0 ? 0 : a > 100 ? 100 : a;
	b = b < 0 ? 0 : b > 100 ? 100 : b;
	c = c < 0 ? 0 : c > 100 ? 100 : c;
	parts[0] = (int)(0.5 + a);
	parts[1] = (int)(0.5 + b);
	parts[2] = (int)(0.5 + c);
	return (int)(0.5 + 0.4 * a + 0.3 * b + 0.3 * c);
}

/* Pure: the ISO week "2026-W48" of a time. */
void dashboard_period(long long t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, n, "%G-W%V", &tm);
}

struct rep_stage {
	long long id;
	int open;
	double *mine, *team;
	int nmine, nteam, capmine, capteam;
};

/* -1 for none; a selection, not a sort (600,000 stays in the bench) */
static double rep_median(double *v, int n)
{
	return n <= 0 ? -1 : dashboard_median(v, n);
}

static NEOERR *rep_push(double **v, int *n, int *cap, double x)
{
	if (*n == *cap) {
		int c = *cap ? 2 * *cap : 64;
		double *p = realloc(*v, (size_t)c * sizeof(*p));

		if (!p)
			return nerr_raise(NERR_NOMEM, "stays");
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = x;
	return STATUS_OK;
}

struct rep_stays_ctx {
	struct rep_stage *st;
	int nst;
	long long me;
};

static NEOERR *rep_stay(void *ctx, long long stage, long long owner, double secs)
{
	struct rep_stays_ctx *x = ctx;
	NEOERR *err;
	int c;

	for (c = 0; c < x->nst && x->st[c].id != stage; c++)
		;
	if (c == x->nst)
		return STATUS_OK;
	err = rep_push(&x->st[c].team, &x->st[c].nteam, &x->st[c].capteam, secs);
	if (!err && owner == x->me)
		err = rep_push(&x->st[c].mine, &x->st[c].nmine, &x->st[c].capmine, secs);
	return nerr_pass(err);
}

/* The stays of the team's deals in the pipeline (the rep's own when they
 * have no team); paused deals are left out.  From the per-day summary and
 * the raw stays of the days not summarised yet (dashsum.c). */
static NEOERR *rep_stays(REQUEST *req, long long pipeline, struct rep_stage *st, int nst)
{
	struct db_args fargs = { 0 };
	struct rep_stays_ctx x = { st, nst, req->user->id };

	db_args_int(&fargs, pipeline);
	db_args_int(&fargs, req->user->team_id);
	db_args_int(&fargs, req->user->id);
	return nerr_pass(dashsum_stays("d.pipeline_id = ? AND (d.owner_id IN (SELECT id FROM users WHERE team_id = ?)"
				       " OR d.owner_id = ?)", &fargs, 1, 0, rep_stay, &x));
}

static NEOERR *rep_hint(REQUEST *req, int *nh, const char *kind, HDF **row)
{
	NEOERR *err = render_row(req->hdf, "Me.Hints", (*nh)++, row);

	if (!err)
		err = hdf_set_value(*row, "Kind", kind);
	return nerr_pass(err);
}

static NEOERR *rep_funnel(REQUEST *req, long long pipeline, int *nh)
{
	struct rep_stage st[REP_MAX_STAGES];
	int nst = 0;
	DB_STMT *q;
	NEOERR *err;

	memset(st, 0, sizeof(st));
	err = db_prepare(&q, "SELECT id, name FROM stage WHERE pipeline_id = ? ORDER BY position");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, pipeline);
	while (!err && db_step(q) == DB_ROW && nst < REP_MAX_STAGES) {
		HDF *row;

		st[nst].id = db_col_int(q, 0);
		err = render_row(req->hdf, "Me.Stages", nst++, &row);
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && !nst)
		return nerr_raise(ERR_NOT_FOUND, "pipeline %lld", pipeline);
	/* the open deals per stage from the per-day summary and the raw deals
	 * of the days not summarised yet (a rep may own 190,000 of them) */
	if (!err) {
		struct db_args fargs = { 0 }, args = { 0 };
		STRING sql;

		string_init(&sql);
		db_args_int(&fargs, req->user->id);
		db_args_int(&fargs, pipeline);
		err = string_append(&sql, "SELECT g.stage_id, SUM(g.deals) FROM (");
		if (!err)
			err = dashsum_funnel_sql(&sql, &args, "d.owner_id = ? AND d.pipeline_id = ?", &fargs, 0);
		if (!err)
			err = string_append(&sql, ") g WHERE g.status = 'open' GROUP BY g.stage_id");
		if (!err)
			err = db_prepare_args(&q, sql.buf, &args, 1);
		string_clear(&sql);
	}
	if (err)
		return nerr_pass(err);
	while (db_step(q) == DB_ROW)
		for (int c = 0; c < nst; c++)
			if (st[c].id == db_col_int(q, 0))
				st[c].open = (int)db_col_int(q, 1);
	err = db_finalize(q);
	if (!err)
		err = rep_stays(req, pipeline, st, nst);
	for (int i = 0; !err && i < nst; i++) {
		double mine = rep_median(st[i].mine, st[i].nmine) / 86400.0;
		double team = rep_median(st[i].team, st[i].nteam) / 86400.0;
		char buf[32];
		HDF *row, *hint;

		err = render_row(req->hdf, "Me.Stages", i, &row);
		if (!err) err = hdf_set_int_value(row, "Open", st[i].open);
		if (!err && st[i].nmine) {
			snprintf(buf, sizeof(buf), "%.1f", mine);
			err = hdf_set_value(row, "Mine", buf);
		}
		if (!err && st[i].nteam) {
			snprintf(buf, sizeof(buf), "%.1f", team);
			err = hdf_set_value(row, "Team", buf);
		}
		/* bars of the two medians, 0..200 units for the longest */
		if (!err && st[i].nmine && st[i].nteam) {
			double top = mine > team ? mine : team;

			err = hdf_set_int_value(row, "MineBar", top > 0 ? (int)(200 * mine / top) : 0);
			if (!err) err = hdf_set_int_value(row, "TeamBar", top > 0 ? (int)(200 * team / top) : 0);
			if (!err) err = hdf_set_int_value(row, "MineX", 124 + (top > 0 ? (int)(200 * mine / top) : 0));
			if (!err) err = hdf_set_int_value(row, "TeamX", 124 + (top > 0 ? (int)(200 * team / top) : 0));
			if (!err) err = hdf_set_int_value(row, "Y", 6 + 44 * i);
			if (!err) err = hdf_set_int_value(row, "Y2", 6 + 44 * i + 18);
			if (!err) err = hdf_set_int_value(row, "TextY", 6 + 44 * i + 14);
			if (!err) err = hdf_set_int_value(row, "TextY2", 6 + 44 * i + 32);
			if (!err && team > 0 && mine > 1.3 * team && mine - team >= 0.5) {
				err = rep_hint(req, nh, "slow_stage", &hint);
				if (!err) err = hdf_set_value(hint, "Stage", hdf_get_value(row, "Name", ""));
				if (!err) err = hdf_set_value(hint, "Mine", hdf_get_value(row, "Mine", ""));
				if (!err) err = hdf_set_value(hint, "Team", hdf_get_value(row, "Team", ""));
			}
		}
	}
	for (int i = 0; i < nst; i++) {
		free(st[i].mine);
		free(st[i].team);
	}
	if (!err) err = hdf_set_int_value(req->hdf, "Me.ChartHeight", 12 + 44 * nst);
	return nerr_pass(err);
}

static NEOERR *rep_tasks(REQUEST *req, int *nh)
{
	static const char *const names[] = { "Id", "Title", "Due", "DealId", "DealName", "Overdue",
					     "CustomerId", "Customer" };
	long long open = 0, overdue = 0;
	DB_STMT *q;
	NEOERR *err;
	HDF *hint;

	err = db_prepare(&q, "SELECT COUNT(*), COALESCE(SUM(due_at < UTC_TIMESTAMP(6)), 0) FROM task"
			 " WHERE assignee_id = ? AND status = 'open'");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	if (db_step(q) == DB_ROW) {
		open = db_col_int(q, 0);
		overdue = db_col_int(q, 1);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(req->hdf, "Me.Tasks.Open", (int)open);
	if (!err) err = hdf_set_int_value(req->hdf, "Me.Tasks.Overdue", (int)overdue);
	if (!err)
		err = db_prepare(&q, "SELECT t.id, t.title, t.due_at, d.id, d.name, t.due_at < UTC_TIMESTAMP(6),"
				 " c.id, c.name FROM task t LEFT JOIN deal d ON d.id = t.deal_id"
				 " LEFT JOIN customer c ON c.id = COALESCE(t.customer_id, d.customer_id)"
				 " WHERE t.assignee_id = ? AND t.status = 'open' ORDER BY t.due_at, t.id LIMIT 10");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	err = render_rows(req->hdf, "Me.Tasks.List", q, names, 8, NULL);
	for (HDF *t = hdf_get_child(req->hdf, "Me.Tasks.List"); !err && t; t = hdf_obj_next(t)) {
		char due[32];

		snprintf(due, sizeof(due), "%s", hdf_get_value(t, "Due", ""));
		err = render_set_time(req, t, "Due", due);
	}
	if (!err && overdue) {
		err = rep_hint(req, nh, "overdue", &hint);
		if (!err) err = hdf_set_int_value(hint, "N", (int)overdue);
	}
	return nerr_pass(err);
}

/* First-response SLA over the leads of the last 30 days: the rep's
 * breaches (answered late, or not answered and past due) and their average
 * first response against the team's. */
static NEOERR *rep_sla(REQUEST *req, int *nh)
{
	long long late = 0, waiting = 0, leads = 0, my_sum = 0, my_cnt = 0;
	double mine = -1, team = -1;
	DB_STMT *q;
	NEOERR *err;
	HDF *hint;
	char buf[32];

	err = db_prepare(&q, "SELECT COUNT(*), COALESCE(SUM(first_response_at > sla_due_at), 0),"
			 " COALESCE(SUM(first_response_at IS NULL AND sla_due_at < UTC_TIMESTAMP(6)), 0),"
			 " COALESCE(SUM(TIMESTAMPDIFF(MINUTE, created_at, first_response_at)), 0),"
			 " COUNT(first_response_at)"
			 " FROM lead WHERE owner_id = ? AND created_at >= UTC_TIMESTAMP(6) - INTERVAL 30 DAY");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	if (db_step(q) == DB_ROW) {
		leads = db_col_int(q, 0);
		late = db_col_int(q, 1);
		waiting = db_col_int(q, 2);
		my_sum = db_col_int(q, 3);
		my_cnt = db_col_int(q, 4);
		if (my_cnt > 0)
			mine = (double)my_sum / (double)my_cnt;
	}
	err = db_finalize(q);
	if (!err && req->user->team_id) {
		/* member by member: one range on k_lead_sla_owner (owner, created)
		 * each, where a join reads every lead of each member (2 s at
		 * 1,000,000 leads); the reader's own sums are those above */
		long long ids[64], sum = my_sum, cnt = my_cnt;
		int nid = 0;

		err = db_prepare(&q, "SELECT id FROM users WHERE team_id = ? ORDER BY id LIMIT 64");
		if (err)
			return nerr_pass(err);
		db_bind_int(q, 1, req->user->team_id);
		while (db_step(q) == DB_ROW)
			if (db_col_int(q, 0) != req->user->id)
				ids[nid++] = db_col_int(q, 0);
		err = db_finalize(q);
		for (int i = 0; !err && i < nid; i++) {
			err = db_prepare(&q, "SELECT COALESCE(SUM(TIMESTAMPDIFF(MINUTE, created_at, first_response_at)), 0),"
					 " COUNT(first_response_at) FROM lead WHERE owner_id = ?"
					 " AND created_at >= UTC_TIMESTAMP(6) - INTERVAL 30 DAY");
			if (err)
				return nerr_pass(err);
			db_bind_int(q, 1, ids[i]);
			if (db_step(q) == DB_ROW) {
				sum += db_col_int(q, 0);
				cnt += db_col_int(q, 1);
			}
			err = db_finalize(q);
		}
		if (!err && cnt > 0)
			team = (double)sum / (double)cnt;
	}
	if (!err) err = hdf_set_int_value(req->hdf, "Me.Sla.Leads", (int)leads);
	if (!err) err = hdf_set_int_value(req->hdf, "Me.Sla.Late", (int)late);
	if (!err) err = hdf_set_int_value(req->hdf, "Me.Sla.Waiting", (int)waiting);
	if (!err && mine >= 0) {
		snprintf(buf, sizeof(buf), "%.1f", mine / 60);
		err = hdf_set_value(req->hdf, "Me.Sla.MineHours", buf);
	}
	if (!err && team >= 0) {
		snprintf(buf, sizeof(buf), "%.1f", team / 60);
		err = hdf_set_value(req->hdf, "Me.Sla.TeamHours", buf);
	}
	if (!err && late + waiting > 0) {
		err = rep_hint(req, nh, "sla", &hint);
		if (!err) err = hdf_set_int_value(hint, "N", (int)(late + waiting));
	}
	if (!err && mine >= 0 && team > 0 && mine > 1.3 * team && mine - team >= 30) {
		err = rep_hint(req, nh, "response", &hint);
		if (!err) err = hdf_set_value(hint, "Mine", hdf_get_value(req->hdf, "Me.Sla.MineHours", ""));
		if (!err) err = hdf_set_value(hint, "Team", hdf_get_value(req->hdf, "Me.Sla.TeamHours", ""));
	}
	return nerr_pass(err);
}

/* "After a proposal you wait N h on average": from each proposal the rep
 * sent (last 90 days) to the next interaction recorded on that customer. */
static NEOERR *rep_proposal_wait(REQUEST *req, int *nh)
{
	DB_STMT *q;
	NEOERR *err;
	HDF *hint;
	char buf[32];

	/* The waits are kept per proposal and summed per rep and day of the
	 * proposal (sql/0029): the whole days of the 90 from the sums, the
	 * window's first (partial) day from the rows. */
	err = db_prepare(&q, "SELECT SUM(x.m) / SUM(x.n), SUM(x.n) FROM ("
			 " SELECT d.minutes AS m, d.n FROM proposal_wait_day d WHERE d.user_id = ?"
			 "  AND d.day > DATE(UTC_TIMESTAMP(6) - INTERVAL 90 DAY)"
			 " UNION ALL SELECT TIMESTAMPDIFF(MINUTE, p.at, p.next_at), 1 FROM proposal_wait p"
			 "  WHERE p.user_id = ? AND p.at >= UTC_TIMESTAMP(6) - INTERVAL 90 DAY"
			 "  AND p.at < DATE(UTC_TIMESTAMP(6) - INTERVAL 90 DAY) + INTERVAL 1 DAY"
			 "  AND p.next_at IS NOT NULL) x");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, req->user->id);
	if (db_step(q) == DB_ROW && db_col_int(q, 1) > 0) {
		snprintf(buf, sizeof(buf), "%.0f", db_col_double(q, 0) / 60);
		err = rep_hint(req, nh, "proposal", &hint);
		if (!err) err = hdf_set_value(hint, "Hours", buf);
		if (!err) err = hdf_set_int_value(hint, "N", (int)db_col_int(q, 1));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

static NEOERR *rep_health_row(REQUEST *req, int *nh)
{
	static const char *const names[] = { "Score", "StagePart", "TaskPart", "ContactPart", "OpenDeals",
					     "PausedDeals", "Period" };
	DB_STMT *q;
	NEOERR *err;
	HDF *hint;

	err = db_prepare(&q, "SELECT score, stage_part, task_part, contact_part, open_deals, paused_deals, period"
			 " FROM rep_health WHERE user_id = ? ORDER BY period DESC LIMIT 1");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	if (db_step(q) == DB_ROW) {
		HDF *h = NULL;

		err = hdf_get_node(req->hdf, "Me.Health", &h);
		for (int i = 0; !err && i < 7; i++)
			err = render_set(h, names[i], db_col_text(q, i));
		if (!err) err = hdf_set_int_value(req->hdf, "Me.Health.Low", db_col_int(q, 0) < HEALTH_ALERT_BELOW);
		if (!err && db_col_int(q, 0) < HEALTH_ALERT_BELOW) {
			err = rep_hint(req, nh, "health", &hint);
			if (!err) err = hdf_set_value(hint, "N", db_col_text(q, 0));
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err)
		err = db_prepare(&q, "SELECT p.id, d.id, d.name, p.reason, p.started_at, p.remind_at"
				 " FROM deal_pause p JOIN deal d ON d.id = p.deal_id"
				 " WHERE d.owner_id = ? AND p.ended_at IS NULL ORDER BY p.id LIMIT 50");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	{
		static const char *const pn[] = { "Id", "DealId", "DealName", "Reason", "Started", "Remind" };

		err = render_rows(req->hdf, "Me.Pauses", q, pn, 6, NULL);
	}
	if (!err)
		/* newest first along k_deal_owner, stopping at 200: as an outer
		 * join MariaDB chose a join buffer over every deal of the owner
		 * and a sort (200,000 rows for the bench's rep_south1) */
		err = db_prepare(&q, "SELECT d.id, d.name FROM deal d FORCE INDEX (k_deal_owner)"
				 " WHERE d.owner_id = ? AND d.status = 'open' AND NOT EXISTS (SELECT 1 FROM deal_pause p"
				 "  WHERE p.deal_id = d.id AND p.ended_at IS NULL)"
				 " ORDER BY d.id DESC LIMIT 200");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	{
		static const char *const dn[] = { "Id", "Name" };

		err = render_rows(req->hdf, "Me.OpenDeals", q, dn, 2, NULL);
	}
	return nerr_pass(err);
}

/* ?user=N: the person whose dashboard a manager opens — in the reader's
 * edit scope (team / subtree / all, as /credibility's people), else 404.
 * *viewed is the reader with that person's id and team: the page's
 * queries read "their" numbers from req->user, the reader's language, zone
 * and capabilities stay. */
static NEOERR *dashboard_me_viewed(REQUEST *req, long long who, struct user *viewed)
{
	STRING sql;
	struct db_args args = { 0 };
	DB_STMT *q;
	int found = 0;
	NEOERR *err;

	*viewed = *req->user;
	string_init(&sql);
	err = string_append(&sql, "SELECT u.id, COALESCE(u.team_id, 0), u.display_name FROM users u"
			    " WHERE u.id = ? AND ");
	if (!err)
		err = user_scope_sql(req->user, req->user->edit_scope, "u.id", NULL, &sql, &args);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, who);
	db_bind_args(q, &args, 2);
	if (db_step(q) == DB_ROW) {
		found = 1;
		viewed->id = db_col_int(q, 0);
		viewed->team_id = db_col_int(q, 1);
		snprintf(viewed->name, sizeof(viewed->name), "%s", db_col_text(q, 2));
		err = hdf_set_value(req->hdf, "Me.Viewing.Id", db_col_text(q, 0));
		if (!err) err = render_set(req->hdf, "Me.Viewing.Name", db_col_text(q, 2));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "user %lld not in scope", who);
	return nerr_pass(err);
}

/* GET /dashboard/me[?user=N] */
NEOERR *dashboard_me(REQUEST *req)
{
	long long pipeline = request_param_int(req, "pipeline", 0);
	long long who = request_param_int(req, "user", 0);
	struct user *reader = req->user, viewed;
	int nh = 0;
	NEOERR *err = STATUS_OK;

	if (who && who != reader->id) {
		err = dashboard_me_viewed(req, who, &viewed);
		if (err)
			return nerr_pass(err);
		req->user = &viewed;
	}
	if (!pipeline)
		err = db_int_query(&pipeline, NULL, "SELECT COALESCE(MIN(id), 0) FROM pipeline", NULL);
	if (!err) err = hdf_set_int_value(req->hdf, "Me.Pipeline", (int)pipeline);
	if (!err) err = rep_funnel(req, pipeline, &nh);
	if (!err) err = rep_tasks(req, &nh);
	if (!err) err = rep_sla(req, &nh);
	if (!err) err = rep_proposal_wait(req, &nh);
	if (!err) err = rep_health_row(req, &nh);
	req->user = reader;
	if (!err) err = render_id_names(req->hdf, "Choices.Pipelines", "SELECT id, name FROM pipeline ORDER BY id");
	if (!err) err = review_owner_choices(req);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "dashboard-me");
	req->template_name = "dashboard_me.cs";
	return nerr_pass(err);
}

/* POST /dashboard/me/unreachable: deal, reason. */
NEOERR *dashboard_pause(REQUEST *req)
{
	long long id = request_param_int(req, "deal", 0);
	const char *reason = request_param(req, "reason");
	long long open = 0;
	unsigned long long pid = 0;
	struct deal_row d;
	NEOERR *err;

	if (req->param_errors || !id || !reason || !*reason)
		return nerr_raise(ERR_BAD_REQUEST, "deal and reason are required");
	err = deal_scoped(req, id, 1, &d);
	if (err)
		return nerr_pass(err);
	if (d.owner_id != req->user->id)
		return nerr_raise(ERR_FORBIDDEN, "only the owner pauses deal %lld", id);
	if (strcmp(d.status, "open"))
		return nerr_raise(ERR_CONFLICT, "deal %lld is closed", id);
	err = db_begin();
	if (!err)
		err = db_int_query(&open, NULL, "SELECT COUNT(*) FROM deal_pause WHERE deal_id = ? AND ended_at IS NULL"
				   " FOR UPDATE", "i", id);
	if (!err && !open)
		err = db_execf(&pid, "INSERT INTO deal_pause (deal_id, user_id, reason, started_at, remind_at)"
			       " VALUES (?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL ? DAY)", "iiti",
			       id, req->user->id, reason, (long long)PAUSE_REMIND_DAYS);
	if (!err && !open)
		err = deal_event(req, id, "unreachable", 0, 0, reason);
	if (!err && !open) {
		struct audit_event ev = { "deal.unreachable", "deal", id, NULL, NULL, reason };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err && open)
		return nerr_raise(ERR_CONFLICT, "deal %lld is already paused", id);
	if (!err)
		err = request_redirect(req, "/dashboard/me?done=Paused");
	return nerr_pass(err);
}

/* POST /dashboard/me/unreachable/#/end */
NEOERR *dashboard_pause_end(REQUEST *req)
{
	long long id = req->ids[0], deal = 0;
	int found = 0;
	struct deal_row d;
	NEOERR *err;

	err = db_int_query(&deal, &found, "SELECT deal_id FROM deal_pause WHERE id = ? AND ended_at IS NULL",
			   "i", id);
	if (!err && !found)
		return nerr_raise(ERR_NOT_FOUND, "pause %lld", id);
	if (!err)
		err = deal_scoped(req, deal, 1, &d);
	if (err)
		return nerr_pass(err);
	if (d.owner_id != req->user->id)
		return nerr_raise(ERR_FORBIDDEN, "only the owner ends the pause of deal %lld", deal);
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE deal_pause SET ended_at = UTC_TIMESTAMP(6) WHERE id = ? AND ended_at IS NULL",
			       "i", id);
	if (!err)
		err = deal_event(req, deal, "reachable", 0, 0, NULL);
	if (!err) {
		struct audit_event ev = { "deal.reachable", "deal", deal, NULL, NULL, NULL };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/dashboard/me?done=PauseEnded");
	return nerr_pass(err);
}

/* ---- the rep_health job ------------------------------------------------ */

struct job_stay {
	long long team, owner, stage;
	double secs;
};

struct job_median {
	long long key, stage;
	double median;
};

static int stay_by_team(const void *a, const void *b)
{
	const struct job_stay *x = a, *y = b;

	if (x->team != y->team) return x->team < y->team ? -1 : 1;
	if (x->stage != y->stage) return x->stage < y->stage ? -1 : 1;
	return x->secs < y->secs ? -1 : x->secs > y->secs;
}

static int stay_by_owner(const void *a, const void *b)
{
	const struct job_stay *x = a, *y = b;

	if (x->owner != y->owner) return x->owner < y->owner ? -1 : 1;
	if (x->stage != y->stage) return x->stage < y->stage ? -1 : 1;
	return x->secs < y->secs ? -1 : x->secs > y->secs;
}

/* medians of runs of equal (key, stage) in a sorted array */
static int job_medians(const struct job_stay *v, int n, int by_team, struct job_median *out)
{
	int m = 0;

	for (int i = 0; i < n;) {
		long long key = by_team ? v[i].team : v[i].owner;
		int j = i;

		while (j < n && (by_team ? v[j].team : v[j].owner) == key && v[j].stage == v[i].stage)
			j++;
		out[m].key = key;
		out[m].stage = v[i].stage;
		out[m].median = (j - i) % 2 ? v[i + (j - i) / 2].secs
			: (v[i + (j - i) / 2 - 1].secs + v[i + (j - i) / 2].secs) / 2;
		m++;
		i = j;
	}
	return m;
}

struct job_rep {
	long long id, manager, team;
	long long open, paused, on_time, due, contacts;
	double dev_sum;
	int dev_n;
};

static struct job_rep *job_find(struct job_rep *r, int n, long long id)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (r[mid].id == id)
			return &r[mid];
		if (r[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static NEOERR *job_reps(const char *now, struct job_rep **out, int *nout)
{
	struct job_rep *r = NULL;
	int n = 0, cap = 0;
	DB_STMT *q;
	NEOERR *err;

	err = db_prepare(&q, "SELECT u.id, COALESCE(u.manager_id, 0), COALESCE(u.team_id, 0), COUNT(*), COUNT(p.id)"
			 " FROM deal d JOIN users u ON u.id = d.owner_id"
			 " LEFT JOIN deal_pause p ON p.deal_id = d.id AND p.ended_at IS NULL"
			 " WHERE d.status = 'open' AND u.status = 'active' GROUP BY u.id ORDER BY u.id");
	if (err)
		return nerr_pass(err);
	while (!err && db_step(q) == DB_ROW) {
		if (n == cap) {
			int c = cap ? 2 * cap : 64;
			struct job_rep *p = realloc(r, (size_t)c * sizeof(*p));

			if (!p) {
				err = nerr_raise(NERR_NOMEM, "reps");
				break;
			}
			r = p;
			cap = c;
		}
		memset(&r[n], 0, sizeof(r[n]));
		r[n].id = db_col_int(q, 0);
		r[n].manager = db_col_int(q, 1);
		r[n].team = db_col_int(q, 2);
		r[n].open = db_col_int(q, 3);
		r[n].paused = db_col_int(q, 4);
		n++;
	}
	if (!err) err = db_finalize(q); else db_finalize(q);
	/* tasks due in the last 14 days: done on time or not */
	if (!err)
		err = db_prepare(&q, "SELECT assignee_id, COALESCE(SUM(status = 'done' AND done_at <= due_at), 0), COUNT(*)"
				 " FROM task WHERE due_at >= ? - INTERVAL 14 DAY AND due_at < ? GROUP BY assignee_id");
	if (!err) {
		db_bind_text(q, 1, now);
		db_bind_text(q, 2, now);
		while (db_step(q) == DB_ROW) {
			struct job_rep *x = job_find(r, n, db_col_int(q, 0));

			if (x) {
				x->on_time = db_col_int(q, 1);
				x->due = db_col_int(q, 2);
			}
		}
		err = db_finalize(q);
	}
	if (!err)
		err = db_prepare(&q, "SELECT user_id, COUNT(*) FROM activity WHERE kind <> 'visit_record'"
				 " AND at >= ? - INTERVAL 14 DAY AND at < ? GROUP BY user_id");
	if (!err) {
		db_bind_text(q, 1, now);
		db_bind_text(q, 2, now);
		while (db_step(q) == DB_ROW) {
			struct job_rep *x = job_find(r, n, db_col_int(q, 0));

			if (x)
				x->contacts = db_col_int(q, 1);
		}
		err = db_finalize(q);
	}
	if (err) {
		free(r);
		return nerr_pass(err);
	}
	*out = r;
	*nout = n;
	return STATUS_OK;
}

/* Each rep's mean relative deviation of their median stay per stage from
 * their team's median (open deals not paused, and deals touched in the last
 * 90 days). */
static NEOERR *job_deviation(const char *now, struct job_rep *r, int n)
{
	struct job_stay *v = NULL;
	struct job_median *tm = NULL, *om = NULL;
	int nv = 0, cap = 0, ntm, nom;
	DB_STMT *q;
	NEOERR *err;

	err = db_prepare(&q, "SELECT COALESCE(u.team_id, 0), d.owner_id, t.stage_id,"
			 " TIMESTAMPDIFF(SECOND, t.entered_at, COALESCE(t.left_at,"
			 " IF(d.status = 'open', ?, COALESCE(d.closed_at, d.updated_at))))"
			 " FROM deal d JOIN deal_stay t ON t.deal_id = d.id JOIN users u ON u.id = d.owner_id"
			 " WHERE NOT EXISTS (SELECT 1 FROM deal_pause p WHERE p.deal_id = d.id AND p.ended_at IS NULL)"
			 " AND (d.status = 'open' OR d.updated_at >= ? - INTERVAL 90 DAY)");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, now);
	db_bind_text(q, 2, now);
	while (!err && db_step(q) == DB_ROW) {
		if (nv == cap) {
			int c = cap ? 2 * cap : 1024;
			struct job_stay *p = realloc(v, (size_t)c * sizeof(*p));

			if (!p) {
				err = nerr_raise(NERR_NOMEM, "stays");
				break;
			}
			v = p;
			cap = c;
		}
		v[nv].team = db_col_int(q, 0);
		v[nv].owner = db_col_int(q, 1);
		v[nv].stage = db_col_int(q, 2);
		v[nv].secs = (double)db_col_int(q, 3);
		if (v[nv].secs >= 0)
			nv++;
	}
	if (!err) err = db_finalize(q); else db_finalize(q);
	if (!err && nv) {
		tm = malloc((size_t)nv * sizeof(*tm));
		om = malloc((size_t)nv * sizeof(*om));
		if (!tm || !om)
			err = nerr_raise(NERR_NOMEM, "medians");
	}
	if (!err && nv) {
		qsort(v, (size_t)nv, sizeof(*v), stay_by_team);
		ntm = job_medians(v, nv, 1, tm);
		qsort(v, (size_t)nv, sizeof(*v), stay_by_owner);
		nom = job_medians(v, nv, 0, om);
		for (int i = 0; i < nom; i++) {
			struct job_rep *x = job_find(r, n, om[i].key);

			if (!x || !x->team)
				continue;
			for (int k = 0; k < ntm; k++)
				if (tm[k].key == x->team && tm[k].stage == om[i].stage && tm[k].median > 0) {
					x->dev_sum += (om[i].median > tm[k].median ? om[i].median - tm[k].median : tm[k].median - om[i].median) / tm[k].median;
					x->dev_n++;
					break;
				}
		}
	}
	free(v);
	free(tm);
	free(om);
	return nerr_pass(err);
}

NEOERR *dashboard_health_job(char *summary, size_t n)
{
	char now[24], period[12];
	struct job_rep *r = NULL;
	int nr = 0, low = 0, sent = 0, reminded = 0;
	long long pauses[500][3];
	int np = 0;
	DB_STMT *q;
	NEOERR *err;
	time_t t = clock_now();

	clock_sql(t, now, sizeof(now));
	dashboard_period(t, period, sizeof(period));
	err = job_reps(now, &r, &nr);
	if (!err)
		err = job_deviation(now, r, nr);
	if (!err)
		err = db_begin();
	for (int i = 0; !err && i < nr; i++) {
		int parts[3], c = 0;
		long long active = r[i].open - r[i].paused;
		int score = dashboard_health_score(r[i].dev_n ? r[i].dev_sum / r[i].dev_n : -1, r[i].on_time,
						   r[i].due, r[i].contacts, active, parts);

		err = db_execf(NULL, "INSERT INTO rep_health (user_id, period, score, stage_part, task_part,"
			       " contact_part, open_deals, paused_deals, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
			       " ON DUPLICATE KEY UPDATE score = VALUES(score), stage_part = VALUES(stage_part),"
			       " task_part = VALUES(task_part), contact_part = VALUES(contact_part),"
			       " open_deals = VALUES(open_deals), paused_deals = VALUES(paused_deals),"
			       " computed_at = VALUES(computed_at)", "itiiiiiit",
			       r[i].id, period, (long long)score, (long long)parts[0], (long long)parts[1],
			       (long long)parts[2], r[i].open, r[i].paused, now);
		if (!err && score < HEALTH_ALERT_BELOW) {
			low++;
			if (r[i].manager) {
				char key[64], detail[64];

				/* once per rep and week, however often the job runs */
				snprintf(key, sizeof(key), "rep_health:%lld:%s", r[i].id, period);
				snprintf(detail, sizeof(detail), "score=%d period=%s", score, period);
				err = notify_user(r[i].manager, "rep_health_low", key, "user", r[i].id, detail, &c);
				sent += c;
			}
		}
	}
	free(r);
	err = db_finish(err);
	/* pauses 14 days old: remind the rep once */
	if (!err)
		err = db_prepare(&q, "SELECT id, deal_id, user_id FROM deal_pause WHERE reminded_at IS NULL"
				 " AND ended_at IS NULL AND remind_at <= ? ORDER BY id LIMIT 500");
	if (!err) {
		db_bind_text(q, 1, now);
		while (np < 500 && db_step(q) == DB_ROW) {
			pauses[np][0] = db_col_int(q, 0);
			pauses[np][1] = db_col_int(q, 1);
			pauses[np][2] = db_col_int(q, 2);
			np++;
		}
		err = db_finalize(q);
	}
	if (!err)
		err = db_begin();
	for (int i = 0; !err && i < np; i++) {
		char key[48];
		int c = 0;

		snprintf(key, sizeof(key), "deal_pause:%lld", pauses[i][0]);
		err = notify_user(pauses[i][2], "deal_unreachable_review", key, "deal", pauses[i][1], NULL, &c);
		if (!err)
			err = db_execf(NULL, "UPDATE deal_pause SET reminded_at = ? WHERE id = ?", "ti", now, pauses[i][0]);
		reminded += c;
	}
	err = db_finish(err);
	snprintf(summary, n, "reps=%d low=%d notices=%d pause_reminders=%d", nr, low, sent, reminded);
	return nerr_pass(err);
}
