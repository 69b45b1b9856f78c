/* admin_pipelines.c — pipelines and stages as a sales-ops admin composes
 * them in the browser (admin.config): stage names, order, stagnation limit,
 * approval-required flag, typed exit rules, checklist items, tasks on entry.
 * Every change is audited; a refused value re-shows the page with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "dealrule.h"
#include "err.h"
#include "pages.h"
#include "render.h"

static const char *const rule_fields[] = { "budget_confirmed", "decision_makers", "amount", "key_contact" };
static const char *const task_roles[] = { "owner", "presales", "finance", "legal", "csm", "team_lead",
					  "regional_manager" };

static int listed(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (!strcmp(v, list[i]))
			return 1;
	return 0;
}

static int flag(const char *v)
{
	return v && (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "true"));
}

NEOERR *admin_pipelines(REQUEST *req)
{
	const char *done = request_param(req, "done");
	DB_STMT *q;
	NEOERR *err;
	static const char *const pnames[] = { "Id", "Code", "Name" };
	static const char *const snames[] = { "Id", "PipelineId", "Position", "Name", "Hours", "Approval" };
	static const char *const rnames[] = { "Id", "StageId", "Kind", "Field", "Min", "Types", "MaxKB",
					      "MinPages", "Label" };
	static const char *const inames[] = { "Id", "StageId", "Position", "Label", "Evidence", "Approval" };
	static const char *const tnames[] = { "Id", "StageId", "Title", "Role", "Hours" };

	err = db_prepare(&q, "SELECT id, code, name FROM pipeline ORDER BY id");
	if (!err) err = render_rows(req->hdf, "Admin.Pipelines", q, pnames, 3, NULL);
	if (!err) err = db_prepare(&q, "SELECT id, pipeline_id, position, name, stagnation_hours, needs_approval"
				   " FROM stage ORDER BY pipeline_id, position");
	if (!err) err = render_rows(req->hdf, "Admin.Stages", q, snames, 6, NULL);
	if (!err) err = db_prepare(&q, "SELECT id, stage_id, kind, field, min_count, types, max_kb, min_pages,"
				   " label FROM stage_rule ORDER BY stage_id, id");
	if (!err) err = render_rows(req->hdf, "Admin.Rules", q, rnames, 9, NULL);
	if (!err) err = db_prepare(&q, "SELECT id, stage_id, position, label, evidence, needs_approval"
				   " FROM checklist_item ORDER BY stage_id, position");
	if (!err) err = render_rows(req->hdf, "Admin.Items", q, inames, 6, NULL);
	if (!err) err = db_prepare(&q, "SELECT id, stage_id, title, role_code, due_hours FROM stage_task"
				   " ORDER BY stage_id, id");
	if (!err) err = render_rows(req->hdf, "Admin.Tasks", q, tnames, 5, NULL);
	if (!err && done) err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-pipelines");
	req->template_name = "admin_pipelines.cs";
	return nerr_pass(err);
}

static NEOERR *admin_refuse(REQUEST *req, const char *field, const char *key)
{
	char name[64];
	NEOERR *err;

	snprintf(name, sizeof(name), "Form.Errors.%s", field);
	err = hdf_set_value(req->hdf, name, key);
	if (!err) err = hdf_set_value(req->hdf, "Form.Stage", hdf_get_value(req->hdf, "Form.Stage", ""));
	if (!err) err = admin_pipelines(req);
	req->status = 400;
	return nerr_pass(err);
}

static NEOERR *admin_done(REQUEST *req, const char *action, const char *object, long long id,
			  const char *after)
{
	struct audit_event ev = { action, object, id, NULL, NULL, after };
	NEOERR *err = audit_log(req, &ev);

	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/admin/pipelines?done=Saved");
	return nerr_pass(err);
}

static NEOERR *stage_exists(long long id)
{
	long long n = 0;
	NEOERR *err = db_int_query(&n, NULL, "SELECT COUNT(*) FROM stage WHERE id = ?", "i", id);

	if (!err && !n)
		err = nerr_raise(ERR_NOT_FOUND, "stage %lld", id);
	return nerr_pass(err);
}

/* POST /admin/stages/#: name, stagnation limit, approval flag. */
NEOERR *admin_stage_save(REQUEST *req)
{
	const char *name = request_param(req, "name");
	long long hours = request_param_int(req, "stagnation_hours", 0);
	NEOERR *err = stage_exists(req->ids[0]);
	char after[160];

	if (err)
		return nerr_pass(err);
	if (req->param_errors)
		return nerr_pass(admin_refuse(req, "stage", "Valid.Line"));
	if (!name)
		return nerr_pass(admin_refuse(req, "name", "Valid.Required"));
	if (hours < 1 || hours > 24 * 365)
		return nerr_pass(admin_refuse(req, "stagnation_hours", "Valid.Int"));
	err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE stage SET name = ?, stagnation_hours = ?, needs_approval = ? WHERE id = ?",
			       "tiii", name, hours, (long long)flag(request_param(req, "needs_approval")),
			       req->ids[0]);
	snprintf(after, sizeof(after), "%.100s %lldh approval=%d", name, hours,
		 flag(request_param(req, "needs_approval")));
	if (err)
		return nerr_pass(db_finish(err));
	return nerr_pass(admin_done(req, "pipeline.stage.update", "stage", req->ids[0], after));
}

