/* foureyes.h — four-eyes confirmation of deal changes (R8.5). */
#ifndef SG_FOUREYES_H
#define SG_FOUREYES_H

#include "deal.h"
#include "request.h"

/* A deal file of this kind (attachment.kind) is a technical agreement: a
 * new version is in force only once a second person confirmed it. */
#define FOUREYES_TECH "tech_agreement"

/* The SQL condition "attachment a is in force or not four-eyes bound": no
 * pending or rejected technical-agreement change names it. */
#define FOUREYES_FILE_IN_FORCE(a) \
	" NOT EXISTS (SELECT 1 FROM pending_change pc WHERE pc.deal_id = " a ".deal_id" \
	" AND pc.kind = 'tech_agreement' AND CAST(pc.new_value AS UNSIGNED) = " a ".id" \
	" AND pc.status <> 'confirmed')"

/* The deal's technical agreement in force (the newest confirmed or
 * unbound version other than except), 0 when none. */
NEOERR *foureyes_tech_in_force(long long deal_id, long long except, long long *id);

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

/* GET/POST /admin/four-eyes (admin.config): which types need four-eyes,
 * kept in four_eyes_setting; without a saved setting FourEyes.Types. */
NEOERR *foureyes_admin(REQUEST *req);
NEOERR *foureyes_admin_save(REQUEST *req);

#endif
