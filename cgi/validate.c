/* validate.c — the validator table. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

struct validator {
	const char *name;
	const char *pattern;    /* anchored by the flags below; NULL = none */
	size_t max_bytes;
	int multiline;          /* allow \t \r \n */
	const char *msg_key;
	pcre2_code *re;
};

/* Mainland mobile: 1[3-9]xxxxxxxxx; landline: 0 + area code + number with
 * an optional extension.  Region codes are GB/T 2260 six-digit codes. */
static struct validator validators[] = {
	{ "id", "[1-9][0-9]{0,17}", 18, 0, "Valid.Id", NULL },
	{ "int", "-?[0-9]{1,18}", 19, 0, "Valid.Int", NULL },
	{ "page", "[1-9][0-9]{0,5}", 6, 0, "Valid.Int", NULL },
	{ "bool", "[01]|on|off|true|false", 5, 0, "Valid.Bool", NULL },
	{ "line", NULL, 200, 0, "Valid.Line", NULL },
	{ "name", NULL, 100, 0, "Valid.Line", NULL },
	{ "text", NULL, 10000, 1, "Valid.Text", NULL },
	{ "password", NULL, 512, 0, "Valid.Password", NULL },
	{ "login", "[a-z][a-z0-9_.-]{1,39}", 40, 0, "Valid.Login", NULL },
	{ "token", "[A-Za-z0-9_-]{16,128}", 128, 0, "Valid.Token", NULL },
	{ "lang", "zh-CN|en", 5, 0, "Valid.Lang", NULL },
	{ "mobile_cn", "(?:\\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}", 20, 0, "Valid.Phone", NULL },
	{ "phone_cn", "(?:(?:\\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4})"
		      "|(?:0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(?:-[0-9]{1,6})?)"
		      "|(?:400-?[0-9]{3}-?[0-9]{4})", 24, 0, "Valid.Phone", NULL },
	{ "email", "[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,24}", 254, 0, "Valid.Email", NULL },
	{ "region", "[1-8][0-9]{5}", 6, 0, "Valid.Region", NULL },
	{ "date", "[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])", 10, 0, "Valid.Date", NULL },
	{ "datetime", "[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])[T ](?:[01][0-9]|2[0-3]):[0-5][0-9]", 16, 0, "Valid.Date", NULL },
	{ "timezone", "[A-Za-z]{1,14}(?:/[A-Za-z0-9_+-]{1,20}){0,2}|UTC", 40, 0, "Valid.TimeZone", NULL },
	{ "money", "[0-9]{1,12}(?:\\.[0-9]{1,2})?", 15, 0, "Valid.Money", NULL },
	{ "path", "/(?!/)[A-Za-z0-9/_.?=&-]{0,200}", 201, 0, "Valid.Line", NULL },
	{ "word", "[A-Za-z0-9_.-]{1,64}", 64, 0, "Valid.Line", NULL },
	{ "slug", "[a-z0-9_-]{1,40}", 40, 0, "Valid.Slug", NULL },
	{ "code", "[A-Za-z0-9_-]{1,20}", 20, 0, "Valid.Code", NULL },
	{ "certno", "[A-Za-z0-9_./-]{1,60}", 60, 0, "Valid.CertNo", NULL },
	{ "loadcap", "[1-9][0-9]{0,2}", 3, 0, "Valid.LoadCap", NULL },
	{ "decimal", "[0-9]{1,6}(?:\\.[0-9]{1,4})?", 11, 0, "Valid.Number", NULL },
	/* an uploaded file: the value checked is its file name */
	{ "file", NULL, 200, 0, "Valid.File", NULL },
	/* comma-separated codes (checkbox groups joined by the handler) */
	{ "codes", "[a-z_]{1,30}(?:,[a-z_]{1,30}){0,15}", 500, 0, "Valid.Unknown", NULL },
};
#define N_VALIDATORS (sizeof(validators) / sizeof(validators[0]))

static pcre2_match_context *validate_mctx;
static pcre2_match_data *validate_md;

