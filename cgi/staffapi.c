/* staffapi.c — the staff JSON API's guard and answer (see staffapi.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <sodium.h>

#include "api.h"
#include "audit.h"
#include "db.h"
#include "err.h"
#include "render.h"
#include "route.h"
#include "session.h"
#include "staffapi.h"
#include "user.h"

/* What each route's JSON answer carries: HDF paths the handler filled for
 * its page, and the key each becomes.  Nothing else leaves the server. */
struct staffapi_face {
	const char *pattern;
	int method;
	struct { const char *hdf, *key; } parts[4];
};

static const struct staffapi_face faces[] = {
	{ "/api/v1/leads", M_GET, { { "Leads.Items", "items" }, { "Pager.After", "next_after" } } },
	{ "/api/v1/leads/#", M_GET, { { "Lead", "lead" } } },
	{ "/api/v1/leads/#/activities", M_POST, { { NULL, NULL } } },
	{ "/api/v1/leads/#/visits", M_POST, { { NULL, NULL } } },
	{ "/api/v1/customers/#", M_GET, { { "Customer", "customer" } } },
	{ "/api/v1/customers/#/activities", M_POST, { { NULL, NULL } } },
	{ "/api/v1/customers/#/visits", M_POST, { { NULL, NULL } } },
	{ "/api/v1/today", M_GET, { { "Today", "today" } } },
	{ "/api/v1/activities/#/reply", M_POST, { { NULL, NULL } } },
	/* the deals pipeline (F1) */
	{ "/api/v1/tasks", M_GET, { { "Tasks", "tasks" } } },
	{ "/api/v1/deals/#", M_GET, { { "Deal", "deal" } } },
	/* a refusal (409) names what stopped it and every unmet item */
	{ "/api/v1/deals/#/move", M_POST, { { "Deal.Refused", "refused" }, { "Deal.Unmet", "missing" } } },
	{ "/api/v1/deals/#/approval/decide", M_POST, { { NULL, NULL } } },
};

static const struct staffapi_face *staffapi_face(const char *pattern, int method)
{
	for (size_t i = 0; i < sizeof(faces) / sizeof(faces[0]); i++)
		if (!strcmp(faces[i].pattern, pattern) && faces[i].method == method)
			return &faces[i];
	return NULL;
}

int staffapi_has_face(const char *pattern, int method)
{
	return staffapi_face(pattern, method) != NULL;
}

/* ---- tokens ---------------------------------------------------------- */

/* The login_attempt key of failed token uses (not a valid login name). */
#define STAFFAPI_THROTTLE_KEY "(api-token)"

void staffapi_token_new(char token[STAFFAPI_TOKEN_LEN + 1])
{
	unsigned char r[STAFFAPI_SECRET_HEX / 2];

	memcpy(token, STAFFAPI_TOKEN_PREFIX, 4);
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(token + 4, STAFFAPI_SECRET_HEX + 1, r, sizeof(r));
	sodium_memzero(r, sizeof(r));
}

