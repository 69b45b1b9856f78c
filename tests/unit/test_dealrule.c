#include <stdio.h>
#include <string.h>

#include "dealrule.h"
#include "tap.h"

void test_dealrule(void);

static struct dealrule rule(int kind, const char *field, long long min, const char *types,
			    long long max_kb, long long pages)
{
	struct dealrule r;

	memset(&r, 0, sizeof(r));
	r.kind = kind;
	snprintf(r.field, sizeof(r.field), "%s", field);
	r.min_count = min;
	snprintf(r.types, sizeof(r.types), "%s", types);
	r.max_kb = max_kb;
	r.min_pages = pages;
	return r;
}

static void add_file(struct dealrule_facts *f, const char *kind, const char *mime,
		     long long size, long long pages)
{
	struct dealrule_file *x = &f->files[f->nfiles++];

	snprintf(x->kind, sizeof(x->kind), "%s", kind);
	snprintf(x->mime, sizeof(x->mime), "%s", mime);
	x->size = size;
	x->pages = pages;
}

void test_dealrule(void)
{
	struct dealrule rules[6];
	struct dealrule_facts f;
	struct dealrule_unmet u[10];
	int n;

	rules[0] = rule(DR_FIELD, "budget_confirmed", 1, "", 0, 0);
	rules[1] = rule(DR_FIELD, "decision_makers", 2, "", 0, 0);
	rules[2] = rule(DR_ATTACHMENT, "competitor_comparison", 1, "pdf", 10240, 3);
	rules[3] = rule(DR_ACTIVITIES, "", 2, "", 0, 0);
	rules[4] = rule(DR_CHECKLIST, "", 1, "", 0, 0);
	rules[5] = rule(DR_FIELD, "no_such_field", 1, "", 0, 0);

	/* nothing done: every rule is listed, and the approval too */
	memset(&f, 0, sizeof(f));
	f.checklist_total = 12;
	f.checklist_open = 12;
	f.needs_approval = 1;
	n = dealrule_evaluate(rules, 6, &f, u, 10);
	CHECK(n == 7, "dealrule: nothing done lists all six rules and the approval");
	CHECK_STR(u[0].key, "Field", "dealrule: budget unmet");
	CHECK_STR(u[0].anchor, "#facts", "dealrule: budget links to the facts");
	CHECK(u[1].have == 0 && u[1].need == 2, "dealrule: decision makers 0 of 2");
	CHECK_STR(u[2].anchor, "#attachments", "dealrule: attachment links to the uploads");
	CHECK_STR(u[4].key, "Checklist", "dealrule: checklist unmet");
	CHECK(u[4].have == 0 && u[4].need == 12, "dealrule: checklist 0 of 12");
	CHECK_STR(u[5].key, "Field", "dealrule: unknown field fails closed");
	CHECK_STR(u[6].key, "Approval", "dealrule: approval listed last");
	CHECK(u[6].rule == NULL, "dealrule: approval has no rule row");

	/* max bounds the output, the count stays true */
	CHECK(dealrule_evaluate(rules, 6, &f, u, 2) == 7, "dealrule: count beyond max");

	/* communications: call >= 3 min each, visit each, every 3 messages */
	memset(&f, 0, sizeof(f));
	f.messages = 5;
	CHECK(dealrule_valid_comms(&f) == 1, "dealrule: 5 messages are one communication");
	f.calls_3min = 1;
	CHECK(dealrule_valid_comms(&f) == 2, "dealrule: plus a long call makes two");

	/* files: content type, pages, size */
	CHECK(dealrule_file_refusal(&rules[2], "image/png", 1000, -1) != NULL,
	      "dealrule: a PNG where a PDF is required is refused");
	CHECK_STR(dealrule_file_refusal(&rules[2], "image/png", 1000, -1), "Deal.E.TypeNotAllowed",
		  "dealrule: PNG refusal says the type");
	CHECK_STR(dealrule_file_refusal(&rules[2], "application/pdf", 1000, 2), "Deal.E.TooFewPages",
		  "dealrule: a 2-page PDF where 3 are required");
	CHECK(dealrule_file_refusal(&rules[2], "application/pdf", 1000, 3) == NULL,
	      "dealrule: a 3-page PDF fits");
	CHECK_STR(dealrule_file_refusal(&rules[2], "application/pdf", 10241LL * 1024, 5),
		  "Deal.E.TooLarge", "dealrule: over the size limit");
	CHECK_STR(dealrule_file_refusal(NULL, "application/x-dosexec", 10, -1), "Deal.E.TypeUnknown",
		  "dealrule: unknown types refused even without a rule");
	CHECK(dealrule_file_refusal(NULL, "image/jpeg", 10, -1) == NULL,
	      "dealrule: a JPEG is fine without a rule");

	/* everything done */
	memset(&f, 0, sizeof(f));
	f.budget_confirmed = 1;
	f.decision_makers = 2;
	f.calls_3min = 2;
	f.checklist_total = 5;
	f.needs_approval = 1;
	f.approval = 1;
	add_file(&f, "competitor_comparison", "application/pdf", 5000, 2);
	n = dealrule_evaluate(rules, 5, &f, u, 10);
	CHECK(n == 2, "dealrule: a too-short PDF does not count, approval pending");
	CHECK_STR(u[1].key, "ApprovalPending", "dealrule: pending approval is said");
	add_file(&f, "competitor_comparison", "application/pdf", 5000, 4);
	f.approval = 2;
	CHECK(dealrule_evaluate(rules, 5, &f, u, 10) == 0, "dealrule: all met");
	f.checklist_open = 1;
	CHECK(dealrule_evaluate(rules, 5, &f, u, 10) == 1, "dealrule: one open item blocks");
	f.checklist_open = 0;
	f.approval = 3;
	n = dealrule_evaluate(rules, 5, &f, u, 10);
	CHECK(n == 1 && !strcmp(u[0].key, "ApprovalRejected"), "dealrule: rejected approval blocks");

	CHECK(dealrule_kind_parse("checklist") == DR_CHECKLIST, "dealrule: kind parse");
	CHECK(dealrule_kind_parse("evil") == -1, "dealrule: unknown kind");
}
