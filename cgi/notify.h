/* notify.h — notifications (R12): the in-app inbox.
 *
 * Every alert is a row in `notification` keyed by (user, dedup_key): a job
 * that runs twice, or two hosts that both run it, insert the same key and
 * the second insert changes nothing — so an alert arrives exactly once.
 * The header shows the unread count (one indexed query per page).
 */
#ifndef SG_NOTIFY_H
#define SG_NOTIFY_H

#include <ClearSilver/ClearSilver.h>

/* Adds an alert for a person unless one with the same key exists;
 * *created (may be NULL) says whether this call added it.  kind names a
 * language string Lang.Notify.Kind.<kind>; detail is plain, non-sensitive
 * text (never a policed field). */
NEOERR *notify_user(long long user_id, const char *kind, const char *dedup_key,
		    const char *object_type, long long object_id, const char *detail,
		    int *created);

/* The unread count for the header (at most 99). */
NEOERR *notify_unread(long long user_id, int *n);

#endif
