#include "route.h"
#include "tap.h"
#include "validate.h"

void test_route(void);

void test_route(void)
{
	long long ids[4];
	int n;
	char slug[41];
	size_t nr;
	const struct route *r = route_table(&nr);
	int all_known = 1;

	CHECK(route_match("/login", "/login", ids, 4, &n, slug) && n == 0, "route: literal path");
	CHECK(!route_match("/login", "/login/", ids, 4, &n, slug), "route: trailing slash differs");
	CHECK(!route_match("/login", "/logi", ids, 4, &n, slug), "route: prefix does not match");
	CHECK(route_match("/deals/#", "/deals/42", ids, 4, &n, slug) && n == 1 && ids[0] == 42,
	      "route: # captures an id");
	CHECK(route_match("/deals/#/advance", "/deals/7/advance", ids, 4, &n, slug) && ids[0] == 7,
	      "route: # in the middle");
	CHECK(!route_match("/deals/#", "/deals/0", ids, 4, &n, slug), "route: id 0 refused");
	CHECK(!route_match("/deals/#", "/deals/007", ids, 4, &n, slug), "route: leading zero refused");
	CHECK(!route_match("/deals/#", "/deals/-1", ids, 4, &n, slug), "route: negative refused");
	CHECK(!route_match("/deals/#", "/deals/", ids, 4, &n, slug), "route: empty id refused");
	CHECK(!route_match("/deals/#", "/deals/1234567890123456789", ids, 4, &n, slug),
	      "route: 19-digit id refused (overflow)");
	CHECK(route_match("/a/#/b/#", "/a/1/b/2", ids, 4, &n, slug) && n == 2 && ids[1] == 2,
	      "route: two ids");
	CHECK(!route_match("/a/#/b/#", "/a/1/b/2", ids, 1, &n, slug), "route: more ids than room refused");

	CHECK(route_match("/f/*", "/f/douyin", ids, 4, &n, slug) && !strcmp(slug, "douyin"),
	      "route: * captures a slug");
	CHECK(!route_match("/f/*", "/f/Douyin", ids, 4, &n, slug), "route: upper case is not a slug");
	CHECK(!route_match("/f/*", "/f/", ids, 4, &n, slug), "route: empty slug refused");
	CHECK(!route_match("/f/*", "/f/a.b", ids, 4, &n, slug), "route: dot is not a slug");
	CHECK(!route_match("/f/*", "/f/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ids, 4, &n, slug),
	      "route: 41-character slug refused");

	for (size_t i = 0; i < nr; i++)
		for (const struct param_spec *p = r[i].params; p && p->name; p++)
			if (!validate_known(p->validator)) {
				all_known = 0;
				printf("# %s: unknown validator %s\n", r[i].pattern, p->validator);
			}
	CHECK(all_known, "route: every declared parameter names a known validator");
}
