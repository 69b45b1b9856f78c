/* policy.c — rules, masks and the choke point. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "log.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define POLICY_MAX 64
#define POLICY_TTL 30   /* seconds: an admin's change reaches every worker within this */

static struct field_policy policies[POLICY_MAX];
static int npolicies;
static time_t loaded_at;

static int csv_has(const char *list, const char *item)
{
	size_t il = strlen(item);

	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ",");

		if (n == il && !strncmp(p, item, n))
			return 1;
		p += n + (p[n] == ',');
	}
	return 0;
}

int policy_rule_allows(const struct field_policy *p, const struct user *viewer,
		       const struct policy_subject *s)
{
	int person_rule;

	if (!p || !viewer)
		return 0;
	person_rule = p->owner || p->superior || p->above;
	if (p->nobody)
		return 0;
	if (p->roles[0] && csv_has(p->roles, viewer->role))
		return 1;
	if (p->condition[0]) {
		if (!strcmp(p->condition, "signed") ? !s->signed_deal : 1)
			return 0;   /* unknown conditions never hold */
	}
	if (!person_rule)
		return p->condition[0] != 0;   /* a condition alone opens it to readers */
	if (p->owner && s->owner_id && s->owner_id == viewer->id)
		return 1;
	if (p->superior && s->depth == 1)
		return 1;
	if (p->above && s->depth >= 1)
		return 1;
	return 0;
}

/* Characters (code points) in a UTF-8 string, and the byte offset of the
 * k-th one. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static size_t utf8_offset(const char *s, size_t k)
{
	size_t i = 0, n = 0;

	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == k)
			return i;
	return i;
}

static void mask_phone(const char *v, char *out, size_t n)
{
	char d[32];
	size_t k = 0;

	for (const char *p = v; *p && k < sizeof(d) - 1; p++)
		if (*p >= '0' && *p <= '9')
			d[k++] = *p;
	d[k] = '\0';
	if (k >= 11 && d[k - 11] == '1')   /* mainland mobile, maybe after 86 */
		snprintf(out, n, "%.3s****%s", d + k - 11, d + k - 4);
	else if (k >= 7)
		snprintf(out, n, "%.3s****%s", d, d + k - 4);
	else
		snprintf(out, n, "****");
}

static void mask_email(const char *v, char *out, size_t n)
{
	const char *at = strchr(v, '@');

	if (!at || at == v)
		snprintf(out, n, "***");
	else
		snprintf(out, n, "%.*s***%s", (int)utf8_offset(v, 1), v, at);
}

static void mask_name(const char *v, char *out, size_t n)
{
	size_t chars = utf8_len(v), keep = chars >= 4 ? 2 : 1, o;

	/* 张三 → 张*, 欧阳娜娜 → 欧阳** */
	if (!chars) {
		out[0] = '\0';
		return;
	}
	o = utf8_offset(v, keep);
	snprintf(out, n, "%.*s", (int)o, v);
	for (size_t i = keep; i < chars && strlen(out) + 1 < n; i++)
		strcat(out, "*");
}

static void mask_band(const char *v, int lang, char *out, size_t n)
{
	static const double limits[] = { 100000, 500000, 1000000, 5000000 };
	double x = strtod(v, NULL);
	int band = 4;
	char key[24];

	for (int i = 0; i < 4; i++)
		if (x < limits[i]) {
			band = i;
			break;
		}
	snprintf(key, sizeof(key), "Mask.Band%d", band);
	snprintf(out, n, "%s", render_text(lang, key));
}

static void mask_custom(const struct field_policy *p, const char *v, char *out, size_t n)
{
	PCRE2_SIZE len = n;
	pcre2_match_context *mctx = pcre2_match_context_create(NULL);
	int rc;

	if (!p->re || !mctx) {
		snprintf(out, n, "***");
		pcre2_match_context_free(mctx);
		return;
	}
	pcre2_set_match_limit(mctx, 100000);
	rc = pcre2_substitute(p->re, (PCRE2_SPTR)v, PCRE2_ZERO_TERMINATED, 0,
			      PCRE2_SUBSTITUTE_GLOBAL, NULL, mctx,
			      (PCRE2_SPTR)p->replacement, PCRE2_ZERO_TERMINATED,
			      (PCRE2_UCHAR *)out, &len);
	pcre2_match_context_free(mctx);
	/* A failed substitution must never fall back to the clear value. */
	if (rc < 0)
		snprintf(out, n, "***");
}

