/* customers.c — customers (accounts): list, page, actions. */
#include <stdio.h>
#include <string.h>

#include "activity.h"
#include "audit.h"
#include "complaint.h"
#include "grading.h"
#include "credibility.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define CUSTOMER_PAGE 50

NEOERR *customers_list(REQUEST *req)
{
	const char *text = request_param(req, "q");
	long long page = request_param_int(req, "page", 1);
	int n = 0;
	char like[220];
	struct db_args args = { 0 };
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	err = string_append(&sql,
		"SELECT c.id, c.name, c.industry, g.name, u.display_name, c.grade,"
		" (SELECT COUNT(*) FROM deal d WHERE d.customer_id = c.id),"
		" (SELECT MAX(a.at) FROM activity a WHERE a.customer_id = c.id)"
		" FROM customer c LEFT JOIN region g ON g.id = c.region_id"
		" LEFT JOIN users u ON u.id = c.owner_id WHERE ");
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "c.owner_id", "c.region_id",
				     &sql, &args);
	if (!err && text) {
		db_like_pattern(text, like, sizeof(like));
		err = string_append(&sql, " AND c.name LIKE ?");
		db_args_text(&args, like);
	}
	if (!err)
		err = string_append(&sql, " ORDER BY c.id DESC LIMIT ? OFFSET ?");
	db_args_int(&args, CUSTOMER_PAGE + 1);
	db_args_int(&args, (page - 1) * CUSTOMER_PAGE);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_args(q, &args, 1);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		if (n == CUSTOMER_PAGE) {
			err = hdf_set_int_value(req->hdf, "Pager.Next", (int)page + 1);
			break;
		}
		err = render_row(req->hdf, "Customers.Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		if (!err) err = render_set(row, "Industry", db_col_text(q, 2));
		if (!err) err = render_set(row, "Region", db_col_text(q, 3));
		if (!err) err = render_set(row, "Owner", db_col_text(q, 4));
		if (!err) err = render_set(row, "Grade", db_col_text(q, 5));
		if (!err) err = hdf_set_value(row, "Deals", db_col_text(q, 6));
		if (!err) err = render_set_time(req, row, "LastActivity", db_col_text(q, 7));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(req->hdf, "Customers.Count", n);
	if (!err && page > 1) err = hdf_set_int_value(req->hdf, "Pager.Prev", (int)page - 1);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "customers");
	req->template_name = "customers.cs";
	return nerr_pass(err);
}

/* Is customer id in the reader's (edit: editor's) scope? */
static NEOERR *customer_scoped(REQUEST *req, long long id, int edit)
{
	struct db_args scope = { 0 };
	long long v = 0;
	int found = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	err = string_append(&sql, "SELECT c.id FROM customer c WHERE c.id = ? AND ");
	if (!err)
		err = user_scope_sql(req->user, edit ? req->user->edit_scope : req->user->read_scope,
				     "c.owner_id", "c.region_id", &sql, &scope);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, id);
	db_bind_args(q, &scope, 2);
	if (db_step(q) == DB_ROW) {
		found = 1;
		v = db_col_int(q, 0);
	}
	err = db_finalize(q);
	if (!err && (!found || v != id))
		err = nerr_raise(ERR_NOT_FOUND, "customer %lld not in scope", id);
	return nerr_pass(err);
}

