/* fuzz_request.c — libFuzzer harness for request parsing: the CGI
 * environment and body go through request_parse() exactly as a worker
 * runs it (framing checks, then ClearSilver's cgi kit: query string,
 * urlencoded and multipart bodies, cookies).
 *
 * Input: four lines, then the body —
 *   METHOD\nQUERY_STRING\nHTTP_COOKIE\nCONTENT_TYPE\n<body bytes>
 * CONTENT_LENGTH is the body's true length (nginx checks the framing).
 */
#include "../cgi/request.c"

#include <stdint.h>
#include <unistd.h>

#include "config.h"

struct fz { const uint8_t *p; size_t n, off; };

static int fz_read(void *ctx, char *buf, int n)
{
	struct fz *f = ctx;
	size_t left = f->n - f->off;

	if (n <= 0)
		return 0;
	if ((size_t)n > left)
		n = (int)left;
	memcpy(buf, f->p + f->off, (size_t)n);
	f->off += (size_t)n;
	return n;
}

static int fz_write(void *ctx, const char *buf, int n)
{
	(void)ctx; (void)buf;
	return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	NEOERR *err;

	(void)argc; (void)argv;
	err = config_load(NULL);
	if (!err)
		err = hdf_set_value(config_hdf(), "Paths.Uploads", "/tmp");
	if (err) {
		nerr_log_error(err);
		abort();
	}
	return 0;   /* tools/fuzz.sh passes -close_fd_mask=2: no log lines */
}

/* The next line of the input, NUL-terminated in dst (cut at cap-1). */
static const uint8_t *fz_line(const uint8_t *p, const uint8_t *end, char *dst, size_t cap)
{
	size_t k = 0;

	while (p < end && *p != '\n') {
		if (k + 1 < cap && *p)
			dst[k++] = (char)*p;
		p++;
	}
	dst[k] = '\0';
	return p < end ? p + 1 : p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char method[16], qs[4096], cookie[4096], ct[512];
	char e_method[40], e_qs[4200], e_cookie[4200], e_ct[600], e_len[64];
	char *envp[12];
	struct fz f;
	struct req_io io;
	REQUEST req;
	NEOERR *err;
	int k = 0;

	p = fz_line(p, end, method, sizeof(method));
	p = fz_line(p, end, qs, sizeof(qs));
	p = fz_line(p, end, cookie, sizeof(cookie));
	p = fz_line(p, end, ct, sizeof(ct));
	f.p = p;
	f.n = (size_t)(end - p);
	f.off = 0;

	snprintf(e_method, sizeof(e_method), "REQUEST_METHOD=%s", *method ? method : "GET");
	snprintf(e_qs, sizeof(e_qs), "QUERY_STRING=%s", qs);
	snprintf(e_cookie, sizeof(e_cookie), "HTTP_COOKIE=%s", cookie);
	snprintf(e_ct, sizeof(e_ct), "CONTENT_TYPE=%s", ct);
	snprintf(e_len, sizeof(e_len), "CONTENT_LENGTH=%zu", f.n);
	envp[k++] = e_method;
	envp[k++] = e_qs;
	envp[k++] = e_cookie;
	if (*ct)
		envp[k++] = e_ct;
	if (f.n)
		envp[k++] = e_len;
	envp[k++] = (char *)"REQUEST_URI=/leads";
	envp[k++] = (char *)"PATH_INFO=/leads";
	envp[k++] = (char *)"REMOTE_ADDR=127.0.0.1";
	envp[k++] = (char *)"HTTP_HOST=localhost";
	envp[k] = NULL;

	io.ctx = &f;
	io.read = fz_read;
	io.write = fz_write;
	io.flush = NULL;
	io.envp = envp;

	memset(&req, 0, sizeof(req));
	req.io = &io;
	req.method = "-";
	req.path = "-";
	string_init(&req.headers);
	string_init(&req.body);
	err = request_parse(&req);
	if (!err) {
		/* walk what the kit parsed, as handlers and templates will */
		for (HDF *c = hdf_get_child(req.hdf, "Query"); c; c = hdf_obj_next(c))
			(void)strlen(hdf_obj_value(c) ? hdf_obj_value(c) : "");
		for (HDF *c = hdf_get_child(req.hdf, "Cookie"); c; c = hdf_obj_next(c))
			(void)strlen(hdf_obj_value(c) ? hdf_obj_value(c) : "");
		(void)request_cookie(&req, "sg_session");
		(void)cgi_filehandle(req.cgi, "file");   /* as import.c reads an upload */
		(void)request_param_int(&req, "page", 1);
	}
	nerr_ignore(&err);
	log_set_request_id(NULL);
	cgi_destroy(&req.cgi);
	string_clear(&req.headers);
	string_clear(&req.body);
	return 0;
}
