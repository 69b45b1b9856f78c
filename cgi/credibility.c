/* credibility.c — flag and freeze implausible activity entries (R5.2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "config.h"
#include "credibility.h"
#include "db.h"
#include "err.h"
#include "notify.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

int credibility_judge(long long same_kind, long long from_addr, long long repeat_max,
		      long long burst_max)
{
	int bits = 0;

	if (repeat_max > 0 && same_kind > repeat_max)
		bits |= CRED_REPEAT;
	if (burst_max > 0 && from_addr > burst_max)
		bits |= CRED_BURST;
	return bits;
}

const char *credibility_reason(int bits)
{
	switch (bits & (CRED_REPEAT | CRED_BURST)) {
	case CRED_REPEAT: return "repeat";
	case CRED_BURST: return "burst";
	case CRED_REPEAT | CRED_BURST: return "repeat_burst";
	default: return NULL;
	}
}

int credibility_ratio_low(long long recorded, long long verifiable, long long min_sample)
{
	if (recorded <= 0 || recorded < min_sample)
		return 0;
	/* verifiable / recorded < 0.7, in integers */
	return verifiable * 10 < recorded * 7;
}

/* The subject of an entry: its customer, else its lead. */
static void subject(long long lead_id, long long customer_id, long long *cust, long long *lead)
{
	*cust = customer_id > 0 ? customer_id : 0;
	*lead = customer_id > 0 ? 0 : (lead_id > 0 ? lead_id : 0);
}

NEOERR *credibility_gate(REQUEST *req, const char *kind, long long lead_id,
			 long long customer_id)
{
	long long cust, lead, flag = 0, locked = 0;
	int found = 0;
	char detail[120];
	NEOERR *err;

	subject(lead_id, customer_id, &cust, &lead);
	if (!req->user || (!cust && !lead))
		return STATUS_OK;
	/* one person's entries are judged one at a time */
	err = db_int_query(&locked, NULL, "SELECT id FROM users WHERE id = ? FOR UPDATE", "i",
			   req->user->id);
	if (!err)
		err = db_int_query(&flag, &found, "SELECT id FROM credibility_flag WHERE user_id = ?"
				   " AND status = 'open' AND reason <> 'ratio'"
				   " AND COALESCE(customer_id, 0) = ? AND COALESCE(lead_id, 0) = ?"
				   " ORDER BY id LIMIT 1", "iii", req->user->id, cust, lead);
	if (err || !found)
		return nerr_pass(err);
	/* Refused: the refusal is recorded on its own (the caller's transaction
	 * holds nothing else yet and is rolled back), then a fresh transaction
	 * is left open for the caller to finish. */
	snprintf(detail, sizeof(detail), "frozen by flag %lld; kind=%s", flag, kind ? kind : "");
	{
		struct audit_event ev = { "activity.refused", cust ? "customer" : "lead",
					  cust ? cust : lead, "credibility", NULL, detail };

		err = db_rollback();
		if (!err)
			err = audit_log(req, &ev);
	}
	if (!err)
		err = hdf_set_value(req->hdf, "Page.ErrorReason", "CredibilityFrozen");
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	return nerr_raise(ERR_CONFLICT, "credibility: user %lld frozen on %s %lld (flag %lld)",
			  req->user->id, cust ? "customer" : "lead", cust ? cust : lead, flag);
}

