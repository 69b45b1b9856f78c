/* routing.c — rules, eligibility, strategies, the decision record (R2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "log.h"
#include "notify.h"
#include "routing.h"

static const char *const strategy_names[RS_COUNT] = {
	"direct", "round_robin", "least_loaded", "new_hire", "weighted",
};

int routing_strategy_parse(const char *s)
{
	for (int i = 0; s && i < RS_COUNT; i++)
		if (!strcmp(s, strategy_names[i]))
			return i;
	return -1;
}

const char *routing_strategy_name(int s)
{
	return s >= 0 && s < RS_COUNT ? strategy_names[s] : "direct";
}

int routing_hour_in(int hour, int from, int to)
{
	if (from < 0 || to < 0 || from == to)
		return 1;
	if (from < to)
		return hour >= from && hour < to;
	return hour >= from || hour < to;   /* wraps midnight */
}

static int str_any_or_eq(const char *cond, const char *v)
{
	return !cond || !*cond || (v && !strcmp(cond, v));
}

int routing_matches(const struct routing_cond *c, const struct routing_lead *l)
{
	return (!c->region_id || c->region_id == l->region_id) &&
	       str_any_or_eq(c->industry, l->industry) &&
	       (!c->channel_id || c->channel_id == l->channel_id) &&
	       str_any_or_eq(c->tier, l->tier) &&
	       routing_hour_in(l->local_hour, c->hour_from, c->hour_to);
}

double routing_load_score(int load, int cap)
{
	double s;

	if (cap <= 0)
		return 0.0;
	s = 100.0 * (1.0 - (double)load / (double)cap);
	return s < 0.0 ? 0.0 : s > 100.0 ? 100.0 : s;
}

void routing_evaluate(struct routing_cand *c, int n, int strategy,
		      const struct routing_weights *w)
{
	for (int i = 0; i < n; i++) {
		struct routing_cand *x = &c[i];

		x->load_score = routing_load_score(x->load, x->load_cap);
		x->total = w->speed * x->speed + w->conv * x->conv + w->load * x->load_score;
		if (!x->active)
			x->skip = "inactive";
		else if (x->cert_ok == 0)
			x->skip = "cert_expired";
		else if (x->cert_ok < 0)
			x->skip = "no_cert";
		else if (x->load >= x->load_cap)
			x->skip = "over_cap";
		else if (!x->in_region)
			x->skip = "out_of_region";
		else if (strategy == RS_NEW_HIRE &&
			 (x->hired_days < 0 || x->hired_days > ROUTING_NEW_HIRE_DAYS))
			x->skip = "not_new_hire";
		else
			x->skip = NULL;
	}
}

int routing_select(const struct routing_cand *c, int n, int strategy, long long rr_last)
{
	int best = -1, first = -1;

	for (int i = 0; i < n; i++) {
		const struct routing_cand *x = &c[i];

		if (x->skip)
			continue;
		if (first < 0)
			first = i;
		switch (strategy) {
		case RS_ROUND_ROBIN:
			if (best < 0 && x->user_id > rr_last)
				best = i;
			break;
		case RS_LEAST_LOADED:
		case RS_NEW_HIRE:
			if (best < 0 || x->load < c[best].load)
				best = i;
			break;
		case RS_WEIGHTED:
			if (best < 0 || x->total > c[best].total + 1e-9 ||
			    (x->total > c[best].total - 1e-9 && x->load < c[best].load))
				best = i;
			break;
		default:   /* direct */
			if (best < 0)
				best = i;
			break;
		}
	}
	if (strategy == RS_ROUND_ROBIN && best < 0)
		best = first;   /* wrap around */
	return best;
}

static int str_same(const char *a, const char *b)
{
	int ea = !a || !*a, eb = !b || !*b;

	return (ea && eb) || (!ea && !eb && !strcmp(a, b));
}

/* Does a's condition on one field cover b's (any, or the same value)? */
static int covers_id(long long a, long long b) { return !a || a == b; }
static int covers_str(const char *a, const char *b) { return !a || !*a || str_same(a, b); }

static int hours_cover(int af, int at, int bf, int bt)
{
	if (af < 0 || at < 0 || af == at)
		return 1;
	if (bf < 0 || bt < 0 || bf == bt)
		return 0;
	/* every hour of b's window lies in a's */
	for (int h = bf; h != bt; h = (h + 1) % 24)
		if (!routing_hour_in(h, af, at))
			return 0;
	return 1;
}

