/* admin_users.c — create, edit, freeze and reset people (admin.users). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "session.h"
#include "user.h"

/* The editable fields, in the order of the SELECT, INSERT and UPDATE below.
 * param is the form field; every one of them is declared in route.c. */
static const char *const ufields[] = {
	"display_name", "role", "team", "region", "manager", "cert_no",
	"cert_expires", "hire_date", "load_cap", "email", "phone",
};
#define N_UFIELDS (sizeof(ufields) / sizeof(ufields[0]))

static const char *form_value(REQUEST *req, const char *name)
{
	const char *v = request_param(req, name);
	HDF *typed = hdf_get_obj(req->hdf, "Form.Typed");

	if (!v && typed)
		v = hdf_get_value(typed, name, NULL);
	return v;
}

static NEOERR *form_error(REQUEST *req, const char *name, const char *key)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	req->param_errors++;
	if (!err)
		err = hdf_set_value(f, name, key);
	return nerr_pass(err);
}

/* Choices for the selects: roles, teams, regions, possible managers. */
static NEOERR *admin_options(REQUEST *req)
{
	NEOERR *err = render_id_names(req->hdf, "Options.Roles",
				      "SELECT id, code FROM role ORDER BY sort");

	if (!err)
		err = render_id_names(req->hdf, "Options.Teams", "SELECT id, name FROM team ORDER BY name");
	if (!err)
		err = render_id_names(req->hdf, "Options.Regions", "SELECT id, name FROM region ORDER BY code");
	if (!err)
		err = render_id_names(req->hdf, "Options.Managers",
				      "SELECT id, CONCAT(display_name, ' (', login, ')') FROM users"
				      " WHERE status = 'active' ORDER BY display_name");
	return nerr_pass(err);
}

NEOERR *admin_users_list(REQUEST *req)
{
	const char *status = request_param(req, "status");
	DB_STMT *q;
	int n = 0;
	NEOERR *err;

	err = db_prepare(&q, "SELECT u.id, u.login, u.display_name, r.code, t.name, g.name,"
			 " m.display_name, u.status, u.cert_expires,"
			 " u.cert_expires IS NOT NULL AND u.cert_expires < UTC_DATE()"
			 " FROM users u JOIN role r ON r.id = u.role_id"
			 " LEFT JOIN team t ON t.id = u.team_id"
			 " LEFT JOIN region g ON g.id = u.region_id"
			 " LEFT JOIN users m ON m.id = u.manager_id"
			 " WHERE (? IS NULL OR u.status = ?)"
			 " ORDER BY r.sort, u.display_name LIMIT 1000");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, status);
	db_bind_text(q, 2, status);
	{
		static const char *const names[] = {
			"Id", "Login", "Name", "Role", "Team", "Region", "Manager", "Status",
			"CertExpires", "CertExpired",
		};

		err = render_rows(req->hdf, "Users.Items", q, names, 10, &n);
	}
	if (!err) err = hdf_set_int_value(req->hdf, "Users.Count", n);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-users");
	req->template_name = "admin_users.cs";
	return nerr_pass(err);
}

