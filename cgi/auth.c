/* auth.c — sign in and sign out. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "directory.h"
#include "log.h"
#include "err.h"
#include "pages.h"
#include "session.h"
#include "user.h"

NEOERR *auth_login_page(REQUEST *req)
{
	if (req->user && req->status != 303)
		return nerr_pass(request_redirect(req, "/"));
	req->template_name = "login.cs";
	return nerr_pass(hdf_set_value(req->hdf, "Page.Name", "login"));
}

/* Comparing against a real Argon2id hash when the account does not exist
 * keeps the time of a failure the same either way. */
static const char *auth_dummy_hash(void)
{
	static char hash[crypto_pwhash_STRBYTES];

	if (!hash[0]) {
		char pw[33];
		unsigned char r[16];
		NEOERR *err;

		randombytes_buf(r, sizeof(r));
		sodium_bin2hex(pw, sizeof(pw), r, sizeof(r));
		err = user_hash_password(pw, hash, sizeof(hash));
		nerr_ignore(&err);
	}
	return hash;
}

static NEOERR *auth_fail(REQUEST *req, const char *login, long long uid,
			 const char *why)
{
	struct audit_event ev = { "login.failed", uid ? "user" : NULL, uid, NULL, NULL, why };
	NEOERR *err = session_record_attempt(login, req->remote_addr, 0);

	if (!err)
		err = audit_log_as(uid, login, req->remote_addr, NULL, req->rid, &ev);
	if (err)
		return nerr_pass(err);
	/* One message for every failure: it never tells whether the account
	 * exists, is frozen, or the password was wrong. */
	req->status = 401;
	req->template_name = "login.cs";
	err = hdf_set_value(req->hdf, "Page.Name", "login");
	if (!err)
		err = hdf_set_value(req->hdf, "Page.Message", "Failed");
	return nerr_pass(err);
}

/* The session and its records, inside the caller's transaction. */
static NEOERR *auth_session(REQUEST *req, const char *login, long long uid, const char *how)
{
	struct audit_event ev = { "login.ok", "user", uid, NULL, NULL, how };
	NEOERR *err = session_start(req, uid);

	if (!err)
		err = session_record_attempt(login, req->remote_addr, 1);
	if (!err)
		err = audit_log_as(uid, login, req->remote_addr, req->session_hash, req->rid, &ev);
	return nerr_pass(err);
}

/* Sign-in against the directory (directory.c): the bind is the password
 * check; the first success creates the account with the mapped role, a
 * later one follows the person's groups.  The account's own status still
 * decides: a frozen or departed person stays out whatever the directory
 * says. */
static NEOERR *auth_directory(REQUEST *req, const char *login, const char *password,
			      const char *next, long long uid, int status, const char *role)
{
	struct directory_user du;
	long long new_role = 0;
	int result;
	NEOERR *err = directory_authenticate(login, password, &du, &result);

	if (err) {
		/* Unreachable or misconfigured: logged with the reason, recorded,
		 * and the person is told to try again later (503) — it is not
		 * their password's fault, so it is not counted as a failure. */
		struct audit_event ev = { "login.failed", uid ? "user" : NULL, uid, NULL, NULL,
					  "directory unavailable" };
		NEOERR *aerr = audit_log_as(uid, login, req->remote_addr, NULL, req->rid, &ev);

		if (aerr) {
			nerr_ignore(&err);
			return nerr_pass(aerr);
		}
		return nerr_pass(err);
	}
	if (result == DIR_NO_SUCH_USER || result == DIR_AMBIGUOUS)
		return nerr_pass(auth_fail(req, login, uid, result == DIR_AMBIGUOUS
				 ? "directory: ambiguous login" : "no such account"));
	if (result != DIR_OK)
		return nerr_pass(auth_fail(req, login, uid, "directory: wrong password"));
	if (uid && status != USER_ACTIVE)
		return nerr_pass(auth_fail(req, login, uid, status == USER_FROZEN ? "frozen" : "departed"));
	if (!du.role[0])
		return nerr_pass(auth_fail(req, login, uid, "directory: no group maps to a role"));
	err = db_int_query(&new_role, NULL, "SELECT id FROM role WHERE code = ?", "t", du.role);
	if (err)
		return nerr_pass(err);
	if (!new_role) {
		log_msg(LOG_ERR, "LDAP.RoleMap names role %s, which does not exist", du.role);
		return nerr_pass(auth_fail(req, login, uid, "directory: mapped role does not exist"));
	}

	err = db_begin();
	if (err)
		return nerr_pass(err);
	if (!uid) {
		unsigned long long id = 0;

		/* "!directory" is no Argon2 string: a local check never passes. */
		err = db_execf(&id,
			"INSERT INTO users (login, display_name, password_hash, role_id, email,"
			" auth_source, directory_dn, directory_group)"
			" VALUES (?, ?, '!directory', ?, NULLIF(?, ''), 'directory', ?, ?)",
			"ttittt", login, du.name, new_role, du.email, du.dn, du.group);
		uid = (long long)id;
		if (!err)
			err = user_tree_rebuild();
		if (!err) {
			struct audit_event ev = { "user.create", "user", uid, "role", NULL, du.role };

			err = audit_log_as(uid, login, req->remote_addr, NULL, req->rid, &ev);
		}
		if (!err) {
			struct audit_event ev = { "user.directory", "user", uid, "group", NULL, du.group };

			err = audit_log_as(uid, login, req->remote_addr, NULL, req->rid, &ev);
		}
	} else {
		if (strcmp(role, du.role)) {
			err = db_execf(NULL, "UPDATE users SET role_id = ?, updated_at = UTC_TIMESTAMP(6)"
					       " WHERE id = ?", "ii", new_role, uid);
			if (!err) {
				struct audit_event ev = { "user.role", "user", uid, "role", role, du.role };

				err = audit_log_as(uid, login, req->remote_addr, NULL, req->rid, &ev);
			}
		}
		if (!err)
			err = db_execf(NULL, "UPDATE users SET directory_dn = ?, directory_group = ?"
				       " WHERE id = ?", "tti", du.dn, du.group, uid);
	}
	if (!err)
		err = auth_session(req, login, uid, "directory");
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	return nerr_pass(request_redirect(req, next ? next : "/"));
}

