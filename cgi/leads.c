/* leads.c — the lead list, a lead's page, actions on it, conversion.
 *
 * Every query goes through user_scope_sql(): a lead outside the reader's
 * scope is "not found", never "forbidden", so its existence does not leak.
 * The list pages by id (keyset), so page 1,000 costs what page 1 costs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "activity.h"
#include "audit.h"
#include "clock.h"
#include "config.h"
#include "credibility.h"
#include "db.h"
#include "err.h"
#include "lead.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "route.h"
#include "sla.h"
#include "user.h"

#define LEAD_PAGE 50

static const char *const tiers[] = { "high", "medium", "low" };
static const char *const statuses[] = { "new", "contacted", "qualified", "converted", "disqualified" };

static int one_of(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (!strcmp(v, list[i]))
			return 1;
	return 0;
}

static NEOERR *lead_choices(REQUEST *req)
{
	NEOERR *err = render_id_names_cached(req->hdf, "Choices.Channels",
				      "SELECT id, name FROM channel ORDER BY id");

	if (!err)
		err = render_id_names_cached(req->hdf, "Choices.Regions",
				      "SELECT id, name FROM region ORDER BY code");
	return nerr_pass(err);
}

/* The names of a Choices list (channels, regions: a handful each) by id,
 * looked up once per page rather than once per row and column. */
#define LEAD_CHOICES 64
struct lead_choice_map {
	int n;
	long long id[LEAD_CHOICES];
	const char *name[LEAD_CHOICES];
};

static void lead_choice_map(HDF *list, struct lead_choice_map *m)
{
	m->n = 0;
	for (HDF *c = list ? hdf_obj_child(list) : NULL; c && m->n < LEAD_CHOICES; c = hdf_obj_next(c)) {
		const char *v = hdf_get_value(c, "Id", NULL);

		if (v) {
			m->id[m->n] = strtoll(v, NULL, 10);
			m->name[m->n++] = hdf_get_value(c, "Name", NULL);
		}
	}
}

static const char *lead_choice_name(const struct lead_choice_map *m, const char *id)
{
	long long v = id ? strtoll(id, NULL, 10) : 0;

	for (int i = 0; id && i < m->n; i++)
		if (m->id[i] == v)
			return m->name[i];
	return NULL;
}

/* Runs one lead list query and fills Leads.Items; *n rows, *more when a
 * 51st row says there is a next page.  The page's cost is mostly here and
 * in the template (docs/ARCHITECTURE.md, "The lead list's cost"): the rows'
 * parent is found once and each row is made under it by its number, and a
 * row carries only what its face shows. */
