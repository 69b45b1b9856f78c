/* lead.c — checking, normalising and creating leads. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "lead.h"
#include "policy.h"
#include "routing.h"
#include "sla.h"
#include "user.h"
#include "validate.h"

static const char *const signals[] = {
	"demo", "requirement_doc", "white_paper", "video", "contact",
};

static const char *const industries[] = {
	"medical", "manufacturing", "saas", "retail", "education", "finance",
	"government", "other",
};

const char *const *lead_signals(size_t *n)
{
	*n = sizeof(signals) / sizeof(signals[0]);
	return signals;
}

const char *const *lead_industries(size_t *n)
{
	*n = sizeof(industries) / sizeof(industries[0]);
	return industries;
}

static int in_list(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v, list[i]))
			return 1;
	return 0;
}

/* Does the comma list contain this code? */
static int has_signal(const char *intent, const char *code)
{
	size_t cl = strlen(code);

	for (const char *p = intent; p && *p;) {
		size_t n = strcspn(p, ",");

		if (n == cl && !strncmp(p, code, cl))
			return 1;
		p += n + (p[n] == ',');
	}
	return 0;
}

const char *lead_tier(const char *intent)
{
	/* R1.3: a booked demo or a requirement document is high intent; a
	 * white paper or a video is medium; contact details alone are low. */
	if (has_signal(intent, "demo") || has_signal(intent, "requirement_doc"))
		return "high";
	if (has_signal(intent, "white_paper") || has_signal(intent, "video"))
		return "medium";
	return "low";
}

int lead_tier_sla_minutes(const char *tier)
{
	if (!strcmp(tier, "high"))
		return 30;
	if (!strcmp(tier, "medium"))
		return 120;
	return 1440;
}

void lead_norm_phone(const char *in, char *out, size_t n)
{
	char digits[32];
	size_t d = 0;
	const char *p;

	out[0] = '\0';
	if (!in || n < 2)
		return;
	for (p = in; *p && d < sizeof(digits) - 1; p++)
		if (isdigit((unsigned char)*p))
			digits[d++] = *p;
	digits[d] = '\0';
	p = digits;
	/* +86 / 0086 in front of a mobile number */
	if (d == 13 && !strncmp(p, "86", 2) && p[2] == '1')
		p += 2;
	else if (d == 15 && !strncmp(p, "0086", 4))
		p += 4;
	if (strlen(p) < 7)
		return;
	snprintf(out, n, "%s", p);
}

void lead_norm_company(const char *in, char *out, size_t n)
{
	static const char *const suffixes[] = {
		"股份有限公司", "有限责任公司", "有限公司", "集团", "公司",
		"co.,ltd.", "co.,ltd", "co.ltd", "ltd.", "ltd", "inc.", "inc",
		"corporation", "corp.", "corp", "co.",
	};
	size_t o = 0, l;
	int again = 1;

	out[0] = '\0';
	if (!in || !n)
		return;
	/* fold ASCII case, drop spaces, full-width brackets become ASCII */
	for (const char *p = in; *p && o < n - 1; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == ' ' || c == '\t')
			continue;
		if (!strncmp(p, "（", 3) && o < n - 1) { out[o++] = '('; p += 2; continue; }
		if (!strncmp(p, "）", 3) && o < n - 1) { out[o++] = ')'; p += 2; continue; }
		if (!strncmp(p, "　", 3)) { p += 2; continue; }   /* ideographic space */
		out[o++] = (char)tolower(c);
	}
	out[o] = '\0';
	while (again) {
		again = 0;
		l = strlen(out);
		for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
			size_t sl = strlen(suffixes[i]);

			if (l > sl && !strcmp(out + l - sl, suffixes[i])) {
				out[l - sl] = '\0';
				again = 1;
				break;
			}
		}
	}
}

static void add_error(struct lead_errors *errs, const char *field, const char *key)
{
	if (errs->n < LEAD_MAX_ERRORS) {
		errs->e[errs->n].field = field;
		errs->e[errs->n].key = key;
		errs->n++;
	}
}

static void check_field(struct lead_errors *errs, const char *field,
			const char *validator, const char *value)
{
	const char *msg;

	if (value && *value && !validate(validator, value, &msg))
		add_error(errs, field, msg);
}

