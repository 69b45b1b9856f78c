#include "tap.h"
#include "validate.h"

void test_validate(void);

static int v(const char *name, const char *value)
{
	const char *msg;

	return validate(name, value, &msg);
}

void test_validate(void)
{
	const char *msg = NULL;

	CHECK(v("mobile_cn", "13812345678"), "valid: mobile");
	CHECK(v("mobile_cn", "+86 138 1234 5678"), "valid: mobile with +86 and spaces");
	CHECK(!v("mobile_cn", "12812345678"), "valid: mobile 12x refused");
	CHECK(!v("mobile_cn", "1381234567"), "valid: mobile too short");
	CHECK(!v("mobile_cn", "138123456789"), "valid: mobile too long");
	CHECK(v("phone_cn", "010-62345678"), "valid: Beijing landline");
	CHECK(v("phone_cn", "0755-86001234-801"), "valid: landline with extension");
	CHECK(v("phone_cn", "400-820-1234"), "valid: 400 number");
	CHECK(!v("phone_cn", "abc"), "valid: letters are not a phone");
	CHECK(!validate("phone_cn", "abc", &msg) && !strcmp(msg, "Valid.Phone"),
	      "valid: phone failure names its message");
	CHECK(v("email", "zhang.san@example.com"), "valid: e-mail");
	CHECK(!v("email", "zhang@"), "valid: e-mail without domain");
	CHECK(!v("email", "a@b.c"), "valid: one-letter TLD refused");
	CHECK(v("region", "310000"), "valid: region code");
	CHECK(!v("region", "31000"), "valid: short region code");
	CHECK(v("login", "rep_east1"), "valid: login");
	CHECK(!v("login", "Rep"), "valid: upper-case login refused");
	CHECK(!v("login", "a' OR 1=1 --"), "valid: injection-shaped login refused");
	CHECK(v("password", "correct horse"), "valid: password");
	CHECK(!v("password", "short"), "valid: password under 8 refused");
	CHECK(v("password", "密码密码密码密码"), "valid: 8 CJK characters are 8, not 24");
	CHECK(v("line", "华信医疗器械有限公司"), "valid: Chinese line");
	CHECK(!v("line", "two\nlines"), "valid: newline refused in a line");
	CHECK(v("text", "two\nlines\tok"), "valid: newline kept in text");
	CHECK(!v("text", "nul\x01"), "valid: control character refused");
	CHECK(!v("line", "\xc0\xaf"), "valid: overlong UTF-8 refused");
	CHECK(!v("line", "\xed\xa0\x80"), "valid: UTF-16 surrogate refused");
	CHECK(!v("line", "\xe4\xb8"), "valid: truncated UTF-8 refused");
	CHECK(!v("line", "\xc2\x85"), "valid: C1 control refused");
	CHECK(v("date", "2026-01-23"), "valid: date");
	CHECK(!v("date", "2026-13-01"), "valid: month 13 refused");
	CHECK(v("money", "1234567.89"), "valid: money");
	CHECK(!v("money", "1.234"), "valid: three decimals refused");
	CHECK(v("id", "42"), "valid: id");
	CHECK(!v("id", "042"), "valid: id with leading zero refused");
	CHECK(!v("nosuch", "x"), "valid: unknown validator refuses");
	CHECK(v("path", "/deals/7"), "valid: local path");
	CHECK(!v("path", "//evil.example"), "valid: protocol-relative path refused");
	CHECK(!v("path", "https://evil.example"), "valid: absolute URL refused");
	{
		/* Match effort is bounded: a long hostile e-mail is refused fast. */
		char buf[300];

		memset(buf, 'a', sizeof(buf) - 1);
		buf[sizeof(buf) - 1] = '\0';
		CHECK(!v("email", buf), "valid: over-long e-mail refused");
	}
}