NEOERR *credibility_after(REQUEST *req, const char *kind, long long lead_id,
			  long long customer_id, long long activity_id)
{
	long long cust, lead, repeat_max, burst_max, same = 0, addr = 0;
	char since[32] = "";
	unsigned long long flag = 0;
	int bits;
	DB_STMT *q;
	NEOERR *err;

	subject(lead_id, customer_id, &cust, &lead);
	if (!req->user || (!cust && !lead))
		return STATUS_OK;
	repeat_max = config_int("Credibility.RepeatMax");
	burst_max = config_int("Credibility.BurstMax");
	/* Both windows start after the person's last reviewed flag: a review
	 * lifts the freeze and the entries it looked at do not count again. */
	err = db_prepare(&q, "SELECT"
			 " (SELECT COUNT(*) FROM activity a WHERE a.user_id = ? AND a.kind = ?"
			 "   AND ((? > 0 AND a.customer_id = ?) OR (? = 0 AND a.lead_id = ? AND a.customer_id IS NULL))"
			 "   AND a.at > w.since),"
			 " (SELECT COUNT(*) FROM activity a WHERE a.user_id = ? AND a.source_ip <=> ?"
			 "   AND a.at > GREATEST(UTC_TIMESTAMP(6) - INTERVAL 60 SECOND, w.reviewed)),"
			 " DATE_FORMAT(w.since, '%Y-%m-%d %H:%i:%s.%f')"
			 " FROM (SELECT GREATEST(UTC_TIMESTAMP(6) - INTERVAL 1 DAY, COALESCE(MAX(CASE WHEN"
			 "   COALESCE(f.customer_id, 0) = ? AND COALESCE(f.lead_id, 0) = ? THEN f.reviewed_at END),"
			 "   '1970-01-01')) AS since,"
			 "   COALESCE(MAX(f.reviewed_at), '1970-01-01') AS reviewed"
			 "   FROM credibility_flag f WHERE f.user_id = ? AND f.status <> 'open') w");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_text(q, 2, kind);
	db_bind_int(q, 3, cust);
	db_bind_int(q, 4, cust);
	db_bind_int(q, 5, cust);
	db_bind_int(q, 6, lead);
	db_bind_int(q, 7, req->user->id);
	db_bind_text(q, 8, req->remote_addr);
	db_bind_int(q, 9, cust);
	db_bind_int(q, 10, lead);
	db_bind_int(q, 11, req->user->id);
	if (db_step(q) == DB_ROW) {
		same = db_col_int(q, 0);
		addr = db_col_int(q, 1);
		snprintf(since, sizeof(since), "%s", db_col_text(q, 2) ? db_col_text(q, 2) : "");
	}
	err = db_finalize(q);
	if (err)
		return nerr_pass(err);
	bits = credibility_judge(same, addr, repeat_max, burst_max);
	if (!bits)
		return STATUS_OK;
	err = db_execf(&flag, "INSERT INTO credibility_flag (user_id, customer_id, lead_id, kind, reason,"
		       " activity_id, source_ip, window_from, created_at)"
		       " VALUES (?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?, IF(? = 1, GREATEST(?, UTC_TIMESTAMP(6) - INTERVAL 1 DAY),"
		       " UTC_TIMESTAMP(6) - INTERVAL 60 SECOND), UTC_TIMESTAMP(6))",
		       "iiittitit", req->user->id, cust, lead, kind,
		       credibility_reason(bits), activity_id, req->remote_addr,
		       (long long)((bits & CRED_REPEAT) ? 1 : 0), since);
	if (!err) {
		char after[160];
		struct audit_event ev = { "credibility.flag", cust ? "customer" : "lead",
					  cust ? cust : lead, "reason", NULL, after };

		snprintf(after, sizeof(after), "%s; flag=%llu kind=%s same_kind_24h=%lld same_address_60s=%lld",
			 credibility_reason(bits), flag, kind, same, addr);
		err = audit_log(req, &ev);
	}
	if (!err) {
		char key[48];

		snprintf(key, sizeof(key), "cred:%llu", flag);
		err = notify_user(req->user->id, "credibility_frozen", key, cust ? "customer" : "lead",
				  cust ? cust : lead, NULL, NULL);
		if (!err && req->user->manager_id)
			err = notify_user(req->user->manager_id, "credibility_flag", key, "user",
					  req->user->id, NULL, NULL);
	}
	return nerr_pass(err);
}

NEOERR *credibility_frozen_note(REQUEST *req, long long lead_id, long long customer_id)
{
	long long cust, lead, flag = 0;
	int found = 0;
	NEOERR *err;

	subject(lead_id, customer_id, &cust, &lead);
	if (!req->user || (!cust && !lead))
		return STATUS_OK;
	err = db_int_query(&flag, &found, "SELECT id FROM credibility_flag WHERE user_id = ?"
			   " AND status = 'open' AND reason <> 'ratio'"
			   " AND COALESCE(customer_id, 0) = ? AND COALESCE(lead_id, 0) = ?"
			   " ORDER BY id LIMIT 1", "iii", req->user->id, cust, lead);
	if (!err && found)
		err = hdf_set_int_value(req->hdf, "Credibility.Frozen", (int)flag);
	return nerr_pass(err);
}

/* ---- the ratio job ----------------------------------------------------- */

#define RATIO_MAX 500

