/* db.h — MariaDB through prepared statements only (Fossil-style).
 *
 *   DB_STMT *q;
 *   err = db_prepare(&q, "SELECT id, name FROM company WHERE id = ?");
 *   if (err) return nerr_pass(err);
 *   db_bind_int(q, 1, id);
 *   while (db_step(q) == DB_ROW)
 *           use(db_col_text(q, 0));
 *   err = db_finalize(q);
 *
 * Statements are prepared once per connection and cached by their SQL text,
 * so the text must be a literal or built from literals: never from user data.
 * A lost connection is re-opened and the statement re-prepared and re-run
 * once, unless a transaction was open (then the caller gets ERR_UNAVAILABLE).
 * db_step() and db_bind_*() keep the first error in the statement;
 * db_finalize() returns it.
 */
#ifndef SG_DB_H
#define SG_DB_H

#include <ClearSilver/ClearSilver.h>

typedef struct db_stmt DB_STMT;

enum { DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1 };

/* Opens (lazily) the worker's connection: the application account, or the
 * admin account for migrations (which also allows multi-statement scripts). */
/* Pages' statements stop server-side after this many seconds (the
 * workers' sessions: SET max_statement_time at every connect); 0: none. */
void db_statement_limit(long seconds);
NEOERR *db_open(int admin);
void db_close(void);

/* Round trip to the server (SELECT 1), reconnecting when needed. */
NEOERR *db_ping(void);

NEOERR *db_prepare(DB_STMT **q, const char *sql);
void db_bind_int(DB_STMT *q, int pos, long long v);
void db_bind_double(DB_STMT *q, int pos, double v);
void db_bind_text(DB_STMT *q, int pos, const char *s);   /* NULL binds NULL */
void db_bind_textn(DB_STMT *q, int pos, const char *s, size_t n);
void db_bind_null(DB_STMT *q, int pos);
int db_step(DB_STMT *q);
int db_col_count(DB_STMT *q);
const char *db_col_name(DB_STMT *q, int col);
const char *db_col_text(DB_STMT *q, int col);   /* NULL for SQL NULL */
size_t db_col_len(DB_STMT *q, int col);

/* How a DATE / DATETIME column's value is written as text, as MariaDB's text
 * protocol would (kind 'D': date; else datetime decimals + 1); out ≥ 27
 * bytes.  Exposed for the unit tests. */
struct st_mysql_time;
size_t db_time_text(const struct st_mysql_time *t, int kind, char *out);
long long db_col_int(DB_STMT *q, int col);      /* 0 for NULL */
double db_col_double(DB_STMT *q, int col);
int db_col_is_null(DB_STMT *q, int col);
unsigned long long db_insert_id(DB_STMT *q);
unsigned long long db_affected(DB_STMT *q);
NEOERR *db_finalize(DB_STMT *q);

/* Prepare, run to completion, finalize: for INSERT/UPDATE/DELETE.  The
 * format names the types of the values that follow: i long long, t text
 * (NULL allowed), d double, n NULL.  Optional out: last insert id. */
NEOERR *db_execf(unsigned long long *insert_id, const char *sql,
		 const char *types, ...);

/* One row's first column as an integer (0 rows: *found = 0). */
NEOERR *db_int_query(long long *v, int *found, const char *sql,
		     const char *types, ...);

/* Values for SQL assembled from literal fragments (filters): add them in
 * the order of their ?s, then bind them all at once. */
#define DB_ARGS_MAX 32
struct db_args {
	int n;
	int overflow;
	struct {
		char type;          /* 'i' or 't' */
		long long i;
		const char *t;      /* must outlive the statement's db_step */
	} v[DB_ARGS_MAX];
};
void db_args_int(struct db_args *a, long long v);
void db_args_text(struct db_args *a, const char *t);
/* Binds a's values to positions first, first + 1, ...; false on overflow. */
int db_bind_args(DB_STMT *q, const struct db_args *a, int first);
/* db_prepare, then the collected values bound from position first on; a
 * statement with more values than it has places is an error (finalized). */
NEOERR *db_prepare_args(DB_STMT **out, const char *sql, const struct db_args *a, int first);

/* "%text%" for LIKE, with % _ \ in the text matched literally. */
void db_like_pattern(const char *text, char *out, size_t n);

/* Ends the open transaction: rolls back and returns err when there is one,
 * else commits (and returns the commit's error). */
NEOERR *db_finish(NEOERR *err);

NEOERR *db_begin(void);
NEOERR *db_commit(void);
NEOERR *db_rollback(void);
int db_in_transaction(void);

/* Runs a trusted multi-statement script (migrations only; admin account). */
NEOERR *db_exec_script(const char *sql, size_t len);

/* MariaDB advisory lock (GET_LOCK); *got = 1 when held. */
NEOERR *db_get_lock(const char *name, int timeout, int *got);
NEOERR *db_release_lock(const char *name);

/* Counters for the bench and /healthz detail. */
unsigned long db_reconnects(void);

#endif
