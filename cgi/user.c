/* user.c — users, capabilities, scopes, passwords. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "err.h"
#include "user.h"

static const struct capability caps[] = {
	{ "lead.read", "LeadRead" },
	{ "lead.edit", "LeadEdit" },
	{ "lead.assign", "LeadAssign" },
	{ "customer.read", "CustomerRead" },
	{ "customer.edit", "CustomerEdit" },
	{ "customer.annotate", "CustomerAnnotate" },
	{ "deal.read", "DealRead" },
	{ "deal.edit", "DealEdit" },
	{ "deal.approve", "DealApprove" },
	{ "export.request", "ExportRequest" },
	{ "export.approve", "ExportApprove" },
	{ "field.reveal", "FieldReveal" },
	{ "report.read", "ReportRead" },
	{ "people.read", "PeopleRead" },
	{ "admin.users", "AdminUsers" },
	{ "admin.roles", "AdminRoles" },
	{ "admin.org", "AdminOrg" },
	{ "admin.view_as", "AdminViewAs" },
	{ "admin.config", "AdminConfig" },
	{ "audit.read", "AuditRead" },
	{ "audit.export", "AuditExport" },
	/* issue 6: escalation, takeover, alerts, health report */
	{ "escalation.approve", "EscalationApprove" },
	{ "takeover.run", "TakeoverRun" },
	{ "security.alerts", "SecurityAlerts" },
	{ "health.read", "HealthRead" },
	/* issue 9 (R11): contracts and the success journey */
	{ "contract.edit", "ContractEdit" },
	{ "success.scan", "SuccessScan" },
	/* issue 9: credibility checks (R5.2) */
	{ "credibility.review", "CredibilityReview" },
};
#define N_CAPS (sizeof(caps) / sizeof(caps[0]))
_Static_assert(N_CAPS <= 64, "capabilities fit a 64-bit mask");

static const char *const scope_names[] = {
	"none", "own", "team", "subtree", "region", "all"
};

const struct capability *user_capabilities(size_t *n)
{
	*n = N_CAPS;
	return caps;
}

int user_cap_index(const char *code)
{
	for (size_t i = 0; code && i < N_CAPS; i++)
		if (!strcmp(caps[i].code, code))
			return (int)i;
	return -1;
}

int user_can(const struct user *u, const char *cap)
{
	int i = user_cap_index(cap);

	return u && i >= 0 && (u->caps & ((uint64_t)1 << i)) != 0;
}

int user_scope_parse(const char *s)
{
	for (int i = 0; s && i <= SCOPE_ALL; i++)
		if (!strcmp(s, scope_names[i]))
			return i;
	return -1;
}

const char *user_scope_name(int scope)
{
	return (scope >= 0 && scope <= SCOPE_ALL) ? scope_names[scope] : "none";
}

int user_status_parse(const char *s)
{
	if (s && !strcmp(s, "active"))
		return USER_ACTIVE;
	if (s && !strcmp(s, "frozen"))
		return USER_FROZEN;
	if (s && !strcmp(s, "departed"))
		return USER_DEPARTED;
	return -1;
}

