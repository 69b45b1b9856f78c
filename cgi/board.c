/* board.c — the kanban funnel per pipeline, and "my tasks".
 *
 * Columns are the pipeline's stages with their counts and amounts; amounts
 * go through the field policy card by card, and a column's total adds only
 * the amounts the reader may see (the rest are counted as hidden).  Cards
 * carry advance/back buttons that POST to /deals/#/move — the same checks
 * as the deal page; static/js/board.js adds drag-and-drop on top.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "deal.h"
#include "err.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define BOARD_CARDS 30          /* cards shown per column */
#define BOARD_MAX_STAGES 20


NEOERR *board_page(REQUEST *req)
{
	long long pipeline = request_param_int(req, "pipeline", 0);
	long long stage_ids[BOARD_MAX_STAGES];
	int nstages = 0, shown[BOARD_MAX_STAGES] = { 0 }, count[BOARD_MAX_STAGES] = { 0 };
	int hidden[BOARD_MAX_STAGES] = { 0 }, stale[BOARD_MAX_STAGES] = { 0 }, seen[BOARD_MAX_STAGES] = { 0 };
	double sum[BOARD_MAX_STAGES] = { 0 };
	struct db_args args = { 0 };
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	if (!pipeline) {
		long long first = 0;

		err = db_int_query(&first, NULL, "SELECT MIN(id) FROM pipeline", NULL);
		if (err)
			return nerr_pass(err);
		pipeline = first;
	}
	err = hdf_set_int_value(req->hdf, "Board.Pipeline", (int)pipeline);
	if (!err)
		err = db_prepare(&q, "SELECT id, name, stagnation_hours, position FROM stage"
				 " WHERE pipeline_id = ? ORDER BY position");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, pipeline);
	while (!err && db_step(q) == DB_ROW && nstages < BOARD_MAX_STAGES) {
		HDF *col;

		stage_ids[nstages] = db_col_int(q, 0);
		err = render_row(req->hdf, "Board.Columns", nstages, &col);
		if (!err) err = hdf_set_value(col, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(col, "Name", db_col_text(q, 1));
		if (!err) err = hdf_set_value(col, "LimitHours", db_col_text(q, 2));
		if (!err && nstages > 0) {
			char prev[24];

			snprintf(prev, sizeof(prev), "%lld", stage_ids[nstages - 1]);
			err = hdf_set_value(col, "PrevId", prev);
		}
		nstages++;
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (err)
		return nerr_pass(err);
	if (!nstages)
		return nerr_raise(ERR_NOT_FOUND, "pipeline %lld", pipeline);
	for (int i = 0; !err && i + 1 < nstages; i++) {
		char next[24];
		HDF *col;

		snprintf(next, sizeof(next), "%lld", stage_ids[i + 1]);
		err = render_row(req->hdf, "Board.Columns", i, &col);
		if (!err) err = hdf_set_value(col, "NextId", next);
	}
	string_init(&sql);
	if (!err)
		err = string_append(&sql,
			"SELECT d.id, d.name, d.stage_id, u.display_name, d.amount, COALESCE(d.owner_id, 0), "
			POLICY_DEPTH_SQL("d.owner_id") ","
			" s.position = (SELECT MAX(s2.position) FROM stage s2 WHERE s2.pipeline_id = d.pipeline_id),"
			" TIMESTAMPDIFF(DAY, d.stage_entered_at, UTC_TIMESTAMP(6)),"
			" d.stage_entered_at < UTC_TIMESTAMP(6) - INTERVAL s.stagnation_hours HOUR, d.flagged,"
			" EXISTS (SELECT 1 FROM deal_approval a WHERE a.deal_id = d.id AND a.status = 'pending'),"
			" c.name, IF(");
	/* 13: within the reader's edit scope — only those cards get the move
	 * forms (a colleague's deal in the read scope would answer 404) */
	if (!err)
		err = user_scope_sql(req->user, req->user->edit_scope, "d.owner_id", "d.region_id", &sql, &args);
	if (!err)
		err = string_append(&sql, ", 1, 0) FROM deal d JOIN stage s ON s.id = d.stage_id"
				    " JOIN customer c ON c.id = d.customer_id"
				    " LEFT JOIN users u ON u.id = d.owner_id WHERE d.status = 'open' AND ");
	if (!err)
		err = deals_filter_sql(req, &sql, &args);
	if (!err) {
		err = string_append(&sql, " AND d.pipeline_id = ? ORDER BY s.position, d.stage_entered_at LIMIT 2000");
		db_args_int(&args, pipeline);
	}
	if (!err)
		err = db_prepare_args(&q, sql.buf, &args, 2);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	while (!err && db_step(q) == DB_ROW) {
		struct policy_subject s = { db_col_int(q, 0), db_col_int(q, 5), (int)db_col_int(q, 6),
					    (int)db_col_int(q, 7) };
		long long st = db_col_int(q, 2);
		const char *amount = db_col_text(q, 4);
		int c;
		HDF *col, *card;

		for (c = 0; c < nstages && stage_ids[c] != st; c++)
			;
		if (c == nstages)
			continue;
		count[c]++;
		if (db_col_int(q, 9))
			stale[c]++;
		if (amount) {
			if (policy_visible(req, "deal", "amount", &s)) {
				sum[c] += atof(amount);
				seen[c]++;
			}
			else
				hidden[c]++;
		}
		if (shown[c] >= BOARD_CARDS)
			continue;
		err = render_row(req->hdf, "Board.Columns", c, &col);
		if (!err) err = render_row(col, "Cards", shown[c]++, &card);
		if (!err) err = hdf_set_value(card, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(card, "Name", db_col_text(q, 1));
		if (!err) err = render_set(card, "Owner", db_col_text(q, 3));
		if (!err) err = policy_put(req, card, "Amount", "deal", "amount", &s, amount);
		if (!err) err = hdf_set_value(card, "Days", db_col_text(q, 8));
		if (!err) err = hdf_set_value(card, "Stale", db_col_text(q, 9));
		if (!err) err = hdf_set_value(card, "Flagged", db_col_text(q, 10));
		if (!err) err = hdf_set_value(card, "Pending", db_col_text(q, 11));
		if (!err) err = hdf_set_value(card, "Customer", db_col_text(q, 12));
		if (!err) err = hdf_set_value(card, "CanMove", db_col_text(q, 13));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	for (int c = 0; !err && c < nstages; c++) {
		char total[40];
		HDF *col;

		snprintf(total, sizeof(total), "%.2f", sum[c]);
		err = render_row(req->hdf, "Board.Columns", c, &col);
		if (!err) err = hdf_set_int_value(col, "Count", count[c]);
		if (!err) err = hdf_set_int_value(col, "Stale", stale[c]);
		if (!err) err = hdf_set_value(col, "Total", total);
		if (!err) err = hdf_set_int_value(col, "Hidden", hidden[c]);
		if (!err) err = hdf_set_int_value(col, "Seen", seen[c]);
		if (!err) err = hdf_set_int_value(col, "More", count[c] - shown[c]);
	}
	if (!err) err = render_id_names(req->hdf, "Choices.Pipelines", "SELECT id, name FROM pipeline ORDER BY id");
	if (!err) err = render_id_names(req->hdf, "Choices.Regions", "SELECT id, name FROM region ORDER BY code");
	if (!err) err = render_id_names(req->hdf, "Choices.Teams", "SELECT id, name FROM team ORDER BY name");
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "board");
	req->template_name = "board.cs";
	return nerr_pass(err);
}

/* GET /tasks: the reader's open tasks first, then the last done ones. */
NEOERR *tasks_mine(REQUEST *req)
{
	const char *done = request_param(req, "done");
	int n = 0;
	DB_STMT *q;
	NEOERR *err = db_prepare(&q,
		"SELECT t.id, t.title, t.deal_id, d.name, s.name, t.due_at, t.status,"
		" t.status = 'open' AND t.due_at < UTC_TIMESTAMP(6), t.escalation_level, t.done_at,"
		" t.kind, c.id, c.name"
		" FROM task t LEFT JOIN deal d ON d.id = t.deal_id LEFT JOIN stage s ON s.id = t.stage_id"
		" LEFT JOIN customer c ON c.id = COALESCE(t.customer_id, d.customer_id)"
		" WHERE t.assignee_id = ? ORDER BY t.status = 'done', t.due_at LIMIT 200");

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Tasks.Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Title", db_col_text(q, 1));
		if (!err) err = render_set(row, "DealId", db_col_text(q, 2));
		if (!err) err = render_set(row, "Deal", db_col_text(q, 3));
		if (!err) err = render_set(row, "Stage", db_col_text(q, 4));
		if (!err) err = render_set_time(req, row, "Due", db_col_text(q, 5));
		if (!err) err = hdf_set_value(row, "Status", db_col_text(q, 6));
		if (!err) err = hdf_set_value(row, "Overdue", db_col_text(q, 7));
		if (!err) err = hdf_set_value(row, "Level", db_col_text(q, 8));
		if (!err) err = render_set_time(req, row, "DoneAt", db_col_text(q, 9));
		if (!err) err = hdf_set_value(row, "Kind", db_col_text(q, 10));
		if (!err) err = render_set(row, "CustomerId", db_col_text(q, 11));
		if (!err) err = render_set(row, "Customer", db_col_text(q, 12));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(req->hdf, "Tasks.Count", n);
	/* stage exits waiting for this reader's approval */
	n = 0;
	if (!err)
		err = db_prepare(&q, "SELECT a.deal_id, d.name, s.name, u.display_name, a.requested_at"
				 " FROM deal_approval a JOIN deal d ON d.id = a.deal_id JOIN stage s ON s.id = a.stage_id"
				 " JOIN users u ON u.id = a.requested_by WHERE a.approver_id = ? AND a.status = 'pending'"
				 " ORDER BY a.requested_at LIMIT 100");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Tasks.Approvals", n++, &row);
		if (!err) err = hdf_set_value(row, "DealId", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Deal", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Stage", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "By", db_col_text(q, 3));
		if (!err) err = render_set_time(req, row, "At", db_col_text(q, 4));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && done) err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "tasks");
	req->template_name = "tasks.cs";
	return nerr_pass(err);
}