void policy_mask(const struct field_policy *p, const char *value, int lang,
		 char *out, size_t n)
{
	const char *st = p->style;

	out[0] = '\0';
	if (!value)
		return;
	if (!strcmp(st, "phone"))
		mask_phone(value, out, n);
	else if (!strcmp(st, "email"))
		mask_email(value, out, n);
	else if (!strcmp(st, "name"))
		mask_name(value, out, n);
	else if (!strcmp(st, "amount_band"))
		mask_band(value, lang, out, n);
	else if (!strcmp(st, "custom"))
		mask_custom(p, value, out, n);
	else if (!strcmp(st, "amount_hidden"))
		snprintf(out, n, "***");
	else
		snprintf(out, n, "%s", render_text(lang, "Mask.Hidden"));
}

void policy_fini(void)
{
	for (int i = 0; i < npolicies; i++)
		pcre2_code_free(policies[i].re);
	npolicies = 0;
	loaded_at = 0;
}

NEOERR *policy_load(void)
{
	time_t now = time(NULL);
	DB_STMT *q;
	NEOERR *err;

	if (loaded_at && now - loaded_at < POLICY_TTL)
		return STATUS_OK;
	err = db_prepare(&q, "SELECT object, field, allow_owner, allow_direct_superior,"
			 " allow_managers_above, allow_roles, COALESCE(allow_condition, ''), nobody,"
			 " mask_style, COALESCE(custom_pattern, ''), COALESCE(custom_replacement, ''),"
			 " revealable FROM field_policy ORDER BY id");
	if (err)
		return nerr_pass(err);
	policy_fini();
	while (db_step(q) == DB_ROW && npolicies < POLICY_MAX) {
		struct field_policy *p = &policies[npolicies++];

		memset(p, 0, sizeof(*p));
		snprintf(p->object, sizeof(p->object), "%s", db_col_text(q, 0));
		snprintf(p->field, sizeof(p->field), "%s", db_col_text(q, 1));
		p->owner = (int)db_col_int(q, 2);
		p->superior = (int)db_col_int(q, 3);
		p->above = (int)db_col_int(q, 4);
		snprintf(p->roles, sizeof(p->roles), "%s", db_col_text(q, 5));
		snprintf(p->condition, sizeof(p->condition), "%s", db_col_text(q, 6));
		p->nobody = (int)db_col_int(q, 7);
		snprintf(p->style, sizeof(p->style), "%s", db_col_text(q, 8));
		if (!strcmp(p->style, "custom") && *db_col_text(q, 9)) {
			int ec;
			PCRE2_SIZE off;

			p->re = pcre2_compile((PCRE2_SPTR)db_col_text(q, 9), PCRE2_ZERO_TERMINATED,
					      PCRE2_UTF, &ec, &off, NULL);
			if (!p->re)
				log_msg(LOG_WARNING, "field policy %s.%s: bad pattern", p->object, p->field);
		}
		snprintf(p->replacement, sizeof(p->replacement), "%s", db_col_text(q, 10));
		p->revealable = (int)db_col_int(q, 11);
	}
	err = db_finalize(q);
	if (!err)
		loaded_at = now;
	return nerr_pass(err);
}

const struct field_policy *policy_find(const char *object, const char *field)
{
	for (int i = 0; i < npolicies; i++)
		if (!strcmp(policies[i].object, object) && !strcmp(policies[i].field, field))
			return &policies[i];
	return NULL;
}

int policy_visible(REQUEST *req, const char *object, const char *field,
		   const struct policy_subject *s)
{
	const struct field_policy *p;
	NEOERR *err = policy_load();

	if (err) {
		/* Without the rules, nothing sensitive is shown. */
		err_log_and_free(&err);
		return 0;
	}
	p = policy_find(object, field);
	if (!p)
		return 1;
	if (p->nobody)
		return 0;   /* not even a reveal opens a field nobody may see */
	if (req->reveal.id && req->reveal.id == s->object_id &&
	    !strcmp(req->reveal.object, object) && !strcmp(req->reveal.field, field))
		return 1;
	return policy_rule_allows(p, req->user, s);
}