void staffapi_token_hash(const char *token, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

int staffapi_bearer(const char *a, char token[STAFFAPI_TOKEN_LEN + 1])
{
	size_t n;

	token[0] = '\0';
	if (!a)
		return 0;
	while (*a == ' ' || *a == '\t')
		a++;
	if (strncasecmp(a, "Bearer", 6) || (a[6] != ' ' && a[6] != '\t'))
		return 0;
	a += 6;
	while (*a == ' ' || *a == '\t')
		a++;
	if (strncmp(a, STAFFAPI_TOKEN_PREFIX, 4))
		return 0;
	for (n = 4; a[n] && a[n] != ' ' && a[n] != '\t'; n++)
		if (n >= STAFFAPI_TOKEN_LEN || !((a[n] >= '0' && a[n] <= '9') || (a[n] >= 'a' && a[n] <= 'f')))
			return 0;
	if (n != STAFFAPI_TOKEN_LEN)
		return 0;
	for (const char *p = a + n; *p; p++)
		if (*p != ' ' && *p != '\t')
			return 0;
	memcpy(token, a, n);
	token[n] = '\0';
	return 1;
}

static NEOERR *staffapi_refuse(REQUEST *req, const char *why, const char *prefix)
{
	char detail[80];
	struct audit_event ev = { "api.token.refused", "route", 0, NULL, NULL, detail };
	NEOERR *err;

	snprintf(detail, sizeof(detail), "%s%s%s", why, prefix ? " " : "", prefix ? prefix : "");
	/* Counted with failed sign-ins from the same address (the throttle). */
	err = session_record_attempt(STAFFAPI_THROTTLE_KEY, req->remote_addr, 0);
	if (!err)
		err = audit_log_as(0, NULL, req->remote_addr, NULL, req->rid, &ev);
	if (err)
		return nerr_pass(err);
	return nerr_raise(ERR_UNAUTHORIZED, "api token: %s", detail);
}

NEOERR *staffapi_authenticate(REQUEST *req, int *bearer)
{
	const char *auth = request_raw_env(req, "HTTP_AUTHORIZATION");
	char token[STAFFAPI_TOKEN_LEN + 1], hash[65], prefix[STAFFAPI_PREFIX_LEN + 1];
	long long tid = 0, uid = 0, expired = 0, revoked = 0, touch = 0;
	struct user *u;
	DB_STMT *q;
	NEOERR *err;
	int found = 0;

	*bearer = 0;
	if (!auth || !*auth) {
		/* Cookie callers: the CSRF token may travel in a header. */
		const char *h = request_raw_env(req, "HTTP_X_CSRF_TOKEN");

		if (h && !hdf_get_obj(req->hdf, "Query._csrf") && strlen(h) < 129)
			return nerr_pass(hdf_set_value(req->hdf, "Query._csrf", h));
		return STATUS_OK;
	}
	/* Guessing tokens costs like guessing passwords: after 5 failures in a
	 * minute from an address, 429 without looking (nor auditing again). */
	err = session_throttled(STAFFAPI_THROTTLE_KEY, req->remote_addr, &found);
	if (err)
		return nerr_pass(err);
	if (found)
		return nerr_raise(ERR_TOO_MANY, "api tokens throttled for %s", req->remote_addr);
	if (!staffapi_bearer(auth, token))
		return nerr_pass(staffapi_refuse(req, "malformed", NULL));
	staffapi_token_hash(token, hash);
	snprintf(prefix, sizeof(prefix), "%.*s", STAFFAPI_PREFIX_LEN, token + 4);
	sodium_memzero(token, sizeof(token));
	err = db_prepare(&q, "SELECT id, user_id, (expires_at IS NOT NULL AND expires_at < UTC_TIMESTAMP(6)),"
			 " revoked_at IS NOT NULL,"
			 " (last_used_at IS NULL OR last_used_at < UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE)"
			 " FROM api_token WHERE token_hash = ?");
	if (err)
		return nerr_pass(err);
	db_bind_text(q, 1, hash);
	if (db_step(q) == DB_ROW) {
		tid = db_col_int(q, 0);
		uid = db_col_int(q, 1);
		expired = db_col_int(q, 2);
		revoked = db_col_int(q, 3);
		touch = db_col_int(q, 4);
	}
	err = db_finalize(q);
	if (err)
		return nerr_pass(err);
	if (!tid)
		return nerr_pass(staffapi_refuse(req, "unknown", prefix));
	if (revoked || expired)
		return nerr_pass(staffapi_refuse(req, revoked ? "revoked" : "expired", prefix));
	u = calloc(1, sizeof(*u));
	if (!u)
		return nerr_raise(NERR_NOMEM, "user");
	err = user_load(uid, u, &found);
	if (err || !found || u->status != USER_ACTIVE) {
		free(u);
		if (err)
			return nerr_pass(err);
		return nerr_pass(staffapi_refuse(req, "owner not active", prefix));
	}
	req->user = req->actor = u;
	/* The audit log names the token where a session would be named. */
	snprintf(req->session_hash, sizeof(req->session_hash), "t:%s", prefix);
	*bearer = 1;
	if (touch)
		err = db_execf(NULL, "UPDATE api_token SET last_used_at = UTC_TIMESTAMP(6),"
			       " last_used_ip = ? WHERE id = ?", "ti", req->remote_addr, tid);
	return nerr_pass(err);
}

/* ---- JSON request bodies ------------------------------------------------ */

NEOERR *staffapi_json_params(REQUEST *req, const struct route *r)
{
	json_error_t jerr;
	json_t *obj;
	char *body = NULL;
	size_t len = 0;
	HDF *q;
	NEOERR *err;

	if (!api_content_type_json(request_env(req, "CGI.ContentType")))
		return STATUS_OK;
	err = request_read_body(req, API_MAX_BODY, &body, &len);
	if (err)
		return nerr_pass(err);
	obj = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	free(body);
	if (!obj || !json_is_object(obj)) {
		json_decref(obj);
		return nerr_raise(ERR_BAD_REQUEST, "JSON body is not an object");
	}
	err = hdf_get_node(req->hdf, "Query", &q);
	/* Only the route's declared names are taken (as the form would give
	 * them); the usual validation follows. */
	for (const struct param_spec *ps = r->params; !err && ps && ps->name; ps++) {
		json_t *v = json_object_get(obj, ps->name);
		char num[32];

		if (!v || json_is_null(v))
			continue;
		if (json_is_string(v)) {
			err = hdf_set_value(q, ps->name, json_string_value(v));
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
			err = hdf_set_value(q, ps->name, num);
		} else {
			err = nerr_raise(ERR_BAD_REQUEST, "JSON member %s is not a string or integer",
					 ps->name);
		}
	}
	json_decref(obj);
	return nerr_pass(err);
}

/* ---- the answer ------------------------------------------------------ */

void staffapi_json_key(const char *s, char *out, size_t n)
{
	size_t k = 0;

	if (!n)
		return;
	for (size_t i = 0; s[i] && k + 2 < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isupper(c)) {
			if (i && (islower((unsigned char)s[i - 1]) || isdigit((unsigned char)s[i - 1]) ||
				  (s[i + 1] && islower((unsigned char)s[i + 1]) && isupper((unsigned char)s[i - 1]))))
				out[k++] = '_';
			out[k++] = (char)tolower(c);
		} else if (isalnum(c)) {
			out[k++] = (char)c;
		} else {
			out[k++] = '_';
		}
	}
	out[k] = '\0';
}

