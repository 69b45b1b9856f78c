/* admin_channels.c — channels: weight, first-response SLA, public form fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"

/* The optional public-form fields an admin can switch on. */
static const char *const form_fields[] = {
	"company", "region", "industry", "email", "need", "intent",
};
#define N_FORM_FIELDS (sizeof(form_fields) / sizeof(form_fields[0]))

static int channel_has_field(const char *list, const char *code)
{
	size_t cl = strlen(code);

	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ",");

		if (n == cl && !strncmp(p, code, n))
			return 1;
		p += n + (p[n] == ',');
	}
	return 0;
}

static NEOERR *channels_fill(REQUEST *req)
{
	DB_STMT *q;
	NEOERR *err;

	err = db_prepare(&q, "SELECT c.id, c.code, c.name, c.weight, c.sla_minutes, c.active,"
			 " (SELECT COUNT(*) FROM lead l WHERE l.channel_id = c.id),"
			 " (SELECT COUNT(*) FROM form_refusal f WHERE f.channel_id = c.id"
			 "  AND f.at > UTC_TIMESTAMP(6) - INTERVAL 7 DAY)"
			 " FROM channel c ORDER BY c.id");
	if (err)
		return nerr_pass(err);
	{
		static const char *const names[] = {
			"Id", "Code", "Name", "Weight", "Sla", "Active", "Leads", "Refused",
		};

		err = render_rows(req->hdf, "Channels", q, names, 8, NULL);
	}
	for (size_t i = 0; !err && i < N_FORM_FIELDS; i++) {
		const char *chosen = hdf_get_value(req->hdf, "Edit.form_fields", "");
		HDF *row;

		err = render_row(req->hdf, "FormFields", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", form_fields[i]);
		if (!err && channel_has_field(chosen, form_fields[i]))
			err = hdf_set_value(row, "Checked", "1");
	}
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-channels");
	req->template_name = "admin_channels.cs";
	return nerr_pass(err);
}

NEOERR *admin_channels(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	if (!err)
		err = hdf_set_value(req->hdf, "Edit.sla_minutes", "120");
	if (!err)
		err = hdf_set_value(req->hdf, "Edit.weight", "1.00");
	if (!err)
		err = hdf_set_value(req->hdf, "Edit.active", "1");
	if (!err)
		err = hdf_set_value(req->hdf, "Edit.form_fields", "company,region,industry,email,need,intent");
	if (!err)
		err = channels_fill(req);
	return nerr_pass(err);
}

NEOERR *admin_channel_edit(REQUEST *req)
{
	const char *done = request_param(req, "done");
	DB_STMT *q;
	HDF *e;
	int found = 0;
	NEOERR *err = hdf_get_node(req->hdf, "Edit", &e);

	if (!err && done)
		err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err)
		err = db_prepare(&q, "SELECT id, code, name, weight, sla_minutes, active, form_fields"
				 " FROM channel WHERE id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->ids[0]);
	if (db_step(q) == DB_ROW) {
		found = 1;
		err = hdf_set_value(e, "id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(e, "code", db_col_text(q, 1));
		if (!err) err = hdf_set_value(e, "name", db_col_text(q, 2));
		if (!err) err = hdf_set_value(e, "weight", db_col_text(q, 3));
		if (!err) err = hdf_set_value(e, "sla_minutes", db_col_text(q, 4));
		if (!err) err = hdf_set_value(e, "active", db_col_text(q, 5));
		if (!err) err = hdf_set_value(e, "form_fields", db_col_text(q, 6));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "channel %lld", req->ids[0]);
	if (!err)
		err = channels_fill(req);
	return nerr_pass(err);
}

/* Checks the form; on errors shows it again with what was typed. */
static int channel_form_ok(REQUEST *req, int creating)
{
	HDF *f = NULL;
	const char *w = request_param(req, "weight");
	NEOERR *err = STATUS_OK;
	int bad = req->param_errors;

	if (creating && !request_param(req, "code") && !hdf_get_value(req->hdf, "Form.Errors.code", NULL)) {
		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err) err = hdf_set_value(f, "code", "Valid.Required");
		bad++;
	}
	if (!err && !request_param(req, "name") && !hdf_get_value(req->hdf, "Form.Errors.name", NULL)) {
		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err) err = hdf_set_value(f, "name", "Valid.Required");
		bad++;
	}
	if (!err && w && strtod(w, NULL) > 1.0) {
		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err) err = hdf_set_value(f, "weight", "Channel.WeightRange");
		bad++;
	}
	/* only known field codes */
	for (const char *p = request_param(req, "form_fields"); !err && p && *p;) {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < N_FORM_FIELDS; i++)
			if (n == strlen(form_fields[i]) && !strncmp(p, form_fields[i], n))
				break;
		if (i == N_FORM_FIELDS) {
			err = hdf_get_node(req->hdf, "Form.Errors", &f);
			if (!err) err = hdf_set_value(f, "form_fields", "Valid.Unknown");
			bad++;
			break;
		}
		p += n + (p[n] == ',');
	}
	nerr_ignore(&err);
	return bad == 0;
}

