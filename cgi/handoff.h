/* handoff.h — handoff packages between roles with role SLAs (R6.1–R6.3).
 *
 * A handoff type (admin-edited: /admin/handoffs) names the receiving role,
 * the items a package carries (required or optional) and an SLA in working
 * hours.  On a deal a sender with the deal in their edit scope sends a
 * package to one active person of that role; a package with a required
 * item empty is refused (400, the missing items listed, everything typed
 * kept).  The receiver acknowledges, then completes it or returns it with
 * a reason.  due_at = sent_at + SLA of working time (sla.c calendar); the
 * countdown shows on the deal, on /handoffs (both sides) and on the
 * package's page.  The handoff_overdue job notifies the receiver and the
 * receiver's direct superior once when a package runs past due.
 */
#ifndef SG_HANDOFF_H
#define SG_HANDOFF_H

#include <time.h>

#include "deal.h"

#define HANDOFF_MAX_ITEMS 8

/* Pure: the countdown of a package at now: *left > 0 working seconds left,
 * or *late working seconds past due (both 0 when closed). */
struct sla_calendar;
void handoff_countdown(const struct sla_calendar *c, time_t now, time_t due, int open,
		       long *left, long *late);

/* Pure: one line of the admin's item list: "? label" is optional.  Copies
 * the trimmed label to out; returns -1 for a blank line, else required. */
int handoff_item_line(const char *line, size_t len, char *out, size_t n);

/* The deal page's part: Deal.Handoffs (packages with countdowns) and, when
 * the reader may send, HandoffTypes with their items and receivers. */
NEOERR *handoff_put_deal(REQUEST *req, const struct deal_row *d, int can_send);

/* The today page's section (today.c): Today.Handoffs.Items/Count/Overdue. */
NEOERR *handoff_put_today(REQUEST *req, HDF *node);

/* The handoff_overdue job (scheduler.c). */
NEOERR *handoff_overdue_scan(int *overdue, int *notices);

/* Pages. */
NEOERR *handoff_send(REQUEST *req);          /* POST /deals/#/handoffs */
NEOERR *handoffs_page(REQUEST *req);         /* GET /handoffs */
NEOERR *handoff_page(REQUEST *req);          /* GET /handoffs/# */
NEOERR *handoff_ack(REQUEST *req);           /* POST /handoffs/#/ack */
NEOERR *handoff_complete(REQUEST *req);      /* POST /handoffs/#/complete */
NEOERR *handoff_return(REQUEST *req);        /* POST /handoffs/#/return */
NEOERR *handoff_report(REQUEST *req);        /* GET /handoffs/report */
NEOERR *admin_handoffs(REQUEST *req);        /* GET /admin/handoffs */
NEOERR *admin_handoff_save(REQUEST *req);    /* POST /admin/handoffs/# */

#endif
