/* deals.c — the deal list, a deal's page and timeline, and the moves
 * between stages with their action locks, approvals and regressions.
 *
 * Every move goes through deal_move(): only the next stage forward, and
 * only when dealrule_evaluate() finds nothing unmet; any earlier stage back,
 * by the owner or a manager above them, with a reason.  Refusals, moves,
 * approvals and regressions are audited and written to the deal's timeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "audit.h"
#include "complaint.h"
#include "db.h"
#include "deal.h"
#include "success.h"
#include "foureyes.h"
#include "err.h"
#include "pages.h"
#include "handoff.h"
#include "policy.h"
#include "render.h"
#include "route.h"
#include "user.h"

#define DEAL_PAGE 50

NEOERR *deal_scoped(REQUEST *req, long long id, int edit, struct deal_row *d)
{
	struct db_args scope = { 0 };
	int found = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	memset(d, 0, sizeof(*d));
	string_init(&sql);
	err = string_append(&sql,
		"SELECT d.id, d.customer_id, d.pipeline_id, d.stage_id, COALESCE(d.owner_id, 0),"
		" COALESCE(d.region_id, 0), COALESCE(o.manager_id, 0), s.position,"
		" (SELECT MAX(s2.position) FROM stage s2 WHERE s2.pipeline_id = d.pipeline_id),"
		" s.stagnation_hours, s.needs_approval, d.regressions, d.flagged, d.status,"
		" d.stage_entered_at, s.name, " POLICY_DEPTH_SQL("d.owner_id")
		" FROM deal d JOIN stage s ON s.id = d.stage_id"
		" LEFT JOIN users o ON o.id = d.owner_id WHERE d.id = ? AND ");
	if (!err)
		err = user_scope_sql(req->user, edit ? req->user->edit_scope : req->user->read_scope,
				     "d.owner_id", "d.region_id", &sql, &scope);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, id);
	db_bind_args(q, &scope, 3);
	if (db_step(q) == DB_ROW) {
		found = 1;
		d->id = db_col_int(q, 0);
		d->customer_id = db_col_int(q, 1);
		d->pipeline_id = db_col_int(q, 2);
		d->stage_id = db_col_int(q, 3);
		d->owner_id = db_col_int(q, 4);
		d->region_id = db_col_int(q, 5);
		d->owner_manager_id = db_col_int(q, 6);
		d->position = (int)db_col_int(q, 7);
		d->last_position = (int)db_col_int(q, 8);
		d->stagnation_hours = (int)db_col_int(q, 9);
		d->needs_approval = (int)db_col_int(q, 10);
		d->regressions = (int)db_col_int(q, 11);
		d->flagged = (int)db_col_int(q, 12);
		snprintf(d->status, sizeof(d->status), "%s", db_col_text(q, 13));
		snprintf(d->stage_entered_at, sizeof(d->stage_entered_at), "%s", db_col_text(q, 14));
		snprintf(d->stage_name, sizeof(d->stage_name), "%s", db_col_text(q, 15));
		d->depth = (int)db_col_int(q, 16);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "deal %lld not in scope", id);
	return nerr_pass(err);
}

void deal_subject(const struct deal_row *d, struct policy_subject *s)
{
	s->object_id = d->id;
	s->owner_id = d->owner_id;
	s->depth = d->depth;
	s->signed_deal = d->position == d->last_position;
}

static void rule_from_row(DB_STMT *q, int c, struct dealrule *r)
{
	memset(r, 0, sizeof(*r));
	r->kind = dealrule_kind_parse(db_col_text(q, c));
	snprintf(r->field, sizeof(r->field), "%s", db_col_text(q, c + 1) ? db_col_text(q, c + 1) : "");
	r->min_count = db_col_int(q, c + 2);
	snprintf(r->types, sizeof(r->types), "%s", db_col_text(q, c + 3) ? db_col_text(q, c + 3) : "");
	r->max_kb = db_col_int(q, c + 4);
	r->min_pages = db_col_int(q, c + 5);
	snprintf(r->label, sizeof(r->label), "%s", db_col_text(q, c + 6));
}

NEOERR *deal_attachment_rule(long long stage_id, const char *kind, struct dealrule *r,
			     int *found)
{
	DB_STMT *q;
	NEOERR *err = db_prepare(&q, "SELECT kind, field, min_count, types, max_kb, min_pages, label"
				 " FROM stage_rule WHERE stage_id = ? AND kind = 'attachment'"
				 " AND field = ? ORDER BY id LIMIT 1");

	*found = 0;
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, stage_id);
	db_bind_text(q, 2, kind);
	if (db_step(q) == DB_ROW) {
		rule_from_row(q, 0, r);
		*found = 1;
	}
	return nerr_pass(db_finalize(q));
}

NEOERR *deal_evaluate(const struct deal_row *d, struct dealrule *rules, int *nrules,
		      struct dealrule_facts *f, struct dealrule_unmet *unmet, int max, int *nunmet)
{
	DB_STMT *q;
	NEOERR *err;

	*nrules = 0;
	memset(f, 0, sizeof(*f));
	err = db_prepare(&q, "SELECT kind, field, min_count, types, max_kb, min_pages, label"
			 " FROM stage_rule WHERE stage_id = ? ORDER BY id");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->stage_id);
	while (db_step(q) == DB_ROW && *nrules < DEAL_MAX_RULES)
		rule_from_row(q, 0, &rules[(*nrules)++]);
	err = db_finalize(q);
	if (!err)
		err = db_prepare(&q,
			"SELECT d.budget_confirmed, d.amount IS NOT NULL AND d.amount > 0,"
			" (SELECT COUNT(*) FROM contact c WHERE c.customer_id = d.customer_id AND c.decision_maker = 1),"
			" (SELECT COUNT(*) FROM contact c WHERE c.customer_id = d.customer_id AND c.is_key = 1),"
			" (SELECT COUNT(*) FROM activity a WHERE a.customer_id = d.customer_id"
			"   AND a.at >= d.stage_entered_at AND a.kind = 'called' AND a.duration_sec >= 180),"
			" (SELECT COUNT(*) FROM activity a WHERE a.customer_id = d.customer_id"
			"   AND a.at >= d.stage_entered_at AND a.kind = 'message'),"
			" (SELECT COUNT(*) FROM activity a WHERE a.customer_id = d.customer_id"
			"   AND a.at >= d.stage_entered_at AND a.kind IN ('visited', 'visit_record')),"
			" (SELECT COUNT(*) FROM checklist_item i WHERE i.stage_id = d.stage_id),"
			" (SELECT COUNT(*) FROM checklist_item i LEFT JOIN deal_check k"
			"   ON k.item_id = i.id AND k.deal_id = d.id WHERE i.stage_id = d.stage_id"
			"   AND (k.deal_id IS NULL OR (i.evidence = 'mandatory' AND k.attachment_id IS NULL)"
			"   OR (i.needs_approval = 1 AND k.approval <> 'approved'))),"
			" COALESCE((SELECT CASE a.status WHEN 'pending' THEN 1 WHEN 'approved' THEN 2 ELSE 3 END"
			"   FROM deal_approval a WHERE a.deal_id = d.id AND a.stage_id = d.stage_id"
			"   AND a.requested_at >= d.stage_entered_at ORDER BY a.id DESC LIMIT 1), 0),"
			" COALESCE((SELECT IF(cs.confirmed_at IS NULL, 1, 2) FROM customer_sensitivity cs"
			"   WHERE cs.customer_id = d.customer_id), 0)"
			" FROM deal d WHERE d.id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->id);
	if (db_step(q) == DB_ROW) {
		f->budget_confirmed = (int)db_col_int(q, 0);
		f->amount_set = (int)db_col_int(q, 1);
		f->decision_makers = (int)db_col_int(q, 2);
		f->key_contacts = (int)db_col_int(q, 3);
		f->calls_3min = (int)db_col_int(q, 4);
		f->messages = (int)db_col_int(q, 5);
		f->visits = (int)db_col_int(q, 6);
		f->checklist_total = (int)db_col_int(q, 7);
		f->checklist_open = (int)db_col_int(q, 8);
		f->approval = (int)db_col_int(q, 9);
		f->service_commitment = (int)db_col_int(q, 10);
	}
	f->needs_approval = d->needs_approval;
	err = db_finalize(q);
	if (!err)
		/* a technical agreement waiting for its second person (or
		 * rejected) does not count */
		err = db_prepare(&q, "SELECT kind, mime, size, COALESCE(pages, -1) FROM attachment"
				 " WHERE deal_id = ? AND stage_id = ? AND" FOUREYES_FILE_IN_FORCE("attachment")
				 " ORDER BY id DESC LIMIT 64");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->id);
	db_bind_int(q, 2, d->stage_id);
	while (db_step(q) == DB_ROW && f->nfiles < DEALRULE_MAX_FILES) {
		struct dealrule_file *x = &f->files[f->nfiles++];

		snprintf(x->kind, sizeof(x->kind), "%s", db_col_text(q, 0));
		snprintf(x->mime, sizeof(x->mime), "%s", db_col_text(q, 1));
		x->size = db_col_int(q, 2);
		x->pages = db_col_int(q, 3);
	}
	err = db_finalize(q);
	if (!err)
		*nunmet = dealrule_evaluate(rules, *nrules, f, unmet, max);
	return nerr_pass(err);
}

