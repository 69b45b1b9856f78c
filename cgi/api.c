/* api.c — POST /api/v1/leads: leads pushed by other systems.
 *
 * The route is R_API: no session and no origin check, so this handler is
 * the whole of the authentication.  A bearer key (api.h) names the channel
 * and the lead's source ("api:<prefix>"); the body is one JSON object of at
 * most 64 KiB; the lead goes through lead_check() and lead_create() like
 * every other lead.  Every answer, errors included, is JSON: what we answer
 * ourselves goes through api_send(), and an error raised from here on is
 * turned into JSON by request.c because the route is R_API.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <sodium.h>

#include "api.h"
#include "db.h"
#include "err.h"
#include "lead.h"
#include "log.h"
#include "pages.h"
#include "render.h"

/* ---- pure parts (api.h) --------------------------------------------------- */

void api_key_new(char key[API_KEY_LEN + 1])
{
	unsigned char r[API_KEY_LEN / 2];

	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(key, API_KEY_LEN + 1, r, sizeof(r));
	sodium_memzero(r, sizeof(r));
}

void api_key_hash(const char *key, char hex[API_HASH_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)key, strlen(key));
	sodium_bin2hex(hex, API_HASH_HEX, h, sizeof(h));
}

static int api_blank(char c)
{
	return c == ' ' || c == '\t';
}

int api_bearer(const char *a, char key[API_KEY_LEN + 1])
{
	size_t n;

	key[0] = '\0';
	if (!a)
		return 0;
	while (api_blank(*a))
		a++;
	if (strncasecmp(a, "Bearer", 6) || !api_blank(a[6]))
		return 0;
	a += 6;
	while (api_blank(*a))
		a++;
	/* Exactly what api_key_new() makes: the hash is over these bytes. */
	for (n = 0; a[n] && !api_blank(a[n]); n++)
		if (n >= API_KEY_LEN || !((a[n] >= '0' && a[n] <= '9') || (a[n] >= 'a' && a[n] <= 'f')))
			return 0;
	if (n != API_KEY_LEN)
		return 0;
	for (const char *p = a + n; *p; p++)
		if (!api_blank(*p))
			return 0;
	memcpy(key, a, n);
	key[n] = '\0';
	return 1;
}

int api_idem_key_ok(const char *k)
{
	size_t n = 0;

	if (!k)
		return 0;
	for (; k[n]; n++)
		if (n >= API_IDEM_MAX || k[n] < 0x20 || k[n] > 0x7e)
			return 0;
	return n > 0;
}

int api_content_type_json(const char *ct)
{
	if (!ct)
		return 0;
	while (api_blank(*ct))
		ct++;
	if (strncasecmp(ct, "application/json", 16))
		return 0;
	ct += 16;
	while (api_blank(*ct))
		ct++;
	return *ct == '\0' || *ct == ';';
}

/* The text fields of the body and where they go. */
static const struct {
	const char *name;
	size_t off;
} api_fields[] = {
	{ "name", offsetof(struct lead_input, name) },
	{ "phone", offsetof(struct lead_input, phone) },
	{ "email", offsetof(struct lead_input, email) },
	{ "company", offsetof(struct lead_input, company) },
	{ "region_code", offsetof(struct lead_input, region_code) },
	{ "industry", offsetof(struct lead_input, industry) },
	{ "need", offsetof(struct lead_input, need) },
};

/* One message per field: the first reason is the one worth reading. */
static void api_add_error(struct lead_errors *errs, const char *field, const char *key)
{
	for (int i = 0; i < errs->n; i++)
		if (!strcmp(errs->e[i].field, field))
			return;
	if (errs->n < LEAD_MAX_ERRORS) {
		errs->e[errs->n].field = field;
		errs->e[errs->n].key = key;
		errs->n++;
	}
}

/* Appends one code to the comma list, trimmed; empty pieces and repeats are
 * dropped.  0 when it cannot be a code (a comma inside an array element) or
 * the list would not fit the column. */
