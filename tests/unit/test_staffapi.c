#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "route.h"
#include "staffapi.h"
#include "tap.h"

void test_staffapi(void);

void test_staffapi(void)
{
	char tok[STAFFAPI_TOKEN_LEN + 1], t2[STAFFAPI_TOKEN_LEN + 1], key[80], hdr[120];
	size_t n;
	const struct route *r = route_table(&n);
	int faceless = 0, wrong = 0;
	HDF *h = NULL;
	json_t *j;
	char *s;

	staffapi_token_new(tok);
	CHECK(strlen(tok) == STAFFAPI_TOKEN_LEN && !strncmp(tok, "sgp_", 4), "token: sgp_ and 64 hex");
	snprintf(hdr, sizeof(hdr), "Bearer %s", tok);
	CHECK(staffapi_bearer(hdr, t2) && !strcmp(t2, tok), "bearer: read back");
	snprintf(hdr, sizeof(hdr), "  bearer\t%s  ", tok);
	CHECK(staffapi_bearer(hdr, t2), "bearer: scheme in any case, blanks around");
	snprintf(hdr, sizeof(hdr), "Bearer %.40s", tok);
	CHECK(!staffapi_bearer(hdr, t2) && !t2[0], "bearer: too short");
	snprintf(hdr, sizeof(hdr), "Bearer %sa", tok);
	CHECK(!staffapi_bearer(hdr, t2), "bearer: too long");
	snprintf(hdr, sizeof(hdr), "Bearer %s x", tok);
	CHECK(!staffapi_bearer(hdr, t2), "bearer: trailing junk");
	CHECK(!staffapi_bearer("Bearer sgp_ABCDEF", t2), "bearer: upper-case hex");
	CHECK(!staffapi_bearer("Basic dXNlcjpwdw==", t2), "bearer: other schemes");
	CHECK(!staffapi_bearer("Bearer 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", t2),
	      "bearer: an intake key is no personal token");
	CHECK(!staffapi_bearer(NULL, t2), "bearer: none");

	staffapi_json_key("CustomerId", key, sizeof(key));
	CHECK_STR(key, "customer_id", "key: CustomerId");
	staffapi_json_key("Id", key, sizeof(key));
	CHECK_STR(key, "id", "key: Id");
	staffapi_json_key("FirstResponse", key, sizeof(key));
	CHECK_STR(key, "first_response", "key: FirstResponse");
	staffapi_json_key("UserAgent", key, sizeof(key));
	CHECK_STR(key, "user_agent", "key: UserAgent");
	staffapi_json_key("Ip", key, sizeof(key));
	CHECK_STR(key, "ip", "key: Ip");

	hdf_init(&h);
	hdf_set_value(h, "Lead.Id", "5");
	hdf_set_value(h, "Lead.Phone", "138****1234");
	hdf_set_value(h, "Lead.Phone.Masked", "1");
	hdf_set_value(h, "Lead.Signals.0.Code", "demo");
	hdf_set_value(h, "Lead.Signals.1.Code", "price");
	hdf_set_value(h, "Lead.Signals.10.Code", "x");   /* a gap ends the array */
	hdf_set_value(h, "Lead.Name", "\"王\"<b>");
	hdf_set_value(h, "Lead.Created", "2026-11-23 17:00");
	hdf_set_attr(h, "Lead.Created", "iso", "2026-11-23T17:00:05+08:00");
	hdf_set_value(h, "Lead.Overdue", "0");
	hdf_set_value(h, "Lead.Need", "12");
	j = staffapi_hdf_json(hdf_get_obj(h, "Lead"), "Lead");
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	CHECK_STR(s, "{\"id\":5,\"phone\":\"138****1234\",\"phone_masked\":true,"
		  "\"signals\":[{\"code\":\"demo\"},{\"code\":\"price\"}],\"name\":\"\\\"王\\\"<b>\","
		  "\"created\":\"2026-11-23T17:00:05+08:00\",\"overdue\":false,\"need\":\"12\"}",
		  "hdf → json: typed values, ISO time, masked pair, ordered array, escaping");
	free(s);
	json_decref(j);
	hdf_destroy(&h);

	/* Declared types: a row's flag and a section's count share a name. */
	CHECK(staffapi_field_type("Today.Waiting.Items.3.Overdue") == 2, "type: a row's Overdue is a flag");
	CHECK(staffapi_field_type("Today.Waiting.Overdue") == 1, "type: a section's Overdue counts");
	CHECK(staffapi_field_type("Deal.Open.0.Need") == 1, "type: an unmet item's Need is a number");
	CHECK(staffapi_field_type("Lead.Need") == 0, "type: a lead's Need is text");
	CHECK(staffapi_field_type("Customer.Contacts.2.Key") == 2, "type: a contact's Key is a flag");
	CHECK(staffapi_field_type("Deal.Open.0.Key") == 0, "type: an unmet item's Key is text");
	CHECK(staffapi_field_type("Lead.Phone.Masked") == 2, "type: Masked is a flag");
	CHECK(staffapi_field_type("Deal.CustomerId") == 1, "type: ids are numbers");
	CHECK(staffapi_field_type("Deal.Amount") == 0, "type: amounts stay exact strings");
	{
		REQUEST rq;
		char iso[40];

		memset(&rq, 0, sizeof(rq));
		render_iso_time(&rq, "2026-11-23 09:00:05.123456", iso, sizeof(iso));
		CHECK_STR(iso, "2026-11-23T17:00:05+08:00", "iso time: the site's zone with its offset");
		render_iso_time(&rq, "2026-11-23 23:30:00", iso, sizeof(iso));
		CHECK_STR(iso, "2026-11-24T07:30:00+08:00", "iso time: across midnight");
		render_iso_time(&rq, "yesterday", iso, sizeof(iso));
		CHECK_STR(iso, "", "iso time: not a time");
	}

	/* Every R_STAFF_API route declares what it answers; others do not. */
	for (size_t i = 0; i < n; i++) {
		for (int m = M_GET; m <= M_POST; m <<= 1) {
			if (!(r[i].methods & m))
				continue;
			if ((r[i].flags & R_STAFF_API) && !staffapi_has_face(r[i].pattern, m))
				faceless++;
			if ((r[i].flags & R_STAFF_API) && (r[i].flags & (R_PUBLIC | R_API)))
				wrong++;
		}
	}
	CHECK(faceless == 0, "every staff API route has a JSON face");
	CHECK(wrong == 0, "no staff API route is public or an intake route");
}
