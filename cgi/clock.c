/* clock.c — the one source of "now" for jobs, routing and SLA clocks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"

time_t clock_parse(const char *s)
{
	struct tm tm;
	char tail;

	if (!s)
		return -1;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &tail) != 6)
		return -1;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

time_t clock_now(void)
{
#ifdef SG_TEST_CLOCK
	time_t t = clock_parse(getenv("SALESGATE_TEST_NOW"));

	if (t != -1)
		return t;
#endif
	return time(NULL);
}

void clock_sql(time_t t, char *out, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm);
}

long clock_site_offset(time_t t)
{
	const char *old = getenv("TZ");
	char saved[64] = "";
	int had = old != NULL;
	struct tm tm;

	if (had)
		snprintf(saved, sizeof(saved), "%s", old);
	setenv("TZ", config_get("Site.TimeZone"), 1);
	tzset();
	localtime_r(&t, &tm);
	if (had)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	return tm.tm_gmtoff;
}
