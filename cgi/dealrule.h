/* dealrule.h — the action-lock evaluator (pure, unit-tested).
 *
 * A stage's exit rules and a deal's facts go in; every unmet rule comes out,
 * each with a language key for what is missing and the place (an anchor on
 * the deal page) where it can be done.  The server calls it on every
 * advance; the deal page, the board and the JSON answer show its list.
 */
#ifndef SG_DEALRULE_H
#define SG_DEALRULE_H

#include <stddef.h>

enum dealrule_kind { DR_FIELD, DR_ATTACHMENT, DR_ACTIVITIES, DR_CHECKLIST, DR_APPROVAL };

struct dealrule {
	int kind;
	char field[41];          /* field name, or the attachment kind */
	long long min_count;
	char types[101];         /* "pdf,png": short type names */
	long long max_kb;        /* 0: no limit */
	long long min_pages;     /* 0: no minimum */
	char label[201];
};

struct dealrule_file {
	char kind[41];
	char mime[101];
	long long size;
	long long pages;         /* -1: not a PDF */
};

#define DEALRULE_MAX_FILES 64

struct dealrule_facts {
	int budget_confirmed;
	int decision_makers;
	int amount_set;
	int key_contacts;
	int calls_3min;          /* calls of at least 3 minutes since stage entry */
	int messages;            /* messages since stage entry */
	int visits;              /* visits / visit records since stage entry */
	int checklist_total;     /* items of the stage's checklist */
	int checklist_open;      /* not ticked, evidence missing or approval not given */
	int needs_approval;      /* the stage's exit needs a superior's approval */
	int approval;            /* 0 none, 1 pending, 2 approved, 3 rejected */
	int service_commitment;  /* R7.4: 0 not needed, 1 needed (customer process-
				  * sensitive, not confirmed), 2 confirmed */
	int nfiles;
	struct dealrule_file files[DEALRULE_MAX_FILES];
};

struct dealrule_unmet {
	const struct dealrule *rule;   /* NULL for the approval */
	const char *key;               /* Lang.Deal.Unmet.<key> */
	const char *anchor;            /* "#attachments", "#checklist", ... */
	long long have, need;
};

/* Valid communications: each call ≥ 3 min, each visit, every 3 messages. */
int dealrule_valid_comms(const struct dealrule_facts *f);

/* The MIME type a short type name stands for ("pdf" → application/pdf),
 * NULL when unknown; and the reverse. */
const char *dealrule_type_mime(const char *type);
const char *dealrule_mime_type(const char *mime);

/* Does a file of this MIME type, size and page count fit the rule?  NULL
 * when it does, else the language key of the reason. */
const char *dealrule_file_refusal(const struct dealrule *r, const char *mime,
				  long long size, long long pages);

/* Fills out with every unmet rule (at most max); returns how many. */
int dealrule_evaluate(const struct dealrule *rules, int nrules,
		      const struct dealrule_facts *f, struct dealrule_unmet *out, int max);

/* Parses a rule kind name ("field", ...); -1 when unknown. */
int dealrule_kind_parse(const char *s);
const char *dealrule_kind_name(int kind);

#endif
