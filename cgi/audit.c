/* audit.c — appending to and verifying the audit chain. */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <sodium.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "request.h"
#include "user.h"

#define AUDIT_ZERO "0000000000000000000000000000000000000000000000000000000000000000"

static NEOERR *canon_str(STRING *out, const char *s)
{
	if (!s)
		return nerr_pass(string_append(out, "N;"));
	return nerr_pass(string_appendf(out, "S%zu:%s;", strlen(s), s));
}

static NEOERR *canon_int(STRING *out, long long v)
{
	if (!v)
		return nerr_pass(string_append(out, "N;"));
	return nerr_pass(string_appendf(out, "I%lld;", v));
}

NEOERR *audit_canonical(const struct audit_row *r, STRING *out)
{
	NEOERR *err = string_appendf(out, "salesgate-audit-v1;I%lld;", r->id);

	if (!err) err = canon_str(out, r->at);
	if (!err) err = canon_int(out, r->actor_id);
	if (!err) err = canon_str(out, r->actor_login);
	if (!err) err = canon_str(out, r->actor_ip);
	if (!err) err = canon_str(out, r->session_hash);
	if (!err) err = canon_str(out, r->action);
	if (!err) err = canon_str(out, r->object_type);
	if (!err) err = canon_int(out, r->object_id);
	if (!err) err = canon_str(out, r->field);
	if (!err) err = canon_str(out, r->before);
	if (!err) err = canon_str(out, r->after);
	if (!err) err = canon_str(out, r->request_id);
	return nerr_pass(err);
}

NEOERR *audit_hash(const char *prev_hex, const struct audit_row *row,
		   char out[AUDIT_HASH_HEX])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	STRING s;
	NEOERR *err;

	string_init(&s);
	err = audit_canonical(row, &s);
	if (!err) {
		crypto_hash_sha256_init(&st);
		crypto_hash_sha256_update(&st, (const unsigned char *)prev_hex, strlen(prev_hex));
		crypto_hash_sha256_update(&st, (const unsigned char *)s.buf, (size_t)s.len);
		crypto_hash_sha256_final(&st, h);
		sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof(h));
	}
	string_clear(&s);
	return nerr_pass(err);
}

static void audit_now(char *buf, size_t n)
{
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d.%06ld", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		 (long)tv.tv_usec);
}

static NEOERR *audit_append(struct audit_row *row)
{
	DB_STMT *q;
	NEOERR *err;
	char prev[AUDIT_HASH_HEX] = "", hash[AUDIT_HASH_HEX];
	long long last = 0;

	err = db_prepare(&q, "SELECT last_id, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
	if (err)
		return nerr_pass(err);
	if (db_step(q) == DB_ROW) {
		last = db_col_int(q, 0);
		snprintf(prev, sizeof(prev), "%s", db_col_text(q, 1));
	}
	err = db_finalize(q);
	if (err)
		return nerr_pass(err);
	if (!prev[0])
		return nerr_raise(ERR_DB, "audit_head is missing");
	row->id = last + 1;
	err = audit_hash(prev, row, hash);
	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "INSERT INTO audit_log (id, at, actor_id, actor_login, actor_ip,"
			 " session_hash, action, object_type, object_id, field, before_value,"
			 " after_value, request_id, prev_hash, hash)"
			 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, row->id);
	db_bind_text(q, 2, row->at);
	if (row->actor_id) db_bind_int(q, 3, row->actor_id); else db_bind_null(q, 3);
	db_bind_text(q, 4, row->actor_login);
	db_bind_text(q, 5, row->actor_ip);
	db_bind_text(q, 6, row->session_hash);
	db_bind_text(q, 7, row->action);
	db_bind_text(q, 8, row->object_type);
	if (row->object_id) db_bind_int(q, 9, row->object_id); else db_bind_null(q, 9);
	db_bind_text(q, 10, row->field);
	db_bind_text(q, 11, row->before);
	db_bind_text(q, 12, row->after);
	db_bind_text(q, 13, row->request_id);
	db_bind_text(q, 14, prev);
	db_bind_text(q, 15, hash);
	db_step(q);
	err = db_finalize(q);
	if (!err)
		err = db_execf(NULL, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1",
			       "it", row->id, hash);
	return nerr_pass(err);
}

