/* today.c — the rep's "today" page: the first thing after sign-in (/ for
 * anyone who reads leads) and GET /api/v1/today.
 *
 * The page is a list of sections, each a row of the table below: a
 * language key, the capability it needs and a function that fills
 * Today.<Key>.  A section with nothing in it is still listed (the template
 * says "nothing waiting"), so the page's shape does not jump.  Tasks due and
 * unmet action locks (issue 7), stale deals (issue 7) and approvals come as
 * more rows here and one more branch in today.cs.
 *
 * Tasks (every role may be given one by a stage, so no capability) and
 * stale deals (the reader's own open deals past their stage's stagnation
 * limit) are the deals pipeline's rows.  Neither carries a policed field:
 * no amount leaves here; the deal page shows it through the policy.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "err.h"
#include "handoff.h"
#include "pages.h"
#include "render.h"
#include "user.h"

#define TODAY_WAITING_MAX 20
#define TODAY_RECENT_MAX 5
#define TODAY_TASKS_MAX 20
#define TODAY_STALE_MAX 20

/* Leads waiting for their first response, most urgent first: mine, and for
 * people who assign leads, every lead they may edit.  Each with its SLA
 * clock in minutes (negative: overdue by that much). */
static NEOERR *today_waiting(REQUEST *req, HDF *node)
{
	struct db_args args = { 0 };
	STRING sql;
	DB_STMT *q;
	int n = 0, overdue = 0;
	NEOERR *err;

	string_init(&sql);
	err = string_append(&sql, "SELECT l.id, l.name, l.company, l.tier, c.name, l.sla_due_at,"
			    " TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(6), l.sla_due_at), COALESCE(u.display_name, '')"
			    " FROM lead l JOIN channel c ON c.id = l.channel_id"
			    " LEFT JOIN users u ON u.id = l.owner_id"
			    " WHERE l.first_response_at IS NULL AND l.status = 'new' AND ");
	if (!err && user_can(req->user, "lead.assign")) {
		err = user_scope_sql(req->user, req->user->edit_scope, "l.owner_id", "l.region_id",
				     &sql, &args);
	} else if (!err) {
		err = string_append(&sql, "l.owner_id = ?");
		db_args_int(&args, req->user->id);
	}
	if (!err)
		err = string_append(&sql, " ORDER BY l.sla_due_at, l.id LIMIT ?");
	db_args_int(&args, TODAY_WAITING_MAX + 1);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_args(q, &args, 1);
	while (!err && db_step(q) == DB_ROW) {
		long long left = db_col_int(q, 6);
		long long mag = left < 0 ? -left : left;
		HDF *row;

		if (n == TODAY_WAITING_MAX) {
			err = hdf_set_value(node, "More", "1");
			break;
		}
		err = render_row(node, "Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = render_set(row, "Name", db_col_text(q, 1));
		if (!err) err = render_set(row, "Company", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Tier", db_col_text(q, 3));
		if (!err) err = hdf_set_value(row, "Channel", db_col_text(q, 4));
		if (!err) err = render_set_time(req, row, "Due", db_col_text(q, 5));
		if (!err) err = hdf_set_value(row, "MinutesLeft", db_col_text(q, 6));
		/* The clock as the template shows it: days, hours, minutes. */
		if (!err) err = hdf_set_int_value(row, "Clock.Days", (int)(mag / 1440));
		if (!err) err = hdf_set_int_value(row, "Clock.Hours", (int)(mag % 1440 / 60));
		if (!err) err = hdf_set_int_value(row, "Clock.Minutes", (int)(mag % 60));
		if (!err && left < 0) {
			err = hdf_set_value(row, "Overdue", "1");
			overdue++;
		}
		if (!err) err = render_set(row, "Owner", db_col_text(q, 7));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(node, "Count", n);
	if (!err) err = hdf_set_int_value(node, "Overdue", overdue);
	return nerr_pass(err);
}

/* My leads and customers I touched last (by their last change). */
static NEOERR *today_recent(REQUEST *req, HDF *node, const char *sql)
{
	DB_STMT *q;
	int n = 0;
	NEOERR *err = db_prepare(&q, sql);

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, TODAY_RECENT_MAX);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(node, "Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = render_set(row, "Name", db_col_text(q, 1));
		if (!err) err = render_set(row, "Detail", db_col_text(q, 2));
		if (!err) err = render_set(row, "Status", db_col_text(q, 3));
		if (!err) err = render_set_time(req, row, "When", db_col_text(q, 4));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(node, "Count", n);
	return nerr_pass(err);
}

static NEOERR *today_recent_leads(REQUEST *req, HDF *node)
{
	return nerr_pass(today_recent(req, node,
		"SELECT l.id, l.name, l.company, l.status, l.updated_at FROM lead l"
		" WHERE l.owner_id = ? ORDER BY l.updated_at DESC, l.id DESC LIMIT ?"));
}

static NEOERR *today_recent_customers(REQUEST *req, HDF *node)
{
	return nerr_pass(today_recent(req, node,
		"SELECT c.id, c.name, c.industry, c.grade, c.updated_at FROM customer c"
		" WHERE c.owner_id = ? ORDER BY c.updated_at DESC, c.id DESC LIMIT ?"));
}

/* My open tasks, overdue first (the earliest due), with their deal. */
static NEOERR *today_tasks(REQUEST *req, HDF *node)
{
	int n = 0, overdue = 0;
	DB_STMT *q;
	NEOERR *err = db_prepare(&q,
		"SELECT t.id, t.title, t.deal_id, d.name, s.name, t.due_at,"
		" t.due_at < UTC_TIMESTAMP(6), t.escalation_level, t.kind, c.id, c.name"
		" FROM task t LEFT JOIN deal d ON d.id = t.deal_id LEFT JOIN stage s ON s.id = t.stage_id"
		" LEFT JOIN customer c ON c.id = COALESCE(t.customer_id, d.customer_id)"
		" WHERE t.assignee_id = ? AND t.status = 'open' ORDER BY t.due_at, t.id LIMIT ?");

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, TODAY_TASKS_MAX + 1);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		if (n == TODAY_TASKS_MAX) {
			err = hdf_set_value(node, "More", "1");
			break;
		}
		err = render_row(node, "Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = render_set(row, "Title", db_col_text(q, 1));
		if (!err) err = render_set(row, "DealId", db_col_text(q, 2));
		if (!err) err = render_set(row, "Deal", db_col_text(q, 3));
		if (!err) err = render_set(row, "Stage", db_col_text(q, 4));
		if (!err) err = render_set_time(req, row, "Due", db_col_text(q, 5));
		if (!err) err = hdf_set_value(row, "Level", db_col_text(q, 7));
		if (!err) err = hdf_set_value(row, "Kind", db_col_text(q, 8));
		if (!err) err = render_set(row, "CustomerId", db_col_text(q, 9));
		if (!err) err = render_set(row, "Customer", db_col_text(q, 10));
		if (!err && db_col_int(q, 6)) {
			err = hdf_set_value(row, "Overdue", "1");
			overdue++;
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(node, "Count", n);
	if (!err) err = hdf_set_int_value(node, "Overdue", overdue);
	return nerr_pass(err);
}

/* My open deals that stayed in their stage past its stagnation limit, the
 * longest first. */
static NEOERR *today_stale_deals(REQUEST *req, HDF *node)
{
	int n = 0;
	DB_STMT *q;
	NEOERR *err = db_prepare(&q,
		"SELECT d.id, d.name, c.name, s.name, TIMESTAMPDIFF(DAY, d.stage_entered_at, UTC_TIMESTAMP(6)),"
		" s.stagnation_hours, d.flagged"
		" FROM deal d JOIN stage s ON s.id = d.stage_id JOIN customer c ON c.id = d.customer_id"
		" WHERE d.owner_id = ? AND d.status = 'open'"
		" AND d.stage_entered_at < UTC_TIMESTAMP(6) - INTERVAL s.stagnation_hours HOUR"
		" ORDER BY d.stage_entered_at, d.id LIMIT ?");

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, TODAY_STALE_MAX + 1);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		if (n == TODAY_STALE_MAX) {
			err = hdf_set_value(node, "More", "1");
			break;
		}
		err = render_row(node, "Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = render_set(row, "Name", db_col_text(q, 1));
		if (!err) err = render_set(row, "Customer", db_col_text(q, 2));
		if (!err) err = render_set(row, "Stage", db_col_text(q, 3));
		if (!err) err = hdf_set_value(row, "Days", db_col_text(q, 4));
		if (!err) err = hdf_set_int_value(row, "LimitDays", (int)((db_col_int(q, 5) + 23) / 24));
		if (!err) err = hdf_set_value(row, "Flagged", db_col_text(q, 6));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(node, "Count", n);
	return nerr_pass(err);
}

static const struct today_section {
	const char *key;      /* Today.<key>, Lang.Today.<key> */
	const char *cap;      /* NULL: everyone */
	NEOERR *(*fill)(REQUEST *req, HDF *node);
} sections[] = {
	{ "Tasks", NULL, today_tasks },
	{ "Waiting", "lead.read", today_waiting },
	{ "StaleDeals", "deal.read", today_stale_deals },
	{ "Handoffs", NULL, handoff_put_today },   /* handoff.c (R6.2) */
	{ "RecentLeads", "lead.read", today_recent_leads },
	{ "RecentCustomers", "customer.read", today_recent_customers },
};

NEOERR *today_page(REQUEST *req)
{
	NEOERR *err = STATUS_OK;
	int k = 0;

	for (size_t i = 0; !err && i < sizeof(sections) / sizeof(sections[0]); i++) {
		HDF *node, *row;

		if (sections[i].cap && !user_can(req->user, sections[i].cap))
			continue;
		err = render_row(req->hdf, "Today.Sections", k++, &row);
		if (!err) err = hdf_set_value(row, "Key", sections[i].key);
		if (!err) err = hdf_get_node(hdf_get_obj(req->hdf, "Today"), sections[i].key, &node);
		if (!err) err = hdf_set_int_value(node, "Count", 0);
		if (!err) err = sections[i].fill(req, node);
	}
	if (!err && request_param(req, "done"))
		err = hdf_set_value(req->hdf, "Page.Flash", request_param(req, "done"));
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "today");
	req->template_name = "today.cs";
	return nerr_pass(err);
}