const char *policy_apply(REQUEST *req, const char *object, const char *field,
			 const struct policy_subject *s, const char *value,
			 char *out, size_t n)
{
	const struct field_policy *p;

	if (!value)
		return NULL;
	if (policy_visible(req, object, field, s))
		return value;
	p = policy_find(object, field);
	if (p)
		policy_mask(p, value, req->lang, out, n);
	else
		snprintf(out, n, "***");   /* rules unreadable: hide */
	return out;
}

NEOERR *policy_put(REQUEST *req, HDF *node, const char *name, const char *object,
		   const char *field, const struct policy_subject *s, const char *value)
{
	char masked[512];
	const char *shown;
	HDF *f;
	NEOERR *err;

	if (!value)
		return STATUS_OK;
	shown = policy_apply(req, object, field, s, value, masked, sizeof(masked));
	/* the field's node once, its marks under it (a list page puts fifty) */
	err = hdf_get_node(node, name, &f);
	if (!err)
		err = hdf_set_value(f, NULL, shown);
	if (!err && shown == masked) {
		const struct field_policy *p = policy_find(object, field);

		err = hdf_set_value(f, "Masked", "1");
		if (!err && p && p->revealable && user_can(req->user, "field.reveal"))
			err = hdf_set_value(f, "Revealable", "1");
	}
	return nerr_pass(err);
}

int policy_may_filter(REQUEST *req, const char *object, const char *field)
{
	NEOERR *err = policy_load();

	if (err) {
		err_log_and_free(&err);
		return 0;
	}
	(void)req;
	return policy_find(object, field) == NULL;
}

void policy_grant_reveal(REQUEST *req, const char *object, long long id, const char *field)
{
	snprintf(req->reveal.object, sizeof(req->reveal.object), "%s", object);
	snprintf(req->reveal.field, sizeof(req->reveal.field), "%s", field);
	req->reveal.id = id;
}

NEOERR *policy_reveal_request(REQUEST *req, const char *object, long long id)
{
	const char *field = request_param(req, "field");
	const char *reason = request_param(req, "reason");
	const struct field_policy *p;
	long long recent = 0;
	NEOERR *err = policy_load();

	if (err)
		return nerr_pass(err);
	p = field ? policy_find(object, field) : NULL;
	if (!p || !p->revealable || p->nobody)
		return nerr_raise(ERR_BAD_REQUEST, "%s.%s cannot be revealed", object,
				  field ? field : "?");
	if (!user_can(req->user, "field.reveal")) {
		struct audit_event ev = { "field.reveal_denied", object, id, field, NULL, NULL };

		err = audit_log(req, &ev);
		return err ? nerr_pass(err) : nerr_raise(ERR_FORBIDDEN, "no field.reveal");
	}
	if (!reason || strlen(reason) < 2) {
		HDF *f;

		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err)
			err = hdf_set_value(f, "reason", "Reveal.NeedReason");
		req->status = 400;
		return nerr_pass(err);   /* the page shows again, masked, with the message */
	}
	err = db_int_query(&recent, NULL, "SELECT COUNT(*) FROM field_reveal WHERE user_id = ?"
			   " AND at > UTC_TIMESTAMP(6) - INTERVAL 1 HOUR", "i", req->actor->id);
	if (!err && recent >= config_int("Reveal.PerHour")) {
		struct audit_event ev = { "field.reveal_throttled", object, id, field, NULL, reason };

		err = audit_log(req, &ev);
		return err ? nerr_pass(err) : nerr_raise(ERR_TOO_MANY, "reveal limit");
	}
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_execf(NULL, "INSERT INTO field_reveal (user_id, object, object_id, field, reason, at)"
		       " VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6))", "itit" "t", req->actor->id,
		       object, id, field, reason);
	if (!err) {
		struct audit_event ev = { "field.reveal", object, id, field, NULL, reason };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		policy_grant_reveal(req, object, id, field);
	return nerr_pass(err);
}
