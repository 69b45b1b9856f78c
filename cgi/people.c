/* people.c — the staff directory, limited to what the reader's role sees.
 * It is the first list built on user_scope_sql(): a rep sees their region,
 * a manager their part of the org chart, finance everyone. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "user.h"

#define PAGE_SIZE 50

NEOERR *people_list(REQUEST *req)
{
	const char *q_text = request_param(req, "q");
	long long page = request_param_int(req, "page", 1);
	struct db_args scope = { 0 };
	int n = 0;
	char like[220];
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	err = string_append(&sql,
		"SELECT u.id, u.login, u.display_name, r.code, t.name, g.name,"
		" m.display_name, u.status, u.hire_date"
		" FROM users u JOIN role r ON r.id = u.role_id"
		" LEFT JOIN team t ON t.id = u.team_id"
		" LEFT JOIN region g ON g.id = u.region_id"
		" LEFT JOIN users m ON m.id = u.manager_id WHERE ");
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "u.id", "u.region_id",
				     &sql, &scope);
	if (!err && q_text)
		err = string_append(&sql, " AND (u.display_name LIKE ? OR u.login LIKE ?)");
	if (!err)
		err = string_append(&sql, " ORDER BY u.display_name, u.id LIMIT ? OFFSET ?");
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	if (q_text) {
		db_like_pattern(q_text, like, sizeof(like));
		db_args_text(&scope, like);
		db_args_text(&scope, like);
	}
	db_args_int(&scope, PAGE_SIZE + 1);
	db_args_int(&scope, (page - 1) * PAGE_SIZE);
	db_bind_args(q, &scope, 1);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		if (n == PAGE_SIZE) {
			err = hdf_set_int_value(req->hdf, "Pager.Next", (int)page + 1);
			break;
		}
		err = render_row(req->hdf, "People.Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Login", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Role", db_col_text(q, 3));
		if (!err) err = render_set(row, "Team", db_col_text(q, 4));
		if (!err) err = render_set(row, "Region", db_col_text(q, 5));
		if (!err) err = render_set(row, "Manager", db_col_text(q, 6));
		if (!err) err = hdf_set_value(row, "Status", db_col_text(q, 7));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_int_value(req->hdf, "People.Count", n);
	if (!err) err = hdf_set_value(req->hdf, "People.Scope", user_scope_name(req->user->read_scope));
	if (!err && page > 1) err = hdf_set_int_value(req->hdf, "Pager.Prev", (int)page - 1);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "people");
	req->template_name = "people.cs";
	return nerr_pass(err);
}
