/* directory.h — optional sign-in against the company's directory (LDAP/AD).
 *
 * Off while LDAP.URI is empty.  The worker binds with the person's own
 * credentials over LDAPS or StartTLS (a plain ldap:// URI without StartTLS is
 * refused unless LDAP.AllowPlain = 1, meant for a loopback test server),
 * reads the person's groups with that same bind and maps them to a role by
 * configuration (LDAP.RoleMap.N.Group / .Role, first match wins).  Who may
 * sign in, the throttle and the audit stay with auth.c.
 */
#ifndef SG_DIRECTORY_H
#define SG_DIRECTORY_H

#include <stddef.h>
#include <ClearSilver/ClearSilver.h>

/* What the directory says about a person who bound successfully. */
struct directory_user {
	char dn[512];
	char name[101];       /* LDAP.NameAttr, else the login */
	char email[255];      /* LDAP.MailAttr, may be empty */
	char role[41];        /* the mapped role code, empty when no group maps */
	char group[512];      /* the group that gave the role */
};

/* Outcomes of directory_authenticate() that are not errors. */
enum { DIR_OK, DIR_NO_SUCH_USER, DIR_BAD_PASSWORD, DIR_AMBIGUOUS };

/* 1 when LDAP.URI is set. */
int directory_enabled(void);

/* Binds as login/password.  *result says how it went; an unreachable or
 * misconfigured directory is ERR_UNAVAILABLE (the caller decides what the
 * person sees).  An empty password is DIR_BAD_PASSWORD without asking the
 * server (an empty simple bind is an anonymous bind in LDAP). */
NEOERR *directory_authenticate(const char *login, const char *password,
			       struct directory_user *u, int *result);

/* Pure (unit-tested): RFC 4515 escaping of value into out (* ( ) \ NUL and
 * every byte outside printable ASCII as \XX).  0 when out is too small. */
int directory_escape(const char *value, char *out, size_t outlen);

/* Pure: tmpl with each "%s" replaced by the escaped value and "%%" by "%".
 * 0 when out is too small or tmpl holds another % sequence. */
int directory_filter(const char *tmpl, const char *value, char *out, size_t outlen);

/* Pure: the role for a person in groups (DNs, compared case-insensitively,
 * spaces after separators ignored) under map (children with Group and Role,
 * in order; the first listed group the person is in wins).  Copies the role
 * code into role and the group into group; 0 when none maps. */
int directory_map_role(HDF *map, const char *const *groups, size_t ngroups,
		       char *role, size_t rolelen, char *group, size_t grouplen);

#endif
