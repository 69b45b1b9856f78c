/* render.h — ClearSilver templates and the language string tables.
 *
 * Each worker loads templates/lang/<code>.hdf once; a request's HDF holds only
 * request data and the chosen table is attached as the template's global HDF,
 * so nothing is copied per request.  Variables are HTML-escaped by default
 * (Config.VarEscapeMode=html, set before cs_init); js_escape and url_escape
 * come from cgi_register_strfuncs.
 */
#ifndef SG_RENDER_H
#define SG_RENDER_H

#include "request.h"

enum { LANG_ZH_CN = 0, LANG_EN = 1, LANG_COUNT = 2 };

NEOERR *render_init(void);
void render_fini(void);
/* A worker: language strings loaded on first use, not by render_init. */
void render_lazy_langs(void);

/* Pure: language index for a code ("zh-CN", "en"), -1 when unknown. */
int render_lang_index(const char *code);
const char *render_lang_code(int lang);
/* Pure: best supported language in an Accept-Language header, or dflt. */
int render_lang_from_header(const char *accept, int dflt);

/* Cookie "lang", then Accept-Language, then Site.DefaultLang. */
int render_choose_lang(REQUEST *req);

/* A string from the language table (for the rare text made outside a
 * template, e.g. JSON error messages); the key itself when missing. */
const char *render_text(int lang, const char *key);

/* The node for row i of a list ("People.Items" → "People.Items.3"), so
 * handlers fill rows through relative names and never put data in a path. */
NEOERR *render_row(HDF *hdf, const char *list, int i, HDF **row);

/* Steps q to its end, one <list>.N row per result row: column i goes to
 * names[i] (NULL: not shown; SQL NULL: not set).  Finalizes q; *count gets
 * the number of rows (may be NULL). */
NEOERR *render_rows(HDF *hdf, const char *list, void *db_stmt, const char *const *names,
		    int nnames, int *count);

/* Fills <list>.N.Id / .Name from a literal query returning (id, name). */
NEOERR *render_id_names(HDF *hdf, const char *list, const char *sql);
/* The same, from a per-worker copy at most 30 s old (filter choices);
 * render_id_names_forget drops the copies (a change made in this worker). */
NEOERR *render_id_names_cached(HDF *hdf, const char *list, const char *sql);
void render_id_names_forget(void);

/* Sets a string value only when it is not NULL. */
NEOERR *render_set(HDF *node, const char *name, const char *value);

/* "2026-11-23 09:00:00.123456" (UTC, from the database) as
 * "2026-11-23 17:00" in the reader's time zone. */
void render_time(REQUEST *req, const char *utc, char *out, size_t n);
/* The reader's UTC offset now as "+08:00" (for CONVERT_TZ on date filters). */
void render_utc_offset(REQUEST *req, char *out, size_t n);
/* The same instant as ISO 8601 with the reader's offset,
 * "2026-11-23T17:00:05+08:00" ("" when utc is not a time). */
void render_iso_time(REQUEST *req, const char *utc, char *out, size_t n);
/* Sets name to the formatted time when utc is not NULL; on a staff API
 * request also its "iso" attribute (render_iso_time) for the JSON face. */
NEOERR *render_set_time(REQUEST *req, HDF *node, const char *name, const char *utc);

/* Renders templates/<name> into req->body. */
NEOERR *render_page(REQUEST *req, const char *name);
/* The friendly page for an error status (error.cs). */
NEOERR *render_error_page(REQUEST *req, int status);

#endif
