#include <string.h>

#include "credibility.h"
#include "tap.h"

void test_credibility(void);

void test_credibility(void)
{
	/* repeat: more than 2 of one kind in the window, the new entry counted */
	CHECK(credibility_judge(1, 1, 2, 4) == 0, "cred: first action is fine");
	CHECK(credibility_judge(2, 2, 2, 4) == 0, "cred: two of a kind are fine");
	CHECK(credibility_judge(3, 3, 2, 4) == CRED_REPEAT, "cred: the third of a kind is a repeat");
	CHECK(credibility_judge(5, 5, 2, 4) == (CRED_REPEAT | CRED_BURST), "cred: five in a minute: both");
	CHECK(credibility_judge(1, 5, 2, 4) == CRED_BURST, "cred: five from one address: burst");
	CHECK(credibility_judge(1, 4, 2, 4) == 0, "cred: four from one address are fine");
	CHECK(credibility_judge(9, 9, 0, 0) == 0, "cred: 0 limits switch the rules off");
	CHECK(!strcmp(credibility_reason(CRED_REPEAT), "repeat"), "cred: reason repeat");
	CHECK(!strcmp(credibility_reason(CRED_BURST), "burst"), "cred: reason burst");
	CHECK(!strcmp(credibility_reason(CRED_REPEAT | CRED_BURST), "repeat_burst"), "cred: reason both");
	CHECK(credibility_reason(0) == NULL, "cred: no reason for 0");
	/* ratio: verifiable / recorded < 0.7, with a minimum sample */
	CHECK(credibility_ratio_low(10, 6, 10), "cred: 6/10 is low");
	CHECK(!credibility_ratio_low(10, 7, 10), "cred: 7/10 is not low (0.7 is the threshold)");
	CHECK(!credibility_ratio_low(9, 0, 10), "cred: under the minimum sample nothing is judged");
	CHECK(credibility_ratio_low(100, 69, 10), "cred: 69/100 is low");
	CHECK(!credibility_ratio_low(0, 0, 0), "cred: no actions are not low");
}
