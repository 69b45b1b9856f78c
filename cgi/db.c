/* db.c — the MariaDB Connector/C wrapper behind db.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>
#include <openssl/ssl.h>

#include "config.h"
#include "db.h"
#include "err.h"
#include "log.h"

#define DB_CACHE_SLOTS 512        /* power of two */
#define DB_COL_INITIAL 64

struct db_param {
	long long i;
	double d;
	char *s;
	unsigned long len;
	my_bool is_null;
};

struct db_stmt {
	char *sql;
	unsigned hash;
	unsigned gen;             /* connection generation it was prepared on */
	MYSQL_STMT *st;
	int cached;
	int in_use;
	int executed;
	NEOERR *err;

	int nparam;
	MYSQL_BIND *pbind;
	struct db_param *pv;

	int ncol;
	char **colnames;
	MYSQL_BIND *cbind;
	char **cbuf;
	size_t *ccap;
	unsigned long *clen;
	my_bool *cnull;
	my_bool *cerr;
	MYSQL_TIME *ctime;        /* date/time columns fetched as MYSQL_TIME ... */
	signed char *ckind;       /* ... 0: text; 'D' date; 0..6 datetime decimals + 1 */
};

static MYSQL *db_conn;
static int db_admin;
static unsigned db_gen = 1;
static int db_tx;
static unsigned long db_reconnect_count;
static long db_stmt_seconds;   /* max_statement_time of this process's sessions, 0: none */
static DB_STMT *db_cache[DB_CACHE_SLOTS];

static int db_lost(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	       e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR ||
	       e == ER_CONNECTION_KILLED || e == ER_SERVER_SHUTDOWN ||
	       e == CR_SERVER_LOST_EXTENDED || e == 4031;
}

static NEOERR *db_raise(unsigned e, const char *what, const char *msg,
			const char *sql)
{
	if (db_lost(e))
		return nerr_raise(ERR_UNAVAILABLE, "%s: database unavailable (%u %s)",
				  what, e, msg);
	if (e == ER_DUP_ENTRY)
		return nerr_raise(ERR_DUPLICATE, "%s: %s", what, msg);
	/* past DB.PageStatementSeconds: the server stopped it (the page says
	 * busy, try again) instead of running on for nobody */
	if (e == ER_STATEMENT_TIMEOUT)
		return nerr_raise(ERR_UNAVAILABLE, "%s: statement stopped after %lds (%u %s) [%.200s]", what,
				  db_stmt_seconds, e, msg, sql ? sql : "");
	/* Values the server refuses (a date that does not exist, a number out
	 * of range, text too long) came from a request: a 400, not a 500.
	 * Validators should catch them first; this is the safety net. */
	if (e == ER_TRUNCATED_WRONG_VALUE || e == ER_WARN_DATA_OUT_OF_RANGE ||
	    e == ER_DATA_TOO_LONG || e == ER_TRUNCATED_WRONG_VALUE_FOR_FIELD ||
	    e == ER_WRONG_VALUE_FOR_VAR)
		return nerr_raise(ERR_BAD_REQUEST, "%s: %u %s", what, e, msg);
	return nerr_raise(ERR_DB, "%s: %u %s [%.200s]", what, e, msg,
			  sql ? sql : "");
}

static void db_stmt_release(DB_STMT *q)
{
	if (q->st) {
		mysql_stmt_close(q->st);
		q->st = NULL;
	}
	for (int i = 0; i < q->nparam; i++)
		free(q->pv[i].s);
	for (int i = 0; i < q->ncol; i++) {
		free(q->cbuf[i]);
		free(q->colnames[i]);
	}
	free(q->pbind); free(q->pv);
	free(q->cbind); free(q->cbuf); free(q->ccap); free(q->clen);
	free(q->cnull); free(q->cerr); free(q->colnames); free(q->ctime); free(q->ckind);
	q->pbind = NULL; q->pv = NULL; q->cbind = NULL; q->cbuf = NULL;
	q->ccap = NULL; q->clen = NULL; q->cnull = NULL; q->cerr = NULL;
	q->ctime = NULL; q->ckind = NULL;
	q->colnames = NULL;
	q->nparam = q->ncol = 0;
}

