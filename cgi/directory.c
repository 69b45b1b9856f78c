/* directory.c — sign-in against LDAP / Active Directory (libldap). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "config.h"
#include "directory.h"
#include "err.h"
#include "lazylib.h"
#include "log.h"

int directory_enabled(void)
{
	return config_get("LDAP.URI")[0] != '\0';
}

int directory_escape(const char *value, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		int esc = *p == '*' || *p == '(' || *p == ')' || *p == '\\' ||
			  *p < 0x20 || *p >= 0x7f;

		if (n + (esc ? 3 : 1) >= outlen)
			return 0;
		if (esc) {
			out[n++] = '\\';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		} else {
			out[n++] = (char)*p;
		}
	}
	if (n >= outlen)
		return 0;
	out[n] = '\0';
	return 1;
}

int directory_filter(const char *tmpl, const char *value, char *out, size_t outlen)
{
	char esc[768];
	size_t n = 0;

	if (!directory_escape(value, esc, sizeof(esc)))
		return 0;
	for (const char *p = tmpl; *p; p++) {
		const char *add = NULL;
		char one[2] = { *p, '\0' };

		if (*p == '%') {
			if (p[1] == 's')
				add = esc;
			else if (p[1] == '%')
				add = "%";
			else
				return 0;
			p++;
		} else {
			add = one;
		}
		size_t len = strlen(add);

		if (n + len >= outlen)
			return 0;
		memcpy(out + n, add, len);
		n += len;
	}
	if (n >= outlen)
		return 0;
	out[n] = '\0';
	return 1;
}

/* Lower case, no blanks next to ',' '=' '+': "CN=Sales, OU=G" and
 * "cn=sales,ou=g" compare equal. */
static void directory_dn_fold(const char *in, char *out, size_t outlen)
{
	size_t n = 0;

	for (const char *p = in; *p && n + 1 < outlen; p++) {
		if (*p == ' ') {
			const char *q = p;

			while (*q == ' ')
				q++;
			if (!*q || *q == ',' || *q == '=' || *q == '+' ||
			    (n && (out[n - 1] == ',' || out[n - 1] == '=' || out[n - 1] == '+'))) {
				p = q - 1;
				continue;
			}
		}
		out[n++] = (char)tolower((unsigned char)*p);
	}
	out[n] = '\0';
}

int directory_map_role(HDF *map, const char *const *groups, size_t ngroups,
		       char *role, size_t rolelen, char *group, size_t grouplen)
{
	char want[512], have[512];

	for (HDF *c = map ? hdf_obj_child(map) : NULL; c; c = hdf_obj_next(c)) {
		const char *g = hdf_get_value(c, "Group", NULL);
		const char *r = hdf_get_value(c, "Role", NULL);

		if (!g || !*g || !r || !*r)
			continue;
		directory_dn_fold(g, want, sizeof(want));
		for (size_t i = 0; i < ngroups; i++) {
			directory_dn_fold(groups[i], have, sizeof(have));
			if (!strcmp(want, have)) {
				snprintf(role, rolelen, "%s", r);
				snprintf(group, grouplen, "%s", groups[i]);
				return 1;
			}
		}
	}
	return 0;
}

/* ---- talking to the server --------------------------------------------- */

#define DIR_MAX_GROUPS 64

struct dir_groups {
	char *dn[DIR_MAX_GROUPS];
	size_t n;
};

static void dir_groups_add(struct dir_groups *g, const char *dn, size_t len)
{
	if (g->n < DIR_MAX_GROUPS) {
		char *copy = strndup(dn, len);

		if (copy)
			g->dn[g->n++] = copy;
	}
}

static void dir_groups_free(struct dir_groups *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->dn[i]);
	g->n = 0;
}

/* libldap, opened by dir_open() before any other use (lazylib.h). */
static const struct lazylib_ldap *L;

static NEOERR *dir_fail(LDAP *ld, int rc, const char *what)
{
	char *diag = NULL;

	if (ld)
		L->ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag);
	NEOERR *err = nerr_raise(ERR_UNAVAILABLE, "directory: %s: %s%s%s", what,
				 L->ldap_err2string(rc), diag ? " / " : "", diag ? diag : "");
	L->ldap_memfree(diag);
	return err;
}