/* Loads a user's editable values into Edit.* (and *found). */
static NEOERR *admin_load(REQUEST *req, long long id, int *found)
{
	DB_STMT *q;
	HDF *e;
	NEOERR *err;

	*found = 0;
	err = hdf_get_node(req->hdf, "Edit", &e);
	if (!err)
		err = db_prepare(&q, "SELECT display_name, role_id, team_id, region_id, manager_id,"
				 " cert_no, cert_expires, hire_date, load_cap, email, phone,"
				 " login, status FROM users WHERE id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, id);
	if (db_step(q) == DB_ROW) {
		*found = 1;
		for (size_t i = 0; !err && i < N_UFIELDS; i++)
			err = render_set(e, ufields[i], db_col_text(q, (int)i));
		if (!err) err = hdf_set_value(e, "login", db_col_text(q, 11));
		if (!err) err = hdf_set_value(e, "status", db_col_text(q, 12));
		if (!err) err = hdf_set_int_value(e, "id", (int)id);
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

static NEOERR *admin_form(REQUEST *req)
{
	NEOERR *err = admin_options(req);

	if (!err)
		err = hdf_set_value(req->hdf, "Page.Name", "admin-user");
	req->template_name = "admin_user_form.cs";
	return nerr_pass(err);
}

NEOERR *admin_user_new(REQUEST *req)
{
	NEOERR *err = hdf_set_value(req->hdf, "Edit.load_cap", "35");

	if (!err)
		err = admin_form(req);
	return nerr_pass(err);
}

NEOERR *admin_user_edit(REQUEST *req)
{
	int found;
	const char *done = request_param(req, "done");
	NEOERR *err = admin_load(req, req->ids[0], &found);

	if (!err && !found)
		return nerr_raise(ERR_NOT_FOUND, "user %lld", req->ids[0]);
	if (!err && done)
		err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err)
		err = admin_form(req);
	return nerr_pass(err);
}

/* Re-shows the form with what was typed. */
static NEOERR *admin_reshow(REQUEST *req, long long id)
{
	HDF *e;
	NEOERR *err = hdf_get_node(req->hdf, "Edit", &e);

	for (size_t i = 0; !err && i < N_UFIELDS; i++)
		err = render_set(e, ufields[i], form_value(req, ufields[i]));
	if (!err)
		err = render_set(e, "login", form_value(req, "login"));
	if (!err && id)
		err = hdf_set_int_value(e, "id", (int)id);
	if (!err && id) {
		/* Status and login come from the record, not the form. */
		int found;
		HDF *keep = NULL;

		err = hdf_init(&keep);
		if (!err)
			err = hdf_copy(keep, "", e);
		if (!err)
			err = admin_load(req, id, &found);
		if (!err)
			err = hdf_copy(req->hdf, "Edit", keep);
		hdf_destroy(&keep);
	}
	req->status = 400;
	if (!err)
		err = admin_form(req);
	return nerr_pass(err);
}

static NEOERR *admin_exists(const char *sql, const char *id, int *ok)
{
	long long n = 0;
	NEOERR *err = STATUS_OK;

	*ok = 1;
	if (id) {
		err = db_int_query(&n, NULL, sql, "t", id);
		*ok = !err && n > 0;
	}
	return nerr_pass(err);
}

/* Checks what validators cannot: references exist, no manager cycle. */
static NEOERR *admin_check(REQUEST *req, long long id)
{
	int ok;
	NEOERR *err;
	const char *mgr = request_param(req, "manager");

	if (!request_param(req, "display_name") && !hdf_get_value(req->hdf, "Form.Errors.display_name", NULL))
		if ((err = form_error(req, "display_name", "Valid.Required")))
			return nerr_pass(err);
	err = admin_exists("SELECT COUNT(*) FROM role WHERE id = ?", request_param(req, "role"), &ok);
	if (!err && (!ok || !request_param(req, "role")))
		err = form_error(req, "role", "Valid.Required");
	if (!err)
		err = admin_exists("SELECT COUNT(*) FROM team WHERE id = ?", request_param(req, "team"), &ok);
	if (!err && !ok)
		err = form_error(req, "team", "Valid.Unknown");
	if (!err)
		err = admin_exists("SELECT COUNT(*) FROM region WHERE id = ?", request_param(req, "region"), &ok);
	if (!err && !ok)
		err = form_error(req, "region", "Valid.Unknown");
	if (!err)
		err = admin_exists("SELECT COUNT(*) FROM users WHERE id = ?", mgr, &ok);
	if (!err && !ok)
		err = form_error(req, "manager", "Valid.Unknown");
	if (!err && mgr && id) {
		int cycle;

		err = user_manager_cycle(id, strtoll(mgr, NULL, 10), &cycle);
		if (!err && cycle)
			err = form_error(req, "manager", "Admin.ManagerCycle");
	}
	return nerr_pass(err);
}

static void admin_bind_fields(DB_STMT *q, REQUEST *req, int first)
{
	for (size_t i = 0; i < N_UFIELDS; i++) {
		const char *v = request_param(req, ufields[i]);

		if (!strcmp(ufields[i], "load_cap") && !v)
			v = "35";
		db_bind_text(q, first + (int)i, v);
	}
}

static NEOERR *admin_new_password(char *pw, size_t n, char *hash, size_t hn)
{
	unsigned char r[12];

	/* 16 characters of base64url: 96 bits, readable over the phone. */
	randombytes_buf(r, sizeof(r));
	sodium_bin2base64(pw, n, r, sizeof(r), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return nerr_pass(user_hash_password(pw, hash, hn));
}

NEOERR *admin_user_create(REQUEST *req)
{
	const char *login = request_param(req, "login");
	const char *given = request_param(req, "password");
	char pw[32] = "", hash[crypto_pwhash_STRBYTES];
	unsigned long long id = 0;
	DB_STMT *q;
	NEOERR *err;

	if (!login && !hdf_get_value(req->hdf, "Form.Errors.login", NULL))
		if ((err = form_error(req, "login", "Valid.Required")))
			return nerr_pass(err);
	err = admin_check(req, 0);
	if (!err && login) {
		/* Say a login is taken together with the other problems, not
		 * one submission later. */
		long long taken = 0;

		err = db_int_query(&taken, NULL, "SELECT COUNT(*) FROM users WHERE login = ?", "t", login);
		if (!err && taken)
			err = form_error(req, "login", "Admin.LoginTaken");
	}
	if (err)
		return nerr_pass(err);
	if (req->param_errors)
		return nerr_pass(admin_reshow(req, 0));
	if (given) {
		snprintf(pw, sizeof(pw), "%s", "");
		err = user_hash_password(given, hash, sizeof(hash));
	} else {
		err = admin_new_password(pw, sizeof(pw), hash, sizeof(hash));
	}
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "INSERT INTO users (display_name, role_id, team_id, region_id,"
			 " manager_id, cert_no, cert_expires, hire_date, load_cap, email, phone,"
			 " login, password_hash, password_changed_at)"
			 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))");
	if (!err) {
		admin_bind_fields(q, req, 1);
		db_bind_text(q, 12, login);
		db_bind_text(q, 13, hash);
		db_step(q);
		id = db_insert_id(q);
		err = db_finalize(q);
	}
	if (!err)
		err = user_tree_rebuild();
	if (!err) {
		struct audit_event ev = { "user.create", "user", (long long)id, NULL, NULL, login };

		err = audit_log(req, &ev);
	}
	if (err) {
		db_rollback();
		if (nerr_handle(&err, ERR_DUPLICATE)) {
			err = form_error(req, "login", "Admin.LoginTaken");
			if (!err)
				err = admin_reshow(req, 0);
		}
		return nerr_pass(err);
	}
	err = db_commit();
	if (err)
		return nerr_pass(err);
	if (pw[0]) {
		/* Shown once, on this page only; never stored in clear. */
		err = hdf_set_value(req->hdf, "NewPassword.Value", pw);
		if (!err) err = hdf_set_value(req->hdf, "NewPassword.Login", login);
		if (!err) err = hdf_set_int_value(req->hdf, "NewPassword.UserId", (int)id);
		if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-user");
		req->template_name = "admin_password_shown.cs";
		return nerr_pass(err);
	}
	return nerr_pass(request_redirect(req, "/admin/users"));
}

NEOERR *admin_user_save(REQUEST *req)
{
	long long id = req->ids[0];
	char *before[N_UFIELDS] = { 0 };
	int found = 0, manager_changed = 0;
	DB_STMT *q;
	NEOERR *err;

	err = admin_check(req, id);
	if (!err && req->param_errors)
		return nerr_pass(admin_reshow(req, id));
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	/* The old values, locked, for the audit trail. */
	err = db_prepare(&q, "SELECT display_name, role_id, team_id, region_id, manager_id,"
			 " cert_no, cert_expires, hire_date, load_cap, email, phone"
			 " FROM users WHERE id = ? FOR UPDATE");
	if (!err) {
		db_bind_int(q, 1, id);
		if (db_step(q) == DB_ROW) {
			found = 1;
			for (size_t i = 0; i < N_UFIELDS; i++) {
				const char *v = db_col_text(q, (int)i);

				before[i] = v ? strdup(v) : NULL;
			}
		}
		err = db_finalize(q);
	}
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "user %lld", id);
	if (!err)
		err = db_prepare(&q, "UPDATE users SET display_name = ?, role_id = ?, team_id = ?,"
				 " region_id = ?, manager_id = ?, cert_no = ?, cert_expires = ?,"
				 " hire_date = ?, load_cap = ?, email = ?, phone = ?,"
				 " updated_at = UTC_TIMESTAMP(6) WHERE id = ?");
	if (!err) {
		admin_bind_fields(q, req, 1);
		db_bind_int(q, 12, id);
		db_step(q);
		err = db_finalize(q);
	}
	for (size_t i = 0; !err && i < N_UFIELDS; i++) {
		const char *after = request_param(req, ufields[i]);
		const char *was = before[i];

		if (!strcmp(ufields[i], "load_cap") && !after)
			after = "35";
		if ((!was && !after) || (was && after && !strcmp(was, after)))
			continue;
		{
			/* Role and manager changes have actions of their own so an
			 * auditor can filter for them. */
			const char *action = !strcmp(ufields[i], "role") ? "user.role"
					   : !strcmp(ufields[i], "manager") ? "user.manager"
					   : "user.update";
			struct audit_event ev = { action, "user", id, ufields[i], was, after };

			if (!strcmp(ufields[i], "manager"))
				manager_changed = 1;
			err = audit_log(req, &ev);
		}
	}
	if (!err && manager_changed)
		err = user_tree_rebuild();
	for (size_t i = 0; i < N_UFIELDS; i++)
		free(before[i]);
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/admin/users?done=Saved");
	return nerr_pass(err);
}

