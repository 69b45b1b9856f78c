/* auditview.c — the auditor's view of the audit log (R9.3): the filtered
 * list, one row's details, the chain's state with "verify now", and the
 * CSV export.
 *
 * Lists page newest first by id (keyset: id < cursor, ORDER BY id DESC),
 * and every query has the shape an index ending in id (sql/0007) answers in
 * order, so page 10,000 costs what page 1 costs.  An action prefix
 * ("login.") is expanded into the actions it covers and each of them is
 * read in id order on its own; the branches are merged here, newest first.
 * (A range or IN over action would make the database sort every matching
 * row before it could return the first page.)
 *
 * The audit log is read-only here; this file appends to it only through
 * audit_log() (verification runs and exports are themselves audited).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "audit.h"
#include "auditview.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define AV_PAGE 50             /* rows on a page */
#define AV_BATCH 5000          /* rows an export holds in memory at a time */
#define AV_MAX_TERMS 16        /* action terms in one filter */
#define AV_MAX_BRANCHES 64     /* (action, actor) pairs one filter may cover */
#define AV_FLUSH 65536         /* bytes of CSV gathered before each write */
/* How much later than its timestamp a row may be appended (its writer waits
 * for the lock on audit_head; InnoDB gives up after 50 s).  Date filters
 * turn into id bounds with this much to spare: see av_time_hints(). */
#define AV_SLACK_SECONDS 3600

/* The action prefixes offered in the filter's select, with the language key
 * of each group's name (Lang.Audit.Group.<key>). */
static const struct {
	const char *code, *key;
} av_prefixes[] = {
	{ "login.", "login" }, { "logout", "logout" }, { "csrf.", "csrf" },
	{ "access.", "access" }, { "user.", "user" }, { "viewas.", "viewas" },
	{ "lead.", "lead" }, { "customer.", "customer" }, { "channel.", "channel" },
	{ "apikey.", "apikey" }, { "import.", "import" }, { "activity.", "activity" },
	{ "field.", "field" }, { "audit.", "audit" }, { "seed.", "seed" },
};
#define AV_NPREFIXES (sizeof(av_prefixes) / sizeof(av_prefixes[0]))

/* Columns, in this order, for both column lists below. */
enum {
	C_ID, C_AT, C_ACTOR_ID, C_LOGIN, C_IP, C_SESSION, C_ACTION, C_OTYPE,
	C_OID, C_FIELD, C_BEFORE, C_AFTER, C_RID, C_PREV, C_HASH, AV_NCOLS
};
#define AV_FULL_COLS "a.id, a.at, a.actor_id, a.actor_login, a.actor_ip, a.session_hash," \
	" a.action, a.object_type, a.object_id, a.field, a.before_value, a.after_value," \
	" a.request_id, s.prev_hash, s.hash"
/* The list leaves out what it does not show (before/after can be long). */
#define AV_LIST_COLS "a.id, a.at, a.actor_id, a.actor_login, a.actor_ip, a.session_hash," \
	" a.action, a.object_type, a.object_id, a.field, NULL, NULL, a.request_id, NULL, NULL"

/* ---- pure helpers ------------------------------------------------------ */

NEOERR *auditview_csv_cell(STRING *out, const char *v, size_t len)
{
	int quote = 0;
	size_t start = 0;
	NEOERR *err = STATUS_OK;

	if (!v || !len)
		return STATUS_OK;
	for (size_t i = 0; i < len && !quote; i++)
		quote = v[i] == '"' || v[i] == ',' || v[i] == '\r' || v[i] == '\n';
	if (quote)
		err = string_append_char(out, '"');
	if (!err && v[0] && strchr("=+-@\t\r", v[0]))
		err = string_append_char(out, '\'');
	/* Copied in runs; each quote inside ends a run and is doubled. */
	for (size_t i = 0; i < len && !err; i++) {
		if (v[i] != '"')
			continue;
		err = string_appendn(out, v + start, (int)(i + 1 - start));
		if (!err)
			err = string_append_char(out, '"');
		start = i + 1;
	}
	if (!err && start < len)
		err = string_appendn(out, v + start, (int)(len - start));
	if (!err && quote)
		err = string_append_char(out, '"');
	return nerr_pass(err);
}

NEOERR *auditview_url_escape(STRING *out, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	NEOERR *err = STATUS_OK;

	for (const unsigned char *p = (const unsigned char *)v; *p && !err; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-') {
			err = string_append_char(out, (char)*p);
		} else {
			char e[4] = { '%', hex[*p >> 4], hex[*p & 15], '\0' };

			err = string_append(out, e);
		}
	}
	return nerr_pass(err);
}

/* ---- the filter ---------------------------------------------------------- */

struct av_filter {
	char actions[AV_MAX_TERMS * 66];   /* the action terms, split in place */
	const char *terms[AV_MAX_TERMS];   /* "login." is a prefix, else exact */
	int nterms;
	int by_actor;
	long long actor_id;        /* the person's users.id (0: no such user) */
	const char *actor_login;   /* and their login, for rows without an actor id */
	const char *object_type;
	long long object_id;
	const char *ip;
	char from[24], to[24];     /* UTC bounds of the date range, "" for none */
	long long id_lo, id_hi;    /* rows lie strictly between (0: no bound) */
	long long after;           /* keyset cursor: rows below this id */
};

