/* import.c — leads from a CSV file: upload → staged rows and a preview →
 * confirmation in one transaction (or cancel).
 *
 * The upload reads the file once through csv.c (streaming; only one record
 * is in memory), checks every row with lead_check() and lead_find_duplicate_visible()
 * as any other channel would, and stages it in import_row with what is wrong
 * with it.  Nothing reaches the lead table until the owner confirms; then
 * every accepted row goes through lead_create() in a single transaction, so
 * either all of them are leads or none is.
 *
 * import_row keeps a row's outcome in two columns:
 *   duplicate_of NULL, error NULL       ok
 *   duplicate_of NULL, error "f=Key;…"  bad: lead_check's fields and language
 *                                       keys (or "row=Import.E.*" for what the
 *                                       CSV reader found), never imported
 *   duplicate_of > 0                    same person as that lead
 *   duplicate_of = 0, error "row=N"     same person as row N of this file
 * The keys are ours (lead.c's and this file's literals); templates look them
 * up in the language table.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "config.h"
#include "csv.h"
#include "db.h"
#include "err.h"
#include "lead.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define IMPORT_MAX_ROWS 200000      /* data rows; the 10 MB body ends sooner */
#define IMPORT_MAX_FIELDS 64
#define IMPORT_MAX_FIELD_BYTES 65536
#define IMPORT_CHUNK 1000           /* rows per query at confirmation (the LIMIT in its SQL) */
#define IMPORT_DAILY_DEFAULT 200    /* R1.4, when the config has no value */
#define IMPORT_ERROR_MAX 200        /* import_row.error */

enum col { C_NAME, C_PHONE, C_EMAIL, C_COMPANY, C_REGION, C_INDUSTRY, C_NEED, C_INTENT, C_N };

/* lead_input's field names (lead_check reports these), and the largest
 * value (in characters) each import_row column takes: a bad row is staged
 * cut to fit, so strict mode never refuses it. */
static const struct {
	const char *field;
	size_t chars;
} cols[C_N] = {
	{ "name", 100 }, { "phone", 24 }, { "email", 254 }, { "company", 200 },
	{ "region_code", 6 }, { "industry", 40 }, { "need", 10000 }, { "intent", 100 },
};

/* Rows staged per INSERT: one statement with 100 rows, then 10, then 1
 * (three cached statements; SQL text from literals only). */
#define STAGE_COLS 12
#define STAGE_MAX 100

struct staged {
	long long row_no;
	char *v[C_N];              /* NULL when empty */
	char error[IMPORT_ERROR_MAX + 1];
	long long dup;             /* -1 none, 0 a row of this file, > 0 a lead */
};

struct counts {
	long long total, ok, dup, bad;
};

/* ---- small pure helpers ------------------------------------------------ */

/* Whitespace at either end, ASCII or the ideographic and no-break spaces
 * spreadsheets leave behind. */
static size_t space_at(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
		return 1;
	if (n >= 3 && !memcmp(s, "\xE3\x80\x80", 3))
		return 3;
	if (n >= 2 && !memcmp(s, "\xC2\xA0", 2))
		return 2;
	return 0;
}

static size_t space_before(const char *s, size_t n)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		return 1;
	if (n >= 3 && !memcmp(s + n - 3, "\xE3\x80\x80", 3))
		return 3;
	if (n >= 2 && !memcmp(s + n - 2, "\xC2\xA0", 2))
		return 2;
	return 0;
}

/* A trimmed copy, NULL when nothing is left; *oom is set when the copy
 * could not be made. */
static char *trimmed(const char *s, size_t n, int *oom)
{
	size_t k;
	char *c;

	while ((k = space_at(s, n)) != 0) {
		s += k;
		n -= k;
	}
	while ((k = space_before(s, n)) != 0)
		n -= k;
	if (!n)
		return NULL;
	c = malloc(n + 1);
	if (!c) {
		*oom = 1;
		return NULL;
	}
	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

/* Cuts s (valid UTF-8) after max characters, in place. */
static void cut_chars(char *s, size_t max)
{
	size_t chars = 0;

	for (char *p = s; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80 && chars++ == max) {
			*p = '\0';
			return;
		}
}

/* A header or an alias reduced for matching: ASCII lower case, no spaces,
 * _ - . * : or full-width spaces and colons, and nothing from the first
 * bracket on ("手机（必填）" → "手机", "E-mail" → "email"). */
static void header_key(const char *in, char *out, size_t n)
{
	size_t o = 0;

	for (const char *p = in; *p && o + 1 < n;) {
		unsigned char c = (unsigned char)*p;

		if (c == '(' || c == '[' || !strncmp(p, "（", 3) || !strncmp(p, "【", 3))
			break;
		if (!strncmp(p, "\xE3\x80\x80", 3) || !strncmp(p, "：", 3)) {
			p += 3;
			continue;
		}
		if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '*' || c == ':' ||
		    c == '\t' || c == '\r' || c == '\n') {
			p++;
			continue;
		}
		out[o++] = (char)tolower(c);
		p++;
	}
	out[o] = '\0';
}

/* Does key match one of the comma-separated aliases (reduced the same way)? */
static int alias_match(const char *key, const char *aliases)
{
	char one[128], red[128];

	for (const char *p = aliases; p && *p;) {
		size_t l = strcspn(p, ",");

		snprintf(one, sizeof(one), "%.*s", (int)(l < sizeof(one) - 1 ? l : sizeof(one) - 1), p);
		header_key(one, red, sizeof(red));
		if (red[0] && !strcmp(red, key))
			return 1;
		p += l + (p[l] == ',');
	}
	return 0;
}

/* A language string, or NULL when the table has none (render_text gives
 * the key back then). */
static const char *lang_list(int lang, const char *key)
{
	const char *v = render_text(lang, key);

	return v == key || !strcmp(v, key) ? NULL : v;
}

/* Which column a header cell names, -1 for none.  The names people use
 * (姓名, 手机号, E-mail ...) are in both language files under
 * Lang.Import.Headers.<field>. */