static NEOERR *leads_fill(REQUEST *req, const char *sql, struct db_args *args,
			  int *n, int *more)
{
	struct lead_choice_map channels, regions;
	/* Region and due time are for the JSON face only: the page does not
	 * show them, and a row of more than ten values costs ClearSilver
	 * a hash table per row (a tenth of the page's time). */
	int api = req->route && (req->route->flags & R_STAFF_API);
	long long last = 0;
	HDF *items = NULL;
	DB_STMT *q;
	NEOERR *err = db_prepare_args(&q, sql, args, 1);

	*n = 0;
	*more = 0;
	if (err)
		return nerr_pass(err);
	lead_choice_map(hdf_get_obj(req->hdf, "Choices.Channels"), &channels);
	lead_choice_map(api ? hdf_get_obj(req->hdf, "Choices.Regions") : NULL, &regions);
	while (!err && db_step(q) == DB_ROW) {
		char num[24];
		HDF *row;

		if (*n == LEAD_PAGE) {
			snprintf(num, sizeof(num), "%lld", last);
			err = hdf_set_value(req->hdf, "Pager.After", num);
			*more = 1;
			break;
		}
		last = db_col_int(q, 0);
		if (!items)
			err = hdf_get_node(req->hdf, "Leads.Items", &items);
		if (!err) {
			/* the row's number by hand: snprintf is a tenth of a row */
			int k = (*n)++, d = 0;
			char rev[12];

			do rev[d++] = (char)('0' + k % 10); while ((k /= 10) && d < 11);
			for (int j = 0; j < d; j++)
				num[j] = rev[d - 1 - j];
			num[d] = '\0';
			err = hdf_get_node(items, num, &row);
		}
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		if (!err) err = render_set(row, "Company", db_col_text(q, 2));
		if (!err) err = render_set(row, "Channel", lead_choice_name(&channels, db_col_text(q, 3)));
		if (!err) err = hdf_set_value(row, "Tier", db_col_text(q, 4));
		if (!err) err = hdf_set_value(row, "Status", db_col_text(q, 5));
		if (!err) err = render_set(row, "Owner", db_col_text(q, 6));
		if (!err && api) err = render_set(row, "Region", lead_choice_name(&regions, db_col_text(q, 7)));
		if (!err) err = render_set_time(req, row, "Created", db_col_text(q, 8));
		if (!err) err = hdf_set_value(row, "Overdue", db_col_text(q, 9));
		if (!err && api) err = render_set_time(req, row, "Due", db_col_text(q, 10));
		if (!err) {
			struct policy_subject subj = { last, db_col_int(q, 12), (int)db_col_int(q, 13), 0 };

			err = policy_put(req, row, "Phone", "lead", "phone", &subj, db_col_text(q, 11));
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

#define LEADS_SELECT \
	"SELECT l.id, l.name, l.company, l.channel_id, l.tier, l.status, u.display_name," \
	" l.region_id, l.created_at, (l.first_response_at IS NULL AND l.sla_due_at < UTC_TIMESTAMP(6))," \
	" l.sla_due_at, l.phone, COALESCE(l.owner_id, 0), " POLICY_DEPTH_COL

NEOERR *leads_list(REQUEST *req)
{
	const char *tier = request_param(req, "tier");
	const char *status = request_param(req, "status");
	const char *owner = request_param(req, "owner");
	const char *from = request_param(req, "from");
	const char *to = request_param(req, "to");
	const char *text = request_param(req, "q");
	long long channel = request_param_int(req, "channel", 0);
	long long region = request_param_int(req, "region", 0);
	long long after = request_param_int(req, "after", 0);
	int n = 0, more = 0;
	char offset[16], like[220];
	struct db_args args = { 0 };
	STRING sql, fast;
	NEOERR *err;

	if ((tier && !one_of(tier, tiers, 3)) || (status && !one_of(status, statuses, 5)))
		return nerr_raise(ERR_BAD_REQUEST, "unknown tier or status");
	render_utc_offset(req, offset, sizeof(offset));
	string_init(&sql);
	string_init(&fast);
	/* users is a LEFT JOIN, and channel and region names come from the
	 * filter's cached lists rather than from two more joins.  The text
	 * after "FROM lead l" is built once and used twice, see below. */
	err = string_append(&sql,
		" LEFT JOIN users u ON u.id = l.owner_id" POLICY_DEPTH_JOIN("l.owner_id") " WHERE ");
	db_args_int(&args, req->user->id);   /* POLICY_DEPTH_JOIN's viewer */
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "l.owner_id", "l.region_id",
				     &sql, &args);
	/* Each optional filter adds a literal fragment and its values. */
	if (!err && channel) {
		err = string_append(&sql, " AND l.channel_id = ?");
		db_args_int(&args, channel);
	}
	if (!err && tier) {
		err = string_append(&sql, " AND l.tier = ?");
		db_args_text(&args, tier);
	}
	if (!err && status) {
		err = string_append(&sql, " AND l.status = ?");
		db_args_text(&args, status);
	}
	if (!err && owner && !strcmp(owner, "me")) {
		err = string_append(&sql, " AND l.owner_id = ?");
		db_args_int(&args, req->user->id);
	} else if (!err && owner && !strcmp(owner, "none")) {
		err = string_append(&sql, " AND l.owner_id IS NULL");
	}
	if (!err && region) {
		err = string_append(&sql, " AND l.region_id = ?");
		db_args_int(&args, region);
	}
	if (!err && from) {
		err = string_append(&sql, " AND l.created_at >= CONVERT_TZ(?, ?, '+00:00')");
		db_args_text(&args, from);
		db_args_text(&args, offset);
	}
	if (!err && to) {
		err = string_append(&sql, " AND l.created_at < CONVERT_TZ(? + INTERVAL 1 DAY, ?, '+00:00')");
		db_args_text(&args, to);
		db_args_text(&args, offset);
	}
	if (!err && text) {
		db_like_pattern(text, like, sizeof(like));
		err = string_append(&sql, " AND (l.name LIKE ? OR l.company LIKE ?)");
		db_args_text(&args, like);
		db_args_text(&args, like);
	}
	if (!err && after > 0) {
		err = string_append(&sql, " AND l.id < ?");
		db_args_int(&args, after);
	}
	db_args_int(&args, LEAD_PAGE + 1);
	/* Two plans.  Most lists match a good share of the table (a region,
	 * a tier): walking the primary key backwards finds 51 rows at once,
	 * but the planner's estimates sometimes pick an index merge and a
	 * sort of every match instead (seen: 1.4 s at 100,000 leads).  So
	 * the walk goes first, bounded by ROWS EXAMINED; when it stops short
	 * of a full page (a rare filter, or the last page) the planner gets
	 * the query as written. */
	if (!err)
		err = string_appendf(&fast, "%s%s%s", LEADS_SELECT " FROM lead l FORCE INDEX (PRIMARY)",
				     sql.buf, " ORDER BY l.id DESC LIMIT ? ROWS EXAMINED 5000");
	if (!err)
		err = lead_choices(req);
	if (!err)
		err = leads_fill(req, fast.buf, &args, &n, &more);
	if (!err && !more) {
		string_clear(&fast);
		err = string_appendf(&fast, "%s%s%s", LEADS_SELECT " FROM lead l", sql.buf,
				     " ORDER BY l.id DESC LIMIT ?");
		if (!err) err = hdf_remove_tree(req->hdf, "Leads.Items");
		if (!err) err = leads_fill(req, fast.buf, &args, &n, &more);
	}
	string_clear(&sql);
	string_clear(&fast);
	if (!err) err = hdf_set_int_value(req->hdf, "Leads.Count", n);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "leads");
	req->template_name = "leads.cs";
	return nerr_pass(err);
}

/* Is lead id within the reader's (or editor's) scope?  Also its status,
 * customer and deal, for the page and for conversion. */
struct lead_row {
	long long id, customer_id, deal_id, owner_id, region_id;
	char status[16];
};

static NEOERR *lead_scoped(REQUEST *req, long long id, int edit, struct lead_row *l)
{
	struct db_args scope = { 0 };
	int found = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	memset(l, 0, sizeof(*l));
	string_init(&sql);
	err = string_append(&sql, "SELECT l.id, l.status, COALESCE(l.customer_id, 0),"
			    " COALESCE(l.deal_id, 0), COALESCE(l.owner_id, 0), COALESCE(l.region_id, 0)"
			    " FROM lead l WHERE l.id = ? AND ");
	if (!err)
		err = user_scope_sql(req->user, edit ? req->user->edit_scope : req->user->read_scope,
				     "l.owner_id", "l.region_id", &sql, &scope);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, id);
	db_bind_args(q, &scope, 2);
	if (db_step(q) == DB_ROW) {
		found = 1;
		l->id = db_col_int(q, 0);
		snprintf(l->status, sizeof(l->status), "%s", db_col_text(q, 1));
		l->customer_id = db_col_int(q, 2);
		l->deal_id = db_col_int(q, 3);
		l->owner_id = db_col_int(q, 4);
		l->region_id = db_col_int(q, 5);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "lead %lld not in scope", id);
	return nerr_pass(err);
}

