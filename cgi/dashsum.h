/* dashsum.h — the deal side of the dashboards at scale (sql/0023): per-day
 * summaries of the funnel and of the stays, kept by the dash_summary job,
 * read together with the raw rows of the days not summarised yet. */
#ifndef SG_DASHSUM_H
#define SG_DASHSUM_H

#include <stddef.h>

#include "db.h"
#include "request.h"

/* The scheduler job dash_summary: recomputes the days dash_dirty names. */
NEOERR *dashsum_job(char *summary, size_t n);

/* The funnel's source as a derived table's SELECT (append it after "FROM
 * (" and close it): rows stage_id, status, owner_id, max_position, deals,
 * amounts, total over the deals that pass `filter` (a condition on alias d
 * with the columns pipeline_id, owner_id, region_id; its values in fargs,
 * appended to args once per part of the statement) and, when days > 0, were created in the last
 * `days` days. */
NEOERR *dashsum_funnel_sql(STRING *sql, struct db_args *args, const char *filter,
			   const struct db_args *fargs, long long days);

/* Every stay (secs >= 0) of the deals that pass `filter` (as above; with
 * no_paused, deals paused as "customer temporarily unreachable" are left
 * out), created in the last `days` days when days > 0: fn(ctx, stage, owner,
 * secs) for each — a running stay counts up to now (the database's), a
 * closed deal's last one up to its closing. */
typedef NEOERR *(*dashsum_stay_fn)(void *ctx, long long stage, long long owner, double secs);
NEOERR *dashsum_stays(const char *filter, const struct db_args *fargs, int no_paused, long long days,
		      dashsum_stay_fn fn, void *ctx);

/* Pure: the k-th smallest (0-based) of n values, reordering them. */
double dashsum_select(double *v, int n, int k);

#endif
