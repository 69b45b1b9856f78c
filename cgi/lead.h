/* lead.h — the one way a lead comes into being.
 *
 * Public forms, the intake API, CSV import and staff all fill a struct
 * lead_input and call lead_check() then lead_create(): the same validation,
 * normalisation, tier, SLA clock, region mapping and audit record for every
 * channel, and the original source kept for ever.
 */
#ifndef SG_LEAD_H
#define SG_LEAD_H

#include <ClearSilver/ClearSilver.h>

#define LEAD_MAX_ERRORS 12

struct lead_input {
	long long channel_id;
	const char *name;
	const char *phone;
	const char *email;
	const char *company;
	const char *region_code;   /* GB/T 2260, six digits */
	const char *industry;      /* a code from lead_industries() */
	const char *need;
	const char *intent;        /* comma-separated signal codes */
	const char *source;        /* "form", "api:<prefix>", "import:<batch>", "staff" */
	const char *ip;
	const char *user_agent;
	const char *referrer;
	long long owner_id;        /* 0: unassigned */
	int no_audit;              /* the caller audits the batch as a whole */
	int defer_routing;         /* queue for the scheduler instead of routing now (bulk import) */
	int channel_read;          /* the caller read the channel (active) just now, */
	long long channel_sla;     /* with its sla_minutes: lead_create uses these */
};

struct lead_error {
	const char *field;         /* "phone" */
	const char *key;           /* language key, "Valid.Phone" */
};

struct lead_errors {
	int n;
	struct lead_error e[LEAD_MAX_ERRORS];
};

/* Pure: validates every field (all errors, not just the first). */
int lead_check(const struct lead_input *in, struct lead_errors *errs);

/* Pure: "demo,white_paper" → "high"; see lead_signals(). */
const char *lead_tier(const char *intent);
/* Pure: minutes to first response for a tier (R1.3: 30 / 120 / 1440). */
int lead_tier_sla_minutes(const char *tier);
/* Pure: 13812345678 from "+86 138-1234-5678"; "" when not a phone. */
void lead_norm_phone(const char *in, char *out, size_t n);
/* Pure: company name for duplicate matching: case and spaces folded,
 * legal-form suffixes (有限公司, Co., Ltd. ...) removed. */
void lead_norm_company(const char *in, char *out, size_t n);

/* The signal and industry codes (their names are Lang.Intent.<code> and
 * Lang.Industry.<code>). */
const char *const *lead_signals(size_t *n);
const char *const *lead_industries(size_t *n);

/* Inserts a checked lead and its audit row (in the caller's transaction,
 * or its own).  actor_id / actor_login say who for the audit log (0/NULL
 * for the public). */
NEOERR *lead_create(const struct lead_input *in, long long actor_id,
		    const char *actor_login, const char *request_id,
		    long long *lead_id);

/* Existing leads matching the phone, e-mail or company (duplicate check);
 * *dup is the first match's id or 0. */
NEOERR *lead_find_duplicate(const struct lead_input *in, long long *dup);

struct request;
/* The same, as a person sees it: only leads in their read scope count, and
 * a match by phone or e-mail only when the field policy shows them that
 * field in clear — so reporting a duplicate never confirms a value they may
 * not see, nor the existence of a lead outside their scope.  (A duplicate
 * outside their view is left for routing to merge.) */
NEOERR *lead_find_duplicate_visible(struct request *req, const struct lead_input *in,
				    long long *dup);

#endif
