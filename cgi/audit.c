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

/* Rows this process appended since its last seal (a rolled-back one
 * included: sealing finds nothing then, which is cheap). */
static int audit_unsealed;

static NEOERR *audit_append(struct audit_row *row)
{
	unsigned long long id = 0;
	DB_STMT *q;
	NEOERR *err;

	err = db_prepare(&q, "INSERT INTO audit_log (at, actor_id, actor_login, actor_ip,"
			 " session_hash, action, object_type, object_id, field, before_value,"
			 " after_value, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, row->at);
	if (row->actor_id) db_bind_int(q, 2, row->actor_id); else db_bind_null(q, 2);
	db_bind_text(q, 3, row->actor_login);
	db_bind_text(q, 4, row->actor_ip);
	db_bind_text(q, 5, row->session_hash);
	db_bind_text(q, 6, row->action);
	db_bind_text(q, 7, row->object_type);
	if (row->object_id) db_bind_int(q, 8, row->object_id); else db_bind_null(q, 8);
	db_bind_text(q, 9, row->field);
	db_bind_text(q, 10, row->before);
	db_bind_text(q, 11, row->after);
	db_bind_text(q, 12, row->request_id);
	db_step(q);
	id = db_insert_id(q);
	err = db_finalize(q);
	if (!err && !id)
		err = nerr_raise(ERR_DB, "audit_log gave no id");
	if (!err)
		err = db_execf(NULL, "INSERT INTO audit_pending (audit_id) VALUES (?)", "i", (long long)id);
	if (!err) {
		row->id = (long long)id;
		audit_unsealed = 1;
	}
	return nerr_pass(err);
}

#define AUDIT_SEAL_BATCH 500

/* One batch onto the chain, inside the caller's transaction that holds
 * audit_head: the waiting rows in id order, *n how many. */
static NEOERR *audit_seal_batch(long long *last, char prev[AUDIT_HASH_HEX], int *n)
{
	long long ids[AUDIT_SEAL_BATCH];
	char hashes[AUDIT_SEAL_BATCH][AUDIT_HASH_HEX], prevs[AUDIT_SEAL_BATCH][AUDIT_HASH_HEX];
	DB_STMT *q;
	NEOERR *err;

	*n = 0;
	err = db_prepare(&q, "SELECT a.id, a.at, a.actor_id, a.actor_login, a.actor_ip, a.session_hash,"
			 " a.action, a.object_type, a.object_id, a.field, a.before_value, a.after_value,"
			 " a.request_id FROM audit_pending p JOIN audit_log a ON a.id = p.audit_id"
			 " ORDER BY p.audit_id LIMIT 500");   /* AUDIT_SEAL_BATCH */
	if (err)
		return nerr_pass(err);
	while (!err && *n < AUDIT_SEAL_BATCH && db_step(q) == DB_ROW) {
		struct audit_row r = {
			db_col_int(q, 0), db_col_text(q, 1), db_col_int(q, 2), db_col_text(q, 3),
			db_col_text(q, 4), db_col_text(q, 5), db_col_text(q, 6), db_col_text(q, 7),
			db_col_int(q, 8), db_col_text(q, 9), db_col_text(q, 10), db_col_text(q, 11),
			db_col_text(q, 12),
		};

		ids[*n] = r.id;
		memcpy(prevs[*n], prev, AUDIT_HASH_HEX);
		err = audit_hash(prev, &r, hashes[*n]);
		if (!err)
			memcpy(prev, hashes[*n], AUDIT_HASH_HEX);
		(*n)++;
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	for (int i = 0; !err && i < *n; i++) {
		err = db_execf(NULL, "INSERT INTO audit_seal (seq, audit_id, prev_hash, hash)"
			       " VALUES (?, ?, ?, ?)", "iitt", *last + 1, ids[i], prevs[i], hashes[i]);
		if (!err)
			err = db_execf(NULL, "DELETE FROM audit_pending WHERE audit_id = ?", "i", ids[i]);
		if (!err)
			(*last)++;
	}
	if (!err && *n)
		err = db_execf(NULL, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1",
			       "it", *last, prev);
	return nerr_pass(err);
}

/* Seals until nothing waits.  Whoever holds audit_head seals the others'
 * rows too, and looks again (without the lock) after each commit, so a
 * process that finds the head taken (wait = 0) may leave: every row
 * committed before it looked is seen by the holder's next look. */
NEOERR *audit_seal(int wait)
{
	NEOERR *err = STATUS_OK;

	if (db_in_transaction())
		return nerr_raise(NERR_ASSERT, "audit_seal inside a transaction");
	audit_unsealed = 0;
	for (;;) {
		char prev[AUDIT_HASH_HEX] = "";
		long long last = 0, waiting = 0;
		int got = 0, n = 0;
		DB_STMT *q;

		err = db_int_query(&waiting, NULL, "SELECT EXISTS (SELECT 1 FROM audit_pending)", "");
		if (err || !waiting)
			break;
		/* (The pending notes are read by a plain read after the head is
		 * locked, so the snapshot starts then; they are deleted by
		 * primary key, which locks those records only.) */
		err = db_begin();
		if (err)
			break;
		err = db_prepare(&q, wait ? "SELECT last_id, last_hash FROM audit_head WHERE id = 1 FOR UPDATE"
				 : "SELECT last_id, last_hash FROM audit_head WHERE id = 1 FOR UPDATE SKIP LOCKED");
		if (!err) {
			if (db_step(q) == DB_ROW) {
				got = 1;
				last = db_col_int(q, 0);
				snprintf(prev, sizeof(prev), "%s", db_col_text(q, 1));
			}
			err = db_finalize(q);
		}
		if (!err && got)
			err = audit_seal_batch(&last, prev, &n);
		if (err || !got) {
			db_rollback();
			break;      /* !got: another process is sealing */
		}
		err = db_commit();
		if (err || !n)
			break;
	}
	return nerr_pass(err);
}

int audit_has_unsealed(void)
{
	return audit_unsealed;
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

		/* Batches keep memory flat however long the log is.  The chain
		 * is the seals in seq order; each names the row it covers. */
		err = db_prepare(&q, "SELECT s.seq, s.audit_id, s.prev_hash, s.hash, a.id, a.at,"
				 " a.actor_id, a.actor_login, a.actor_ip, a.session_hash, a.action,"
				 " a.object_type, a.object_id, a.field, a.before_value, a.after_value,"
				 " a.request_id FROM audit_seal s LEFT JOIN audit_log a ON a.id = s.audit_id"
				 " WHERE s.seq > ? ORDER BY s.seq LIMIT 5000");
		if (err)
			return nerr_pass(err);
		db_bind_int(q, 1, after);
		while (!*bad_id && db_step(q) == DB_ROW) {
			long long seq = db_col_int(q, 0), aid = db_col_int(q, 1);
			struct audit_row r = {
				aid, db_col_text(q, 5), db_col_int(q, 6), db_col_text(q, 7),
				db_col_text(q, 8), db_col_text(q, 9), db_col_text(q, 10),
				db_col_text(q, 11), db_col_int(q, 12), db_col_text(q, 13),
				db_col_text(q, 14), db_col_text(q, 15), db_col_text(q, 16),
			};
			char h[AUDIT_HASH_HEX];

			n++;
			after = seq;
			if (seq != expect) {
				*bad_id = aid;
				snprintf(why, whylen, "seal %lld missing before row %lld", expect, aid);
				break;
			}
			if (db_col_is_null(q, 4)) {
				*bad_id = aid;
				snprintf(why, whylen, "row %lld missing", aid);
				break;
			}
			if (strcmp(db_col_text(q, 2), prev)) {
				*bad_id = aid;
				snprintf(why, whylen, "row %lld does not follow the row before it", aid);
				break;
			}
			err = audit_hash(prev, &r, h);
			if (err)
				break;
			if (strcmp(h, db_col_text(q, 3))) {
				*bad_id = aid;
				snprintf(why, whylen, "row %lld was changed after it was written", aid);
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
		snprintf(why, whylen, "the chain ends at seal %lld but %lld were made",
			 expect - 1, head_last);
	}
	/* A row neither on the chain nor waiting for its seal was put in
	 * behind the application's back. */
	if (!err && !*bad_id) {
		long long stray = 0, n = 0;

		err = db_prepare(&q, "SELECT COALESCE(MIN(a.id), 0), COUNT(*) FROM audit_log a"
				 " LEFT JOIN audit_seal s ON s.audit_id = a.id"
				 " LEFT JOIN audit_pending p ON p.audit_id = a.id"
				 " WHERE s.audit_id IS NULL AND p.audit_id IS NULL");
		if (err)
			return nerr_pass(err);
		if (db_step(q) == DB_ROW) {
			stray = db_col_int(q, 0);
			n = db_col_int(q, 1);
		}
		err = db_finalize(q);
		if (!err && n) {
			*bad_id = stray;
			snprintf(why, whylen, "row %lld is in the log but not on the chain (%lld such rows)",
				 stray, n);
		}
	}
	return nerr_pass(err);
}