/* POST /admin/stages/#/up: swap with the stage before it. */
NEOERR *admin_stage_up(REQUEST *req)
{
	long long pipeline = 0, pos = 0, other = 0;
	int found = 0;
	DB_STMT *q;
	NEOERR *err = db_prepare(&q, "SELECT pipeline_id, position FROM stage WHERE id = ?");

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->ids[0]);
	if (db_step(q) == DB_ROW) {
		found = 1;
		pipeline = db_col_int(q, 0);
		pos = db_col_int(q, 1);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "stage");
	if (!err)
		err = db_int_query(&other, &found, "SELECT id FROM stage WHERE pipeline_id = ? AND position = ?",
				   "ii", pipeline, pos - 1);
	if (!err && !found)
		err = nerr_raise(ERR_CONFLICT, "first stage");
	if (!err) err = db_begin();
	/* via a free position, so the unique key never sees two at once */
	if (!err) err = db_execf(NULL, "UPDATE stage SET position = 0 WHERE id = ?", "i", req->ids[0]);
	if (!err) err = db_execf(NULL, "UPDATE stage SET position = ? WHERE id = ?", "ii", pos, other);
	if (!err) err = db_execf(NULL, "UPDATE stage SET position = ? WHERE id = ?", "ii", pos - 1, req->ids[0]);
	if (err)
		return nerr_pass(db_finish(err));
	return nerr_pass(admin_done(req, "pipeline.stage.move", "stage", req->ids[0], "up"));
}

/* POST /admin/pipelines/#/stages: a new last stage. */
NEOERR *admin_stage_create(REQUEST *req)
{
	const char *name = request_param(req, "name");
	long long hours = request_param_int(req, "stagnation_hours", 72);
	long long n = 0;
	unsigned long long id = 0;
	NEOERR *err = db_int_query(&n, NULL, "SELECT COUNT(*) FROM pipeline WHERE id = ?", "i", req->ids[0]);

	if (!err && !n)
		err = nerr_raise(ERR_NOT_FOUND, "pipeline");
	if (err)
		return nerr_pass(err);
	if (!name || req->param_errors)
		return nerr_pass(admin_refuse(req, "name", "Valid.Required"));
	if (hours < 1 || hours > 24 * 365)
		return nerr_pass(admin_refuse(req, "stagnation_hours", "Valid.Int"));
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO stage (pipeline_id, position, name, stagnation_hours)"
			       " SELECT ?, COALESCE(MAX(position), 0) + 1, ?, ? FROM stage WHERE pipeline_id = ?",
			       "itii", req->ids[0], name, hours, req->ids[0]);
	if (err)
		return nerr_pass(db_finish(err));
	return nerr_pass(admin_done(req, "pipeline.stage.create", "stage", (long long)id, name));
}

/* POST /admin/stages/#/rules: a typed exit rule. */
NEOERR *admin_rule_create(REQUEST *req)
{
	const char *kind = request_param(req, "kind");
	const char *field = request_param(req, "field");
	const char *types = request_param(req, "types");
	const char *label = request_param(req, "label");
	long long min = request_param_int(req, "min_count", 1);
	long long max_kb = request_param_int(req, "max_kb", 0);
	long long pages = request_param_int(req, "min_pages", 0);
	int k = dealrule_kind_parse(kind);
	unsigned long long id = 0;
	NEOERR *err = stage_exists(req->ids[0]);

	if (err)
		return nerr_pass(err);
	if (!err) err = hdf_set_int_value(req->hdf, "Form.Stage", (int)req->ids[0]);
	if (err)
		return nerr_pass(err);
	if (req->param_errors)
		return nerr_pass(admin_refuse(req, "rule", "Valid.Line"));
	if (k < 0 || k == DR_APPROVAL)
		return nerr_pass(admin_refuse(req, "kind", "Valid.Unknown"));
	if (!label)
		return nerr_pass(admin_refuse(req, "label", "Valid.Required"));
	if (k == DR_FIELD && !listed(field, rule_fields, sizeof(rule_fields) / sizeof(rule_fields[0])))
		return nerr_pass(admin_refuse(req, "field", "Valid.Unknown"));
	if (k == DR_ATTACHMENT && !field)
		return nerr_pass(admin_refuse(req, "field", "Valid.Required"));
	if (k == DR_ATTACHMENT) {
		for (const char *p = types ? types : ""; *p;) {
			size_t n = strcspn(p, ",");
			char t[16];

			snprintf(t, sizeof(t), "%.*s", (int)(n < 15 ? n : 15), p);
			if (!dealrule_type_mime(t))
				return nerr_pass(admin_refuse(req, "types", "Valid.Unknown"));
			p += n + (p[n] == ',');
		}
	}
	if (k == DR_ACTIVITIES && min < 1)
		return nerr_pass(admin_refuse(req, "min_count", "Valid.Int"));
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO stage_rule (stage_id, kind, field, min_count, types, max_kb,"
			       " min_pages, label) VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), ?)",
			       "ittitiit", req->ids[0], dealrule_kind_name(k),
			       (k == DR_FIELD || k == DR_ATTACHMENT) ? field : NULL, min,
			       k == DR_ATTACHMENT ? types : NULL, max_kb, pages, label);
	if (err)
		return nerr_pass(db_finish(err));
	return nerr_pass(admin_done(req, "pipeline.rule.create", "stage_rule", (long long)id, label));
}

