/* seed.h — the demo company `make run` shows (salesgate seed-demo). */
#ifndef SG_SEED_H
#define SG_SEED_H

#include <ClearSilver/ClearSilver.h>

/* Seeds once: does nothing when a company exists.  *seeded says which. */
NEOERR *seed_demo(int *seeded);

#endif