NEOERR *customer_detail(REQUEST *req)
{
	struct policy_subject subj = { 0, 0, -1, 0 };
	long long id = req->ids[0];
	const char *done = request_param(req, "done");
	size_t nk;
	const char *const *kinds = activity_kinds(&nk);
	DB_STMT *q;
	HDF *d;
	int n = 0;
	NEOERR *err;

	err = customer_scoped(req, id, 0);
	if (!err) err = hdf_get_node(req->hdf, "Customer", &d);
	if (!err)
		err = db_prepare(&q, "SELECT c.id, c.name, c.industry, g.name, c.region_code,"
				 " u.display_name, c.phone, c.email, c.grade, c.created_at, c.budget,"
				 " c.bank_account, COALESCE(c.owner_id, 0), "
				 POLICY_DEPTH_SQL("c.owner_id") ","
				 " EXISTS (SELECT 1 FROM deal d JOIN stage s ON s.id = d.stage_id"
				 "  WHERE d.customer_id = c.id AND s.position = (SELECT MAX(s2.position)"
				 "  FROM stage s2 WHERE s2.pipeline_id = s.pipeline_id))"
				 " FROM customer c LEFT JOIN region g ON g.id = c.region_id"
				 " LEFT JOIN users u ON u.id = c.owner_id WHERE c.id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, id);
	if (db_step(q) == DB_ROW) {
		static const char *const names[] = {
			"Id", "Name", "Industry", "Region", "RegionCode", "Owner", NULL, NULL, "Grade",
		};

		subj.object_id = id;
		subj.owner_id = db_col_int(q, 12);
		subj.depth = (int)db_col_int(q, 13);
		subj.signed_deal = (int)db_col_int(q, 14);
		for (int i = 0; !err && i < 9; i++)
			if (names[i])
				err = render_set(d, names[i], db_col_text(q, i));
		if (!err) err = render_set_time(req, d, "Created", db_col_text(q, 9));
		/* Sensitive fields only through the field policy. */
		if (!err) err = policy_put(req, d, "Phone", "customer", "phone", &subj, db_col_text(q, 6));
		if (!err) err = policy_put(req, d, "Email", "customer", "email", &subj, db_col_text(q, 7));
		if (!err) err = policy_put(req, d, "Budget", "customer", "budget", &subj, db_col_text(q, 10));
		if (!err) err = policy_put(req, d, "BankAccount", "customer", "bank_account", &subj,
					   db_col_text(q, 11));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err)
		err = db_prepare(&q, "SELECT name, title, phone, email, is_key, decision_maker, id"
				 " FROM contact WHERE customer_id = ? ORDER BY is_key DESC, id");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Customer.Contacts", n++, &row);
		struct policy_subject ks = { db_col_int(q, 6), subj.owner_id, subj.depth, subj.signed_deal };

		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 0));
		if (!err) err = policy_put(req, row, "Title", "contact", "title", &ks, db_col_text(q, 1));
		if (!err) err = policy_put(req, row, "Phone", "contact", "phone", &ks, db_col_text(q, 2));
		if (!err) err = policy_put(req, row, "Email", "contact", "email", &ks, db_col_text(q, 3));
		if (!err) err = hdf_set_value(row, "Key", db_col_text(q, 4));
		if (!err) err = hdf_set_value(row, "DecisionMaker", db_col_text(q, 5));
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 6));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	n = 0;
	if (!err)
		err = db_prepare(&q, "SELECT d.id, d.name, s.name, p.name, d.amount, d.stage_entered_at,"
				 " u.display_name, COALESCE(d.owner_id, 0), " POLICY_DEPTH_SQL("d.owner_id") ","
				 " s.position = (SELECT MAX(s2.position) FROM stage s2 WHERE s2.pipeline_id = d.pipeline_id)"
				 " FROM deal d JOIN stage s ON s.id = d.stage_id"
				 " JOIN pipeline p ON p.id = d.pipeline_id"
				 " LEFT JOIN users u ON u.id = d.owner_id WHERE d.customer_id = ? ORDER BY d.id");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, id);
	while (!err && db_step(q) == DB_ROW) {
		struct policy_subject ds = { db_col_int(q, 0), db_col_int(q, 7), (int)db_col_int(q, 8),
					     (int)db_col_int(q, 9) };
		HDF *row;

		err = render_row(req->hdf, "Customer.Deals", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Stage", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Pipeline", db_col_text(q, 3));
		if (!err) err = policy_put(req, row, "Amount", "deal", "amount", &ds, db_col_text(q, 4));
		if (!err) err = render_set_time(req, row, "Since", db_col_text(q, 5));
		if (!err) err = render_set(row, "Owner", db_col_text(q, 6));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	for (size_t i = 0; !err && i < nk; i++) {
		HDF *row;

		if (!strcmp(kinds[i], "visit_record"))
			continue;
		err = render_row(req->hdf, "Kinds", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", kinds[i]);
	}
	if (!err && user_can(req->user, "customer.edit")) {
		NEOERR *scope = customer_scoped(req, id, 1);

		if (!scope)
			err = hdf_set_value(req->hdf, "Customer.CanEdit", "1");
		else if (nerr_match(scope, ERR_NOT_FOUND))
			nerr_ignore(&scope);
		else
			err = scope;
	}
	if (!err) err = activity_fill(req, "Customer.Activities", 0, id);
	if (!err) err = credibility_frozen_note(req, 0, id);
	if (!err) err = complaint_fill(req, "Customer.Sensitive", id);
	if (!err) err = grading_fill(req, "Customer.Score", id);
	if (!err && user_can(req->user, "admin.config"))
		err = hdf_set_value(req->hdf, "Customer.CanSetPotential", "1");
	if (!err) err = activity_history(req, "Customer.History", "customer", id, &subj);
	if (!err && done) err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "customer");
	req->template_name = "customer.cs";
	return nerr_pass(err);
}