static int staffapi_is_index(const char *name)
{
	if (!*name)
		return 0;
	for (; *name; name++)
		if (!isdigit((unsigned char)*name))
			return 0;
	return 1;
}

/* The machine type of a field in the JSON face, declared by the end of its
 * HDF path: "*" is any one name, "#" a row index.  The first match wins,
 * so a row's flag comes before a section's count of the same name.  The
 * pages print the same HDF values as before; only the JSON face types them.
 * Not declared: a string (amounts stay exact decimal strings, masked ones
 * are bands; the keyset cursor Pager.After is opaque).  Times are typed
 * where they are made (render_set_time puts an ISO-8601 form beside the
 * reader's local text on staff API requests). */
enum { SF_TEXT, SF_INT, SF_BOOL };
static const struct { const char *tail; int type; } staffapi_types[] = {
	{ "#.Overdue", SF_BOOL }, { "Lead.Overdue", SF_BOOL }, { "Overdue", SF_INT },
	{ "Open.#.Need", SF_INT }, { "Open.#.Have", SF_INT },
	{ "Unmet.#.Need", SF_INT }, { "Unmet.#.Have", SF_INT },
	{ "Locks.#.Need", SF_INT }, { "Locks.#.Have", SF_INT },
	{ "Contacts.#.Key", SF_BOOL },
	{ "Id", SF_INT }, { "CustomerId", SF_INT }, { "LeadId", SF_INT }, { "DealId", SF_INT },
	{ "PipelineId", SF_INT }, { "NextStageId", SF_INT }, { "StageId", SF_INT },
	{ "Position", SF_INT }, { "Count", SF_INT }, { "OpenCount", SF_INT }, { "LockCount", SF_INT },
	{ "DealCount", SF_INT }, { "ValidComms", SF_INT }, { "DecisionMakers", SF_INT },
	{ "Regressions", SF_INT }, { "Hours", SF_INT }, { "LimitHours", SF_INT }, { "LimitDays", SF_INT },
	{ "Days", SF_INT }, { "Minutes", SF_INT }, { "Level", SF_INT }, { "MinutesLeft", SF_INT }, { "Duration", SF_INT },
	{ "CanEdit", SF_BOOL }, { "CanBack", SF_BOOL }, { "CanDecide", SF_BOOL }, { "MayDecide", SF_BOOL },
	{ "Mine", SF_BOOL }, { "IsLast", SF_BOOL }, { "DecisionMaker", SF_BOOL }, { "Masked", SF_BOOL },
	{ "Revealable", SF_BOOL }, { "More", SF_BOOL }, { "BudgetConfirmed", SF_BOOL },
	{ "Flagged", SF_BOOL }, { "NeedsApproval", SF_BOOL }, { "Stale", SF_BOOL }, { "Done", SF_BOOL },
};

