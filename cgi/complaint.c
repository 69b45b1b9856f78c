/* complaint.c — complaint keywords mark customers process-sensitive (R7.4). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "complaint.h"
#include "db.h"
#include "err.h"
#include "render.h"
#include "user.h"

#define COMPLAINT_MAX_PATTERNS 100

static pcre2_code *compile(const char *pattern, char *why, size_t n)
{
	int ec = 0;
	PCRE2_SIZE off = 0;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				       PCRE2_UTF | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF,
				       &ec, &off, NULL);

	if (!re && why && n) {
		PCRE2_UCHAR msg[160];

		if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", ec);
		snprintf(why, n, "%s (offset %zu)", (const char *)msg, (size_t)off);
	}
	return re;
}

static int run(const pcre2_code *re, const char *text)
{
	pcre2_match_context *mctx = pcre2_match_context_create(NULL);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = -1;

	if (mctx && md) {
		pcre2_set_match_limit(mctx, 100000);
		pcre2_set_depth_limit(mctx, 1000);
		rc = pcre2_match(re, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, 0, md, mctx);
	}
	pcre2_match_data_free(md);
	pcre2_match_context_free(mctx);
	return rc >= 0;   /* no match, or a limit hit: not a match */
}

int complaint_match(const char *pattern, const char *text, char *why, size_t n)
{
	pcre2_code *re;
	int m;

	if (!pattern || !*pattern) {
		if (why && n)
			snprintf(why, n, "empty pattern");
		return -1;
	}
	re = compile(pattern, why, n);
	if (!re)
		return -1;
	m = text ? run(re, text) : 0;
	pcre2_code_free(re);
	return m;
}

NEOERR *complaint_scan(REQUEST *req, long long customer_id, long long activity_id,
		       const char *const *texts, int ntexts)
{
	struct { long long id; char pattern[201], label[101]; } p[COMPLAINT_MAX_PATTERNS];
	int np = 0, hit = -1, any = 0;
	DB_STMT *q;
	NEOERR *err;

	for (int i = 0; i < ntexts; i++)
		any |= texts[i] && *texts[i];
	if (!customer_id || !any)
		return STATUS_OK;
	err = db_prepare(&q, "SELECT id, pattern, label FROM complaint_pattern WHERE active = 1"
			 " ORDER BY id LIMIT 100");
	if (err)
		return nerr_pass(err);
	while (db_step(q) == DB_ROW && np < COMPLAINT_MAX_PATTERNS) {
		p[np].id = db_col_int(q, 0);
		snprintf(p[np].pattern, sizeof(p[np].pattern), "%s", db_col_text(q, 1));
		snprintf(p[np].label, sizeof(p[np].label), "%s", db_col_text(q, 2));
		np++;
	}
	err = db_finalize(q);
	for (int k = 0; !err && hit < 0 && k < np; k++) {
		pcre2_code *re = compile(p[k].pattern, NULL, 0);

		for (int i = 0; re && hit < 0 && i < ntexts; i++)
			if (texts[i] && run(re, texts[i]))
				hit = k;
		pcre2_code_free(re);
	}
	if (err || hit < 0)
		return nerr_pass(err);
	err = db_execf(NULL, "INSERT INTO customer_sensitivity (customer_id, pattern_id, label,"
		       " activity_id, matched_by, matched_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6))"
		       " ON DUPLICATE KEY UPDATE pattern_id = VALUES(pattern_id), label = VALUES(label),"
		       " activity_id = VALUES(activity_id), matched_by = VALUES(matched_by),"
		       " matched_at = VALUES(matched_at), confirmed_at = NULL, confirmed_by = NULL,"
		       " commitment = NULL", "iitii", customer_id, p[hit].id, p[hit].label,
		       activity_id, req->user ? req->user->id : 0);
	if (!err) {
		char after[160];
		struct audit_event ev = { "customer.process_sensitive", "customer", customer_id,
					  "complaint_pattern", NULL, after };

		snprintf(after, sizeof(after), "pattern=%lld %s; activity=%lld", p[hit].id, p[hit].label,
			 activity_id);
		err = audit_log(req, &ev);
	}
	return nerr_pass(err);
}

