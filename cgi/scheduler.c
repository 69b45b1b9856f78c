/* scheduler.c — the job table, the lock, the record of every run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "config.h"
#include "credibility.h"
#include "grading.h"
#include "dashsum.h"
#include "db.h"
#include "err.h"
#include "handoff.h"
#include "heat.h"
#include "log.h"
#include "notify.h"
#include "outbox.h"
#include "pages.h"
#include "routing.h"
#include "scheduler.h"
#include "sla.h"
#include "success.h"

#define SCHED_LOCK "salesgate.scheduler"
#define SLOW_RESPONSE_SECONDS (15 * 60)

/* Leads whose first-response clock ran out: the owner and the owner's
 * manager get one alert each per lead (R1.3). */
static NEOERR *sla_breaches(const char *now, int *sent)
{
	DB_STMT *q;
	long long ids[500][3];
	int n = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT l.id, l.owner_id, COALESCE(u.manager_id, 0) FROM lead l"
			 " JOIN users u ON u.id = l.owner_id WHERE l.first_response_at IS NULL"
			 " AND l.status = 'new' AND l.sla_due_at < ?"
			 " AND l.sla_due_at > ? - INTERVAL 14 DAY ORDER BY l.id LIMIT 500");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, now);
	db_bind_text(q, 2, now);
	while (n < 500 && db_step(q) == DB_ROW) {
		ids[n][0] = db_col_int(q, 0);
		ids[n][1] = db_col_int(q, 1);
		ids[n][2] = db_col_int(q, 2);
		n++;
	}
	err = db_finalize(q);
	for (int i = 0; !err && i < n; i++) {
		char key[64];
		int c1 = 0, c2 = 0;

		snprintf(key, sizeof(key), "lead.sla:%lld", ids[i][0]);
		err = notify_user(ids[i][1], "lead_sla_breach", key, "lead", ids[i][0], NULL, &c1);
		if (!err && ids[i][2])
			err = notify_user(ids[i][2], "lead_sla_breach_team", key, "lead", ids[i][0],
					  NULL, &c2);
		*sent += c1 + c2;
	}
	return nerr_pass(err);
}

/* R2.4: a rep whose last three first responses each took longer than 15
 * working minutes from assignment gets a reminder, the manager an alert;
 * keyed by the latest of the three, so each streak alerts once. */
static NEOERR *slow_responses(const char *now, const struct sla_calendar *cal, int *sent)
{
	DB_STMT *q;
	long long owner = 0, manager = 0, latest = 0;
	int k = 0, slow = 0;
	struct { long long owner, manager, lead; } hits[200];
	int nh = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT l.owner_id, COALESCE(u.manager_id, 0), l.id,"
			 " DATE_FORMAT(COALESCE(l.assigned_at, l.created_at), '%Y-%m-%d %H:%i:%s'),"
			 " DATE_FORMAT(l.first_response_at, '%Y-%m-%d %H:%i:%s')"
			 " FROM lead l JOIN users u ON u.id = l.owner_id"
			 " WHERE l.first_response_at IS NOT NULL AND l.first_response_at > ? - INTERVAL 14 DAY"
			 " ORDER BY l.owner_id, l.first_response_at DESC, l.id DESC");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, now);
	while (db_step(q) == DB_ROW) {
		long long o = db_col_int(q, 0);
		time_t from = clock_parse(db_col_text(q, 3)), to = clock_parse(db_col_text(q, 4));

		if (o != owner) {
			owner = o;
			manager = db_col_int(q, 1);
			latest = db_col_int(q, 2);
			k = slow = 0;
		}
		if (k >= 3)
			continue;
		k++;
		if (from != -1 && to != -1 && sla_work_seconds(cal, from, to) > SLOW_RESPONSE_SECONDS)
			slow++;
		if (k == 3 && slow == 3 && nh < 200) {
			hits[nh].owner = owner;
			hits[nh].manager = manager;
			hits[nh].lead = latest;
			nh++;
		}
	}
	err = db_finalize(q);
	for (int i = 0; !err && i < nh; i++) {
		char key[64];
		int c1 = 0, c2 = 0;

		snprintf(key, sizeof(key), "slow3:%lld:%lld", hits[i].owner, hits[i].lead);
		err = notify_user(hits[i].owner, "slow_responses", key, "user", hits[i].owner, NULL, &c1);
		if (!err && hits[i].manager)
			err = notify_user(hits[i].manager, "slow_responses_team", key, "user",
					  hits[i].owner, NULL, &c2);
		*sent += c1 + c2;
	}
	return nerr_pass(err);
}

