/* render.c — templates in, HTML out. */
#include <ctype.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "db.h"
#include "render.h"
#include "route.h"
#include "user.h"

static HDF *render_global[LANG_COUNT];

/* Template sources, read once per worker: a page includes four or five
 * files, and stat/open/read on each costs more than rendering it.  A
 * worker started after a deploy (SIGHUP) reads the new ones. */
#define TCACHE_SLOTS 64
static struct {
	char *name;
	char *text;
	size_t len;
} tcache[TCACHE_SLOTS];
static const char *const render_codes[LANG_COUNT] = { "zh-CN", "en" };

int render_lang_index(const char *code)
{
	if (!code)
		return -1;
	for (int i = 0; i < LANG_COUNT; i++)
		if (!strcasecmp(code, render_codes[i]))
			return i;
	return -1;
}

const char *render_lang_code(int lang)
{
	return (lang >= 0 && lang < LANG_COUNT) ? render_codes[lang] : render_codes[0];
}

/* "zh", "zh-CN", "zh-Hans-CN" → Chinese; "en", "en-US" → English. */
static int render_lang_prefix(const char *tag, size_t n)
{
	if (n >= 2 && !strncasecmp(tag, "zh", 2) && (n == 2 || tag[2] == '-'))
		return LANG_ZH_CN;
	if (n >= 2 && !strncasecmp(tag, "en", 2) && (n == 2 || tag[2] == '-'))
		return LANG_EN;
	return -1;
}

int render_lang_from_header(const char *accept, int dflt)
{
	int best = -1;
	double best_q = 0.0;
	const char *p = accept;

	if (!p)
		return dflt;
	while (*p) {
		const char *tag, *end;
		size_t tl;
		double q = 1.0;
		int lang;

		while (*p == ' ' || *p == ',')
			p++;
		tag = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ')
			p++;
		tl = (size_t)(p - tag);
		end = p;
		while (*end && *end != ',')
			end++;
		/* parameters: only q matters */
		for (const char *s = p; s < end; s++)
			if (*s == ';') {
				const char *t = s + 1;

				while (t < end && *t == ' ')
					t++;
				if (t + 1 < end && (t[0] == 'q' || t[0] == 'Q') && t[1] == '=')
					q = strtod(t + 2, NULL);
			}
		p = end;
		if (tl == 0 || q <= 0.0 || q > 1.0)
			continue;
		lang = render_lang_prefix(tag, tl);
		if (lang >= 0 && q > best_q) {
			best = lang;
			best_q = q;
		}
	}
	return best >= 0 ? best : dflt;
}

int render_choose_lang(REQUEST *req)
{
	int dflt = render_lang_index(config_get("Site.DefaultLang"));
	int lang = render_lang_index(request_param(req, "lang"));

	if (lang >= 0) {
		/* ?lang=en on any page switches and remembers the choice.  The
		 * cookie value comes from our own table, not from the request. */
		char cookie[96];

		snprintf(cookie, sizeof(cookie),
			 "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax",
			 render_codes[lang]);
		if (request_header(req, "Set-Cookie", cookie) == STATUS_OK) {
			req->lang_explicit = 1;
			return lang;
		}
	}
	lang = render_lang_index(request_cookie(req, "lang"));
	if (dflt < 0)
		dflt = LANG_ZH_CN;
	if (lang >= 0)
		return lang;
	return render_lang_from_header(request_env(req, "HTTP.AcceptLanguage"), dflt);
}

/* Issue 10: a language's strings are ~0.7 MB of HDF nodes.  A worker
 * (render_lazy_langs) loads each language on its first page in it; the
 * master loads both at start and on SIGHUP before it starts workers, so a
 * broken language file is still refused there. */
static int render_lazy;

void render_lazy_langs(void)
{
	render_lazy = 1;
}

