/* success.h — the customer-success journey (R11).
 *
 * A contract on a customer (made on a deal's close-won handoff, or entered
 * on the customer's success page) and a CSM per customer.  The scheduler's
 * success_journey job makes, once each, the CSM's day-1 welcome-plan task,
 * the day-30 health-check task, and 90 days before expiry the renewal
 * package (history, satisfaction notes, competitor notes, talking points,
 * prefilled from the customer's record), which only the CSM and the
 * managers above the CSM may edit.  The monthly success_gap_scan lists
 * customers whose sales journey ended (a won deal) but whose success
 * journey never started, and tells the owner's manager once.
 */
#ifndef SG_SUCCESS_H
#define SG_SUCCESS_H
#include <ClearSilver/ClearSilver.h>
#include "request.h"

/* Days before expiry a contract gets its renewal package. */
#define SUCCESS_RENEWAL_DAYS 90
/* Days after a won deal before a missing success journey is a gap. */
#define SUCCESS_GAP_GRACE_DAYS 7

/* Inside deal_close's transaction: the won deal's contract (start: today,
 * one year, the deal's amount), once per deal; audited. */
NEOERR *success_contract_from_deal(REQUEST *req, long long deal_id);

/* Scheduler jobs (summary: what they did). */
NEOERR *success_journey_job(char *summary, size_t n);
NEOERR *success_gap_job(char *summary, size_t n);

/* Pure: the days from today to end ("YYYY-MM-DD" both); INT_MIN on a bad
 * date.  Used for "expires in N days" and the 90-day window. */
int success_days_between(const char *from, const char *to);

#endif