static NEOERR *job_lead_sla(char *summary, size_t n)
{
	char now[24];
	struct sla_calendar cal;
	int breach = 0, slow = 0;
	time_t t = clock_now();
	NEOERR *err;

	clock_sql(t, now, sizeof(now));
	err = sla_calendar_load(&cal, t);
	if (!err)
		err = db_begin();
	if (!err)
		err = sla_breaches(now, &breach);
	if (!err)
		err = slow_responses(now, &cal, &slow);
	err = db_finish(err);
	snprintf(summary, n, "sla_alerts=%d slow_response_alerts=%d", breach, slow);
	return nerr_pass(err);
}

static NEOERR *job_routing_retry(char *summary, size_t n)
{
	int placed = 0, left = 0;
	NEOERR *err = routing_retry_queue(0, &placed, &left);

	snprintf(summary, n, "placed=%d waiting=%d", placed, left);
	return nerr_pass(err);
}

static NEOERR *job_routing_scores(char *summary, size_t n)
{
	int people = 0;
	NEOERR *err = routing_recompute_scores(&people);

	snprintf(summary, n, "people=%d", people);
	return nerr_pass(err);
}

/* The kept open loads (sql/0028) against the real counts; any drift is
 * repaired, logged and audited (routing_load_check). */
static NEOERR *job_load_check(char *summary, size_t n)
{
	struct routing_drift *d = NULL;
	int nd = 0, people = 0;
	NEOERR *err = routing_load_check(1, "scheduler", &d, &nd, &people);

	snprintf(summary, n, "people=%d repaired=%d", people, nd);
	free(d);
	return nerr_pass(err);
}

static NEOERR *job_deliveries(char *summary, size_t n)
{
	int sent = 0, failed = 0, retrying = 0;
	NEOERR *err = outbox_send_due(&sent, &failed, &retrying);

	snprintf(summary, n, "sent=%d retrying=%d failed=%d", sent, retrying, failed);
	return nerr_pass(err);
}

/* R3.4: a deal past its stage's stagnation limit notifies the owner and
 * the owner's direct superior, once per breach — the key carries the time
 * the deal entered the stage, so a deal that moves and stalls again is a
 * new breach; the first notice also goes on the deal's timeline. */
static NEOERR *job_deal_stagnation(char *summary, size_t n)
{
	char now[24];
	struct { long long deal, owner, manager; char entered[32]; } hits[500];
	int nh = 0, sent = 0;
	DB_STMT *q;
	NEOERR *err;

	clock_sql(clock_now(), now, sizeof(now));
	err = db_prepare(&q, "SELECT d.id, d.owner_id, COALESCE(u.manager_id, 0),"
			 " DATE_FORMAT(d.stage_entered_at, '%Y%m%d%H%i%s%f')"
			 " FROM deal d JOIN stage s ON s.id = d.stage_id JOIN users u ON u.id = d.owner_id"
			 " WHERE d.status = 'open' AND d.stage_entered_at < ? - INTERVAL s.stagnation_hours HOUR"
			 " ORDER BY d.id LIMIT 500");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, now);
	while (nh < 500 && db_step(q) == DB_ROW) {
		hits[nh].deal = db_col_int(q, 0);
		hits[nh].owner = db_col_int(q, 1);
		hits[nh].manager = db_col_int(q, 2);
		snprintf(hits[nh].entered, sizeof(hits[nh].entered), "%s", db_col_text(q, 3));
		nh++;
	}
	err = db_finalize(q);
	if (!err)
		err = db_begin();
	for (int i = 0; !err && i < nh; i++) {
		char key[80];
		int c1 = 0, c2 = 0;

		snprintf(key, sizeof(key), "deal.stale:%lld:%s", hits[i].deal, hits[i].entered);
		err = notify_user(hits[i].owner, "deal_stale", key, "deal", hits[i].deal, NULL, &c1);
		if (!err && hits[i].manager)
			err = notify_user(hits[i].manager, "deal_stale_team", key, "deal", hits[i].deal,
					  NULL, &c2);
		if (!err && c1)
			err = db_execf(NULL, "INSERT INTO deal_event (deal_id, at, kind) VALUES (?, ?, 'stale')",
				       "it", hits[i].deal, now);
		sent += c1 + c2;
	}
	err = db_finish(err);
	snprintf(summary, n, "stale_deals=%d notices=%d", nh, sent);
	return nerr_pass(err);
}