int routing_relation(const struct routing_cond *a, const struct routing_cond *b)
{
	int ah = a->hour_from >= 0 && a->hour_to >= 0 && a->hour_from != a->hour_to;
	int bh = b->hour_from >= 0 && b->hour_to >= 0 && b->hour_from != b->hour_to;

	if (a->region_id == b->region_id && str_same(a->industry, b->industry) &&
	    a->channel_id == b->channel_id && str_same(a->tier, b->tier) &&
	    ah == bh && (!ah || (a->hour_from == b->hour_from && a->hour_to == b->hour_to)))
		return ROUTING_SAME;
	if (covers_id(a->region_id, b->region_id) && covers_str(a->industry, b->industry) &&
	    covers_id(a->channel_id, b->channel_id) && covers_str(a->tier, b->tier) &&
	    hours_cover(a->hour_from, a->hour_to, b->hour_from, b->hour_to))
		return ROUTING_SHADOWS;
	return ROUTING_DISJOINT;
}

/* ---- the database part ------------------------------------------------- */

struct rule {
	struct routing_cond c;
	char industry[41], tier[8], name[101];
	int target;                /* 'u' user, 't' team, 'p' pool */
	long long target_id;
	int strategy;
	struct routing_weights w;
};

/* What one rule did for this lead, kept until the decision is written. */
struct tried {
	long long rule_id;
	struct routing_cand *cands;
	int n, chosen;
};

static NEOERR *load_rules(struct rule **out, int *n)
{
	DB_STMT *q;
	int cap = 0;
	NEOERR *err;

	*out = NULL;
	*n = 0;
	err = db_prepare(&q, "SELECT id, priority, COALESCE(cond_region_id, 0), cond_industry,"
			 " COALESCE(cond_channel_id, 0), cond_tier, COALESCE(cond_hour_from, -1),"
			 " COALESCE(cond_hour_to, -1), target_kind,"
			 " COALESCE(target_user_id, target_team_id, 0), strategy, w_speed,"
			 " w_conversion, w_load, name FROM routing_rule WHERE active = 1"
			 " ORDER BY priority, id");
	if (err)
		return nerr_pass(err);
	while (db_step(q) == DB_ROW) {
		struct rule *r;

		if (*n == cap) {
			struct rule *grown = realloc(*out, (size_t)(cap ? cap * 2 : 16) * sizeof(**out));

			if (!grown)
				break;
			*out = grown;
			cap = cap ? cap * 2 : 16;
		}
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->c.id = db_col_int(q, 0);
		r->c.priority = (int)db_col_int(q, 1);
		r->c.region_id = db_col_int(q, 2);
		snprintf(r->industry, sizeof(r->industry), "%s", db_col_text(q, 3) ? db_col_text(q, 3) : "");
		r->c.channel_id = db_col_int(q, 4);
		snprintf(r->tier, sizeof(r->tier), "%s", db_col_text(q, 5) ? db_col_text(q, 5) : "");
		r->c.hour_from = (int)db_col_int(q, 6);
		r->c.hour_to = (int)db_col_int(q, 7);
		r->target = db_col_text(q, 8)[0];
		r->target_id = db_col_int(q, 9);
		r->strategy = routing_strategy_parse(db_col_text(q, 10));
		r->w.speed = db_col_double(q, 11);
		r->w.conv = db_col_double(q, 12);
		r->w.load = db_col_double(q, 13);
		snprintf(r->name, sizeof(r->name), "%s", db_col_text(q, 14));
	}
	err = db_finalize(q);
	/* pointers into the rows, set once the array stops moving */
	for (int i = 0; i < *n; i++) {
		(*out)[i].c.industry = (*out)[i].industry;
		(*out)[i].c.tier = (*out)[i].tier;
	}
	if (err) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return nerr_pass(err);
}

/* The candidates of a rule's target, sorted by id, with what eligibility
 * needs; the pool is the rule region's sales reps (everyone's without one). */
static NEOERR *load_candidates(const struct rule *r, const char *today,
			       struct routing_cand **out, int *n)
{
	static const char *const kinds[] = { "user", "team", "pool" };
	const char *kind = r->target == 'u' ? kinds[0] : r->target == 't' ? kinds[1] : kinds[2];
	DB_STMT *q;
	int cap = 0;
	NEOERR *err;