static void db_stmt_free(DB_STMT *q)
{
	db_stmt_release(q);
	nerr_ignore(&q->err);
	free(q->sql);
	free(q);
}

void db_close(void)
{
	for (int i = 0; i < DB_CACHE_SLOTS; i++)
		if (db_cache[i]) {
			db_stmt_free(db_cache[i]);
			db_cache[i] = NULL;
		}
	if (db_conn) {
		mysql_close(db_conn);
		db_conn = NULL;
	}
	db_tx = 0;
	db_gen++;
}

/* Drops the connection (not the cache: statements re-prepare lazily). */
static void db_drop(void)
{
	for (int i = 0; i < DB_CACHE_SLOTS; i++)
		if (db_cache[i] && db_cache[i]->st && !db_cache[i]->in_use) {
			/* The server side is gone; closing just frees the handle. */
			db_stmt_release(db_cache[i]);
		}
	if (db_conn) {
		mysql_close(db_conn);
		db_conn = NULL;
	}
	db_tx = 0;
	db_gen++;
}

/* Connector/C starts OpenSSL on its first mysql_init() (ma_tls_start:
 * OPENSSL_init_ssl with OPENSSL_INIT_LOAD_CONFIG) whether or not the
 * connection will use TLS — ours is a unix socket, where it never does.
 * Loading openssl.cnf and the crypto and ssl error strings made ~1 MB of
 * libcrypto resident in every worker (issue 10).  OpenSSL runs each of
 * those steps once, and a NO_ flag given first settles it: the library's
 * later request is a no-op.  (libcurl's https webhooks still work; their
 * OpenSSL errors read as codes, and /etc/ssl/openssl.cnf is not read.) */
static void db_tls_quiet(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_LOAD_SSL_STRINGS |
			 OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS, NULL);
}

static NEOERR *db_connect(void)
{
	const char *host = config_get("DB.Host");
	const char *sock = config_get("DB.Socket");
	const char *user = config_get(db_admin ? "DB.AdminUser" : "DB.User");
	const char *pass = config_get(db_admin ? "DB.AdminPassword" : "DB.Password");
	unsigned timeout = (unsigned)config_int("DB.ConnectTimeout");
	/* a page's statement past 30 s is a fault; a migration's ALTER or
	 * fill over millions of rows is not (the admin connection is only
	 * the migrator's) */
	unsigned rw_timeout = db_admin ? 3600 : 30;
	unsigned long flags = db_admin ? CLIENT_MULTI_STATEMENTS : 0;
	my_bool off = 0;
	MYSQL *m;

	db_tls_quiet();
	m = mysql_init(NULL);
	if (!m)
		return nerr_raise(NERR_NOMEM, "mysql_init");
	mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &rw_timeout);
	mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &rw_timeout);
	mysql_options(m, MYSQL_OPT_RECONNECT, &off);
	/* UTC in the database; the user's zone is applied on output. */
	mysql_options(m, MYSQL_INIT_COMMAND,
		      "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,"
		      "NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
		      "NO_ENGINE_SUBSTITUTION'");
	if (!mysql_real_connect(m, *host ? host : "localhost", user,
				*pass ? pass : NULL, config_get("DB.Name"),
				(unsigned)config_int("DB.Port"),
				*host ? NULL : sock, flags)) {
		NEOERR *err = nerr_raise(ERR_UNAVAILABLE,
					 "connect to MariaDB as %s: %u %s", user,
					 mysql_errno(m), mysql_error(m));
		mysql_close(m);
		return err;
	}
	db_conn = m;
	db_gen++;
	if (db_stmt_seconds > 0 && !db_admin) {
		char set[64];

		/* a number from the configuration, not request data */
		snprintf(set, sizeof(set), "SET SESSION max_statement_time = %ld", db_stmt_seconds);
		if (mysql_query(m, set)) {
			NEOERR *err = db_raise(mysql_errno(m), "connect", mysql_error(m), set);

			db_close();
			return err;
		}
	}
	return STATUS_OK;
}

