/* scheduler.h — the scheduler: periodic, idempotent jobs.
 *
 * One table of jobs (name, interval, function).  A pass runs every job that
 * is due (its last recorded run started at least its interval ago), under a
 * MariaDB named lock, so only one scheduler acts at a time across every host
 * sharing the database; each run is recorded in job_run (duration, summary,
 * error).  The master's timer (Scheduler.IntervalSeconds) forks a
 * short-lived child for a pass; `salesgate tick` runs one from cron.  Jobs
 * are safe to run twice: alerts carry dedup keys (notify.h).
 */
#ifndef SG_SCHEDULER_H
#define SG_SCHEDULER_H

#include <ClearSilver/ClearSilver.h>

struct scheduler_job {
	const char *name;
	int every_seconds;
	NEOERR *(*run)(char *summary, size_t n);
};

const struct scheduler_job *scheduler_jobs(size_t *n);

/* One pass.  force: run every job, due or not.  *ran counts jobs run;
 * *locked is 0 when another scheduler held the lock (nothing was run). */
NEOERR *scheduler_tick(int force, int *ran, int *locked);

#endif
