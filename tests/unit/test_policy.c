#include <stdlib.h>

#include "policy.h"
#include "tap.h"
#include "user.h"

void test_policy(void);

static struct field_policy pol(int owner, int sup, int above, const char *roles,
			       const char *cond, int nobody, const char *style)
{
	struct field_policy p;

	memset(&p, 0, sizeof(p));
	p.owner = owner;
	p.superior = sup;
	p.above = above;
	p.nobody = nobody;
	snprintf(p.roles, sizeof(p.roles), "%s", roles);
	snprintf(p.condition, sizeof(p.condition), "%s", cond);
	snprintf(p.style, sizeof(p.style), "%s", style);
	return p;
}

static const char *m(const char *style, const char *v)
{
	static char out[128];
	struct field_policy p = pol(0, 0, 0, "", "", 0, style);

	policy_mask(&p, v, 0, out, sizeof(out));
	return out;
}

void test_policy(void)
{
	struct user viewer;
	struct policy_subject own = { 1, 5, 0, 0 }, report = { 1, 9, 1, 0 },
			      below2 = { 1, 9, 2, 0 }, other = { 1, 9, -1, 0 },
			      signed_other = { 1, 9, -1, 1 };
	struct field_policy phone = pol(1, 1, 0, "", "", 0, "phone");
	struct field_policy email = pol(1, 1, 1, "", "", 0, "email");
	struct field_policy budget = pol(0, 0, 0, "finance", "signed", 0, "amount_band");
	struct field_policy bank = pol(0, 0, 0, "finance", "", 0, "hide");
	struct field_policy none = pol(1, 1, 1, "finance", "", 1, "hide");

	memset(&viewer, 0, sizeof(viewer));
	viewer.id = 5;
	snprintf(viewer.role, sizeof(viewer.role), "sales_rep");

	/* rule matrix */
	CHECK(policy_rule_allows(&phone, &viewer, &own), "policy: owner sees the phone");
	CHECK(policy_rule_allows(&phone, &viewer, &report), "policy: direct superior sees the phone");
	CHECK(!policy_rule_allows(&phone, &viewer, &below2), "policy: grand-manager does not see the phone");
	CHECK(!policy_rule_allows(&phone, &viewer, &other), "policy: a peer does not see the phone");
	CHECK(policy_rule_allows(&email, &viewer, &below2), "policy: any manager above sees the e-mail");
	CHECK(!policy_rule_allows(&email, &viewer, &other), "policy: a peer does not see the e-mail");
	CHECK(!policy_rule_allows(&budget, &viewer, &own), "policy: budget hidden before signing, even from the owner");
	CHECK(policy_rule_allows(&budget, &viewer, &signed_other), "policy: budget visible once signed");
	CHECK(!policy_rule_allows(&bank, &viewer, &own), "policy: bank account hidden from its owner");
	snprintf(viewer.role, sizeof(viewer.role), "finance");
	CHECK(policy_rule_allows(&bank, &viewer, &other), "policy: finance sees the bank account");
	CHECK(policy_rule_allows(&budget, &viewer, &other), "policy: finance sees the budget before signing");
	CHECK(!policy_rule_allows(&none, &viewer, &own), "policy: nobody means nobody, finance and owner too");
	CHECK(!policy_rule_allows(&phone, NULL, &own), "policy: no viewer sees nothing");
	{
		struct field_policy odd = pol(1, 0, 0, "", "moon_is_full", 0, "hide");

		snprintf(viewer.role, sizeof(viewer.role), "sales_rep");
		CHECK(!policy_rule_allows(&odd, &viewer, &own), "policy: an unknown condition never holds");
	}

	/* style matrix */
	CHECK_STR(m("phone", "13812341234"), "138****1234", "mask: mobile");
	CHECK_STR(m("phone", "+86 138-1234-1234"), "138****1234", "mask: mobile with +86");
	CHECK_STR(m("phone", "010-62345678"), "010****5678", "mask: landline");
	CHECK_STR(m("phone", "123"), "****", "mask: too short to show anything");
	CHECK_STR(m("email", "zhang.san@example.com"), "z***@example.com", "mask: e-mail");
	CHECK_STR(m("email", "张三@example.cn"), "张***@example.cn", "mask: e-mail with a CJK local part");
	CHECK_STR(m("email", "not-an-email"), "***", "mask: not an e-mail");
	CHECK_STR(m("name", "张三"), "张*", "mask: two-character name");
	CHECK_STR(m("name", "王建国"), "王**", "mask: three-character name");
	CHECK_STR(m("name", "欧阳娜娜"), "欧阳**", "mask: compound surname");
	CHECK_STR(m("amount_hidden", "123456.78"), "***", "mask: amount hidden");
	CHECK_STR(m("amount_band", "750000"), "Mask.Band2", "mask: amount banded (50万–100万)");
	CHECK_STR(m("amount_band", "99999.99"), "Mask.Band0", "mask: lowest band");
	CHECK_STR(m("amount_band", "80000000"), "Mask.Band4", "mask: top band");
	CHECK_STR(m("hide", "6222 0000 1111 2222"), "Mask.Hidden", "mask: hidden");
	{
		char out[64];
		struct field_policy c = pol(0, 0, 0, "", "", 0, "custom");

		/* no pattern compiled: never the clear value */
		policy_mask(&c, "secret", 0, out, sizeof(out));
		CHECK_STR(out, "***", "mask: custom without a pattern hides");
	}
	{
		const char *masked = m("phone", "13812341234");

		CHECK(!strstr(masked, "1234123") && !strstr(masked, "8123"), "mask: the middle digits never appear");
	}
}
