/* staffapi.h — the staff JSON API (/api/v1/…): another face of the page
 * handlers, not a second implementation.
 *
 * A route flagged R_STAFF_API names the same handler, capability and
 * parameters as its page.  The guard authenticates by a personal access
 * token (Authorization: Bearer sgp_…) or by the session cookie (then a POST
 * needs the same origin and the CSRF token, in the X-CSRF-Token header or
 * the _csrf field, exactly as a page form).  The handler fills HDF as for
 * the page — masked by the field policy, scoped, audited — and
 * staffapi_answer() serialises the subtree that staffapi.c's face table
 * declares for the route, instead of rendering the template.  A handler's
 * redirect after a POST becomes {"ok":true,"result":…,"location":…}; a form
 * shown again with errors becomes a 400 with the errors by field.
 */
#ifndef SG_STAFFAPI_H
#define SG_STAFFAPI_H

#include <stddef.h>

#include <jansson.h>

#include "request.h"

#define STAFFAPI_TOKEN_PREFIX "sgp_"
#define STAFFAPI_SECRET_HEX 64                  /* 32 random bytes */
#define STAFFAPI_TOKEN_LEN (4 + STAFFAPI_SECRET_HEX)
#define STAFFAPI_PREFIX_LEN 8                   /* first hex digits: names the token */

/* Called by the guard for R_STAFF_API routes before the session: with an
 * Authorization header, checks the token and signs the request in as its
 * owner (*bearer = 1; a bad token is a 401, audited); without one, moves an
 * X-CSRF-Token header to where session_csrf_ok() looks. */
NEOERR *staffapi_authenticate(REQUEST *req, int *bearer);

struct route;
/* Called before the parameters are checked: an application/json POST body
 * (one object, at most 64 KiB) gives the route's declared parameters
 * (strings or integers), as a form would.  Anything else is left alone. */
NEOERR *staffapi_json_params(REQUEST *req, const struct route *r);

/* Called by the dispatcher after an R_STAFF_API route's handler. */
NEOERR *staffapi_answer(REQUEST *req);

/* 1 when every R_STAFF_API route of the table has a face (unit test). */
int staffapi_has_face(const char *pattern, int method);

/* A fresh token (STAFFAPI_TOKEN_LEN chars and a NUL). */
void staffapi_token_new(char token[STAFFAPI_TOKEN_LEN + 1]);

/* Pure: 1 when the header is "Bearer sgp_<64 hex>"; token copied. */
int staffapi_bearer(const char *authorization, char token[STAFFAPI_TOKEN_LEN + 1]);

/* Pure: hex SHA-256 of the whole token (65 bytes with the NUL). */
void staffapi_token_hash(const char *token, char hex[65]);

/* Pure: "CustomerId" → "customer_id" (ASCII letters and digits). */
void staffapi_json_key(const char *hdf_name, char *out, size_t n);

/* Pure: an HDF subtree (at HDF path path, e.g. "Lead") as JSON.  Children
 * named 0, 1, … make an array; other children an object with snake_case
 * keys; a node with a value and children (a masked field: Phone =
 * "138****1234", Phone.Masked = 1) gives "phone" and "phone_masked" side by
 * side.  A value is typed by its field's declared type (staffapi_field_type:
 * integer or boolean, else a string); a node carrying an "iso" attribute
 * (a time, see render_set_time) gives that ISO-8601 text instead. */
json_t *staffapi_hdf_json(HDF *node, const char *path);

/* Pure: the declared JSON type of the field at an HDF path
 * ("Today.Waiting.Items.3.Overdue"): 0 string, 1 integer, 2 boolean. */
int staffapi_field_type(const char *path);

#endif
