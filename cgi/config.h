/* config.h — the host's settings: one HDF file over built-in defaults. */
#ifndef SG_CONFIG_H
#define SG_CONFIG_H

#include <ClearSilver/ClearSilver.h>

#define CONFIG_DEFAULT_PATH "/etc/salesgate/salesgate.hdf"

/* Loads the defaults, then the file at path (NULL: $SALESGATE_CONFIG or
 * CONFIG_DEFAULT_PATH).  A missing file is an error only when it was named
 * explicitly.  Safe to call again (SIGHUP): the old tree is replaced. */
NEOERR *config_load(const char *path);

/* The whole tree (for `salesgate config`). */
HDF *config_hdf(void);

const char *config_get(const char *key);
long config_int(const char *key);
const char *config_path(void);

void config_free(void);

#endif