NEOERR *credibility_ratio_job(char *summary, size_t n)
{
	struct { long long user, manager, recorded, verifiable; } low[RATIO_MAX];
	long long min_sample = config_int("Credibility.RatioMinActions");
	int nlow = 0, raised = 0, people = 0;
	DB_STMT *q;
	NEOERR *err;

	/* One set-based pass over the last 30 days: an action is verifiable
	 * with a duration, a counterpart reply recorded to it (reply.c), or
	 * an attachment its author put on a deal of the same customer within a
	 * day of it. */
	err = db_prepare(&q, "SELECT a.user_id, COALESCE(u.manager_id, 0), COUNT(*),"
			 " SUM(a.duration_sec > 0"
			 " OR EXISTS (SELECT 1 FROM activity_reply r WHERE r.activity_id = a.id)"
			 " OR EXISTS (SELECT 1 FROM deal d JOIN attachment t"
			 "   ON t.deal_id = d.id WHERE d.customer_id = a.customer_id AND t.user_id = a.user_id"
			 "   AND t.created_at BETWEEN a.at - INTERVAL 1 DAY AND a.at + INTERVAL 1 DAY))"
			 " FROM activity a JOIN users u ON u.id = a.user_id"
			 " WHERE a.at > UTC_TIMESTAMP(6) - INTERVAL 30 DAY AND u.status = 'active'"
			 " GROUP BY a.user_id, u.manager_id ORDER BY a.user_id");
	if (err)
		return nerr_pass(err);
	while (db_step(q) == DB_ROW) {
		people++;
		if (nlow < RATIO_MAX && credibility_ratio_low(db_col_int(q, 2), db_col_int(q, 3), min_sample)) {
			low[nlow].user = db_col_int(q, 0);
			low[nlow].manager = db_col_int(q, 1);
			low[nlow].recorded = db_col_int(q, 2);
			low[nlow].verifiable = db_col_int(q, 3);
			nlow++;
		}
	}
	err = db_finalize(q);
	if (!err)
		err = db_begin();
	for (int i = 0; !err && i < nlow; i++) {
		char key[64], after[120];
		unsigned long long id = 0;
		long long open = 0;

		/* one open ratio flag per person; one per person and ISO week */
		err = db_int_query(&open, NULL, "SELECT COUNT(*) FROM credibility_flag WHERE user_id = ?"
				   " AND reason = 'ratio' AND status = 'open'", "i", low[i].user);
		if (err || open)
			continue;
		err = db_int_query(&open, NULL, "SELECT YEARWEEK(UTC_TIMESTAMP(), 3)", "");
		snprintf(key, sizeof(key), "ratio:%lld:%lld", low[i].user, open);
		if (!err)
			err = db_execf(&id, "INSERT IGNORE INTO credibility_flag (user_id, reason, recorded,"
				       " verifiable, dedup_key, created_at) VALUES (?, 'ratio', ?, ?, ?,"
				       " UTC_TIMESTAMP(6))", "iiit", low[i].user, low[i].recorded,
				       low[i].verifiable, key);
		if (err || !id)
			continue;
		snprintf(after, sizeof(after), "ratio; flag=%llu recorded=%lld verifiable=%lld", id,
			 low[i].recorded, low[i].verifiable);
		{
			struct audit_event ev = { "credibility.flag", "user", low[i].user, "reason",
						  NULL, after };

			err = audit_log_as(0, "scheduler", NULL, NULL, NULL, &ev);
		}
		snprintf(key, sizeof(key), "cred:%llu", id);
		if (!err && low[i].manager)
			err = notify_user(low[i].manager, "credibility_ratio", key, "user", low[i].user,
					  NULL, NULL);
		raised++;
	}
	err = db_finish(err);
	snprintf(summary, n, "people=%d low_ratio=%d flags=%d", people, nlow, raised);
	return nerr_pass(err);
}

/* ---- the managers' page -------------------------------------------------- */

