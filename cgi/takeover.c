/* takeover.c — emergency takeover (临时接管, R8.6).
 *
 * A manager or admin (takeover.run) picks a departing person within their
 * edit scope and one or more receivers (also within it, active, not the
 * departing person).  The preview counts what will move; the run moves
 * every customer, deal and lead the person owns in one transaction —
 * customers round-robin over the receivers, a deal to whoever receives its
 * customer (round-robin when its customer stays elsewhere), leads
 * round-robin — and freezes the person's sensitive operations
 * (users.ops_frozen_at: user.c then drops export, reveal and audit export).
 * One audit row per moved record and one summary.  If anything changed
 * since the preview (the counts differ) nothing moves and the preview is
 * shown again.  The person's open tasks move too (task.assignee_id): a task
 * goes with its deal when that deal moved in the same run, else in turn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "user.h"

/* A person and what a takeover would move from them: one column list for
 * the list of people and for the preview of one. */
#define TAKEOVER_PERSON_SQL \
	"SELECT u.id, u.login, u.display_name, u.status, u.ops_frozen_at IS NOT NULL," \
	" (SELECT COUNT(*) FROM customer c WHERE c.owner_id = u.id)," \
	" (SELECT COUNT(*) FROM deal d WHERE d.owner_id = u.id)," \
	" (SELECT COUNT(*) FROM lead l WHERE l.owner_id = u.id)," \
	" (SELECT COUNT(*) FROM task t WHERE t.assignee_id = u.id AND t.status = 'open')"

#define TAKEOVER_MAX_TO 10

/* Is person id within the reader's edit scope (and not the reader)?  Also
 * their name, status and whether their operations are frozen. */
static NEOERR *takeover_person(REQUEST *req, long long id, HDF *node, int *found)
{
	struct db_args scope = { 0 };
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	*found = 0;
	string_init(&sql);
	err = string_append(&sql, TAKEOVER_PERSON_SQL " FROM users u WHERE u.id = ? AND u.id <> ? AND ");
	if (!err)
		err = user_scope_sql(req->user, req->user->edit_scope, "u.id", "u.region_id", &sql, &scope);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, id);
	db_bind_int(q, 2, req->user->id);
	db_bind_args(q, &scope, 3);
	if (db_step(q) == DB_ROW) {
		static const char *const names[] = {
			"Id", "Login", "Name", "Status", "Frozen", "Customers", "Deals", "Leads", "Tasks",
		};

		*found = 1;
		for (int i = 0; !err && i < 9; i++)
			err = render_set(node, names[i], db_col_text(q, i));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

/* The people the reader may hand records to (as the lead list's assignees). */
static NEOERR *takeover_receivers(REQUEST *req, long long from)
{
	struct db_args scope = { 0 };
	const char *chosen = request_param(req, "to");
	int k = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	err = string_append(&sql, "SELECT u.id, u.display_name, u.login FROM users u JOIN role r ON r.id = u.role_id"
			    " WHERE u.status = 'active' AND u.ops_frozen_at IS NULL AND u.id <> ?"
			    " AND r.code IN ('sales_rep', 'team_lead', 'regional_manager') AND ");
	if (!err)
		err = user_scope_sql(req->user, req->user->edit_scope, "u.id", "u.region_id", &sql, &scope);
	if (!err)
		err = string_append(&sql, " ORDER BY u.display_name");
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, from);
	db_bind_args(q, &scope, 2);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;
		char id[24];

		err = render_row(req->hdf, "Takeover.Receivers", k++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Name", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Login", db_col_text(q, 2));
		snprintf(id, sizeof(id), "%s", db_col_text(q, 0));
		/* P_MULTI values arrive joined by commas */
		for (const char *p = chosen; !err && p && *p;) {
			size_t n = strcspn(p, ",");

			if (n == strlen(id) && !strncmp(p, id, n))
				err = hdf_set_value(row, "Checked", "1");
			p += n + (p[n] == ',');
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

/* GET /takeover: the people in the reader's edit scope who own anything. */
NEOERR *takeover_list(REQUEST *req)
{
	struct db_args scope = { 0 };
	int n = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	err = string_append(&sql, TAKEOVER_PERSON_SQL " FROM users u WHERE u.id <> ? AND ");
	if (!err)
		err = user_scope_sql(req->user, req->user->edit_scope, "u.id", "u.region_id", &sql, &scope);
	if (!err)
		err = string_append(&sql, " ORDER BY u.display_name LIMIT 500");
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_args(q, &scope, 2);
	while (!err && db_step(q) == DB_ROW) {
		static const char *const names[] = {
			"Id", "Login", "Name", "Status", "Frozen", "Customers", "Deals", "Leads", "Tasks",
		};
		HDF *row;

		err = render_row(req->hdf, "Takeover.People", n++, &row);
		for (int i = 0; !err && i < 9; i++)
			err = render_set(row, names[i], db_col_text(q, i));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "takeover");
	req->template_name = "takeover_list.cs";
	return nerr_pass(err);
}

/* GET /takeover/#: the preview. */
NEOERR *takeover_preview(REQUEST *req)
{
	HDF *node;
	int found;
	NEOERR *err = hdf_get_node(req->hdf, "Takeover.From", &node);

	if (!err) err = takeover_person(req, req->ids[0], node, &found);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "user %lld not in the reader's edit scope", req->ids[0]);
	if (!err) err = takeover_receivers(req, req->ids[0]);
	if (!err) err = render_set(req->hdf, "Page.Flash", request_param(req, "done"));
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "takeover");
	req->template_name = "takeover.cs";
	return nerr_pass(err);
}