	*out = NULL;
	*n = 0;
	err = db_prepare(&q, "SELECT u.id, u.status = 'active',"
			 " IF(u.cert_expires IS NULL, -1, u.cert_expires >= ?),"
			 " COALESCE(ul.open_load, 0),"
			 " u.load_cap, (? = 0 OR u.region_id <=> ?),"
			 " COALESCE(DATEDIFF(?, u.hire_date), -1),"
			 " COALESCE(s.score_speed, 50), COALESCE(s.score_conv, 50)"
			 " FROM users u JOIN role ro ON ro.id = u.role_id"
			 " LEFT JOIN user_load ul ON ul.user_id = u.id"
			 " LEFT JOIN routing_score s ON s.user_id = u.id"
			 " WHERE (? = 'user' AND u.id = ?)"
			 " OR (? = 'team' AND u.team_id = ? AND u.status <> 'departed'"
			 "     AND ro.code IN ('sales_rep', 'team_lead'))"
			 " OR (? = 'pool' AND u.status <> 'departed' AND ro.code = 'sales_rep'"
			 "     AND (? = 0 OR u.region_id <=> ?))"
			 " ORDER BY u.id LIMIT 2000");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, today);
	db_bind_int(q, 2, r->c.region_id);
	db_bind_int(q, 3, r->c.region_id);
	db_bind_text(q, 4, today);
	db_bind_text(q, 5, kind);
	db_bind_int(q, 6, r->target_id);
	db_bind_text(q, 7, kind);
	db_bind_int(q, 8, r->target_id);
	db_bind_text(q, 9, kind);
	db_bind_int(q, 10, r->c.region_id);
	db_bind_int(q, 11, r->c.region_id);
	while (db_step(q) == DB_ROW) {
		struct routing_cand *c;

		if (*n == cap) {
			struct routing_cand *grown = realloc(*out, (size_t)(cap ? cap * 2 : 16) * sizeof(**out));

			if (!grown)
				break;
			*out = grown;
			cap = cap ? cap * 2 : 16;
		}
		c = &(*out)[(*n)++];
		memset(c, 0, sizeof(*c));
		c->user_id = db_col_int(q, 0);
		c->active = (int)db_col_int(q, 1);
		c->cert_ok = (int)db_col_int(q, 2);
		c->load = (int)db_col_int(q, 3);
		c->load_cap = (int)db_col_int(q, 4);
		c->in_region = (int)db_col_int(q, 5);
		c->hired_days = (int)db_col_int(q, 6);
		c->speed = db_col_double(q, 7);
		c->conv = db_col_double(q, 8);
	}
	err = db_finalize(q);
	if (err) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return nerr_pass(err);
}

#define CAND_CHUNK 50
#define CAND_COLS "INSERT INTO routing_candidate (decision_id, rule_id, user_id, skip_reason," \
	" load_now, load_cap, score_speed, score_conv, score_load, score_total, chosen) VALUES "
#define CAND_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

/* The candidates in statements of 50, 8, 4, 2 and 1 rows (a round trip
 * each: a team of 5 is two statements, not five); the SQL texts are made
 * of literals only, five of them in the statement cache. */
static NEOERR *write_candidates(long long decision_id, const struct tried *t)
{
	static const int sizes[] = { CAND_CHUNK, 8, 4, 2, 1 };
	static char texts[5][sizeof(CAND_COLS) + CAND_CHUNK * (sizeof(CAND_ROW) + 2)];
	NEOERR *err = STATUS_OK;
	int i = 0;

	if (!texts[0][0])
		for (int z = 0; z < 5; z++) {
			strcpy(texts[z], CAND_COLS);
			for (int k = 0; k < sizes[z]; k++) {
				if (k)
					strcat(texts[z], ", ");
				strcat(texts[z], CAND_ROW);
			}
		}
	while (!err && i < t->n) {
		int z = 0, rows;
		DB_STMT *q;

		while (sizes[z] > t->n - i)
			z++;
		rows = sizes[z];
		err = db_prepare(&q, texts[z]);
		if (err)
			break;
		for (int k = 0; k < rows; k++, i++) {
			const struct routing_cand *c = &t->cands[i];
			int b = k * 11;

			db_bind_int(q, b + 1, decision_id);
			db_bind_int(q, b + 2, t->rule_id);
			db_bind_int(q, b + 3, c->user_id);
			db_bind_text(q, b + 4, c->skip);
			db_bind_int(q, b + 5, c->load);
			db_bind_int(q, b + 6, c->load_cap);
			db_bind_double(q, b + 7, c->speed);
			db_bind_double(q, b + 8, c->conv);
			db_bind_double(q, b + 9, c->load_score);
			db_bind_double(q, b + 10, c->total);
			db_bind_int(q, b + 11, i == t->chosen);
		}
		db_step(q);
		err = db_finalize(q);
	}
	return nerr_pass(err);
}

/* The person's open load (sql/0028: user_load, kept by triggers in the
 * transaction of every change), read under a lock on the person's
 * user_load row: a locking read sees every committed placement (a plain
 * read would see the transaction's snapshot).  Two intakes that both chose
 * someone one below the cap serialise here, and the second sees the first
 * one's lead: its placement updated the row it held.  A person without a
 * row (made by the users trigger; one deleted by hand) gets one from the
 * real counts first. */
