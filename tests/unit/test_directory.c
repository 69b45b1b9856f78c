#include <stdlib.h>

#include "directory.h"
#include "tap.h"

void test_directory(void);

void test_directory(void)
{
	char out[256], role[41], group[128];
	HDF *map = NULL;

	CHECK(directory_escape("li.lei", out, sizeof(out)), "escape plain");
	CHECK_STR(out, "li.lei", "escape leaves a login alone");
	directory_escape("a*)(uid=*", out, sizeof(out));
	CHECK_STR(out, "a\\2a\\29\\28uid=\\2a", "escape * ( ) (RFC 4515)");
	directory_escape("x\\y", out, sizeof(out));
	CHECK_STR(out, "x\\5cy", "escape backslash");
	directory_escape("钱", out, sizeof(out));
	CHECK_STR(out, "\\e9\\92\\b1", "escape non-ASCII bytes");
	CHECK(!directory_escape("abcdef", out, 6), "escape refuses a short buffer");
	CHECK(directory_escape("abcde", out, 6), "escape fits exactly");

	CHECK(directory_filter("(&(objectClass=inetOrgPerson)(uid=%s))", "li*", out, sizeof(out)),
	      "filter built");
	CHECK_STR(out, "(&(objectClass=inetOrgPerson)(uid=li\\2a))", "filter has the escaped value");
	directory_filter("(|(uid=%s)(mail=%s@x))(p=100%%)", "a", out, sizeof(out));
	CHECK_STR(out, "(|(uid=a)(mail=a@x))(p=100%)", "filter: every %s, and %%");
	CHECK(!directory_filter("(uid=%d)", "a", out, sizeof(out)), "filter refuses %d");
	CHECK(!directory_filter("(uid=%s)", "abcdef", out, 10), "filter refuses a short buffer");

	hdf_init(&map);
	hdf_set_value(map, "0.Group", "CN=Managers, OU=Groups,DC=x");
	hdf_set_value(map, "0.Role", "regional_manager");
	hdf_set_value(map, "1.Group", "cn=sales,ou=groups,dc=x");
	hdf_set_value(map, "1.Role", "sales_rep");
	hdf_set_value(map, "2.Group", "cn=broken,dc=x");   /* no role: ignored */
	{
		const char *g1[] = { "cn=other,dc=x", "cn=sales,ou=groups,dc=x" };
		const char *g2[] = { "cn=sales,ou=groups,dc=x", "cn=managers,ou=groups,dc=x" };
		const char *g3[] = { "cn=broken,dc=x", "cn=salesx,ou=groups,dc=x" };

		CHECK(directory_map_role(map, g1, 2, role, sizeof(role), group, sizeof(group)),
		      "map: sales maps");
		CHECK_STR(role, "sales_rep", "map: sales → sales_rep");
		CHECK(directory_map_role(map, g2, 2, role, sizeof(role), group, sizeof(group)),
		      "map: managers maps");
		CHECK_STR(role, "regional_manager", "map: the first listed mapping wins, case and blanks ignored");
		CHECK_STR(group, "cn=managers,ou=groups,dc=x", "map: names the group as the directory wrote it");
		CHECK(!directory_map_role(map, g3, 2, role, sizeof(role), group, sizeof(group)),
		      "map: no mapped group, no role (and no prefix match)");
		CHECK(!directory_map_role(map, NULL, 0, role, sizeof(role), group, sizeof(group)),
		      "map: no groups");
		CHECK(!directory_map_role(NULL, g1, 2, role, sizeof(role), group, sizeof(group)),
		      "map: no map configured");
	}
	hdf_destroy(&map);
}
