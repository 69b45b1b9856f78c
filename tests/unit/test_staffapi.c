#include <stdlib.h>

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
	j = staffapi_hdf_json(hdf_get_obj(h, "Lead"));
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	CHECK_STR(s, "{\"id\":\"5\",\"phone\":\"138****1234\",\"phone_masked\":\"1\","
		  "\"signals\":[{\"code\":\"demo\"},{\"code\":\"price\"}],\"name\":\"\\\"王\\\"<b>\"}",
		  "hdf → json: object, masked pair, ordered array, escaping");
	free(s);
	json_decref(j);
	hdf_destroy(&h);

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