static int header_column(const char *cell)
{
	char key[128], name[64];

	header_key(cell, key, sizeof(key));
	if (!key[0])
		return -1;
	for (int c = 0; c < C_N; c++) {
		char field[64];

		header_key(cols[c].field, field, sizeof(field));
		if (!strcmp(key, field))
			return c;
		snprintf(name, sizeof(name), "Import.Headers.%s", cols[c].field);
		for (int l = 0; l < LANG_COUNT; l++)
			if (alias_match(key, lang_list(l, name)))
				return c;
	}
	return -1;
}

/* Words for codes (industries, intent signals): the code itself, its name
 * in either language (Lang.Industry.<code>) and the aliases under
 * Lang.Import.Aliases.<kind>.<code>, reduced by header_key().  Built once
 * per upload so a row costs a few string compares. */
struct word {
	char key[64];
	const char *code;
};

struct words {
	struct word *w;
	size_t n, cap;
};

static int words_add(struct words *ws, const char *word, const char *code)
{
	char key[128];

	header_key(word, key, sizeof(key));
	if (!key[0] || strlen(key) >= sizeof(ws->w[0].key))
		return 1;
	if (ws->n == ws->cap) {
		size_t cap = ws->cap ? ws->cap * 2 : 64;
		struct word *w = realloc(ws->w, cap * sizeof(*w));

		if (!w)
			return 0;
		ws->w = w;
		ws->cap = cap;
	}
	memcpy(ws->w[ws->n].key, key, strlen(key) + 1);   /* fits: checked above */
	ws->w[ws->n].code = code;
	ws->n++;
	return 1;
}

static int words_add_list(struct words *ws, const char *list, const char *code)
{
	char one[128];

	for (const char *p = list; p && *p;) {
		size_t l = strcspn(p, ",");

		snprintf(one, sizeof(one), "%.*s", (int)(l < sizeof(one) - 1 ? l : sizeof(one) - 1), p);
		if (!words_add(ws, one, code))
			return 0;
		p += l + (p[l] == ',');
	}
	return 1;
}

/* kind is a literal: "Industry" or "Intent". */
static NEOERR *words_build(struct words *ws, const char *const *codes, size_t n,
			   const char *kind)
{
	char name[100];

	memset(ws, 0, sizeof(*ws));
	for (size_t i = 0; i < n; i++) {
		int ok = words_add(ws, codes[i], codes[i]);

		for (int l = 0; ok && l < LANG_COUNT; l++) {
			snprintf(name, sizeof(name), "%s.%s", kind, codes[i]);
			ok = words_add_list(ws, lang_list(l, name), codes[i]);
			snprintf(name, sizeof(name), "Import.Aliases.%s.%s", kind, codes[i]);
			if (ok)
				ok = words_add_list(ws, lang_list(l, name), codes[i]);
		}
		if (!ok)
			return nerr_raise(NERR_NOMEM, "import words");
	}
	return STATUS_OK;
}

static const char *words_code(const struct words *ws, const char *v)
{
	char key[128];

	header_key(v, key, sizeof(key));
	for (size_t i = 0; key[0] && i < ws->n; i++)
		if (!strcmp(ws->w[i].key, key))
			return ws->w[i].code;
	return NULL;
}

struct vocab {
	struct words industries, signals;
};

static NEOERR *vocab_build(struct vocab *v)
{
	size_t n;
	const char *const *list = lead_industries(&n);
	NEOERR *err = words_build(&v->industries, list, n, "Industry");

	list = lead_signals(&n);
	if (!err)
		err = words_build(&v->signals, list, n, "Intent");
	return nerr_pass(err);
}

static void vocab_free(struct vocab *v)
{
	free(v->industries.w);
	free(v->signals.w);
	memset(v, 0, sizeof(*v));
}

/* "预约演示、白皮书" → "demo,white_paper".  Unknown words are kept as they
 * are, so lead_check reports them; codes are not repeated. */
static char *intent_codes(const struct words *signals, const char *v)
{
	static const char *const seps[] = { ",", ";", "|", "/", " ", "、", "，", "；", "　" };
	size_t cap = strlen(v) * 2 + 128, o = 0;
	char *out = malloc(cap), word[200];
	const char *p = v;

	if (!out)
		return NULL;
	out[0] = '\0';
	while (*p) {
		size_t best = strlen(p), sl = 0;

		for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
			const char *s = strstr(p, seps[i]);

			if (s && (size_t)(s - p) < best) {
				best = (size_t)(s - p);
				sl = strlen(seps[i]);
			}
		}
		if (best) {
			const char *code = NULL;
			char padded[240], needle[210];

			if (best < sizeof(word)) {
				memcpy(word, p, best);
				word[best] = '\0';
				code = words_code(signals, word);
			}
			if (code) {
				snprintf(padded, sizeof(padded), ",%.200s,", out);
				snprintf(needle, sizeof(needle), ",%s,", code);
				if (!strstr(padded, needle) && o + strlen(code) + 2 <= cap)
					o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? "," : "", code);
			} else if (o + best + 2 <= cap) {
				/* kept whole (never cut inside a character) for
				 * lead_check to report */
				if (o)
					out[o++] = ',';
				memcpy(out + o, p, best);
				o += best;
				out[o] = '\0';
			}
		}
		p += best + sl;
	}
	return out;
}

/* Appends "field=key" to an error list when it fits (whole items only). */
static void error_add(char *buf, const char *field, const char *key)
{
	size_t l = strlen(buf), need = strlen(field) + 1 + strlen(key) + (l ? 1 : 0);

	if (l + need <= IMPORT_ERROR_MAX)
		snprintf(buf + l, IMPORT_ERROR_MAX + 1 - l, "%s%s=%s", l ? ";" : "", field, key);
}

static const char *csv_error_key(int e)
{
	switch (e) {
	case CSV_E_ENCODING: return "Import.E.Encoding";
	case CSV_E_NUL: return "Import.E.Nul";
	case CSV_E_TOO_MANY_FIELDS: return "Import.E.TooManyFields";
	case CSV_E_FIELD_TOO_LONG: return "Import.E.FieldTooLong";
	case CSV_E_UNTERMINATED: return "Import.E.Unterminated";
	default: return "Import.E.Row";
	}
}

