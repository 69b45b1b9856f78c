/* The intake API's pure parts: key format, headers, JSON to lead_input. */
#include <string.h>

#include <jansson.h>

#include "api.h"
#include "tap.h"

void test_api(void);

static json_t *obj(const char *text)
{
	json_error_t e;

	return json_loads(text, JSON_REJECT_DUPLICATES, &e);
}

/* The error key reported for field, or NULL. */
static const char *err_for(const struct lead_errors *errs, const char *field)
{
	for (int i = 0; i < errs->n; i++)
		if (!strcmp(errs->e[i].field, field))
			return errs->e[i].key;
	return NULL;
}

void test_api(void)
{
	char key[API_KEY_LEN + 1], key2[API_KEY_LEN + 1], got[API_KEY_LEN + 1];
	char hex[API_HASH_HEX], intent[API_INTENT_MAX + 1], hdr[100];
	struct lead_input in;
	struct lead_errors errs;
	json_t *j;

	api_key_new(key);
	api_key_new(key2);
	CHECK(strlen(key) == API_KEY_LEN && strspn(key, "0123456789abcdef") == API_KEY_LEN,
	      "api: a new key is 64 lower-case hex digits");
	CHECK(strcmp(key, key2), "api: two new keys differ");
	api_key_hash("abc", hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		  "api: key hash is hex SHA-256");

	snprintf(hdr, sizeof(hdr), "Bearer %s", key);
	CHECK(api_bearer(hdr, got) && !strcmp(got, key), "api: Bearer <key>");
	snprintf(hdr, sizeof(hdr), "  bearer \t%s  ", key);
	CHECK(api_bearer(hdr, got) && !strcmp(got, key), "api: scheme in any case, blanks around");
	CHECK(!api_bearer(key, got) && !got[0], "api: key without the scheme refused");
	snprintf(hdr, sizeof(hdr), "Basic %s", key);
	CHECK(!api_bearer(hdr, got), "api: Basic refused");
	snprintf(hdr, sizeof(hdr), "Bearer %.63s", key);
	CHECK(!api_bearer(hdr, got), "api: 63 digits refused");
	snprintf(hdr, sizeof(hdr), "Bearer %s0", key);
	CHECK(!api_bearer(hdr, got), "api: 65 digits refused");
	snprintf(hdr, sizeof(hdr), "Bearer %s x", key);
	CHECK(!api_bearer(hdr, got), "api: trailing words refused");
	memcpy(key2, key, sizeof(key2));
	key2[10] = 'A';
	snprintf(hdr, sizeof(hdr), "Bearer %s", key2);
	CHECK(!api_bearer(hdr, got), "api: upper-case digit refused");
	CHECK(!api_bearer("Bearer", got) && !api_bearer(NULL, got) && !api_bearer("", got),
	      "api: empty and missing refused");

	CHECK(api_idem_key_ok("550e8400-e29b-41d4-a716-446655440000"), "api: idempotency key UUID");
	CHECK(api_idem_key_ok("x"), "api: idempotency key of 1");
	{
		char k[102];

		memset(k, 'k', 100);
		k[100] = '\0';
		CHECK(api_idem_key_ok(k), "api: idempotency key of 100");
		k[100] = 'k';
		k[101] = '\0';
		CHECK(!api_idem_key_ok(k), "api: idempotency key of 101 refused");
	}
	CHECK(!api_idem_key_ok("") && !api_idem_key_ok(NULL), "api: empty idempotency key refused");
	CHECK(!api_idem_key_ok("a\tb") && !api_idem_key_ok("订单1"),
	      "api: control and non-ASCII characters refused");

	CHECK(api_content_type_json("application/json"), "api: application/json");
	CHECK(api_content_type_json("Application/JSON; charset=utf-8"), "api: with a charset");
	CHECK(!api_content_type_json("application/jsonx"), "api: application/jsonx refused");
	CHECK(!api_content_type_json("application/x-www-form-urlencoded"), "api: form refused");
	CHECK(!api_content_type_json(NULL) && !api_content_type_json(""), "api: none refused");

	memset(&in, 0, sizeof(in));
	j = obj("{\"name\":\"张三\",\"phone\":\"13812345678\",\"company\":\"华信\","
		"\"region_code\":\"310101\",\"industry\":\"medical\",\"need\":\"n\","
		"\"intent\":[\"demo\",\" video \",\"demo\"],\"unknown\":1}");
	CHECK(j && api_lead_from_json(j, &in, intent, sizeof(intent), &errs),
	      "api: a full lead passes");
	CHECK_STR(in.name, "张三", "api: name mapped");
	CHECK_STR(in.phone, "13812345678", "api: phone mapped");
	CHECK_STR(in.region_code, "310101", "api: region mapped");
	CHECK_STR(in.intent, "demo,video", "api: intent array joined, trimmed, repeats dropped");
	CHECK(in.email == NULL, "api: an absent field is NULL");
	json_decref(j);

	j = obj("{\"name\":\"李四\",\"email\":\"li@example.cn\",\"intent\":\"white_paper, ,video\","
		"\"company\":null}");
	CHECK(j && api_lead_from_json(j, &in, intent, sizeof(intent), &errs),
	      "api: intent as a comma string, null company");
	CHECK_STR(in.intent, "white_paper,video", "api: comma string trimmed, empty piece dropped");
	CHECK(in.company == NULL, "api: null is absent");
	json_decref(j);

	j = obj("{\"name\":\"王五\",\"phone\":13812345678,\"intent\":[\"demo\",2]}");
	CHECK(j && !api_lead_from_json(j, &in, intent, sizeof(intent), &errs),
	      "api: wrong types refused");
	CHECK_STR(err_for(&errs, "phone"), "Api.NotText", "api: number phone is not text");
	CHECK_STR(err_for(&errs, "intent"), "Api.NotIntent", "api: number in intent");
	CHECK(errs.n == 2, "api: one error per field (no extra need-contact)");
	json_decref(j);

	j = obj("{\"phone\":\"123\",\"intent\":\"demo,nope\",\"industry\":\"mining\"}");
	CHECK(j && !api_lead_from_json(j, &in, intent, sizeof(intent), &errs),
	      "api: lead_check errors come through");
	CHECK_STR(err_for(&errs, "name"), "Valid.Required", "api: name required");
	CHECK_STR(err_for(&errs, "phone"), "Valid.Phone", "api: bad phone");
	CHECK_STR(err_for(&errs, "intent"), "Valid.Unknown", "api: unknown intent code");
	CHECK_STR(err_for(&errs, "industry"), "Valid.Unknown", "api: unknown industry");
	json_decref(j);

	j = obj("{\"name\":\"赵六\",\"phone\":\"13812345678\",\"intent\":[\"de,mo\"]}");
	CHECK(j && !api_lead_from_json(j, &in, intent, sizeof(intent), &errs) &&
	      err_for(&errs, "intent") && !strcmp(err_for(&errs, "intent"), "Valid.Unknown"),
	      "api: a comma inside an array element refused");
	json_decref(j);

	{
		/* Many different (unknown) codes must not overflow the column. */
		char big[600] = "{\"name\":\"a\",\"phone\":\"13812345678\",\"intent\":\"";
		size_t l = strlen(big);

		for (int i = 0; i < 60; i++)
			l += (size_t)snprintf(big + l, sizeof(big) - l, "c%02d,", i);
		snprintf(big + l, sizeof(big) - l, "\"}");
		j = obj(big);
		CHECK(j && !api_lead_from_json(j, &in, intent, sizeof(intent), &errs) &&
		      strlen(intent) <= API_INTENT_MAX, "api: a long intent list is refused, not cut");
		json_decref(j);
	}
}
