/* review.c — review action items (R10.4) and the process self-check
 * (R10.5).
 *
 * An action item has an owner, a due date and an acceptance criterion; it
 * is created from any dashboard (a small form posting here with the page it
 * came from as `source`), listed on /reviews, and closed once with evidence
 * by its owner, its creator or someone with report.read.  Creating and
 * closing are audited; the owner is notified.  Without report.read a person
 * may only create items for themself.
 *
 * The self-check is the seed's 10-item questionnaire, each item scored 1–5;
 * the total (10–50) falls in a band: under 35 "harden the process now",
 * 35–41 "keep building", 42 and over "ready for advanced work".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "notify.h"
#include "pages.h"
#include "render.h"
#include "user.h"

#define SELFCHECK_ITEMS 10

/* Pure: the band of a self-check total: 0 below 35, 1 for 35–41, 2 from 42. */
int review_selfcheck_band(int total)
{
	return total < 35 ? 0 : total < 42 ? 1 : 2;
}

static NEOERR *review_error(REQUEST *req, const char *name, const char *key)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err) err = hdf_set_value(f, name, key);
	return nerr_pass(err);
}

/* Choices.Owners for the form: with report.read the active people in the
 * reader's read scope (and the reader), else only the reader. */
NEOERR *review_owner_choices(REQUEST *req)
{
	static const char *const names[] = { "Id", "Name" };
	HDF *row;
	NEOERR *err;

	if (user_can(req->user, "report.read")) {
		struct db_args args = { 0 };
		STRING sql;
		DB_STMT *q;

		string_init(&sql);
		err = string_append(&sql, "SELECT u.id, u.display_name FROM users u WHERE u.status = 'active' AND (u.id = ? OR ");
		db_args_int(&args, req->user->id);
		if (!err)
			err = user_scope_sql(req->user, req->user->read_scope, "u.id", "u.region_id", &sql, &args);
		if (!err)
			err = string_append(&sql, ") ORDER BY u.display_name LIMIT 500");
		if (!err)
			err = db_prepare(&q, sql.buf);
		string_clear(&sql);
		if (err)
			return nerr_pass(err);
		if (!db_bind_args(q, &args, 1)) {
			db_finalize(q);
			return nerr_raise(NERR_ASSERT, "too many scope values");
		}
		return nerr_pass(render_rows(req->hdf, "Choices.Owners", q, names, 2, NULL));
	}
	err = render_row(req->hdf, "Choices.Owners", 0, &row);
	if (!err) err = hdf_set_int_value(row, "Id", (int)req->user->id);
	if (!err) err = hdf_set_value(row, "Name", req->user->name);
	return nerr_pass(err);
}

static NEOERR *review_fill(REQUEST *req)
{
	static const char *const names[] = { "Id", "Title", "OwnerId", "Owner", "Due", "Criterion", "Source",
					     "Status", "Evidence", "Creator", "ClosedAt", "Overdue", "Mine" };
	int all = user_can(req->user, "report.read");
	DB_STMT *q;
	NEOERR *err;

	err = db_prepare(&q, "SELECT a.id, a.title, a.owner_id, o.display_name, a.due_date, a.criterion, a.source,"
			 " a.status, a.evidence, c.display_name, a.closed_at,"
			 " a.status = 'open' AND a.due_date < UTC_DATE(), a.owner_id = ? OR a.created_by = ?"
			 " FROM review_action a JOIN users o ON o.id = a.owner_id JOIN users c ON c.id = a.created_by"
			 " WHERE (? OR a.owner_id = ? OR a.created_by = ?)"
			 " ORDER BY a.status = 'closed', a.due_date, a.id LIMIT 200");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, req->user->id);
	db_bind_int(q, 3, all);
	db_bind_int(q, 4, req->user->id);
	db_bind_int(q, 5, req->user->id);
	err = render_rows(req->hdf, "Review.Items", q, names, 13, NULL);
	if (!err)
		err = review_owner_choices(req);
	if (!err && all) {
		err = db_prepare(&q, "SELECT answers, total, created_at FROM self_check WHERE user_id = ?"
				 " ORDER BY id DESC LIMIT 1");
		if (err)
			return nerr_pass(err);
		db_bind_int(q, 1, req->user->id);
		if (db_step(q) == DB_ROW) {
			const char *answers = db_col_text(q, 0);
			int total = (int)db_col_int(q, 1);

			err = hdf_set_int_value(req->hdf, "Review.Check.Total", total);
			if (!err) err = hdf_set_int_value(req->hdf, "Review.Check.Band", review_selfcheck_band(total));
			if (!err) err = render_set_time(req, hdf_get_obj(req->hdf, "Review.Check"), "At", db_col_text(q, 2));
			for (int i = 0; !err && answers && i < SELFCHECK_ITEMS && answers[i]; i++) {
				HDF *row;

				err = render_row(req->hdf, "Review.Check.Answers", i, &row);
				if (!err) err = hdf_set_int_value(row, "Score", answers[i] - '0');
			}
		}
		if (err) {
			db_finalize(q);
			return nerr_pass(err);
		}
		err = db_finalize(q);
	}
	if (!err) err = hdf_set_int_value(req->hdf, "Review.CanCheck", all);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "reviews");
	req->template_name = "reviews.cs";
	return nerr_pass(err);
}

/* GET /reviews */
NEOERR *review_list(REQUEST *req)
{
	return nerr_pass(review_fill(req));
}

