/* dealrule.c — the action-lock evaluator: pure, no I/O. */
#include <string.h>

#include "dealrule.h"

static const struct {
	const char *type, *mime;
} types[] = {
	{ "pdf", "application/pdf" },
	{ "png", "image/png" },
	{ "jpeg", "image/jpeg" },
	{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
	{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	{ "txt", "text/plain" },
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

static const char *const kinds[] = { "field", "attachment", "activities", "checklist", "approval" };

int dealrule_kind_parse(const char *s)
{
	for (size_t i = 0; s && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(s, kinds[i]))
			return (int)i;
	return -1;
}

const char *dealrule_kind_name(int kind)
{
	return kind >= 0 && kind < (int)(sizeof(kinds) / sizeof(kinds[0])) ? kinds[kind] : "?";
}

const char *dealrule_type_mime(const char *type)
{
	for (size_t i = 0; type && i < NTYPES; i++)
		if (!strcmp(type, types[i].type))
			return types[i].mime;
	return NULL;
}

const char *dealrule_mime_type(const char *mime)
{
	for (size_t i = 0; mime && i < NTYPES; i++)
		if (!strcmp(mime, types[i].mime))
			return types[i].type;
	return NULL;
}

int dealrule_valid_comms(const struct dealrule_facts *f)
{
	return f->calls_3min + f->visits + f->messages / 3;
}

/* Is the short name of mime in the comma-separated list? */
static int type_listed(const char *list, const char *mime)
{
	const char *t = dealrule_mime_type(mime);
	size_t n;

	if (!t)
		return 0;
	n = strlen(t);
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, t, n))
			return 1;
		p += len + (p[len] == ',');
	}
	return 0;
}

const char *dealrule_file_refusal(const struct dealrule *r, const char *mime,
				  long long size, long long pages)
{
	if (!dealrule_mime_type(mime))
		return "Deal.E.TypeUnknown";
	if (r && r->types[0] && !type_listed(r->types, mime))
		return "Deal.E.TypeNotAllowed";
	if (r && r->max_kb > 0 && size > r->max_kb * 1024)
		return "Deal.E.TooLarge";
	if (r && r->min_pages > 0 && strcmp(mime, "application/pdf") == 0 && pages < r->min_pages)
		return "Deal.E.TooFewPages";
	return NULL;
}

static int field_met(const struct dealrule *r, const struct dealrule_facts *f,
		     long long *have, long long *need)
{
	*need = r->min_count > 0 ? r->min_count : 1;
	if (!strcmp(r->field, "budget_confirmed"))
		*have = f->budget_confirmed;
	else if (!strcmp(r->field, "decision_makers"))
		*have = f->decision_makers;
	else if (!strcmp(r->field, "amount"))
		*have = f->amount_set;
	else if (!strcmp(r->field, "key_contact"))
		*have = f->key_contacts;
	else
		*have = 0;   /* an unknown field is never met: fail closed */
	if (strcmp(r->field, "decision_makers") && strcmp(r->field, "key_contact"))
		*need = 1;
	return *have >= *need;
}

int dealrule_evaluate(const struct dealrule *rules, int nrules,
		      const struct dealrule_facts *f, struct dealrule_unmet *out, int max)
{
	int n = 0;

#define UNMET(r_, key_, anchor_, have_, need_) do { \
		if (n < max) { \
			out[n].rule = (r_); out[n].key = (key_); out[n].anchor = (anchor_); \
			out[n].have = (have_); out[n].need = (need_); \
		} \
		n++; \
	} while (0)

	for (int i = 0; i < nrules; i++) {
		const struct dealrule *r = &rules[i];
		long long have = 0, need = 1;

		switch (r->kind) {
		case DR_FIELD:
			if (!field_met(r, f, &have, &need))
				UNMET(r, "Field", "#facts", have, need);
			break;
		case DR_ATTACHMENT:
			need = r->min_count > 0 ? r->min_count : 1;
			for (int k = 0; k < f->nfiles && k < DEALRULE_MAX_FILES; k++)
				if (!strcmp(f->files[k].kind, r->field) &&
				    !dealrule_file_refusal(r, f->files[k].mime, f->files[k].size,
							   f->files[k].pages))
					have++;
			if (have < need)
				UNMET(r, "Attachment", "#attachments", have, need);
			break;
		case DR_ACTIVITIES:
			need = r->min_count;
			have = dealrule_valid_comms(f);
			if (have < need)
				UNMET(r, "Activities", "#actions", have, need);
			break;
		case DR_CHECKLIST:
			need = f->checklist_total;
			have = f->checklist_total - f->checklist_open;
			if (f->checklist_open > 0)
				UNMET(r, "Checklist", "#checklist", have, need);
			break;
		default:
			UNMET(r, "Unknown", "#facts", 0, 1);   /* fail closed */
			break;
		}
	}
	/* R7.4: a process-sensitive customer's deals move on only once the
	 * service commitment is confirmed */
	if (f->service_commitment == 1)
		UNMET(NULL, "ServiceCommitment", "#service", 0, 1);
	if (f->needs_approval && f->approval != 2)
		UNMET(NULL, f->approval == 1 ? "ApprovalPending"
			    : f->approval == 3 ? "ApprovalRejected" : "Approval",
		      "#approval", 0, 1);
#undef UNMET
	return n;
}