NEOERR *user_scope_sql(const struct user *u, int scope, const char *owner_col,
		       const char *region_col, STRING *sql, struct db_args *args)
{
	switch (scope) {
	case SCOPE_ALL:
		return nerr_pass(string_append(sql, "(1 = 1)"));
	case SCOPE_GRANTED: {
		/* The role's own read scope, or the granted region. */
		NEOERR *err = string_append(sql, "(");

		if (!err && u->base_read_scope != SCOPE_GRANTED)
			err = user_scope_sql(u, u->base_read_scope, owner_col, region_col, sql, args);
		if (!err && region_col) {
			db_args_int(args, u->grant_region_id);
			err = string_appendf(sql, " OR %s = ?", region_col);
		}
		if (!err)
			err = string_append(sql, ")");
		return nerr_pass(err);
	}
	case SCOPE_OWN:
		db_args_int(args, u->id);
		return nerr_pass(string_appendf(sql, "(%s = ?)", owner_col));
	case SCOPE_TEAM:
		if (!u->team_id)
			break;
		db_args_int(args, u->team_id);
		db_args_int(args, u->id);
		return nerr_pass(string_appendf(sql,
			"(%s IN (SELECT id FROM users WHERE team_id = ?) OR %s = ?)",
			owner_col, owner_col));
	case SCOPE_SUBTREE:
		db_args_int(args, u->id);
		return nerr_pass(string_appendf(sql,
			"(%s IN (SELECT descendant_id FROM user_tree WHERE ancestor_id = ?))",
			owner_col));
	case SCOPE_REGION:
		if (!u->region_id || !region_col)
			break;
		db_args_int(args, u->region_id);
		db_args_int(args, u->id);
		return nerr_pass(string_appendf(sql, "(%s = ? OR %s = ?)", region_col,
						owner_col));
	default:
		break;
	}
	/* No scope, or a scope the user lacks the data for: nothing. */
	return nerr_pass(string_append(sql, "(1 = 0)"));
}

/* Adds the capabilities of a comma-separated list to u->caps. */
static void user_caps_parse(const char *csv, struct user *u)
{
	while (csv && *csv) {
		size_t n = strcspn(csv, ",");
		char code[64];
		int i;

		snprintf(code, sizeof(code), "%.*s", (int)n, csv);
		i = user_cap_index(code);
		if (i >= 0)
			u->caps |= (uint64_t)1 << i;
		csv += n + (csv[n] == ',');
	}
}

/* The live grants, "cap:deal.read,scope:region,region:3": capabilities go
 * into u->caps, the widest scope into *scope, the lowest region into
 * u->grant_region_id. */
static void user_grants_parse(const char *csv, struct user *u, int *scope)
{
	while (csv && *csv) {
		size_t n = strcspn(csv, ",");
		char item[80];
		const char *v;

		snprintf(item, sizeof(item), "%.*s", (int)n, csv);
		csv += n + (csv[n] == ',');
		v = strchr(item, ':');
		if (!v)
			continue;
		v++;
		if (!strncmp(item, "cap:", 4)) {
			user_caps_parse(v, u);
		} else if (!strncmp(item, "scope:", 6)) {
			int s = user_scope_parse(v);

			if (s > *scope)
				*scope = s;
		} else if (!strncmp(item, "region:", 7)) {
			long long r = strtoll(v, NULL, 10);

			if (r > 0 && (!u->grant_region_id || r < u->grant_region_id))
				u->grant_region_id = r;
		}
	}
}

void user_from_row(void *stmt, int c, struct user *u)
{
	DB_STMT *q = stmt;
	const char *caps_csv = db_col_text(q, c + 13);

	memset(u, 0, sizeof(*u));
	u->id = db_col_int(q, c);
	snprintf(u->login, sizeof(u->login), "%s", db_col_text(q, c + 1));
	snprintf(u->name, sizeof(u->name), "%s", db_col_text(q, c + 2));
	u->role_id = db_col_int(q, c + 3);
	snprintf(u->role, sizeof(u->role), "%s", db_col_text(q, c + 4));
	u->team_id = db_col_int(q, c + 5);
	u->region_id = db_col_int(q, c + 6);
	u->manager_id = db_col_int(q, c + 7);
	u->status = user_status_parse(db_col_text(q, c + 8));
	snprintf(u->lang, sizeof(u->lang), "%s", db_col_text(q, c + 9));
	snprintf(u->tz, sizeof(u->tz), "%s", db_col_text(q, c + 10));
	u->read_scope = user_scope_parse(db_col_text(q, c + 11));
	u->edit_scope = user_scope_parse(db_col_text(q, c + 12));
	user_caps_parse(caps_csv, u);
	/* Live escalation grants (escalation.c), one "kind:value" list:
	 * capabilities, a wider read scope (the widest granted wins), or one
	 * more region to read (the lowest id); never a wider edit scope. */
	{
		int granted = -1;

		u->grant_region_id = 0;
		user_grants_parse(db_col_text(q, c + 14), u, &granted);
		/* subtree and region are not nested: neither replaces the other */
		if (granted > u->read_scope &&
		    (granted == SCOPE_ALL || u->read_scope <= SCOPE_TEAM))
			u->read_scope = granted;
		u->base_read_scope = u->read_scope;
		if (u->grant_region_id && u->read_scope != SCOPE_ALL &&
		    !(u->read_scope == SCOPE_REGION && u->region_id == u->grant_region_id))
			u->read_scope = SCOPE_GRANTED;
	}
	/* A takeover froze this person's sensitive operations. */
	u->ops_frozen = (int)db_col_int(q, c + 15);
	if (u->ops_frozen) {
		static const char *const frozen[] = {
			"export.request", "export.approve", "field.reveal", "audit.export",
		};

		for (size_t i = 0; i < sizeof(frozen) / sizeof(frozen[0]); i++)
			u->caps &= ~((uint64_t)1 << user_cap_index(frozen[i]));
	}
}