int lead_check(const struct lead_input *in, struct lead_errors *errs)
{
	size_t n;
	const char *const *list;

	errs->n = 0;
	if (!in->name || !*in->name)
		add_error(errs, "name", "Valid.Required");
	else
		check_field(errs, "name", "name", in->name);
	check_field(errs, "phone", "phone_cn", in->phone);
	check_field(errs, "email", "email", in->email);
	if ((!in->phone || !*in->phone) && (!in->email || !*in->email))
		add_error(errs, "phone", "Lead.NeedContact");
	check_field(errs, "company", "line", in->company);
	check_field(errs, "region_code", "region", in->region_code);
	check_field(errs, "need", "text", in->need);
	if (in->need && validate_chars(in->need) > 2000)
		add_error(errs, "need", "Valid.Text");
	list = lead_industries(&n);
	if (in->industry && *in->industry && !in_list(in->industry, list, n))
		add_error(errs, "industry", "Valid.Unknown");
	list = lead_signals(&n);
	if (in->intent && strlen(in->intent) > 100)
		add_error(errs, "intent", "Valid.Unknown");
	for (const char *p = in->intent; p && *p;) {
		size_t l = strcspn(p, ",");
		char code[32];

		snprintf(code, sizeof(code), "%.*s", (int)(l < 31 ? l : 31), p);
		if (l >= 31 || !in_list(code, list, n)) {
			add_error(errs, "intent", "Valid.Unknown");
			break;
		}
		p += l + (p[l] == ',');
	}
	return errs->n == 0;
}

NEOERR *lead_find_duplicate(const struct lead_input *in, long long *dup)
{
	char phone[20], company[200];
	int found;
	NEOERR *err;

	*dup = 0;
	lead_norm_phone(in->phone, phone, sizeof(phone));
	lead_norm_company(in->company, company, sizeof(company));
	err = db_int_query(dup, &found,
		"SELECT id FROM lead WHERE (phone_norm = ? AND ? <> '')"
		" OR (email = ? AND ? <> '') OR (company_norm = ? AND ? <> '')"
		" ORDER BY id LIMIT 1", "tttttt", phone, phone,
		in->email ? in->email : "", in->email ? in->email : "", company, company);
	return nerr_pass(err);
}

/* Printable ASCII only and bounded: user agents and referrers are stored
 * for the record, never trusted, and must never break strict utf8mb4. */
/* NULL for an absent or empty value, so the column stays NULL. */
static const char *opt(const char *s)
{
	return s && *s ? s : NULL;
}

static void ascii_copy(char *out, size_t n, const char *in)
{
	size_t o = 0;

	for (const char *p = in ? in : ""; *p && o < n - 1; p++)
		if (*p >= 0x20 && *p < 0x7f)
			out[o++] = *p;
	out[o] = '\0';
}

