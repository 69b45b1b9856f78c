/* request.h — one HTTP request from arrival to the last byte sent.
 *
 * The same pipeline serves FastCGI (a worker's FCGX_Request) and plain CGI
 * (stdin, stdout, environ): only struct req_io differs.  Parsing goes through
 * ClearSilver's CGI kit (cgiwrap_init_emu over our streams); the framing is
 * checked first so the kit never sees a body it cannot handle.
 */
#ifndef SG_REQUEST_H
#define SG_REQUEST_H

#include <ClearSilver/ClearSilver.h>

struct route;
struct user;

struct req_io {
	void *ctx;
	int (*read)(void *ctx, char *buf, int n);   /* bytes read, 0 at end, <0 error */
	int (*write)(void *ctx, const char *buf, int n);
	char **envp;
	int (*flush)(void *ctx);                    /* 0 when all written went out; NULL: no-op */
};

#define REQ_MAX_IDS 4

typedef struct request {
	struct req_io *io;
	CGI *cgi;
	HDF *hdf;                 /* CGI.*, HTTP.*, Query.* (declared only), Cookie.*, page data */
	char rid[40];
	const char *method;       /* points into hdf */
	const char *path;
	const char *remote_addr;
	int head_only;
	double t_start;

	const struct route *route;
	long long ids[REQ_MAX_IDS];   /* numeric path segments, in order */
	int nids;
	char slug[41];            /* the * segment of the path */
	int param_errors;         /* declared parameters that failed validation */
	int lang;                 /* render.h language index */
	int lang_explicit;        /* ?lang= given on this request */

	/* Who (session.c).  user is whose eyes the page uses: the person
	 * signed in, or while an admin views as someone, that someone.  actor
	 * is always the person at the keyboard (audit records actor). */
	struct user *user;
	struct user *actor;
	long long session_id;
	char session_hash[17];    /* first 16 hex digits of the token hash */
	char csrf[65];
	int viewing_as;

	/* One masked field shown in clear for this response only, after an
	 * audited reveal (policy.c). */
	struct {
		char object[21];
		long long id;
		char field[41];
	} reveal;

	/* Response */
	int status;
	const char *content_type;
	const char *template_name;   /* rendered when body is empty */
	STRING headers;           /* extra header lines, each ending in \r\n */
	STRING body;
	int no_store;             /* Cache-Control: no-store (default on) */
	int streamed;             /* headers already sent (request_stream_begin) */
} REQUEST;

/* Serves one request on io.  Never fails: every error becomes a page. */
void request_serve(struct req_io *io);

/* Handler helpers. */
NEOERR *request_header(REQUEST *req, const char *name, const char *value);
NEOERR *request_redirect(REQUEST *req, const char *local_path);
const char *request_param(REQUEST *req, const char *name);   /* declared, validated */
long long request_param_int(REQUEST *req, const char *name, long long dflt);
const char *request_env(REQUEST *req, const char *hdf_name);   /* e.g. "HTTP.Origin" */
const char *request_cookie(REQUEST *req, const char *name);
/* A CGI variable straight from the environment ("HTTP_ORIGIN"), for the
 * headers ClearSilver 0.10.5 does not copy into HTTP.* (it keeps a fixed
 * list without Origin). */
const char *request_raw_env(REQUEST *req, const char *name);

/* A streamed response (a large download): writes the status line and the
 * headers at once, without Content-Length (the end of the response ends the
 * body), as an attachment named filename ([A-Za-z0-9._-] only) when filename
 * is not NULL.  request_serve() then sends nothing more; an error after this
 * point can no longer become an error page: it is logged and the body ends
 * short.  Handlers audit and check everything before calling it. */
NEOERR *request_stream_begin(REQUEST *req, const char *content_type, const char *filename);
/* Body bytes of a streamed response (nothing is written for HEAD); a client
 * that went away is an NERR_IO error, so the handler stops early. */
NEOERR *request_stream_write(REQUEST *req, const char *buf, size_t len);
/* Pushes what request_stream_write buffered out to the web server; an
 * error when the connection broke (a download knows it was sent whole). */
NEOERR *request_stream_flush(REQUEST *req);

/* Reads the raw body (for JSON); more than max bytes is ERR_TOO_LARGE.
 * The buffer is NUL-terminated and the caller frees it. */
NEOERR *request_read_body(REQUEST *req, size_t max, char **buf, size_t *len);

/* Pure helpers (unit-tested). */
/* 1 when the Content-Type carries a multipart boundary that ClearSilver's
 * parser will find and can use (1–70 characters, RFC 2046), else 0. */
int request_multipart_ok(const char *content_type);
/* A watch over a multipart body on its way into ClearSilver's rfc2388.c,
 * which leaks its copy of name/filename/type when a part repeats its
 * Content-Disposition or Content-Type header (found by fuzz/fuzz_request.c):
 * such a body is refused before the kit reads the second header.  Lines are
 * followed as the kit sees them; a header line over 1000 bytes (the kit
 * would cut it at its 4096-byte buffer) and a long line that ends like a
 * boundary are refused too, so the two never disagree about where a part
 * begins. */
struct request_mp_scan {
	char boundary[71];
	size_t blen;
	int state;                /* 0 preamble, 1 headers, 2 content, 3 done, -1 refused */
	int had_header;           /* a header line in this part's block */
	int n_disposition, n_type;
	size_t linelen;
	char line[80];            /* the first bytes of the current line */
	char ring[80];            /* its last bytes (ring[linelen % 80]) */
};
/* 1 and s ready when content_type carries a usable boundary; else 0. */
int request_mp_scan_init(struct request_mp_scan *s, const char *content_type);
/* Feeds the next n bytes; 0 while acceptable, -1 once refused (sticky). */
int request_mp_scan(struct request_mp_scan *s, const char *buf, size_t n);

/* Accept a client-supplied request id only when it is 1–32 hex digits. */
int request_id_ok(const char *rid);

#endif
