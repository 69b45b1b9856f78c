/* credibility.h — credibility checks on recorded actions (R5.2).
 *
 * activity_record() asks credibility_gate() before it writes an activity
 * and credibility_after() once it has: more than Credibility.RepeatMax
 * (2) actions of one kind by one person on one customer (a lead without a
 * customer counts as its own subject) within 24 h, or more than
 * Credibility.BurstMax (4) entries by one person from one address within a
 * minute, flag the entry and freeze that person's further entries on that
 * customer until a manager clears or confirms the flag on /credibility.
 * The review restarts the counting window, so the same entries do not
 * freeze again.  The credibility_ratio job flags people whose recorded
 * actions over 30 days are less than 70 % verifiable (a duration, or an
 * attachment of theirs on a deal of the customer within a day); a ratio
 * flag asks for a review but freezes nothing.
 */
#ifndef SG_CREDIBILITY_H
#define SG_CREDIBILITY_H

#include <stddef.h>

#include "request.h"

enum { CRED_REPEAT = 1, CRED_BURST = 2 };

/* Pure: which rules the entry just recorded breaks, given how many actions
 * of its kind the person has on the subject in the window (itself
 * included) and how many entries from its address in the last minute. */
int credibility_judge(long long same_kind, long long from_addr, long long repeat_max,
		      long long burst_max);
/* Pure: the stored reason for judge's bits ("repeat", "burst",
 * "repeat_burst"); NULL for 0. */
const char *credibility_reason(int bits);
/* Pure: is a person's ratio low?  Only with at least min_sample actions;
 * low when verifiable / recorded < 0.7. */
int credibility_ratio_low(long long recorded, long long verifiable, long long min_sample);

/* Inside the caller's transaction, before the insert: refuses (409, the
 * refusal audited in its own transaction, Page.ErrorReason set) while an
 * open repeat/burst flag freezes this person on this subject. */
NEOERR *credibility_gate(REQUEST *req, const char *kind, long long lead_id,
			 long long customer_id);
/* After the insert: flags the entry when it breaks a rule (audited, the
 * person and their manager notified). */
NEOERR *credibility_after(REQUEST *req, const char *kind, long long lead_id,
			  long long customer_id, long long activity_id);

/* Sets Credibility.Frozen = flag id when the reader is frozen on the subject
 * (the customer and lead pages show it). */
NEOERR *credibility_frozen_note(REQUEST *req, long long lead_id, long long customer_id);

/* The scheduler job (weekly is enough; runs daily, one flag per week). */
NEOERR *credibility_ratio_job(char *summary, size_t n);

/* GET /credibility, POST /credibility/#/review. */
NEOERR *credibility_page(REQUEST *req);
NEOERR *credibility_review(REQUEST *req);

#endif