/* R3.5: an open task past its due time goes one level up the assignee's
 * manager chain — level 1 the direct superior at once, level 2 the next
 * one Tasks.EscalateHours later, and so on up the chain; the assignee is
 * told once.  escalation_level only grows, so a second run (or host)
 * notifies nobody twice (the notification keys are per task and level). */
static NEOERR *job_task_escalation(char *summary, size_t n)
{
	char now[24];
	long step = atol(config_get("Tasks.EscalateHours"));
	struct { long long task, assignee, deal, customer; int level, want; } hits[500];
	int nh = 0, sent = 0, raised = 0;
	DB_STMT *q;
	NEOERR *err;

	if (step <= 0)
		step = 24;
	clock_sql(clock_now(), now, sizeof(now));
	err = db_prepare(&q, "SELECT t.id, t.assignee_id, COALESCE(t.deal_id, 0), t.escalation_level,"
			 " 1 + FLOOR(TIMESTAMPDIFF(SECOND, t.due_at, ?) / ?), COALESCE(t.customer_id, 0)"
			 " FROM task t WHERE t.status = 'open' AND t.due_at < ? ORDER BY t.id LIMIT 500");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, now);
	db_bind_int(q, 2, step * 3600);
	db_bind_text(q, 3, now);
	while (nh < 500 && db_step(q) == DB_ROW) {
		hits[nh].task = db_col_int(q, 0);
		hits[nh].assignee = db_col_int(q, 1);
		hits[nh].deal = db_col_int(q, 2);
		hits[nh].level = (int)db_col_int(q, 3);
		hits[nh].customer = db_col_int(q, 5);
		hits[nh].want = (int)db_col_int(q, 4);
		if (hits[nh].want > 9)
			hits[nh].want = 9;
		nh++;
	}
	err = db_finalize(q);
	if (!err)
		err = db_begin();
	for (int i = 0; !err && i < nh; i++) {
		char key[64];
		int c = 0;

		/* a task without a deal (idle customer, success journey) points at its customer */
		const char *otype = hits[i].deal ? "deal" : "customer";
		long long oid = hits[i].deal ? hits[i].deal : hits[i].customer;

		snprintf(key, sizeof(key), "task.overdue:%lld", hits[i].task);
		err = notify_user(hits[i].assignee, "task_overdue", key, otype, oid, NULL, &c);
		sent += c;
		for (int level = hits[i].level + 1; !err && level <= hits[i].want; level++) {
			long long boss = 0;
			int found = 0;

			err = db_int_query(&boss, &found, "SELECT ancestor_id FROM user_tree WHERE descendant_id = ?"
					   " AND depth = ?", "ii", hits[i].assignee, (long long)level);
			if (err || !found || !boss)
				break;   /* the top of the chain: nobody further up */
			snprintf(key, sizeof(key), "task.esc:%lld:%d", hits[i].task, level);
			c = 0;
			err = notify_user(boss, "task_escalated", key, otype, oid, NULL, &c);
			if (!err)
				err = db_execf(NULL, "UPDATE task SET escalation_level = ? WHERE id = ?"
					       " AND escalation_level < ?", "iii", (long long)level,
					       hits[i].task, (long long)level);
			if (!err && c && hits[i].deal) {
				char detail[48];

				snprintf(detail, sizeof(detail), "task %lld level %d", hits[i].task, level);
				err = db_execf(NULL, "INSERT INTO deal_event (deal_id, at, kind, detail)"
					       " VALUES (?, ?, 'task_escalated', ?)", "itt", hits[i].deal, now,
					       detail);
			}
			sent += c;
			raised++;
		}
	}
	err = db_finish(err);
	snprintf(summary, n, "overdue_tasks=%d escalations=%d notices=%d", nh, raised, sent);
	return nerr_pass(err);
}

/* R6.2: a handoff package past its role SLA notifies the receiver and the
 * receiver's direct superior, once (handoff.overdue_at and the keys). */
