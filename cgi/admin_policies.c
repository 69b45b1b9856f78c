/* admin_policies.c — field policies in the browser (admin.config). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"

static const char *const styles[] = {
	"phone", "email", "name", "amount_hidden", "amount_band", "hide", "custom",
};

static NEOERR *policies_fill(REQUEST *req)
{
	DB_STMT *q;
	int n = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT id, object, field, allow_owner, allow_direct_superior,"
			 " allow_managers_above, allow_roles, COALESCE(allow_condition, ''), nobody,"
			 " mask_style, COALESCE(custom_pattern, ''), COALESCE(custom_replacement, ''),"
			 " revealable FROM field_policy ORDER BY object, field");
	if (err)
		return nerr_pass(err);
	while (!err && db_step(q) == DB_ROW) {
		static const char *const names[] = {
			"Id", "Object", "Field", "Owner", "Superior", "Above", "Roles", "Condition",
			"Nobody", "Style", "Pattern", "Replacement", "Revealable",
		};
		HDF *row;

		err = render_row(req->hdf, "Policies", n++, &row);
		for (int i = 0; !err && i < 13; i++)
			err = hdf_set_value(row, names[i], db_col_text(q, i));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	for (size_t i = 0; !err && i < sizeof(styles) / sizeof(styles[0]); i++) {
		HDF *row;

		err = render_row(req->hdf, "Styles", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", styles[i]);
	}
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-policies");
	req->template_name = "admin_policies.cs";
	return nerr_pass(err);
}

NEOERR *admin_policies(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	if (!err)
		err = policies_fill(req);
	return nerr_pass(err);
}

static int style_ok(const char *s)
{
	for (size_t i = 0; s && i < sizeof(styles) / sizeof(styles[0]); i++)
		if (!strcmp(s, styles[i]))
			return 1;
	return 0;
}

static NEOERR *policy_error(REQUEST *req, const char *key)
{
	NEOERR *err = hdf_set_value(req->hdf, "Page.Message", key);

	req->status = 400;
	if (!err)
		err = policies_fill(req);
	return nerr_pass(err);
}

/* One policy's rules and mask; every changed column is audited. */
NEOERR *admin_policy_save(REQUEST *req)
{
	static const char *const cols[] = {
		"allow_owner", "allow_direct_superior", "allow_managers_above", "allow_roles",
		"allow_condition", "nobody", "mask_style", "custom_pattern", "custom_replacement",
		"revealable",
	};
	long long id = req->ids[0];
	const char *after[10];
	char *before[10] = { 0 };
	char what[64] = "";
	const char *style = request_param(req, "mask_style");
	const char *cond = request_param(req, "allow_condition");
	const char *pattern = request_param(req, "custom_pattern");
	int found = 0;
	DB_STMT *q;
	NEOERR *err;

	if (req->param_errors || !style_ok(style))
		return nerr_pass(policy_error(req, "BadStyle"));
	if (cond && strcmp(cond, "signed"))
		return nerr_pass(policy_error(req, "BadCondition"));
	if (!strcmp(style, "custom")) {
		int ec;
		PCRE2_SIZE off;
		pcre2_code *re = pattern ? pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
							 PCRE2_UTF, &ec, &off, NULL) : NULL;

		if (!re)
			return nerr_pass(policy_error(req, "BadPattern"));
		pcre2_code_free(re);
	}
	after[0] = request_param(req, "allow_owner") ? "1" : "0";
	after[1] = request_param(req, "allow_direct_superior") ? "1" : "0";
	after[2] = request_param(req, "allow_managers_above") ? "1" : "0";
	after[3] = request_param(req, "allow_roles") ? request_param(req, "allow_roles") : "";
	after[4] = cond ? cond : "";
	after[5] = request_param(req, "nobody") ? "1" : "0";
	after[6] = style;
	after[7] = pattern ? pattern : "";
	after[8] = request_param(req, "custom_replacement") ? request_param(req, "custom_replacement") : "";
	after[9] = request_param(req, "revealable") ? "1" : "0";
	err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "SELECT allow_owner, allow_direct_superior, allow_managers_above,"
			 " allow_roles, COALESCE(allow_condition, ''), nobody, mask_style,"
			 " COALESCE(custom_pattern, ''), COALESCE(custom_replacement, ''), revealable,"
			 " CONCAT(object, '.', field) FROM field_policy WHERE id = ? FOR UPDATE");
	if (!err) {
		db_bind_int(q, 1, id);
		if (db_step(q) == DB_ROW) {
			found = 1;
			for (int i = 0; i < 10; i++)
				before[i] = strdup(db_col_text(q, i));
			snprintf(what, sizeof(what), "%s", db_col_text(q, 10));
		}
		err = db_finalize(q);
	}
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "policy %lld", id);
	if (!err)
		err = db_execf(NULL, "UPDATE field_policy SET allow_owner = ?, allow_direct_superior = ?,"
			       " allow_managers_above = ?, allow_roles = ?, allow_condition = NULLIF(?, ''),"
			       " nobody = ?, mask_style = ?, custom_pattern = NULLIF(?, ''),"
			       " custom_replacement = NULLIF(?, ''), revealable = ?,"
			       " updated_at = UTC_TIMESTAMP(6) WHERE id = ?", "tttttttttti",
			       after[0], after[1], after[2], after[3], after[4], after[5], after[6],
			       after[7], after[8], after[9], id);
	for (int i = 0; !err && i < 10; i++) {
		char field[80];
		struct audit_event ev = { "policy.update", "field_policy", id, field, before[i], after[i] };

		if (before[i] && !strcmp(before[i], after[i]))
			continue;
		snprintf(field, sizeof(field), "%s:%s", what, cols[i]);
		err = audit_log(req, &ev);
	}
	for (int i = 0; i < 10; i++)
		free(before[i]);
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/admin/policies?done=Saved");
	return nerr_pass(err);
}