/* Midnight of date in the reader's zone, days later, shifted by seconds, as a
 * UTC "YYYY-MM-DD HH:MM:SS" (computed here, so daylight saving is right on
 * that very day and the column's index can be used). */
static int av_day_utc(REQUEST *req, const char *date, int days, long seconds,
		      char *out, size_t n)
{
	char probe[40];
	struct tm tm;
	time_t t;

	render_time(req, "1970-01-01 00:00:00", probe, sizeof(probe));   /* sets TZ */
	memset(&tm, 0, sizeof(tm));
	if (sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return 0;
	t += seconds;
	gmtime_r(&t, &tm);
	return strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm) > 0;
}

/* Turns the date range into an id range the primary key can walk.  Ids are
 * handed out in the order rows are appended, and a row is appended within
 * AV_SLACK_SECONDS of its own timestamp, so: every row at or after `from`
 * comes after any row stamped before from − slack, and every row before
 * `to` comes before any row stamped at to + slack.  The exact time
 * conditions stay in the query; these bounds only keep the database from
 * walking rows outside the range (without them, the last page of "since
 * Monday" would read the whole older log to learn there is nothing more). */
static NEOERR *av_time_hints(REQUEST *req, struct av_filter *f, const char *from,
			     const char *to)
{
	char bound[24];
	int found;
	NEOERR *err = STATUS_OK;

	if (from && av_day_utc(req, from, 0, -AV_SLACK_SECONDS, bound, sizeof(bound))) {
		err = db_int_query(&f->id_lo, &found, "SELECT id FROM audit_log WHERE at < ?"
				   " ORDER BY at DESC LIMIT 1", "t", bound);
		if (!err && !found)
			f->id_lo = 0;
	}
	if (!err && to && av_day_utc(req, to, 1, AV_SLACK_SECONDS, bound, sizeof(bound))) {
		err = db_int_query(&f->id_hi, &found, "SELECT id FROM audit_log WHERE at >= ?"
				   " ORDER BY at LIMIT 1", "t", bound);
		if (!err && !found)
			f->id_hi = 0;
	}
	return nerr_pass(err);
}

/* Reads the declared, validated filter parameters. */
static NEOERR *av_filter_load(REQUEST *req, struct av_filter *f, int paged)
{
	const char *person = request_param(req, "person");
	const char *actions = request_param(req, "action");
	const char *from = request_param(req, "from");
	const char *to = request_param(req, "to");
	NEOERR *err;

	memset(f, 0, sizeof(*f));
	if (actions) {
		/* P_MULTI joined the repeated values with commas. */
		if (strlen(actions) >= sizeof(f->actions))
			return nerr_raise(ERR_BAD_REQUEST, "action filter too long");
		snprintf(f->actions, sizeof(f->actions), "%s", actions);
		for (char *save = NULL, *t = strtok_r(f->actions, ",", &save); t;
		     t = strtok_r(NULL, ",", &save)) {
			if (f->nterms == AV_MAX_TERMS)
				return nerr_raise(ERR_BAD_REQUEST, "more than %d action terms",
						  AV_MAX_TERMS);
			f->terms[f->nterms++] = t;
		}
	}
	if (person) {
		int found;

		f->by_actor = 1;
		f->actor_login = person;
		err = db_int_query(&f->actor_id, &found, "SELECT id FROM users WHERE login = ?",
				   "t", person);
		if (err)
			return nerr_pass(err);
		if (!found)
			f->actor_id = 0;   /* e.g. sign-in attempts for an unknown login */
	}
	f->object_type = request_param(req, "object_type");
	f->object_id = request_param_int(req, "object_id", 0);
	if (f->object_id && !f->object_type) {
		/* Ids are per type, and only (type, id) is indexed: alone it
		 * would mean reading the whole log.  The list says so beside
		 * the field; an export must not quietly hold more than asked. */
		if (!paged)
			return nerr_raise(ERR_BAD_REQUEST, "object id without object type");
		f->object_id = 0;
		err = hdf_set_value(req->hdf, "Form.Errors.object_id", "Audit.NeedType");
		if (err)
			return nerr_pass(err);
	}
	f->ip = request_param(req, "ip");
	if (from && !av_day_utc(req, from, 0, 0, f->from, sizeof(f->from)))
		return nerr_raise(ERR_BAD_REQUEST, "from date");
	if (to && !av_day_utc(req, to, 1, 0, f->to, sizeof(f->to)))
		return nerr_raise(ERR_BAD_REQUEST, "to date");
	if (paged)
		f->after = request_param_int(req, "after", 0);
	return nerr_pass(av_time_hints(req, f, from, to));
}

/* The filter as a query string ("person=x&action=login.&from=…"), built
 * from the validated values: for links to the next page and the export,
 * and as the record of what an export contained. */