/* The preview again with an error (nothing moved). */
static NEOERR *takeover_reshow(REQUEST *req, const char *field, const char *key, int status)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err) err = hdf_set_value(f, field, key);
	if (!err) err = takeover_preview(req);
	req->status = status;
	return nerr_pass(err);
}

/* Moves every row of one table the person owns (locked FOR UPDATE), one
 * audit row each.  select must return (id, parent-or-0) and take the
 * person's id; update takes (new owner, id).  A row whose parent (a deal's
 * customer, a task's deal) moved in this run follows it (follow, the index
 * of the map in maps[]); a moved row is remembered in maps[keep]. */
struct takeover_move {
	const char *object;
	const char *select;
	const char *update;
	const char *column;     /* what the audit row says changed */
	int follow, keep;       /* indexes into the maps, -1: none */
};

struct takeover_map {
	long long *a;           /* pairs: id, new owner */
	size_t n;
};

static NEOERR *takeover_table(REQUEST *req, const struct takeover_move *m, long long from,
			      const long long *to, int nto, long long *moved, int *rr,
			      struct takeover_map *maps)
{
	DB_STMT *q;
	long long *ids = NULL, *cust = NULL;
	size_t n = 0, cap = 0;
	char was[24], now[24];
	NEOERR *err = db_prepare(&q, m->select);

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, from);
	while (!err && db_step(q) == DB_ROW) {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			long long *a = realloc(ids, nc * sizeof(*a)), *b;

			if (!a) { err = nerr_raise(NERR_NOMEM, "takeover ids"); break; }
			ids = a;
			b = realloc(cust, nc * sizeof(*b));
			if (!b) { err = nerr_raise(NERR_NOMEM, "takeover ids"); break; }
			cust = b;
			cap = nc;
		}
		ids[n] = db_col_int(q, 0);
		cust[n] = db_col_int(q, 1);
		n++;
	}
	if (err)
		db_finalize(q);
	else
		err = db_finalize(q);
	snprintf(was, sizeof(was), "%lld", from);
	for (size_t i = 0; !err && i < n; i++) {
		long long dest = 0;

		/* a deal follows its customer, a task its deal, when that moved */
		if (m->follow >= 0) {
			const struct takeover_map *f = &maps[m->follow];

			for (size_t j = 0; cust[i] && j < f->n; j++)
				if (f->a[2 * j] == cust[i])
					dest = f->a[2 * j + 1];
		}
		if (!dest)
			dest = to[(*rr)++ % nto];
		if (m->keep >= 0) {
			struct takeover_map *k = &maps[m->keep];
			long long *a = realloc(k->a, (k->n + 1) * 2 * sizeof(*a));

			if (!a) { err = nerr_raise(NERR_NOMEM, "takeover map"); break; }
			k->a = a;
			a[2 * k->n] = ids[i];
			a[2 * k->n + 1] = dest;
			k->n++;
		}
		err = db_execf(NULL, m->update, "ii", dest, ids[i]);
		snprintf(now, sizeof(now), "%lld", dest);
		if (!err) {
			struct audit_event ev = { "takeover.move", m->object, ids[i], m->column, was, now };

			err = audit_log(req, &ev);
		}
		if (!err)
			(*moved)++;
	}
	free(ids);
	free(cust);
	return nerr_pass(err);
}

/* POST /takeover/#: to (receivers), expect_customers / _deals / _leads /
 * _tasks (the counts the preview showed). */
