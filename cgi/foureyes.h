/* foureyes.h — four-eyes confirmation of deal changes (R8.5). */
#ifndef SG_FOUREYES_H
#define SG_FOUREYES_H

#include "deal.h"
#include "request.h"

/* Pure: is type one of the comma-separated list's items? */
int foureyes_listed(const char *list, const char *type);

/* Does FourEyes.Types ask for a second person for type ("quote",
 * "key_contact")? */
int foureyes_required(const char *type);

/* Keeps a change as pending (inside the caller's transaction): audited,
 * on the timeline.  ERR_CONFLICT when the same change is already pending. */
NEOERR *foureyes_propose(REQUEST *req, const struct deal_row *d, const char *type,
			 long long contact_id, const char *old_value, const char *new_value);

/* The deal's pending changes to deal_node.Pending.N (amounts through the
 * field policy) and FourEyes.Types. */
NEOERR *foureyes_put(REQUEST *req, const struct deal_row *d, HDF *deal_node);

/* POST /deals/#/changes/#: confirm or reject (deal.approve, not the author). */
NEOERR *foureyes_decide(REQUEST *req);

#endif
