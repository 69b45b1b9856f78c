/* profile.c — my profile: language, time zone, password. */
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "session.h"
#include "user.h"

/* The zones offered; the list is short on purpose (who uses salesgate). */
static const char *const zones[] = {
	"Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore",
	"Asia/Tokyo", "Asia/Seoul", "Asia/Kolkata", "Asia/Dubai", "Europe/London",
	"Europe/Berlin", "America/New_York", "America/Los_Angeles", "UTC",
};

static int profile_zone_ok(const char *z)
{
	for (size_t i = 0; z && i < sizeof(zones) / sizeof(zones[0]); i++)
		if (!strcmp(zones[i], z))
			return 1;
	return 0;
}

static NEOERR *profile_fill(REQUEST *req)
{
	NEOERR *err = STATUS_OK;

	for (size_t i = 0; !err && i < sizeof(zones) / sizeof(zones[0]); i++) {
		HDF *row;

		err = render_row(req->hdf, "Profile.Zones", (int)i, &row);
		if (!err)
			err = hdf_set_value(row, "Name", zones[i]);
	}
	if (!err) err = hdf_set_value(req->hdf, "Profile.Lang", req->user->lang);
	if (!err) err = hdf_set_value(req->hdf, "Profile.TimeZone", req->user->tz);
	if (!err) err = tokens_fill(req);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "profile");
	req->template_name = "profile.cs";
	return nerr_pass(err);
}

NEOERR *profile_page(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	if (!err)
		err = profile_fill(req);
	return nerr_pass(err);
}

static NEOERR *profile_audit_change(REQUEST *req, const char *field,
				    const char *before, const char *after)
{
	struct audit_event ev = { "user.update", "user", req->user->id, field, before, after };

	if (!strcmp(before, after))
		return STATUS_OK;
	return nerr_pass(audit_log(req, &ev));
}

NEOERR *profile_save(REQUEST *req)
{
	const char *lang = request_param(req, "lang");
	const char *tz = request_param(req, "time_zone");
	NEOERR *err;

	if (req->param_errors || !lang || !profile_zone_ok(tz)) {
		HDF *f;

		if (!profile_zone_ok(tz)) {
			err = hdf_get_node(req->hdf, "Form.Errors", &f);
			if (!err)
				err = hdf_set_value(f, "time_zone", "Valid.TimeZone");
			if (err)
				return nerr_pass(err);
		}
		req->status = 400;
		return nerr_pass(profile_fill(req));
	}
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE users SET lang = ?, time_zone = ?,"
			       " updated_at = UTC_TIMESTAMP(6) WHERE id = ?", "tti", lang,
			       tz, req->user->id);
	if (!err)
		err = profile_audit_change(req, "lang", req->user->lang, lang);
	if (!err)
		err = profile_audit_change(req, "time_zone", req->user->tz, tz);
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/profile?done=Saved");
	return nerr_pass(err);
}

NEOERR *profile_password(REQUEST *req)
{
	const char *cur = request_param(req, "current");
	const char *pw = request_param(req, "new_password");
	const char *again = request_param(req, "confirm");
	char hash[crypto_pwhash_STRBYTES] = "", fresh[crypto_pwhash_STRBYTES];
	const char *problem = NULL, *field = NULL;
	DB_STMT *q;
	NEOERR *err;

	err = db_prepare(&q, "SELECT password_hash FROM users WHERE id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	if (db_step(q) == DB_ROW)
		snprintf(hash, sizeof(hash), "%s", db_col_text(q, 0));
	err = db_finalize(q);
	if (err)
		return nerr_pass(err);

	if (!cur || !user_check_password(hash, cur))
		field = "current", problem = "Profile.WrongPassword";
	else if (!pw)
		field = "new_password", problem = "Valid.Password";
	else if (!again || strcmp(pw, again))
		field = "confirm", problem = "Profile.Mismatch";
	else if (!strcmp(pw, cur))
		field = "new_password", problem = "Profile.SamePassword";
	if (problem) {
		HDF *f;

		req->status = 400;
		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err)
			err = hdf_set_value(f, field, problem);
		if (!err)
			err = profile_fill(req);
		return nerr_pass(err);
	}
	err = user_hash_password(pw, fresh, sizeof(fresh));
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_execf(NULL, "UPDATE users SET password_hash = ?, password_changed_at ="
		       " UTC_TIMESTAMP(6), updated_at = UTC_TIMESTAMP(6) WHERE id = ?", "ti",
		       fresh, req->user->id);
	/* Every other session of this person ends; this one goes on. */
	if (!err)
		err = db_execf(NULL, "UPDATE session SET ended_at = UTC_TIMESTAMP(6),"
			       " end_reason = 'password' WHERE user_id = ? AND id <> ?"
			       " AND ended_at IS NULL", "ii", req->user->id, req->session_id);
	if (!err) {
		struct audit_event ev = { "user.password_change", "user", req->user->id,
					  NULL, NULL, NULL };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/profile?done=PasswordChanged");
	return nerr_pass(err);
}