static NEOERR *lock_load(long long user_id, int *load)
{
	long long n = 0;
	int found = 0;
	NEOERR *err = db_int_query(&n, &found, "SELECT open_load FROM user_load WHERE user_id = ?"
				   " FOR UPDATE", "i", user_id);

	if (!err && !found) {
		err = db_execf(NULL, "INSERT INTO user_load (user_id, open_load) SELECT ?,"
			       " (SELECT COUNT(*) FROM lead WHERE owner_id = ?"
			       "   AND status IN ('new', 'contacted', 'qualified'))"
			       " + (SELECT COUNT(*) FROM customer WHERE owner_id = ?)"
			       " ON DUPLICATE KEY UPDATE user_id = user_id", "iii",
			       user_id, user_id, user_id);
		if (!err)
			err = db_int_query(&n, NULL, "SELECT open_load FROM user_load WHERE user_id = ?"
					   " FOR UPDATE", "i", user_id);
	}
	*load = (int)n;
	return nerr_pass(err);
}

/* known: the lead as its creator just inserted it in this transaction
 * (no owner, not queued, its row locked by the insert): neither read back
 * nor looked up in the queue. */
static NEOERR *assign(long long lead_id, const char *via, const struct routing_lead *known,
		      long long *owner)
{
	struct routing_lead l = { 0, NULL, 0, NULL, 0 };
	char industry[41] = "", tier[8] = "", now[24], today[11], failed[200] = "";
	struct rule *rules = NULL;
	struct tried *tried = NULL;
	int nrules = 0, ntried = 0, found = 0, matched = 0, was_queued = 0;
	long long cur_owner = 0, chosen_rule = 0, chosen_user = 0;
	const char *reason = "no_rule";
	time_t t = clock_now();
	DB_STMT *q;
	NEOERR *err;

	*owner = 0;
	clock_sql(t, now, sizeof(now));
	snprintf(today, sizeof(today), "%.10s", now);
	{
		time_t local = t + clock_site_offset(t);
		struct tm tm;

		gmtime_r(&local, &tm);
		/* the date of the certificate check is the site's date */
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
		l.local_hour = tm.tm_hour;
	}
	if (known) {
		found = 1;
		l.region_id = known->region_id;
		snprintf(industry, sizeof(industry), "%s", known->industry ? known->industry : "");
		l.channel_id = known->channel_id;
		snprintf(tier, sizeof(tier), "%s", known->tier ? known->tier : "");
		err = STATUS_OK;
	} else {
		err = db_prepare(&q, "SELECT COALESCE(region_id, 0), industry, channel_id, tier,"
				 " COALESCE(owner_id, 0) FROM lead WHERE id = ? FOR UPDATE");
		if (err)
			return nerr_pass(err);
		db_bind_int(q, 1, lead_id);
		if (db_step(q) == DB_ROW) {
			found = 1;
			l.region_id = db_col_int(q, 0);
			snprintf(industry, sizeof(industry), "%s", db_col_text(q, 1) ? db_col_text(q, 1) : "");
			l.channel_id = db_col_int(q, 2);
			snprintf(tier, sizeof(tier), "%s", db_col_text(q, 3));
			cur_owner = db_col_int(q, 4);
		}
		err = db_finalize(q);
	}
	l.industry = industry;
	l.tier = tier;
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "lead %lld", lead_id);
	if (!err && cur_owner) {
		/* someone placed it meanwhile (by hand): nothing to route */
		*owner = cur_owner;
		return nerr_pass(db_execf(NULL, "DELETE FROM routing_queue WHERE lead_id = ?", "i", lead_id));
	}
	if (!err)
		err = load_rules(&rules, &nrules);
	if (!err && nrules)
		tried = calloc((size_t)nrules, sizeof(*tried));
	for (int i = 0; !err && i < nrules && !chosen_user; i++) {
		struct rule *r = &rules[i];
		struct tried *tr;
		long long rr_last = 0;

		if (!routing_matches(&r->c, &l))
			continue;
		matched++;
		tr = &tried[ntried++];
		tr->rule_id = r->c.id;
		tr->chosen = -1;
		err = load_candidates(r, today, &tr->cands, &tr->n);
		if (!err && r->strategy == RS_ROUND_ROBIN)
			err = db_int_query(&rr_last, NULL, "SELECT COALESCE(rr_last_user_id, 0)"
					   " FROM routing_rule WHERE id = ? FOR UPDATE", "i", r->c.id);
		if (err)
			break;
		routing_evaluate(tr->cands, tr->n, r->strategy, &r->w);
		tr->chosen = routing_select(tr->cands, tr->n, r->strategy, rr_last);
		/* The load cap, checked again under the person's lock: someone
		 * filled up meanwhile is skipped (over_cap) and the strategy
		 * picks again among the others. */
		while (!err && tr->chosen >= 0) {
			struct routing_cand *c = &tr->cands[tr->chosen];
			int now_load = 0;

			err = lock_load(c->user_id, &now_load);
			if (err || now_load == c->load)
				break;
			c->load = now_load;
			c->load_score = routing_load_score(c->load, c->load_cap);
			if (now_load < c->load_cap)
				break;
			c->skip = "over_cap";
			tr->chosen = routing_select(tr->cands, tr->n, r->strategy, rr_last);
		}
		if (err)
			break;
		if (tr->chosen >= 0) {
			chosen_rule = r->c.id;
			chosen_user = tr->cands[tr->chosen].user_id;
			if (r->strategy == RS_ROUND_ROBIN)
				err = db_execf(NULL, "UPDATE routing_rule SET rr_last_user_id = ? WHERE id = ?",
					       "ii", chosen_user, r->c.id);
		} else {
			size_t len = strlen(failed);

			snprintf(failed + len, sizeof(failed) - len, "%s%lld", len ? "," : "", r->c.id);
		}
	}
	if (!err) {
		long long pending = 0;

		reason = chosen_user ? "rule" : !matched ? "no_rule" : "all_ineligible";
		if (!known)
			err = db_int_query(&pending, &was_queued, "SELECT reason = 'pending'"
					   " FROM routing_queue WHERE lead_id = ?", "i", lead_id);
		/* a deferred (imported) lead gets its first decision now */
		if (pending) {
			was_queued = 0;
			via = "deferred";
		}
	}
	/* A retry that still cannot place the lead only updates the queue row:
	 * the decision record is written when something changed. */
	if (!err && !chosen_user && was_queued) {
		err = db_execf(NULL, "UPDATE routing_queue SET attempts = attempts + 1, reason = ?,"
			       " last_try_at = ? WHERE lead_id = ?", "tti", reason, now, lead_id);
		goto out;
	}
	if (!err) {
		unsigned long long did = 0;

		err = db_execf(&did, "INSERT INTO routing_decision (lead_id, rule_id, owner_id, outcome,"
			       " reason, via, failed_rules, at) VALUES (?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?, ?)",
			       "iiittttt",
			       lead_id, chosen_rule, chosen_user, chosen_user ? "assigned" : "unassigned",
			       reason, via, failed[0] ? failed : NULL, now);
		for (int i = 0; !err && i < ntried; i++)
			err = write_candidates((long long)did, &tried[i]);
	}
	if (!err && chosen_user) {
		char after[80];
		struct audit_event ev = { "lead.route", "lead", lead_id, "owner_id", NULL, after };

		err = db_execf(NULL, "UPDATE lead l JOIN users u ON u.id = ? SET l.owner_id = u.id,"
			       " l.assigned_at = ?, l.region_id = COALESCE(l.region_id, u.region_id),"
			       " l.updated_at = UTC_TIMESTAMP(6) WHERE l.id = ?", "iti",
			       chosen_user, now, lead_id);
		if (!err && !known)
			err = db_execf(NULL, "DELETE FROM routing_queue WHERE lead_id = ?", "i", lead_id);
		snprintf(after, sizeof(after), "%lld rule=%lld via=%s", chosen_user, chosen_rule, via);
		if (!err)
			err = audit_log_as(0, "routing", NULL, NULL, NULL, &ev);
		if (!err) {
			char key[64];

			snprintf(key, sizeof(key), "lead.assigned:%lld", lead_id);
			err = notify_user(chosen_user, "lead_assigned", key, "lead", lead_id, NULL, NULL);
		}
		*owner = chosen_user;
	} else if (!err) {
		struct audit_event ev = { "lead.route", "lead", lead_id, "owner_id", NULL, reason };

		err = db_execf(NULL, "INSERT INTO routing_queue (lead_id, reason, attempts, queued_at,"
			       " last_try_at) VALUES (?, ?, 1, ?, ?) ON DUPLICATE KEY UPDATE"
			       " reason = VALUES(reason), attempts = attempts + 1,"
			       " last_try_at = VALUES(last_try_at)", "ittt", lead_id, reason, now, now);
		if (!err)
			err = audit_log_as(0, "routing", NULL, NULL, NULL, &ev);
	}