/* Does path end with the names of tail? */
static int staffapi_tail_match(const char *path, const char *tail)
{
	const char *p = path + strlen(path), *t = tail + strlen(tail);

	for (;;) {
		const char *ps = p, *ts = t;
		size_t pn, tn;

		while (ps > path && ps[-1] != '.')
			ps--;
		while (ts > tail && ts[-1] != '.')
			ts--;
		pn = (size_t)(p - ps);
		tn = (size_t)(t - ts);
		if (tn == 1 && *ts == '#') {
			if (!pn)
				return 0;
			for (size_t i = 0; i < pn; i++)
				if (!isdigit((unsigned char)ps[i]))
					return 0;
		} else if (!(tn == 1 && *ts == '*') && (pn != tn || strncmp(ps, ts, tn))) {
			return 0;
		}
		if (ts == tail)
			return 1;
		if (ps == path)
			return 0;
		p = ps - 1;
		t = ts - 1;
	}
}

int staffapi_field_type(const char *path)
{
	for (size_t i = 0; i < sizeof(staffapi_types) / sizeof(staffapi_types[0]); i++)
		if (staffapi_tail_match(path, staffapi_types[i].tail))
			return staffapi_types[i].type;
	return SF_TEXT;
}

/* A leaf's value in its declared type; what does not parse stays a string. */
static json_t *staffapi_leaf(HDF *node, const char *path)
{
	const char *v = hdf_obj_value(node);

	for (HDF_ATTR *a = hdf_obj_attr(node); a; a = a->next)
		if (!strcmp(a->key, "iso") && a->value)
			return json_string(a->value);
	if (!v)
		v = "";
	switch (staffapi_field_type(path)) {
	case SF_INT: {
		size_t n = strlen(v), i = v[0] == '-';

		if (!n)
			return json_null();
		if (n - i >= 1 && n - i <= 18 && strspn(v + i, "0123456789") == n - i)
			return json_integer(strtoll(v, NULL, 10));
		break;
	}
	case SF_BOOL:
		if (!strcmp(v, "1"))
			return json_true();
		if (!strcmp(v, "0") || !*v)
			return json_false();
		break;
	default:
		break;
	}
	return json_string(v);
}

/* Appends ".name" to path; 0 when out of memory. */
static int staffapi_path_push(STRING *path, const char *name)
{
	NEOERR *err = string_appendf(path, ".%s", name);

	if (err) {
		nerr_ignore(&err);
		return 0;
	}
	return 1;
}

static void staffapi_path_pop(STRING *path, int mark)
{
	path->len = mark;
	if (path->buf)
		path->buf[mark] = '\0';
}

static json_t *staffapi_json_at(HDF *node, STRING *path)
{
	HDF *c = hdf_obj_child(node);
	int array = c != NULL;
	int mark = path->len;
	json_t *out;

	if (!c)
		return staffapi_leaf(node, path->buf ? path->buf : "");
	for (HDF *x = c; x; x = hdf_obj_next(x))
		if (!staffapi_is_index(hdf_obj_name(x)))
			array = 0;
	if (array) {
		/* Rows were added as 0, 1, 2, …: keep their numeric order. */
		out = json_array();
		for (long want = 0;; want++) {
			char name[24];
			HDF *x;

			snprintf(name, sizeof(name), "%ld", want);
			x = hdf_get_obj(node, name);
			if (!x)
				break;
			if (staffapi_path_push(path, name))
				json_array_append_new(out, staffapi_json_at(x, path));
			staffapi_path_pop(path, mark);
		}
		return out;
	}
	out = json_object();
	for (HDF *x = c; x; x = hdf_obj_next(x)) {
		char key[80];

		staffapi_json_key(hdf_obj_name(x), key, sizeof(key));
		if (!staffapi_path_push(path, hdf_obj_name(x)))
			break;
		if (hdf_obj_value(x) && hdf_obj_child(x)) {
			/* A value with attributes (Phone, Phone.Masked): side by side. */
			int xmark = path->len;

			json_object_set_new(out, key, staffapi_leaf(x, path->buf));
			for (HDF *a = hdf_obj_child(x); a; a = hdf_obj_next(a)) {
				char akey[80], full[170];

				staffapi_json_key(hdf_obj_name(a), akey, sizeof(akey));
				snprintf(full, sizeof(full), "%s_%s", key, akey);
				if (staffapi_path_push(path, hdf_obj_name(a)))
					json_object_set_new(out, full, staffapi_json_at(a, path));
				staffapi_path_pop(path, xmark);
			}
		} else {
			json_object_set_new(out, key, staffapi_json_at(x, path));
		}
		staffapi_path_pop(path, mark);
	}
	return out;
}