static NEOERR *job_handoff_overdue(char *summary, size_t n)
{
	int overdue = 0, notices = 0;
	NEOERR *err = handoff_overdue_scan(&overdue, &notices);

	snprintf(summary, n, "overdue_handoffs=%d notices=%d", overdue, notices);
	return nerr_pass(err);
}

/* The jobs. */
static const struct scheduler_job jobs[] = {
	{ "lead_sla_scan", 60, job_lead_sla },
	{ "routing_retry", 60, job_routing_retry },
	{ "routing_scores", 7200, job_routing_scores },
	{ "deliveries", 60, job_deliveries },
	{ "deal_stagnation", 300, job_deal_stagnation },
	{ "task_escalation", 300, job_task_escalation },
	/* R11: success tasks and renewal packages; the monthly gap scan */
	{ "success_journey", 3600, success_journey_job },
	{ "success_gap_scan", 30 * 86400, success_gap_job },
	{ "handoff_overdue", 60, job_handoff_overdue },
	{ "credibility_ratio", 86400, credibility_ratio_job },
	{ "customer_grading", 604800, grading_job },
	{ "rep_health", 3600, dashboard_health_job },
	/* issue 9 at scale: the dashboards' per-day summaries (dashsum.c) */
	{ "dash_summary", 60, dashsum_job },
	{ "heat_refresh", 60, heat_job },
	/* issue 10: routing's kept open loads checked against the counts */
	{ "load_check", 86400, job_load_check },
};
#define N_JOBS (sizeof(jobs) / sizeof(jobs[0]))

const struct scheduler_job *scheduler_jobs(size_t *n)
{
	*n = N_JOBS;
	return jobs;
}

static long long ms_since(const struct timeval *a)
{
	struct timeval b;

	gettimeofday(&b, NULL);
	return (b.tv_sec - a->tv_sec) * 1000LL + (b.tv_usec - a->tv_usec) / 1000;
}

NEOERR *scheduler_tick(int force, int *ran, int *locked)
{
	char host[64] = "", now[24];
	int got = 0;
	time_t t = clock_now();
	NEOERR *err;

	*ran = 0;
	*locked = 0;
	gethostname(host, sizeof(host) - 1);
	clock_sql(t, now, sizeof(now));
	err = db_get_lock(SCHED_LOCK, 0, &got);
	if (err || !got)
		return nerr_pass(err);
	*locked = 1;
	for (size_t i = 0; !err && i < N_JOBS; i++) {
		long long due = 1;
		char summary[200] = "", msg[500] = "";
		struct timeval start;
		NEOERR *jerr;

		if (!force)
			err = db_int_query(&due, NULL, "SELECT COALESCE(MAX(started_at), '1970-01-01')"
					   " <= ? - INTERVAL ? SECOND FROM job_run WHERE job = ?", "tit",
					   now, (long long)jobs[i].every_seconds, jobs[i].name);
		if (err || !due)
			continue;
		gettimeofday(&start, NULL);
		jerr = jobs[i].run(summary, sizeof(summary));
		if (db_in_transaction())
			db_rollback();
		if (!jerr && audit_has_unsealed())
			jerr = audit_seal(1);
		if (jerr) {
			STRING s;

			string_init(&s);
			nerr_error_string(jerr, &s);
			snprintf(msg, sizeof(msg), "%s", s.buf ? s.buf : "error");
			string_clear(&s);
			log_msg(LOG_ERR, "job %s failed: %s", jobs[i].name, msg);
			nerr_ignore(&jerr);
		}
		err = db_execf(NULL, "INSERT INTO job_run (job, host, started_at, duration_ms, ok,"
			       " summary, error) VALUES (?, ?, ?, ?, ?, ?, ?)", "tttiitt", jobs[i].name,
			       host, now, ms_since(&start), (long long)(msg[0] == 0), summary,
			       msg[0] ? msg : NULL);
		(*ran)++;
	}
	/* rows left waiting by a worker that died between its commit and its
	 * seal go on the chain here at the latest */
	if (!err)
		err = audit_seal(0);
	{
		NEOERR *rel = db_release_lock(SCHED_LOCK);

		if (!err)
			err = rel;
		else
			nerr_ignore(&rel);
	}
	return nerr_pass(err);
}
