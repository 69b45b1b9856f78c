#include "request.h"
#include "tap.h"

void test_request(void);

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
}