static NEOERR *channel_reshow(REQUEST *req, long long id)
{
	static const char *const names[] = { "code", "name", "weight", "sla_minutes", "active", "form_fields" };
	HDF *e, *typed = hdf_get_obj(req->hdf, "Form.Typed");
	NEOERR *err = hdf_get_node(req->hdf, "Edit", &e);

	for (size_t i = 0; !err && i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = typed ? hdf_get_value(typed, names[i], NULL) : NULL;

		err = render_set(e, names[i], v ? v : "");
	}
	if (!err && id)
		err = hdf_set_int_value(e, "id", (int)id);
	req->status = 400;
	if (!err)
		err = channels_fill(req);
	return nerr_pass(err);
}

NEOERR *admin_channel_create(REQUEST *req)
{
	unsigned long long id = 0;
	const char *weight = request_param(req, "weight");
	const char *sla = request_param(req, "sla_minutes");
	const char *fields = request_param(req, "form_fields");
	NEOERR *err;

	if (!channel_form_ok(req, 1))
		return nerr_pass(channel_reshow(req, 0));
	err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO channel (code, name, weight, sla_minutes, active, form_fields)"
			       " VALUES (?, ?, ?, ?, ?, ?)", "ttttit", request_param(req, "code"),
			       request_param(req, "name"), weight ? weight : "1.00", sla ? sla : "120",
			       (long long)(request_param(req, "active") != NULL), fields ? fields : "");
	if (!err) {
		struct audit_event ev = { "channel.create", "channel", (long long)id, NULL, NULL,
					  request_param(req, "code") };

		err = audit_log(req, &ev);
	}
	if (err) {
		db_rollback();
		if (nerr_handle(&err, ERR_DUPLICATE)) {
			HDF *f;

			err = hdf_get_node(req->hdf, "Form.Errors", &f);
			if (!err) err = hdf_set_value(f, "code", "Admin.NameTaken");
			if (!err) err = channel_reshow(req, 0);
		}
		return nerr_pass(err);
	}
	err = db_commit();
	render_id_names_forget();   /* this worker's filters show it at once */
	if (!err)
		err = request_redirect(req, "/admin/channels?done=Saved");
	return nerr_pass(err);
}

NEOERR *admin_channel_save(REQUEST *req)
{
	static const char *const cols[] = { "name", "weight", "sla_minutes", "active", "form_fields" };
	long long id = req->ids[0];
	char *before[5] = { 0 };
	const char *after[5];
	char path[64];
	int found = 0;
	DB_STMT *q;
	NEOERR *err;

	if (!channel_form_ok(req, 0))
		return nerr_pass(channel_reshow(req, id));
	after[0] = request_param(req, "name");
	after[1] = request_param(req, "weight") ? request_param(req, "weight") : "1.00";
	after[2] = request_param(req, "sla_minutes") ? request_param(req, "sla_minutes") : "120";
	after[3] = request_param(req, "active") ? "1" : "0";
	after[4] = request_param(req, "form_fields") ? request_param(req, "form_fields") : "";
	err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "SELECT name, weight, sla_minutes, active, form_fields FROM channel"
			 " WHERE id = ? FOR UPDATE");
	if (!err) {
		db_bind_int(q, 1, id);
		if (db_step(q) == DB_ROW) {
			found = 1;
			for (int i = 0; i < 5; i++)
				before[i] = strdup(db_col_text(q, i) ? db_col_text(q, i) : "");
		}
		err = db_finalize(q);
	}
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "channel %lld", id);
	if (!err)
		err = db_execf(NULL, "UPDATE channel SET name = ?, weight = ?, sla_minutes = ?,"
			       " active = ?, form_fields = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
			       "ttttti", after[0], after[1], after[2], after[3], after[4], id);
	for (int i = 0; !err && i < 5; i++) {
		struct audit_event ev = { "channel.update", "channel", id, cols[i], before[i], after[i] };

		/* DECIMAL comes back as "1.00": compare as numbers where needed */
		if (before[i] && (!strcmp(before[i], after[i]) ||
				  (i == 1 && strtod(before[i], NULL) == strtod(after[i], NULL))))
			continue;
		err = audit_log(req, &ev);
	}
	for (int i = 0; i < 5; i++)
		free(before[i]);
	err = db_finish(err);
	render_id_names_forget();
	snprintf(path, sizeof(path), "/admin/channels/%lld?done=Saved", id);
	if (!err)
		err = request_redirect(req, path);
	return nerr_pass(err);
}