static NEOERR *customer_back(REQUEST *req, long long id)
{
	char path[80];

	snprintf(path, sizeof(path), "/customers/%lld?done=Recorded", id);
	return nerr_pass(request_redirect(req, path));
}

NEOERR *customer_action(REQUEST *req)
{
	const char *kind = request_param(req, "kind");
	long long minutes = request_param_int(req, "duration_min", 0);
	NEOERR *err;

	if (!activity_kind_ok(kind) || !strcmp(kind, "visit_record"))
		return nerr_raise(ERR_BAD_REQUEST, "unknown action");
	err = customer_scoped(req, req->ids[0], 1);
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	err = activity_record(req, kind, 0, req->ids[0], minutes * 60, NULL, NULL, NULL);
	err = db_finish(err);
	if (!err)
		err = customer_back(req, req->ids[0]);
	return nerr_pass(err);
}

NEOERR *customer_visit(REQUEST *req)
{
	const char *need = request_param(req, "core_need");
	const char *next = request_param(req, "next_step");
	NEOERR *err = customer_scoped(req, req->ids[0], 1);

	if (err)
		return nerr_pass(err);
	if (!need || !next || req->param_errors) {
		HDF *f;

		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err && !need && !hdf_get_value(f, "core_need", NULL))
			err = hdf_set_value(f, "core_need", "Valid.Required");
		if (!err && !next && !hdf_get_value(f, "next_step", NULL))
			err = hdf_set_value(f, "next_step", "Valid.Required");
		if (!err)
			err = customer_detail(req);
		req->status = 400;
		return nerr_pass(err);
	}
	err = db_begin();
	if (err)
		return nerr_pass(err);
	err = activity_record(req, "visit_record", 0, req->ids[0], 0, need, next,
			      request_param(req, "detail"));
	err = db_finish(err);
	if (!err)
		err = customer_back(req, req->ids[0]);
	return nerr_pass(err);
}

/* POST /customers/#/commitment: the service commitment to a
 * process-sensitive customer is confirmed (R7.4); releases the lock on
 * its deals until the next complaint. */