void db_statement_limit(long seconds)
{
	db_stmt_seconds = seconds;
}

NEOERR *db_open(int admin)
{
	if (db_conn && db_admin == admin)
		return STATUS_OK;
	if (db_conn)
		db_close();
	db_admin = admin;
	return nerr_pass(db_connect());
}

static NEOERR *db_ensure(void)
{
	if (db_conn)
		return STATUS_OK;
	db_reconnect_count++;
	return nerr_pass(db_connect());
}

unsigned long db_reconnects(void)
{
	return db_reconnect_count;
}

static unsigned db_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Prepares q->sql on the current connection and sizes its bind arrays. */
static NEOERR *db_stmt_setup(DB_STMT *q)
{
	MYSQL_RES *meta;

	q->st = mysql_stmt_init(db_conn);
	if (!q->st)
		return nerr_raise(NERR_NOMEM, "mysql_stmt_init");
	if (mysql_stmt_prepare(q->st, q->sql, strlen(q->sql))) {
		unsigned e = mysql_stmt_errno(q->st);
		NEOERR *err = db_raise(e, "prepare", mysql_stmt_error(q->st), q->sql);

		mysql_stmt_close(q->st);
		q->st = NULL;
		return err;
	}
	q->gen = db_gen;
	q->nparam = (int)mysql_stmt_param_count(q->st);
	if (q->nparam) {
		q->pbind = calloc((size_t)q->nparam, sizeof(*q->pbind));
		q->pv = calloc((size_t)q->nparam, sizeof(*q->pv));
		if (!q->pbind || !q->pv)
			return nerr_raise(NERR_NOMEM, "bind arrays");
	}
	meta = mysql_stmt_result_metadata(q->st);
	if (meta) {
		MYSQL_FIELD *f = mysql_fetch_fields(meta);

		q->ncol = (int)mysql_num_fields(meta);
		q->colnames = calloc((size_t)q->ncol, sizeof(char *));
		q->cbind = calloc((size_t)q->ncol, sizeof(*q->cbind));
		q->cbuf = calloc((size_t)q->ncol, sizeof(char *));
		q->ccap = calloc((size_t)q->ncol, sizeof(size_t));
		q->clen = calloc((size_t)q->ncol, sizeof(unsigned long));
		q->cnull = calloc((size_t)q->ncol, sizeof(my_bool));
		q->cerr = calloc((size_t)q->ncol, sizeof(my_bool));
		q->ctime = calloc((size_t)q->ncol, sizeof(MYSQL_TIME));
		q->ckind = calloc((size_t)q->ncol, 1);
		if (!q->colnames || !q->cbind || !q->cbuf || !q->ccap ||
		    !q->clen || !q->cnull || !q->cerr || !q->ctime || !q->ckind) {
			mysql_free_result(meta);
			return nerr_raise(NERR_NOMEM, "column arrays");
		}
		for (int i = 0; i < q->ncol; i++) {
			q->colnames[i] = strdup(f[i].name);
			q->ccap[i] = DB_COL_INITIAL;
			q->cbuf[i] = malloc(DB_COL_INITIAL);
			if (!q->colnames[i] || !q->cbuf[i]) {
				mysql_free_result(meta);
				return nerr_raise(NERR_NOMEM, "column buffers");
			}
			q->cbind[i].buffer_type = MYSQL_TYPE_STRING;
			q->cbind[i].buffer = q->cbuf[i];
			q->cbind[i].buffer_length = DB_COL_INITIAL - 1;
			q->cbind[i].length = &q->clen[i];
			q->cbind[i].is_null = &q->cnull[i];
			q->cbind[i].error = &q->cerr[i];
			/* Dates and datetimes come as MYSQL_TIME and are written
			 * out by db_time_text: the connector's own conversion
			 * is a sprintf per value (a tenth of a list page). */
			if (f[i].type == MYSQL_TYPE_DATE)
				q->ckind[i] = 'D';
			else if ((f[i].type == MYSQL_TYPE_DATETIME ||
				  f[i].type == MYSQL_TYPE_TIMESTAMP) && f[i].decimals <= 6)
				q->ckind[i] = (signed char)(f[i].decimals + 1);
			if (q->ckind[i]) {
				q->cbind[i].buffer_type = f[i].type;
				q->cbind[i].buffer = &q->ctime[i];
				q->cbind[i].buffer_length = sizeof(MYSQL_TIME);
			}
		}
		mysql_free_result(meta);
	}
	return STATUS_OK;
}