/* ---- the set of people already seen in this file ----------------------- */

struct seen {
	struct seen *next;
	long long row;
	char key[];
};

struct seen_set {
	struct seen **b;
	size_t nb, n;
};

static size_t seen_hash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void seen_free(struct seen_set *set)
{
	for (size_t i = 0; i < set->nb; i++)
		for (struct seen *e = set->b[i], *next; e; e = next) {
			next = e->next;
			free(e);
		}
	free(set->b);
	memset(set, 0, sizeof(*set));
}

/* The row that first had this key, or 0. */
static long long seen_find(const struct seen_set *set, const char *key)
{
	if (!set->nb)
		return 0;
	for (struct seen *e = set->b[seen_hash(key) & (set->nb - 1)]; e; e = e->next)
		if (!strcmp(e->key, key))
			return e->row;
	return 0;
}

/* Remembers key for row (the first row keeps it); 0 when out of memory. */
static int seen_add(struct seen_set *set, const char *key, long long row)
{
	size_t l = strlen(key);
	struct seen *e;

	if (seen_find(set, key))
		return 1;
	if (set->n >= set->nb) {
		size_t nb = set->nb ? set->nb * 2 : 4096;
		struct seen **b = calloc(nb, sizeof(*b));

		if (!b)
			return 0;
		for (size_t i = 0; i < set->nb; i++)
			for (struct seen *x = set->b[i], *next; x; x = next) {
				size_t h = seen_hash(x->key) & (nb - 1);

				next = x->next;
				x->next = b[h];
				b[h] = x;
			}
		free(set->b);
		set->b = b;
		set->nb = nb;
	}
	e = malloc(sizeof(*e) + l + 1);
	if (!e)
		return 0;
	memcpy(e->key, key, l + 1);
	e->row = row;
	e->next = set->b[seen_hash(key) & (set->nb - 1)];
	set->b[seen_hash(key) & (set->nb - 1)] = e;
	set->n++;
	return 1;
}

/* The keys lead_find_duplicate() matches on: phone, e-mail, company. */
static void person_keys(const struct lead_input *in, char keys[3][210])
{
	char buf[200];

	keys[0][0] = keys[1][0] = keys[2][0] = '\0';
	lead_norm_phone(in->phone, buf, sizeof(buf));
	if (buf[0])
		snprintf(keys[0], 210, "p%s", buf);
	if (in->email && *in->email) {
		size_t i;

		/* e-mail compares without case in the database too */
		for (i = 0; in->email[i] && i < sizeof(buf) - 1; i++)
			buf[i] = (char)tolower((unsigned char)in->email[i]);
		buf[i] = '\0';
		snprintf(keys[1], 210, "e%s", buf);
	}
	lead_norm_company(in->company, buf, sizeof(buf));
	if (buf[0])
		snprintf(keys[2], 210, "c%s", buf);
}

/* ---- staging ---------------------------------------------------------- */

/* "INSERT ... VALUES (?, ...), (?, ...)" for n rows, built from literals
 * once per size. */
static const char *stage_sql(int n)
{
	static char sql[3][STAGE_MAX * 26 + 200];
	static const int sizes[3] = { 1, 10, STAGE_MAX };
	int k = n == STAGE_MAX ? 2 : n == 10 ? 1 : 0;

	if (!sql[k][0]) {
		size_t o = (size_t)snprintf(sql[k], sizeof(sql[k]),
			"INSERT INTO import_row (batch_id, row_no, name, phone, email, company,"
			" region_code, industry, need, intent, error, duplicate_of) VALUES ");

		for (int i = 0; i < sizes[k]; i++)
			o += (size_t)snprintf(sql[k] + o, sizeof(sql[k]) - o, "%s(?,?,?,?,?,?,?,?,?,?,?,?)",
					      i ? "," : "");
	}
	return sql[k];
}

static void staged_clear(struct staged *s)
{
	for (int c = 0; c < C_N; c++) {
		free(s->v[c]);
		s->v[c] = NULL;
	}
}

/* Writes rows[0..n) with statements of 100, 10 and 1 rows. */
static NEOERR *stage_flush(long long batch, struct staged *rows, int n)
{
	int at = 0;
	NEOERR *err = STATUS_OK;

	while (!err && at < n) {
		int k = n - at >= STAGE_MAX ? STAGE_MAX : n - at >= 10 ? 10 : 1;
		DB_STMT *q;

		err = db_prepare(&q, stage_sql(k));
		if (err)
			break;
		for (int i = 0; i < k; i++) {
			struct staged *s = &rows[at + i];
			int p = i * STAGE_COLS;

			db_bind_int(q, p + 1, batch);
			db_bind_int(q, p + 2, s->row_no);
			for (int c = 0; c < C_N; c++)
				db_bind_text(q, p + 3 + c, s->v[c]);
			db_bind_text(q, p + 11, s->error[0] ? s->error : NULL);
			if (s->dup >= 0)
				db_bind_int(q, p + 12, s->dup);
			else
				db_bind_null(q, p + 12);
		}
		db_step(q);
		err = db_finalize(q);
		at += k;
	}
	for (int i = 0; i < n; i++)
		staged_clear(&rows[i]);
	return nerr_pass(err);
}

/* Checks one data record and fills s; counts it.  *skip when the record
 * has nothing in any known column (spreadsheets end with such rows). */
static NEOERR *stage_row(REQUEST *req, const struct csv_row *row, const int *map,
			 long long channel, const struct vocab *vocab, struct seen_set *set,
			 struct staged *s, struct counts *n, int *skip)
{
	struct lead_input in;
	struct lead_errors errs;
	const char **v[C_N] = { &in.name, &in.phone, &in.email, &in.company,
				&in.region_code, &in.industry, &in.need, &in.intent };
	char keys[3][210];
	int any = 0, oom = 0;
	NEOERR *err;