NEOERR *lead_create(const struct lead_input *in, long long actor_id,
		    const char *actor_login, const char *request_id,
		    long long *lead_id)
{
	char phone[20], company[200], ua[256], ref[501];
	const char *tier = lead_tier(in->intent);
	long long sla = lead_tier_sla_minutes(tier), chan_sla = 0, region_id = 0, due_in = 0;
	unsigned long long id = 0;
	int own_tx = !db_in_transaction(), found;
	DB_STMT *q;
	NEOERR *err;

	*lead_id = 0;
	lead_norm_phone(in->phone, phone, sizeof(phone));
	lead_norm_company(in->company, company, sizeof(company));
	ascii_copy(ua, sizeof(ua), in->user_agent);
	ascii_copy(ref, sizeof(ref), in->referrer);
	if (own_tx && (err = db_begin()))
		return nerr_pass(err);
	if (in->channel_read) {
		chan_sla = in->channel_sla;
		found = 1;
		err = STATUS_OK;
	} else
		err = db_int_query(&chan_sla, &found,
				   "SELECT sla_minutes FROM channel WHERE id = ? AND active = 1",
				   "i", in->channel_id);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "channel %lld", in->channel_id);
	/* The tighter of the channel's and the tier's clock. */
	if (!err && chan_sla > 0 && chan_sla < sla)
		sla = chan_sla;
	if (!err && in->region_code && *in->region_code)
		err = db_int_query(&region_id, NULL,
				   "SELECT region_id FROM region_code_map WHERE prefix = LEFT(?, 2)",
				   "t", in->region_code);
	/* The response clock counts working time (SLA.WorkHours, WorkDays,
	 * holidays), as the slow-response rule does: a lead in the evening is
	 * due the next working morning, not during the night. */
	if (!err) {
		struct sla_calendar cal;
		time_t now = time(NULL);

		err = sla_calendar_load(&cal, now);
		if (!err)
			due_in = (long long)(sla_add_work(&cal, now, (long)sla * 60) - now);
	}
	if (!err)
		err = db_prepare(&q, "INSERT INTO lead (channel_id, name, phone, phone_norm, email,"
				 " company, company_norm, region_code, region_id, industry, need, intent,"
				 " tier, owner_id, source, source_ip, user_agent, referrer, sla_due_at,"
				 " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
				 " ?, ?, ?, ?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND,"
				 " UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))");
	if (!err) {
		db_bind_int(q, 1, in->channel_id);
		db_bind_text(q, 2, in->name);
		db_bind_text(q, 3, opt(in->phone));
		db_bind_text(q, 4, opt(phone));
		db_bind_text(q, 5, opt(in->email));
		db_bind_text(q, 6, opt(in->company));
		db_bind_text(q, 7, opt(company));
		db_bind_text(q, 8, opt(in->region_code));
		if (region_id) db_bind_int(q, 9, region_id); else db_bind_null(q, 9);
		db_bind_text(q, 10, opt(in->industry));
		db_bind_text(q, 11, opt(in->need));
		db_bind_text(q, 12, opt(in->intent));
		db_bind_text(q, 13, tier);
		if (in->owner_id) db_bind_int(q, 14, in->owner_id); else db_bind_null(q, 14);
		db_bind_text(q, 15, in->source);
		db_bind_text(q, 16, opt(in->ip));
		db_bind_text(q, 17, opt(ua));
		db_bind_text(q, 18, opt(ref));
		db_bind_int(q, 19, due_in);
		db_step(q);
		id = db_insert_id(q);
		err = db_finalize(q);
	}
	if (!err && !in->no_audit) {
		char after[160];
		struct audit_event ev = { "lead.create", "lead", (long long)id, NULL, NULL, after };

		snprintf(after, sizeof(after), "source=%s tier=%s", in->source, tier);
		err = audit_log_as(actor_id, actor_login, in->ip, NULL, request_id, &ev);
	}
	/* Routing places the lead in the same transaction (R2); a lead no
	 * rule can place waits in the queue, never dropped.  A bulk import
	 * only queues its rows ("pending"): the scheduler routes them within
	 * a minute, so a 100,000-row import does not run the rules inline. */
	if (!err && !in->owner_id && in->defer_routing)
		err = routing_defer((long long)id);
	else if (!err && !in->owner_id) {
		struct routing_lead rl = { region_id, opt(in->industry), in->channel_id, tier, 0 };
		long long owner = 0;

		err = routing_assign_new((long long)id, &rl, &owner);
	} else if (!err)
		err = db_execf(NULL, "UPDATE lead SET assigned_at = created_at WHERE id = ?", "i",
			       (long long)id);
	if (own_tx) {
		if (err)
			db_rollback();
		else
			err = db_commit();
	}
	if (!err)
		*lead_id = (long long)id;
	return nerr_pass(err);
}

NEOERR *lead_find_duplicate_visible(struct request *req, const struct lead_input *in,
				    long long *dup)
{
	char phone[20], company[200];
	const char *email = in->email ? in->email : "";
	struct db_args args = { 0 };
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	*dup = 0;
	lead_norm_phone(in->phone, phone, sizeof(phone));
	lead_norm_company(in->company, company, sizeof(company));
	if (!phone[0] && !email[0] && !company[0])
		return STATUS_OK;
	string_init(&sql);
	err = string_append(&sql, "SELECT l.id, COALESCE(l.owner_id, 0), " POLICY_DEPTH_SQL("l.owner_id") ","
			    " (l.phone_norm = ? AND ? <> ''), (l.email = ? AND ? <> ''),"
			    " (l.company_norm = ? AND ? <> '') FROM lead l WHERE"
			    " ((l.phone_norm = ? AND ? <> '') OR (l.email = ? AND ? <> '')"
			    " OR (l.company_norm = ? AND ? <> '')) AND ");
	db_args_int(&args, req->user->id);
	for (int round = 0; round < 2; round++) {
		db_args_text(&args, phone);
		db_args_text(&args, phone);
		db_args_text(&args, email);
		db_args_text(&args, email);
		db_args_text(&args, company);
		db_args_text(&args, company);
	}
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "l.owner_id", "l.region_id",
				     &sql, &args);
	if (!err)
		err = string_append(&sql, " ORDER BY l.id LIMIT 20");
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_args(q, &args, 1);
	while (!*dup && db_step(q) == DB_ROW) {
		struct policy_subject s = { db_col_int(q, 0), db_col_int(q, 1), (int)db_col_int(q, 2), 0 };

		/* Company names are not sensitive; phones and e-mails count only
		 * when this person sees them in clear on that lead. */
		if (db_col_int(q, 5) ||
		    (db_col_int(q, 3) && policy_visible(req, "lead", "phone", &s)) ||
		    (db_col_int(q, 4) && policy_visible(req, "lead", "email", &s)))
			*dup = db_col_int(q, 0);
	}
	return nerr_pass(db_finalize(q));
}
