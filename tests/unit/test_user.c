#include <stdlib.h>

#include "session.h"
#include "tap.h"
#include "user.h"

void test_user(void);

static char *scope(const struct user *u, int sc, int *nb, long long *binds)
{
	STRING s;

	string_init(&s);
	struct db_args a = { 0 };

	user_scope_sql(u, sc, "t.owner_id", "t.region_id", &s, &a);
	*nb = a.n;
	for (int i = 0; i < a.n; i++)
		binds[i] = a.v[i].i;
	return s.buf ? s.buf : strdup("");
}

void test_user(void)
{
	struct user u = { 0 };
	long long b[8];
	int nb;
	char *sql;

	u.id = 5; u.team_id = 2; u.region_id = 3;
	u.caps = 0;
	CHECK(!user_can(&u, "admin.users"), "caps: nothing granted");
	u.caps |= (uint64_t)1 << user_cap_index("admin.users");
	CHECK(user_can(&u, "admin.users") && !user_can(&u, "audit.read"), "caps: one granted");
	CHECK(!user_can(&u, "no.such.cap"), "caps: unknown capability is never granted");
	CHECK(!user_can(NULL, "admin.users"), "caps: no user, no capability");

	sql = scope(&u, SCOPE_OWN, &nb, b);
	CHECK(!strcmp(sql, "(t.owner_id = ?)") && nb == 1 && b[0] == 5, "scope: own");
	free(sql);
	sql = scope(&u, SCOPE_SUBTREE, &nb, b);
	CHECK(strstr(sql, "user_tree") && nb == 1 && b[0] == 5, "scope: subtree via the closure table");
	free(sql);
	sql = scope(&u, SCOPE_TEAM, &nb, b);
	CHECK(strstr(sql, "team_id = ?") && nb == 2 && b[0] == 2 && b[1] == 5, "scope: team");
	free(sql);
	sql = scope(&u, SCOPE_REGION, &nb, b);
	CHECK(strstr(sql, "t.region_id = ?") && nb == 2 && b[0] == 3, "scope: region");
	free(sql);
	sql = scope(&u, SCOPE_ALL, &nb, b);
	CHECK(!strcmp(sql, "(1 = 1)") && nb == 0, "scope: all");
	free(sql);
	sql = scope(&u, SCOPE_NONE, &nb, b);
	CHECK(!strcmp(sql, "(1 = 0)") && nb == 0, "scope: none matches nothing");
	free(sql);
	u.region_id = 0;
	sql = scope(&u, SCOPE_REGION, &nb, b);
	CHECK(!strcmp(sql, "(1 = 0)"), "scope: region without a region matches nothing");
	free(sql);
	CHECK(user_scope_parse("subtree") == SCOPE_SUBTREE && user_scope_parse("x") == -1,
	      "scope: parse");

	CHECK(session_origin_matches("http://127.0.0.1:8080", 0, "127.0.0.1:8080"), "origin: same");
	CHECK(!session_origin_matches("https://127.0.0.1:8080", 0, "127.0.0.1:8080"), "origin: scheme differs");
	CHECK(!session_origin_matches("http://127.0.0.1:8080.evil.example", 0, "127.0.0.1:8080"),
	      "origin: host as a prefix of another host");
	CHECK(!session_origin_matches("http://127.0.0.1:80", 0, "127.0.0.1:8080"), "origin: port differs");
	CHECK(session_origin_matches("http://127.0.0.1:8080/login?x", 0, "127.0.0.1:8080"),
	      "origin: a Referer with a path");
	CHECK(!session_origin_matches(NULL, 0, "h"), "origin: none");
	CHECK(!session_origin_matches("http://h", 0, ""), "origin: no Host");

	{
		char hash[200];
		NEOERR *err = user_hash_password("correct horse", hash, sizeof(hash));

		CHECK(!err && !strncmp(hash, "$argon2id$", 10), "password: Argon2id");
		CHECK(strstr(hash, "m=19456") && strstr(hash, "t=2") && strstr(hash, "p=1"),
		      "password: 19 MiB, t=2, p=1");
		CHECK(user_check_password(hash, "correct horse"), "password: verifies");
		CHECK(!user_check_password(hash, "correct hors"), "password: wrong one fails");
		CHECK(!user_check_password("garbage", "x"), "password: garbage hash fails");
	}
}