NEOERR *takeover_run(REQUEST *req)
{
	static const struct takeover_move moves[] = {
		{ "customer", "SELECT id, 0 FROM customer WHERE owner_id = ? ORDER BY id FOR UPDATE",
		  "UPDATE customer SET owner_id = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
		  "owner_id", -1, 0 },
		{ "deal", "SELECT id, customer_id FROM deal WHERE owner_id = ? ORDER BY id FOR UPDATE",
		  "UPDATE deal SET owner_id = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
		  "owner_id", 0, 1 },
		{ "lead", "SELECT id, 0 FROM lead WHERE owner_id = ? ORDER BY id FOR UPDATE",
		  "UPDATE lead SET owner_id = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
		  "owner_id", -1, -1 },
		{ "task", "SELECT id, deal_id FROM task WHERE assignee_id = ? AND status = 'open'"
		  " ORDER BY id FOR UPDATE",
		  "UPDATE task SET assignee_id = ? WHERE id = ?", "assignee_id", 1, -1 },
	};
	long long from = req->ids[0], to[TAKEOVER_MAX_TO], moved[4] = { 0, 0, 0, 0 };
	const char *list = request_param(req, "to");
	struct takeover_map maps[2] = { { NULL, 0 }, { NULL, 0 } };
	int nto = 0, rr = 0, found;
	char counts[64], summary[300], where[48];
	HDF *node;
	NEOERR *err;

	/* the person and every receiver within the reader's edit scope */
	err = hdf_get_node(req->hdf, "Takeover.From", &node);
	if (!err) err = takeover_person(req, from, node, &found);
	if (err)
		return nerr_pass(err);
	if (!found)
		return nerr_raise(ERR_NOT_FOUND, "user %lld not in the reader's edit scope", from);
	hdf_remove_tree(req->hdf, "Takeover.From");
	for (const char *p = list; p && *p && nto < TAKEOVER_MAX_TO;) {
		to[nto++] = strtoll(p, NULL, 10);
		p += strcspn(p, ",");
		p += *p == ',';
	}
	if (!nto)
		return nerr_pass(takeover_reshow(req, "to", "Takeover.NoReceiver", 400));
	for (int i = 0; i < nto; i++) {
		struct db_args scope = { 0 };
		long long ok = 0;
		STRING sql;
		DB_STMT *q;

		string_init(&sql);
		err = string_append(&sql, "SELECT COUNT(*) FROM users u WHERE u.id = ? AND u.id <> ?"
				    " AND u.status = 'active' AND u.ops_frozen_at IS NULL AND ");
		if (!err)
			err = user_scope_sql(req->user, req->user->edit_scope, "u.id", "u.region_id", &sql, &scope);
		if (!err)
			err = db_prepare(&q, sql.buf);
		string_clear(&sql);
		if (err)
			return nerr_pass(err);
		db_bind_int(q, 1, to[i]);
		db_bind_int(q, 2, from);
		db_bind_args(q, &scope, 3);
		if (db_step(q) == DB_ROW)
			ok = db_col_int(q, 0);
		err = db_finalize(q);
		if (err)
			return nerr_pass(err);
		if (!ok)
			return nerr_pass(takeover_reshow(req, "to", "Takeover.BadReceiver", 400));
	}

	err = db_begin();
	/* the person's row first: one takeover of them at a time */
	if (!err) {
		long long locked;

		err = db_int_query(&locked, NULL, "SELECT id FROM users WHERE id = ? FOR UPDATE", "i", from);
	}
	for (int t = 0; !err && t < 4; t++)
		err = takeover_table(req, &moves[t], from, to, nto, &moved[t], &rr, maps);
	free(maps[0].a);
	free(maps[1].a);
	snprintf(counts, sizeof(counts), "%lld,%lld,%lld,%lld", moved[0], moved[1], moved[2], moved[3]);
	if (!err && (request_param_int(req, "expect_customers", -1) != moved[0] ||
		     request_param_int(req, "expect_deals", -1) != moved[1] ||
		     request_param_int(req, "expect_leads", -1) != moved[2] ||
		     request_param_int(req, "expect_tasks", -1) != moved[3])) {
		/* something changed since the preview: nothing moves */
		db_rollback();
		return nerr_pass(takeover_reshow(req, "to", "Takeover.Changed", 409));
	}
	if (!err)
		err = db_execf(NULL, "UPDATE users SET ops_frozen_at = COALESCE(ops_frozen_at, UTC_TIMESTAMP(6))"
			       " WHERE id = ?", "i", from);
	if (!err) {
		struct audit_event ev = { "takeover.freeze", "user", from, "ops_frozen_at", NULL,
					  "export,reveal" };

		err = audit_log(req, &ev);
	}
	if (!err) {
		struct audit_event ev = { "takeover", "user", from, NULL, NULL, summary };

		snprintf(summary, sizeof(summary), "moved customers,deals,leads,tasks=%s to=%s", counts, list);
		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	snprintf(where, sizeof(where), "/takeover/%lld?done=TakenOver", from);
	if (!err)
		err = request_redirect(req, where);
	return nerr_pass(err);
}
