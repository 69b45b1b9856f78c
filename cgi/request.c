/* request.c — parse, dispatch, render, send: the life of one request. */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <sodium.h>

#include "config.h"
#include "db.h"
#include "err.h"
#include "log.h"
#include "render.h"
#include "request.h"
#include "route.h"

static double request_now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* ---- ClearSilver's cgiwrap over our streams ---------------------------- */

/* The multipart body being read (request_mp_scan); workers serve one
 * request at a time. */
static struct request_mp_scan request_mp;
static int request_mp_on;

static int wrap_read(void *data, char *buf, int n)
{
	REQUEST *req = data;
	int r = req->io->read(req->io->ctx, buf, n);

	if (r > 0 && request_mp_on && request_mp_scan(&request_mp, buf, (size_t)r) < 0)
		return -1;   /* the kit fails with NERR_IO: a 400 */
	return r;
}

static int wrap_write(void *data, const char *buf, int n)
{
	REQUEST *req = data;

	return req->io->write(req->io->ctx, buf, n);
}

static int wrap_writef(void *data, const char *fmt, va_list ap)
{
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);

	if (n < 0)
		return -1;
	n = wrap_write(data, s, n);
	free(s);
	return n;
}

static char *wrap_getenv(void *data, const char *k)
{
	REQUEST *req = data;
	size_t kl = strlen(k);

	for (char **e = req->io->envp; e && *e; e++)
		if (!strncmp(*e, k, kl) && (*e)[kl] == '=')
			return strdup(*e + kl + 1);
	return NULL;
}

static int wrap_putenv(void *data, const char *k, const char *v)
{
	(void)data; (void)k; (void)v;
	return 0;   /* the kit never needs to change our environment */
}

static int wrap_iterenv(void *data, int n, char **k, char **v)
{
	REQUEST *req = data;
	char **e = req->io->envp;
	char *eq;
	int i;

	*k = *v = NULL;
	for (i = 0; e && e[i] && i < n; i++)
		;
	if (!e || !e[i])
		return 0;
	eq = strchr(e[i], '=');
	if (!eq) {
		*k = strdup("");
		*v = strdup("");
	} else {
		*k = strndup(e[i], (size_t)(eq - e[i]));
		*v = strdup(eq + 1);
	}
	return (*k && *v) ? 0 : 1;
}

/* ---- pure helpers --------------------------------------------------------- */

int request_id_ok(const char *rid)
{
	size_t n = 0;

	if (!rid)
		return 0;
	for (; rid[n]; n++)
		if (!isxdigit((unsigned char)rid[n]) || n >= 32)
			return 0;
	return n > 0;
}

/* Mirrors how ClearSilver's rfc2388.c (_header_attr) finds "boundary": the
 * first attribute after the first ';', matched case-insensitively.  Its
 * parser dereferences a NULL boundary, so we refuse before it runs. */
static int request_multipart_boundary(const char *ct, char out[71]);

int request_multipart_ok(const char *ct)
{
	char b[71];

	return request_multipart_boundary(ct, b);
}

static int request_multipart_boundary(const char *ct, char out[71])
{
	const char *p = ct, *k, *v;
	size_t vl;

	if (!ct)
		return 0;
	while (*p && *p != ';')
		p++;
	if (!*p)
		return 0;
	p++;
	while (*p) {
		int found;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			return 0;
		k = p;
		while (*p && !isspace((unsigned char)*p) && *p != ';' && *p != '=')
			p++;
		if (!*p)
			return 0;
		found = (p - k) == 8 && !strncasecmp(k, "boundary", 8);
		while (*p && isspace((unsigned char)*p))
			p++;
		if (*p != ';' && *p != '=')
			return 0;
		if (*p == ';') {
			if (found)
				return 0;   /* empty boundary */
		} else {
			p++;
			if (*p == '"') {
				v = ++p;
				while (*p && *p != '"')
					p++;
				vl = (size_t)(p - v);
				if (*p)
					p++;
			} else {
				v = p;
				while (*p && !isspace((unsigned char)*p) && *p != ';')
					p++;
				vl = (size_t)(p - v);
			}
			if (found) {
				if (vl < 1 || vl > 70)
					return 0;
				for (size_t i = 0; i < vl; i++)
					if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e)
						return 0;
				memcpy(out, v, vl);
				out[vl] = '\0';
				return 1;
			}
		}
		if (*p)
			p++;
	}
	return 0;
}