NEOERR *customer_commitment(REQUEST *req)
{
	const char *text = request_param(req, "commitment");
	long long open = 0;
	int found = 0;
	NEOERR *err = customer_scoped(req, req->ids[0], 1);

	if (err)
		return nerr_pass(err);
	if (!text || req->param_errors) {
		HDF *f;

		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err && !hdf_get_value(f, "commitment", NULL))
			err = hdf_set_value(f, "commitment", "Valid.Required");
		if (!err)
			err = customer_detail(req);
		req->status = 400;
		return nerr_pass(err);
	}
	err = db_begin();
	if (!err)
		err = db_int_query(&open, &found, "SELECT confirmed_at IS NULL FROM customer_sensitivity"
				   " WHERE customer_id = ? FOR UPDATE", "i", req->ids[0]);
	if (!err && (!found || !open))
		err = nerr_raise(ERR_CONFLICT, "customer %lld: no commitment pending", req->ids[0]);
	if (!err)
		err = db_execf(NULL, "UPDATE customer_sensitivity SET confirmed_at = UTC_TIMESTAMP(6),"
			       " confirmed_by = ?, commitment = ? WHERE customer_id = ?", "iti",
			       req->user->id, text, req->ids[0]);
	if (!err) {
		struct audit_event ev = { "customer.commitment", "customer", req->ids[0],
					  "service_commitment", NULL, text };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err) {
		char path[80];

		snprintf(path, sizeof(path), "/customers/%lld?done=Committed", req->ids[0]);
		err = request_redirect(req, path);
	}
	return nerr_pass(err);
}

/* Contacts of the customers the reader may see. */
NEOERR *contacts_list(REQUEST *req)
{
	const char *text = request_param(req, "q");
	long long page = request_param_int(req, "page", 1);
	int n = 0;
	char like[220];
	struct db_args args = { 0 };
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	err = string_append(&sql,
		"SELECT k.id, k.name, k.title, k.phone, k.email, k.is_key, c.id, c.name,"
		" COALESCE(c.owner_id, 0), " POLICY_DEPTH_SQL("c.owner_id")
		" FROM contact k JOIN customer c ON c.id = k.customer_id WHERE ");
	db_args_int(&args, req->user->id);
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "c.owner_id", "c.region_id",
				     &sql, &args);
	if (!err && text) {
		db_like_pattern(text, like, sizeof(like));
		err = string_append(&sql, " AND (k.name LIKE ? OR c.name LIKE ?)");
		db_args_text(&args, like);
		db_args_text(&args, like);
	}
	if (!err)
		err = string_append(&sql, " ORDER BY k.id DESC LIMIT ? OFFSET ?");
	db_args_int(&args, CUSTOMER_PAGE + 1);
	db_args_int(&args, (page - 1) * CUSTOMER_PAGE);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_args(q, &args, 1);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		if (n == CUSTOMER_PAGE) {
			err = hdf_set_int_value(req->hdf, "Pager.Next", (int)page + 1);
			break;
		}
		err = render_row(req->hdf, "Contacts.Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		struct policy_subject ks = { db_col_int(q, 0), db_col_int(q, 8), (int)db_col_int(q, 9), 0 };

		if (!err) err = policy_put(req, row, "Title", "contact", "title", &ks, db_col_text(q, 2));
		if (!err) err = policy_put(req, row, "Phone", "contact", "phone", &ks, db_col_text(q, 3));
		if (!err) err = policy_put(req, row, "Email", "contact", "email", &ks, db_col_text(q, 4));
		if (!err) err = hdf_set_value(row, "Key", db_col_text(q, 5));
		if (!err) err = hdf_set_value(row, "CustomerId", db_col_text(q, 6));
		if (!err) err = hdf_set_value(row, "Customer", db_col_text(q, 7));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(req->hdf, "Contacts.Count", n);
	if (!err && page > 1) err = hdf_set_int_value(req->hdf, "Pager.Prev", (int)page - 1);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "contacts");
	req->template_name = "contacts.cs";
	return nerr_pass(err);
}

/* Reveal one masked field of a customer for this response (audited). */
NEOERR *customer_reveal(REQUEST *req)
{
	NEOERR *err = customer_scoped(req, req->ids[0], 0);

	if (!err)
		err = policy_reveal_request(req, "customer", req->ids[0]);
	if (!err)
		err = customer_detail(req);
	return nerr_pass(err);
}
