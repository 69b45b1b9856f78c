/* heat.h — the dashboard's three rep × week heat maps (R10.1) and the
 * summary tables behind them (sql/0024: heat_week, heat_mark,
 * heat_first_proposal). */
#ifndef SG_HEAT_H
#define SG_HEAT_H

#include <stddef.h>
#include <time.h>

#include "request.h"

#define HEAT_WEEKS 8

/* Fills Heat, HeatProp and HeatObj for the dashboard: the reader's scope
 * and the team/region filters.  Cells changed since the last refresh are
 * recomputed first, so the map never lags the data. */
NEOERR *heat_fill(REQUEST *req);

/* The scheduler's pass (job heat_refresh): the current week and every week
 * with changed rows recomputed, older weeks dropped; the whole window
 * rebuilt when it was not yet rebuilt today or when full is set
 * (`salesgate heat`: then each deal's first proposal is looked up again
 * too). */
NEOERR *heat_refresh(int full, char *summary, size_t n);
NEOERR *heat_job(char *summary, size_t n);

/* Pure: the Monday (UTC, "YYYY-MM-DD") of the week `ago` weeks before the
 * week of t. */
void heat_week_start(time_t t, int ago, char *out, size_t n);

#endif
