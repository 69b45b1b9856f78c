/* session.h — sign-in sessions, CSRF and sign-in throttling.
 *
 * The cookie carries 32 random bytes; the database keeps only their SHA-256.
 * The CSRF token is derived from the raw token (BLAKE2b keyed with it), so it
 * needs no storage and dies with the session.  Idle and absolute time-outs
 * and the user's status are checked on every request.
 */
#ifndef SG_SESSION_H
#define SG_SESSION_H

#include "request.h"

/* Reads the cookie and, when it names a live session, fills req->user,
 * req->actor, req->csrf and the User.* / CSRF.* HDF.  No cookie or a dead
 * session is not an error: req->user stays NULL. */
NEOERR *session_load(REQUEST *req);

/* Starts a session for user_id: new token, cookie, session row. */
NEOERR *session_start(REQUEST *req, long long user_id);

/* Ends the request's session (logout) and clears the cookie. */
NEOERR *session_end(REQUEST *req, const char *reason);

/* Ends every live session of a user (freeze, departure, password reset). */
NEOERR *session_end_user(long long user_id, const char *reason);

/* Sets or clears the view-as target of the request's session. */
NEOERR *session_set_view_as(REQUEST *req, long long target_id);

/* 1 when the POST carries this session's CSRF token. */
int session_csrf_ok(REQUEST *req);

/* 1 when Origin (or, failing that, Referer) names this site. */
int session_same_origin(REQUEST *req);

/* Pure: does origin ("https://h:p") match scheme + host? */
int session_origin_matches(const char *origin, int https, const char *host);

/* Sign-in throttle: *blocked when the login or the address had 5 or more
 * failures in the last minute. */
NEOERR *session_throttled(const char *login, const char *ip, int *blocked);
NEOERR *session_record_attempt(const char *login, const char *ip, int ok);

/* Fills User.*, User.Can.*, CSRF.Token, ViewAs.* for the templates. */
NEOERR *session_export(REQUEST *req);

#endif
