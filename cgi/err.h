/* err.h — salesgate's error types and the one place they become HTTP status.
 *
 * Every failure travels as a ClearSilver NEOERR.  Handlers raise one of the
 * types below with a message meant for the log; the dispatcher asks
 * err_http_status() once and renders the matching friendly page.  Anything
 * that is not one of ours (NERR_IO, NERR_NOMEM, ...) is a 500.
 */
#ifndef SG_ERR_H
#define SG_ERR_H

#include <ClearSilver/ClearSilver.h>

extern NERR_TYPE ERR_BAD_REQUEST;   /* 400: malformed request or parameter */
extern NERR_TYPE ERR_UNAUTHORIZED;  /* 401: a login is needed */
extern NERR_TYPE ERR_FORBIDDEN;     /* 403: capability, CSRF, scope */
extern NERR_TYPE ERR_NOT_FOUND;     /* 404 */
extern NERR_TYPE ERR_METHOD;        /* 405 */
extern NERR_TYPE ERR_CONFLICT;      /* 409: state changed under the user */
extern NERR_TYPE ERR_DUPLICATE;     /* 409: a unique key refused the row */
extern NERR_TYPE ERR_TOO_LARGE;     /* 413 */
extern NERR_TYPE ERR_TOO_MANY;      /* 429: throttled */
extern NERR_TYPE ERR_UNAVAILABLE;   /* 503: database down */
extern NERR_TYPE ERR_DB;            /* 500: database error (logged) */

/* Registers the types; safe to call more than once. */
NEOERR *err_init(void);

/* The HTTP status for an error; 200 for STATUS_OK. */
int err_http_status(NEOERR *err);

/* The language-file key of the short explanation shown for a status
 * ("Error.404"), so no user-facing text is built in C. */
const char *err_lang_key(int status);

/* Writes the error with its traceback to the log and frees it. */
void err_log_and_free(NEOERR **err);

#endif