static NEOERR *av_filter_query(REQUEST *req, const struct av_filter *f, STRING *q)
{
	static const char *const single[] = { "person", "object_type", "object_id", "ip",
					      "from", "to" };
	NEOERR *err = STATUS_OK;

	for (int i = 0; !err && i < f->nterms; i++) {
		err = string_append(q, q->len ? "&action=" : "action=");
		if (!err)
			err = auditview_url_escape(q, f->terms[i]);
	}
	for (size_t i = 0; !err && i < sizeof(single) / sizeof(single[0]); i++) {
		const char *v = request_param(req, single[i]);

		if (!v || !*v)
			continue;
		err = string_appendf(q, "%s%s=", q->len ? "&" : "", single[i]);
		if (!err)
			err = auditview_url_escape(q, v);
	}
	return nerr_pass(err);
}

/* ---- reading: one branch per action, merged newest first ------------------- */

struct av_row {
	long long id;
	char *v[AV_NCOLS];   /* NULL for SQL NULL */
};

struct av_branch {
	char action[64];     /* "" for any action */
	int null_actor;      /* the person's rows with no actor id (see av_open) */
	long long cursor;    /* the next fetch reads ids below this (0: from the top) */
	int done;            /* the last fetch came back short */
	struct av_row *rows;
	int n, pos;
};

struct av_cursor {
	const struct av_filter *f;
	const char *cols;    /* AV_FULL_COLS or AV_LIST_COLS */
	int full;            /* AV_FULL_COLS: the seal is joined */
	int batch;           /* rows a branch fetches at a time */
	struct av_branch b[AV_MAX_BRANCHES];
	int nb;
};

static void av_rows_free(struct av_branch *b)
{
	for (int i = 0; i < b->n; i++)
		for (int c = 0; c < AV_NCOLS; c++)
			free(b->rows[i].v[c]);
	free(b->rows);
	b->rows = NULL;
	b->n = b->pos = 0;
}

static void av_close(struct av_cursor *c)
{
	for (int i = 0; i < c->nb; i++)
		av_rows_free(&c->b[i]);
	c->nb = 0;
}

static NEOERR *av_add_one(struct av_cursor *c, const char *action, int null_actor)
{
	for (int i = 0; i < c->nb; i++)   /* the column compares without case */
		if (!strcasecmp(c->b[i].action, action) && c->b[i].null_actor == null_actor)
			return STATUS_OK;
	if (c->nb == AV_MAX_BRANCHES)
		return nerr_raise(ERR_BAD_REQUEST, "the filter covers more than %d actions",
				  AV_MAX_BRANCHES);
	if (strlen(action) >= sizeof(c->b[0].action))
		return STATUS_OK;   /* longer than the column: matches nothing */
	memset(&c->b[c->nb], 0, sizeof(c->b[0]));
	snprintf(c->b[c->nb].action, sizeof(c->b[0].action), "%s", action);
	c->b[c->nb].null_actor = null_actor;
	c->nb++;
	return STATUS_OK;
}

/* A person who has an account is found by actor id, and also in the rows
 * written without one under their login (login.throttled): a second branch
 * for each action, so each still reads one index in order. */
static NEOERR *av_add_branch(struct av_cursor *c, const char *action)
{
	NEOERR *err = av_add_one(c, action, c->f->by_actor && !c->f->actor_id);

	if (!err && c->f->by_actor && c->f->actor_id)
		err = av_add_one(c, action, 1);
	return nerr_pass(err);
}

/* The actions a prefix covers, read off the (action, id) index one value at
 * a time: MIN(action) above the last one found is a single index dive, and
 * the values that start with the prefix are neighbours in the collation.
 * (SELECT DISTINCT with a LIKE, a "loose index scan" of the same index,
 * collapses when several connections run it at once in MariaDB 10.11:
 * 7,600 queries/s from one connection, 21/s from four.) */
static NEOERR *av_expand_prefix(struct av_cursor *c, const char *prefix)
{
	size_t plen = strlen(prefix);
	char last[64];
	NEOERR *err = STATUS_OK;

	if (plen >= sizeof(last))
		return STATUS_OK;   /* longer than the column: covers nothing */
	snprintf(last, sizeof(last), "%s", prefix);
	for (int first = 1, more = 1; more && !err; first = 0) {
		DB_STMT *q;

		err = db_prepare(&q, first ? "SELECT MIN(action) FROM audit_log WHERE action >= ?"
					   : "SELECT MIN(action) FROM audit_log WHERE action > ?");
		if (err)
			break;
		db_bind_text(q, 1, last);
		more = 0;
		if (db_step(q) == DB_ROW) {
			const char *v = db_col_text(q, 0);

			if (v && strlen(v) < sizeof(last) && !strncasecmp(v, prefix, plen)) {
				snprintf(last, sizeof(last), "%s", v);
				more = 1;
			}
		}
		err = db_finalize(q);
		if (!err && more)
			err = av_add_branch(c, last);
	}
	return nerr_pass(err);
}