NEOERR *validate_init(void)
{
	validate_fini();
	validate_mctx = pcre2_match_context_create(NULL);
	validate_md = pcre2_match_data_create(4, NULL);
	if (!validate_mctx || !validate_md)
		return nerr_raise(NERR_NOMEM, "pcre2 contexts");
	/* Bounds the work any one input can cause (ReDoS). */
	pcre2_set_match_limit(validate_mctx, 100000);
	pcre2_set_depth_limit(validate_mctx, 1000);
	for (size_t i = 0; i < N_VALIDATORS; i++) {
		int ec;
		PCRE2_SIZE off;

		if (!validators[i].pattern)
			continue;
		validators[i].re = pcre2_compile(
			(PCRE2_SPTR)validators[i].pattern, PCRE2_ZERO_TERMINATED,
			PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_UTF, &ec, &off,
			NULL);
		if (!validators[i].re) {
			PCRE2_UCHAR msg[200];

			pcre2_get_error_message(ec, msg, sizeof(msg));
			return nerr_raise(NERR_ASSERT, "validator %s: %s at %zu",
					  validators[i].name, (char *)msg, (size_t)off);
		}
		pcre2_jit_compile(validators[i].re, PCRE2_JIT_COMPLETE);
	}
	return STATUS_OK;
}

void validate_fini(void)
{
	for (size_t i = 0; i < N_VALIDATORS; i++) {
		pcre2_code_free(validators[i].re);
		validators[i].re = NULL;
	}
	pcre2_match_data_free(validate_md);
	pcre2_match_context_free(validate_mctx);
	validate_md = NULL;
	validate_mctx = NULL;
}

static const struct validator *validate_find(const char *name)
{
	for (size_t i = 0; i < N_VALIDATORS; i++)
		if (!strcmp(validators[i].name, name))
			return &validators[i];
	return NULL;
}

int validate_known(const char *name)
{
	return validate_find(name) != NULL;
}

/* Well-formed UTF-8 (no overlongs, no surrogates), and no control
 * characters other than the whitespace multi-line text may carry. */
static int validate_utf8(const unsigned char *s, size_t n, int multiline)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		unsigned need, cp;

		if (c < 0x80) {
			if (c == 0x7f || (c < 0x20 && !(multiline && (c == '\t' || c == '\r' || c == '\n'))))
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; }
		else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; }
		else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; }
		else return 0;
		if (i + need >= n)
			return 0;   /* truncated sequence */
		for (unsigned k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		/* C1 controls */
		if (cp >= 0x80 && cp <= 0x9f)
			return 0;
		i += need + 1;
	}
	return 1;
}

int validate(const char *name, const char *value, const char **msg_key)
{
	const struct validator *v = validate_find(name);
	size_t n;

	*msg_key = "Valid.Unknown";
	if (!v || !value)
		return 0;
	*msg_key = v->msg_key;
	n = strlen(value);
	if (n > v->max_bytes)
		return 0;
	if (!validate_utf8((const unsigned char *)value, n, v->multiline))
		return 0;
	if (!strcmp(name, "password")) {
		/* 8–128 characters (not bytes): count code points. */
		size_t chars = 0;

		for (size_t i = 0; i < n; i++)
			chars += ((unsigned char)value[i] & 0xc0) != 0x80;
		if (chars < 8 || chars > 128)
			return 0;
	}
	if (v->re) {
		int rc = pcre2_match(v->re, (PCRE2_SPTR)value, n, 0,
				     PCRE2_NO_UTF_CHECK, validate_md, validate_mctx);

		if (rc < 0)
			return 0;
	}
	/* A date must exist on the calendar (2026-02-31 does not). */
	if (!strcmp(name, "date") || !strcmp(name, "datetime")) {
		int y = (value[0] - '0') * 1000 + (value[1] - '0') * 100 +
			(value[2] - '0') * 10 + (value[3] - '0');
		int m = (value[5] - '0') * 10 + (value[6] - '0');
		int d = (value[8] - '0') * 10 + (value[9] - '0');
		static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		if (y < 1900 || d > days[m - 1] + (m == 2 && leap))
			return 0;
	}
	return 1;
}

/* Length of the well-formed UTF-8 sequence at s (1-4), or 0. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned c = s[0];
	size_t need;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; }
	else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; }
	else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; }
	else return 0;
	for (size_t k = 1; k <= need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return need + 1;
}

char *validate_clean_utf8(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *out = malloc(n * 3 + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t l = utf8_seq((const unsigned char *)s + i);

		if (l) {
			memcpy(out + o, s + i, l);
			o += l;
			i += l;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	out[o] = '\0';
	return out;
}

size_t validate_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}