static NEOERR *render_lang_load(int i)
{
	NEOERR *err;
	const char *dir = config_get("Paths.Templates");
	char path[1024];

	err = hdf_init(&render_global[i]);
	if (err)
		return nerr_pass(err);
	snprintf(path, sizeof(path), "%s/lang/%s.hdf", dir, render_codes[i]);
	/* Load paths first: language files #include their parts
	 * ("lang/zh-CN/leads.hdf"), found relative to the templates. */
	err = hdf_set_value(render_global[i], "hdf.loadpaths.0", dir);
	if (!err)
		err = hdf_read_file(render_global[i], path);
	if (!err)
		err = hdf_set_value(render_global[i], "Lang.Code", render_codes[i]);
	if (err)
		hdf_destroy(&render_global[i]);
	return nerr_pass_ctx(err, "loading language files from %s/lang", dir);
}

/* The strings of LANG (0 when out of range), loaded now if need be; NULL
 * (logged) when they cannot be read. */
static HDF *render_lang_hdf(int lang)
{
	NEOERR *err;

	if (lang < 0 || lang >= LANG_COUNT)
		lang = 0;
	if (!render_global[lang] && render_lazy) {
		err = render_lang_load(lang);
		if (err)
			err_log_and_free(&err);
	}
	return render_global[lang];
}

NEOERR *render_init(void)
{
	NEOERR *err = STATUS_OK;

	render_fini();
	for (int i = 0; i < LANG_COUNT && !err && !render_lazy; i++)
		err = render_lang_load(i);
	if (err)
		render_fini();
	return nerr_pass(err);
}

static void render_pcache_clear(void);

void render_fini(void)
{
	render_pcache_clear();
	render_id_names_forget();
	for (int i = 0; i < LANG_COUNT; i++)
		hdf_destroy(&render_global[i]);
	for (int i = 0; i < TCACHE_SLOTS; i++) {
		free(tcache[i].name);
		free(tcache[i].text);
		tcache[i].name = tcache[i].text = NULL;
	}
}

/* ClearSilver's file loader: names are literals in our templates and code;
 * anything with a slash or dots in front is refused all the same. */
static NEOERR *render_load(void *ctx, HDF *hdf, const char *name, char **out)
{
	int i;

	(void)ctx;
	(void)hdf;
	*out = NULL;
	if (!name[0] || name[0] == '.' || strchr(name, '/'))
		return nerr_raise(NERR_ASSERT, "template name %s", name);
	for (i = 0; i < TCACHE_SLOTS && tcache[i].name; i++)
		if (!strcmp(tcache[i].name, name))
			break;
	if (i == TCACHE_SLOTS || !tcache[i].name) {
		char path[1024], *text = NULL;
		NEOERR *err;

		snprintf(path, sizeof(path), "%s/%s", config_get("Paths.Templates"), name);
		err = ne_load_file(path, &text);
		if (err)
			return nerr_pass(err);
		if (i == TCACHE_SLOTS) {
			*out = text;   /* cache full: serve uncached */
			return STATUS_OK;
		}
		tcache[i].name = strdup(name);
		tcache[i].text = text;
		tcache[i].len = strlen(text);
		if (!tcache[i].name)
			return nerr_raise(NERR_NOMEM, "template cache");
	}
	/* ClearSilver owns and frees what it is given. */
	*out = malloc(tcache[i].len + 1);
	if (!*out)
		return nerr_raise(NERR_NOMEM, "template copy");
	memcpy(*out, tcache[i].text, tcache[i].len + 1);
	return STATUS_OK;
}

const char *render_text(int lang, const char *key)
{
	HDF *g = render_lang_hdf(lang);
	HDF *l = g ? hdf_get_obj(g, "Lang") : NULL;

	return l ? hdf_get_value(l, key, key) : key;
}

static NEOERR *render_out(void *ctx, char *s)
{
	/* one scan of s, not two (string_append measures, then strcpy's) */
	return nerr_pass(string_appendn((STRING *)ctx, s, (int)strlen(s)));
}

/* Parsed templates, one per page template per worker: parsing costs as
 * much as rendering, and a ClearSilver parse tree can be rendered again
 * with another request's HDF (cs_render documents the repeat; the tree
 * holds names, not values — our includes are literals, resolved at parse
 * time).  A render that fails drops its tree, since ClearSilver may leave
 * loop or macro state behind on an error path. */
#define PCACHE_SLOTS 64
static struct {
	char *name;
	CSPARSE *cs;
} pcache[PCACHE_SLOTS];