static NEOERR *av_open(struct av_cursor *c, const struct av_filter *f, const char *cols,
		       int page)
{
	NEOERR *err = STATUS_OK;

	memset(c, 0, sizeof(*c));
	c->f = f;
	c->cols = cols;
	c->full = !strcmp(cols, AV_FULL_COLS);
	if (!f->nterms)
		err = av_add_branch(c, "");
	for (int i = 0; !err && i < f->nterms; i++) {
		size_t l = strlen(f->terms[i]);

		if (l && f->terms[i][l - 1] == '.')
			err = av_expand_prefix(c, f->terms[i]);
		else
			err = av_add_branch(c, f->terms[i]);
	}
	if (err) {
		av_close(c);
		return nerr_pass(err);
	}
	/* A page needs page rows from each branch at most; an export keeps
	 * about AV_BATCH rows in memory over all branches. */
	c->batch = page ? page : (c->nb ? AV_BATCH / c->nb : AV_BATCH);
	if (c->batch < 100 && !page)
		c->batch = 100;
	return STATUS_OK;
}

/* The index for a branch whose filters one index answers exactly (a
 * literal for the query), or "" to leave the choice to the planner.  Left
 * alone, it sometimes walks the primary key backwards testing each row
 * instead, which costs as many rows as lie between matches. */
static const char *av_index_hint(const struct av_filter *f, const struct av_branch *b)
{
	int others = f->ip || f->object_type || f->object_id || f->from[0] || f->to[0];

	if (others) {
		if (b->action[0] || f->by_actor || f->from[0] || f->to[0])
			return "";
		if (f->ip && !f->object_type && !f->object_id)
			return " FORCE INDEX (k_audit_ip_id)";
		if (f->object_type && !f->ip)
			return f->object_id ? " FORCE INDEX (k_audit_object)"
					    : " FORCE INDEX (k_audit_object_type_id)";
		return "";
	}
	if (b->action[0] && f->by_actor)
		return " FORCE INDEX (k_audit_actor_action_id)";
	if (b->action[0])
		return " FORCE INDEX (k_audit_action_id)";
	if (f->by_actor)
		return " FORCE INDEX (k_audit_actor_id)";
	return "";
}

