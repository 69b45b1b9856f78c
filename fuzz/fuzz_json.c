/* fuzz_json.c — libFuzzer harness for the intake API's body handling
 * (cgi/api.c): the JSON is parsed as the handler parses it, then
 * api_lead_from_json() fills and checks a lead.  The same bytes also go
 * through the header checks (Bearer key, Idempotency-Key, Content-Type).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "validate.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	NEOERR *err = validate_init();

	(void)argc; (void)argv;
	if (err) {
		nerr_log_error(err);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	char *s;

	if (body && json_is_object(body)) {
		struct lead_input in;
		struct lead_errors errs;
		char intent[API_INTENT_MAX + 1];
		int ok;

		memset(&in, 0, sizeof(in));
		memset(&errs, 0, sizeof(errs));
		ok = api_lead_from_json(body, &in, intent, sizeof(intent), &errs);
		if (errs.n < 0 || errs.n > LEAD_MAX_ERRORS || (ok && errs.n))
			abort();
		if (strlen(intent) > API_INTENT_MAX)
			abort();
		for (int i = 0; i < errs.n; i++)
			if (!errs.e[i].field || !errs.e[i].key)
				abort();
		if (ok)
			(void)lead_tier(intent);
	}
	json_decref(body);

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	{
		char key[API_KEY_LEN + 1];

		if (api_bearer(s, key) && strlen(key) != API_KEY_LEN)
			abort();
		(void)api_idem_key_ok(s);
		(void)api_content_type_json(s);
	}
	free(s);
	return 0;
}