static int api_intent_add(char *out, size_t n, const char *code, size_t len)
{
	size_t used = strlen(out);

	while (len && api_blank(*code)) {
		code++;
		len--;
	}
	while (len && api_blank(code[len - 1]))
		len--;
	if (!len)
		return 1;
	if (memchr(code, ',', len))
		return 0;
	for (const char *p = out; *p;) {
		size_t l = strcspn(p, ",");

		if (l == len && !memcmp(p, code, len))
			return 1;
		p += l + (p[l] == ',');
	}
	if (used + (used ? 1 : 0) + len >= n)
		return 0;
	if (used)
		out[used++] = ',';
	memcpy(out + used, code, len);
	out[used + len] = '\0';
	return 1;
}

int api_lead_from_json(json_t *obj, struct lead_input *in, char *intent,
		       size_t n, struct lead_errors *errs)
{
	struct lead_errors checked;
	json_t *v;
	int ok = 1;

	errs->n = 0;
	intent[0] = '\0';
	for (size_t i = 0; i < sizeof(api_fields) / sizeof(api_fields[0]); i++) {
		const char **dst = (const char **)(void *)((char *)in + api_fields[i].off);

		*dst = NULL;
		v = json_object_get(obj, api_fields[i].name);
		if (!v || json_is_null(v))
			continue;
		if (json_is_string(v))
			*dst = json_string_value(v);
		else
			api_add_error(errs, api_fields[i].name, "Api.NotText");
	}

	v = json_object_get(obj, "intent");
	if (json_is_string(v)) {
		for (const char *p = json_string_value(v); ok && *p;) {
			size_t l = strcspn(p, ",");

			ok = api_intent_add(intent, n, p, l);
			p += l + (p[l] == ',');
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; ok && i < json_array_size(v); i++) {
			json_t *e = json_array_get(v, i);

			if (!json_is_string(e)) {
				api_add_error(errs, "intent", "Api.NotIntent");
				break;
			}
			ok = api_intent_add(intent, n, json_string_value(e),
					    strlen(json_string_value(e)));
		}
	} else if (v && !json_is_null(v)) {
		api_add_error(errs, "intent", "Api.NotIntent");
	}
	if (!ok)
		api_add_error(errs, "intent", "Valid.Unknown");
	in->intent = intent[0] ? intent : NULL;

	/* A field of the wrong type is NULL here; lead_check's "required"
	 * for it is skipped as the field is already reported. */
	lead_check(in, &checked);
	for (int i = 0; i < checked.n; i++)
		api_add_error(errs, checked.e[i].field, checked.e[i].key);
	return errs->n == 0;
}

/* ---- answers ---------------------------------------------------------------- */

/* Sends obj (taken over) as the whole answer. */
static NEOERR *api_send(REQUEST *req, int status, json_t *obj)
{
	char *s = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
	NEOERR *err;

	json_decref(obj);
	if (!s)
		return nerr_raise(NERR_NOMEM, "json answer");
	req->status = status;
	req->content_type = "application/json; charset=utf-8";
	req->template_name = NULL;
	err = string_append(&req->body, s);
	if (!err)
		err = string_append(&req->body, "\n");
	free(s);
	return nerr_pass(err);
}

/* {"error": message, "status": status}, the shape request.c uses too.
 * message is one of our literals, never anything the client sent. */
static NEOERR *api_error(REQUEST *req, int status, const char *message)
{
	if (status == 401) {
		NEOERR *err = request_header(req, "WWW-Authenticate", "Bearer realm=\"salesgate\"");

		if (err)
			return nerr_pass(err);
	}
	return nerr_pass(api_send(req, status, json_pack("{s:s, s:i}", "error", message,
							 "status", status)));
}

/* 400 with one entry per field, in the client's language. */
static NEOERR *api_field_errors(REQUEST *req, const struct lead_errors *errs)
{
	json_t *list = json_array();

	for (int i = 0; list && i < errs->n; i++) {
		json_t *e = json_pack("{s:s, s:s, s:s}", "field", errs->e[i].field,
				      "code", errs->e[i].key,
				      "message", render_text(req->lang, errs->e[i].key));

		if (!e || json_array_append_new(list, e)) {
			json_decref(list);
			list = NULL;
		}
	}
	if (!list)
		return nerr_raise(NERR_NOMEM, "json errors");
	return nerr_pass(api_send(req, 400, json_pack("{s:s, s:i, s:o}", "error", "invalid fields",
						      "status", 400, "errors", list)));
}