NEOERR *deal_put_unmet(HDF *hdf, const char *list, const struct dealrule_unmet *u, int n)
{
	NEOERR *err = STATUS_OK;

	for (int i = 0; !err && i < n; i++) {
		HDF *row;

		err = render_row(hdf, list, i, &row);
		if (!err) err = hdf_set_value(row, "Key", u[i].key);
		if (!err) err = hdf_set_value(row, "Anchor", u[i].anchor);
		if (!err && u[i].rule) err = hdf_set_value(row, "Label", u[i].rule->label);
		if (!err && u[i].rule) err = hdf_set_value(row, "Field", u[i].rule->field);
		if (!err) err = hdf_set_int_value(row, "Have", (int)u[i].have);
		if (!err) err = hdf_set_int_value(row, "Need", (int)u[i].need);
	}
	return nerr_pass(err);
}

NEOERR *deal_unmet_texts(REQUEST *req, HDF *list, long long deal_id)
{
	NEOERR *err = STATUS_OK;

	for (HDF *row = list ? hdf_obj_child(list) : NULL; !err && row; row = hdf_obj_next(row)) {
		const char *label = hdf_get_value(row, "Label", NULL);
		char key[80], link[120];

		snprintf(key, sizeof(key), "Deal.Unmet.%s", hdf_get_value(row, "Key", ""));
		snprintf(link, sizeof(link), "/deals/%lld%s", deal_id, hdf_get_value(row, "Anchor", ""));
		err = render_set(row, "Text", label && *label ? label : render_text(req->lang, key));
		if (!err) err = hdf_set_value(row, "Link", link);
	}
	return nerr_pass(err);
}

NEOERR *deal_event(REQUEST *req, long long deal_id, const char *kind, long long from_stage,
		   long long to_stage, const char *detail)
{
	return nerr_pass(db_execf(NULL, "INSERT INTO deal_event (deal_id, at, user_id, kind,"
				  " from_stage_id, to_stage_id, detail) VALUES (?, UTC_TIMESTAMP(6), ?, ?,"
				  " NULLIF(?, 0), NULLIF(?, 0), ?)", "iitiit", deal_id,
				  req->actor ? req->actor->id : req->user->id, kind, from_stage,
				  to_stage, detail));
}

/* ---- the list ---------------------------------------------------------- */

static NEOERR *deal_choices(REQUEST *req)
{
	NEOERR *err = render_id_names(req->hdf, "Choices.Pipelines",
				      "SELECT id, name FROM pipeline ORDER BY id");

	if (!err)
		err = render_id_names(req->hdf, "Choices.Regions", "SELECT id, name FROM region ORDER BY code");
	if (!err)
		err = render_id_names(req->hdf, "Choices.Teams", "SELECT id, name FROM team ORDER BY name");
	if (!err)
		err = render_id_names(req->hdf, "Choices.Stages",
				      "SELECT s.id, CONCAT(p.name, ' · ', s.name) FROM stage s"
				      " JOIN pipeline p ON p.id = s.pipeline_id ORDER BY p.id, s.position");
	return nerr_pass(err);
}

/* The filters every deal list shares (list and board): appends to sql. */
NEOERR *deals_filter_sql(REQUEST *req, STRING *sql, struct db_args *args)
{
	const char *owner = request_param(req, "owner");
	long long team = request_param_int(req, "team", 0);
	long long region = request_param_int(req, "region", 0);
	long long pipeline = request_param_int(req, "pipeline", 0);
	long long stage = request_param_int(req, "stage", 0);
	NEOERR *err = user_scope_sql(req->user, req->user->read_scope, "d.owner_id", "d.region_id",
				     sql, args);

	if (!err && owner && !strcmp(owner, "me")) {
		err = string_append(sql, " AND d.owner_id = ?");
		db_args_int(args, req->user->id);
	} else if (!err && owner && atoll(owner) > 0) {
		err = string_append(sql, " AND d.owner_id = ?");
		db_args_int(args, atoll(owner));
	}
	if (!err && team) {
		err = string_append(sql, " AND d.owner_id IN (SELECT id FROM users WHERE team_id = ?)");
		db_args_int(args, team);
	}
	if (!err && region) {
		err = string_append(sql, " AND d.region_id = ?");
		db_args_int(args, region);
	}
	if (!err && pipeline) {
		err = string_append(sql, " AND d.pipeline_id = ?");
		db_args_int(args, pipeline);
	}
	if (!err && stage) {
		err = string_append(sql, " AND d.stage_id = ?");
		db_args_int(args, stage);
	}
	return nerr_pass(err);
}