NEOERR *admin_rule_delete(REQUEST *req)
{
	NEOERR *err = db_begin();

	if (!err)
		err = db_execf(NULL, "DELETE FROM stage_rule WHERE id = ?", "i", req->ids[0]);
	if (err)
		return nerr_pass(db_finish(err));
	return nerr_pass(admin_done(req, "pipeline.rule.delete", "stage_rule", req->ids[0], NULL));
}

/* POST /admin/stages/#/items: a checklist item. */
NEOERR *admin_item_create(REQUEST *req)
{
	static const char *const evidence[] = { "none", "optional", "mandatory" };
	const char *label = request_param(req, "label");
	const char *ev = request_param(req, "evidence");
	unsigned long long id = 0;
	NEOERR *err = stage_exists(req->ids[0]);

	if (err)
		return nerr_pass(err);
	if (!label || req->param_errors)
		return nerr_pass(admin_refuse(req, "item_label", "Valid.Required"));
	if (!listed(ev, evidence, 3))
		return nerr_pass(admin_refuse(req, "evidence", "Valid.Unknown"));
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO checklist_item (stage_id, position, label, evidence, needs_approval)"
			       " SELECT ?, COALESCE(MAX(position), 0) + 1, ?, ?, ? FROM checklist_item WHERE stage_id = ?",
			       "itti" "i", req->ids[0], label, ev,
			       (long long)flag(request_param(req, "needs_approval")), req->ids[0]);
	if (err)
		return nerr_pass(db_finish(err));
	return nerr_pass(admin_done(req, "pipeline.item.create", "checklist_item", (long long)id, label));
}

/* POST /admin/stages/#/tasks: a task created on entering the stage. */
NEOERR *admin_stage_task_create(REQUEST *req)
{
	const char *title = request_param(req, "title");
	const char *role = request_param(req, "role");
	long long hours = request_param_int(req, "due_hours", 48);
	unsigned long long id = 0;
	NEOERR *err = stage_exists(req->ids[0]);

	if (err)
		return nerr_pass(err);
	if (!title || req->param_errors)
		return nerr_pass(admin_refuse(req, "title", "Valid.Required"));
	if (!listed(role, task_roles, sizeof(task_roles) / sizeof(task_roles[0])))
		return nerr_pass(admin_refuse(req, "role", "Valid.Unknown"));
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO stage_task (stage_id, title, role_code, due_hours) VALUES (?, ?, ?, ?)",
			       "itti", req->ids[0], title, role, hours);
	if (err)
		return nerr_pass(db_finish(err));
	return nerr_pass(admin_done(req, "pipeline.task.create", "stage_task", (long long)id, title));
}

NEOERR *admin_stage_task_delete(REQUEST *req)
{
	NEOERR *err = db_begin();

	if (!err)
		err = db_execf(NULL, "DELETE FROM stage_task WHERE id = ?", "i", req->ids[0]);
	if (err)
		return nerr_pass(db_finish(err));
	return nerr_pass(admin_done(req, "pipeline.task.delete", "stage_task", req->ids[0], NULL));
}

/* POST /admin/pipelines: a new pipeline (code, name) with its first stage. */
NEOERR *admin_pipeline_create(REQUEST *req)
{
	const char *code = request_param(req, "code");
	const char *name = request_param(req, "name");
	unsigned long long id = 0;
	long long taken = 0;
	NEOERR *err;

	if (req->param_errors || !code)
		return nerr_pass(admin_refuse(req, "code", req->param_errors ? "Valid.Slug" : "Valid.Required"));
	if (!name)
		return nerr_pass(admin_refuse(req, "name", "Valid.Required"));
	err = db_int_query(&taken, NULL, "SELECT COUNT(*) FROM pipeline WHERE code = ?", "t", code);
	if (err)
		return nerr_pass(err);
	if (taken)
		return nerr_pass(admin_refuse(req, "code", "Pipelines.CodeTaken"));
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO pipeline (code, name) VALUES (?, ?)", "tt", code, name);
	if (!err)
		err = db_execf(NULL, "INSERT INTO stage (pipeline_id, position, name) VALUES (?, 1, ?)", "it",
			       (long long)id, render_text(req->lang, "Pipelines.FirstStage"));
	if (err)
		return nerr_pass(db_finish(err));
	return nerr_pass(admin_done(req, "pipeline.create", "pipeline", (long long)id, code));
}