NEOERR *db_prepare(DB_STMT **out, const char *sql)
{
	unsigned h = db_hash(sql);
	unsigned slot = h & (DB_CACHE_SLOTS - 1);
	DB_STMT *q = NULL;
	NEOERR *err;

	*out = NULL;
	err = db_ensure();
	if (err)
		return nerr_pass(err);
	/* Linear probing over a bounded window; a full window means this
	 * statement is simply not cached. */
	for (unsigned i = 0; i < 8; i++) {
		DB_STMT *c = db_cache[(slot + i) & (DB_CACHE_SLOTS - 1)];

		if (c && c->hash == h && !c->in_use && !strcmp(c->sql, sql)) {
			q = c;
			break;
		}
	}
	if (!q) {
		q = calloc(1, sizeof(*q));
		if (!q || !(q->sql = strdup(sql))) {
			free(q);
			return nerr_raise(NERR_NOMEM, "statement");
		}
		q->hash = h;
		for (unsigned i = 0; i < 8; i++) {
			DB_STMT **c = &db_cache[(slot + i) & (DB_CACHE_SLOTS - 1)];

			if (!*c) {
				*c = q;
				q->cached = 1;
				break;
			}
		}
	}
	if (q->st && q->gen != db_gen)
		db_stmt_release(q);
	if (!q->st) {
		err = db_stmt_setup(q);
		if (err && nerr_match(err, ERR_UNAVAILABLE) && !db_tx) {
			/* The connection died while idle: once more on a new one. */
			nerr_ignore(&err);
			db_stmt_release(q);
			db_drop();
			err = db_ensure();
			if (!err)
				err = db_stmt_setup(q);
		}
		if (err) {
			db_stmt_release(q);
			if (!q->cached)
				db_stmt_free(q);
			if (nerr_match(err, ERR_UNAVAILABLE))
				db_drop();
			return nerr_pass(err);
		}
	}
	q->in_use = 1;
	q->executed = 0;
	*out = q;
	return STATUS_OK;
}

static struct db_param *db_param_at(DB_STMT *q, int pos)
{
	if (q->err)
		return NULL;
	if (pos < 1 || pos > q->nparam) {
		q->err = nerr_raise(NERR_ASSERT, "bind position %d of %d in [%.200s]",
				    pos, q->nparam, q->sql);
		return NULL;
	}
	free(q->pv[pos - 1].s);
	q->pv[pos - 1].s = NULL;
	return &q->pv[pos - 1];
}

void db_bind_int(DB_STMT *q, int pos, long long v)
{
	struct db_param *p = db_param_at(q, pos);

	if (!p)
		return;
	p->i = v;
	memset(&q->pbind[pos - 1], 0, sizeof(MYSQL_BIND));
	q->pbind[pos - 1].buffer_type = MYSQL_TYPE_LONGLONG;
	q->pbind[pos - 1].buffer = &p->i;
}

void db_bind_double(DB_STMT *q, int pos, double v)
{
	struct db_param *p = db_param_at(q, pos);

	if (!p)
		return;
	p->d = v;
	memset(&q->pbind[pos - 1], 0, sizeof(MYSQL_BIND));
	q->pbind[pos - 1].buffer_type = MYSQL_TYPE_DOUBLE;
	q->pbind[pos - 1].buffer = &p->d;
}

void db_bind_null(DB_STMT *q, int pos)
{
	struct db_param *p = db_param_at(q, pos);

	if (!p)
		return;
	p->is_null = 1;
	memset(&q->pbind[pos - 1], 0, sizeof(MYSQL_BIND));
	q->pbind[pos - 1].buffer_type = MYSQL_TYPE_NULL;
	q->pbind[pos - 1].is_null = &p->is_null;
}