	*skip = 0;
	memset(s, 0, sizeof(*s));
	s->row_no = row->record;
	s->dup = -1;
	for (int c = 0; c < C_N; c++) {
		if (map[c] < 0 || (size_t)map[c] >= row->nfields)
			continue;
		s->v[c] = trimmed(row->fields[map[c]], row->lens[map[c]], &oom);
		any |= s->v[c] != NULL;
	}
	if (!any && !row->error && !oom) {
		*skip = 1;
		return STATUS_OK;
	}
	/* spreadsheets mark a number as text with a leading apostrophe */
	if (s->v[C_PHONE] && s->v[C_PHONE][0] == '\'')
		memmove(s->v[C_PHONE], s->v[C_PHONE] + 1, strlen(s->v[C_PHONE]));
	if (s->v[C_INDUSTRY]) {
		const char *code = words_code(&vocab->industries, s->v[C_INDUSTRY]);

		if (code && strlen(code) <= strlen(s->v[C_INDUSTRY]))
			strcpy(s->v[C_INDUSTRY], code);   /* fits: checked above */
		else if (code) {
			free(s->v[C_INDUSTRY]);
			s->v[C_INDUSTRY] = strdup(code);
			oom |= !s->v[C_INDUSTRY];
		}
	}
	if (s->v[C_INTENT]) {
		char *codes = intent_codes(&vocab->signals, s->v[C_INTENT]);

		oom |= !codes;
		free(s->v[C_INTENT]);
		s->v[C_INTENT] = codes;
		if (codes && !*codes) {
			free(codes);
			s->v[C_INTENT] = NULL;
		}
	}
	if (oom)
		return nerr_raise(NERR_NOMEM, "import row %lld", s->row_no);
	memset(&in, 0, sizeof(in));
	for (int c = 0; c < C_N; c++)
		*v[c] = s->v[c];
	in.channel_id = channel;
	n->total++;
	if (row->error)
		error_add(s->error, "row", csv_error_key(row->error));
	lead_check(&in, &errs);
	for (int i = 0; i < errs.n; i++)
		error_add(s->error, errs.e[i].field, errs.e[i].key);
	if (s->error[0]) {
		n->bad++;
		for (int c = 0; c < C_N; c++)
			if (s->v[c])
				cut_chars(s->v[c], cols[c].chars);
		return STATUS_OK;
	}
	/* Only duplicates the importer may see are reported (R8.2): see
	 * lead_find_duplicate_visible(). */
	err = lead_find_duplicate_visible(req, &in, &s->dup);
	if (err)
		return nerr_pass(err);
	if (!s->dup)
		s->dup = -1;
	person_keys(&in, keys);
	for (int k = 0; k < 3 && s->dup < 0; k++) {
		long long first = keys[k][0] ? seen_find(set, keys[k]) : 0;

		if (first) {
			s->dup = 0;
			snprintf(s->error, sizeof(s->error), "row=%lld", first);
		}
	}
	for (int k = 0; k < 3; k++)
		if (keys[k][0] && !seen_add(set, keys[k], s->row_no))
			return nerr_raise(NERR_NOMEM, "import: seen set");
	if (s->dup >= 0)
		n->dup++;
	else
		n->ok++;
	return STATUS_OK;
}

/* ---- pages --------------------------------------------------------------- */

static long long import_daily_limit(void)
{
	long v = config_int("Import.DailyLimit");

	return v > 0 ? v : IMPORT_DAILY_DEFAULT;
}

static NEOERR *import_fill_page(REQUEST *req)
{
	DB_STMT *q;
	int n = 0;
	char num[32];
	NEOERR *err;

	/* only active channels take leads (lead_create refuses the rest) */
	err = render_id_names(req->hdf, "Import.Channels",
			      "SELECT id, name FROM channel WHERE active = 1 ORDER BY id");
	if (!err)
		err = db_prepare(&q, "SELECT b.id, b.filename, c.name, b.status, b.rows_total,"
				 " b.rows_ok, b.rows_duplicate, b.rows_bad, b.rows_imported, b.created_at"
				 " FROM import_batch b JOIN channel c ON c.id = b.channel_id"
				 " WHERE b.user_id = ? ORDER BY b.created_at DESC, b.id DESC LIMIT 10");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Import.Batches", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "File", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Channel", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Status", db_col_text(q, 3));
		if (!err) err = hdf_set_value(row, "Total", db_col_text(q, 4));
		if (!err) err = hdf_set_value(row, "Ok", db_col_text(q, 5));
		if (!err) err = hdf_set_value(row, "Duplicate", db_col_text(q, 6));
		if (!err) err = hdf_set_value(row, "Bad", db_col_text(q, 7));
		if (!err) err = hdf_set_value(row, "Imported", db_col_text(q, 8));
		if (!err) err = render_set_time(req, row, "Created", db_col_text(q, 9));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	snprintf(num, sizeof(num), "%d", IMPORT_MAX_ROWS);
	if (!err) err = hdf_set_value(req->hdf, "Import.MaxRows", num);
	snprintf(num, sizeof(num), "%lld", import_daily_limit());
	if (!err) err = hdf_set_value(req->hdf, "Import.DailyLimit", num);
	if (!err && !hdf_get_value(req->hdf, "Form.Typed.encoding", NULL))
		err = hdf_set_value(req->hdf, "Form.Typed.encoding", "auto");
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "import");
	req->template_name = "import.cs";
	return nerr_pass(err);
}

/* GET /leads/import: the upload form (active channels, encoding) and the
 * user's ten latest batches. */
NEOERR *import_page(REQUEST *req)
{
	return nerr_pass(import_fill_page(req));
}

/* The upload form again with a message under one field (a literal name). */
static NEOERR *import_refuse(REQUEST *req, const char *field, const char *key)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err && !hdf_get_value(f, field, NULL))
		err = hdf_set_value(f, field, key);
	req->status = 400;
	if (!err)
		err = import_fill_page(req);
	return nerr_pass(err);
}

/* Maps the header record; a refusal key when the file cannot be read as a
 * list of leads. */