NEOERR *lead_detail(REQUEST *req)
{
	struct policy_subject lead_subject = { 0, 0, -1, 0 };
	struct lead_row l;
	const char *done = request_param(req, "done");
	size_t nk;
	const char *const *kinds = activity_kinds(&nk);
	DB_STMT *q;
	HDF *d;
	NEOERR *err;

	err = lead_scoped(req, req->ids[0], 0, &l);
	if (!err)
		err = hdf_get_node(req->hdf, "Lead", &d);
	if (!err)
		err = db_prepare(&q, "SELECT l.id, l.name, l.phone, l.email, l.company, l.region_code,"
				 " g.name, l.industry, l.need, l.intent, l.tier, l.status, u.display_name,"
				 " c.name, l.source, l.source_ip, l.user_agent, l.referrer, l.created_at,"
				 " l.sla_due_at, l.first_response_at,"
				 " (l.first_response_at IS NULL AND l.sla_due_at < UTC_TIMESTAMP(6)),"
				 " l.customer_id, l.deal_id, COALESCE(l.owner_id, 0), "
				 POLICY_DEPTH_SQL("l.owner_id")
				 " FROM lead l JOIN channel c ON c.id = l.channel_id"
				 " LEFT JOIN users u ON u.id = l.owner_id"
				 " LEFT JOIN region g ON g.id = l.region_id WHERE l.id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, l.id);
	if (db_step(q) == DB_ROW) {
		static const char *const names[] = {
			"Id", "Name", NULL, NULL, "Company", "RegionCode", "Region",
			"Industry", "Need", "Intent", "Tier", "Status", "Owner", "Channel",
			"Source", "Ip", "UserAgent", "Referrer",
		};
		struct policy_subject subj = { l.id, db_col_int(q, 24), (int)db_col_int(q, 25), 0 };

		for (int i = 0; !err && i < (int)(sizeof(names) / sizeof(names[0])); i++)
			if (names[i])
				err = render_set(d, names[i], db_col_text(q, i));
		/* Contact details only through the field policy. */
		if (!err) err = policy_put(req, d, "Phone", "lead", "phone", &subj, db_col_text(q, 2));
		if (!err) err = policy_put(req, d, "Email", "lead", "email", &subj, db_col_text(q, 3));
		lead_subject = subj;
		if (!err) err = render_set_time(req, d, "Created", db_col_text(q, 18));
		if (!err) err = render_set_time(req, d, "Due", db_col_text(q, 19));
		/* the response clock counts working time (lead_create): say so,
		 * with the working time left while it runs */
		if (!err && *config_get("SLA.WorkHours")) {
			err = hdf_set_value(d, "WorkHours", config_get("SLA.WorkHours"));
			if (!err && !db_col_text(q, 20) && db_col_text(q, 19)) {
				struct sla_calendar cal;
				char at[20];
				time_t now = time(NULL), due;

				snprintf(at, sizeof(at), "%s", db_col_text(q, 19));   /* no fraction */
				due = clock_parse(at);

				err = sla_calendar_load(&cal, now);
				if (!err && due != (time_t)-1 && due > now)
					err = hdf_set_int_value(d, "LeftMin",
								(int)((sla_work_seconds(&cal, now, due) + 59) / 60));
			}
		}
		if (!err) err = render_set_time(req, d, "FirstResponse", db_col_text(q, 20));
		if (!err) err = hdf_set_value(d, "Overdue", db_col_text(q, 21));
		if (!err) err = render_set(d, "CustomerId", db_col_text(q, 22));
		if (!err) err = render_set(d, "DealId", db_col_text(q, 23));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	/* The intent signals one per row, for their names. */
	for (const char *p = hdf_get_value(d, "Intent", ""); !err && *p;) {
		size_t len = strcspn(p, ",");
		char code[32];
		static int k;
		HDF *row;

		snprintf(code, sizeof(code), "%.*s", (int)(len < 31 ? len : 31), p);
		err = render_row(req->hdf, "Lead.Signals", k++, &row);
		if (!err) err = hdf_set_value(row, "Code", code);
		p += len + (p[len] == ',');
		if (!*p)
			k = 0;
	}
	for (size_t i = 0; !err && i < nk; i++) {
		HDF *row;

		if (!strcmp(kinds[i], "visit_record"))
			continue;
		err = render_row(req->hdf, "Kinds", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", kinds[i]);
	}
	if (!err) {
		/* Can this reader act on it?  The edit scope decides. */
		struct lead_row e;
		NEOERR *scope = user_can(req->user, "lead.edit") ? lead_scoped(req, l.id, 1, &e)
				: nerr_raise(ERR_FORBIDDEN, "no lead.edit");

		if (!scope)
			err = hdf_set_value(req->hdf, "Lead.CanEdit", "1");
		else if (nerr_match(scope, ERR_NOT_FOUND) || nerr_match(scope, ERR_FORBIDDEN))
			nerr_ignore(&scope);
		else
			err = scope;
	}
	if (!err && user_can(req->user, "lead.assign")) {
		/* The people this reader may hand the lead to. */
		struct db_args scope = { 0 };
		int k = 0;
		STRING sql;

		string_init(&sql);
		err = string_append(&sql, "SELECT u.id, u.display_name FROM users u JOIN role r"
				    " ON r.id = u.role_id WHERE u.status = 'active'"
				    " AND r.code IN ('sales_rep', 'team_lead') AND ");
		if (!err)
			err = user_scope_sql(req->user, req->user->edit_scope, "u.id", "u.region_id",
					     &sql, &scope);
		if (!err)
			err = string_append(&sql, " ORDER BY u.display_name");
		if (!err)
			err = db_prepare(&q, sql.buf);
		string_clear(&sql);
		if (!err) {
			db_bind_args(q, &scope, 1);
			while (!err && db_step(q) == DB_ROW) {
				HDF *row;

				err = render_row(req->hdf, "Lead.Assignable", k++, &row);
				if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
				if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
			}
			if (err)
				db_finalize(q);
			else
				err = db_finalize(q);
		}
	}
	if (!err) err = activity_fill(req, "Lead.Activities", l.id, 0);
	if (!err) err = credibility_frozen_note(req, l.id, l.customer_id);
	if (!err) err = activity_history(req, "Lead.History", "lead", l.id, &lead_subject);
	if (!err) err = admin_routing_why(req, l.id);   /* "why this person" (issue 8) */
	if (!err && done) err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "lead");
	req->template_name = "lead.cs";
	return nerr_pass(err);
}

static NEOERR *lead_back(REQUEST *req, long long id, const char *done)
{
	char path[80];

	snprintf(path, sizeof(path), "/leads/%lld?done=%s", id, done);
	return nerr_pass(request_redirect(req, path));
}

NEOERR *lead_action(REQUEST *req)
{
	const char *kind = request_param(req, "kind");
	long long minutes = request_param_int(req, "duration_min", 0);
	struct lead_row l;
	NEOERR *err;

	if (!activity_kind_ok(kind) || !strcmp(kind, "visit_record"))
		return nerr_raise(ERR_BAD_REQUEST, "unknown action");
	err = lead_scoped(req, req->ids[0], 1, &l);
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	err = activity_record(req, kind, l.id, l.customer_id, minutes * 60, NULL, NULL, NULL);
	err = db_finish(err);
	if (!err)
		err = lead_back(req, l.id, "Recorded");
	return nerr_pass(err);
}

NEOERR *lead_visit(REQUEST *req)
{
	const char *need = request_param(req, "core_need");
	const char *next = request_param(req, "next_step");
	struct lead_row l;
	NEOERR *err;

	err = lead_scoped(req, req->ids[0], 1, &l);
	if (err)
		return nerr_pass(err);
	if (!need || !next || req->param_errors) {
		HDF *f;

		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err && !need && !hdf_get_value(f, "core_need", NULL))
			err = hdf_set_value(f, "core_need", "Valid.Required");
		if (!err && !next && !hdf_get_value(f, "next_step", NULL))
			err = hdf_set_value(f, "next_step", "Valid.Required");
		if (err)
			return nerr_pass(err);
		err = lead_detail(req);
		req->status = 400;
		return nerr_pass(err);
	}
	err = db_begin();
	if (err)
		return nerr_pass(err);
	err = activity_record(req, "visit_record", l.id, l.customer_id, 0, need, next,
			      request_param(req, "detail"));
	err = db_finish(err);
	if (!err)
		err = lead_back(req, l.id, "Recorded");
	return nerr_pass(err);
}

/* Converting creates the customer (account), its key contact and a deal in
 * the first stage of the standard pipeline, in one transaction. */
NEOERR *lead_convert(REQUEST *req)
{
	struct lead_row l;
	unsigned long long customer = 0, contact = 0, deal = 0;
	long long owner;
	char path[64];
	DB_STMT *q;
	NEOERR *err;

	err = lead_scoped(req, req->ids[0], 1, &l);
	if (err)
		return nerr_pass(err);
	if (!strcmp(l.status, "converted"))
		return nerr_raise(ERR_CONFLICT, "lead %lld already converted", l.id);
	owner = l.owner_id ? l.owner_id : req->user->id;
	err = db_begin();
	if (err)
		return nerr_pass(err);
	/* Lock the lead so two clicks cannot convert it twice. */
	err = db_prepare(&q, "SELECT status FROM lead WHERE id = ? FOR UPDATE");
	if (!err) {
		db_bind_int(q, 1, l.id);
		if (db_step(q) == DB_ROW && !strcmp(db_col_text(q, 0), "converted"))
			l.status[0] = 'c';
		else
			l.status[0] = '\0';
		err = db_finalize(q);
	}
	if (!err && l.status[0])
		err = nerr_raise(ERR_CONFLICT, "lead %lld converted meanwhile", l.id);
	if (!err)
		err = db_execf(&customer,
			"INSERT INTO customer (name, name_norm, owner_id, region_id, region_code,"
			" industry, phone, email, created_at, updated_at)"
			" SELECT COALESCE(NULLIF(company, ''), name), COALESCE(NULLIF(company_norm, ''), name),"
			" ?, region_id, region_code, industry, phone, email, UTC_TIMESTAMP(6),"
			" UTC_TIMESTAMP(6) FROM lead WHERE id = ?", "ii", owner, l.id);
	if (!err)
		err = db_execf(&contact,
			"INSERT INTO contact (customer_id, name, phone, email, is_key, created_at)"
			" SELECT ?, name, phone, email, 1, UTC_TIMESTAMP(6) FROM lead WHERE id = ?",
			"ii", (long long)customer, l.id);
	if (!err)
		err = db_execf(&deal,
			"INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name,"
			" stage_entered_at, created_at, updated_at)"
			" SELECT ?, p.id, s.id, ?, l.region_id,"
			" LEFT(CONCAT(COALESCE(NULLIF(l.company, ''), l.name), ' · ', COALESCE(NULLIF(l.need, ''), '')), 200),"
			" UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)"
			" FROM lead l JOIN pipeline p ON p.code = 'standard'"
			" JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE l.id = ?",
			"iii", (long long)customer, owner, l.id);
	if (!err)
		err = db_execf(NULL, "UPDATE lead SET status = 'converted', customer_id = ?, deal_id = ?,"
			       " owner_id = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?", "iiii",
			       (long long)customer, (long long)deal, owner, l.id);
	if (!err) {
		char after[96];
		struct audit_event ev = { "lead.convert", "lead", l.id, "status", l.status[0] ? l.status : "open", after };

		snprintf(after, sizeof(after), "customer=%llu contact=%llu deal=%llu",
			 customer, contact, deal);
		err = audit_log(req, &ev);
	}
	if (!err) {
		struct audit_event ev = { "customer.create", "customer", (long long)customer,
					  NULL, NULL, "from lead" };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	snprintf(path, sizeof(path), "/customers/%llu?done=Converted", customer);
	if (!err)
		err = request_redirect(req, path);
	return nerr_pass(err);
}

/* Qualify or disqualify: the statuses a person sets by hand (contacted
 * and converted follow from actions). */
NEOERR *lead_set_status(REQUEST *req)
{
	static const char *const settable[] = { "qualified", "disqualified", "contacted" };
	const char *status = request_param(req, "status");
	struct lead_row l;
	NEOERR *err;

	if (!one_of(status, settable, 3))
		return nerr_raise(ERR_BAD_REQUEST, "status not settable by hand");
	err = lead_scoped(req, req->ids[0], 1, &l);
	if (!err && !strcmp(l.status, "converted"))
		err = nerr_raise(ERR_CONFLICT, "lead %lld is converted", l.id);
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_execf(NULL, "UPDATE lead SET status = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
		       "ti", status, l.id);
	if (!err) {
		struct audit_event ev = { "lead.update", "lead", l.id, "status", l.status, status };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = lead_back(req, l.id, "Saved");
	return nerr_pass(err);
}

/* Assign (lead.assign): to an active person within the assigner's edit
 * scope; the new owner's region becomes the lead's. */
NEOERR *lead_assign(REQUEST *req)
{
	long long owner = request_param_int(req, "owner", 0);
	struct db_args scope = { 0 };
	long long ok = 0;
	struct lead_row l;
	char was[24], now[24];
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	err = lead_scoped(req, req->ids[0], 0, &l);
	if (err)
		return nerr_pass(err);
	string_init(&sql);
	err = string_append(&sql, "SELECT COUNT(*) FROM users u WHERE u.id = ? AND u.status = 'active' AND ");
	if (!err)
		err = user_scope_sql(req->user, req->user->edit_scope, "u.id", "u.region_id", &sql,
				     &scope);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, owner);
	db_bind_args(q, &scope, 2);
	if (db_step(q) == DB_ROW)
		ok = db_col_int(q, 0);
	err = db_finalize(q);
	if (!err && !ok)
		err = nerr_raise(ERR_BAD_REQUEST, "owner %lld not assignable", owner);
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_execf(NULL, "UPDATE lead l JOIN users u ON u.id = ? SET l.owner_id = u.id,"
		       " l.region_id = COALESCE(u.region_id, l.region_id), l.updated_at = UTC_TIMESTAMP(6),"
		       " l.assigned_at = UTC_TIMESTAMP(6) WHERE l.id = ?", "ii", owner, l.id);
	/* placed by hand: it leaves the unassigned queue (issue 8) */
	if (!err)
		err = db_execf(NULL, "DELETE FROM routing_queue WHERE lead_id = ?", "i", l.id);
	snprintf(was, sizeof(was), "%lld", l.owner_id);
	snprintf(now, sizeof(now), "%lld", owner);
	if (!err) {
		struct audit_event ev = { "lead.assign", "lead", l.id, "owner_id",
					  l.owner_id ? was : NULL, now };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = lead_back(req, l.id, "Saved");
	return nerr_pass(err);
}

/* Reveal one masked field of a lead for this response (R8.2): a POST, with
 * a reason, audited, limited per person and hour. */
NEOERR *lead_reveal(REQUEST *req)
{
	struct lead_row l;
	NEOERR *err = lead_scoped(req, req->ids[0], 0, &l);

	if (!err)
		err = policy_reveal_request(req, "lead", l.id);
	if (!err)
		err = lead_detail(req);
	return nerr_pass(err);
}