int request_mp_scan_init(struct request_mp_scan *s, const char *ct)
{
	memset(s, 0, sizeof(*s));
	if (!request_multipart_boundary(ct, s->boundary))
		return 0;
	s->blen = strlen(s->boundary);
	return 1;
}

/* Is the line (its first 80 bytes in first, last 80 in ring) "--b" or
 * "--b--", before its \r?\n?  *closing for the second. */
static int mp_is_boundary(const struct request_mp_scan *s, int *closing)
{
	size_t l = s->linelen, want;
	char end[80];

	if (l < 1 || s->ring[(l - 1) % 80] != '\n')
		return 0;
	l--;
	if (l && s->ring[(l - 1) % 80] == '\r')
		l--;
	for (int c = 0; c < 2; c++) {
		want = 2 + s->blen + (c ? 2 : 0);
		if (l < want)
			continue;
		for (size_t i = 0; i < want; i++)
			end[i] = s->ring[(l - want + i) % 80];
		if (end[0] == '-' && end[1] == '-' && !memcmp(end + 2, s->boundary, s->blen) &&
		    (!c || (end[want - 2] == '-' && end[want - 1] == '-'))) {
			*closing = c;
			return l == want ? 1 : 2;   /* 2: only the end of a longer line */
		}
	}
	return 0;
}

static int mp_prefix(const struct request_mp_scan *s, const char *name, size_t nl)
{
	return s->linelen == nl && !strncasecmp(s->line, name, nl);
}

int request_mp_scan(struct request_mp_scan *s, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && s->state >= 0 && s->state != 3; i++) {
		char c = buf[i];

		if (s->linelen < sizeof(s->line))
			s->line[s->linelen] = c;
		s->ring[s->linelen % 80] = c;
		s->linelen++;
		if (s->state == 1) {
			if (s->linelen == 1 && isspace((unsigned char)c) &&
			    !(s->had_header && (c == ' ' || c == '\t')))
				s->state = 2;   /* the blank line ending the headers */
			else if (s->linelen > 1000)
				s->state = -1;
			else if (s->line[0] != ' ' && s->line[0] != '\t') {
				if (mp_prefix(s, "content-disposition:", 20) && ++s->n_disposition > 1)
					s->state = -1;
				if (mp_prefix(s, "content-type:", 13) && ++s->n_type > 1)
					s->state = -1;
				s->had_header = 1;
			}
		}
		if (c == '\n' && s->state >= 0) {
			int closing = 0, b = s->state == 1 ? 0 : mp_is_boundary(s, &closing);

			if (b == 2 && s->linelen > 1000)
				s->state = -1;   /* the kit cuts lines at 4096 bytes */
			else if (b == 1) {
				s->state = closing ? 3 : 1;
				s->had_header = s->n_disposition = s->n_type = 0;
			}
			s->linelen = 0;
		}
	}
	return s->state < 0 ? -1 : 0;
}

/* ---- helpers for handlers ------------------------------------------------- */

NEOERR *request_header(REQUEST *req, const char *name, const char *value)
{
	/* Header values are ours, but refuse a line break from anywhere. */
	if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
		return nerr_raise(NERR_ASSERT, "header with a line break");
	return nerr_pass(string_appendf(&req->headers, "%s: %s\r\n", name, value));
}

NEOERR *request_redirect(REQUEST *req, const char *local_path)
{
	/* Only paths on this site: no scheme, no "//host". */
	if (local_path[0] != '/' || local_path[1] == '/' || local_path[1] == '\\')
		return nerr_raise(NERR_ASSERT, "redirect to a non-local path");
	req->status = 303;
	return nerr_pass(request_header(req, "Location", local_path));
}