void db_bind_textn(DB_STMT *q, int pos, const char *s, size_t n)
{
	struct db_param *p;

	if (!s) {
		db_bind_null(q, pos);
		return;
	}
	p = db_param_at(q, pos);
	if (!p)
		return;
	/* A copy: the caller's buffer may be gone before db_step() runs. */
	p->s = malloc(n + 1);
	if (!p->s) {
		q->err = nerr_raise(NERR_NOMEM, "bind text");
		return;
	}
	memcpy(p->s, s, n);
	p->s[n] = '\0';
	p->len = (unsigned long)n;
	memset(&q->pbind[pos - 1], 0, sizeof(MYSQL_BIND));
	q->pbind[pos - 1].buffer_type = MYSQL_TYPE_STRING;
	q->pbind[pos - 1].buffer = p->s;
	q->pbind[pos - 1].buffer_length = p->len;
	q->pbind[pos - 1].length = &p->len;
}

void db_bind_text(DB_STMT *q, int pos, const char *s)
{
	db_bind_textn(q, pos, s, s ? strlen(s) : 0);
}

static NEOERR *db_execute_once(DB_STMT *q)
{
	if (q->nparam && mysql_stmt_bind_param(q->st, q->pbind))
		return db_raise(mysql_stmt_errno(q->st), "bind",
				mysql_stmt_error(q->st), q->sql);
	if (mysql_stmt_execute(q->st))
		return db_raise(mysql_stmt_errno(q->st), "execute",
				mysql_stmt_error(q->st), q->sql);
	if (q->ncol) {
		if (mysql_stmt_bind_result(q->st, q->cbind))
			return db_raise(mysql_stmt_errno(q->st), "bind result",
					mysql_stmt_error(q->st), q->sql);
		if (mysql_stmt_store_result(q->st))
			return db_raise(mysql_stmt_errno(q->st), "store result",
					mysql_stmt_error(q->st), q->sql);
	}
	return STATUS_OK;
}

static NEOERR *db_execute(DB_STMT *q)
{
	NEOERR *err;

	for (int p = 0; p < q->nparam; p++)
		if (q->pbind[p].buffer_type == MYSQL_TYPE_DECIMAL &&
		    !q->pbind[p].buffer)
			return nerr_raise(NERR_ASSERT, "parameter %d not bound in [%.200s]",
					  p + 1, q->sql);
	err = db_execute_once(q);
	if (err && nerr_match(err, ERR_UNAVAILABLE) && !db_tx) {
		/* Lost between statements: reconnect, re-prepare, run once more.
		 * Outside a transaction nothing of this statement took effect
		 * unless the server committed it before the connection died; the
		 * statements we send are written to be safe to repeat or are
		 * protected by keys. */
		struct db_param *saved = q->pv;
		MYSQL_BIND *savedb = q->pbind;
		int n = q->nparam;

		nerr_ignore(&err);
		q->pv = NULL;
		q->pbind = NULL;
		q->nparam = 0;
		db_stmt_release(q);
		db_drop();
		err = db_ensure();
		if (!err)
			err = db_stmt_setup(q);
		if (!err && q->nparam == n) {
			free(q->pv); free(q->pbind);
			q->pv = saved; q->pbind = savedb;
			/* Buffers moved with pv: point the binds at them again. */
			for (int i = 0; i < n; i++) {
				if (q->pbind[i].buffer_type == MYSQL_TYPE_LONGLONG)
					q->pbind[i].buffer = &q->pv[i].i;
				else if (q->pbind[i].buffer_type == MYSQL_TYPE_DOUBLE)
					q->pbind[i].buffer = &q->pv[i].d;
			}
			saved = NULL; savedb = NULL;
			err = db_execute_once(q);
		}
		if (saved) {
			for (int i = 0; i < n; i++)
				free(saved[i].s);
			free(saved); free(savedb);
		}
	}
	if (err && nerr_match(err, ERR_UNAVAILABLE))
		db_drop();
	return nerr_pass(err);
}