static NEOERR *import_header(REQUEST *req, const struct csv_row *h, int *map,
			     const char **refusal)
{
	STRING found;
	NEOERR *err = STATUS_OK;

	*refusal = NULL;
	for (int c = 0; c < C_N; c++)
		map[c] = -1;
	for (size_t i = 0; i < h->nfields; i++) {
		int c = header_column(h->fields[i]);

		if (c >= 0 && map[c] < 0)
			map[c] = (int)i;
	}
	if (map[C_NAME] < 0 && (h->error == CSV_E_ENCODING || h->error == CSV_E_NUL))
		*refusal = "Import.E.HeaderEncoding";   /* most likely the wrong encoding chosen */
	else if (map[C_NAME] < 0)
		*refusal = "Import.E.NoName";
	else if (map[C_PHONE] < 0 && map[C_EMAIL] < 0)
		*refusal = "Import.E.NoContact";
	if (!*refusal)
		return STATUS_OK;
	/* say what the file's first line held, so the user sees the mismatch */
	string_init(&found);
	for (size_t i = 0; !err && i < h->nfields && i < 20; i++) {
		char cell[244];

		/* cut by characters: the page must stay valid UTF-8 */
		snprintf(cell, sizeof(cell), "%s", h->fields[i]);
		cut_chars(cell, 60);
		err = string_appendf(&found, "%s%s", i ? " | " : "", cell);
	}
	if (!err && found.buf)
		err = hdf_set_value(req->hdf, "Import.Found", found.buf);
	string_clear(&found);
	return nerr_pass(err);
}

static const char *fatal_key(int fatal)
{
	switch (fatal) {
	case CSV_F_TOO_MANY_RECORDS: return "Import.E.TooManyRows";
	case CSV_F_NOMEM: return "Import.E.TooBig";
	default: return "Import.E.Unreadable";
	}
}

/* Reads the file into a new batch, all in one transaction.  *refusal is
 * set (and nothing is kept) when the file as a whole cannot be used. */
static NEOERR *import_read(REQUEST *req, FILE *fp, enum csv_encoding enc,
			   long long channel, const char *filename, long long *batch,
			   const char **refusal)
{
	struct csv_limits lim = { IMPORT_MAX_FIELDS, IMPORT_MAX_FIELD_BYTES, IMPORT_MAX_ROWS + 1 };
	CSV_READER *r = csv_open_file(fp, enc, &lim);
	struct csv_row row;
	struct seen_set set = { NULL, 0, 0 };
	struct vocab vocab;
	struct counts n = { 0, 0, 0, 0 };
	struct staged *buf = calloc(STAGE_MAX, sizeof(*buf));
	unsigned long long id = 0;
	int map[C_N], nbuf = 0, rc;
	NEOERR *err = STATUS_OK;

	*batch = 0;
	*refusal = NULL;
	err = vocab_build(&vocab);
	if (err || !r || !buf) {
		vocab_free(&vocab);
		csv_close(r);
		free(buf);
		return err ? nerr_pass(err) : nerr_raise(NERR_NOMEM, "import reader");
	}
	rc = csv_next(r, &row);
	if (rc == 0)
		*refusal = "Import.E.Empty";
	else if (rc < 0)
		*refusal = fatal_key(csv_fatal(r));
	else
		err = import_header(req, &row, map, refusal);
	if (!err && !*refusal)
		err = db_begin();
	if (!err && !*refusal)
		err = db_execf(&id, "INSERT INTO import_batch (user_id, channel_id, filename, encoding,"
			       " status, created_at) VALUES (?, ?, ?, ?, 'preview', UTC_TIMESTAMP(6))",
			       "iitt", req->user->id, channel, filename, csv_encoding_name(enc));
	while (!err && !*refusal && (rc = csv_next(r, &row)) == 1) {
		int skip;

		err = stage_row(req, &row, map, channel, &vocab, &set, &buf[nbuf], &n, &skip);
		if (err || skip)
			staged_clear(&buf[nbuf]);
		if (!err && !skip && ++nbuf == STAGE_MAX) {
			err = stage_flush((long long)id, buf, nbuf);
			nbuf = 0;
		}
	}
	if (!err && !*refusal && rc < 0)
		*refusal = fatal_key(csv_fatal(r));
	if (!err && !*refusal && n.total == 0)
		*refusal = "Import.E.NoRows";
	if (!err && !*refusal && nbuf) {
		err = stage_flush((long long)id, buf, nbuf);
		nbuf = 0;
	}
	if (!err && !*refusal)
		err = db_execf(NULL, "UPDATE import_batch SET rows_total = ?, rows_ok = ?,"
			       " rows_duplicate = ?, rows_bad = ? WHERE id = ?", "iiiii",
			       n.total, n.ok, n.dup, n.bad, (long long)id);
	if (!err && !*refusal) {
		char after[400], file[201];
		struct audit_event ev = { "import.upload", "import_batch", (long long)id,
					  NULL, NULL, after };

		/* the validator kept the name to 200 bytes of UTF-8 */
		snprintf(file, sizeof(file), "%s", filename);
		snprintf(after, sizeof(after), "file=%s encoding=%s channel=%lld rows=%lld"
			 " ok=%lld duplicate=%lld bad=%lld", file, csv_encoding_name(enc),
			 channel, n.total, n.ok, n.dup, n.bad);
		err = audit_log(req, &ev);
	}
	for (int i = 0; i < nbuf; i++)
		staged_clear(&buf[i]);
	free(buf);
	seen_free(&set);
	vocab_free(&vocab);
	csv_close(r);
	if (db_in_transaction()) {
		if (*refusal && !err) {
			NEOERR *rb = db_rollback();   /* the file as a whole is refused */

			nerr_ignore(&rb);
		} else
			err = db_finish(err);
	}
	if (!err && !*refusal)
		*batch = (long long)id;
	return nerr_pass(err);
}

/* POST /leads/import: stages every row of the uploaded CSV with its
 * errors and duplicates in a new batch (status preview) and answers 303 to
 * its preview; a file that cannot be used at all gives the form again
 * (400) and keeps nothing.  No lead is created here. */