NEOERR *audit_log_as(long long actor_id, const char *actor_login,
		     const char *ip, const char *session_hash,
		     const char *request_id, const struct audit_event *ev)
{
	struct audit_row row;
	char at[40];
	int own_tx = !db_in_transaction();
	NEOERR *err;

	audit_now(at, sizeof(at));
	memset(&row, 0, sizeof(row));
	row.at = at;
	row.actor_id = actor_id;
	row.actor_login = actor_login;
	row.actor_ip = ip && *ip ? ip : NULL;
	row.session_hash = session_hash && *session_hash ? session_hash : NULL;
	row.action = ev->action;
	row.object_type = ev->object_type;
	row.object_id = ev->object_id;
	row.field = ev->field;
	row.before = ev->before;
	row.after = ev->after;
	row.request_id = request_id && *request_id ? request_id : NULL;
	if (own_tx) {
		err = db_begin();
		if (err)
			return nerr_pass(err);
	}
	err = audit_append(&row);
	if (own_tx) {
		if (err)
			db_rollback();
		else
			err = db_commit();
	}
	return nerr_pass(err);
}

NEOERR *audit_log(struct request *req, const struct audit_event *ev)
{
	const struct user *a = req->actor ? req->actor : req->user;

	return nerr_pass(audit_log_as(a ? a->id : 0, a ? a->login : NULL,
				      req->remote_addr, req->session_hash, req->rid, ev));
}

NEOERR *audit_verify(long long *rows, long long *bad_id, char *why, size_t whylen)
{
	char prev[AUDIT_HASH_HEX] = AUDIT_ZERO, head_hash[AUDIT_HASH_HEX] = "";
	long long expect = 1, after = 0, head_last = 0;
	NEOERR *err = STATUS_OK;
	DB_STMT *q;

	*rows = 0;
	*bad_id = 0;
	why[0] = '\0';
	err = db_prepare(&q, "SELECT last_id, last_hash FROM audit_head WHERE id = 1");
	if (err)
		return nerr_pass(err);
	if (db_step(q) == DB_ROW) {
		head_last = db_col_int(q, 0);
		snprintf(head_hash, sizeof(head_hash), "%s", db_col_text(q, 1));
	}
	err = db_finalize(q);
	if (err)
		return nerr_pass(err);

	for (;;) {
		int n = 0;

		/* Batches keep memory flat however long the log is. */
		err = db_prepare(&q, "SELECT id, at, actor_id, actor_login, actor_ip, session_hash,"
				 " action, object_type, object_id, field, before_value, after_value,"
				 " request_id, prev_hash, hash FROM audit_log WHERE id > ?"
				 " ORDER BY id LIMIT 5000");
		if (err)
			return nerr_pass(err);
		db_bind_int(q, 1, after);
		while (!*bad_id && db_step(q) == DB_ROW) {
			struct audit_row r;
			char h[AUDIT_HASH_HEX];

			n++;
			r.id = db_col_int(q, 0);
			r.at = db_col_text(q, 1);
			r.actor_id = db_col_int(q, 2);
			r.actor_login = db_col_text(q, 3);
			r.actor_ip = db_col_text(q, 4);
			r.session_hash = db_col_text(q, 5);
			r.action = db_col_text(q, 6);
			r.object_type = db_col_text(q, 7);
			r.object_id = db_col_int(q, 8);
			r.field = db_col_text(q, 9);
			r.before = db_col_text(q, 10);
			r.after = db_col_text(q, 11);
			r.request_id = db_col_text(q, 12);
			after = r.id;
			if (r.id != expect) {
				*bad_id = r.id;
				snprintf(why, whylen, "row %lld missing before row %lld", expect, r.id);
				break;
			}
			if (strcmp(db_col_text(q, 13), prev)) {
				*bad_id = r.id;
				snprintf(why, whylen, "row %lld does not follow the row before it", r.id);
				break;
			}
			err = audit_hash(prev, &r, h);
			if (err)
				break;
			if (strcmp(h, db_col_text(q, 14))) {
				*bad_id = r.id;
				snprintf(why, whylen, "row %lld was changed after it was written", r.id);
				break;
			}
			snprintf(prev, sizeof(prev), "%s", h);
			(*rows)++;
			expect++;
		}
		if (err) {
			db_finalize(q);
			return nerr_pass(err);
		}
		err = db_finalize(q);
		if (err || *bad_id || n == 0)
			break;
	}
	if (!err && !*bad_id && (expect - 1 != head_last || strcmp(prev, head_hash))) {
		*bad_id = expect;
		snprintf(why, whylen, "the log ends at row %lld but %lld rows were written",
			 expect - 1, head_last);
	}
	return nerr_pass(err);
}