static void render_pcache_clear(void)
{
	for (int i = 0; i < PCACHE_SLOTS; i++) {
		cs_destroy(&pcache[i].cs);
		free(pcache[i].name);
		pcache[i].name = NULL;
	}
}

/* The cached tree for NAME, parsed now when it is not there yet; *slot is
 * its index, or -1 when the cache is full (the caller destroys it). */
static NEOERR *render_parsed(REQUEST *req, const char *name, CSPARSE **out, int *slot)
{
	CSPARSE *cs = NULL;
	NEOERR *err;
	int i;

	for (i = 0; i < PCACHE_SLOTS && pcache[i].name; i++)
		if (!strcmp(pcache[i].name, name)) {
			*out = pcache[i].cs;
			*slot = i;
			return STATUS_OK;
		}
	err = cs_init(&cs, req->hdf);
	if (err)
		return nerr_pass(err);
	cs_register_fileload(cs, NULL, render_load);
	err = cgi_register_strfuncs(cs);
	if (!err)
		err = cs_parse_file(cs, name);
	if (err) {
		cs_destroy(&cs);
		return nerr_pass(err);
	}
	*out = cs;
	*slot = -1;
	if (i < PCACHE_SLOTS && (pcache[i].name = strdup(name))) {
		pcache[i].cs = cs;
		*slot = i;
	}
	return STATUS_OK;
}

NEOERR *render_page(REQUEST *req, const char *name)
{
	CSPARSE *cs = NULL;
	NEOERR *err;
	int slot = -1;

	/* Escaping must be on before cs_init reads it (the first parse). */
	err = hdf_set_value(req->hdf, "Config.VarEscapeMode", "html");
	if (!err)
		err = render_parsed(req, name, &cs, &slot);
	if (err)
		return nerr_pass_ctx(err, "parsing %s", name);
	cs->hdf = req->hdf;
	cs->global_hdf = render_lang_hdf(req->lang);
	cs->locals = NULL;
	err = cs_render(cs, &req->body, render_out);
	cs->hdf = NULL;
	cs->global_hdf = NULL;
	if (err || slot < 0) {
		cs_destroy(&cs);
		if (slot >= 0) {
			pcache[slot].cs = NULL;
			free(pcache[slot].name);
			pcache[slot].name = NULL;
			/* keep the slots dense: move the last one here */
			for (int j = PCACHE_SLOTS - 1; j > slot; j--)
				if (pcache[j].name) {
					pcache[slot] = pcache[j];
					pcache[j].name = NULL;
					pcache[j].cs = NULL;
					break;
				}
		}
	}
	return nerr_pass_ctx(err, "rendering %s", name);
}

NEOERR *render_error_page(REQUEST *req, int status)
{
	NEOERR *err;

	err = hdf_set_int_value(req->hdf, "Page.Status", status);
	if (!err)
		err = hdf_set_value(req->hdf, "Page.ErrorKey", err_lang_key(status));
	if (!err)
		err = render_page(req, "error.cs");
	return nerr_pass(err);
}

NEOERR *render_row(HDF *hdf, const char *list, int i, HDF **row)
{
	char path[128];

	snprintf(path, sizeof(path), "%s.%d", list, i);
	return nerr_pass(hdf_get_node(hdf, path, row));
}

NEOERR *render_set(HDF *node, const char *name, const char *value)
{
	return value ? nerr_pass(hdf_set_value(node, name, value)) : STATUS_OK;
}

/* "YYYY-MM-DD HH:MM[:SS...]" as it comes from MariaDB: digits by hand (a
 * list page formats a hundred of these; sscanf was a tenth of its time). */
static int render_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The zone's offset from UTC per UTC day, for days on which it does not
 * change: glibc's localtime_r re-reads the zone's rule string on every call
 * for times past the zone file's last transition (all of today's in
 * Asia/Shanghai), a fifth of a list page's time.  A day whose first and
 * last second differ in offset (a daylight-saving switch) is marked and
 * always asks localtime_r. */
static struct day_offset {
	long long day;            /* UTC day number + 1 (0: empty) */
	long offset;              /* seconds east of UTC */
	int varies;
} day_offsets[64];