/* 201 (or 200 for a replay) with the lead and where it lives. */
static NEOERR *api_created(REQUEST *req, int status, long long id, const char *tier)
{
	char where[40];
	NEOERR *err;

	snprintf(where, sizeof(where), "/leads/%lld", id);
	err = request_header(req, "Location", where);
	if (!err && status == 200)
		err = request_header(req, "Idempotent-Replayed", "true");
	if (err)
		return nerr_pass(err);
	return nerr_pass(api_send(req, status, json_pack("{s:I, s:s}", "id", (json_int_t)id,
							 "tier", tier)));
}

/* ---- the handler -------------------------------------------------------- */

struct api_caller {
	long long key_id;
	long long channel_id;
	char prefix[API_PREFIX_LEN + 1];
	char source[API_PREFIX_LEN + 5];   /* "api:" and the prefix */
};

/* Finds the caller's key.  *ok = 0 means the refusal has been answered. */
static NEOERR *api_authenticate(REQUEST *req, struct api_caller *c, int *ok)
{
	char key[API_KEY_LEN + 1], hash[API_HASH_HEX];
	int match = 0, revoked = 0, active = 0;
	DB_STMT *q;
	NEOERR *err;

	*ok = 0;
	memset(c, 0, sizeof(*c));
	if (!api_bearer(request_raw_env(req, "HTTP_AUTHORIZATION"), key))
		return nerr_pass(api_error(req, 401, "missing or malformed API key"));
	api_key_hash(key, hash);
	memcpy(c->prefix, key, API_PREFIX_LEN);
	c->prefix[API_PREFIX_LEN] = '\0';
	sodium_memzero(key, sizeof(key));

	err = db_prepare(&q, "SELECT k.id, k.key_hash, k.revoked_at IS NOT NULL, k.channel_id,"
			 " c.active FROM api_key k JOIN channel c ON c.id = k.channel_id"
			 " WHERE k.prefix = ?");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, c->prefix);
	if (db_step(q) == DB_ROW) {
		const char *stored = db_col_text(q, 1);

		/* The prefix only finds the row; the whole key must match. */
		match = stored && strlen(stored) == API_KEY_LEN &&
			sodium_memcmp(stored, hash, API_KEY_LEN) == 0;
		if (match) {
			c->key_id = db_col_int(q, 0);
			revoked = db_col_int(q, 2) != 0;
			c->channel_id = db_col_int(q, 3);
			active = db_col_int(q, 4) != 0;
		}
	}
	err = db_finalize(q);
	if (err)
		return nerr_pass(err);
	if (!match) {
		/* Not even the prefix goes to the log: it is part of what the
		 * client sent, and might be someone's real key. */
		log_msg(LOG_INFO, "api: unknown API key");
		return nerr_pass(api_error(req, 401, "invalid API key"));
	}
	if (revoked) {
		log_msg(LOG_INFO, "api: revoked API key %s", c->prefix);
		return nerr_pass(api_error(req, 401, "API key revoked"));
	}
	if (!active)
		return nerr_pass(api_error(req, 403, "the key's channel is not active"));
	snprintf(c->source, sizeof(c->source), "api:%s", c->prefix);
	/* "Last used" means last authenticated, whatever came of the call. */
	err = db_execf(NULL, "UPDATE api_key SET last_used_at = UTC_TIMESTAMP(6) WHERE id = ?",
		       "i", c->key_id);
	if (!err)
		*ok = 1;
	return nerr_pass(err);
}

/* When this key already created a lead under idem, answers with it again
 * (*done = 1). */