/* Reads the branch's next batch (ids below its cursor) into its buffer. */
static NEOERR *av_fetch(struct av_cursor *c, struct av_branch *b)
{
	const struct av_filter *f = c->f;
	struct db_args args = { 0 };
	long long upper = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	av_rows_free(b);
	string_init(&sql);
	/* The batch's ids come from an index alone (action, id) / (actor_id,
	 * id) / …, read backwards from the cursor; the rows are fetched for
	 * those ids only.  Asked for whole rows at once, the planner reads the
	 * (action, id) index by action alone and fetches every row above the
	 * cursor to test its id: page 10,000 of login.* took 0.5 s at 1M rows.
	 * Each filter adds a literal fragment and its value. */
	err = string_appendf(&sql, "SELECT %s FROM (SELECT id FROM audit_log%s WHERE 1 = 1",
			     c->cols, av_index_hint(f, b));
	if (!err && b->action[0]) {
		err = string_append(&sql, " AND action = ?");
		db_args_text(&args, b->action);
	}
	if (!err && f->by_actor && !b->null_actor) {
		err = string_append(&sql, " AND actor_id = ?");
		db_args_int(&args, f->actor_id);
	} else if (!err && f->by_actor) {
		err = string_append(&sql, " AND actor_id IS NULL AND actor_login = ?");
		db_args_text(&args, f->actor_login);
	}
	if (!err && f->object_type) {
		err = string_append(&sql, " AND object_type = ?");
		db_args_text(&args, f->object_type);
	}
	if (!err && f->object_id) {
		err = string_append(&sql, " AND object_id = ?");
		db_args_int(&args, f->object_id);
	}
	if (!err && f->ip) {
		err = string_append(&sql, " AND actor_ip = ?");
		db_args_text(&args, f->ip);
	}
	if (!err && f->from[0]) {
		err = string_append(&sql, " AND at >= ?");
		db_args_text(&args, f->from);
	}
	if (!err && f->to[0]) {
		err = string_append(&sql, " AND at < ?");
		db_args_text(&args, f->to);
	}
	if (!err && f->id_lo) {
		err = string_append(&sql, " AND id > ?");
		db_args_int(&args, f->id_lo);
	}
	/* One upper bound: the page cursor, the branch's own cursor, the date. */
	for (int i = 0; i < 3; i++) {
		long long v = i == 0 ? f->after : i == 1 ? b->cursor : f->id_hi;

		if (v > 0 && (!upper || v < upper))
			upper = v;
	}
	if (!err && upper) {
		err = string_append(&sql, " AND id < ?");
		db_args_int(&args, upper);
	}
	if (!err)
		err = string_append(&sql, " ORDER BY id DESC LIMIT ?) page"
				    " JOIN audit_log a ON a.id = page.id");
	/* the full rows carry their seal (none while it waits, see audit.h) */
	if (!err && c->full)
		err = string_append(&sql, " LEFT JOIN audit_seal s ON s.audit_id = a.id");
	if (!err)
		err = string_append(&sql, " ORDER BY a.id DESC");
	db_args_int(&args, (long long)c->batch);
	if (!err)
		err = db_prepare_args(&q, sql.buf, &args, 1);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	b->rows = calloc((size_t)c->batch, sizeof(*b->rows));
	if (!b->rows) {
		db_finalize(q);
		return nerr_raise(NERR_NOMEM, "audit rows");
	}
	while (!err && b->n < c->batch && db_step(q) == DB_ROW) {
		struct av_row *r = &b->rows[b->n++];

		r->id = db_col_int(q, C_ID);
		for (int col = 0; col < AV_NCOLS && !err; col++) {
			const char *v = db_col_text(q, col);
			size_t len = db_col_len(q, col);

			if (!v)
				continue;
			r->v[col] = malloc(len + 1);
			if (!r->v[col]) {
				err = nerr_raise(NERR_NOMEM, "audit row");
				break;
			}
			memcpy(r->v[col], v, len);
			r->v[col][len] = '\0';
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (b->n)
		b->cursor = b->rows[b->n - 1].id;
	b->done = b->n < c->batch;
	return nerr_pass(err);
}

/* The next row of the merged branches, newest first; *row is NULL at the
 * end.  The row stays valid until the next call. */
static NEOERR *av_next(struct av_cursor *c, const struct av_row **row)
{
	struct av_branch *best = NULL;

	*row = NULL;
	for (int i = 0; i < c->nb; i++) {
		struct av_branch *b = &c->b[i];

		if (b->pos == b->n && !b->done) {
			NEOERR *err = av_fetch(c, b);

			if (err)
				return nerr_pass(err);
		}
		if (b->pos < b->n && (!best || b->rows[b->pos].id > best->rows[best->pos].id))
			best = b;
	}
	if (best)
		*row = &best->rows[best->pos++];
	return STATUS_OK;
}

/* ---- pages ---------------------------------------------------------------- */

/* The UTC time from the database in the reader's zone, to the second. */
static void av_local_time(REQUEST *req, const char *utc, char *out, size_t n)
{
	char probe[40];
	struct tm tm;
	time_t t;

	out[0] = '\0';
	if (!utc)
		return;
	render_time(req, utc, probe, sizeof(probe));   /* sets TZ to the reader's zone */
	memset(&tm, 0, sizeof(tm));
	if (sscanf(utc, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(out, n, "%s", utc);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The chain's state: the last verification (and the last good one when the
 * last found a break) and how many rows were written since. */
static NEOERR *av_chain_state(REQUEST *req)
{
	static const struct {
		const char *node, *sql;
	} q2[] = {
		{ "Audit.Chain.Last", "SELECT v.at, v.rows_checked, v.ok, v.bad_id, v.message,"
		  " u.login, u.display_name FROM audit_verification v"
		  " LEFT JOIN users u ON u.id = v.user_id ORDER BY v.id DESC LIMIT 1" },
		{ "Audit.Chain.LastOk", "SELECT v.at, v.rows_checked, v.ok, v.bad_id, v.message,"
		  " u.login, u.display_name FROM audit_verification v"
		  " LEFT JOIN users u ON u.id = v.user_id WHERE v.ok = 1 ORDER BY v.id DESC LIMIT 1" },
	};
	long long head = 0;
	int found;
	NEOERR *err;

	err = db_int_query(&head, &found, "SELECT last_id FROM audit_head WHERE id = 1", "");
	if (!err) {
		char b[24];

		snprintf(b, sizeof(b), "%lld", head);
		err = hdf_set_value(req->hdf, "Audit.Chain.Head", b);
	}
	for (size_t i = 0; !err && i < sizeof(q2) / sizeof(q2[0]); i++) {
		DB_STMT *q;
		HDF *node;

		if (i == 1 && hdf_get_int_value(req->hdf, "Audit.Chain.Last.Ok", 1))
			break;   /* the last one held: it is also the last good one */
		err = db_prepare(&q, q2[i].sql);
		if (err)
			break;
		if (db_step(q) == DB_ROW) {
			char at[40], since[24];

			err = hdf_get_node(req->hdf, q2[i].node, &node);
			av_local_time(req, db_col_text(q, 0), at, sizeof(at));
			snprintf(since, sizeof(since), "%lld", head - db_col_int(q, 1));
			if (!err) err = hdf_set_value(node, "At", at);
			if (!err) err = hdf_set_value(node, "Rows", db_col_text(q, 1));
			if (!err) err = hdf_set_value(node, "Ok", db_col_text(q, 2));
			if (!err) err = render_set(node, "BadId", db_col_text(q, 3));
			if (!err) err = render_set(node, "Message", db_col_text(q, 4));
			if (!err) err = render_set(node, "Login", db_col_text(q, 5));
			if (!err) err = render_set(node, "Name", db_col_text(q, 6));
			if (!err) err = hdf_set_value(node, "Since", since);
		}
		if (err)
			db_finalize(q);
		else
			err = db_finalize(q);
	}
	return nerr_pass(err);
}

/* What the filter form shows: the prefixes of the select, and where the
 * current action terms go (one known prefix: the select; one other term:
 * the text box; several: a checkbox each, so they can be dropped). */
static NEOERR *av_form_state(REQUEST *req, const struct av_filter *f)
{
	NEOERR *err = STATUS_OK;

	for (size_t i = 0; !err && i < AV_NPREFIXES; i++) {
		HDF *row;

		err = render_row(req->hdf, "Audit.Prefixes", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", av_prefixes[i].code);
		if (!err) err = hdf_set_value(row, "Key", av_prefixes[i].key);
		if (!err) {
			char shown[24];   /* "login.*" */

			snprintf(shown, sizeof(shown), "%s%s", av_prefixes[i].code,
				 strchr(av_prefixes[i].code, '.') ? "*" : "");
			err = hdf_set_value(row, "Shown", shown);
		}
	}
	if (!err && f->nterms == 1) {
		const char *slot = "Audit.Exact";

		for (size_t i = 0; i < AV_NPREFIXES; i++)
			if (!strcmp(f->terms[0], av_prefixes[i].code))
				slot = "Audit.Prefix";
		err = hdf_set_value(req->hdf, slot, f->terms[0]);
	}
	for (int i = 0; !err && f->nterms > 1 && i < f->nterms; i++) {
		HDF *row;

		err = render_row(req->hdf, "Audit.Terms", i, &row);
		if (!err) err = hdf_set_value(row, "Code", f->terms[i]);
	}
	return nerr_pass(err);
}

NEOERR *auditview_list(REQUEST *req)
{
	const char *done = request_param(req, "done");
	struct av_filter f;
	struct av_cursor c;
	const struct av_row *r;
	long long last = 0;
	int n = 0;
	STRING fq;
	NEOERR *err;

	err = av_filter_load(req, &f, 1);
	if (!err)
		err = av_open(&c, &f, AV_LIST_COLS, AV_PAGE + 1);
	if (err)
		return nerr_pass(err);
	while (!(err = av_next(&c, &r)) && r) {
		static const struct {
			int col;
			const char *name;
		} cols[] = {
			{ C_ID, "Id" }, { C_AT, "AtUtc" }, { C_ACTOR_ID, "ActorId" },
			{ C_LOGIN, "Actor" }, { C_IP, "Ip" }, { C_ACTION, "Action" },
			{ C_OTYPE, "ObjectType" }, { C_OID, "ObjectId" }, { C_FIELD, "Field" },
		};
		char at[40];
		HDF *row;

		if (n == AV_PAGE) {
			char cursor[24];

			snprintf(cursor, sizeof(cursor), "%lld", last);
			err = hdf_set_value(req->hdf, "Pager.After", cursor);
			break;
		}
		last = r->id;
		err = render_row(req->hdf, "Audit.Rows", n++, &row);
		for (size_t i = 0; !err && i < sizeof(cols) / sizeof(cols[0]); i++)
			err = render_set(row, cols[i].name, r->v[cols[i].col]);
		av_local_time(req, r->v[C_AT], at, sizeof(at));
		if (!err)
			err = hdf_set_value(row, "At", at);
	}
	av_close(&c);
	string_init(&fq);
	if (!err) err = hdf_set_int_value(req->hdf, "Audit.Count", n);
	if (!err) err = av_filter_query(req, &f, &fq);
	if (!err) err = hdf_set_value(req->hdf, "Audit.FilterQuery", fq.buf ? fq.buf : "");
	string_clear(&fq);
	if (!err) err = av_form_state(req, &f);
	if (!err) err = av_chain_state(req);
	if (!err && done) err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "audit");
	req->template_name = "audit.cs";
	return nerr_pass(err);
}

/* The id of the row next to id (older when dir < 0), for the arrows. */
static NEOERR *av_neighbour(REQUEST *req, long long id, int dir, const char *name)
{
	long long v = 0;
	int found;
	NEOERR *err;

	err = dir < 0
	      ? db_int_query(&v, &found, "SELECT id FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1",
			     "i", (long long)id)
	      : db_int_query(&v, &found, "SELECT id FROM audit_log WHERE id > ? ORDER BY id LIMIT 1",
			     "i", (long long)id);
	if (!err && found) {
		char b[24];

		snprintf(b, sizeof(b), "%lld", v);
		err = hdf_set_value(req->hdf, name, b);
	}
	return nerr_pass(err);
}

/* Before/after of a sensitive field as this reader may see them.  An audit
 * row does not say whose record it was when it was written, so nobody is
 * taken to own it: only rules that open a field regardless of the record
 * (roles, "signed" cannot hold here) show it in clear.  Reveal rows carry a
 * reason, not a value. */
static const char *av_masked(REQUEST *req, const char *otype, const char *field,
			     const char *action, const char *value, char *out, size_t n)
{
	struct policy_subject none = { 0, 0, -1, 0 };

	if (!value || !otype || !field || (action && !strncmp(action, "field.reveal", 12)))
		return value;
	return policy_apply(req, otype, field, &none, value, out, n);
}

static NEOERR *av_values(REQUEST *req, HDF *d, const struct audit_row *row)
{
	char mb[512], ma[512];
	NEOERR *err = render_set(d, "Before", av_masked(req, row->object_type, row->field,
							row->action, row->before, mb, sizeof(mb)));

	if (!err)
		err = render_set(d, "After", av_masked(req, row->object_type, row->field, row->action,
						       row->after, ma, sizeof(ma)));
	return nerr_pass(err);
}

NEOERR *auditview_row(REQUEST *req)
{
	static const struct {
		int col;
		const char *name;
	} cols[] = {
		{ C_ID, "Id" }, { C_AT, "AtUtc" }, { C_ACTOR_ID, "ActorId" }, { C_LOGIN, "Actor" },
		{ C_IP, "Ip" }, { C_SESSION, "Session" }, { C_ACTION, "Action" },
		{ C_OTYPE, "ObjectType" }, { C_OID, "ObjectId" }, { C_FIELD, "Field" },
		{ C_BEFORE, "Before" }, { C_AFTER, "After" }, { C_RID, "RequestId" },
		{ C_PREV, "PrevHash" }, { C_HASH, "Hash" },
	};
	long long id = req->ids[0];
	int found = 0;
	DB_STMT *q;
	HDF *d;
	NEOERR *err;

	err = hdf_get_node(req->hdf, "Audit.Row", &d);
	if (!err)
		err = db_prepare(&q, "SELECT " AV_FULL_COLS ", (SELECT p.hash FROM audit_seal p"
				 " WHERE p.seq = s.seq - 1), (SELECT u.display_name FROM users u"
				 " WHERE u.id = a.actor_id), s.seq FROM audit_log a"
				 " LEFT JOIN audit_seal s ON s.audit_id = a.id WHERE a.id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, id);
	if (db_step(q) == DB_ROW) {
		struct audit_row row = {
			db_col_int(q, C_ID), db_col_text(q, C_AT), db_col_int(q, C_ACTOR_ID),
			db_col_text(q, C_LOGIN), db_col_text(q, C_IP), db_col_text(q, C_SESSION),
			db_col_text(q, C_ACTION), db_col_text(q, C_OTYPE), db_col_int(q, C_OID),
			db_col_text(q, C_FIELD), db_col_text(q, C_BEFORE), db_col_text(q, C_AFTER),
			db_col_text(q, C_RID),
		};
		const char *prev = db_col_text(q, C_PREV), *hash = db_col_text(q, C_HASH);
		const char *before_hash = db_col_text(q, AV_NCOLS);
		char h[AUDIT_HASH_HEX], at[40];

		found = 1;
		for (size_t i = 0; !err && i < sizeof(cols) / sizeof(cols[0]); i++)
			if (cols[i].col != C_BEFORE && cols[i].col != C_AFTER)
				err = render_set(d, cols[i].name, db_col_text(q, cols[i].col));
		if (!err)
			err = av_values(req, d, &row);
		av_local_time(req, row.at, at, sizeof(at));
		if (!err) err = hdf_set_value(d, "At", at);
		if (!err) err = render_set(d, "ActorName", db_col_text(q, AV_NCOLS + 1));
		/* This row alone: does its hash cover what it says, and does it
		 * follow the row before it?  (The whole chain: "verify now".) */
		if (!err) err = audit_hash(prev ? prev : "", &row, h);
		if (!err) err = hdf_set_value(d, "HashOk", hash && !strcmp(h, hash) ? "1" : "0");
		if (!err) err = hdf_set_value(d, "Sealed", prev ? "1" : "0");
		if (!err) err = hdf_set_value(d, "LinkOk", prev && (db_col_int(q, AV_NCOLS + 2) == 1
				? strspn(prev, "0") == strlen(prev) : before_hash && !strcmp(prev, before_hash))
				? "1" : "0");
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && !found)
		return nerr_raise(ERR_NOT_FOUND, "audit row %lld", id);
	if (!err) err = av_neighbour(req, id, -1, "Audit.Row.Older");
	if (!err) err = av_neighbour(req, id, 1, "Audit.Row.Newer");
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "audit-row");
	req->template_name = "audit_row.cs";
	return nerr_pass(err);
}

NEOERR *auditview_verify(REQUEST *req)
{
	const struct user *who = req->actor ? req->actor : req->user;
	long long rows = 0, bad = 0;
	unsigned long long vid = 0;
	char why[200], after[260];
	NEOERR *err;

	/* One snapshot for the whole walk (REPEATABLE READ; plain reads take no
	 * locks): rows appended while it runs are not mistaken for a log that
	 * ends later than audit_head says. */
	err = audit_seal(1);
	if (!err)
		err = db_begin();
	if (!err) {
		err = audit_verify(&rows, &bad, why, sizeof(why));
		if (err)
			db_rollback();
		else
			err = db_commit();
	}
	if (err)
		return nerr_pass(err);
	if (bad)
		snprintf(after, sizeof(after), "broken at row %lld: %s (%lld rows intact before it)",
			 bad, why, rows);
	else
		snprintf(after, sizeof(after), "ok: %lld rows", rows);

	err = db_begin();
	if (!err)
		err = db_execf(&vid, "INSERT INTO audit_verification (at, user_id, rows_checked, ok,"
			       " bad_id, message) VALUES (UTC_TIMESTAMP(6), ?, ?, ?, NULLIF(?, 0), ?)",
			       "iiiit", (long long)who->id, rows, (long long)!bad, bad,
			       bad ? why : NULL);
	if (!err) {
		struct audit_event ev = { "audit.verify", "audit_verification", (long long)vid,
					  NULL, NULL, after };

		err = audit_log(req, &ev);
	}
	if (err) {
		db_rollback();
		return nerr_pass(err);
	}
	err = db_commit();
	if (!err)
		err = request_redirect(req, "/audit?done=Verified");
	return nerr_pass(err);
}

/* Appends one CSV record (CRLF-terminated). */
static NEOERR *av_csv_record(STRING *out, const char *const *cells, int n)
{
	NEOERR *err = STATUS_OK;

	for (int i = 0; !err && i < n; i++) {
		if (i)
			err = string_append_char(out, ',');
		if (!err && cells[i])
			err = auditview_csv_cell(out, cells[i], strlen(cells[i]));
	}
	if (!err)
		err = string_append(out, "\r\n");
	return nerr_pass(err);
}

NEOERR *auditview_export(REQUEST *req)
{
	static const char *const heads[] = {
		"Audit.Csv.Id", "Audit.Csv.At", "Audit.Csv.AtUtc", "Audit.Csv.ActorId",
		"Audit.Csv.Actor", "Audit.Csv.Ip", "Audit.Csv.Session", "Audit.Csv.Action",
		"Audit.Csv.ObjectType", "Audit.Csv.ObjectId", "Audit.Csv.Field",
		"Audit.Csv.Before", "Audit.Csv.After", "Audit.Csv.RequestId",
		"Audit.Csv.PrevHash", "Audit.Csv.Hash",
	};
	const char *cells[sizeof(heads) / sizeof(heads[0])];
	const int ncells = (int)(sizeof(heads) / sizeof(heads[0]));
	struct av_filter f;
	struct av_cursor c;
	const struct av_row *r;
	char name[48], at_head[160];
	time_t now = time(NULL);
	struct tm tm;
	STRING fq, out;
	NEOERR *err;

	if (req->viewing_as) {
		/* Viewing as an auditor shows their pages, but an export is an
		 * act, and it would hand an administrator without audit.export
		 * the whole log. */
		struct audit_event ev = { "viewas.refused", "route", 0, NULL, NULL,
					  "/audit/export.csv" };

		err = audit_log(req, &ev);
		if (err)
			return nerr_pass(err);
		return nerr_raise(ERR_FORBIDDEN, "export while viewing as someone");
	}
	gmtime_r(&now, &tm);
	strftime(name, sizeof(name), "audit-%Y%m%d-%H%M%S.csv", &tm);
	if (req->head_only)   /* nothing is exported, so nothing to record */
		return nerr_pass(request_stream_begin(req, "text/csv; charset=utf-8", name));
	err = av_filter_load(req, &f, 0);
	if (err)
		return nerr_pass(err);

	/* On the record before the first byte leaves: what was asked for. */
	string_init(&fq);
	err = av_filter_query(req, &f, &fq);
	if (!err) {
		struct audit_event ev = { "audit.export", NULL, 0, NULL, NULL,
					  fq.len ? fq.buf : "(all)" };

		err = audit_log(req, &ev);
	}
	string_clear(&fq);
	if (!err)
		err = av_open(&c, &f, AV_FULL_COLS, 0);
	if (err)
		return nerr_pass(err);

	string_init(&out);
	err = string_append(&out, "\xEF\xBB\xBF");   /* so spreadsheet programs read UTF-8 */
	for (int i = 0; !err && i < ncells; i++)
		cells[i] = render_text(req->lang, heads[i]);
	if (!err) {
		/* The local-time column names its zone. */
		snprintf(at_head, sizeof(at_head), "%s (%s)", cells[1],
			 req->user->tz[0] ? req->user->tz : "UTC");
		cells[1] = at_head;
		err = av_csv_record(&out, cells, ncells);
	}
	/* The first batch is read before the headers go: a failure there is
	 * still an error page. */
	if (!err)
		err = av_next(&c, &r);
	if (!err)
		err = request_stream_begin(req, "text/csv; charset=utf-8", name);
	while (!err && r) {
		char local[40], mb[512], ma[512];

		av_local_time(req, r->v[C_AT], local, sizeof(local));
		cells[0] = r->v[C_ID];
		cells[1] = local;
		cells[2] = r->v[C_AT];
		cells[3] = r->v[C_ACTOR_ID];
		cells[4] = r->v[C_LOGIN];
		cells[5] = r->v[C_IP];
		cells[6] = r->v[C_SESSION];
		cells[7] = r->v[C_ACTION];
		cells[8] = r->v[C_OTYPE];
		cells[9] = r->v[C_OID];
		cells[10] = r->v[C_FIELD];
		/* Values of sensitive fields leave only through the field policy. */
		cells[11] = av_masked(req, r->v[C_OTYPE], r->v[C_FIELD], r->v[C_ACTION], r->v[C_BEFORE],
				      mb, sizeof(mb));
		cells[12] = av_masked(req, r->v[C_OTYPE], r->v[C_FIELD], r->v[C_ACTION], r->v[C_AFTER],
				      ma, sizeof(ma));
		cells[13] = r->v[C_RID];
		cells[14] = r->v[C_PREV];
		cells[15] = r->v[C_HASH];
		err = av_csv_record(&out, cells, ncells);
		if (!err && out.len >= AV_FLUSH) {
			err = request_stream_write(req, out.buf, (size_t)out.len);
			out.len = 0;
			out.buf[0] = '\0';
		}
		if (!err)
			err = av_next(&c, &r);
	}
	if (!err && out.len)
		err = request_stream_write(req, out.buf, (size_t)out.len);
	string_clear(&out);
	av_close(&c);
	return nerr_pass(err);
}