/* Fills <row>.Evidence.N with the entries the flag was raised on. */
static NEOERR *evidence(REQUEST *req, HDF *row, long long user, long long cust, long long lead,
			const char *kind, const char *reason, const char *ip, const char *from,
			const char *to)
{
	DB_STMT *q;
	int n = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT a.at, a.kind, a.source_ip, a.duration_sec, a.customer_id, a.lead_id"
			 " FROM activity a WHERE a.user_id = ? AND a.at >= ? AND a.at <= ?"
			 " AND ((? = 1 AND ((? > 0 AND a.customer_id = ?) OR (? = 0 AND a.lead_id = ?"
			 "   AND a.customer_id IS NULL)) AND a.kind <=> ?)"
			 "  OR (? = 1 AND a.source_ip <=> ? AND a.at >= ? - INTERVAL 60 SECOND))"
			 " ORDER BY a.at, a.id LIMIT 20");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, user);
	db_bind_text(q, 2, from);
	db_bind_text(q, 3, to);
	db_bind_int(q, 4, strstr(reason, "repeat") != NULL);
	db_bind_int(q, 5, cust);
	db_bind_int(q, 6, cust);
	db_bind_int(q, 7, cust);
	db_bind_int(q, 8, lead);
	db_bind_text(q, 9, kind);
	db_bind_int(q, 10, strstr(reason, "burst") != NULL);
	db_bind_text(q, 11, ip);
	db_bind_text(q, 12, to);
	while (!err && db_step(q) == DB_ROW) {
		char path[32];
		HDF *e;

		snprintf(path, sizeof(path), "Evidence.%d", n++);
		err = hdf_get_node(row, path, &e);
		if (!err) err = render_set_time(req, e, "At", db_col_text(q, 0));
		if (!err) err = hdf_set_value(e, "Kind", db_col_text(q, 1));
		if (!err) err = render_set(e, "Ip", db_col_text(q, 2));
		if (!err) err = render_set(e, "Duration", db_col_text(q, 3));
		if (!err) err = render_set(e, "CustomerId", db_col_text(q, 4));
		if (!err) err = render_set(e, "LeadId", db_col_text(q, 5));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

NEOERR *credibility_page(REQUEST *req)
{
	const char *show = request_param(req, "show");
	const char *done = request_param(req, "done");
	int all = show && !strcmp(show, "all");
	struct db_args args = { 0 };
	struct { long long id, user, cust, lead; char kind[31], reason[21], ip[46], from[32], to[32]; } fl[50];
	int n = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	db_args_int(&args, req->user->id);
	err = string_append(&sql,
		"SELECT f.id, f.user_id, u.display_name, f.customer_id, f.lead_id, f.kind, f.reason,"
		" f.source_ip, f.created_at, f.status, f.recorded, f.verifiable,"
		" DATE_FORMAT(COALESCE(f.window_from, f.created_at), '%Y-%m-%d %H:%i:%s.%f'),"
		" DATE_FORMAT(f.created_at, '%Y-%m-%d %H:%i:%s.%f'),"
		" rv.display_name, f.reviewed_at, f.review_note, c.name, COALESCE(c.owner_id, 0), "
		POLICY_DEPTH_SQL("c.owner_id")
		" FROM credibility_flag f JOIN users u ON u.id = f.user_id"
		" LEFT JOIN users rv ON rv.id = f.reviewed_by"
		" LEFT JOIN customer c ON c.id = f.customer_id WHERE ");
	/* the reviewer's edit scope over the flagged person, never their own */
	if (!err)
		err = user_scope_sql(req->user, req->user->edit_scope, "f.user_id", NULL, &sql, &args);
	db_args_int(&args, req->user->id);
	db_args_int(&args, all);
	if (!err)
		err = string_append(&sql, " AND f.user_id <> ? AND (f.status = 'open' OR ? = 1)"
				    " ORDER BY f.status = 'open' DESC, f.id DESC LIMIT 50");
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	if (!db_bind_args(q, &args, 1)) {
		db_finalize(q);
		return nerr_raise(NERR_ASSERT, "too many values");
	}
	while (!err && db_step(q) == DB_ROW && n < 50) {
		HDF *row;
		struct policy_subject s = { db_col_int(q, 3), db_col_int(q, 18), (int)db_col_int(q, 19), 0 };

		err = render_row(req->hdf, "Flags", n, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "UserId", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "User", db_col_text(q, 2));
		if (!err) err = render_set(row, "CustomerId", db_col_text(q, 3));
		if (!err) err = render_set(row, "LeadId", db_col_text(q, 4));
		if (!err) err = render_set(row, "Kind", db_col_text(q, 5));
		if (!err) err = hdf_set_value(row, "Reason", db_col_text(q, 6));
		if (!err) err = render_set(row, "Ip", db_col_text(q, 7));
		if (!err) err = render_set_time(req, row, "At", db_col_text(q, 8));
		if (!err) err = hdf_set_value(row, "Status", db_col_text(q, 9));
		if (!err) err = render_set(row, "Recorded", db_col_text(q, 10));
		if (!err) err = render_set(row, "Verifiable", db_col_text(q, 11));
		if (!err) err = render_set(row, "Reviewer", db_col_text(q, 14));
		if (!err) err = render_set_time(req, row, "ReviewedAt", db_col_text(q, 15));
		if (!err) err = render_set(row, "Note", db_col_text(q, 16));
		if (!err && db_col_text(q, 17))
			err = policy_put(req, row, "Customer", "customer", "name", &s, db_col_text(q, 17));
		if (!err && db_col_int(q, 10) > 0) {
			char pct[16];

			snprintf(pct, sizeof(pct), "%lld", db_col_int(q, 11) * 100 / db_col_int(q, 10));
			err = hdf_set_value(row, "Percent", pct);
		}
		fl[n].id = db_col_int(q, 0);
		fl[n].user = db_col_int(q, 1);
		fl[n].cust = db_col_int(q, 3);
		fl[n].lead = db_col_int(q, 4);
		snprintf(fl[n].kind, sizeof(fl[n].kind), "%s", db_col_text(q, 5) ? db_col_text(q, 5) : "");
		snprintf(fl[n].reason, sizeof(fl[n].reason), "%s", db_col_text(q, 6));
		snprintf(fl[n].ip, sizeof(fl[n].ip), "%s", db_col_text(q, 7) ? db_col_text(q, 7) : "");
		snprintf(fl[n].from, sizeof(fl[n].from), "%s", db_col_text(q, 12) ? db_col_text(q, 12) : "");
		snprintf(fl[n].to, sizeof(fl[n].to), "%s", db_col_text(q, 13) ? db_col_text(q, 13) : "");
		n++;
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	for (int i = 0; !err && i < n; i++) {
		HDF *row;

		if (!fl[i].cust && !fl[i].lead)
			continue;   /* a ratio flag: the numbers are the evidence */
		err = render_row(req->hdf, "Flags", i, &row);
		if (!err)
			err = evidence(req, row, fl[i].user, fl[i].cust, fl[i].lead, fl[i].kind,
				       fl[i].reason, fl[i].ip[0] ? fl[i].ip : NULL, fl[i].from, fl[i].to);
	}
	if (!err && all) err = hdf_set_value(req->hdf, "Credibility.All", "1");
	if (!err && done) err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "credibility");
	req->template_name = "credibility.cs";
	return nerr_pass(err);
}

NEOERR *credibility_review(REQUEST *req)
{
	const char *decision = request_param(req, "decision");
	const char *note = request_param(req, "note");
	struct db_args args = { 0 };
	long long user = 0, cust = 0, lead = 0;
	int found = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	if (!decision || (strcmp(decision, "cleared") && strcmp(decision, "confirmed")))
		return nerr_raise(ERR_BAD_REQUEST, "decision must be cleared or confirmed");
	/* the flag must be in the reviewer's scope (else 404) and still open */
	string_init(&sql);
	db_args_int(&args, req->ids[0]);
	db_args_int(&args, req->user->id);
	err = string_append(&sql, "SELECT f.user_id, COALESCE(f.customer_id, 0), COALESCE(f.lead_id, 0),"
			    " f.status FROM credibility_flag f WHERE f.id = ? AND f.user_id <> ? AND ");
	if (!err)
		err = user_scope_sql(req->user, req->user->edit_scope, "f.user_id", NULL, &sql, &args);
	if (!err)
		err = string_append(&sql, " FOR UPDATE");
	if (!err)
		err = db_begin();
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(db_finish(err));
	if (!db_bind_args(q, &args, 1)) {
		db_finalize(q);
		return nerr_pass(db_finish(nerr_raise(NERR_ASSERT, "too many values")));
	}
	if (db_step(q) == DB_ROW) {
		found = strcmp(db_col_text(q, 3), "open") ? 2 : 1;
		user = db_col_int(q, 0);
		cust = db_col_int(q, 1);
		lead = db_col_int(q, 2);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "flag %lld not in scope", req->ids[0]);
	if (!err && found == 2)
		err = nerr_raise(ERR_CONFLICT, "flag %lld already reviewed", req->ids[0]);
	if (!err)
		err = db_execf(NULL, "UPDATE credibility_flag SET status = ?, reviewed_by = ?,"
			       " reviewed_at = UTC_TIMESTAMP(6), review_note = ? WHERE id = ? AND status = 'open'",
			       "titi", decision, req->user->id, note, req->ids[0]);
	if (!err) {
		char after[600];
		struct audit_event ev = { !strcmp(decision, "cleared") ? "credibility.clear"
					  : "credibility.confirm", "credibility_flag", req->ids[0],
					  "status", "open", after };

		snprintf(after, sizeof(after), "%s; user=%lld customer=%lld lead=%lld%s%s", decision,
			 user, cust, lead, note ? "; note: " : "", note ? note : "");
		err = audit_log(req, &ev);
	}
	if (!err) {
		char key[48];

		snprintf(key, sizeof(key), "cred.review:%lld", req->ids[0]);
		err = notify_user(user, !strcmp(decision, "cleared") ? "credibility_cleared"
				  : "credibility_confirmed", key, cust ? "customer" : lead ? "lead" : "user",
				  cust ? cust : lead ? lead : user, NULL, NULL);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/credibility?done=Reviewed");
	return nerr_pass(err);
}