NEOERR *complaint_fill(REQUEST *req, const char *node, long long customer_id)
{
	DB_STMT *q;
	NEOERR *err;

	err = db_prepare(&q, "SELECT s.label, s.matched_at, s.confirmed_at, u.display_name, s.commitment"
			 " FROM customer_sensitivity s LEFT JOIN users u ON u.id = s.confirmed_by"
			 " WHERE s.customer_id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, customer_id);
	if (db_step(q) == DB_ROW) {
		HDF *n;

		err = hdf_get_node(req->hdf, node, &n);
		if (!err) err = hdf_set_value(n, "Label", db_col_text(q, 0));
		if (!err) err = render_set_time(req, n, "At", db_col_text(q, 1));
		if (!err && db_col_text(q, 2)) {
			err = hdf_set_value(n, "Confirmed", "1");
			if (!err) err = render_set_time(req, n, "ConfirmedAt", db_col_text(q, 2));
			if (!err) err = render_set(n, "By", db_col_text(q, 3));
			if (!err) err = render_set(n, "Commitment", db_col_text(q, 4));
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

/* ---- /admin/complaints ---------------------------------------------------- */

static NEOERR *complaints_fill(REQUEST *req)
{
	static const char *const names[] = { "Id", "Pattern", "Label", "Active", "Customers" };
	DB_STMT *q;
	NEOERR *err;

	err = db_prepare(&q, "SELECT p.id, p.pattern, p.label, p.active,"
			 " (SELECT COUNT(*) FROM customer_sensitivity s WHERE s.pattern_id = p.id)"
			 " FROM complaint_pattern p ORDER BY p.id");
	if (err)
		return nerr_pass(err);
	err = render_rows(req->hdf, "Patterns", q, names, 5, NULL);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-complaints");
	req->template_name = "admin_complaints.cs";
	return nerr_pass(err);
}

NEOERR *admin_complaints(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = STATUS_OK;

	if (done)
		err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err)
		err = complaints_fill(req);
	return nerr_pass(err);
}

static NEOERR *complaint_reshow(REQUEST *req, const char *field, const char *key, const char *why)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err) err = hdf_set_value(f, field, key);
	if (!err && why) err = hdf_set_value(req->hdf, "Complaint.Why", why);
	if (!err) err = complaints_fill(req);
	req->status = 400;
	return nerr_pass(err);
}

NEOERR *admin_complaint_create(REQUEST *req)
{
	const char *pattern = request_param(req, "pattern");
	const char *label = request_param(req, "label");
	unsigned long long id = 0;
	char why[200] = "";
	NEOERR *err;

	if (req->param_errors && !pattern)
		return nerr_pass(complaint_reshow(req, "pattern", "Valid.Required", NULL));
	if (!pattern)
		return nerr_pass(complaint_reshow(req, "pattern", "Valid.Required", NULL));
	if (complaint_match(pattern, "", why, sizeof(why)) < 0)
		return nerr_pass(complaint_reshow(req, "pattern", "Complaint.BadPattern", why));
	if (complaint_match(pattern, "", NULL, 0) == 1)
		return nerr_pass(complaint_reshow(req, "pattern", "Complaint.MatchesEmpty", NULL));
	if (req->param_errors)
		return nerr_pass(complaint_reshow(req, "label", "Valid.Line", NULL));
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO complaint_pattern (pattern, label, created_by, created_at)"
			       " VALUES (?, ?, ?, UTC_TIMESTAMP(6))", "tti", pattern,
			       label && *label ? label : pattern, req->user->id);
	if (!err) {
		struct audit_event ev = { "complaint_pattern.create", "complaint_pattern", (long long)id,
					  "pattern", NULL, pattern };

		err = audit_log(req, &ev);
	}
	if (err) {
		db_rollback();
		if (nerr_handle(&err, ERR_DUPLICATE))
			return nerr_pass(complaint_reshow(req, "pattern", "Complaint.Duplicate", NULL));
		return nerr_pass(err);
	}
	err = db_commit();
	if (!err)
		err = request_redirect(req, "/admin/complaints?done=Saved");
	return nerr_pass(err);
}

NEOERR *admin_complaint_toggle(REQUEST *req)
{
	unsigned long long changed = 0;
	long long active = -1;
	int found = 0;
	NEOERR *err = db_begin();

	if (!err)
		err = db_int_query(&active, &found, "SELECT active FROM complaint_pattern WHERE id = ?"
				   " FOR UPDATE", "i", req->ids[0]);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "pattern %lld", req->ids[0]);
	if (!err)
		err = db_execf(&changed, "UPDATE complaint_pattern SET active = ? WHERE id = ?", "ii",
			       (long long)!active, req->ids[0]);
	if (!err) {
		struct audit_event ev = { "complaint_pattern.update", "complaint_pattern", req->ids[0],
					  "active", active ? "1" : "0", active ? "0" : "1" };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/admin/complaints?done=Saved");
	return nerr_pass(err);
}
