/* sys.c — pages about the system itself: health and the start page. */
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "user.h"

/* 200 "ok" when the database answers, 503 otherwise; a load balancer and
 * the host's monitoring read this, so it never needs a login. */
NEOERR *sys_healthz(REQUEST *req)
{
	NEOERR *err = db_ping();

	req->content_type = "text/plain; charset=utf-8";
	if (err)
		return nerr_pass(err);   /* ERR_UNAVAILABLE → 503 */
	return nerr_pass(string_append(&req->body, "ok\n"));
}

/* The start page: who you are in the organisation and where you can go. */
NEOERR *sys_home(REQUEST *req)
{
	DB_STMT *q;
	HDF *me;
	NEOERR *err;

	/* People who work leads land on "today" (issue 11); so do CSMs, whose
	 * success-journey tasks are listed there (issue 9). */
	if (user_can(req->user, "lead.read") || user_can(req->user, "contract.edit"))
		return nerr_pass(today_page(req));
	err = hdf_get_node(req->hdf, "Me", &me);
	if (!err)
		err = db_prepare(&q, "SELECT t.name, g.name, m.display_name, u.cert_no,"
				 " u.cert_expires, u.cert_expires < UTC_DATE(), u.hire_date"
				 " FROM users u LEFT JOIN team t ON t.id = u.team_id"
				 " LEFT JOIN region g ON g.id = u.region_id"
				 " LEFT JOIN users m ON m.id = u.manager_id WHERE u.id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	if (db_step(q) == DB_ROW) {
		err = render_set(me, "Team", db_col_text(q, 0));
		if (!err) err = render_set(me, "Region", db_col_text(q, 1));
		if (!err) err = render_set(me, "Manager", db_col_text(q, 2));
		if (!err) err = render_set(me, "CertNo", db_col_text(q, 3));
		if (!err) err = render_set(me, "CertExpires", db_col_text(q, 4));
		if (!err) err = render_set(me, "CertExpired", db_col_text(q, 5));
		if (!err) err = render_set(me, "HireDate", db_col_text(q, 6));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err)
		err = hdf_set_value(req->hdf, "Page.Name", "home");
	req->template_name = "home.cs";
	return nerr_pass(err);
}
