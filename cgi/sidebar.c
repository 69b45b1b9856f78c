/* sidebar.c — one customer, compact, for a WeCom / DingTalk sidebar or any
 * in-app browser (issue 11): stage, one-tap actions, the last few entries.
 *
 * Another face of the customer page, not a second implementation: the page
 * is customer_detail()'s data (scope, field policy) in sidebar.cs, and a tap
 * is customer_action() (scope, activity_record with time, person, customer
 * and address, audit) that comes back here instead of to the full page.
 * The customer's open deals (those the reader may see) come with their
 * stage and the unmet action locks of that stage: deal_scoped() and
 * deal_evaluate(), exactly what the deal page and every move use, listed by
 * deal_macros.cs's unmet_list like on the deal page, each item linking to
 * the place on the deal page where it is done.  The amount goes through
 * the field policy (deal_subject, as on the deal page).
 * Deep links (/customers/N/sidebar) survive the sign-in: the guard sends
 * the person to /login?next=… and back.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "deal.h"
#include "err.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define SIDEBAR_DEALS 5

/* One open deal: Sidebar.Deals.N.{Id, Name, Stage, Amount, Since, IsLast,
 * Locks.M, LockCount}. */
static NEOERR *sidebar_deal(REQUEST *req, const struct deal_row *d, HDF *row)
{
	struct dealrule rules[DEAL_MAX_RULES];
	struct dealrule_facts facts;
	struct dealrule_unmet unmet[DEAL_MAX_RULES + 1];
	struct policy_subject subj;
	int nrules = 0, nunmet = 0;
	DB_STMT *q;
	NEOERR *err;

	deal_subject(d, &subj);
	err = db_prepare(&q, "SELECT d.name, p.name, d.amount, d.stage_entered_at FROM deal d"
			 " JOIN pipeline p ON p.id = d.pipeline_id WHERE d.id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->id);
	if (db_step(q) == DB_ROW) {
		err = render_set(row, "Name", db_col_text(q, 0));
		if (!err) err = render_set(row, "Pipeline", db_col_text(q, 1));
		if (!err) err = policy_put(req, row, "Amount", "deal", "amount", &subj, db_col_text(q, 2));
		if (!err) err = render_set_time(req, row, "Since", db_col_text(q, 3));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) {
		char id[24];

		snprintf(id, sizeof(id), "%lld", d->id);
		err = hdf_set_value(row, "Id", id);
	}
	if (!err) err = render_set(row, "Stage", d->stage_name);
	if (!err) err = hdf_set_int_value(row, "IsLast", d->position == d->last_position);
	if (!err)
		err = deal_evaluate(d, rules, &nrules, &facts, unmet, DEAL_MAX_RULES + 1, &nunmet);
	if (!err) err = deal_put_unmet(row, "Locks", unmet, nunmet);
	if (!err) err = hdf_set_int_value(row, "LockCount", nunmet);
	return nerr_pass(err);
}

/* The customer's open deals in the reader's deal scope, oldest first. */
static NEOERR *sidebar_deals(REQUEST *req, long long customer_id)
{
	long long ids[SIDEBAR_DEALS];
	int n = 0, k = 0;
	DB_STMT *q;
	NEOERR *err;

	if (!user_can(req->user, "deal.read"))
		return STATUS_OK;
	err = db_prepare(&q, "SELECT id FROM deal WHERE customer_id = ? AND status = 'open' ORDER BY id LIMIT ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, customer_id);
	db_bind_int(q, 2, SIDEBAR_DEALS);
	while (db_step(q) == DB_ROW && n < SIDEBAR_DEALS)
		ids[n++] = db_col_int(q, 0);
	err = db_finalize(q);
	for (int i = 0; !err && i < n; i++) {
		struct deal_row d;
		HDF *row;

		err = deal_scoped(req, ids[i], 0, &d);
		if (err && nerr_match(err, ERR_NOT_FOUND)) {
			nerr_ignore(&err);
			continue;
		}
		if (!err) err = render_row(req->hdf, "Sidebar.Deals", k++, &row);
		if (!err) err = sidebar_deal(req, &d, row);
	}
	if (!err) err = hdf_set_int_value(req->hdf, "Sidebar.DealCount", k);
	return nerr_pass(err);
}

NEOERR *sidebar_page(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = customer_detail(req);

	if (!err)
		err = sidebar_deals(req, req->ids[0]);
	/* The full page's flash comes from its own "done"; ours is the same. */
	if (!err && done)
		err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err)
		err = hdf_set_value(req->hdf, "Page.Name", "sidebar");
	req->template_name = "sidebar.cs";
	return nerr_pass(err);
}

NEOERR *sidebar_action(REQUEST *req)
{
	char path[80];
	NEOERR *err = customer_action(req);

	if (err || req->status != 303)
		return nerr_pass(err);
	/* Back to the sidebar, not to the full customer page. */
	string_clear(&req->headers);
	string_init(&req->headers);
	snprintf(path, sizeof(path), "/customers/%lld/sidebar?done=Recorded", req->ids[0]);
	return nerr_pass(request_redirect(req, path));
}
