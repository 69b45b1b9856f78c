/* activity.h — one-click actions and visit records (R5.1, R3.7). */
#ifndef SG_ACTIVITY_H
#define SG_ACTIVITY_H

#include "request.h"

/* 1 when kind is one of the one-click actions (Lang.Activity.<kind>). */
int activity_kind_ok(const char *kind);
const char *const *activity_kinds(size_t *n);

/* Records an action by the request's person from the request's address, on
 * a lead and/or a customer, with its audit row; a lead's first activity
 * stops its first-response clock and moves it from new to contacted.
 * Every entry passes the credibility checks (credibility.h): a person
 * frozen on the customer is refused (409, audited). */
NEOERR *activity_record(REQUEST *req, const char *kind, long long lead_id,
			long long customer_id, long long duration_sec,
			const char *core_need, const char *next_step,
			const char *detail);

/* Fills <list>.N.{Kind,At,User,CoreNeed,NextStep,Detail,Duration,Ip,Id}
 * (Id: a visit record's summary is /visits/<Id>/summary). */
NEOERR *activity_fill(REQUEST *req, const char *list, long long lead_id,
		      long long customer_id);

/* Fills <list>.N.{At,Actor,Action,Field,Before,After} from the audit log
 * for one object (the record's history on its own page). */
struct policy_subject;
/* Before/after values of sensitive fields are masked for this reader. */
NEOERR *activity_history(REQUEST *req, const char *list, const char *object_type,
			 long long object_id, const struct policy_subject *s);

#endif
