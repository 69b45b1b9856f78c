/* escalation.h — the pure parts of permission escalation (escalation.c),
 * for the unit tests.  The page handlers are declared in pages.h. */
#ifndef SG_ESCALATION_H
#define SG_ESCALATION_H

/* Pure: may this capability be asked for at all? */
int escalation_cap_ok(const char *cap);

/* Pure: does one more request, after this many within the last hour, trip
 * the circuit breaker?  (More than 5 in an hour: the 6th trips it.) */
int escalation_breaker_trips(long long requests_last_hour);

#endif