out:
	for (int i = 0; tried && i < ntried; i++)
		free(tried[i].cands);
	free(tried);
	free(rules);
	return nerr_pass(err);
}

/* The kept loads against the real counts, both read by one statement (one
 * snapshot: the triggers change both sides in the same transaction, so a
 * difference there is drift, not a write in flight).  A repair adds the
 * difference (not the count: whatever committed since the snapshot moved
 * both sides alike), one audit row per person. */
NEOERR *routing_load_check(int repair, const char *actor, struct routing_drift **out,
			   int *n, int *people)
{
	struct routing_drift *d = NULL;
	int cap = 0;
	DB_STMT *q;
	NEOERR *err;

	*out = NULL;
	*n = *people = 0;
	err = db_prepare(&q, "SELECT u.id, u.login, COALESCE(ul.open_load, 0), ul.user_id IS NULL,"
			 " (SELECT COUNT(*) FROM lead l WHERE l.owner_id = u.id"
			 "   AND l.status IN ('new', 'contacted', 'qualified'))"
			 " + (SELECT COUNT(*) FROM customer c WHERE c.owner_id = u.id)"
			 " FROM users u LEFT JOIN user_load ul ON ul.user_id = u.id ORDER BY u.id");
	if (err)
		return nerr_pass(err);
	while (db_step(q) == DB_ROW) {
		long long kept = db_col_int(q, 2), real = db_col_int(q, 4);
		int missing = (int)db_col_int(q, 3);

		(*people)++;
		if (kept == real && !missing)
			continue;
		if (*n == cap) {
			struct routing_drift *grown = realloc(d, (size_t)(cap ? cap * 2 : 16) * sizeof(*d));

			if (!grown) {
				err = nerr_raise(NERR_NOMEM, "load check");
				break;
			}
			d = grown;
			cap = cap ? cap * 2 : 16;
		}
		d[*n].user_id = db_col_int(q, 0);
		snprintf(d[*n].login, sizeof(d[*n].login), "%s", db_col_text(q, 1) ? db_col_text(q, 1) : "");
		d[*n].kept = kept;
		d[*n].real = real;
		d[*n].missing = missing;
		(*n)++;
	}
	err = db_finalize(q);
	if (!err && *n)
		log_msg(LOG_WARNING, "load check: %d of %d people's kept open load differs"
			" from their leads and customers%s", *n, *people, repair ? " (repaired)" : "");
	if (!err && repair && *n) {
		err = db_begin();
		for (int i = 0; !err && i < *n; i++) {
			char before[24], after[24];
			struct audit_event ev = { "routing.load_repair", "user", d[i].user_id,
						  "open_load", before, after };

			if (d[i].missing)
				snprintf(before, sizeof(before), "none");
			else
				snprintf(before, sizeof(before), "%lld", d[i].kept);
			snprintf(after, sizeof(after), "%lld", d[i].real);
			err = db_execf(NULL, "INSERT INTO user_load (user_id, open_load) VALUES (?, ?)"
				       " ON DUPLICATE KEY UPDATE open_load = open_load + ?", "iii",
				       d[i].user_id, d[i].real, d[i].real - d[i].kept);
			if (!err)
				err = audit_log_as(0, actor, NULL, NULL, NULL, &ev);
		}
		err = db_finish(err);
	}
	if (err) {
		free(d);
		*n = 0;
		return nerr_pass(err);
	}
	*out = d;
	return STATUS_OK;
}