NEOERR *user_load(long long id, struct user *u, int *found)
{
	DB_STMT *q;
	NEOERR *err;

	memset(u, 0, sizeof(*u));
	*found = 0;
	err = db_prepare(&q, "SELECT " USER_COLUMNS
			 " FROM users u JOIN role r ON r.id = u.role_id WHERE u.id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, id);
	if (db_step(q) == DB_ROW) {
		*found = 1;
		user_from_row(q, 0, u);
	}
	return nerr_pass(db_finalize(q));
}

#define PW_OPSLIMIT 2ULL
#define PW_MEMLIMIT (19ULL * 1024 * 1024)

NEOERR *user_hash_password(const char *password, char *out, size_t outlen)
{
	if (outlen < crypto_pwhash_STRBYTES)
		return nerr_raise(NERR_ASSERT, "hash buffer too small");
	if (crypto_pwhash_str_alg(out, password, strlen(password), PW_OPSLIMIT,
				  PW_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return nerr_raise(NERR_NOMEM, "argon2id");
	return STATUS_OK;
}

int user_check_password(const char *hash, const char *password)
{
	/* A hash made with weaker settings still verifies; the caller may
	 * rehash (crypto_pwhash_str_needs_rehash) on the next sign-in. */
	return hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

NEOERR *user_manager_cycle(long long user_id, long long manager_id, int *cycle)
{
	long long n;

	*cycle = 0;
	if (!manager_id)
		return STATUS_OK;
	if (manager_id == user_id) {
		*cycle = 1;
		return STATUS_OK;
	}
	/* A cycle if the new manager is already below this user. */
	NEOERR *err = db_int_query(&n, NULL,
		"SELECT COUNT(*) FROM user_tree WHERE ancestor_id = ? AND descendant_id = ?",
		"ii", user_id, manager_id);

	*cycle = !err && n > 0;
	return nerr_pass(err);
}

NEOERR *user_tree_rebuild(void)
{
	NEOERR *err = db_execf(NULL, "DELETE FROM user_tree", NULL);

	if (!err)
		err = db_execf(NULL,
			"INSERT INTO user_tree (ancestor_id, descendant_id, depth)"
			" WITH RECURSIVE chain (ancestor_id, descendant_id, depth) AS ("
			"  SELECT id, id, 0 FROM users"
			"  UNION ALL"
			"  SELECT u.manager_id, c.descendant_id, c.depth + 1"
			"  FROM chain c JOIN users u ON u.id = c.ancestor_id"
			"  WHERE u.manager_id IS NOT NULL AND c.depth < 50)"
			" SELECT ancestor_id, descendant_id, MIN(depth) FROM chain"
			" GROUP BY ancestor_id, descendant_id", NULL);
	return nerr_pass(err);
}
