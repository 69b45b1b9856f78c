/* sla.h — working-time clocks (R1.3, R2.4).
 *
 * A calendar is working hours (local time), working weekdays and holidays
 * (local dates).  SLA.WorkHours empty means round the clock, every day:
 * then clocks are plain wall-clock time.  The functions are pure.
 */
#ifndef SG_SLA_H
#define SG_SLA_H

#include <time.h>

#include <ClearSilver/ClearSilver.h>

#define SLA_MAX_HOLIDAYS 128

struct sla_calendar {
	int always;                /* 24 x 7: no calendar */
	int start_min, end_min;    /* minutes after local midnight, start < end */
	unsigned days;             /* bit d set: weekday d works (0 = Sunday) */
	long offset;               /* seconds east of UTC (the site's zone) */
	long holidays[SLA_MAX_HOLIDAYS];   /* local day numbers, any order */
	int nholidays;
};

/* Pure: "09:00-18:00" and "12345" → a calendar; -1 when malformed.
 * An empty hours string gives the always-open calendar. */
int sla_calendar_parse(struct sla_calendar *c, const char *hours, const char *days, long offset);
/* Pure: adds a holiday ("YYYY-MM-DD"); -1 when malformed or full. */
int sla_add_holiday(struct sla_calendar *c, const char *date);

/* Pure: working seconds between from and to (0 when to <= from). */
long sla_work_seconds(const struct sla_calendar *c, time_t from, time_t to);
/* Pure: the moment `seconds` of working time after from. */
time_t sla_add_work(const struct sla_calendar *c, time_t from, long seconds);

/* The site's calendar from the config and the holiday table. */
NEOERR *sla_calendar_load(struct sla_calendar *c, time_t now);

#endif
