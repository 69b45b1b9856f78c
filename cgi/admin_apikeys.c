/* admin_apikeys.c — intake API keys: the list, a new key (shown once) and
 * revoking one.
 *
 * The key itself exists only in this worker's memory while the result page
 * is made: the database keeps its SHA-256 and its first 8 digits (api.h),
 * the audit log only the prefix.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "audit.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "user.h"

static NEOERR *apikeys_fill(REQUEST *req)
{
	DB_STMT *q;
	int n = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT k.id, k.name, k.prefix, c.name, k.created_at,"
			 " k.last_used_at, k.revoked_at, u.display_name"
			 " FROM api_key k JOIN channel c ON c.id = k.channel_id"
			 " LEFT JOIN users u ON u.id = k.created_by"
			 " ORDER BY k.revoked_at IS NOT NULL, k.id DESC");
	if (err)
		return nerr_pass(err);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "ApiKeys.Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Prefix", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Channel", db_col_text(q, 3));
		if (!err) err = render_set_time(req, row, "Created", db_col_text(q, 4));
		if (!err) err = render_set_time(req, row, "LastUsed", db_col_text(q, 5));
		if (!err) err = render_set_time(req, row, "Revoked", db_col_text(q, 6));
		if (!err) err = render_set(row, "CreatedBy", db_col_text(q, 7));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	n = 0;
	/* Only active channels take new keys (lead_create refuses the rest). */
	if (!err)
		err = db_prepare(&q, "SELECT id, name FROM channel WHERE active = 1 ORDER BY id");
	if (err)
		return nerr_pass(err);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "ApiKeys.Channels", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-apikeys");
	req->template_name = "admin_apikeys.cs";
	return nerr_pass(err);
}

NEOERR *admin_apikeys(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	if (!err)
		err = apikeys_fill(req);
	return nerr_pass(err);
}

/* Marks a field (a literal name) and shows the form again. */
static NEOERR *apikeys_field_error(REQUEST *req, const char *field, const char *key)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err && !hdf_get_value(f, field, NULL))
		err = hdf_set_value(f, field, key);
	return nerr_pass(err);
}

static NEOERR *apikeys_reshow(REQUEST *req)
{
	req->status = 400;
	return nerr_pass(apikeys_fill(req));
}

/* Inserts the key and its audit row.  A prefix already taken (32 bits, so
 * rare but possible) is ERR_DUPLICATE: the caller draws another key. */
static NEOERR *apikeys_insert(REQUEST *req, const char *name, long long channel,
			      const char *key, long long *id)
{
	char prefix[API_PREFIX_LEN + 1], hash[API_HASH_HEX], after[200];
	unsigned long long new_id = 0;
	NEOERR *err;

	snprintf(prefix, sizeof(prefix), "%.*s", API_PREFIX_LEN, key);
	api_key_hash(key, hash);
	err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_execf(&new_id, "INSERT INTO api_key (name, prefix, key_hash, channel_id,"
		       " created_by, created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(6))",
		       "tttii", name, prefix, hash, channel, req->actor->id);
	if (!err) {
		/* The prefix names the key in the record; the key never does. */
		struct audit_event ev = { "apikey.create", "api_key", (long long)new_id,
					  NULL, NULL, after };

		snprintf(after, sizeof(after), "prefix=%s channel=%lld name=%s", prefix,
			 channel, name);
		err = audit_log(req, &ev);
	}
	if (err) {
		NEOERR *rb = db_rollback();

		err_log_and_free(&rb);
		return nerr_pass(err);
	}
	err = db_commit();
	if (!err)
		*id = (long long)new_id;
	return nerr_pass(err);
}

NEOERR *admin_apikey_create(REQUEST *req)
{
	const char *name = request_param(req, "name");
	long long channel = request_param_int(req, "channel", 0), id = 0, n = 0;
	char key[API_KEY_LEN + 1], channel_name[101] = "";
	DB_STMT *q;
	NEOERR *err = STATUS_OK;

	if (!name)
		err = apikeys_field_error(req, "name", "Valid.Required");
	if (!err && !channel)
		err = apikeys_field_error(req, "channel", "Valid.Required");
	if (!err && channel) {
		err = db_prepare(&q, "SELECT name FROM channel WHERE id = ? AND active = 1");
		if (!err) {
			db_bind_int(q, 1, channel);
			if (db_step(q) == DB_ROW) {
				snprintf(channel_name, sizeof(channel_name), "%s", db_col_text(q, 0));
				n = 1;
			}
			err = db_finalize(q);
		}
		if (!err && !n)
			err = apikeys_field_error(req, "channel", "Valid.Unknown");
	}
	if (err)
		return nerr_pass(err);
	if (hdf_get_obj(req->hdf, "Form.Errors"))
		return nerr_pass(apikeys_reshow(req));

	for (int tries = 0; tries < 5; tries++) {
		api_key_new(key);
		err = apikeys_insert(req, name, channel, key, &id);
		if (!nerr_handle(&err, ERR_DUPLICATE))
			break;
		err = nerr_raise(ERR_DB, "no free API key prefix after %d tries", tries + 1);
	}
	if (err) {
		sodium_memzero(key, sizeof(key));
		return nerr_pass(err);
	}
	/* Shown once, on this page only (no-store); never stored in clear. */
	err = hdf_set_value(req->hdf, "NewKey.Value", key);
	sodium_memzero(key, sizeof(key));
	if (!err) err = hdf_set_value(req->hdf, "NewKey.Name", name);
	if (!err) err = hdf_set_value(req->hdf, "NewKey.Channel", channel_name);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-apikeys");
	req->template_name = "admin_apikey_shown.cs";
	return nerr_pass(err);
}

NEOERR *admin_apikey_revoke(REQUEST *req)
{
	long long id = req->ids[0], revoked = 0;
	char prefix[API_PREFIX_LEN + 1] = "";
	int found = 0;
	DB_STMT *q;
	NEOERR *err;

	err = db_begin();
	if (!err)
		err = db_prepare(&q, "SELECT prefix, revoked_at IS NOT NULL FROM api_key"
				 " WHERE id = ? FOR UPDATE");
	if (!err) {
		db_bind_int(q, 1, id);
		if (db_step(q) == DB_ROW) {
			found = 1;
			snprintf(prefix, sizeof(prefix), "%s", db_col_text(q, 0));
			revoked = db_col_int(q, 1);
		}
		err = db_finalize(q);
	}
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "api key %lld", id);
	/* Revoking twice (a double click) changes nothing and records nothing. */
	if (!err && !revoked) {
		struct audit_event ev = { "apikey.revoke", "api_key", id, "revoked_at",
					  NULL, prefix };

		err = db_execf(NULL, "UPDATE api_key SET revoked_at = UTC_TIMESTAMP(6) WHERE id = ?",
			       "i", id);
		if (!err)
			err = audit_log(req, &ev);
	}
	if (err) {
		NEOERR *rb = db_rollback();

		err_log_and_free(&rb);
		return nerr_pass(err);
	}
	err = db_commit();
	if (!err)
		err = request_redirect(req, "/admin/api-keys?done=ApiKeyRevoked");
	return nerr_pass(err);
}
