/* seed.h — the demo company `make run` shows (salesgate seed-demo). */
#ifndef SG_SEED_H
#define SG_SEED_H

#include <ClearSilver/ClearSilver.h>

/* Seeds each part of the demo (organisation, channels, leads) whose table
 * is empty; *seeded counts the parts it added. */
NEOERR *seed_demo(int *seeded);

#endif
