#include "err.h"
#include "tap.h"

void test_err(void);

void test_err(void)
{
	NEOERR *e;

	CHECK(err_http_status(STATUS_OK) == 200, "err: OK is 200");
	e = nerr_raise(ERR_NOT_FOUND, "x");
	CHECK(err_http_status(e) == 404, "err: not found is 404");
	nerr_ignore(&e);
	e = nerr_pass(nerr_raise(ERR_FORBIDDEN, "x"));
	CHECK(err_http_status(e) == 403, "err: status survives nerr_pass");
	nerr_ignore(&e);
	e = nerr_raise(ERR_DUPLICATE, "x");
	CHECK(err_http_status(e) == 409, "err: duplicate is 409");
	nerr_ignore(&e);
	e = nerr_raise(NERR_NOMEM, "x");
	CHECK(err_http_status(e) == 500, "err: foreign errors are 500");
	nerr_ignore(&e);
	e = nerr_raise(ERR_UNAVAILABLE, "x");
	CHECK(err_http_status(e) == 503, "err: unavailable is 503");
	nerr_ignore(&e);
	CHECK(!strcmp(err_lang_key(418), "Error.500"), "err: unknown status shows the 500 text");
}