NEOERR *routing_assign(long long lead_id, const char *via, long long *owner)
{
	return nerr_pass(assign(lead_id, via, NULL, owner));
}

NEOERR *routing_assign_new(long long lead_id, const struct routing_lead *l, long long *owner)
{
	return nerr_pass(assign(lead_id, "create", l, owner));
}

NEOERR *routing_defer(long long lead_id)
{
	char now[24];

	clock_sql(clock_now(), now, sizeof(now));
	return nerr_pass(db_execf(NULL, "INSERT INTO routing_queue (lead_id, reason, attempts,"
				  " queued_at, last_try_at) VALUES (?, 'pending', 0, ?, ?)", "itt",
				  lead_id, now, now));
}

#define RETRY_BATCH 1000

/* Deferred (imported) leads first, then leads that waited 5 minutes since
 * their last try (all: every queued lead); at most RETRY_BATCH a pass. */
NEOERR *routing_retry_queue(int all, int *placed, int *left)
{
	static long long ids[RETRY_BATCH];
	char now[24];
	int n = 0;
	DB_STMT *q;
	NEOERR *err;

	*placed = *left = 0;
	clock_sql(clock_now(), now, sizeof(now));
	err = db_prepare(&q, "(SELECT lead_id, 0 AS k, queued_at AS t FROM routing_queue"
			 "  WHERE reason = 'pending' ORDER BY queued_at, lead_id LIMIT 1000)"
			 " UNION ALL (SELECT lead_id, 1, last_try_at FROM routing_queue"
			 "  WHERE reason <> 'pending' AND last_try_at <= ? - INTERVAL ? MINUTE"
			 "  ORDER BY last_try_at, lead_id LIMIT 1000) ORDER BY k, t LIMIT 1000");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, now);
	db_bind_int(q, 2, all ? 0 : 5);
	while (n < RETRY_BATCH && db_step(q) == DB_ROW)
		ids[n++] = db_col_int(q, 0);
	err = db_finalize(q);
	for (int i = 0; !err && i < n; i++) {
		long long owner = 0;

		err = db_begin();
		if (!err)
			err = routing_assign(ids[i], "retry", &owner);
		err = db_finish(err);
		if (!err)
			*placed += owner != 0;
	}
	if (!err) {
		long long w = 0;

		err = db_int_query(&w, NULL, "SELECT COUNT(*) FROM routing_queue", NULL);
		*left = (int)w;
	}
	return nerr_pass(err);
}

