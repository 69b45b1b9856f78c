#include <string.h>

#include "complaint.h"
#include "credibility.h"
#include "dealrule.h"
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

	/* complaint keywords (R7.4) */
	{
		char why[200] = "";
		struct dealrule_facts f;
		struct dealrule_unmet u[4];
		int n;

		CHECK(complaint_match("等(?:了)?太久", "客户说每次都等了太久才有回复", why, sizeof(why)) == 1,
		      "complaint: 等太久 matches a note with 等了太久");
		CHECK(complaint_match("找不到人", "客户说：找不到人！", NULL, 0) == 1, "complaint: 找不到人 matches");
		CHECK(complaint_match("重复解释", "需求已确认，下周演示", NULL, 0) == 0, "complaint: no match in a plain note");
		CHECK(complaint_match("slow", "The SLOW answers", NULL, 0) == 1, "complaint: case-insensitive");
		CHECK(complaint_match("(unclosed", "x", why, sizeof(why)) == -1 && strstr(why, "offset"),
		      "complaint: a bad pattern is refused with PCRE2's reason and offset");
		CHECK(complaint_match("", "x", why, sizeof(why)) == -1, "complaint: an empty pattern is refused");
		CHECK(complaint_match("a*", "", NULL, 0) == 1, "complaint: a pattern matching empty text is seen as such");
		CHECK(complaint_match("(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", NULL, 0) == 0,
		      "complaint: catastrophic backtracking stops at the match limit (no match)");

		memset(&f, 0, sizeof(f));
		f.service_commitment = 1;
		n = dealrule_evaluate(NULL, 0, &f, u, 4);
		CHECK(n == 1 && !strcmp(u[0].key, "ServiceCommitment") && !strcmp(u[0].anchor, "#service"),
		      "dealrule: an unconfirmed service commitment is an unmet lock");
		f.service_commitment = 2;
		CHECK(dealrule_evaluate(NULL, 0, &f, u, 4) == 0, "dealrule: a confirmed commitment releases it");
		f.service_commitment = 0;
		CHECK(dealrule_evaluate(NULL, 0, &f, u, 4) == 0, "dealrule: no complaint, no lock");
	}
}
