/* Issue 6: the pure parts of export approval and escalation, and the
 * granted-region read scope in user_scope_sql. */
#include <stdlib.h>
#include <string.h>

#include "escalation.h"
#include "export.h"
#include "tap.h"
#include "user.h"

void test_export(void);

void test_export(void)
{
	struct user u = { 0 };
	struct db_args a = { 0 };
	STRING s;

	CHECK(export_kind_index("leads") >= 0 && export_kind_index("customers") >= 0 &&
	      export_kind_index("contacts") >= 0 && export_kind_index("deals") >= 0,
	      "export: the four kinds are in the table");
	CHECK(export_kind_index("deal") == -1 && export_kind_index("") == -1 &&
	      export_kind_index(NULL) == -1, "export: unknown kinds are refused");
	CHECK(export_list_has("id,name,phone", "name") && export_list_has("id,name,phone", "phone") &&
	      export_list_has("id", "id"), "export: list membership");
	CHECK(!export_list_has("id,name,phone", "nam") && !export_list_has("id,names", "name") &&
	      !export_list_has("", "id") && !export_list_has(NULL, "id"),
	      "export: list membership is by whole item");

	CHECK(escalation_cap_ok("field.reveal") && escalation_cap_ok("customer.read"),
	      "escalation: working capabilities may be asked for");
	CHECK(!escalation_cap_ok("admin.users") && !escalation_cap_ok("audit.export") &&
	      !escalation_cap_ok("escalation.approve") && !escalation_cap_ok("security.alerts") &&
	      !escalation_cap_ok(NULL), "escalation: control and admin capabilities never");
	CHECK(!escalation_breaker_trips(0) && !escalation_breaker_trips(4),
	      "breaker: requests 1 to 5 within the hour pass");
	CHECK(escalation_breaker_trips(5) && escalation_breaker_trips(9),
	      "breaker: the 6th within the hour trips it");

	/* a region grant widens reads only: the role's scope OR the region */
	u.id = 5; u.region_id = 3;
	u.read_scope = SCOPE_GRANTED; u.base_read_scope = SCOPE_REGION; u.grant_region_id = 7;
	string_init(&s);
	user_scope_sql(&u, u.read_scope, "t.owner_id", "t.region_id", &s, &a);
	CHECK(s.buf && !strcmp(s.buf, "((t.region_id = ? OR t.owner_id = ?) OR t.region_id = ?)") &&
	      a.n == 3 && a.v[0].i == 3 && a.v[1].i == 5 && a.v[2].i == 7,
	      "scope: granted region = own region scope or the granted region");
	string_clear(&s);
	a.n = 0;
	string_init(&s);
	u.base_read_scope = SCOPE_NONE;
	user_scope_sql(&u, u.read_scope, "t.owner_id", NULL, &s, &a);
	CHECK(s.buf && !strcmp(s.buf, "((1 = 0))") && a.n == 0,
	      "scope: a granted region means nothing for records without a region");
	string_clear(&s);
	CHECK(user_cap_index("escalation.approve") >= 0 && user_cap_index("takeover.run") >= 0 &&
	      user_cap_index("security.alerts") >= 0 && user_cap_index("health.read") >= 0,
	      "caps: issue 6 capabilities exist");
}
