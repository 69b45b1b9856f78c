/* complaint.h — complaint keywords and process-sensitive customers (R7.4).
 *
 * Admins keep PCRE2 patterns (/admin/complaints; checked by compiling them
 * on save, a bad one is a 400 with PCRE2's reason).  activity_record() runs
 * the active patterns over a visit record's text when it is saved; a match
 * marks the customer process-sensitive (customer_sensitivity, audited
 * customer.process_sensitive).  Until someone confirms the service
 * commitment on the customer page (audited customer.commitment), every
 * forward move of the customer's open deals is refused by the dealrule
 * evaluator (unmet ServiceCommitment) on the deal page, the board, the
 * sidebar and the API alike.  A later match locks again.
 */
#ifndef SG_COMPLAINT_H
#define SG_COMPLAINT_H

#include <stddef.h>

#include "request.h"

/* Pure: 1 when pattern matches text, 0 when not, -1 when the pattern does
 * not compile (why gets PCRE2's message and the offset). */
int complaint_match(const char *pattern, const char *text, char *why, size_t n);

/* Runs the active patterns over the texts (NULLs skipped) of an activity
 * on a customer, inside the caller's transaction. */
NEOERR *complaint_scan(REQUEST *req, long long customer_id, long long activity_id,
		       const char *const *texts, int ntexts);

/* Fills <node>.{Label,At,Confirmed,ConfirmedAt,By,Commitment} when the
 * customer is process-sensitive. */
NEOERR *complaint_fill(REQUEST *req, const char *node, long long customer_id);

/* /admin/complaints (admin.config) and POST /customers/#/commitment. */
NEOERR *admin_complaints(REQUEST *req);
NEOERR *admin_complaint_create(REQUEST *req);
NEOERR *admin_complaint_toggle(REQUEST *req);
NEOERR *customer_commitment(REQUEST *req);

#endif
