/* err.c — error types and their mapping to HTTP status (the only one). */
#include "err.h"
#include "log.h"

NERR_TYPE ERR_BAD_REQUEST = -1;
NERR_TYPE ERR_UNAUTHORIZED = -1;
NERR_TYPE ERR_FORBIDDEN = -1;
NERR_TYPE ERR_NOT_FOUND = -1;
NERR_TYPE ERR_METHOD = -1;
NERR_TYPE ERR_CONFLICT = -1;
NERR_TYPE ERR_DUPLICATE = -1;
NERR_TYPE ERR_TOO_LARGE = -1;
NERR_TYPE ERR_TOO_MANY = -1;
NERR_TYPE ERR_UNAVAILABLE = -1;
NERR_TYPE ERR_DB = -1;

static const struct {
	NERR_TYPE *type;
	const char *name;
	int status;
} err_table[] = {
	{ &ERR_BAD_REQUEST, "BadRequest", 400 },
	{ &ERR_UNAUTHORIZED, "Unauthorized", 401 },
	{ &ERR_FORBIDDEN, "Forbidden", 403 },
	{ &ERR_NOT_FOUND, "NotFound", 404 },
	{ &ERR_METHOD, "MethodNotAllowed", 405 },
	{ &ERR_CONFLICT, "Conflict", 409 },
	{ &ERR_DUPLICATE, "Duplicate", 409 },
	{ &ERR_TOO_LARGE, "TooLarge", 413 },
	{ &ERR_TOO_MANY, "TooManyRequests", 429 },
	{ &ERR_UNAVAILABLE, "Unavailable", 503 },
	{ &ERR_DB, "Database", 500 },
};
#define N_ERRS (sizeof(err_table) / sizeof(err_table[0]))

NEOERR *err_init(void)
{
	static int done;
	NEOERR *err;

	if (done)
		return STATUS_OK;
	err = nerr_init();
	if (err)
		return nerr_pass(err);
	for (size_t i = 0; i < N_ERRS; i++) {
		err = nerr_register(err_table[i].type, err_table[i].name);
		if (err)
			return nerr_pass(err);
	}
	done = 1;
	return STATUS_OK;
}

int err_http_status(NEOERR *err)
{
	if (err == STATUS_OK)
		return 200;
	for (size_t i = 0; i < N_ERRS; i++)
		if (nerr_match(err, *err_table[i].type))
			return err_table[i].status;
	return 500;
}

const char *err_lang_key(int status)
{
	switch (status) {
	case 400: return "Error.400";
	case 401: return "Error.401";
	case 403: return "Error.403";
	case 404: return "Error.404";
	case 405: return "Error.405";
	case 409: return "Error.409";
	case 413: return "Error.413";
	case 429: return "Error.429";
	case 503: return "Error.503";
	default: return "Error.500";
	}
}

void err_log_and_free(NEOERR **err)
{
	STRING s;

	if (*err == STATUS_OK)
		return;
	string_init(&s);
	nerr_error_traceback(*err, &s);
	log_msg(LOG_ERR, "%s", s.buf ? s.buf : "(no detail)");
	string_clear(&s);
	nerr_ignore(err);
}