/* A MYSQL_TIME as MariaDB's text protocol writes it: "YYYY-MM-DD" for a
 * date, "YYYY-MM-DD HH:MM:SS" plus as many fraction digits as the column
 * declares for a datetime (kind = decimals + 1).  out holds at least 27
 * bytes (DB_COL_INITIAL). */
size_t db_time_text(const MYSQL_TIME *t, int kind, char *out)
{
	unsigned v[6] = { t->year % 10000, t->month % 100, t->day % 100,
			  t->hour % 100, t->minute % 100, t->second % 100 };
	static const char sep[6] = { '-', '-', ' ', ':', ':', '\0' };
	char *o = out;

	*o++ = (char)('0' + v[0] / 1000);
	*o++ = (char)('0' + v[0] / 100 % 10);
	*o++ = (char)('0' + v[0] / 10 % 10);
	*o++ = (char)('0' + v[0] % 10);
	for (int i = 1; i < (kind == 'D' ? 3 : 6); i++) {
		*o++ = sep[i - 1];
		*o++ = (char)('0' + v[i] / 10);
		*o++ = (char)('0' + v[i] % 10);
	}
	if (kind != 'D' && kind > 1) {
		unsigned long f = t->second_part % 1000000;
		char digits[6];

		for (int i = 5; i >= 0; i--, f /= 10)
			digits[i] = (char)('0' + f % 10);
		*o++ = '.';
		memcpy(o, digits, (size_t)(kind - 1));
		o += kind - 1;
	}
	*o = '\0';
	return (size_t)(o - out);
}

int db_step(DB_STMT *q)
{
	int rc;

	if (q->err)
		return DB_ERROR;
	if (!q->executed) {
		q->executed = 1;
		q->err = db_execute(q);
		if (q->err)
			return DB_ERROR;
	}
	if (!q->ncol)
		return DB_DONE;
	rc = mysql_stmt_fetch(q->st);
	if (rc == MYSQL_NO_DATA)
		return DB_DONE;
	if (rc == 1) {
		q->err = db_raise(mysql_stmt_errno(q->st), "fetch",
				  mysql_stmt_error(q->st), q->sql);
		return DB_ERROR;
	}
	if (rc == MYSQL_DATA_TRUNCATED) {
		int rebind = 0;

		for (int i = 0; i < q->ncol; i++) {
			if (q->ckind[i] || q->cnull[i] || q->clen[i] < q->ccap[i])
				continue;
			char *nb = realloc(q->cbuf[i], q->clen[i] + 1);

			if (!nb) {
				q->err = nerr_raise(NERR_NOMEM, "column %d", i);
				return DB_ERROR;
			}
			q->cbuf[i] = nb;
			q->ccap[i] = q->clen[i] + 1;
			q->cbind[i].buffer = nb;
			q->cbind[i].buffer_length = q->ccap[i] - 1;
			if (mysql_stmt_fetch_column(q->st, &q->cbind[i], (unsigned)i, 0)) {
				q->err = db_raise(mysql_stmt_errno(q->st), "fetch column",
						  mysql_stmt_error(q->st), q->sql);
				return DB_ERROR;
			}
			rebind = 1;
		}
		if (rebind && mysql_stmt_bind_result(q->st, q->cbind)) {
			q->err = db_raise(mysql_stmt_errno(q->st), "rebind",
					  mysql_stmt_error(q->st), q->sql);
			return DB_ERROR;
		}
	}
	for (int i = 0; i < q->ncol; i++) {
		size_t n = q->cnull[i] ? 0 : q->clen[i];

		if (q->ckind[i] && !q->cnull[i]) {
			q->clen[i] = db_time_text(&q->ctime[i], q->ckind[i], q->cbuf[i]);
			continue;
		}
		q->cbuf[i][n < q->ccap[i] ? n : q->ccap[i] - 1] = '\0';
	}
	return DB_ROW;
}

int db_col_count(DB_STMT *q)
{
	return q->ncol;
}

const char *db_col_name(DB_STMT *q, int col)
{
	return (col >= 0 && col < q->ncol) ? q->colnames[col] : "";
}

int db_col_is_null(DB_STMT *q, int col)
{
	return col < 0 || col >= q->ncol || q->cnull[col];
}

