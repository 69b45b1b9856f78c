/* admin_org.c — roles (read-only view of capability sets), teams, regions. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "user.h"

NEOERR *admin_roles(REQUEST *req)
{
	size_t ncaps;
	const struct capability *caps = user_capabilities(&ncaps);
	DB_STMT *q;
	NEOERR *err = STATUS_OK;

	for (size_t i = 0; !err && i < ncaps; i++) {
		HDF *row;

		err = render_row(req->hdf, "Caps", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", caps[i].code);
		if (!err) err = hdf_set_value(row, "Name", caps[i].hdf_name);
	}
	if (!err)
		err = db_prepare(&q, "SELECT r.id, r.code, r.read_scope, r.edit_scope,"
				 " (SELECT COUNT(*) FROM users u WHERE u.role_id = r.id)"
				 " FROM role r ORDER BY r.sort");
	if (err)
		return nerr_pass(err);
	{
		static const char *const names[] = { "Id", "Code", "ReadScope", "EditScope", "Users" };

		err = render_rows(req->hdf, "Roles", q, names, 5, NULL);
	}
	/* The grid: Roles.N.Has.<cap index> = 1. */
	if (!err)
		err = db_prepare(&q, "SELECT r.sort, rc.cap, r.id FROM role_capability rc"
				 " JOIN role r ON r.id = rc.role_id ORDER BY r.sort");
	if (err)
		return nerr_pass(err);
	while (!err && db_step(q) == DB_ROW) {
		int ci = user_cap_index(db_col_text(q, 1));
		const char *rid = db_col_text(q, 2);

		for (HDF *r = hdf_get_child(req->hdf, "Roles"); r && ci >= 0; r = hdf_obj_next(r))
			if (!strcmp(hdf_get_value(r, "Id", ""), rid)) {
				char name[32];

				snprintf(name, sizeof(name), "Has.%d", ci);
				err = hdf_set_value(r, name, "1");
				break;
			}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-roles");
	req->template_name = "admin_roles.cs";
	return nerr_pass(err);
}

static NEOERR *org_fill(REQUEST *req)
{
	DB_STMT *q;
	NEOERR *err;

	err = db_prepare(&q, "SELECT t.id, t.name, g.name,"
			 " (SELECT COUNT(*) FROM users u WHERE u.team_id = t.id AND u.status = 'active')"
			 " FROM team t LEFT JOIN region g ON g.id = t.region_id ORDER BY t.name");
	if (err)
		return nerr_pass(err);
	{
		static const char *const names[] = { "Id", "Name", "Region", "Members" };

		err = render_rows(req->hdf, "Org.Teams", q, names, 4, NULL);
	}
	if (!err)
		err = db_prepare(&q, "SELECT g.id, g.code, g.name,"
				 " (SELECT COUNT(*) FROM users u WHERE u.region_id = g.id AND u.status = 'active')"
				 " FROM region g ORDER BY g.code");
	if (err)
		return nerr_pass(err);
	{
		static const char *const names[] = { "Id", "Code", "Name", "Members" };

		err = render_rows(req->hdf, "Org.Regions", q, names, 4, NULL);
	}
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-org");
	req->template_name = "admin_org.cs";
	return nerr_pass(err);
}

NEOERR *admin_org(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	if (!err)
		err = org_fill(req);
	return nerr_pass(err);
}

static NEOERR *org_error(REQUEST *req, const char *field, const char *key)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err)
		err = hdf_set_value(f, field, key);
	req->status = 400;
	if (!err)
		err = org_fill(req);
	return nerr_pass(err);
}

/* Inserts one row and audits it; a duplicate name comes back to the form. */
static NEOERR *org_insert(REQUEST *req, const char *sql, const char *types,
			  const char *a, const char *b, const char *object,
			  const char *dup_field)
{
	unsigned long long id = 0;
	NEOERR *err = db_begin();

	if (!err)
		err = db_execf(&id, sql, types, a, b);
	if (!err) {
		struct audit_event ev = { object[0] == 't' ? "team.create" : "region.create",
					  object, (long long)id, NULL, NULL, a };

		err = audit_log(req, &ev);
	}
	if (err) {
		db_rollback();
		if (nerr_handle(&err, ERR_DUPLICATE))
			return nerr_pass(org_error(req, dup_field, "Admin.NameTaken"));
		return nerr_pass(err);
	}
	err = db_commit();
	if (!err)
		err = request_redirect(req, "/admin/org?done=Saved");
	return nerr_pass(err);
}

NEOERR *admin_team_create(REQUEST *req)
{
	const char *name = request_param(req, "team_name");
	const char *region = request_param(req, "region");
	long long n = 0;
	NEOERR *err;

	if (!name)
		return nerr_pass(org_error(req, "team_name", "Valid.Required"));
	if (region) {
		err = db_int_query(&n, NULL, "SELECT COUNT(*) FROM region WHERE id = ?", "t", region);
		if (err)
			return nerr_pass(err);
		if (!n)
			return nerr_pass(org_error(req, "region", "Valid.Unknown"));
	}
	return nerr_pass(org_insert(req, "INSERT INTO team (name, region_id) VALUES (?, ?)",
				    "tt", name, region, "team", "team_name"));
}

NEOERR *admin_region_create(REQUEST *req)
{
	const char *code = request_param(req, "region_code");
	const char *name = request_param(req, "region_name");

	if (!code)
		return nerr_pass(org_error(req, "region_code", "Valid.Required"));
	if (!name)
		return nerr_pass(org_error(req, "region_name", "Valid.Required"));
	render_id_names_forget();
	return nerr_pass(org_insert(req, "INSERT INTO region (code, name) VALUES (?, ?)",
				    "tt", code, name, "region", "region_code"));
}
