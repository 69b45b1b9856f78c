#include <stdlib.h>

#include "audit.h"
#include "tap.h"

void test_audit(void);

static struct audit_row sample(void)
{
	struct audit_row r = { 0 };

	r.id = 7;
	r.at = "2026-11-23 09:00:00.123456";
	r.actor_id = 3;
	r.actor_login = "admin";
	r.actor_ip = "127.0.0.1";
	r.action = "user.freeze";
	r.object_type = "user";
	r.object_id = 9;
	r.field = "status";
	r.before = "active";
	r.after = "frozen";
	r.request_id = "abc";
	return r;
}

void test_audit(void)
{
	const char *zero = "0000000000000000000000000000000000000000000000000000000000000000";
	struct audit_row a = sample(), b;
	char h1[AUDIT_HASH_HEX], h2[AUDIT_HASH_HEX], h3[AUDIT_HASH_HEX];
	STRING s1, s2;

	audit_hash(zero, &a, h1);
	audit_hash(zero, &a, h2);
	CHECK(strlen(h1) == 64 && !strcmp(h1, h2), "audit: hash is deterministic hex SHA-256");

	b = a; b.after = "active";
	audit_hash(zero, &b, h3);
	CHECK(strcmp(h1, h3), "audit: a changed value changes the hash");

	b = a; b.id = 8;
	audit_hash(zero, &b, h3);
	CHECK(strcmp(h1, h3), "audit: the row id is part of the hash (swaps are caught)");

	audit_hash(h1, &a, h3);
	CHECK(strcmp(h1, h3), "audit: the previous hash is part of the hash");

	b = a; b.field = NULL;
	audit_hash(zero, &b, h3);
	{
		struct audit_row c = a;
		char h4[AUDIT_HASH_HEX];

		c.field = "";
		audit_hash(zero, &c, h4);
		CHECK(strcmp(h3, h4), "audit: NULL and empty string differ");
	}

	/* Length prefixes: moving text between neighbouring fields changes
	 * the bytes even though the concatenation is the same. */
	string_init(&s1);
	string_init(&s2);
	b = a; b.before = "activ"; b.after = "efrozen";
	audit_canonical(&a, &s1);
	audit_canonical(&b, &s2);
	CHECK(strcmp(s1.buf, s2.buf), "audit: field boundaries are unambiguous");
	string_clear(&s1);
	string_clear(&s2);

	b = a; b.before = "含中文的值";
	audit_hash(zero, &b, h3);
	CHECK(strlen(h3) == 64, "audit: UTF-8 values hash");
}