/* POST /reviews: title, owner, due, criterion, source */
NEOERR *review_create(REQUEST *req)
{
	const char *title = request_param(req, "title");
	const char *due = request_param(req, "due");
	const char *criterion = request_param(req, "criterion");
	const char *source = request_param(req, "source");
	long long owner = request_param_int(req, "owner", 0), found = 0;
	unsigned long long id = 0;
	int bad = req->param_errors, c = 0;
	char what[80], where[48];
	NEOERR *err = STATUS_OK;

	if (owner && !user_can(req->user, "report.read") && owner != req->user->id) {
		err = review_error(req, "owner", "Review.OwnSelf");
		bad++;
	} else if (owner) {
		HDF *o;

		found = 0;
		err = review_owner_choices(req);
		for (o = hdf_get_child(req->hdf, "Choices.Owners"); !err && o; o = hdf_obj_next(o))
			if (atoll(hdf_get_value(o, "Id", "0")) == owner)
				found = 1;
		if (!err)
			err = hdf_remove_tree(req->hdf, "Choices.Owners");
		if (!err && !found) {
			err = review_error(req, "owner", "Valid.Unknown");
			bad++;
		}
	}
	if (!err && due && !hdf_get_value(req->hdf, "Form.Errors.due", NULL)) {
		long long past = 0;

		err = db_int_query(&past, NULL, "SELECT ? < UTC_DATE()", "t", due);
		if (!err && past) {
			err = review_error(req, "due", "Review.DuePast");
			bad++;
		}
	}
	if (err)
		return nerr_pass(err);
	if (bad || !title || !due || !criterion || !owner) {
		req->status = 400;
		return nerr_pass(review_fill(req));
	}
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO review_action (title, owner_id, due_date, criterion, source,"
			       " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))", "tittti",
			       title, owner, due, criterion, source, req->user->id);
	snprintf(what, sizeof(what), "owner=%lld due=%s", owner, due);
	if (!err) {
		struct audit_event ev = { "review.create", "review_action", (long long)id, NULL, NULL, what };

		err = audit_log(req, &ev);
	}
	if (!err && owner != req->user->id) {
		char key[40];

		snprintf(key, sizeof(key), "review:%llu", id);
		err = notify_user(owner, "review_action", key, "review_action", (long long)id, title, &c);
	}
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	snprintf(where, sizeof(where), "/reviews?done=Created#item-%llu", id);
	return nerr_pass(request_redirect(req, where));
}

/* POST /reviews/#/close: evidence */
NEOERR *review_close(REQUEST *req)
{
	long long id = req->ids[0];
	const char *evidence = request_param(req, "evidence");
	long long owner = 0, creator = 0;
	char status[8] = "";
	int found = 0;
	DB_STMT *q;
	NEOERR *err;

	err = db_begin();
	if (!err)
		err = db_prepare(&q, "SELECT owner_id, created_by, status FROM review_action WHERE id = ? FOR UPDATE");
	if (!err) {
		db_bind_int(q, 1, id);
		if (db_step(q) == DB_ROW) {
			found = 1;
			owner = db_col_int(q, 0);
			creator = db_col_int(q, 1);
			snprintf(status, sizeof(status), "%s", db_col_text(q, 2));
		}
		err = db_finalize(q);
	}
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "review action %lld", id);
	if (!err && owner != req->user->id && creator != req->user->id && !user_can(req->user, "report.read"))
		err = nerr_raise(ERR_NOT_FOUND, "review action %lld", id);   /* not theirs: not there */
	if (!err && strcmp(status, "open"))
		err = nerr_raise(ERR_CONFLICT, "review action %lld is closed", id);
	if (!err && (req->param_errors || !evidence || !*evidence)) {
		db_rollback();
		if (!hdf_get_value(req->hdf, "Form.Errors.evidence", NULL))
			err = review_error(req, "evidence", "Review.EvidenceNeeded");
		if (!err) err = hdf_set_int_value(req->hdf, "Review.Closing", (int)id);
		req->status = 400;
		if (!err) err = review_fill(req);
		return nerr_pass(err);
	}
	if (!err)
		err = db_execf(NULL, "UPDATE review_action SET status = 'closed', evidence = ?, closed_by = ?,"
			       " closed_at = UTC_TIMESTAMP(6) WHERE id = ?", "tii", evidence, req->user->id, id);
	if (!err) {
		struct audit_event ev = { "review.close", "review_action", id, "status", "open", "closed" };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/reviews?done=Closed");
	return nerr_pass(err);
}

/* POST /reviews/selfcheck: q1 … q10, each 1–5 */
NEOERR *review_selfcheck(REQUEST *req)
{
	char answers[SELFCHECK_ITEMS + 1], what[40];
	int total = 0, bad = req->param_errors;
	unsigned long long id = 0;
	NEOERR *err = STATUS_OK;

	for (int i = 0; !err && i < SELFCHECK_ITEMS; i++) {
		char name[16];
		long long v;

		snprintf(name, sizeof(name), "q%d", i + 1);
		v = request_param_int(req, name, 0);
		if (v < 1 || v > 5) {
			err = review_error(req, name, "Review.OneToFive");
			bad++;
			answers[i] = '0';
		} else {
			answers[i] = (char)('0' + v);
			total += (int)v;
		}
	}
	answers[SELFCHECK_ITEMS] = '\0';
	if (err)
		return nerr_pass(err);
	if (bad) {
		req->status = 400;
		return nerr_pass(review_fill(req));
	}
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO self_check (user_id, answers, total, created_at)"
			       " VALUES (?, ?, ?, UTC_TIMESTAMP(6))", "iti", req->user->id, answers, (long long)total);
	snprintf(what, sizeof(what), "answers=%s total=%d", answers, total);
	if (!err) {
		struct audit_event ev = { "selfcheck.submit", "self_check", (long long)id, NULL, NULL, what };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/reviews?done=Checked#selfcheck");
	return nerr_pass(err);
}
