/* user.h — people, their capabilities and the records they may see.
 *
 * Capabilities are fixed in code (routes name them) and granted to roles in
 * the database.  user_scope_sql() is the one place that turns a user's role
 * scope into a WHERE fragment; every list query uses it.
 */
#ifndef SG_USER_H
#define SG_USER_H

#include <stdint.h>
#include <ClearSilver/ClearSilver.h>

#include "db.h"

enum scope { SCOPE_NONE, SCOPE_OWN, SCOPE_TEAM, SCOPE_SUBTREE, SCOPE_REGION, SCOPE_ALL,
	     /* a read scope widened by a granted region (escalation.c): the
	      * role's own read scope (base_read_scope) or that region */
	     SCOPE_GRANTED };
enum user_status { USER_ACTIVE, USER_FROZEN, USER_DEPARTED };

struct capability {
	const char *code;      /* "export.request": in routes and role_capability */
	const char *hdf_name;  /* "ExportRequest": User.Can.ExportRequest */
};

struct user {
	long long id;
	char login[41];
	char name[101];
	long long role_id;
	char role[41];
	long long team_id, region_id, manager_id;
	int status;
	char lang[6];
	char tz[41];
	int read_scope, edit_scope;
	uint64_t caps;
	/* Live escalation grants (escalation.c): read_scope is SCOPE_GRANTED
	 * when a region was granted; base_read_scope is then the role's. */
	int base_read_scope;
	long long grant_region_id;
	int ops_frozen;           /* a takeover froze export and reveal */
};

/* The capability table (for the roles page and the templates). */
const struct capability *user_capabilities(size_t *n);
int user_cap_index(const char *code);          /* -1 when unknown */
int user_can(const struct user *u, const char *cap);

/* Pure helpers (unit-tested). */
int user_scope_parse(const char *s);           /* "subtree" → SCOPE_SUBTREE, -1 bad */
const char *user_scope_name(int scope);
int user_status_parse(const char *s);

/* The predicate for records that have an owner column and a region column
 * (literals from the caller, never user data).  Appends e.g.
 * "(t.owner_id IN (SELECT descendant_id FROM user_tree WHERE ancestor_id = ?))"
 * to sql and its values (in order) to args. */
NEOERR *user_scope_sql(const struct user *u, int scope, const char *owner_col,
		       const char *region_col, STRING *sql, struct db_args *args);

/* The columns user_from_row() reads, for queries that join users u and
 * role r (session.c adds them to its own query: one round trip). */
#define USER_COLUMNS \
	"u.id, u.login, u.display_name, u.role_id, r.code, COALESCE(u.team_id, 0)," \
	" COALESCE(u.region_id, 0), COALESCE(u.manager_id, 0), u.status, u.lang," \
	" u.time_zone, r.read_scope, r.edit_scope," \
	" (SELECT GROUP_CONCAT(rc.cap) FROM role_capability rc WHERE rc.role_id = r.id)," \
	" (SELECT GROUP_CONCAT(CONCAT(pg.kind, ':', COALESCE(pg.cap, pg.scope, pg.region_id)))" \
	"  FROM permission_request pg WHERE pg.user_id = u.id AND pg.status = 'approved'" \
	"  AND pg.expires_at > UTC_TIMESTAMP(6))," \
	" u.ops_frozen_at IS NOT NULL"
#define USER_NCOLUMNS 16
void user_from_row(void *db_stmt, int first, struct user *u);

/* Loads a user and their capabilities by id; *found = 0 when none. */
NEOERR *user_load(long long id, struct user *u, int *found);

/* Argon2id (libsodium): ≥19 MiB, t=2, p=1. */
NEOERR *user_hash_password(const char *password, char *out, size_t outlen);
int user_check_password(const char *hash, const char *password);

/* Rebuilds user_tree from users.manager_id (call inside the transaction
 * that changed a manager).  Refuses a cycle. */
NEOERR *user_tree_rebuild(void);

/* Would making manager_id the manager of user_id create a cycle? */
NEOERR *user_manager_cycle(long long user_id, long long manager_id, int *cycle);

#endif