NEOERR *import_upload(REQUEST *req)
{
	long long channel = request_param_int(req, "channel", 0), found = 0, batch;
	const char *encoding = request_param(req, "encoding");
	const char *name = request_param(req, "file"), *refusal, *base;
	enum csv_encoding enc = CSV_UTF8;
	FILE *fp;
	char path[64];
	NEOERR *err;

	if (req->param_errors) {
		/* the dispatcher has marked the fields */
		req->status = 400;
		return nerr_pass(import_fill_page(req));
	}
	if (!channel)
		return nerr_pass(import_refuse(req, "channel", "Valid.Required"));
	err = db_int_query(&found, NULL, "SELECT COUNT(*) FROM channel WHERE id = ? AND active = 1",
			   "i", channel);
	if (err)
		return nerr_pass(err);
	if (!found)
		return nerr_pass(import_refuse(req, "channel", "Valid.Unknown"));
	if (encoding && strcmp(encoding, "auto") && strcmp(encoding, "utf-8") &&
	    strcmp(encoding, "gbk"))
		return nerr_pass(import_refuse(req, "encoding", "Valid.Unknown"));
	fp = name ? cgi_filehandle(req->cgi, "file") : NULL;
	if (!fp)
		return nerr_pass(import_refuse(req, "file", "Valid.File"));
	if (fseek(fp, 0, SEEK_SET))
		return nerr_pass(import_refuse(req, "file", "Import.E.Unreadable"));
	if (encoding && !strcmp(encoding, "gbk"))
		enc = CSV_GBK;
	else if (!encoding || !strcmp(encoding, "auto")) {
		if (csv_detect_file(fp, &enc) < 0)
			return nerr_pass(import_refuse(req, "file", "Import.E.Unreadable"));
	}
	/* some browsers send the whole path */
	base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!*base)
		base = "upload.csv";
	err = import_read(req, fp, enc, channel, base, &batch, &refusal);
	if (err)
		return nerr_pass(err);
	if (refusal)
		return nerr_pass(import_refuse(req, "file", refusal));
	snprintf(path, sizeof(path), "/leads/import/%lld", batch);
	return nerr_pass(request_redirect(req, path));
}

struct batch {
	long long id, user_id, channel_id;
	long long total, ok, dup, bad, imported;
	int bulk_confirmed;
	char status[16];
};

/* The batch of the path, only for its owner (anyone else: 404, as if it
 * did not exist).  for_update locks it in the open transaction. */