/* POST /tasks/#/done: only the assignee closes a task.  A task without a
 * deal (a customer's idle task, a success-journey task) has no deal
 * timeline; a success-journey task closes its success_task too. */
NEOERR *task_done(REQUEST *req)
{
	long long deal = 0;
	int found = 0;
	NEOERR *err = db_int_query(&deal, &found, "SELECT COALESCE(deal_id, 0) FROM task WHERE id = ?"
				   " AND assignee_id = ? AND status = 'open'", "ii", req->ids[0], req->user->id);

	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "task %lld", req->ids[0]);
	if (!err) err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE task SET status = 'done', done_at = UTC_TIMESTAMP(6) WHERE id = ?",
			       "i", req->ids[0]);
	if (!err) {
		struct audit_event ev = { "task.done", "task", req->ids[0], "status", "open", "done" };

		err = audit_log(req, &ev);
	}
	if (!err)
		err = db_execf(NULL, "UPDATE success_task st JOIN task t ON t.ref_id = st.id"
			       " AND t.kind IN ('welcome', 'health') SET st.status = 'done',"
			       " st.done_at = t.done_at WHERE t.id = ?", "i", req->ids[0]);
	if (!err && deal) err = deal_event(req, deal, "task_done", 0, 0, NULL);
	err = db_finish(err);
	if (!err) {
		const char *from = request_param(req, "from");

		err = request_redirect(req, from && !strcmp(from, "today") ? "/today?done=Saved#tasks"
				       : "/tasks?done=Saved");
	}
	return nerr_pass(err);
}
