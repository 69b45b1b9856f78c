/* notify.c — the in-app inbox: alerts exactly once, unread count, read marks. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "notify.h"
#include "outbox.h"
#include "pages.h"
#include "render.h"
#include "user.h"

NEOERR *notify_user(long long user_id, const char *kind, const char *dedup_key,
		    const char *object_type, long long object_id, const char *detail,
		    int *created)
{
	DB_STMT *q;
	NEOERR *err;

	if (created)
		*created = 0;
	err = db_prepare(&q, "INSERT INTO notification (user_id, kind, dedup_key, object_type,"
			 " object_id, detail, created_at) VALUES (?, ?, ?, ?, NULLIF(?, 0), ?,"
			 " UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE id = id");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, user_id);
	db_bind_text(q, 2, kind);
	db_bind_text(q, 3, dedup_key);
	db_bind_text(q, 4, object_type);
	db_bind_int(q, 5, object_id);
	db_bind_text(q, 6, detail);
	db_step(q);
	{
		int fresh = db_affected(q) == 1;
		long long nid = (long long)db_insert_id(q);

		err = db_finalize(q);
		if (created)
			*created = fresh;
		/* a new alert also leaves by e-mail and webhooks (outbox.h) */
		if (!err && fresh)
			err = outbox_enqueue(nid, user_id, kind);
	}
	return nerr_pass(err);
}

NEOERR *notify_unread(long long user_id, int *n)
{
	long long v = 0;
	NEOERR *err = db_int_query(&v, NULL, "SELECT COUNT(*) FROM (SELECT 1 FROM notification"
				   " WHERE user_id = ? AND read_at IS NULL LIMIT 99) x", "i", user_id);

	*n = (int)v;
	return nerr_pass(err);
}

NEOERR *notify_inbox(REQUEST *req)
{
	const char *done = request_param(req, "done");
	DB_STMT *q;
	int i = 0;
	NEOERR *err = done ? hdf_set_value(req->hdf, "Page.Flash", done) : STATUS_OK;

	if (!err)
		err = db_prepare(&q, "SELECT id, kind, object_type, object_id, detail, created_at,"
				 " read_at IS NULL FROM notification WHERE user_id = ?"
				 " ORDER BY id DESC LIMIT 100");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Inbox", i++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Kind", db_col_text(q, 1));
		if (!err) err = render_set(row, "ObjectType", db_col_text(q, 2));
		if (!err) err = render_set(row, "ObjectId", db_col_text(q, 3));
		if (!err) err = render_set(row, "Detail", db_col_text(q, 4));
		if (!err) err = render_set_time(req, row, "At", db_col_text(q, 5));
		if (!err) err = hdf_set_value(row, "Unread", db_col_text(q, 6));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "inbox");
	req->template_name = "inbox.cs";
	return nerr_pass(err);
}

/* Marks one (ids[0]) or all of this person's alerts read. */
NEOERR *notify_mark_read(REQUEST *req)
{
	long long id = req->nids > 0 ? req->ids[0] : 0;
	NEOERR *err = db_begin();

	if (!err)
		err = db_execf(NULL, "UPDATE notification SET read_at = UTC_TIMESTAMP(6)"
			       " WHERE user_id = ? AND read_at IS NULL AND (? = 0 OR id = ?)", "iii",
			       req->user->id, id, id);
	if (!err) {
		struct audit_event ev = { "notification.read", "notification", id, NULL, NULL,
					  id ? NULL : "all" };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/inbox?done=Saved");
	return nerr_pass(err);
}