static NEOERR *batch_load(REQUEST *req, struct batch *b, int for_update)
{
	DB_STMT *q;
	NEOERR *err;

	memset(b, 0, sizeof(*b));
	err = db_prepare(&q, for_update
		? "SELECT id, user_id, channel_id, rows_total, rows_ok, rows_duplicate, rows_bad,"
		  " rows_imported, bulk_confirmed, status FROM import_batch WHERE id = ? FOR UPDATE"
		: "SELECT id, user_id, channel_id, rows_total, rows_ok, rows_duplicate, rows_bad,"
		  " rows_imported, bulk_confirmed, status FROM import_batch WHERE id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->ids[0]);
	if (db_step(q) == DB_ROW) {
		b->id = db_col_int(q, 0);
		b->user_id = db_col_int(q, 1);
		b->channel_id = db_col_int(q, 2);
		b->total = db_col_int(q, 3);
		b->ok = db_col_int(q, 4);
		b->dup = db_col_int(q, 5);
		b->bad = db_col_int(q, 6);
		b->imported = db_col_int(q, 7);
		b->bulk_confirmed = (int)db_col_int(q, 8);
		snprintf(b->status, sizeof(b->status), "%s", db_col_text(q, 9));
	}
	err = db_finalize(q);
	if (!err && (!b->id || b->user_id != req->user->id))
		err = nerr_raise(ERR_NOT_FOUND, "import batch %lld", req->ids[0]);
	return nerr_pass(err);
}

/* "phone=Valid.Phone;name=Valid.Required" → Errors.N.Field / .Key. */
static NEOERR *fill_errors(HDF *row, const char *list)
{
	int n = 0;
	NEOERR *err = STATUS_OK;

	for (const char *p = list; !err && p && *p;) {
		size_t l = strcspn(p, ";"), f = strcspn(p, "=");
		char field[40], key[80];
		HDF *e;

		if (f < l) {
			snprintf(field, sizeof(field), "%.*s", (int)(f < 39 ? f : 39), p);
			snprintf(key, sizeof(key), "%.*s", (int)(l - f - 1 < 79 ? l - f - 1 : 79), p + f + 1);
			err = render_row(row, "Errors", n++, &e);
			if (!err) err = hdf_set_value(e, "Field", field);
			if (!err) err = hdf_set_value(e, "Key", key);
		}
		p += l + (p[l] == ';');
	}
	return nerr_pass(err);
}

/* Rows of the batch into list: the first ones, or the first with a problem. */
static NEOERR *fill_rows(REQUEST *req, long long batch, const char *list, int problems)
{
	DB_STMT *q;
	int n = 0;
	NEOERR *err;

	err = db_prepare(&q, problems
		? "SELECT row_no, name, phone, email, company, region_code, industry, intent,"
		  " error, duplicate_of FROM import_row WHERE batch_id = ?"
		  " AND (error IS NOT NULL OR duplicate_of IS NOT NULL) ORDER BY row_no LIMIT 50"
		: "SELECT row_no, name, phone, email, company, region_code, industry, intent,"
		  " error, duplicate_of FROM import_row WHERE batch_id = ? ORDER BY row_no LIMIT 50");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, batch);
	while (!err && db_step(q) == DB_ROW) {
		const char *error = db_col_text(q, 8);
		int dup = !db_col_is_null(q, 9);
		HDF *row;

		err = render_row(req->hdf, list, n++, &row);
		if (!err) err = hdf_set_value(row, "RowNo", db_col_text(q, 0));
		if (!err) err = render_set(row, "Name", db_col_text(q, 1));
		if (!err) err = render_set(row, "Phone", db_col_text(q, 2));
		if (!err) err = render_set(row, "Email", db_col_text(q, 3));
		if (!err) err = render_set(row, "Company", db_col_text(q, 4));
		if (!err) err = render_set(row, "Region", db_col_text(q, 5));
		if (!err) err = render_set(row, "Industry", db_col_text(q, 6));
		if (!err) err = render_set(row, "Intent", db_col_text(q, 7));
		if (!err && dup) {
			long long lead = db_col_int(q, 9);

			err = hdf_set_value(row, "Status", "duplicate");
			if (!err && lead > 0)
				err = hdf_set_value(row, "DupLead", db_col_text(q, 9));
			if (!err && lead == 0 && error && !strncmp(error, "row=", 4))
				err = hdf_set_value(row, "DupRow", error + 4);
		} else if (!err && error) {
			err = hdf_set_value(row, "Status", "bad");
			if (!err)
				err = fill_errors(row, error);
		} else if (!err)
			err = hdf_set_value(row, "Status", "ok");
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

/* The preview (or result) page of a loaded batch. */
static NEOERR *import_fill_preview(REQUEST *req, const struct batch *b)
{
	DB_STMT *q;
	long long today = 0, limit = import_daily_limit();
	char num[32];
	HDF *node;
	NEOERR *err = hdf_get_node(req->hdf, "Import.Batch", &node);

	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "SELECT b.filename, b.encoding, c.name, b.created_at, b.finished_at"
			 " FROM import_batch b JOIN channel c ON c.id = b.channel_id WHERE b.id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, b->id);
	if (db_step(q) == DB_ROW) {
		err = hdf_set_value(node, "File", db_col_text(q, 0));
		if (!err) err = hdf_set_value(node, "Encoding", db_col_text(q, 1));
		if (!err) err = hdf_set_value(node, "Channel", db_col_text(q, 2));
		if (!err) err = render_set_time(req, node, "Created", db_col_text(q, 3));
		if (!err) err = render_set_time(req, node, "Finished", db_col_text(q, 4));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	snprintf(num, sizeof(num), "%lld", b->id);
	if (!err) err = hdf_set_value(node, "Id", num);
	if (!err) err = hdf_set_value(node, "Status", b->status);
#define SETN(name, v) do { snprintf(num, sizeof(num), "%lld", (long long)(v)); \
		if (!err) err = hdf_set_value(node, name, num); } while (0)
	SETN("Total", b->total);
	SETN("Ok", b->ok);
	SETN("Duplicate", b->dup);
	SETN("Bad", b->bad);
	SETN("Imported", b->imported);
	SETN("WithDuplicates", b->ok + b->dup);
	if (!err && b->bulk_confirmed)
		err = hdf_set_value(node, "BulkConfirmed", "1");
	/* R1.4: the anomaly guard, shown before anyone presses the button */
	if (!err && !strcmp(b->status, "preview"))
		err = db_int_query(&today, NULL,
				   "SELECT COUNT(*) FROM lead WHERE created_at >= UTC_DATE()", NULL);
	if (!err && !strcmp(b->status, "preview")) {
		HDF *g;

		err = hdf_get_node(req->hdf, "Import.Guard", &g);
		node = g;
		SETN("Today", today);
		SETN("Limit", limit);
		SETN("AfterSkip", today + b->ok);
		SETN("AfterImport", today + b->ok + b->dup);
		if (!err && today + b->ok > limit)
			err = hdf_set_value(g, "Skip", "1");
		if (!err && today + b->ok + b->dup > limit)
			err = hdf_set_value(g, "Import", "1");
	}
#undef SETN
	if (!err)
		err = fill_rows(req, b->id, "Import.Problems", 1);
	if (!err)
		err = fill_rows(req, b->id, "Import.Rows", 0);
	if (!err && !hdf_get_value(req->hdf, "Form.Typed.duplicates", NULL))
		err = hdf_set_value(req->hdf, "Form.Typed.duplicates", "skip");
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "import");
	req->template_name = "import_preview.cs";
	return nerr_pass(err);
}

/* GET /leads/import/#: counts, the first rows and the rows with problems,
 * the anomaly guard and the confirm form; only for the batch's owner. */
NEOERR *import_preview(REQUEST *req)
{
	struct batch b;
	NEOERR *err = batch_load(req, &b, 0);

	if (!err)
		err = import_fill_preview(req, &b);
	return nerr_pass(err);
}

/* The preview again, with a message above the confirm form. */
static NEOERR *import_preview_again(REQUEST *req, const char *message)
{
	struct batch b;
	NEOERR *err = batch_load(req, &b, 0);

	req->status = 400;
	if (!err && message)
		err = hdf_set_value(req->hdf, "Import.Message", message);
	if (!err)
		err = import_fill_preview(req, &b);
	return nerr_pass(err);
}

static int truthy(const char *v)
{
	return v && (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true"));
}

/* Every accepted row through lead_create, in the caller's transaction. */
static NEOERR *import_create_leads(REQUEST *req, const struct batch *b, int with_dups,
				   long long *created)
{
	char source[40];
	long long after = 0;
	int got;
	NEOERR *err = STATUS_OK;

	*created = 0;
	snprintf(source, sizeof(source), "import:%lld", b->id);
	/* in chunks by row number: the client never holds 100,000 rows */
	do {
		DB_STMT *q;

		got = 0;
		err = db_prepare(&q, with_dups
			? "SELECT row_no, name, phone, email, company, region_code, industry, need,"
			  " intent FROM import_row WHERE batch_id = ? AND row_no > ?"
			  " AND (error IS NULL OR duplicate_of IS NOT NULL) ORDER BY row_no LIMIT 1000"
			: "SELECT row_no, name, phone, email, company, region_code, industry, need,"
			  " intent FROM import_row WHERE batch_id = ? AND row_no > ?"
			  " AND error IS NULL AND duplicate_of IS NULL ORDER BY row_no LIMIT 1000");
		if (err)
			break;
		db_bind_int(q, 1, b->id);
		db_bind_int(q, 2, after);
		while (!err && db_step(q) == DB_ROW) {
			struct lead_input in;
			struct lead_errors errs;
			long long id;

			memset(&in, 0, sizeof(in));
			after = db_col_int(q, 0);
			in.channel_id = b->channel_id;
			in.name = db_col_text(q, 1);
			in.phone = db_col_text(q, 2);
			in.email = db_col_text(q, 3);
			in.company = db_col_text(q, 4);
			in.region_code = db_col_text(q, 5);
			in.industry = db_col_text(q, 6);
			in.need = db_col_text(q, 7);
			in.intent = db_col_text(q, 8);
			in.source = source;
			/* staged rows were checked at upload; a row that no longer
			 * passes means the rules changed under the batch */
			if (!lead_check(&in, &errs)) {
				err = nerr_raise(ERR_CONFLICT, "import %lld row %lld fails %s",
						 b->id, after, errs.e[0].key);
				break;
			}
			/* One audit row for the whole batch (import.confirm, below):
			 * the leads carry source import:<batch>, and thousands of
			 * rows must not hold the audit chain's lock for a minute. */
			in.no_audit = 1;
			in.defer_routing = 1;   /* the scheduler routes the batch (issue 8) */
			err = lead_create(&in, req->actor->id, req->actor->login, req->rid, &id);
			if (!err)
				(*created)++;
			got++;
		}
		if (err) {
			db_finalize(q);
			break;
		}
		err = db_finalize(q);
	} while (!err && got == IMPORT_CHUNK);
	return nerr_pass(err);
}

/* POST /leads/import/#/confirm: in one transaction, a lead (lead_create,
 * source import:<id>, no owner) for every ok row and, with
 * duplicates=import, every duplicate; the batch becomes done.  All or
 * nothing.  Past the daily limit (R1.4) it needs bulk_ok, else the preview
 * comes back (400) and nothing changes.  409 when the batch is not waiting. */
NEOERR *import_confirm(REQUEST *req)
{
	const char *dups = request_param(req, "duplicates");
	int with_dups, bulk = truthy(request_param(req, "bulk_ok")), needs_bulk;
	long long today = 0, limit = import_daily_limit(), n, created = 0, active = 0;
	struct batch b;
	char after[120], path[64];
	NEOERR *err;

	if (dups && strcmp(dups, "skip") && strcmp(dups, "import")) {
		HDF *f;

		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err)
			err = hdf_set_value(f, "duplicates", "Valid.Unknown");
		if (err)
			return nerr_pass(err);
	}
	if (req->param_errors || hdf_get_obj(req->hdf, "Form.Errors.duplicates"))
		return nerr_pass(import_preview_again(req, NULL));
	with_dups = dups && !strcmp(dups, "import");
	err = db_begin();
	if (err)
		return nerr_pass(err);
	/* the row lock makes a second confirmation (another tab, a double
	 * click) wait and then find the batch done */
	err = batch_load(req, &b, 1);
	if (!err && strcmp(b.status, "preview"))
		err = nerr_raise(ERR_CONFLICT, "import batch %lld is %s", b.id, b.status);
	if (!err)
		err = db_int_query(&active, NULL, "SELECT COUNT(*) FROM channel WHERE id = ? AND active = 1",
				   "i", b.channel_id);
	if (!err && !active)
		err = nerr_raise(ERR_CONFLICT, "import batch %lld: channel %lld inactive", b.id,
				 b.channel_id);
	if (!err)
		err = db_int_query(&today, NULL,
				   "SELECT COUNT(*) FROM lead WHERE created_at >= UTC_DATE()", NULL);
	if (err)
		return nerr_pass(db_finish(err));
	n = b.ok + (with_dups ? b.dup : 0);
	needs_bulk = today + n > limit;
	if (needs_bulk && !bulk) {
		NEOERR *rb = db_rollback();   /* nothing was written */

		nerr_ignore(&rb);
		return nerr_pass(import_preview_again(req, "BulkNeeded"));
	}
	if (needs_bulk) {
		struct audit_event ev = { "import.bulk_confirmed", "import_batch", b.id, NULL,
					  NULL, after };

		snprintf(after, sizeof(after), "today=%lld rows=%lld limit=%lld", today, n, limit);
		err = audit_log(req, &ev);
	}
	if (!err)
		err = import_create_leads(req, &b, with_dups, &created);
	if (!err && created != n)
		err = nerr_raise(ERR_CONFLICT, "import batch %lld: %lld rows, %lld expected",
				 b.id, created, n);
	if (!err)
		err = db_execf(NULL, "UPDATE import_batch SET status = 'done', rows_imported = ?,"
			       " bulk_confirmed = ?, finished_at = UTC_TIMESTAMP(6) WHERE id = ?",
			       "iii", created, (long long)needs_bulk, b.id);
	if (!err) {
		struct audit_event ev = { "import.confirm", "import_batch", b.id, NULL, NULL, after };

		snprintf(after, sizeof(after), "rows=%lld duplicates=%s", created,
			 with_dups ? "import" : "skip");
		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	snprintf(path, sizeof(path), "/leads/import/%lld", b.id);
	return nerr_pass(request_redirect(req, path));
}

/* POST /leads/import/#/cancel: the waiting batch becomes cancelled and its
 * staged rows are deleted; 409 when it is not waiting. */
NEOERR *import_cancel(REQUEST *req)
{
	struct batch b;
	char path[64];
	NEOERR *err = db_begin();

	if (err)
		return nerr_pass(err);
	err = batch_load(req, &b, 1);
	if (!err && strcmp(b.status, "preview"))
		err = nerr_raise(ERR_CONFLICT, "import batch %lld is %s", b.id, b.status);
	if (!err)
		err = db_execf(NULL, "UPDATE import_batch SET status = 'cancelled',"
			       " finished_at = UTC_TIMESTAMP(6) WHERE id = ?", "i", b.id);
	/* the staged rows hold personal data nobody will use now */
	if (!err)
		err = db_execf(NULL, "DELETE FROM import_row WHERE batch_id = ?", "i", b.id);
	if (!err) {
		struct audit_event ev = { "import.cancel", "import_batch", b.id, NULL, NULL, NULL };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	snprintf(path, sizeof(path), "/leads/import/%lld", b.id);
	return nerr_pass(request_redirect(req, path));
}