static void render_local(time_t t, struct tm *tm)
{
	long long day = (long long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
	struct day_offset *d = &day_offsets[day & 63];

	if (d->day != day + 1) {
		struct tm a, b;
		time_t first = (time_t)(day * 86400), last = first + 86399;

		localtime_r(&first, &a);
		localtime_r(&last, &b);
		d->day = day + 1;
		d->offset = a.tm_gmtoff;
		d->varies = a.tm_gmtoff != b.tm_gmtoff || a.tm_isdst != b.tm_isdst;
	}
	if (d->varies) {
		localtime_r(&t, tm);
	} else {
		time_t local = t + d->offset;

		gmtime_r(&local, tm);
	}
}

void render_time(REQUEST *req, const char *utc, char *out, size_t n)
{
	static char current_tz[48];
	const char *tz = req->user && req->user->tz[0] ? req->user->tz
						       : config_get("Site.TimeZone");
	struct tm tm;
	time_t t;

	out[0] = '\0';
	if (!utc)
		return;
	memset(&tm, 0, sizeof(tm));
	if (strnlen(utc, 10) < 10 || utc[4] != '-' || utc[7] != '-' ||
	    (tm.tm_year = render_digits(utc, 4)) < 0 ||
	    (tm.tm_mon = render_digits(utc + 5, 2)) < 0 ||
	    (tm.tm_mday = render_digits(utc + 8, 2)) < 0) {
		snprintf(out, n, "%s", utc);
		return;
	}
	if (utc[10] == ' ' && strnlen(utc, 16) == 16 && utc[13] == ':' &&
	    (tm.tm_hour = render_digits(utc + 11, 2)) >= 0 &&
	    (tm.tm_min = render_digits(utc + 14, 2)) >= 0) {
		if (utc[16] == ':' && (tm.tm_sec = render_digits(utc + 17, 2)) < 0)
			tm.tm_sec = 0;
	} else {
		tm.tm_hour = tm.tm_min = 0;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	/* Workers are single-threaded: switching TZ is safe, and only done
	 * when the reader's zone differs from the last one. */
	if (strcmp(current_tz, tz)) {
		snprintf(current_tz, sizeof(current_tz), "%s", tz);
		setenv("TZ", tz, 1);
		tzset();
		memset(day_offsets, 0, sizeof(day_offsets));
	}
	render_local(t, &tm);
	if (n < 17 || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999) {
		char buf[64];

		if (!strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &tm))
			buf[0] = '\0';
		snprintf(out, n, "%s", buf);
		return;
	}
	{
		int y = tm.tm_year + 1900, v[4] = { tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min };
		static const char sep[4] = { '-', ' ', ':', '\0' };
		char *o = out;

		*o++ = (char)('0' + y / 1000);
		*o++ = (char)('0' + y / 100 % 10);
		*o++ = (char)('0' + y / 10 % 10);
		*o++ = (char)('0' + y % 10);
		*o++ = '-';
		for (int i = 0; i < 4; i++) {
			*o++ = (char)('0' + v[i] / 10);
			*o++ = (char)('0' + v[i] % 10);
			*o++ = sep[i];
		}
	}
}

void render_iso_time(REQUEST *req, const char *utc, char *out, size_t n)
{
	char probe[40];
	struct tm tm;
	time_t t;
	long off;
	int sec = 0;

	out[0] = '\0';
	if (!utc || strnlen(utc, 16) < 16 || utc[4] != '-' || utc[7] != '-' || utc[10] != ' ' ||
	    utc[13] != ':')
		return;
	memset(&tm, 0, sizeof(tm));
	if ((tm.tm_year = render_digits(utc, 4)) < 0 || (tm.tm_mon = render_digits(utc + 5, 2)) < 0 ||
	    (tm.tm_mday = render_digits(utc + 8, 2)) < 0 || (tm.tm_hour = render_digits(utc + 11, 2)) < 0 ||
	    (tm.tm_min = render_digits(utc + 14, 2)) < 0)
		return;
	if (utc[16] == ':' && (sec = render_digits(utc + 17, 2)) < 0)
		sec = 0;
	tm.tm_sec = sec;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	render_time(req, utc, probe, sizeof(probe));   /* sets TZ to the reader's zone */
	localtime_r(&t, &tm);
	if (tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		return;
	off = tm.tm_gmtoff / 60;
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
		 (off < 0 ? -off : off) / 60, (off < 0 ? -off : off) % 60);
}

NEOERR *render_set_time(REQUEST *req, HDF *node, const char *name, const char *utc)
{
	char buf[40];
	NEOERR *err;

	if (!utc)
		return STATUS_OK;
	render_time(req, utc, buf, sizeof(buf));
	err = hdf_set_value(node, name, buf);
	/* The staff API's JSON face gives the machine form (staffapi.c); the
	 * pages never see the attribute. */
	if (!err && req->route && (req->route->flags & R_STAFF_API)) {
		render_iso_time(req, utc, buf, sizeof(buf));
		if (buf[0])
			err = hdf_set_attr(node, name, "iso", buf);
	}
	return nerr_pass(err);
}

NEOERR *render_rows(HDF *hdf, const char *list, void *stmt, const char *const *names,
		    int nnames, int *count)
{
	DB_STMT *q = stmt;
	int n = 0;
	NEOERR *err = STATUS_OK;

	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(hdf, list, n++, &row);
		for (int i = 0; !err && i < nnames; i++)
			if (names[i])
				err = render_set(row, names[i], db_col_text(q, i));
	}
	if (count)
		*count = n;
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

NEOERR *render_id_names(HDF *hdf, const char *list, const char *sql)
{
	static const char *const names[] = { "Id", "Name" };
	DB_STMT *q;
	NEOERR *err = db_prepare(&q, sql);

	if (err)
		return nerr_pass(err);
	return nerr_pass(render_rows(hdf, list, q, names, 2, NULL));
}

/* Short lists every filter form shows (channels, regions): kept per worker
 * for RENDER_LIST_TTL seconds, like the field policies — an admin's new
 * channel reaches every worker's filter within that.  Keyed by the SQL
 * text, which is always a literal in the caller. */
#define RENDER_LIST_TTL 30
#define RENDER_LIST_SLOTS 8
static struct {
	const char *sql;
	HDF *rows;
	time_t at;
} render_lists[RENDER_LIST_SLOTS];

NEOERR *render_id_names_cached(HDF *hdf, const char *list, const char *sql)
{
	time_t now = time(NULL);
	int i;
	NEOERR *err;

	for (i = 0; i < RENDER_LIST_SLOTS && render_lists[i].sql; i++)
		if (!strcmp(render_lists[i].sql, sql))
			break;
	if (i == RENDER_LIST_SLOTS)
		return nerr_pass(render_id_names(hdf, list, sql));
	if (!render_lists[i].rows || now - render_lists[i].at >= RENDER_LIST_TTL ||
	    now < render_lists[i].at) {
		HDF *rows = NULL;

		err = hdf_init(&rows);
		if (!err)
			err = render_id_names(rows, "L", sql);
		if (err) {
			hdf_destroy(&rows);
			return nerr_pass(err);
		}
		hdf_destroy(&render_lists[i].rows);
		render_lists[i].sql = sql;
		render_lists[i].rows = rows;
		render_lists[i].at = now;
	}
	{
		HDF *l = hdf_get_obj(render_lists[i].rows, "L");

		return l ? nerr_pass(hdf_copy(hdf, list, l)) : STATUS_OK;
	}
}

void render_id_names_forget(void)
{
	for (int i = 0; i < RENDER_LIST_SLOTS; i++) {
		hdf_destroy(&render_lists[i].rows);
		render_lists[i].sql = NULL;
	}
}

/* The reader's UTC offset now as "+08:00", for CONVERT_TZ on date filters
 * (numeric offsets need no time-zone tables in MariaDB). */
void render_utc_offset(REQUEST *req, char *out, size_t n)
{
	char probe[40];
	struct tm tm;
	time_t now = time(NULL);
	long off;

	render_time(req, "1970-01-01 00:00:00", probe, sizeof(probe));  /* sets TZ */
	localtime_r(&now, &tm);
	off = labs(tm.tm_gmtoff) % 86400;   /* zones are within a day of UTC */
	snprintf(out, n, "%c%02d:%02d", tm.tm_gmtoff < 0 ? '-' : '+', (int)(off / 3600),
		 (int)((off % 3600) / 60));
}
