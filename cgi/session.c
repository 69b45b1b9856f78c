/* session.c — who is asking, and may they post this. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "db.h"
#include "err.h"
#include "log.h"
#include "notify.h"
#include "session.h"
#include "user.h"

#define TOKEN_BYTES 32
#define TOKEN_CHARS 43   /* base64url, no padding */

static int session_https(REQUEST *req)
{
	const char *h = request_env(req, "CGI.HTTPS");

	return h && (!strcasecmp(h, "on") || !strcmp(h, "1"));
}

static const char *session_cookie_name(REQUEST *req)
{
	/* __Host- binds the cookie to this host, path / and HTTPS. */
	return session_https(req) ? "__Host-sg_session" : "sg_session";
}

static void session_token_hash(const char *token, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

static int session_decode(const char *token, unsigned char raw[TOKEN_BYTES])
{
	size_t n = 0;

	if (!token || strlen(token) != TOKEN_CHARS)
		return 0;
	return sodium_base642bin(raw, TOKEN_BYTES, token, TOKEN_CHARS, NULL, &n, NULL,
				 sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	       n == TOKEN_BYTES;
}

static void session_derive(REQUEST *req, const unsigned char raw[TOKEN_BYTES],
			   const char *hash_hex)
{
	static const char label[] = "salesgate-csrf-v1";
	unsigned char c[32];

	crypto_generichash(c, sizeof(c), (const unsigned char *)label, sizeof(label) - 1,
			   raw, TOKEN_BYTES);
	sodium_bin2hex(req->csrf, sizeof(req->csrf), c, sizeof(c));
	snprintf(req->session_hash, sizeof(req->session_hash), "%.16s", hash_hex);
}

static NEOERR *session_cookie(REQUEST *req, const char *value, int clear)
{
	char buf[200];

	snprintf(buf, sizeof(buf), "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
		 session_cookie_name(req), value, clear ? "; Max-Age=0" : "",
		 session_https(req) ? "; Secure" : "");
	return nerr_pass(request_header(req, "Set-Cookie", buf));
}

static NEOERR *session_close_row(long long id, const char *reason)
{
	return nerr_pass(db_execf(NULL,
		"UPDATE session SET ended_at = UTC_TIMESTAMP(6), end_reason = ?"
		" WHERE id = ? AND ended_at IS NULL", "ti", reason, id));
}

static NEOERR *session_load_user(long long id, struct user **out)
{
	struct user *u = calloc(1, sizeof(*u));
	int found;
	NEOERR *err;

	*out = NULL;
	if (!u)
		return nerr_raise(NERR_NOMEM, "user");
	err = user_load(id, u, &found);
	if (err || !found) {
		free(u);
		return nerr_pass(err);
	}
	*out = u;
	return STATUS_OK;
}

NEOERR *session_load(REQUEST *req)
{
	const char *token = request_cookie(req, session_cookie_name(req));
	unsigned char raw[TOKEN_BYTES];
	char hash[65];
	long long sid = 0, view_as = 0, idle = 0, age = 0;
	struct user *u = NULL;
	DB_STMT *q;
	NEOERR *err;

	if (!session_decode(token, raw))
		return STATUS_OK;
	session_token_hash(token, hash);
	u = calloc(1, sizeof(*u));
	if (!u)
		return nerr_raise(NERR_NOMEM, "user");
	/* One round trip: the session, its person and their capabilities. */
	err = db_prepare(&q, "SELECT s.id, COALESCE(s.view_as_user_id, 0),"
			 " TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP(6)),"
			 " TIMESTAMPDIFF(SECOND, s.created_at, UTC_TIMESTAMP(6)), " USER_COLUMNS
			 " FROM session s JOIN users u ON u.id = s.user_id"
			 " JOIN role r ON r.id = u.role_id"
			 " WHERE s.token_hash = ? AND s.ended_at IS NULL");
	if (err) {
		free(u);
		return nerr_pass(err);
	}
	db_bind_text(q, 1, hash);
	if (db_step(q) == DB_ROW) {
		sid = db_col_int(q, 0);
		view_as = db_col_int(q, 1);
		idle = db_col_int(q, 2);
		age = db_col_int(q, 3);
		user_from_row(q, 4, u);
	}
	err = db_finalize(q);
	if (err || !sid) {
		free(u);
		return nerr_pass(err);
	}
	if (idle > config_int("Session.IdleMinutes") * 60) {
		free(u);
		return nerr_pass(session_close_row(sid, "idle"));
	}
	if (age > config_int("Session.AbsoluteHours") * 3600) {
		free(u);
		return nerr_pass(session_close_row(sid, "expired"));
	}
	if (u->status != USER_ACTIVE) {
		free(u);
		return nerr_pass(session_close_row(sid, "frozen"));
	}
	req->actor = u;
	req->user = u;
	req->session_id = sid;
	session_derive(req, raw, hash);
	if (view_as) {
		struct user *t = NULL;

		err = session_load_user(view_as, &t);
		if (err)
			return nerr_pass(err);
		if (t && user_can(u, "admin.view_as")) {
			req->user = t;
			req->viewing_as = 1;
		} else {
			free(t);
		}
	}
	/* Touch at most once a minute: idle time-out needs no finer grain. */
	if (idle >= 60)
		err = db_execf(NULL, "UPDATE session SET last_seen_at = UTC_TIMESTAMP(6) WHERE id = ?",
			       "i", sid);
	return nerr_pass(err);
}

NEOERR *session_start(REQUEST *req, long long user_id)
{
	unsigned char raw[TOKEN_BYTES];
	char token[TOKEN_CHARS + 1], hash[65], ua[256];
	const char *agent = request_env(req, "HTTP.UserAgent");
	unsigned long long id = 0;
	size_t n = 0;
	NEOERR *err;

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, sizeof(token), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	session_token_hash(token, hash);
	/* Printable ASCII only, so truncation can never split a character. */
	for (const char *a = agent ? agent : ""; *a && n < sizeof(ua) - 1; a++)
		if (*a >= 0x20 && *a < 0x7f)
			ua[n++] = *a;
	ua[n] = '\0';
	err = db_execf(&id, "INSERT INTO session (token_hash, user_id, ip, user_agent,"
		       " created_at, last_seen_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6),"
		       " UTC_TIMESTAMP(6))", "titt", hash, (long long)user_id,
		       req->remote_addr, ua);
	if (err)
		return nerr_pass(err);
	req->session_id = (long long)id;
	session_derive(req, raw, hash);
	return nerr_pass(session_cookie(req, token, 0));
}

NEOERR *session_end(REQUEST *req, const char *reason)
{
	NEOERR *err = STATUS_OK;

	if (req->session_id)
		err = session_close_row(req->session_id, reason);
	if (!err)
		err = session_cookie(req, "", 1);
	return nerr_pass(err);
}

NEOERR *session_end_user(long long user_id, const char *reason)
{
	return nerr_pass(db_execf(NULL,
		"UPDATE session SET ended_at = UTC_TIMESTAMP(6), end_reason = ?"
		" WHERE user_id = ? AND ended_at IS NULL", "ti", reason, user_id));
}

NEOERR *session_set_view_as(REQUEST *req, long long target_id)
{
	if (!req->session_id)
		return nerr_raise(ERR_UNAUTHORIZED, "no session");
	if (target_id)
		return nerr_pass(db_execf(NULL, "UPDATE session SET view_as_user_id = ? WHERE id = ?",
					  "ii", target_id, req->session_id));
	return nerr_pass(db_execf(NULL, "UPDATE session SET view_as_user_id = NULL WHERE id = ?",
				  "i", req->session_id));
}

int session_csrf_ok(REQUEST *req)
{
	HDF *q = hdf_get_obj(req->hdf, "Query");
	const char *sent = q ? hdf_get_value(q, "_csrf", NULL) : NULL;

	if (!sent || !req->csrf[0] || strlen(sent) != strlen(req->csrf))
		return 0;
	return sodium_memcmp(sent, req->csrf, strlen(req->csrf)) == 0;
}

int session_origin_matches(const char *origin, int https, const char *host)
{
	const char *scheme = https ? "https://" : "http://";
	size_t sl = strlen(scheme), hl;

	if (!origin || !host || !*host)
		return 0;
	hl = strlen(host);
	if (strncasecmp(origin, scheme, sl) || strncasecmp(origin + sl, host, hl))
		return 0;
	/* The origin ends after the host, or (a Referer) continues with a path. */
	return origin[sl + hl] == '\0' || origin[sl + hl] == '/';
}

int session_same_origin(REQUEST *req)
{
	const char *origin = request_raw_env(req, "HTTP_ORIGIN");
	const char *host = request_raw_env(req, "HTTP_HOST");
	int https = session_https(req);

	if (origin && strcmp(origin, "null"))
		return !strchr(origin + (strncmp(origin, "https://", 8) ? 7 : 8), '/') &&
		       session_origin_matches(origin, https, host);
	return session_origin_matches(request_raw_env(req, "HTTP_REFERER"), https, host);
}

NEOERR *session_throttled(const char *login, const char *ip, int *blocked)
{
	long long by_login = 0, by_ip = 0;
	long long max = config_int("Login.MaxFailuresPerMinute");
	NEOERR *err;

	*blocked = 0;
	err = db_int_query(&by_login, NULL,
		"SELECT COUNT(*) FROM login_attempt WHERE login = ? AND ok = 0"
		" AND at > UTC_TIMESTAMP(6) - INTERVAL 60 SECOND", "t", login);
	if (!err)
		err = db_int_query(&by_ip, NULL,
			"SELECT COUNT(*) FROM login_attempt WHERE ip = ? AND ok = 0"
			" AND at > UTC_TIMESTAMP(6) - INTERVAL 60 SECOND", "t", ip);
	*blocked = !err && (by_login >= max || by_ip >= max);
	return nerr_pass(err);
}

NEOERR *session_record_attempt(const char *login, const char *ip, int ok)
{
	NEOERR *err = db_execf(NULL, "INSERT INTO login_attempt (login, ip, at, ok)"
			       " VALUES (?, ?, UTC_TIMESTAMP(6), ?)", "tti", login, ip,
			       (long long)ok);

	/* Now and then, forget attempts older than a day. */
	if (!err && randombytes_uniform(100) == 0)
		err = db_execf(NULL, "DELETE FROM login_attempt"
			       " WHERE at < UTC_TIMESTAMP(6) - INTERVAL 1 DAY", NULL);
	return nerr_pass(err);
}

NEOERR *session_export(REQUEST *req)
{
	const struct user *u = req->user;
	size_t ncaps;
	const struct capability *caps = user_capabilities(&ncaps);
	HDF *node;
	NEOERR *err;

	if (!u)
		return STATUS_OK;
	err = hdf_get_node(req->hdf, "User", &node);
	if (!err) err = hdf_set_int_value(node, "Id", (int)u->id);
	if (!err) err = hdf_set_value(node, "Login", u->login);
	if (!err) err = hdf_set_value(node, "Name", u->name);
	if (!err) err = hdf_set_value(node, "Role", u->role);
	for (size_t i = 0; !err && i < ncaps; i++)
		if (u->caps & ((uint64_t)1 << i)) {
			HDF *can;

			err = hdf_get_node(node, "Can", &can);
			if (!err)
				err = hdf_set_value(can, caps[i].hdf_name, "1");
		}
	if (!err) err = hdf_set_value(req->hdf, "CSRF.Token", req->csrf);
	/* the inbox badge on every page: one indexed count (issue 8) */
	if (!err) {
		int unread = 0;

		err = notify_unread(u->id, &unread);
		if (!err && unread)
			err = hdf_set_int_value(node, "Unread", unread);
	}
	if (!err && req->viewing_as) {
		err = hdf_set_value(req->hdf, "ViewAs.Active", "1");
		if (!err) err = hdf_set_value(req->hdf, "ViewAs.ActorName", req->actor->name);
		if (!err) err = hdf_set_value(req->hdf, "ViewAs.ActorLogin", req->actor->login);
	}
	return nerr_pass(err);
}
