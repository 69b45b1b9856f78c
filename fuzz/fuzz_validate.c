/* fuzz_validate.c — libFuzzer harness for the validators (cgi/validate.c).
 *
 * Input: one byte picks the validator (every entry of the table, so new
 * ones are covered), the rest is the value.  Also checks
 * validate_clean_utf8(): its output is always valid UTF-8 and never
 * shorter in characters than the input has valid ones.
 */
#include "../cgi/validate.c"

#include <stdint.h>

#include "csv.h"

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
	const struct validator *v;
	const char *msg = NULL;
	char *s, *clean;

	if (size < 1)
		return 0;
	v = &validators[data[0] % N_VALIDATORS];
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if (validate(v->name, s, &msg)) {
		if (strlen(s) > v->max_bytes)
			abort();   /* passed over its length limit */
		if (!csv_utf8_valid((const unsigned char *)s, strlen(s), 0, NULL))
			abort();   /* passed invalid UTF-8 */
	} else if (!msg) {
		abort();   /* a refusal names its message */
	}
	clean = validate_clean_utf8(s);
	if (clean) {
		if (!csv_utf8_valid((const unsigned char *)clean, strlen(clean), 0, NULL))
			abort();
		(void)validate_chars(clean);
		free(clean);
	}
	(void)validate_chars(s);
	free(s);
	return 0;
}