const char *db_col_text(DB_STMT *q, int col)
{
	return db_col_is_null(q, col) ? NULL : q->cbuf[col];
}

size_t db_col_len(DB_STMT *q, int col)
{
	return db_col_is_null(q, col) ? 0 : q->clen[col];
}

long long db_col_int(DB_STMT *q, int col)
{
	return db_col_is_null(q, col) ? 0 : strtoll(q->cbuf[col], NULL, 10);
}

double db_col_double(DB_STMT *q, int col)
{
	return db_col_is_null(q, col) ? 0.0 : strtod(q->cbuf[col], NULL);
}

unsigned long long db_insert_id(DB_STMT *q)
{
	return q->st ? mysql_stmt_insert_id(q->st) : 0;
}

unsigned long long db_affected(DB_STMT *q)
{
	return q->st ? mysql_stmt_affected_rows(q->st) : 0;
}

NEOERR *db_finalize(DB_STMT *q)
{
	NEOERR *err;

	if (!q)
		return STATUS_OK;
	err = q->err;
	q->err = STATUS_OK;
	if (q->st) {
		mysql_stmt_free_result(q->st);
		if (err)
			mysql_stmt_reset(q->st);
	}
	for (int i = 0; i < q->nparam; i++) {
		free(q->pv[i].s);
		q->pv[i].s = NULL;
		q->pv[i].is_null = 0;
		memset(&q->pbind[i], 0, sizeof(MYSQL_BIND));
	}
	q->in_use = 0;
	if (!q->cached)
		db_stmt_free(q);
	return err;
}

static NEOERR *db_bind_va(DB_STMT *q, const char *types, va_list ap)
{
	for (int i = 0; types && types[i]; i++) {
		switch (types[i]) {
		case 'i': db_bind_int(q, i + 1, va_arg(ap, long long)); break;
		case 'd': db_bind_double(q, i + 1, va_arg(ap, double)); break;
		case 't': db_bind_text(q, i + 1, va_arg(ap, const char *)); break;
		case 'n': db_bind_null(q, i + 1); break;
		default:
			return nerr_raise(NERR_ASSERT, "bind type %c", types[i]);
		}
	}
	return STATUS_OK;
}