/* Connects (TLS as configured) and, with bind_dn set, binds as it. */
static NEOERR *dir_open(LDAP **out)
{
	const char *uri = config_get("LDAP.URI");
	const char *ca = config_get("LDAP.CACertFile");
	int starttls = config_int("LDAP.StartTLS");
	int v3 = LDAP_VERSION3, demand = LDAP_OPT_X_TLS_DEMAND, zero = 0;
	long secs = config_int("LDAP.TimeoutSeconds");
	struct timeval tv = { secs > 0 ? secs : 5, 0 };
	LDAP *ld = NULL;
	int rc;

	*out = NULL;
	if (strncmp(uri, "ldaps://", 8) && !starttls && !config_int("LDAP.AllowPlain"))
		return nerr_raise(ERR_UNAVAILABLE,
				  "directory: %s without StartTLS (set LDAP.StartTLS = 1)", uri);
	L = lazylib_ldap();
	if (!L)
		return nerr_raise(ERR_UNAVAILABLE, "directory: libldap cannot be loaded (see the log)");
	rc = L->ldap_initialize(&ld, uri);
	if (rc != LDAP_SUCCESS)
		return dir_fail(NULL, rc, "initialize");
	L->ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v3);
	L->ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
	L->ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
	L->ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
	L->ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand);
	if (*ca)
		L->ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, ca);
	/* The options above apply to a context made after them. */
	rc = L->ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero);
	if (rc != LDAP_OPT_SUCCESS) {
		L->ldap_unbind_ext_s(ld, NULL, NULL);
		return nerr_raise(ERR_UNAVAILABLE, "directory: TLS context (%s)", ca);
	}
	if (starttls && strncmp(uri, "ldaps://", 8)) {
		rc = L->ldap_start_tls_s(ld, NULL, NULL);
		if (rc != LDAP_SUCCESS) {
			NEOERR *err = dir_fail(ld, rc, "StartTLS");

			L->ldap_unbind_ext_s(ld, NULL, NULL);
			return err;
		}
	}
	*out = ld;
	return STATUS_OK;
}

static int dir_bind(LDAP *ld, const char *dn, const char *pw)
{
	struct berval cred = { strlen(pw), (char *)pw };

	return L->ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
}

static void dir_first_value(LDAP *ld, LDAPMessage *e, const char *attr, char *out, size_t len)
{
	struct berval **v = *attr ? L->ldap_get_values_len(ld, e, attr) : NULL;

	if (v && v[0] && v[0]->bv_len < len && !memchr(v[0]->bv_val, 0, v[0]->bv_len)) {
		memcpy(out, v[0]->bv_val, v[0]->bv_len);
		out[v[0]->bv_len] = '\0';
	}
	L->ldap_value_free_len(v);
}

static NEOERR *dir_search(LDAP *ld, const char *base, const char *filter, char **attrs,
			  LDAPMessage **res)
{
	long secs = config_int("LDAP.TimeoutSeconds");
	struct timeval tv = { secs > 0 ? secs : 5, 0 };
	int rc = L->ldap_search_ext_s(ld, base, LDAP_SCOPE_SUBTREE, filter, attrs, 0,
				   NULL, NULL, &tv, 200, res);

	if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
		L->ldap_msgfree(*res);
		*res = NULL;
		return dir_fail(ld, rc, "search");
	}
	return STATUS_OK;
}

NEOERR *directory_authenticate(const char *login, const char *password,
			       struct directory_user *u, int *result)
{
	const char *base = config_get("LDAP.BaseDN");
	const char *gbase = config_get("LDAP.GroupBaseDN");
	const char *svc = config_get("LDAP.BindDN");
	char filter[1024];
	char *user_attrs[5] = { NULL };
	char *group_attrs[] = { "1.1", NULL };
	struct dir_groups groups = { { NULL }, 0 };
	LDAPMessage *res = NULL;
	LDAP *ld = NULL;
	NEOERR *err;
	int rc, na = 0;