NEOERR *auth_login(REQUEST *req)
{
	const char *login = request_param(req, "login");
	const char *password = request_param(req, "password");
	const char *next = request_param(req, "next");
	/* The throttle keys on what was typed, but only a well-formed login
	 * fits the column; anything else shares one bucket. */
	const char *key = login ? login : "(malformed)";
	char hash[crypto_pwhash_STRBYTES] = "";
	long long uid = 0;
	int blocked, status = -1, ok, directory = 0;
	char role[41] = "";
	DB_STMT *q;
	NEOERR *err;

	err = hdf_set_value(req->hdf, "Form.Typed.login", login ? login : "");
	if (!err)
		err = session_throttled(key, req->remote_addr, &blocked);
	if (err)
		return nerr_pass(err);
	if (blocked) {
		struct audit_event ev = { "login.throttled", NULL, 0, NULL, NULL, key };

		err = audit_log_as(0, login, req->remote_addr, NULL, req->rid, &ev);
		if (!err)
			err = session_record_attempt(key, req->remote_addr, 0);
		if (err)
			return nerr_pass(err);
		return nerr_raise(ERR_TOO_MANY, "sign-in throttled for %s", key);
	}
	if (login) {
		err = db_prepare(&q, "SELECT u.id, u.password_hash, u.status, u.auth_source, r.code"
				 " FROM users u JOIN role r ON r.id = u.role_id WHERE u.login = ?");
		if (err)
			return nerr_pass(err);
		db_bind_text(q, 1, login);
		if (db_step(q) == DB_ROW) {
			uid = db_col_int(q, 0);
			snprintf(hash, sizeof(hash), "%s", db_col_text(q, 1));
			status = user_status_parse(db_col_text(q, 2));
			directory = !strcmp(db_col_text(q, 3), "directory");
			snprintf(role, sizeof(role), "%s", db_col_text(q, 4));
		}
		err = db_finalize(q);
		if (err)
			return nerr_pass(err);
	}
	/* A local account always signs in locally; an unknown login or a
	 * directory account asks the directory (when one is configured). */
	if (login && (directory || !uid) && directory_enabled())
		return nerr_pass(auth_directory(req, login, password, next, uid, status, role));
	ok = user_check_password(uid ? hash : auth_dummy_hash(), password ? password : "") &&
	     password;
	if (!uid || !ok)
		return nerr_pass(auth_fail(req, key, uid, uid ? "wrong password" : "no such account"));
	if (status != USER_ACTIVE)
		return nerr_pass(auth_fail(req, key, uid, status == USER_FROZEN ? "frozen" : "departed"));

	err = db_begin();
	if (err)
		return nerr_pass(err);
	err = auth_session(req, login, uid, NULL);
	if (!err && crypto_pwhash_str_needs_rehash(hash, 2ULL, 19ULL * 1024 * 1024) == 1) {
		char fresh[crypto_pwhash_STRBYTES];

		err = user_hash_password(password, fresh, sizeof(fresh));
		if (!err)
			err = db_execf(NULL, "UPDATE users SET password_hash = ? WHERE id = ?",
				       "ti", fresh, uid);
	}
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	return nerr_pass(request_redirect(req, next ? next : "/"));
}

NEOERR *auth_logout(REQUEST *req)
{
	struct audit_event ev = { "logout", "user", req->actor->id, NULL, NULL, NULL };
	NEOERR *err = db_begin();

	if (!err && req->viewing_as) {
		/* Signing out also ends a view-as: on the record too. */
		struct audit_event end = { "viewas.end", "user", req->user->id, NULL, NULL, "logout" };

		err = audit_log(req, &end);
	}
	if (!err)
		err = audit_log(req, &ev);
	if (!err)
		err = session_end(req, "logout");
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/login");
	return nerr_pass(err);
}