NEOERR *db_execf(unsigned long long *insert_id, const char *sql,
		 const char *types, ...)
{
	DB_STMT *q;
	NEOERR *err;
	va_list ap;

	err = db_prepare(&q, sql);
	if (err)
		return nerr_pass(err);
	va_start(ap, types);
	err = db_bind_va(q, types, ap);
	va_end(ap);
	if (!err) {
		db_step(q);
		if (insert_id)
			*insert_id = db_insert_id(q);
	}
	if (err) {
		nerr_ignore(&q->err);
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

NEOERR *db_int_query(long long *v, int *found, const char *sql,
		     const char *types, ...)
{
	DB_STMT *q;
	NEOERR *err;
	va_list ap;

	*v = 0;
	if (found)
		*found = 0;
	err = db_prepare(&q, sql);
	if (err)
		return nerr_pass(err);
	va_start(ap, types);
	err = db_bind_va(q, types, ap);
	va_end(ap);
	if (!err && db_step(q) == DB_ROW) {
		*v = db_col_int(q, 0);
		if (found)
			*found = 1;
		while (db_step(q) == DB_ROW)
			;
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

NEOERR *db_ping(void)
{
	long long one;

	return nerr_pass(db_int_query(&one, NULL, "SELECT 1", NULL));
}

static NEOERR *db_simple(const char *sql)
{
	NEOERR *err = db_ensure();

	if (err)
		return nerr_pass(err);
	if (mysql_real_query(db_conn, sql, strlen(sql))) {
		unsigned e = mysql_errno(db_conn);

		err = db_raise(e, sql, mysql_error(db_conn), NULL);
		if (db_lost(e))
			db_drop();
		return err;
	}
	return STATUS_OK;
}

NEOERR *db_begin(void)
{
	NEOERR *err;

	if (db_tx)
		return nerr_raise(NERR_ASSERT, "nested transaction");
	err = db_simple("START TRANSACTION");
	if (err && nerr_match(err, ERR_UNAVAILABLE)) {
		/* Nothing is lost yet: a fresh connection is safe here. */
		nerr_ignore(&err);
		err = db_simple("START TRANSACTION");
	}
	if (!err)
		db_tx = 1;
	return nerr_pass(err);
}

NEOERR *db_commit(void)
{
	NEOERR *err = db_simple("COMMIT");

	db_tx = 0;
	return nerr_pass(err);
}

NEOERR *db_rollback(void)
{
	NEOERR *err = STATUS_OK;

	if (db_tx && db_conn)
		err = db_simple("ROLLBACK");
	db_tx = 0;
	return nerr_pass(err);
}

int db_in_transaction(void)
{
	return db_tx;
}

NEOERR *db_exec_script(const char *sql, size_t len)
{
	NEOERR *err = db_ensure();
	int status;

	if (err)
		return nerr_pass(err);
	if (mysql_real_query(db_conn, sql, (unsigned long)len))
		return db_raise(mysql_errno(db_conn), "script", mysql_error(db_conn), NULL);
	do {
		MYSQL_RES *r = mysql_store_result(db_conn);

		if (r)
			mysql_free_result(r);
		else if (mysql_field_count(db_conn) != 0)
			return db_raise(mysql_errno(db_conn), "script result",
					mysql_error(db_conn), NULL);
		status = mysql_next_result(db_conn);
		if (status > 0)
			return db_raise(mysql_errno(db_conn), "script statement",
					mysql_error(db_conn), NULL);
	} while (status == 0);
	return STATUS_OK;
}

NEOERR *db_get_lock(const char *name, int timeout, int *got)
{
	long long v;
	int found;
	NEOERR *err = db_int_query(&v, &found, "SELECT GET_LOCK(?, ?)", "ti",
				   name, (long long)timeout);

	*got = !err && found && v == 1;
	return nerr_pass(err);
}

NEOERR *db_release_lock(const char *name)
{
	long long v;

	return nerr_pass(db_int_query(&v, NULL, "SELECT RELEASE_LOCK(?)", "t", name));
}

void db_args_int(struct db_args *a, long long v)
{
	if (a->n >= DB_ARGS_MAX) {
		a->overflow = 1;
		return;
	}
	a->v[a->n].type = 'i';
	a->v[a->n].i = v;
	a->v[a->n++].t = NULL;
}

void db_args_text(struct db_args *a, const char *t)
{
	if (a->n >= DB_ARGS_MAX) {
		a->overflow = 1;
		return;
	}
	a->v[a->n].type = 't';
	a->v[a->n].i = 0;
	a->v[a->n++].t = t;
}

int db_bind_args(DB_STMT *q, const struct db_args *a, int first)
{
	for (int i = 0; i < a->n; i++) {
		if (a->v[i].type == 'i')
			db_bind_int(q, first + i, a->v[i].i);
		else
			db_bind_text(q, first + i, a->v[i].t);
	}
	return !a->overflow;
}

NEOERR *db_prepare_args(DB_STMT **out, const char *sql, const struct db_args *a, int first)
{
	NEOERR *err = db_prepare(out, sql);

	if (err)
		return nerr_pass(err);
	if (!db_bind_args(*out, a, first)) {
		db_finalize(*out);
		*out = NULL;
		return nerr_raise(NERR_ASSERT, "too many filter values");
	}
	return STATUS_OK;
}

void db_like_pattern(const char *text, char *out, size_t n)
{
	size_t o = 0;

	if (n < 3) {
		if (n)
			out[0] = '\0';
		return;
	}
	out[o++] = '%';
	for (const char *c = text; *c && o < n - 3; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			out[o++] = '\\';
		out[o++] = *c;
	}
	out[o++] = '%';
	out[o] = '\0';
}

NEOERR *db_finish(NEOERR *err)
{
	if (err) {
		NEOERR *rb = db_rollback();

		nerr_ignore(&rb);
		return nerr_pass(err);
	}
	return nerr_pass(db_commit());
}