/* Speed: the rep's mean minutes from assignment to first response over 30
 * days; conversion: converted ÷ assigned leads over 30 days.  Each is
 * normalised 0..100 across the reps that have data (best = 100); a rep
 * without data scores 50. */
NEOERR *routing_recompute_scores(int *people)
{
	char now[24];
	NEOERR *err;

	*people = 0;
	clock_sql(clock_now(), now, sizeof(now));
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "DELETE FROM routing_score", NULL);
	if (!err)
		err = db_execf(NULL,
			"INSERT INTO routing_score (user_id, avg_response_min, conversion_rate,"
			" score_speed, score_conv, computed_at)"
			" SELECT s.owner_id, s.avg_min, s.conv,"
			"  CASE WHEN s.avg_min IS NULL THEN 50 WHEN m.max_min = m.min_min THEN 100"
			"   ELSE ROUND(100 * (m.max_min - s.avg_min) / (m.max_min - m.min_min), 1) END,"
			"  CASE WHEN s.conv IS NULL THEN 50 WHEN m.max_conv = m.min_conv THEN 100"
			"   ELSE ROUND(100 * (s.conv - m.min_conv) / (m.max_conv - m.min_conv), 1) END, ?"
			" FROM (SELECT owner_id,"
			"   AVG(CASE WHEN first_response_at IS NOT NULL THEN TIMESTAMPDIFF(SECOND,"
			"     COALESCE(assigned_at, created_at), first_response_at) / 60 END) AS avg_min,"
			"   SUM(status = 'converted') / COUNT(*) AS conv"
			"   FROM lead WHERE owner_id IS NOT NULL AND created_at > ? - INTERVAL 30 DAY"
			"   GROUP BY owner_id) s"
			" CROSS JOIN (SELECT MAX(avg_min) max_min, MIN(avg_min) min_min,"
			"   MAX(conv) max_conv, MIN(conv) min_conv FROM (SELECT owner_id,"
			"   AVG(CASE WHEN first_response_at IS NOT NULL THEN TIMESTAMPDIFF(SECOND,"
			"     COALESCE(assigned_at, created_at), first_response_at) / 60 END) AS avg_min,"
			"   SUM(status = 'converted') / COUNT(*) AS conv"
			"   FROM lead WHERE owner_id IS NOT NULL AND created_at > ? - INTERVAL 30 DAY"
			"   GROUP BY owner_id) x) m", "ttt", now, now, now);
	err = db_finish(err);
	if (!err) {
		long long n = 0;

		err = db_int_query(&n, NULL, "SELECT COUNT(*) FROM routing_score", NULL);
		*people = (int)n;
	}
	return nerr_pass(err);
}

/* ---- many records at once: the emergency takeover's "routing rules" ---- */

struct plan_rule {
	int loaded;
	struct routing_cand *cands;
	int *base;                 /* each candidate's load in the database */
	int n;
	long long rr_last;
};

struct routing_planner {
	struct rule *rules;
	struct plan_rule *pr;
	int nrules, local_hour;
	char today[11];
	long long exclude;
	const long long *allowed;
	int nallowed;
	long long *extra;          /* pairs: user id, records handed out so far */
	size_t nextra;
};

NEOERR *routing_planner_new(struct routing_planner **out, long long exclude,
			    const long long *allowed, int nallowed)
{
	struct routing_planner *p = calloc(1, sizeof(*p));
	time_t t = clock_now(), local = t + clock_site_offset(t);
	struct tm tm;
	NEOERR *err;

	*out = NULL;
	if (!p)
		return nerr_raise(NERR_NOMEM, "routing planner");
	gmtime_r(&local, &tm);
	strftime(p->today, sizeof(p->today), "%Y-%m-%d", &tm);
	p->local_hour = tm.tm_hour;
	p->exclude = exclude;
	p->allowed = allowed;
	p->nallowed = nallowed;
	err = load_rules(&p->rules, &p->nrules);
	if (!err && p->nrules && !(p->pr = calloc((size_t)p->nrules, sizeof(*p->pr))))
		err = nerr_raise(NERR_NOMEM, "routing planner");
	if (err) {
		routing_planner_free(p);
		return nerr_pass(err);
	}
	*out = p;
	return STATUS_OK;
}