/* Freeze or unfreeze: freezing ends every live session at once. */
static NEOERR *admin_set_status(REQUEST *req, const char *status, const char *action)
{
	long long id = req->ids[0];
	char path[64];
	NEOERR *err;
	DB_STMT *q;
	char was[16] = "";

	if (id == req->actor->id)
		return nerr_raise(ERR_CONFLICT, "cannot change own status");
	err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "SELECT status FROM users WHERE id = ? FOR UPDATE");
	if (!err) {
		db_bind_int(q, 1, id);
		if (db_step(q) == DB_ROW)
			snprintf(was, sizeof(was), "%s", db_col_text(q, 0));
		err = db_finalize(q);
	}
	if (!err && !was[0])
		err = nerr_raise(ERR_NOT_FOUND, "user %lld", id);
	if (!err)
		err = db_execf(NULL, "UPDATE users SET status = ?, updated_at = UTC_TIMESTAMP(6)"
			       " WHERE id = ?", "ti", status, id);
	if (!err && strcmp(status, "active"))
		err = session_end_user(id, "frozen");
	if (!err) {
		struct audit_event ev = { action, "user", id, "status", was, status };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	snprintf(path, sizeof(path), "/admin/users/%lld?done=Saved", id);
	if (!err)
		err = request_redirect(req, path);
	return nerr_pass(err);
}