	memset(u, 0, sizeof(*u));
	*result = DIR_BAD_PASSWORD;
	if (!password || !*password)
		return STATUS_OK;
	if (!directory_filter(config_get("LDAP.UserFilter"), login, filter, sizeof(filter)))
		return nerr_raise(ERR_UNAVAILABLE, "directory: LDAP.UserFilter is not usable");
	/* The attributes asked for; an empty name is not sent to the server. */
	const char *want[3] = { config_get("LDAP.NameAttr"), config_get("LDAP.MailAttr"),
				config_get("LDAP.MemberOfAttr") };

	for (int i = 0; i < 3; i++)
		if (*want[i])
			user_attrs[na++] = (char *)want[i];
	user_attrs[na] = NULL;
	if (!na)
		user_attrs[na++] = "1.1";   /* no attributes: the DN only */

	err = dir_open(&ld);
	if (err)
		return nerr_pass(err);
	do {
		/* Find the person's entry: as the search account, else anonymously. */
		if (*svc) {
			rc = dir_bind(ld, svc, config_get("LDAP.BindPassword"));
			if (rc != LDAP_SUCCESS) {
				err = dir_fail(ld, rc, "bind as LDAP.BindDN");
				break;
			}
		}
		err = dir_search(ld, base, filter, user_attrs, &res);
		if (err)
			break;
		int n = L->ldap_count_entries(ld, res);

		if (n != 1) {
			*result = n ? DIR_AMBIGUOUS : DIR_NO_SUCH_USER;
			break;
		}
		LDAPMessage *e = L->ldap_first_entry(ld, res);
		char *dn = L->ldap_get_dn(ld, e);

		if (!dn || strlen(dn) >= sizeof(u->dn)) {
			L->ldap_memfree(dn);
			*result = DIR_NO_SUCH_USER;
			break;
		}
		snprintf(u->dn, sizeof(u->dn), "%s", dn);
		L->ldap_memfree(dn);
		dir_first_value(ld, e, want[0], u->name, sizeof(u->name));
		dir_first_value(ld, e, want[1], u->email, sizeof(u->email));
		if (*want[2]) {
			struct berval **v = L->ldap_get_values_len(ld, e, want[2]);

			for (size_t i = 0; v && v[i]; i++)
				dir_groups_add(&groups, v[i]->bv_val, v[i]->bv_len);
			L->ldap_value_free_len(v);
		}
		L->ldap_msgfree(res);
		res = NULL;

		/* The person's own bind: this is the password check. */
		rc = dir_bind(ld, u->dn, password);
		if (rc == LDAP_INVALID_CREDENTIALS) {
			*result = DIR_BAD_PASSWORD;
			break;
		}
		if (rc != LDAP_SUCCESS) {
			err = dir_fail(ld, rc, "bind as the person");
			break;
		}

		/* Groups that list the person, read with the person's rights. */
		if (*config_get("LDAP.GroupFilter")) {
			if (!directory_filter(config_get("LDAP.GroupFilter"), u->dn, filter,
					      sizeof(filter))) {
				err = nerr_raise(ERR_UNAVAILABLE,
						 "directory: LDAP.GroupFilter is not usable");
				break;
			}
			err = dir_search(ld, *gbase ? gbase : base, filter, group_attrs, &res);
			if (err)
				break;
			for (LDAPMessage *g = L->ldap_first_entry(ld, res); g;
			     g = L->ldap_next_entry(ld, g)) {
				char *gdn = L->ldap_get_dn(ld, g);

				if (gdn)
					dir_groups_add(&groups, gdn, strlen(gdn));
				L->ldap_memfree(gdn);
			}
		}
		directory_map_role(hdf_get_obj(config_hdf(), "LDAP.RoleMap"),
				   (const char *const *)groups.dn, groups.n,
				   u->role, sizeof(u->role), u->group, sizeof(u->group));
		if (!u->name[0])
			snprintf(u->name, sizeof(u->name), "%s", login);
		*result = DIR_OK;
	} while (0);
	L->ldap_msgfree(res);
	dir_groups_free(&groups);
	L->ldap_unbind_ext_s(ld, NULL, NULL);
	return nerr_pass(err);
}