const char *request_param(REQUEST *req, const char *name)
{
	HDF *q = hdf_get_obj(req->hdf, "Query");

	return q ? hdf_get_value(q, name, NULL) : NULL;
}

long long request_param_int(REQUEST *req, const char *name, long long dflt)
{
	const char *v = request_param(req, name);
	char *end;
	long long n;

	if (!v || !*v)
		return dflt;
	n = strtoll(v, &end, 10);
	return *end ? dflt : n;
}

const char *request_env(REQUEST *req, const char *hdf_name)
{
	return hdf_get_value(req->hdf, hdf_name, NULL);
}

const char *request_raw_env(REQUEST *req, const char *name)
{
	size_t n = strlen(name);

	for (char **e = req->io->envp; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

NEOERR *request_read_body(REQUEST *req, size_t max, char **buf, size_t *len)
{
	const char *cl = hdf_get_value(req->hdf, "CGI.ContentLength", "0");
	char *end;
	long long n = strtoll(cl, &end, 10);
	size_t got = 0;

	*buf = NULL;
	*len = 0;
	if (*end || n < 0)
		return nerr_raise(ERR_BAD_REQUEST, "bad Content-Length");
	if ((unsigned long long)n > max)
		return nerr_raise(ERR_TOO_LARGE, "body of %lld bytes over %zu", n, max);
	*buf = malloc((size_t)n + 1);
	if (!*buf)
		return nerr_raise(NERR_NOMEM, "body");
	while (got < (size_t)n) {
		int r = req->io->read(req->io->ctx, *buf + got, (int)((size_t)n - got));

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	(*buf)[got] = '\0';
	if (got != (size_t)n) {
		free(*buf);
		*buf = NULL;
		return nerr_raise(ERR_BAD_REQUEST, "short body (%zu of %lld)", got, n);
	}
	*len = got;
	return STATUS_OK;
}

const char *request_cookie(REQUEST *req, const char *name)
{
	HDF *c = hdf_get_obj(req->hdf, "Cookie");

	return c ? hdf_get_value(c, name, NULL) : NULL;
}

/* ---- the pipeline --------------------------------------------------------- */

static const char *request_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Status";
	}
}

/* Checks made on the raw request before the kit reads a byte of the body. */
static NEOERR *request_check_framing(REQUEST *req)
{
	const char *len = hdf_get_value(req->hdf, "CGI.ContentLength", NULL);
	const char *ct = hdf_get_value(req->hdf, "CGI.ContentType", NULL);
	long long max = config_int("HTTP.MaxBody");
	long long n = 0;

	if (len && *len) {
		char *end;

		n = strtoll(len, &end, 10);
		if (*end || n < 0)
			return nerr_raise(ERR_BAD_REQUEST, "bad Content-Length");
		if (n > max)
			return nerr_raise(ERR_TOO_LARGE, "body of %lld bytes over %lld", n, max);
	}
	if (ct && !strncasecmp(ct, "multipart/", 10) && !request_multipart_ok(ct))
		return nerr_raise(ERR_BAD_REQUEST, "multipart body without a usable boundary");
	request_mp_on = ct && !strncasecmp(ct, "multipart/", 10) &&
			request_mp_scan_init(&request_mp, ct);
	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD") &&
	    strcmp(req->method, "POST"))
		return nerr_raise(ERR_METHOD, "method %.20s", req->method);
	return STATUS_OK;
}

/* ClearSilver's cgi_parse reads a form body only when the Content-Type is
 * exactly "application/x-www-form-urlencoded": with parameters, as fetch()
 * with URLSearchParams and other clients send it ("; charset=UTF-8"), the
 * body was silently dropped (every field missing, the CSRF token too: found
 * by sqlmap).  The parameters are dropped instead: the body is UTF-8 or the
 * validators refuse it. */
