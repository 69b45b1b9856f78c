/* migrate.h — schema migrations (salesgate migrate). */
#ifndef SG_MIGRATE_H
#define SG_MIGRATE_H

#include <ClearSilver/ClearSilver.h>

NEOERR *migrate_run(int *applied);

#endif