NEOERR *admin_user_freeze(REQUEST *req)
{
	return nerr_pass(admin_set_status(req, "frozen", "user.freeze"));
}

NEOERR *admin_user_unfreeze(REQUEST *req)
{
	return nerr_pass(admin_set_status(req, "active", "user.unfreeze"));
}

NEOERR *admin_user_reset_password(REQUEST *req)
{
	long long id = req->ids[0];
	char pw[32], hash[crypto_pwhash_STRBYTES], login[41] = "";
	DB_STMT *q;
	NEOERR *err;

	err = admin_new_password(pw, sizeof(pw), hash, sizeof(hash));
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "SELECT login FROM users WHERE id = ? FOR UPDATE");
	if (!err) {
		db_bind_int(q, 1, id);
		if (db_step(q) == DB_ROW)
			snprintf(login, sizeof(login), "%s", db_col_text(q, 0));
		err = db_finalize(q);
	}
	if (!err && !login[0])
		err = nerr_raise(ERR_NOT_FOUND, "user %lld", id);
	if (!err)
		err = db_execf(NULL, "UPDATE users SET password_hash = ?, password_changed_at ="
			       " UTC_TIMESTAMP(6) WHERE id = ?", "ti", hash, id);
	if (!err)
		err = session_end_user(id, "password");
	if (!err) {
		struct audit_event ev = { "user.password_reset", "user", id, NULL, NULL, NULL };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err) err = hdf_set_value(req->hdf, "NewPassword.Value", pw);
	if (!err) err = hdf_set_value(req->hdf, "NewPassword.Login", login);
	if (!err) err = hdf_set_int_value(req->hdf, "NewPassword.UserId", (int)id);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-user");
	req->template_name = "admin_password_shown.cs";
	return nerr_pass(err);
}

/* View as (R8.8): read-only, audited, left with /view-as/exit. */
NEOERR *admin_view_as(REQUEST *req)
{
	long long id = req->ids[0];
	struct user t;
	int found;
	NEOERR *err;

	if (id == req->actor->id)
		return nerr_raise(ERR_CONFLICT, "viewing as oneself");
	err = user_load(id, &t, &found);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "user %lld", id);
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	err = session_set_view_as(req, id);
	if (!err) {
		struct audit_event ev = { "viewas.start", "user", id, NULL, NULL, t.login };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/");
	return nerr_pass(err);
}

NEOERR *admin_view_as_exit(REQUEST *req)
{
	NEOERR *err;
	long long target = req->viewing_as ? req->user->id : 0;

	err = db_begin();
	if (!err)
		err = session_set_view_as(req, 0);
	if (!err && target) {
		struct audit_event ev = { "viewas.end", "user", target, NULL, NULL, NULL };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, req->actor && user_can(req->actor, "admin.users")
					   ? "/admin/users" : "/");
	return nerr_pass(err);
}
