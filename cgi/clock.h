/* clock.h — "now" for the scheduler, routing and SLA clocks.
 *
 * Production: the system clock.  A test build (compiled with SG_TEST_CLOCK,
 * which only the ASan/test build sets) also honours the environment
 * variable SALESGATE_TEST_NOW ("YYYY-MM-DD HH:MM:SS", UTC), so the tests can
 * move time for `salesgate tick`.  The release binary ignores it.
 */
#ifndef SG_CLOCK_H
#define SG_CLOCK_H

#include <stddef.h>
#include <time.h>

time_t clock_now(void);
/* "YYYY-MM-DD HH:MM:SS" (UTC) for binding into SQL. */
void clock_sql(time_t t, char *out, size_t n);
/* Pure: parses "YYYY-MM-DD HH:MM:SS" as UTC; -1 when malformed. */
time_t clock_parse(const char *s);
/* Seconds east of UTC for Site.TimeZone at time t. */
long clock_site_offset(time_t t);

#endif
