/* audit.h — the append-only, hash-chained audit log.
 *
 * A row is appended inside the caller's transaction, so the record and the
 * change commit together, and noted in audit_pending; it takes no shared
 * lock.  Sealing (audit_seal) then puts the waiting rows on the chain in id
 * order under the row lock on audit_head: each seal's hash is SHA-256 over
 * the previous seal's hash and the row's canonical bytes (its id included),
 * so editing, deleting, inserting or swapping rows breaks the chain where it
 * happened; audit_verify() walks it.  (Holding the head to every commit
 * made every audited transaction commit one after another.)
 */
#ifndef SG_AUDIT_H
#define SG_AUDIT_H

#include <ClearSilver/ClearSilver.h>

struct request;

#define AUDIT_HASH_HEX 65   /* 64 hex digits and a NUL */

/* One row as stored; NULL strings and 0 ids are SQL NULL. */
struct audit_row {
	long long id;
	const char *at;            /* "YYYY-MM-DD HH:MM:SS.ffffff", UTC */
	long long actor_id;
	const char *actor_login;
	const char *actor_ip;
	const char *session_hash;
	const char *action;
	const char *object_type;
	long long object_id;
	const char *field;
	const char *before;
	const char *after;
	const char *request_id;
};

/* What a caller says happened; who, when and from where are filled in. */
struct audit_event {
	const char *action;        /* literal, e.g. "user.freeze" */
	const char *object_type;   /* literal, e.g. "user"; NULL for none */
	long long object_id;
	const char *field;
	const char *before;
	const char *after;
};

/* Pure: the canonical bytes of a row (length-prefixed fields). */
NEOERR *audit_canonical(const struct audit_row *row, STRING *out);
/* Pure: hex SHA-256 over prev_hex and the canonical bytes. */
NEOERR *audit_hash(const char *prev_hex, const struct audit_row *row,
		   char out[AUDIT_HASH_HEX]);

/* Appends for the request's actor (the real person, also while viewing as
 * someone else).  Joins the open transaction or runs in its own. */
NEOERR *audit_log(struct request *req, const struct audit_event *ev);

/* Appends with an explicit actor (CLI, scheduler, failed sign-ins). */
NEOERR *audit_log_as(long long actor_id, const char *actor_login,
		     const char *ip, const char *session_hash,
		     const char *request_id, const struct audit_event *ev);

/* Seals every committed row still waiting (see above).  wait = 0: leave
 * at once if another process holds the head (it seals ours as well).
 * Must run outside a transaction. */
NEOERR *audit_seal(int wait);
/* Whether this process appended rows since it last sealed. */
int audit_has_unsealed(void);

/* Walks the whole chain (seal first: rows still waiting are not on it).  *rows counts the rows checked; on a break,
 * *bad_id is the first row that does not fit and why says how. */
NEOERR *audit_verify(long long *rows, long long *bad_id, char *why, size_t whylen);

#endif
