/* api.h — the lead intake API (POST /api/v1/leads) and its keys.
 *
 * A key is 64 lower-case hex digits (32 random bytes).  The database keeps
 * only its SHA-256 and its first 8 digits (the prefix, which finds the row
 * and names the key in lists, logs and lead sources).  The handler lives in
 * pages.h; these are the pure parts, shared with admin_apikeys.c and tested
 * in tests/unit/test_api.c.
 */
#ifndef SG_API_H
#define SG_API_H

#include <stddef.h>

#include <jansson.h>

#include "lead.h"

#define API_KEY_LEN 64         /* hex digits */
#define API_PREFIX_LEN 8
#define API_HASH_HEX 65        /* 64 hex digits and a NUL */
#define API_MAX_BODY 65536
#define API_IDEM_MAX 100
#define API_INTENT_MAX 100     /* lead.intent is VARCHAR(100) */

/* A fresh random key, API_KEY_LEN hex digits and a NUL. */
void api_key_new(char key[API_KEY_LEN + 1]);

/* Pure: hex SHA-256 of the whole key (what api_key.key_hash stores). */
void api_key_hash(const char *key, char hex[API_HASH_HEX]);

/* Pure: 1 when the Authorization header is "Bearer <key>" (scheme in any
 * case) with a well-formed key, copied to key; else 0 and key is "". */
int api_bearer(const char *authorization, char key[API_KEY_LEN + 1]);

/* Pure: 1 for an Idempotency-Key of 1–100 printable ASCII characters. */
int api_idem_key_ok(const char *k);

/* Pure: 1 for "application/json", with or without parameters. */
int api_content_type_json(const char *ct);

/* Pure: fills in's text fields from a JSON object (pointers into obj, so
 * obj must outlive in), joins "intent" (an array of codes or a comma
 * string, spaces and repeats dropped) into intent[n], then runs
 * lead_check().  Fields of the wrong JSON type are errors of their own;
 * every field is reported once.  Returns 1 when there is no error. */
int api_lead_from_json(json_t *obj, struct lead_input *in, char *intent,
		       size_t n, struct lead_errors *errs);

#endif
