/* policy.h — field-level masking: the one choke point for sensitive fields.
 *
 * Every sensitive value on its way out (page, CSV, JSON, history, error
 * message) goes through policy_put() or policy_apply(): the viewer either
 * sees the clear value or a mask (138****1234, z***@example.com, 张*, ***,
 * 50万–100万, hidden, or a custom PCRE2 replacement).  Lists that can filter
 * or sort must not use a field the viewer cannot see (policy_may_filter).
 */
#ifndef SG_POLICY_H
#define SG_POLICY_H

#include "request.h"

struct user;

/* Where the record stands relative to the viewer. */
struct policy_subject {
	long long object_id;
	long long owner_id;     /* 0: nobody owns it */
	int depth;              /* the owner's depth below the viewer in the org
				 * chart: 0 the viewer is the owner, 1 direct
				 * report, 2+ further down, -1 not below */
	int signed_deal;        /* condition "signed": the deal reached its last stage */
};

/* The SQL expression for policy_subject.depth, given the owner column (a
 * literal); it takes one bound value, the viewer's id. */
#define POLICY_DEPTH_SQL(owner_col) \
	"COALESCE((SELECT pt.depth FROM user_tree pt WHERE pt.ancestor_id = ?" \
	" AND pt.descendant_id = " owner_col "), -1)"

/* The same as a join, for lists (one index lookup per row instead of a
 * dependent subquery): POLICY_DEPTH_JOIN after the FROM table, with the
 * viewer's id bound in its place, and POLICY_DEPTH_COL in the select list. */
#define POLICY_DEPTH_JOIN(owner_col) \
	" LEFT JOIN user_tree pt ON pt.ancestor_id = ? AND pt.descendant_id = " owner_col
#define POLICY_DEPTH_COL "COALESCE(pt.depth, -1)"

struct field_policy {
	char object[21];
	char field[41];
	int owner, superior, above, nobody, revealable;
	char roles[201];
	char condition[21];
	char style[21];
	void *re;               /* compiled custom pattern (pcre2_code) */
	char replacement[201];
};

/* Pure: may this viewer see the clear value? */
int policy_rule_allows(const struct field_policy *p, const struct user *viewer,
		       const struct policy_subject *s);

/* Pure: the masked form of value in a style ("phone", "email", "name",
 * "amount_hidden", "amount_band", "hide", "custom").  Texts for bands and
 * "hidden" come from the language table. */
void policy_mask(const struct field_policy *p, const char *value, int lang,
		 char *out, size_t n);

/* The policy for object.field, or NULL when the field is not sensitive. */
const struct field_policy *policy_find(const char *object, const char *field);

/* Loads (again, when older than 30 s) the policies into the worker. */
NEOERR *policy_load(void);
void policy_fini(void);

/* 1 when the viewer sees object.field in clear for this record. */
int policy_visible(REQUEST *req, const char *object, const char *field,
		   const struct policy_subject *s);

/* THE choke point for pages: sets node.name to the value the viewer may see;
 * when masked also node.name.Masked = 1, and node.name.Revealable = 1 when
 * the viewer may reveal it on demand.  NULL values set nothing. */
NEOERR *policy_put(REQUEST *req, HDF *node, const char *name, const char *object,
		   const char *field, const struct policy_subject *s, const char *value);

/* The same decision for CSV/JSON writers: the text to emit into out. */
const char *policy_apply(REQUEST *req, const char *object, const char *field,
			 const struct policy_subject *s, const char *value,
			 char *out, size_t n);

/* May the viewer filter or sort by this field at all?  Only when nobody's
 * value of it is hidden from them: i.e. the field is not sensitive. */
int policy_may_filter(REQUEST *req, const char *object, const char *field);

/* Handles POST .../reveal (params field, reason) for a record the caller
 * has already found in the reader's scope: checks the field may be
 * revealed and the reader may reveal, limits reveals to
 * Reveal.PerHour a person, records and audits it (the reason, never the
 * value), then grants it for this response. */
NEOERR *policy_reveal_request(REQUEST *req, const char *object, long long id);

/* A reveal granted for this response (POST .../reveal, audited). */
void policy_grant_reveal(REQUEST *req, const char *object, long long id,
			 const char *field);

#endif