static NEOERR *request_plain_form_type(REQUEST *req)
{
	static const char form[] = "application/x-www-form-urlencoded";
	const char *ct = hdf_get_value(req->hdf, "CGI.ContentType", NULL);
	size_t n = sizeof(form) - 1;

	if (!ct || strncasecmp(ct, form, n) || (ct[n] != ';' && ct[n] != ' ' && ct[n] != '\0') ||
	    !strcmp(ct, form))
		return STATUS_OK;
	return nerr_pass(hdf_set_value(req->hdf, "CGI.ContentType", form));
}

/* cgi_filehandle(cgi, "file") trusts Query.file.FileHandle, which a
 * client sets by sending a field named "file.FileHandle" (urlencoded or a
 * multipart text part): with no real upload, ClearSilver's uListGet then
 * dereferences a NULL list and the worker dies (found by a hostile-upload
 * test).  Every FileHandle must name one of the files the kit stored. */
static int request_upload_handles_ok(REQUEST *req)
{
	int nfiles = req->cgi->files ? uListLength(req->cgi->files) : 0;

	for (HDF *c = hdf_get_child(req->hdf, "Query"); c; c = hdf_obj_next(c)) {
		const char *h = hdf_get_value(c, "FileHandle", NULL);
		char *end;
		long n;

		if (!h)
			continue;
		n = strtol(h, &end, 10);
		if (*end || n < 1 || n > nfiles)
			return 0;
	}
	return 1;
}

static int request_count_params(HDF *hdf)
{
	int n = 0;

	for (HDF *c = hdf_get_child(hdf, "Query"); c; c = hdf_obj_next(c))
		n++;
	return n;
}

static NEOERR *request_parse(REQUEST *req)
{
	NEOERR *err;
	const char *rid;
	char *env_rid;

	request_mp_on = 0;
	cgiwrap_init_emu(req, wrap_read, wrap_writef, wrap_write, wrap_getenv,
			 wrap_putenv, wrap_iterenv);
	env_rid = wrap_getenv(req, "REQUEST_ID");
	if (request_id_ok(env_rid)) {
		snprintf(req->rid, sizeof(req->rid), "%s", env_rid);
	} else {
		unsigned char r[8];

		randombytes_buf(r, sizeof(r));
		sodium_bin2hex(req->rid, sizeof(req->rid), r, sizeof(r));
	}
	free(env_rid);
	log_set_request_id(req->rid);

	err = cgi_init(&req->cgi, NULL);
	if (err)
		return nerr_pass_ctx(err, "%s", "cgi_init");
	req->hdf = req->cgi->hdf;
	req->method = hdf_get_value(req->hdf, "CGI.RequestMethod", "GET");
	req->remote_addr = hdf_get_value(req->hdf, "CGI.RemoteAddress", "");
	req->head_only = !strcmp(req->method, "HEAD");
	if (req->head_only)
		req->method = "GET";
	rid = req->rid;
	err = hdf_set_value(req->hdf, "Request.Id", rid);
	if (err)
		return nerr_pass(err);

	/* The path: PATH_INFO (nginx passes $uri; Apache passes the part after
	 * the script), else REQUEST_URI without its query string. */
	req->path = hdf_get_value(req->hdf, "CGI.PathInfo", NULL);
	if (!req->path || !*req->path) {
		const char *uri = hdf_get_value(req->hdf, "CGI.RequestURI", "/");
		size_t l = strcspn(uri, "?");

		err = hdf_set_value(req->hdf, "Request.Path", "");
		if (!err) {
			char *p = strndup(uri, l);

			if (!p)
				return nerr_raise(NERR_NOMEM, "path");
			err = hdf_set_buf(req->hdf, "Request.Path", p);
		}
		if (err)
			return nerr_pass(err);
		req->path = hdf_get_value(req->hdf, "Request.Path", "/");
	} else {
		err = hdf_set_value(req->hdf, "Request.Path", req->path);
		if (err)
			return nerr_pass(err);
		req->path = hdf_get_value(req->hdf, "Request.Path", "/");
	}
	if (req->path[0] != '/')
		return nerr_raise(ERR_BAD_REQUEST, "path does not start with /");

	err = request_check_framing(req);
	if (!err)
		err = hdf_set_value(req->hdf, "Config.Upload.TmpDir", config_get("Paths.Uploads"));
	if (err)
		return nerr_pass(err);
	err = request_plain_form_type(req);
	if (err)
		return nerr_pass(err);
	err = cgi_parse(req->cgi);
	if (err) {
		STRING s;
		NEOERR *bad;

		string_init(&s);
		nerr_error_string(err, &s);
		bad = nerr_raise(ERR_BAD_REQUEST, "unparsable body: %s",
				 s.buf ? s.buf : "");
		string_clear(&s);
		nerr_ignore(&err);
		return bad;
	}
	if (!request_upload_handles_ok(req))
		return nerr_raise(ERR_BAD_REQUEST, "a FileHandle that is not an upload");
	if (request_count_params(req->hdf) > config_int("HTTP.MaxParams"))
		return nerr_raise(ERR_BAD_REQUEST, "too many parameters");
	return STATUS_OK;
}