static NEOERR *api_replay(REQUEST *req, const struct api_caller *c, const char *idem,
			  int *done)
{
	long long id = 0;
	char tier[8] = "";
	DB_STMT *q;
	NEOERR *err;

	*done = 0;
	err = db_prepare(&q, "SELECT i.lead_id, l.tier FROM api_idempotency i"
			 " JOIN lead l ON l.id = i.lead_id"
			 " WHERE i.api_key_id = ? AND i.idem_key = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, c->key_id);
	db_bind_text(q, 2, idem);
	if (db_step(q) == DB_ROW) {
		id = db_col_int(q, 0);
		snprintf(tier, sizeof(tier), "%s", db_col_text(q, 1) ? db_col_text(q, 1) : "");
	}
	err = db_finalize(q);
	if (err || !id)
		return nerr_pass(err);
	*done = 1;
	log_msg(LOG_INFO, "api: key %s replayed lead %lld", c->prefix, id);
	return nerr_pass(api_created(req, 200, id, tier));
}

/* Creates the lead and, with an Idempotency-Key, its record: one
 * transaction, so a retry finds both or neither. */
static NEOERR *api_create(REQUEST *req, const struct api_caller *c, const char *idem,
			  struct lead_input *in)
{
	long long id = 0;
	int done = 0;
	NEOERR *err;

	in->channel_id = c->channel_id;
	in->source = c->source;
	in->ip = req->remote_addr;
	in->user_agent = request_env(req, "HTTP.UserAgent");
	err = db_begin();
	if (err)
		return nerr_pass(err);
	err = lead_create(in, 0, c->source, req->rid, &id);
	if (!err && idem)
		err = db_execf(NULL, "INSERT INTO api_idempotency (api_key_id, idem_key, lead_id,"
			       " created_at) VALUES (?, ?, ?, UTC_TIMESTAMP(6))", "iti",
			       c->key_id, idem, id);
	if (err) {
		NEOERR *rb = db_rollback();

		err_log_and_free(&rb);
		/* The same key and Idempotency-Key at the same moment: the
		 * other request's row waited for its commit, then refused
		 * ours.  Answer with its lead. */
		if (idem && nerr_handle(&err, ERR_DUPLICATE)) {
			err = api_replay(req, c, idem, &done);
			if (!err && !done)
				err = nerr_raise(ERR_CONFLICT, "idempotency row vanished");
		}
		return nerr_pass(err);
	}
	err = db_commit();
	if (err)
		return nerr_pass(err);
	log_msg(LOG_INFO, "api: key %s created lead %lld", c->prefix, id);
	return nerr_pass(api_created(req, 201, id, lead_tier(in->intent)));
}

NEOERR *api_leads_create(REQUEST *req)
{
	struct api_caller c;
	struct lead_input in;
	struct lead_errors errs;
	char intent[API_INTENT_MAX + 1];
	const char *idem = request_raw_env(req, "HTTP_IDEMPOTENCY_KEY");
	char *buf = NULL;
	size_t len = 0;
	json_t *body;
	json_error_t jerr;
	int ok = 0, done = 0;
	NEOERR *err;

	err = api_authenticate(req, &c, &ok);
	if (err || !ok)
		return nerr_pass(err);
	/* A form encoding would have been read (and lost) by the CGI kit. */
	if (!api_content_type_json(request_env(req, "CGI.ContentType")))
		return nerr_pass(api_error(req, 415, "Content-Type must be application/json"));
	if (idem && !api_idem_key_ok(idem))
		return nerr_pass(api_error(req, 400, "Idempotency-Key must be 1 to 100 printable"
					   " ASCII characters"));
	err = request_read_body(req, API_MAX_BODY, &buf, &len);
	if (nerr_handle(&err, ERR_TOO_LARGE))
		return nerr_pass(api_error(req, 413, "the body is over 64 KiB"));
	if (err)
		return nerr_pass(err);
	body = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	free(buf);
	if (!body)
		return nerr_pass(api_error(req, 400, "invalid JSON"));
	if (!json_is_object(body)) {
		json_decref(body);
		return nerr_pass(api_error(req, 400, "a JSON object expected"));
	}
	/* A retry is answered before its body is judged again: the first
	 * request's outcome is the answer. */
	if (idem)
		err = api_replay(req, &c, idem, &done);
	if (!err && !done) {
		memset(&in, 0, sizeof(in));
		if (api_lead_from_json(body, &in, intent, sizeof(intent), &errs))
			err = api_create(req, &c, idem, &in);
		else
			err = api_field_errors(req, &errs);
	}
	json_decref(body);
	return nerr_pass(err);
}