NEOERR *deals_list(REQUEST *req)
{
	long long after = request_param_int(req, "after", 0);
	long long last = 0;
	int n = 0;
	struct db_args args = { 0 };
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	err = string_append(&sql,
		"SELECT d.id, d.name, c.name, p.name, s.name, u.display_name, d.amount,"
		" COALESCE(d.owner_id, 0), " POLICY_DEPTH_SQL("d.owner_id") ","
		" s.position = (SELECT MAX(s2.position) FROM stage s2 WHERE s2.pipeline_id = d.pipeline_id),"
		" d.stage_entered_at < UTC_TIMESTAMP(6) - INTERVAL s.stagnation_hours HOUR,"
		" TIMESTAMPDIFF(DAY, d.stage_entered_at, UTC_TIMESTAMP(6)), d.flagged, d.status,"
		" EXISTS (SELECT 1 FROM deal_approval a WHERE a.deal_id = d.id AND a.status = 'pending')"
		" FROM (SELECT d.id FROM deal d WHERE ");
	if (!err)
		err = deals_filter_sql(req, &sql, &args);
	if (!err && after > 0) {
		err = string_append(&sql, " AND d.id < ?");
		db_args_int(&args, after);
	}
	if (!err)
		err = string_append(&sql, " ORDER BY d.id DESC LIMIT ?) page JOIN deal d ON d.id = page.id"
				    " JOIN customer c ON c.id = d.customer_id JOIN stage s ON s.id = d.stage_id"
				    " JOIN pipeline p ON p.id = d.pipeline_id"
				    " LEFT JOIN users u ON u.id = d.owner_id ORDER BY d.id DESC");
	db_args_int(&args, DEAL_PAGE + 1);
	if (!err)
		err = db_prepare_args(&q, sql.buf, &args, 2);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	while (!err && db_step(q) == DB_ROW) {
		struct policy_subject s = { db_col_int(q, 0), db_col_int(q, 7), (int)db_col_int(q, 8),
					    (int)db_col_int(q, 9) };
		HDF *row;

		if (n == DEAL_PAGE) {
			char cursor[24];

			snprintf(cursor, sizeof(cursor), "%lld", last);
			err = hdf_set_value(req->hdf, "Pager.After", cursor);
			break;
		}
		last = db_col_int(q, 0);
		err = render_row(req->hdf, "Deals.Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Customer", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Pipeline", db_col_text(q, 3));
		if (!err) err = hdf_set_value(row, "Stage", db_col_text(q, 4));
		if (!err) err = render_set(row, "Owner", db_col_text(q, 5));
		if (!err) err = policy_put(req, row, "Amount", "deal", "amount", &s, db_col_text(q, 6));
		if (!err) err = hdf_set_value(row, "Stale", db_col_text(q, 10));
		if (!err) err = hdf_set_value(row, "Days", db_col_text(q, 11));
		if (!err) err = hdf_set_value(row, "Flagged", db_col_text(q, 12));
		if (!err) err = hdf_set_value(row, "Status", db_col_text(q, 13));
		if (!err) err = hdf_set_value(row, "Pending", db_col_text(q, 14));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(req->hdf, "Deals.Count", n);
	if (!err) err = deal_choices(req);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "deals");
	req->template_name = "deals.cs";
	return nerr_pass(err);
}

/* ---- a deal's page ------------------------------------------------------ */

static NEOERR *deal_timeline(REQUEST *req, const struct deal_row *d)
{
	int n = 0;
	DB_STMT *q;
	NEOERR *err;

	/* Moves, refusals, approvals, uploads and ticks from the deal's own
	 * record, and the customer's activities, newest first. */
	err = db_prepare(&q,
		"SELECT * FROM ("
		" SELECT e.at, e.kind, u.display_name, fs.name AS f, ts.name AS t, e.detail, NULL AS dur, e.id AS k,"
		" NULL AS rn"
		" FROM deal_event e LEFT JOIN users u ON u.id = e.user_id"
		" LEFT JOIN stage fs ON fs.id = e.from_stage_id LEFT JOIN stage ts ON ts.id = e.to_stage_id"
		" WHERE e.deal_id = ?"
		" UNION ALL"
		" SELECT a.at, CONCAT('activity.', a.kind), u.display_name, NULL, NULL,"
		"  COALESCE(a.core_need, a.detail), a.duration_sec, a.id,"
		"  (SELECT COUNT(*) FROM activity_reply r WHERE r.activity_id = a.id)"
		" FROM activity a LEFT JOIN users u ON u.id = a.user_id WHERE a.customer_id = ?"
		") t ORDER BY at DESC, k DESC LIMIT 200");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->id);
	db_bind_int(q, 2, d->customer_id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Deal.Timeline", n++, &row);
		if (!err) err = render_set_time(req, row, "At", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Kind", db_col_text(q, 1));
		if (!err) err = render_set(row, "User", db_col_text(q, 2));
		if (!err) err = render_set(row, "From", db_col_text(q, 3));
		if (!err) err = render_set(row, "To", db_col_text(q, 4));
		if (!err) err = render_set(row, "Detail", db_col_text(q, 5));
		if (!err && !db_col_is_null(q, 6))
			err = hdf_set_int_value(row, "Minutes", (int)(db_col_int(q, 6) / 60));
		/* an activity: its counterpart replies (reply.c) */
		if (!err && !db_col_is_null(q, 8)) {
			err = hdf_set_value(row, "ActivityId", db_col_text(q, 7));
			if (!err) err = hdf_set_value(row, "Replies", db_col_text(q, 8));
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

static NEOERR *deal_fill_lists(REQUEST *req, const struct deal_row *d)
{
	int n = 0, tech_seen;
	DB_STMT *q;
	NEOERR *err;

	/* the stages of its pipeline */
	err = db_prepare(&q, "SELECT id, position, name, stagnation_hours, needs_approval"
			 " FROM stage WHERE pipeline_id = ? ORDER BY position");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->pipeline_id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;
		int pos = (int)db_col_int(q, 1);

		err = render_row(req->hdf, "Deal.Stages", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Position", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "State", pos < d->position ? "done"
					      : pos == d->position ? "current" : "todo");
		if (!err && pos == d->position + 1)
			err = hdf_set_value(req->hdf, "Deal.NextStageId", db_col_text(q, 0));
		if (!err && pos == d->position + 1)
			err = hdf_set_value(req->hdf, "Deal.NextStage", db_col_text(q, 2));
		if (!err && pos < d->position) {
			HDF *b;

			err = render_row(req->hdf, "Deal.Earlier", pos - 1, &b);
			if (!err) err = hdf_set_value(b, "Id", db_col_text(q, 0));
			if (!err) err = hdf_set_value(b, "Name", db_col_text(q, 2));
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	/* contacts of the customer (decision makers count) */
	n = 0;
	if (!err)
		err = db_prepare(&q, "SELECT id, name, title, is_key, decision_maker FROM contact"
				 " WHERE customer_id = ? ORDER BY is_key DESC, id");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->customer_id);
	while (!err && db_step(q) == DB_ROW) {
		struct policy_subject ks = { db_col_int(q, 0), d->owner_id, d->depth, 0 };
		HDF *row;

		err = render_row(req->hdf, "Deal.Contacts", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = policy_put(req, row, "Name", "contact", "name", &ks, db_col_text(q, 1));
		if (!err) err = policy_put(req, row, "Title", "contact", "title", &ks, db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Key", db_col_text(q, 3));
		if (!err) err = hdf_set_value(row, "DecisionMaker", db_col_text(q, 4));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	/* attachments */
	n = 0;
	tech_seen = 0;
	if (!err)
		err = db_prepare(&q, "SELECT a.id, a.kind, a.filename, a.mime, a.size, a.pages, a.sha256,"
				 " u.display_name, a.created_at, s.name,"
				 " (SELECT pc.status FROM pending_change pc WHERE pc.deal_id = a.deal_id"
				 "   AND pc.kind = 'tech_agreement' AND CAST(pc.new_value AS UNSIGNED) = a.id"
				 "   ORDER BY pc.id DESC LIMIT 1) FROM attachment a"
				 " LEFT JOIN users u ON u.id = a.user_id JOIN stage s ON s.id = a.stage_id"
				 " WHERE a.deal_id = ? ORDER BY a.id DESC");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Deal.Attachments", n++, &row);
		if (!err && !strcmp(db_col_text(q, 1), FOUREYES_TECH)) {
			/* the newest confirmed (or unbound) version is in force */
			const char *st = db_col_text(q, 10);
			const char *state = st && !strcmp(st, "pending") ? "pending"
					  : st && !strcmp(st, "rejected") ? "rejected"
					  : tech_seen++ ? "superseded" : "in_force";

			err = hdf_set_value(row, "TechState", state);
		}
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Kind", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Filename", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Mime", db_col_text(q, 3));
		if (!err) err = hdf_set_int_value(row, "KB", (int)((db_col_int(q, 4) + 1023) / 1024));
		if (!err) err = render_set(row, "Pages", db_col_text(q, 5));
		if (!err) err = hdf_set_value(row, "Sha256", db_col_text(q, 6));
		if (!err) err = render_set(row, "User", db_col_text(q, 7));
		if (!err) err = render_set_time(req, row, "At", db_col_text(q, 8));
		if (!err) err = hdf_set_value(row, "Stage", db_col_text(q, 9));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	/* the current stage's attachment kinds (for the upload form) */
	n = 0;
	if (!err)
		err = db_prepare(&q, "SELECT field, label, types, max_kb, min_pages FROM stage_rule"
				 " WHERE stage_id = ? AND kind = 'attachment' ORDER BY id");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->stage_id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Deal.AttachmentKinds", n++, &row);
		if (!err) err = hdf_set_value(row, "Code", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Label", db_col_text(q, 1));
		if (!err) err = render_set(row, "Types", db_col_text(q, 2));
		if (!err) err = render_set(row, "MaxKB", db_col_text(q, 3));
		if (!err) err = render_set(row, "MinPages", db_col_text(q, 4));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	/* the current stage's checklist */
	n = 0;
	if (!err)
		err = db_prepare(&q, "SELECT i.id, i.position, i.label, i.evidence, i.needs_approval,"
				 " k.done_at, u.display_name, k.attachment_id, k.approval, a.filename"
				 " FROM checklist_item i LEFT JOIN deal_check k ON k.item_id = i.id AND k.deal_id = ?"
				 " LEFT JOIN users u ON u.id = k.done_by LEFT JOIN attachment a ON a.id = k.attachment_id"
				 " WHERE i.stage_id = ? ORDER BY i.position");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->id);
	db_bind_int(q, 2, d->stage_id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Deal.Checklist", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Position", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Label", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Evidence", db_col_text(q, 3));
		if (!err) err = hdf_set_value(row, "NeedsApproval", db_col_text(q, 4));
		if (!err && !db_col_is_null(q, 5)) err = hdf_set_value(row, "Done", "1");
		if (!err) err = render_set_time(req, row, "DoneAt", db_col_text(q, 5));
		if (!err) err = render_set(row, "DoneBy", db_col_text(q, 6));
		if (!err) err = render_set(row, "AttachmentId", db_col_text(q, 7));
		if (!err) err = render_set(row, "Approval", db_col_text(q, 8));
		if (!err) err = render_set(row, "Filename", db_col_text(q, 9));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	/* the approval of this stage's exit */
	if (!err)
		err = db_prepare(&q, "SELECT a.status, r.display_name, p.display_name, a.comment,"
				 " a.requested_at, a.decided_at, a.approver_id FROM deal_approval a"
				 " JOIN users r ON r.id = a.requested_by JOIN users p ON p.id = a.approver_id"
				 " WHERE a.deal_id = ? AND a.stage_id = ? AND a.requested_at >= ?"
				 " ORDER BY a.id DESC LIMIT 1");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->id);
	db_bind_int(q, 2, d->stage_id);
	db_bind_text(q, 3, d->stage_entered_at);
	if (db_step(q) == DB_ROW) {
		HDF *a;

		err = hdf_get_node(req->hdf, "Deal.Approval", &a);
		if (!err) err = hdf_set_value(a, "Status", db_col_text(q, 0));
		if (!err) err = hdf_set_value(a, "RequestedBy", db_col_text(q, 1));
		if (!err) err = hdf_set_value(a, "Approver", db_col_text(q, 2));
		if (!err) err = render_set(a, "Comment", db_col_text(q, 3));
		if (!err) err = render_set_time(req, a, "RequestedAt", db_col_text(q, 4));
		if (!err) err = render_set_time(req, a, "DecidedAt", db_col_text(q, 5));
		if (!err && db_col_int(q, 6) == req->user->id && !strcmp(db_col_text(q, 0), "pending"))
			err = hdf_set_value(a, "MayDecide", "1");
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	/* open tasks of the deal */
	n = 0;
	if (!err)
		err = db_prepare(&q, "SELECT t.id, t.title, u.display_name, t.due_at, t.status,"
				 " t.status = 'open' AND t.due_at < UTC_TIMESTAMP(6) FROM task t"
				 " JOIN users u ON u.id = t.assignee_id WHERE t.deal_id = ? ORDER BY t.id DESC");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Deal.Tasks", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Title", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Assignee", db_col_text(q, 2));
		if (!err) err = render_set_time(req, row, "Due", db_col_text(q, 3));
		if (!err) err = hdf_set_value(row, "Status", db_col_text(q, 4));
		if (!err) err = hdf_set_value(row, "Overdue", db_col_text(q, 5));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

NEOERR *deal_detail(REQUEST *req)
{
	struct deal_row d;
	struct policy_subject subj;
	struct dealrule rules[DEAL_MAX_RULES];
	struct dealrule_facts facts;
	struct dealrule_unmet unmet[DEAL_MAX_RULES + 1];
	int nrules = 0, nunmet = 0;
	const char *done = request_param(req, "done");
	size_t nk;
	const char *const *kinds = activity_kinds(&nk);
	struct db_args args = { 0 };
	int found = 0, edit_scope = 0;
	STRING sql;
	DB_STMT *q;
	HDF *h;
	NEOERR *err;

	/* One statement for what deal_scoped (read scope), the page's own
	 * columns and deal_scoped (edit scope, as a column) each read. */
	string_init(&sql);
	err = string_append(&sql,
		"SELECT d.id, d.customer_id, d.pipeline_id, d.stage_id, COALESCE(d.owner_id, 0),"
		" COALESCE(d.region_id, 0), COALESCE(o.manager_id, 0), s.position,"
		" (SELECT MAX(s2.position) FROM stage s2 WHERE s2.pipeline_id = d.pipeline_id),"
		" s.stagnation_hours, s.needs_approval, d.regressions, d.flagged, d.status,"
		" d.stage_entered_at, s.name, " POLICY_DEPTH_SQL("d.owner_id") ","
		/* 17.. as the page shows them */
		" d.name, c.name, p.name, u.display_name,"
		" d.amount, d.created_at, d.budget_confirmed,"
		" d.stage_entered_at < UTC_TIMESTAMP(6) - INTERVAL s.stagnation_hours HOUR,"
		" TIMESTAMPDIFF(HOUR, d.stage_entered_at, UTC_TIMESTAMP(6)),"
		" d.handoff_contacts, d.handoff_documents, d.handoff_issues, d.closed_at,"
		" (SELECT MIN(l.id) FROM lead l WHERE l.deal_id = d.id), IF(");
	db_args_int(&args, req->user->id);
	if (!err)
		err = user_scope_sql(req->user, req->user->edit_scope, "d.owner_id", "d.region_id", &sql, &args);
	if (!err)
		err = string_append(&sql, ", 1, 0)"
			" FROM deal d JOIN stage s ON s.id = d.stage_id LEFT JOIN users o ON o.id = d.owner_id"
			" JOIN customer c ON c.id = d.customer_id JOIN pipeline p ON p.id = d.pipeline_id"
			" LEFT JOIN users u ON u.id = d.owner_id WHERE d.id = ? AND ");
	db_args_int(&args, req->ids[0]);
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "d.owner_id", "d.region_id", &sql, &args);
	if (!err)
		err = db_prepare_args(&q, sql.buf, &args, 1);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	memset(&d, 0, sizeof(d));
	err = hdf_get_node(req->hdf, "Deal", &h);
	if (!err && db_step(q) == DB_ROW) {
		static const char *const names[] = { "Name", "Customer", "Pipeline", "Owner" };

		found = 1;
		d.id = db_col_int(q, 0);
		d.customer_id = db_col_int(q, 1);
		d.pipeline_id = db_col_int(q, 2);
		d.stage_id = db_col_int(q, 3);
		d.owner_id = db_col_int(q, 4);
		d.region_id = db_col_int(q, 5);
		d.owner_manager_id = db_col_int(q, 6);
		d.position = (int)db_col_int(q, 7);
		d.last_position = (int)db_col_int(q, 8);
		d.stagnation_hours = (int)db_col_int(q, 9);
		d.needs_approval = (int)db_col_int(q, 10);
		d.regressions = (int)db_col_int(q, 11);
		d.flagged = (int)db_col_int(q, 12);
		snprintf(d.status, sizeof(d.status), "%s", db_col_text(q, 13));
		snprintf(d.stage_entered_at, sizeof(d.stage_entered_at), "%s", db_col_text(q, 14));
		snprintf(d.stage_name, sizeof(d.stage_name), "%s", db_col_text(q, 15));
		d.depth = (int)db_col_int(q, 16);
		edit_scope = db_col_int(q, 31) != 0;
		deal_subject(&d, &subj);
		err = render_set(h, "Id", db_col_text(q, 0));
		for (int i = 0; !err && i < 4; i++)
			err = render_set(h, names[i], db_col_text(q, 17 + i));
		if (!err) err = render_set(h, "CustomerId", db_col_text(q, 1));
		if (!err) err = render_set(h, "Stage", db_col_text(q, 15));
		if (!err) err = policy_put(req, h, "Amount", "deal", "amount", &subj, db_col_text(q, 21));
		if (!err) err = render_set_time(req, h, "Since", db_col_text(q, 14));
		if (!err) err = render_set_time(req, h, "Created", db_col_text(q, 22));
		if (!err) err = hdf_set_value(h, "BudgetConfirmed", db_col_text(q, 23));
		if (!err) err = hdf_set_value(h, "Regressions", db_col_text(q, 11));
		if (!err) err = hdf_set_value(h, "Flagged", db_col_text(q, 12));
		if (!err) err = hdf_set_value(h, "Status", db_col_text(q, 13));
		if (!err) err = hdf_set_value(h, "Stale", db_col_text(q, 24));
		if (!err) err = hdf_set_value(h, "Hours", db_col_text(q, 25));
		if (!err) err = hdf_set_value(h, "LimitHours", db_col_text(q, 9));
		if (!err) err = render_set(h, "HandoffContacts", db_col_text(q, 26));
		if (!err) err = render_set(h, "HandoffDocuments", db_col_text(q, 27));
		if (!err) err = render_set(h, "HandoffIssues", db_col_text(q, 28));
		if (!err) err = render_set_time(req, h, "ClosedAt", db_col_text(q, 29));
		if (!err) err = hdf_set_value(h, "PipelineId", db_col_text(q, 2));
		if (!err) err = render_set(h, "LeadId", db_col_text(q, 30));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "deal %lld not in scope", req->ids[0]);
	if (err)
		return nerr_pass(err);
	if (!err) err = hdf_set_int_value(h, "IsLast", d.position == d.last_position);
	if (!err) err = deal_fill_lists(req, &d);
	if (!err) err = foureyes_put(req, &d, h);
	if (!err) err = deal_evaluate(&d, rules, &nrules, &facts, unmet, DEAL_MAX_RULES + 1, &nunmet);
	if (!err && !hdf_get_obj(req->hdf, "Deal.Unmet"))
		err = deal_put_unmet(req->hdf, "Deal.Open", unmet, nunmet);
	/* each item's text and link, for the JSON faces (the template has its own) */
	if (!err) err = deal_unmet_texts(req, hdf_get_obj(req->hdf, "Deal.Unmet"), d.id);
	if (!err) err = deal_unmet_texts(req, hdf_get_obj(req->hdf, "Deal.Open"), d.id);
	if (!err) err = hdf_set_int_value(h, "OpenCount", nunmet);
	if (!err) err = complaint_fill(req, "Deal.Sensitive", d.customer_id);   /* R7.4 */
	if (!err) err = hdf_set_int_value(h, "NeedsApproval", d.needs_approval);
	if (!err) err = hdf_set_int_value(h, "DecisionMakers", facts.decision_makers);
	if (!err) err = hdf_set_int_value(h, "ValidComms", dealrule_valid_comms(&facts));
	if (!err && edit_scope && user_can(req->user, "deal.edit"))
		err = hdf_set_value(h, "CanEdit", "1");
	/* handoff packages (R6.1): sending needs the deal in the edit scope */
	if (!err) err = handoff_put_deal(req, &d, hdf_get_value(h, "CanEdit", NULL) != NULL);
	/* Back: the owner, or a manager above the owner. */
	if (!err && (d.owner_id == req->user->id || d.depth >= 1) && user_can(req->user, "deal.edit"))
		err = hdf_set_value(h, "CanBack", "1");
	for (size_t i = 0; !err && i < nk; i++) {
		HDF *row;

		if (!strcmp(kinds[i], "visit_record"))
			continue;
		err = render_row(req->hdf, "Kinds", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", kinds[i]);
	}
	if (!err) err = deal_timeline(req, &d);
	if (!err && done) err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "deal");
	req->template_name = "deal.cs";
	return nerr_pass(err);
}

static NEOERR *deal_back_to(REQUEST *req, long long id, const char *done)
{
	char path[80];

	snprintf(path, sizeof(path), "/deals/%lld?done=%s", id, done);
	return nerr_pass(request_redirect(req, path));
}

static int wants_json(REQUEST *req)
{
	const char *a = request_raw_env(req, "HTTP_ACCEPT");

	return a && strstr(a, "application/json") != NULL;
}

/* The JSON answer of a move for the board's script. */
static NEOERR *move_json(REQUEST *req, int status, const char *result,
			 const struct dealrule_unmet *u, int n)
{
	STRING *b = &req->body;
	NEOERR *err = STATUS_OK;

	req->status = status;
	req->content_type = "application/json; charset=utf-8";
	err = string_appendf(b, "{\"result\":\"%s\",\"missing\":[", result);
	for (int i = 0; !err && i < n; i++) {
		char key[80], text[300];
		const char *label = u[i].rule ? u[i].rule->label : NULL;

		snprintf(key, sizeof(key), "Deal.Unmet.%s", u[i].key);
		snprintf(text, sizeof(text), "%s", label ? label : render_text(req->lang, key));
		err = string_append(b, i ? ",{\"key\":\"" : "{\"key\":\"");
		if (!err) err = string_append(b, u[i].key);
		if (!err) err = string_append(b, "\",\"text\":\"");
		/* labels are admin text: escape for JSON */
		for (const char *p = text; !err && *p; p++) {
			if (*p == '"' || *p == '\\')
				err = string_appendf(b, "\\%c", *p);
			else if ((unsigned char)*p < 0x20)
				err = string_appendf(b, "\\u%04x", *p);
			else
				err = string_append_char(b, *p);
		}
		if (!err)
			err = string_appendf(b, "\",\"have\":%lld,\"need\":%lld,\"link\":\"/deals/%lld%s\"}",
					     u[i].have, u[i].need, req->ids[0], u[i].anchor);
	}
	if (!err)
		err = string_append(b, "]}\n");
	return nerr_pass(err);
}

/* Creates the tasks a stage makes on entry (inside the transaction). */
static NEOERR *deal_enter_tasks(REQUEST *req, const struct deal_row *d, long long stage_id)
{
	long long ids[16], n = 0;
	DB_STMT *q;
	NEOERR *err = db_prepare(&q, "SELECT id FROM stage_task WHERE stage_id = ? ORDER BY id");

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, stage_id);
	while (db_step(q) == DB_ROW && n < 16)
		ids[n++] = db_col_int(q, 0);
	err = db_finalize(q);
	for (long long i = 0; !err && i < n; i++) {
		unsigned long long tid = 0;

		/* the owner's own task, or the first active person of the role,
		 * preferring the deal's region; nobody: the owner */
		err = db_execf(&tid,
			"INSERT INTO task (deal_id, stage_id, title, role_code, assignee_id, due_at, created_at)"
			" SELECT ?, t.stage_id, t.title, t.role_code, COALESCE(IF(t.role_code = 'owner', ?, NULL),"
			"  (SELECT u.id FROM users u JOIN role r ON r.id = u.role_id WHERE r.code = t.role_code"
			"   AND u.status = 'active' ORDER BY u.region_id <=> ? DESC, u.id LIMIT 1), ?),"
			" UTC_TIMESTAMP(6) + INTERVAL t.due_hours HOUR, UTC_TIMESTAMP(6)"
			" FROM stage_task t WHERE t.id = ?", "iiiii", d->id, d->owner_id, d->region_id,
			d->owner_id, ids[i]);
		if (!err) {
			struct audit_event ev = { "task.create", "task", (long long)tid, NULL, NULL, "stage entry" };

			err = audit_log(req, &ev);
		}
		if (!err)
			err = deal_event(req, d->id, "task", 0, stage_id, NULL);
	}
	return nerr_pass(err);
}

/* POST /deals/#/move: to = a stage id.  Forward: only the next stage, only
 * when nothing is unmet.  Back: an earlier stage, with a reason. */
NEOERR *deal_move(REQUEST *req)
{
	long long to = request_param_int(req, "to", 0);
	const char *reason = request_param(req, "reason");
	const char *from = request_param(req, "from");
	struct deal_row d;
	struct dealrule rules[DEAL_MAX_RULES];
	struct dealrule_facts facts;
	struct dealrule_unmet unmet[DEAL_MAX_RULES + 1];
	/* the board's script asks for JSON; the staff API has its own face */
	int nrules = 0, nunmet = 0,
	    json = wants_json(req) && !(req->route && (req->route->flags & R_STAFF_API));
	long long to_pipeline = 0, to_pos = 0;
	char detail[600];
	DB_STMT *q;
	NEOERR *err;

	err = deal_scoped(req, req->ids[0], 1, &d);
	if (err)
		return nerr_pass(err);
	if (req->param_errors) {
		/* no target stage, or a reason that is not one line of text */
		if (json)
			return nerr_pass(move_json(req, 400, "bad_request", NULL, 0));
		err = deal_detail(req);
		req->status = 400;
		return nerr_pass(err);
	}
	err = db_prepare(&q, "SELECT pipeline_id, position FROM stage WHERE id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, to);
	if (db_step(q) == DB_ROW) {
		to_pipeline = db_col_int(q, 0);
		to_pos = db_col_int(q, 1);
	}
	err = db_finalize(q);
	if (err)
		return nerr_pass(err);
	if (strcmp(d.status, "open"))
		return nerr_raise(ERR_CONFLICT, "deal %lld is closed", d.id);
	if (to_pipeline != d.pipeline_id || to_pos == d.position || to_pos > d.position + 1) {
		/* A skip (or a stage of another pipeline): refused, recorded. */
		struct audit_event ev = { "deal.skip.refused", "deal", d.id, "stage_id", NULL, detail };

		snprintf(detail, sizeof(detail), "from %lld to %lld", d.stage_id, to);
		err = db_begin();
		if (!err) err = audit_log(req, &ev);
		if (!err) err = deal_event(req, d.id, "skip_refused", d.stage_id, to_pipeline == d.pipeline_id ? to : 0, NULL);
		err = db_finish(err);
		if (err)
			return nerr_pass(err);
		if (json)
			return nerr_pass(move_json(req, 409, "skip_refused", NULL, 0));
		err = hdf_set_value(req->hdf, "Deal.Refused", "skip");
		if (!err) err = deal_detail(req);
		req->status = 409;
		return nerr_pass(err);
	}
	if (to_pos < d.position) {
		/* Back: the owner or a manager above them, with a reason. */
		int manager = d.depth >= 1;
		const char *kind = manager && d.owner_id != req->user->id ? "rollback" : "back";

		if (d.owner_id != req->user->id && !manager)
			return nerr_raise(ERR_FORBIDDEN, "only the owner or a manager moves deal %lld back", d.id);
		if (!reason || !*reason) {
			if (json)
				return nerr_pass(move_json(req, 400, "reason_required", NULL, 0));
			err = hdf_set_value(req->hdf, "Form.Errors.reason", "Valid.Required");
			if (!err) err = deal_detail(req);
			req->status = 400;
			return nerr_pass(err);
		}
		err = db_begin();
		if (!err)
			err = db_execf(NULL, "UPDATE deal SET stage_id = ?, stage_entered_at = UTC_TIMESTAMP(6),"
				       " regressions = regressions + 1, flagged = ?,"
				       " updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND stage_id = ?", "iiii",
				       to, (long long)(d.flagged || d.regressions + 1 >= 2), d.id, d.stage_id);
		if (!err) {
			char before[24], after[24];
			struct audit_event ev = { !strcmp(kind, "rollback") ? "deal.rollback" : "deal.back",
						  "deal", d.id, "stage_id", before, after };

			snprintf(before, sizeof(before), "%lld", d.stage_id);
			snprintf(after, sizeof(after), "%lld", to);
			err = audit_log(req, &ev);
		}
		if (!err) err = deal_event(req, d.id, kind, d.stage_id, to, reason);
		if (!err && d.regressions + 1 >= 2 && !d.flagged) {
			struct audit_event ev = { "deal.flag", "deal", d.id, "flagged", "0", "1" };

			err = audit_log(req, &ev);
			if (!err) err = deal_event(req, d.id, "flagged", 0, 0, NULL);
		}
		err = db_finish(err);
		if (err)
			return nerr_pass(err);
		if (json)
			return nerr_pass(move_json(req, 200, kind, NULL, 0));
		if (from && !strcmp(from, "board")) {
			char path[64];

			snprintf(path, sizeof(path), "/board?pipeline=%lld", d.pipeline_id);
			return nerr_pass(request_redirect(req, path));
		}
		return nerr_pass(deal_back_to(req, d.id, "Moved"));
	}
	/* Forward by one: every exit condition, checked here and now. */
	err = deal_evaluate(&d, rules, &nrules, &facts, unmet, DEAL_MAX_RULES + 1, &nunmet);
	if (err)
		return nerr_pass(err);
	if (nunmet > 0) {
		size_t len = 0;

		detail[0] = '\0';
		for (int i = 0; i < nunmet && i <= DEAL_MAX_RULES; i++) {
			int w = snprintf(detail + len, sizeof(detail) - len, "%s%s",
					 i ? "; " : "", unmet[i].rule ? unmet[i].rule->label : unmet[i].key);

			if (w < 0 || (size_t)w >= sizeof(detail) - len)
				break;
			len += (size_t)w;
		}
		struct audit_event ev = { "deal.advance.refused", "deal", d.id, "stage_id", NULL, detail };

		err = db_begin();
		if (!err) err = audit_log(req, &ev);
		if (!err) err = deal_event(req, d.id, "refused", d.stage_id, to, detail);
		err = db_finish(err);
		if (err)
			return nerr_pass(err);
		if (json)
			return nerr_pass(move_json(req, 409, "refused", unmet, nunmet));
		err = deal_put_unmet(req->hdf, "Deal.Unmet", unmet, nunmet);
		if (!err) err = hdf_set_value(req->hdf, "Deal.Refused", "unmet");
		if (!err) err = deal_detail(req);
		req->status = 409;
		return nerr_pass(err);
	}
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE deal SET stage_id = ?, stage_entered_at = UTC_TIMESTAMP(6),"
			       " updated_at = UTC_TIMESTAMP(6) WHERE id = ? AND stage_id = ?", "iii",
			       to, d.id, d.stage_id);
	if (!err) {
		char before[24], after[24];
		struct audit_event ev = { "deal.advance", "deal", d.id, "stage_id", before, after };

		snprintf(before, sizeof(before), "%lld", d.stage_id);
		snprintf(after, sizeof(after), "%lld", to);
		err = audit_log(req, &ev);
	}
	if (!err) err = deal_event(req, d.id, "advance", d.stage_id, to, NULL);
	if (!err) err = deal_enter_tasks(req, &d, to);
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	if (json)
		return nerr_pass(move_json(req, 200, "advanced", NULL, 0));
	if (from && !strcmp(from, "board")) {
		char path[64];

		snprintf(path, sizeof(path), "/board?pipeline=%lld", d.pipeline_id);
		return nerr_pass(request_redirect(req, path));
	}
	return nerr_pass(deal_back_to(req, d.id, "Moved"));
}

/* POST /deals/#/facts: budget confirmed, amount. */
NEOERR *deal_facts(REQUEST *req)
{
	const char *budget = request_param(req, "budget_confirmed");
	const char *amount = request_param(req, "amount");
	struct deal_row d;
	int b = budget && (!strcmp(budget, "1") || !strcmp(budget, "on") || !strcmp(budget, "true"));
	int pending = 0;
	NEOERR *err = deal_scoped(req, req->ids[0], 1, &d);

	if (err)
		return nerr_pass(err);
	if (req->param_errors) {
		err = deal_detail(req);
		req->status = 400;
		return nerr_pass(err);
	}
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE deal SET budget_confirmed = ?, updated_at = UTC_TIMESTAMP(6)"
			       " WHERE id = ?", "ii", (long long)b, d.id);
	if (!err) {
		struct audit_event ev = { "deal.update", "deal", d.id, "budget_confirmed", NULL, b ? "1" : "0" };

		err = audit_log(req, &ev);
	}
	if (!err && amount && *amount && foureyes_required("quote")) {
		/* the quote needs a second person: kept pending, the old amount
		 * stays in force (and in the action locks) until confirmed */
		char old[41] = "";
		int same = 0;
		DB_STMT *q;

		err = db_prepare(&q, "SELECT amount, COALESCE(amount = CAST(? AS DECIMAL(14,2)), 0)"
				 " FROM deal WHERE id = ?");
		if (!err) {
			db_bind_text(q, 1, amount);
			db_bind_int(q, 2, d.id);
			if (db_step(q) == DB_ROW) {
				snprintf(old, sizeof(old), "%s", db_col_text(q, 0) ? db_col_text(q, 0) : "");
				same = db_col_int(q, 1) != 0;
			}
			err = db_finalize(q);
		}
		if (!err && !same) {
			err = foureyes_propose(req, &d, "quote", 0, old, amount);
			if (err && nerr_match(err, ERR_CONFLICT)) {
				/* one pending quote at a time: the form again, as typed */
				nerr_ignore(&err);
				db_rollback();
				err = hdf_set_value(req->hdf, "Form.Errors.amount", "Deal.ChangeAlreadyPending");
				if (!err) err = deal_detail(req);
				req->status = 409;
				return nerr_pass(err);
			}
			pending = !err;
		}
	} else if (!err && amount && *amount) {
		/* the value goes to the audit as "set", never in clear */
		struct audit_event ev = { "deal.update", "deal", d.id, "amount", NULL, "(set)" };

		err = db_execf(NULL, "UPDATE deal SET amount = ? WHERE id = ?", "ti", amount, d.id);
		if (!err) err = audit_log(req, &ev);
	}
	if (!err) err = deal_event(req, d.id, "facts", 0, 0, NULL);
	err = db_finish(err);
	if (!err)
		err = deal_back_to(req, d.id, pending ? "ChangePending" : "Saved");
	return nerr_pass(err);
}

/* POST /deals/#/contacts/#/key: key = 1 | 0 marks or unmarks a contact of
 * the deal's customer as key contact; with key_contact in FourEyes.Types
 * it waits for a second person. */
NEOERR *deal_contact_key(REQUEST *req)
{
	const char *key = request_param(req, "key");
	int want = key && (!strcmp(key, "1") || !strcmp(key, "on") || !strcmp(key, "true"));
	long long contact = req->ids[1], is_key = 0;
	int found = 0, pending = 0;
	struct deal_row d;
	NEOERR *err = deal_scoped(req, req->ids[0], 1, &d);

	if (!err)
		err = db_begin();
	if (!err)
		err = db_int_query(&is_key, &found, "SELECT is_key FROM contact WHERE id = ? AND customer_id = ?"
				   " FOR UPDATE", "ii", contact, d.customer_id);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "contact %lld not of deal %lld's customer", contact, d.id);
	if (!err && (is_key != 0) != want && foureyes_required("key_contact")) {
		err = foureyes_propose(req, &d, "key_contact", contact, is_key ? "1" : "0", want ? "1" : "0");
		pending = !err;
	} else if (!err && (is_key != 0) != want) {
		struct audit_event ev = { "contact.update", "contact", contact, "is_key", is_key ? "1" : "0",
					  want ? "1" : "0" };

		err = db_execf(NULL, "UPDATE contact SET is_key = ? WHERE id = ?", "ii", (long long)want, contact);
		if (!err) err = audit_log(req, &ev);
		if (!err) err = deal_event(req, d.id, "key_contact", 0, 0, NULL);
	}
	if (err && nerr_match(err, ERR_CONFLICT)) {
		nerr_ignore(&err);
		db_rollback();
		err = hdf_set_value(req->hdf, "Page.Error", "Deal.ChangeAlreadyPending");
		if (!err) err = deal_detail(req);
		req->status = 409;
		return nerr_pass(err);
	}
	err = db_finish(err);
	if (!err)
		err = deal_back_to(req, d.id, pending ? "ChangePending" : "Saved");
	return nerr_pass(err);
}

/* POST /deals/#/contacts: a contact of the deal's customer (decision maker?). */
NEOERR *deal_contact_add(REQUEST *req)
{
	const char *name = request_param(req, "name");
	const char *title = request_param(req, "title");
	const char *dm = request_param(req, "decision_maker");
	struct deal_row d;
	unsigned long long id = 0;
	NEOERR *err = deal_scoped(req, req->ids[0], 1, &d);

	if (err)
		return nerr_pass(err);
	if (!name || req->param_errors) {
		if (!name) err = hdf_set_value(req->hdf, "Form.Errors.name", "Valid.Required");
		if (!err) err = deal_detail(req);
		req->status = 400;
		return nerr_pass(err);
	}
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO contact (customer_id, name, title, decision_maker, created_at)"
			       " VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6))", "itti", d.customer_id, name, title,
			       (long long)(dm && strcmp(dm, "0") && strcmp(dm, "off") && strcmp(dm, "false")));
	if (!err) {
		struct audit_event ev = { "contact.create", "contact", (long long)id, NULL, NULL, "from deal" };

		err = audit_log(req, &ev);
	}
	if (!err) err = deal_event(req, d.id, "contact", 0, 0, NULL);
	err = db_finish(err);
	if (!err)
		err = deal_back_to(req, d.id, "Saved");
	return nerr_pass(err);
}

/* POST /deals/#/action: a one-tap activity on the deal's customer. */
NEOERR *deal_action(REQUEST *req)
{
	const char *kind = request_param(req, "kind");
	long long minutes = request_param_int(req, "duration_min", 0);
	struct deal_row d;
	NEOERR *err;

	if (!activity_kind_ok(kind) || !strcmp(kind, "visit_record"))
		return nerr_raise(ERR_BAD_REQUEST, "unknown action");
	err = deal_scoped(req, req->ids[0], 1, &d);
	if (!err)
		err = db_begin();
	if (err)
		return nerr_pass(err);
	/* on the customer: activities are append-only, and the action locks
	 * count the customer's activities since the stage was entered */
	err = activity_record(req, kind, 0, d.customer_id, minutes * 60, NULL, NULL, NULL);
	err = db_finish(err);
	if (!err)
		err = deal_back_to(req, d.id, "Recorded");
	return nerr_pass(err);
}

/* POST /deals/#/approval: ask the owner's direct superior to approve the
 * exit of the current stage. */
NEOERR *deal_approval_request(REQUEST *req)
{
	struct deal_row d;
	long long pending = 0;
	unsigned long long id = 0;
	NEOERR *err = deal_scoped(req, req->ids[0], 1, &d);

	if (err)
		return nerr_pass(err);
	if (!d.needs_approval)
		return nerr_raise(ERR_CONFLICT, "stage of deal %lld needs no approval", d.id);
	if (!d.owner_manager_id)
		return nerr_raise(ERR_CONFLICT, "owner of deal %lld has no superior", d.id);
	err = db_int_query(&pending, NULL, "SELECT COUNT(*) FROM deal_approval WHERE deal_id = ?"
			   " AND stage_id = ? AND status IN ('pending', 'approved') AND requested_at >= ?",
			   "iit", d.id, d.stage_id, d.stage_entered_at);
	if (!err && pending)
		err = nerr_raise(ERR_CONFLICT, "deal %lld already has an approval", d.id);
	if (!err) err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO deal_approval (deal_id, stage_id, requested_by, approver_id,"
			       " requested_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6))", "iiii", d.id,
			       d.stage_id, req->user->id, d.owner_manager_id);
	if (!err) {
		char to[24];
		struct audit_event ev = { "deal.approval.request", "deal", d.id, "approver_id", NULL, to };

		snprintf(to, sizeof(to), "%lld", d.owner_manager_id);
		err = audit_log(req, &ev);
	}
	if (!err) err = deal_event(req, d.id, "approval_request", d.stage_id, 0, NULL);
	err = db_finish(err);
	if (!err)
		err = deal_back_to(req, d.id, "Requested");
	return nerr_pass(err);
}

/* POST /deals/#/approval/decide: the approver (the owner's direct superior
 * named on the request) approves or rejects, with a comment. */
NEOERR *deal_approval_decide(REQUEST *req)
{
	const char *decision = request_param(req, "decision");
	const char *comment = request_param(req, "comment");
	struct deal_row d;
	long long id = 0, approver = 0;
	int found = 0, approve;
	DB_STMT *q;
	NEOERR *err;

	if (!decision || (strcmp(decision, "approve") && strcmp(decision, "reject")))
		return nerr_raise(ERR_BAD_REQUEST, "decision");
	approve = !strcmp(decision, "approve");
	err = deal_scoped(req, req->ids[0], 0, &d);
	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "SELECT id, approver_id FROM deal_approval WHERE deal_id = ? AND stage_id = ?"
			 " AND status = 'pending' ORDER BY id DESC LIMIT 1");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d.id);
	db_bind_int(q, 2, d.stage_id);
	if (db_step(q) == DB_ROW) {
		found = 1;
		id = db_col_int(q, 0);
		approver = db_col_int(q, 1);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_CONFLICT, "no pending approval on deal %lld", d.id);
	if (!err && approver != req->user->id) {
		struct audit_event ev = { "deal.approval.refused", "deal", d.id, NULL, NULL, "not the approver" };

		err = audit_log(req, &ev);
		if (!err)
			err = nerr_raise(ERR_FORBIDDEN, "only the owner's direct superior decides");
	}
	if (!err && !approve && (!comment || !*comment)) {
		err = hdf_set_value(req->hdf, "Form.Errors.comment", "Valid.Required");
		if (!err) err = deal_detail(req);
		req->status = 400;
		return nerr_pass(err);
	}
	if (!err) err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE deal_approval SET status = ?, comment = ?, decided_at = UTC_TIMESTAMP(6)"
			       " WHERE id = ? AND status = 'pending'", "tti", approve ? "approved" : "rejected",
			       comment, id);
	if (!err) {
		struct audit_event ev = { approve ? "deal.approval.approve" : "deal.approval.reject",
					  "deal", d.id, "approval", "pending", comment };

		err = audit_log(req, &ev);
	}
	if (!err) err = deal_event(req, d.id, approve ? "approved" : "rejected", d.stage_id, 0, comment);
	err = db_finish(err);
	if (!err)
		err = deal_back_to(req, d.id, approve ? "Approved" : "Rejected");
	return nerr_pass(err);
}