/* The status line and headers; a streamed response has no Content-Length. */
static NEOERR *request_send_head(REQUEST *req)
{
	STRING h;
	NEOERR *err;

	string_init(&h);
	err = string_appendf(&h, "Status: %d %s\r\n", req->status,
			     request_reason(req->status));
	if (!err && req->status != 303 && req->status != 204)
		err = string_appendf(&h, "Content-Type: %s\r\n",
				     req->content_type ? req->content_type
						       : "text/html; charset=utf-8");
	if (!err && req->no_store)
		err = string_append(&h, "Cache-Control: no-store\r\n");
	if (!err && !req->streamed)
		err = string_appendf(&h, "Content-Length: %d\r\n", req->body.len);
	if (!err && req->headers.len)
		err = string_append(&h, req->headers.buf);
	if (!err)
		err = string_append(&h, "\r\n");
	if (!err && req->io->write(req->io->ctx, h.buf, h.len) != h.len)
		err = nerr_raise(NERR_IO, "writing headers");
	string_clear(&h);
	return nerr_pass(err);
}

static NEOERR *request_send(REQUEST *req)
{
	NEOERR *err = request_send_head(req);

	if (!err && !req->head_only && req->body.len &&
	    req->io->write(req->io->ctx, req->body.buf, req->body.len) != req->body.len)
		err = nerr_raise(NERR_IO, "writing body");
	return nerr_pass(err);
}

