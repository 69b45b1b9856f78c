/* sla.c — working-time arithmetic for SLA clocks. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "sla.h"

#define DAY 86400L

int sla_calendar_parse(struct sla_calendar *c, const char *hours, const char *days, long offset)
{
	int h1, m1, h2, m2;
	char tail;

	memset(c, 0, sizeof(*c));
	c->offset = offset;
	if (!hours || !*hours) {
		c->always = 1;
		return 0;
	}
	if (sscanf(hours, "%d:%d-%d:%d%c", &h1, &m1, &h2, &m2, &tail) != 4 ||
	    h1 < 0 || h1 > 23 || h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59)
		return -1;
	c->start_min = h1 * 60 + m1;
	c->end_min = h2 * 60 + m2;
	if (c->end_min <= c->start_min || c->end_min > 24 * 60)
		return -1;
	for (const char *p = days && *days ? days : "12345"; *p; p++) {
		if (*p < '0' || *p > '7')
			return -1;
		c->days |= 1u << ((*p - '0') % 7);   /* 7 is Sunday too */
	}
	return 0;
}

static long local_day(long local) { return local >= 0 ? local / DAY : -((-local + DAY - 1) / DAY); }

int sla_add_holiday(struct sla_calendar *c, const char *date)
{
	struct tm tm;
	char tail;

	memset(&tm, 0, sizeof(tm));
	if (c->nholidays >= SLA_MAX_HOLIDAYS ||
	    sscanf(date, "%4d-%2d-%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tail) != 3)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	c->holidays[c->nholidays++] = (long)(timegm(&tm) / DAY);
	return 0;
}

static int works_on(const struct sla_calendar *c, long day)
{
	int wday = (int)(((day % 7) + 7 + 4) % 7);   /* 1970-01-01 was a Thursday */

	if (!(c->days & (1u << wday)))
		return 0;
	for (int i = 0; i < c->nholidays; i++)
		if (c->holidays[i] == day)
			return 0;
	return 1;
}

long sla_work_seconds(const struct sla_calendar *c, time_t from, time_t to)
{
	long total = 0, a, b;

	if (to <= from)
		return 0;
	if (c->always)
		return (long)(to - from);
	a = (long)from + c->offset;
	b = (long)to + c->offset;
	for (long day = local_day(a); day <= local_day(b); day++) {
		long s, e;

		if (!works_on(c, day))
			continue;
		s = day * DAY + c->start_min * 60L;
		e = day * DAY + c->end_min * 60L;
		if (s < a) s = a;
		if (e > b) e = b;
		if (e > s)
			total += e - s;
	}
	return total;
}

time_t sla_add_work(const struct sla_calendar *c, time_t from, long seconds)
{
	long t, day;
	int guard = 0;

	if (c->always)
		return from + seconds;
	t = (long)from + c->offset;
	for (day = local_day(t); guard < 3700; day++, guard++) {
		long s = day * DAY + c->start_min * 60L, e = day * DAY + c->end_min * 60L;

		if (!works_on(c, day) || e <= t)
			continue;
		if (s < t)
			s = t;
		if (e - s >= seconds)
			return (time_t)(s + seconds - c->offset);
		seconds -= e - s;
	}
	return from + seconds;   /* a calendar with no working day at all */
}

NEOERR *sla_calendar_load(struct sla_calendar *c, time_t now)
{
	DB_STMT *q;
	NEOERR *err;

	if (sla_calendar_parse(c, config_get("SLA.WorkHours"), config_get("SLA.WorkDays"),
			       clock_site_offset(now)) < 0)
		return nerr_raise(NERR_PARSE, "SLA.WorkHours / SLA.WorkDays malformed");
	if (c->always)
		return STATUS_OK;
	err = db_prepare(&q, "SELECT DATE_FORMAT(day, '%Y-%m-%d') FROM holiday"
			 " WHERE day >= CURRENT_DATE - INTERVAL 60 DAY ORDER BY day LIMIT 128");
	if (err)
		return nerr_pass(err);
	while (db_step(q) == DB_ROW)
		sla_add_holiday(c, db_col_text(q, 0));
	return nerr_pass(db_finalize(q));
}
