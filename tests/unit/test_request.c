#include <string.h>

#include "request.h"
#include "tap.h"

void test_request(void);

/* Feeds body to a fresh scan in pieces of step bytes: 0 accepted, -1 refused. */
static int mp_feed(const char *body, size_t step)
{
	struct request_mp_scan s;
	size_t n = strlen(body);
	int rc = 0;

	if (!request_mp_scan_init(&s, "multipart/form-data; boundary=XyZ"))
		return -2;
	for (size_t i = 0; i < n && !rc; i += step)
		rc = request_mp_scan(&s, body + i, n - i < step ? n - i : step);
	return rc;
}

static void test_request_mp_scan(void)
{
	static const char ok[] =
		"preamble --XyZ\r\n--XyZ\r\n"
		"Content-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
		"Content-Type: text/csv\r\n\r\nname,phone\r\nContent-Type: x\r\n"
		"Content-Disposition: y\r\n--XyZ--\r\n"
		"Content-Disposition: a\r\nContent-Disposition: b\r\n";
	static char longline[6000];

	CHECK(mp_feed(ok, 1) == 0 && mp_feed(ok, 4) == 0 && mp_feed(ok, 64) == 0,
	      "mp scan: a normal body passes (reads of 1, 4, 64 bytes)");
	CHECK(mp_feed("--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
		      "content-disposition: form-data; name=b\r\n\r\nv\r\n--XyZ--\r\n", 3) == -1,
	      "mp scan: a repeated Content-Disposition is refused (the kit leaks it)");
	CHECK(mp_feed("--XyZ\nContent-Type: a\nCONTENT-TYPE: b\n\nv\n--XyZ--\n", 1) == -1,
	      "mp scan: a repeated Content-Type is refused");
	CHECK(mp_feed("--XyZ\nContent-Disposition: form-data; name=a\n\nv\n"
		      "--XyZ\nContent-Disposition: form-data; name=b\n\nw\n--XyZ--\n", 5) == 0,
	      "mp scan: one Content-Disposition in each of two parts passes");
	CHECK(mp_feed("--XyZ\nContent-Disposition: form-data;\n name=a\n\nv\n--XyZ--\n", 7) == 0,
	      "mp scan: a folded header line counts once");
	memset(longline, 'a', sizeof(longline) - 1);
	memcpy(longline, "--XyZ\nX: ", 9);
	CHECK(mp_feed(longline, 512) == -1, "mp scan: a header line over 1000 bytes is refused");
	memcpy(longline, "--XyZ\n\nvv", 9);
	memcpy(longline + sizeof(longline) - 9, "--XyZ\r\n", 8);
	CHECK(mp_feed(longline, 512) == -1,
	      "mp scan: a long line ending like a boundary is refused (the kit would cut it there)");
	longline[sizeof(longline) - 9] = 'x';
	CHECK(mp_feed(longline, 512) == 0, "mp scan: a long content line passes");
}

void test_request(void)
{
	CHECK(request_multipart_ok("multipart/form-data; boundary=----abc123"),
	      "multipart: plain boundary");
	CHECK(request_multipart_ok("multipart/form-data; charset=utf-8; boundary=\"a b\""),
	      "multipart: quoted boundary after another attribute");
	CHECK(request_multipart_ok("multipart/form-data; BOUNDARY=x"),
	      "multipart: attribute name is case-insensitive");
	CHECK(!request_multipart_ok("multipart/form-data"), "multipart: no attributes");
	CHECK(!request_multipart_ok("multipart/form-data;"), "multipart: empty attribute list");
	CHECK(!request_multipart_ok("multipart/form-data; boundary="), "multipart: empty boundary");
	CHECK(!request_multipart_ok("multipart/form-data; boundary=\"\""), "multipart: empty quoted boundary");
	CHECK(!request_multipart_ok("multipart/form-data; boundary;"), "multipart: boundary without value");
	CHECK(!request_multipart_ok("multipart/form-data; xboundary=abc"), "multipart: other attribute");
	CHECK(!request_multipart_ok("multipart/form-data; boundary=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	      "multipart: boundary over 70 characters");
	CHECK(!request_multipart_ok(NULL), "multipart: no content type");
	CHECK(request_id_ok("0123456789abcdef0123456789abcdef"), "rid: 32 hex digits");
	CHECK(!request_id_ok("0123456789abcdef0123456789abcdef0"), "rid: 33 digits refused");
	CHECK(!request_id_ok("abc\r\nX: y"), "rid: header injection refused");
	CHECK(!request_id_ok(""), "rid: empty refused");
	test_request_mp_scan();
}