NEOERR *request_stream_begin(REQUEST *req, const char *content_type, const char *filename)
{
	NEOERR *err = STATUS_OK;

	if (req->streamed)
		return nerr_raise(NERR_ASSERT, "stream begun twice");
	if (filename) {
		char cd[160];

		if (!*filename || strlen(filename) > 100 ||
		    filename[strspn(filename, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789._-")])
			return nerr_raise(NERR_ASSERT, "download name %.40s", filename);
		snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"", filename);
		err = request_header(req, "Content-Disposition", cd);
	}
	if (err)
		return nerr_pass(err);
	req->content_type = content_type;
	req->streamed = 1;
	return nerr_pass(request_send_head(req));
}

NEOERR *request_stream_write(REQUEST *req, const char *buf, size_t len)
{
	if (!req->streamed)
		return nerr_raise(NERR_ASSERT, "stream not begun");
	if (req->head_only || !len)
		return STATUS_OK;
	if (len > INT_MAX || req->io->write(req->io->ctx, buf, (int)len) != (int)len)
		return nerr_raise(NERR_IO, "writing a streamed body");
	return STATUS_OK;
}

NEOERR *request_stream_flush(REQUEST *req)
{
	if (!req->streamed)
		return nerr_raise(NERR_ASSERT, "stream not begun");
	if (req->io->flush && req->io->flush(req->io->ctx) != 0)
		return nerr_raise(NERR_IO, "flushing a streamed body");
	return STATUS_OK;
}

/* Turns an error into the page the user sees (and the log line they don't). */
static void request_fail(REQUEST *req, NEOERR **errp)
{
	NEOERR *err;
	int status = err_http_status(*errp);

	if (status >= 500)
		err_log_and_free(errp);
	else {
		STRING s;

		string_init(&s);
		nerr_error_string(*errp, &s);
		log_msg(LOG_INFO, "%d: %s", status, s.buf ? s.buf : "");
		string_clear(&s);
		nerr_ignore(errp);
	}
	if (db_in_transaction()) {
		err = db_rollback();
		err_log_and_free(&err);
	}
	req->status = status;
	string_clear(&req->body);
	string_init(&req->body);
	req->content_type = NULL;
	if ((req->route && (req->route->flags & R_API)) || !strncmp(req->path, "/api/", 5)) {
		/* Machines get JSON, with the same status. */
		/* Page.ErrorReason: set by code (e.g. CredibilityFrozen); encoded
		 * by jansson like every other JSON answer */
		const char *why = req->hdf ? hdf_get_value(req->hdf, "Page.ErrorReason", NULL) : NULL;
		json_t *j = json_pack("{s:s, s:i}", "error", request_reason(status), "status", status);
		char *text = NULL;

		req->content_type = "application/json; charset=utf-8";
		if (j && why)
			json_object_set_new(j, "reason", json_string(why));
		text = j ? json_dumps(j, JSON_COMPACT) : NULL;
		err = text ? string_appendf(&req->body, "%s\n", text)
			   : nerr_raise(NERR_NOMEM, "error JSON");
		free(text);
		json_decref(j);
	} else if (req->route && (req->route->flags & R_TEXT)) {
		req->content_type = "text/plain; charset=utf-8";
		err = string_appendf(&req->body, "%d %s\n", status, request_reason(status));
	} else if (req->hdf) {
		err = render_error_page(req, status);
	} else {
		err = nerr_raise(NERR_ASSERT, "no request data");
	}
	if (err) {
		/* The friendly page itself failed: say it plainly. */
		err_log_and_free(&err);
		string_clear(&req->body);
		string_init(&req->body);
		req->content_type = "text/plain; charset=utf-8";
		string_appendf(&req->body, "%d %s\n", status, request_reason(status));
	}
}

void request_serve(struct req_io *io)
{
	REQUEST req;
	NEOERR *err;

	memset(&req, 0, sizeof(req));
	req.io = io;
	req.t_start = request_now();
	req.status = 200;
	req.no_store = 1;
	req.method = "-";
	req.path = "-";
	string_init(&req.headers);
	string_init(&req.body);

	err = request_parse(&req);
	if (!err) {
		req.lang = render_choose_lang(&req);
		err = route_dispatch(&req);
	}
	if (!err && !req.streamed && req.status != 303 && req.status != 204 &&
	    !req.body.len && req.template_name)
		err = render_page(&req, req.template_name);
	if (!err && db_in_transaction()) {
		/* A handler must commit or roll back; leaving one open is a bug. */
		err = nerr_raise(NERR_ASSERT, "transaction left open");
	}
	if (req.streamed) {
		/* The headers are out: a failure can only cut the body short. */
		if (err) {
			err_log_and_free(&err);
			if (db_in_transaction()) {
				err = db_rollback();
				err_log_and_free(&err);
			}
		}
	} else {
		if (err)
			request_fail(&req, &err);
		err = request_send(&req);
		if (err) {
			/* The client went away; nothing to tell them. */
			err_log_and_free(&err);
		}
	}
	log_msg(LOG_INFO, "%s %s %d %.2fms", req.method, req.path, req.status,
		(request_now() - req.t_start) * 1000.0);
	log_set_request_id(NULL);
	if (req.user != req.actor)
		free(req.user);
	free(req.actor);
	cgi_destroy(&req.cgi);
	string_clear(&req.headers);
	string_clear(&req.body);
}
