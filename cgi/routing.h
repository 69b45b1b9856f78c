/* routing.h — who gets a new lead (R2).
 *
 * Rules are tried by priority.  A rule matches a lead by region, industry,
 * channel, tier and local hour (NULL = any); its target (one user, a team,
 * or the pool of sales reps, in the rule's region when it has one) gives the
 * candidates; eligibility is checked at assignment time (active, certificate
 * unexpired, under the load cap, in the rule's region); the strategy picks
 * one eligible candidate.  Every decision is recorded with each candidate's
 * scores and skip reason ("why this person").  A lead that no rule can
 * place waits in routing_queue with the reason and is retried by the
 * scheduler.
 *
 * The pure part (matching, eligibility, scores, selection, conflicts) is
 * unit-tested; routing_assign() is the database part, called by
 * lead_create() in the same transaction as the insert.
 */
#ifndef SG_ROUTING_H
#define SG_ROUTING_H

#include <ClearSilver/ClearSilver.h>

enum routing_strategy {
	RS_DIRECT = 0, RS_ROUND_ROBIN, RS_LEAST_LOADED, RS_NEW_HIRE, RS_WEIGHTED, RS_COUNT
};

#define ROUTING_NEW_HIRE_DAYS 90   /* "new hire": hired within this many days */
#define ROUTING_MAX_CANDIDATES 2000

struct routing_weights {
	double speed, conv, load;  /* 0.40 / 0.35 / 0.25 by default */
};

/* One candidate as loaded at assignment time; skip and the scores are
 * filled by routing_evaluate(). */
struct routing_cand {
	long long user_id;
	int active;                /* status 'active' */
	int cert_ok;               /* a certificate that has not expired */
	int load, load_cap;        /* open leads + customers; the cap */
	int in_region;             /* rule has no region, or the person is in it */
	int hired_days;            /* days since hire; -1 unknown */
	double speed, conv;        /* 0..100 from routing_score (50 when unknown) */
	/* out */
	const char *skip;          /* NULL: eligible; else a reason code */
	double load_score, total;
};

/* The conditions of a rule (0 / NULL / -1 = any). */
struct routing_cond {
	long long id;
	int priority;
	long long region_id;
	const char *industry;
	long long channel_id;
	const char *tier;
	int hour_from, hour_to;    /* -1: any hour */
};

/* The lead's side of a match. */
struct routing_lead {
	long long region_id;
	const char *industry;
	long long channel_id;
	const char *tier;
	int local_hour;            /* 0..23 in Site.TimeZone */
};

/* Pure: "direct" → RS_DIRECT; -1 when unknown. */
int routing_strategy_parse(const char *s);
const char *routing_strategy_name(int s);

/* Pure: is hour inside [from, to)?  A window may wrap midnight (22 → 6). */
int routing_hour_in(int hour, int from, int to);
/* Pure: does the rule's condition set match the lead? */
int routing_matches(const struct routing_cond *c, const struct routing_lead *l);

/* Pure: 100 × (1 − load / cap), clamped to 0..100. */
double routing_load_score(int load, int cap);

/* Pure: fills skip, load_score and total for every candidate:
 * skip reasons "inactive", "cert_expired", "over_cap", "out_of_region",
 * "not_new_hire" (new-hire strategy only). */
void routing_evaluate(struct routing_cand *c, int n, int strategy,
		      const struct routing_weights *w);

/* Pure: the index of the chosen eligible candidate, -1 when none.
 * direct: the first eligible; round robin: the first eligible id after
 * rr_last (by id, wrapping); least loaded and new-hire: the smallest load,
 * then the lower id; weighted: the highest total, then the lower load, then
 * the lower id.  Candidates must be sorted by user_id. */
int routing_select(const struct routing_cand *c, int n, int strategy, long long rr_last);

/* Pure: how two rules relate, for the admin page's conflict flags.
 * ROUTING_SAME: identical conditions; ROUTING_SHADOWS: a (tried first)
 * matches every lead b matches, so b only ever sees a's failures. */
enum { ROUTING_DISJOINT = 0, ROUTING_SAME = 1, ROUTING_SHADOWS = 2 };
int routing_relation(const struct routing_cond *a, const struct routing_cond *b);

/* Places a lead by the active rules, in the caller's transaction: sets
 * lead.owner_id and assigned_at, records the decision and its candidates,
 * and queues (or re-queues) the lead when no rule can place it.  via is
 * "create" or "retry".  *owner gets the new owner or 0. */
NEOERR *routing_assign(long long lead_id, const char *via, long long *owner);
/* The same for a lead its creator has just inserted in this transaction,
 * without an owner and not queued (lead_create): l gives its region,
 * industry, channel and tier (local_hour is ignored), so the lead is not
 * read back and the queue is not consulted.  via is "create". */
NEOERR *routing_assign_new(long long lead_id, const struct routing_lead *l, long long *owner);

/* Queues a new lead for the scheduler's next pass (reason "pending"), in
 * the caller's transaction: bulk imports. */
NEOERR *routing_defer(long long lead_id);

/* The kept open loads (sql/0028 user_load) against the real counts of
 * open leads and customers owned, in one snapshot: one entry per person
 * that differs (missing: no row), *people the number checked.  repair:
 * each difference is added to the kept value and audited
 * (routing.load_repair, by actor).  *out is the caller's to free.  For
 * `salesgate load-check` and the daily load_check job. */
struct routing_drift {
	long long user_id;
	char login[161];
	long long kept, real;
	int missing;
};
NEOERR *routing_load_check(int repair, const char *actor, struct routing_drift **out,
			   int *n, int *people);

/* Scheduler jobs. */
/* all: also leads tried less than 5 minutes ago (the "retry all" button). */
NEOERR *routing_retry_queue(int all, int *placed, int *left);
NEOERR *routing_recompute_scores(int *people);

/* Many records at once (the emergency takeover's "let the routing rules
 * choose"): the same rules, candidates, eligibility and strategies as
 * routing_assign(), nothing written.  exclude (the leaver) is never chosen,
 * nor anyone outside allowed (the people the caller may hand records to:
 * skip reason "out_of_scope").  A pick with adds_load (a customer, an open
 * lead: what the load counts) adds one to the chosen person's load for the
 * later picks, so the load cap counts what this run already handed out;
 * round robin turns continue from the rule's last and advance per pick. */
struct routing_planner;
NEOERR *routing_planner_new(struct routing_planner **p, long long exclude,
			    const long long *allowed, int nallowed);
/* rec: the record's region, industry, channel, tier (the hour is now's).
 * *user 0: nobody eligible under any matching rule. */
NEOERR *routing_planner_pick(struct routing_planner *p, const struct routing_lead *rec,
			     int adds_load, long long *user, long long *rule);
const char *routing_planner_rule_name(const struct routing_planner *p, long long rule);
/* Writes each round-robin rule's last pick (after a real run). */
NEOERR *routing_planner_save_turns(const struct routing_planner *p);
void routing_planner_free(struct routing_planner *p);

#endif