json_t *staffapi_hdf_json(HDF *node, const char *path)
{
	STRING p;
	json_t *out;

	string_init(&p);
	if (path && *path) {
		NEOERR *err = string_append(&p, path);

		if (err) {
			nerr_ignore(&err);
			string_clear(&p);
			return json_null();
		}
	}
	out = staffapi_json_at(node, &p);
	string_clear(&p);
	return out;
}

static NEOERR *staffapi_send(REQUEST *req, int status, json_t *obj)
{
	char *s = obj ? json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	NEOERR *err;

	json_decref(obj);
	if (!s)
		return nerr_raise(NERR_NOMEM, "json answer");
	req->status = status;
	req->content_type = "application/json; charset=utf-8";
	req->template_name = NULL;
	string_clear(&req->body);
	string_init(&req->body);
	err = string_append(&req->body, s);
	if (!err)
		err = string_append(&req->body, "\n");
	free(s);
	return nerr_pass(err);
}

/* A page handler's redirect after its POST ("/leads/5?done=Recorded"):
 * the JSON caller gets the outcome instead of a Location to follow. */
static NEOERR *staffapi_redirected(REQUEST *req)
{
	const char *h = req->headers.buf ? strstr(req->headers.buf, "Location: ") : NULL;
	char location[200] = "", result[60] = "";
	json_t *o = json_object();

	if (h) {
		size_t n = strcspn(h + 10, "\r\n");
		const char *done;

		snprintf(location, sizeof(location), "%.*s", (int)(n < 199 ? n : 199), h + 10);
		done = strstr(location, "?done=");
		if (done) {
			snprintf(result, sizeof(result), "%s", done + 6);
			location[done - location] = '\0';
		}
	}
	/* No Location header on a 200. */
	string_clear(&req->headers);
	string_init(&req->headers);
	json_object_set_new(o, "ok", json_true());
	json_object_set_new(o, "result", json_string(result));
	json_object_set_new(o, "location", json_string(location));
	return nerr_pass(staffapi_send(req, 200, o));
}

NEOERR *staffapi_answer(REQUEST *req)
{
	const struct staffapi_face *f;
	HDF *errors = hdf_get_obj(req->hdf, "Form.Errors");
	json_t *o;

	if (req->streamed)
		return STATUS_OK;
	if (req->status == 303)
		return nerr_pass(staffapi_redirected(req));
	if (errors && hdf_obj_child(errors)) {
		/* A form shown again: its errors, in the reader's language. */
		json_t *fields = json_object();

		for (HDF *e = hdf_obj_child(errors); e; e = hdf_obj_next(e)) {
			const char *key = hdf_obj_value(e);

			/* the strings live in the per-language globals, not in req->hdf */
			json_object_set_new(fields, hdf_obj_name(e),
					    json_string(render_text(req->lang, key ? key : "")));
		}
		o = json_object();
		json_object_set_new(o, "error", json_string("Bad Request"));
		json_object_set_new(o, "status", json_integer(400));
		json_object_set_new(o, "fields", fields);
		return nerr_pass(staffapi_send(req, 400, o));
	}
	f = staffapi_face(req->route->pattern, !strcmp(req->method, "POST") ? M_POST : M_GET);
	if (!f)
		return nerr_raise(NERR_ASSERT, "no JSON face for %s", req->route->pattern);
	o = json_object();
	for (size_t i = 0; i < sizeof(f->parts) / sizeof(f->parts[0]) && f->parts[i].hdf; i++) {
		HDF *part = hdf_get_obj(req->hdf, f->parts[i].hdf);

		json_object_set_new(o, f->parts[i].key,
				    part ? staffapi_hdf_json(part, f->parts[i].hdf) : json_null());
	}
	return nerr_pass(staffapi_send(req, req->status ? req->status : 200, o));
}
