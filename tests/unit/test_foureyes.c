/* Four-eyes confirmation (R8.5): which change types wait for a second
 * person (FourEyes.Types). */
#include <stddef.h>

#include "foureyes.h"
#include "tap.h"

void test_foureyes(void);

void test_foureyes(void)
{
	CHECK(foureyes_listed("quote,key_contact", "quote") && foureyes_listed("quote,key_contact", "key_contact"),
	      "foureyes: listed types");
	CHECK(foureyes_listed(" quote , key_contact ", "key_contact") && foureyes_listed("key_contact", "key_contact"),
	      "foureyes: spaces around items and a single item");
	CHECK(!foureyes_listed("quote,key_contact", "key") && !foureyes_listed("quotes", "quote") &&
	      !foureyes_listed("quote", "quotes"), "foureyes: no prefix or suffix matches");
	CHECK(!foureyes_listed("", "quote") && !foureyes_listed(NULL, "quote") && !foureyes_listed("quote", "") &&
	      !foureyes_listed("quote", NULL) && !foureyes_listed(",,", "quote"), "foureyes: empty lists and types");
	CHECK(foureyes_required("quote") && foureyes_required("key_contact") && !foureyes_required("stage"),
	      "foureyes: the default FourEyes.Types asks for quote and key_contact");
}