void routing_planner_free(struct routing_planner *p)
{
	if (!p)
		return;
	for (int i = 0; p->pr && i < p->nrules; i++) {
		free(p->pr[i].cands);
		free(p->pr[i].base);
	}
	free(p->pr);
	free(p->rules);
	free(p->extra);
	free(p);
}

static long long *planner_extra(struct routing_planner *p, long long user, int add)
{
	for (size_t i = 0; i < p->nextra; i++)
		if (p->extra[2 * i] == user)
			return &p->extra[2 * i + 1];
	if (add) {
		long long *a = realloc(p->extra, (p->nextra + 1) * 2 * sizeof(*a));

		if (!a)
			return NULL;
		p->extra = a;
		a[2 * p->nextra] = user;
		a[2 * p->nextra + 1] = 0;
		return &a[2 * p->nextra++ + 1];
	}
	return NULL;
}

static int planner_allowed(const struct routing_planner *p, long long user)
{
	if (user == p->exclude)
		return 0;
	for (int i = 0; i < p->nallowed; i++)
		if (p->allowed[i] == user)
			return 1;
	return 0;
}

NEOERR *routing_planner_pick(struct routing_planner *p, const struct routing_lead *rec,
			     int adds_load, long long *user, long long *rule)
{
	struct routing_lead l = *rec;
	NEOERR *err = STATUS_OK;

	*user = *rule = 0;
	l.local_hour = p->local_hour;
	for (int i = 0; i < p->nrules; i++) {
		struct rule *r = &p->rules[i];
		struct plan_rule *pr = &p->pr[i];
		int chosen;

		if (!routing_matches(&r->c, &l))
			continue;
		if (!pr->loaded) {
			err = load_candidates(r, p->today, &pr->cands, &pr->n);
			if (!err && pr->n && !(pr->base = malloc((size_t)pr->n * sizeof(*pr->base))))
				err = nerr_raise(NERR_NOMEM, "routing planner");
			for (int k = 0; !err && k < pr->n; k++)
				pr->base[k] = pr->cands[k].load;
			if (!err && r->strategy == RS_ROUND_ROBIN)
				err = db_int_query(&pr->rr_last, NULL, "SELECT COALESCE(rr_last_user_id, 0)"
						   " FROM routing_rule WHERE id = ?", "i", r->c.id);
			if (err)
				return nerr_pass(err);
			pr->loaded = 1;
		}
		for (int k = 0; k < pr->n; k++) {
			long long *x = planner_extra(p, pr->cands[k].user_id, 0);

			pr->cands[k].load = pr->base[k] + (x ? (int)*x : 0);
		}
		routing_evaluate(pr->cands, pr->n, r->strategy, &r->w);
		for (int k = 0; k < pr->n; k++)
			if (!pr->cands[k].skip && !planner_allowed(p, pr->cands[k].user_id))
				pr->cands[k].skip = "out_of_scope";
		chosen = routing_select(pr->cands, pr->n, r->strategy, pr->rr_last);
		if (chosen < 0)
			continue;
		*user = pr->cands[chosen].user_id;
		*rule = r->c.id;
		if (r->strategy == RS_ROUND_ROBIN)
			pr->rr_last = *user;
		if (adds_load) {
			long long *x = planner_extra(p, *user, 1);

			if (!x)
				return nerr_raise(NERR_NOMEM, "routing planner");
			(*x)++;
		}
		return STATUS_OK;
	}
	return STATUS_OK;
}

const char *routing_planner_rule_name(const struct routing_planner *p, long long rule)
{
	for (int i = 0; i < p->nrules; i++)
		if (p->rules[i].c.id == rule)
			return p->rules[i].name;
	return "";
}

NEOERR *routing_planner_save_turns(const struct routing_planner *p)
{
	NEOERR *err = STATUS_OK;

	for (int i = 0; !err && i < p->nrules; i++)
		if (p->pr[i].loaded && p->rules[i].strategy == RS_ROUND_ROBIN && p->pr[i].rr_last)
			err = db_execf(NULL, "UPDATE routing_rule SET rr_last_user_id = ? WHERE id = ?",
				       "ii", p->pr[i].rr_last, p->rules[i].c.id);
	return nerr_pass(err);
}
