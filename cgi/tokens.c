/* tokens.c — my personal access tokens for the staff JSON API (/profile).
 *
 * A token acts as its owner (role, scopes, field policies, status) on the
 * /api/v1/ routes only; it cannot manage tokens or use the pages.  It is
 * shown once, stored as a SHA-256, named in lists and in the audit log by
 * its first 8 hex digits.  Creating and revoking are audited. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "staffapi.h"
#include "user.h"

#define TOKENS_MAX_LIVE 10

NEOERR *tokens_fill(REQUEST *req)
{
	DB_STMT *q;
	int n = 0;
	NEOERR *err = db_prepare(&q, "SELECT id, name, prefix, created_at, expires_at, last_used_at,"
				 " COALESCE(last_used_ip, ''),"
				 " (expires_at IS NOT NULL AND expires_at < UTC_TIMESTAMP(6))"
				 " FROM api_token WHERE user_id = ? AND revoked_at IS NULL"
				 " ORDER BY id DESC LIMIT 50");

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Profile.Tokens", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Prefix", db_col_text(q, 2));
		if (!err) err = render_set_time(req, row, "Created", db_col_text(q, 3));
		if (!err) err = render_set_time(req, row, "Expires", db_col_text(q, 4));
		if (!err) err = render_set_time(req, row, "LastUsed", db_col_text(q, 5));
		if (!err) err = render_set(row, "LastIp", db_col_text(q, 6));
		if (!err && db_col_int(q, 7)) err = hdf_set_value(row, "Expired", "1");
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

static NEOERR *tokens_reshow(REQUEST *req, const char *field, const char *msg)
{
	NEOERR *err = STATUS_OK;

	if (field) {
		HDF *f;

		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err)
			err = hdf_set_value(f, field, msg);
	}
	if (err)
		return nerr_pass(err);
	req->status = 400;
	return nerr_pass(profile_page(req));
}

NEOERR *tokens_create(REQUEST *req)
{
	const char *name = request_param(req, "name");
	long long days = request_param_int(req, "expires_days", 0), live = 0;
	char token[STAFFAPI_TOKEN_LEN + 1], hash[65], prefix[STAFFAPI_PREFIX_LEN + 1], after[200];
	unsigned long long id = 0;
	NEOERR *err;

	if (req->param_errors || !name)
		return nerr_pass(tokens_reshow(req, NULL, NULL));
	if (days > 366)
		return nerr_pass(tokens_reshow(req, "expires_days", "Tokens.TooLong"));
	err = db_int_query(&live, NULL, "SELECT COUNT(*) FROM api_token WHERE user_id = ?"
			   " AND revoked_at IS NULL", "i", req->user->id);
	if (err)
		return nerr_pass(err);
	if (live >= TOKENS_MAX_LIVE)
		return nerr_pass(tokens_reshow(req, "name", "Tokens.TooMany"));

	staffapi_token_new(token);
	staffapi_token_hash(token, hash);
	snprintf(prefix, sizeof(prefix), "%.*s", STAFFAPI_PREFIX_LEN, token + 4);
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO api_token (user_id, name, prefix, token_hash, created_at,"
			       " expires_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6),"
			       " IF(? > 0, UTC_TIMESTAMP(6) + INTERVAL ? DAY, NULL))",
			       "itttii", req->user->id, name, prefix, hash, days, days);
	if (!err) {
		/* The prefix names the token in the record; the token never does. */
		struct audit_event ev = { "token.create", "api_token", (long long)id, NULL, NULL, after };

		snprintf(after, sizeof(after), "prefix=%s days=%lld name=%s", prefix, days, name);
		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = hdf_set_value(req->hdf, "NewToken.Value", token);
	sodium_memzero(token, sizeof(token));
	if (!err) err = hdf_set_value(req->hdf, "NewToken.Name", name);
	if (!err) err = hdf_set_value(req->hdf, "NewToken.Prefix", prefix);
	if (!err && days) err = hdf_set_int_value(req->hdf, "NewToken.Days", (int)days);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "profile");
	req->template_name = "profile_token_shown.cs";
	return nerr_pass(err);
}

NEOERR *tokens_revoke(REQUEST *req)
{
	long long id = req->ids[0], owner = 0;
	int found = 0;
	NEOERR *err;

	err = db_begin();
	if (!err)
		err = db_int_query(&owner, &found, "SELECT user_id FROM api_token WHERE id = ?"
				   " AND revoked_at IS NULL FOR UPDATE", "i", id);
	/* Someone else's token, or one already gone: not found, either way. */
	if (!err && (!found || owner != req->user->id))
		err = nerr_raise(ERR_NOT_FOUND, "token %lld", id);
	if (!err)
		err = db_execf(NULL, "UPDATE api_token SET revoked_at = UTC_TIMESTAMP(6) WHERE id = ?",
			       "i", id);
	if (!err) {
		struct audit_event ev = { "token.revoke", "api_token", id, NULL, NULL, NULL };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/profile?done=TokenRevoked");
	return nerr_pass(err);
}