/* POST /deals/#/close: close-won from the last stage; the handoff (R4.3)
 * must be complete. */
NEOERR *deal_close(REQUEST *req)
{
	const char *contacts = request_param(req, "handoff_contacts");
	const char *docs = request_param(req, "handoff_documents");
	const char *issues = request_param(req, "handoff_issues");
	struct deal_row d;
	NEOERR *err = deal_scoped(req, req->ids[0], 1, &d);

	if (err)
		return nerr_pass(err);
	if (strcmp(d.status, "open"))
		return nerr_raise(ERR_CONFLICT, "deal %lld is closed", d.id);
	if (d.position != d.last_position)
		return nerr_raise(ERR_CONFLICT, "deal %lld is not in its last stage", d.id);
	if (!contacts || !docs || !issues || req->param_errors) {
		HDF *f;

		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err && !contacts && !hdf_get_value(f, "handoff_contacts", NULL))
			err = hdf_set_value(f, "handoff_contacts", "Valid.Required");
		if (!err && !docs && !hdf_get_value(f, "handoff_documents", NULL))
			err = hdf_set_value(f, "handoff_documents", "Valid.Required");
		if (!err && !issues && !hdf_get_value(f, "handoff_issues", NULL))
			err = hdf_set_value(f, "handoff_issues", "Valid.Required");
		if (!err) {
			struct audit_event ev = { "deal.close.refused", "deal", d.id, NULL, NULL, "handoff incomplete" };

			err = audit_log(req, &ev);
		}
		if (!err) err = deal_detail(req);
		req->status = 400;
		return nerr_pass(err);
	}
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE deal SET status = 'won', handoff_contacts = ?, handoff_documents = ?,"
			       " handoff_issues = ?, closed_at = UTC_TIMESTAMP(6), updated_at = UTC_TIMESTAMP(6)"
			       " WHERE id = ? AND status = 'open'", "ttti", contacts, docs, issues, d.id);
	if (!err) {
		struct audit_event ev = { "deal.close", "deal", d.id, "status", "open", "won" };

		err = audit_log(req, &ev);
	}
	if (!err) err = deal_event(req, d.id, "won", d.stage_id, 0, NULL);
	if (!err) err = success_contract_from_deal(req, d.id);   /* R11: the contract */
	err = db_finish(err);
	if (!err)
		err = deal_back_to(req, d.id, "Closed");
	return nerr_pass(err);
}
