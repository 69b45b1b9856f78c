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
 *
 * Instead of named receivers the manager may let the routing rules choose
 * (mode=rules): each customer, lead, and each deal or task whose parent
 * does not move in the run goes to the person routing.c's planner picks
 * for its region, industry, channel and tier (a customer's and a deal's
 * channel and tier are those of the lead they came from), among the people
 * the manager could name as receivers; the load cap counts what the run
 * already handed out.  The preview shows who gets what and carries a
 * fingerprint of that plan; the run recomputes the plan under the locks
 * and refuses (409, nothing moves) when the fingerprint differs or when
 * any record has nobody eligible (the preview lists those records).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "routing.h"
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

/* One run (or its dry preview) over the four tables. */
struct takeover_map {
	long long *a;           /* pairs: id, new owner */
	size_t n;
};

struct takeover_by {
	long long user, n[4];
};

struct takeover_ctx {
	REQUEST *req;
	long long from;
	const long long *to;    /* named receivers, or NULL with a planner */
	int nto, rr;
	struct routing_planner *planner;
	int dry;                /* the preview: nothing written, the plan rendered */
	struct takeover_map maps[2];
	long long moved[4];
	unsigned long long hash;        /* FNV-1a over (table, id, new owner) */
	int shown, unplaced;
	struct takeover_by *by;
	int nby;
};

/* Moves every row of one table the person owns (locked FOR UPDATE), one
 * audit row each.  select returns (id, parent-or-0, region, industry,
 * channel, tier, counts-in-load) and takes the person's id; update takes
 * (new owner, id).  A row whose parent (a deal's customer, a task's deal)
 * moved in this run follows it (follow, the index of the map in maps[]);
 * a moved row is remembered in maps[keep]. */
struct takeover_move {
	const char *object;
	const char *select;
	const char *update;
	const char *column;     /* what the audit row says changed */
	int follow, keep;       /* indexes into the maps, -1: none */
};

struct takeover_rec {
	long long id, parent, region, channel;
	char industry[41], tier[8];
	int load;
};

static const char *takeover_receiver_name(REQUEST *req, long long id)
{
	HDF *list = hdf_get_obj(req->hdf, "Takeover.Receivers");

	for (HDF *c = list ? hdf_obj_child(list) : NULL; c; c = hdf_obj_next(c))
		if (hdf_get_int_value(c, "Id", 0) == id)
			return hdf_get_value(c, "Name", "");
	return "";
}

/* The preview's line for one record (the first 500), the counts per
 * receiver, and the records nobody can take. */
static NEOERR *takeover_show(struct takeover_ctx *x, int t, const char *object, long long id,
			     long long dest, long long rule, int followed)
{
	HDF *row;
	NEOERR *err = STATUS_OK;
	int i;

	if (!dest) {
		err = render_row(x->req->hdf, "Takeover.Unplaced", x->unplaced++, &row);
		if (!err) err = hdf_set_value(row, "Kind", object);
		if (!err) err = hdf_set_int_value(row, "Id", (int)id);
		return nerr_pass(err);
	}
	for (i = 0; i < x->nby && x->by[i].user != dest; i++)
		;
	if (i == x->nby) {
		struct takeover_by *a = realloc(x->by, (size_t)(x->nby + 1) * sizeof(*a));

		if (!a)
			return nerr_raise(NERR_NOMEM, "takeover plan");
		x->by = a;
		memset(&a[x->nby++], 0, sizeof(*a));
		a[i].user = dest;
	}
	x->by[i].n[t]++;
	if (x->shown >= 500)
		return STATUS_OK;
	err = render_row(x->req->hdf, "Takeover.Plan", x->shown++, &row);
	if (!err) err = hdf_set_value(row, "Kind", object);
	if (!err) err = hdf_set_int_value(row, "Id", (int)id);
	if (!err) err = hdf_set_value(row, "To", takeover_receiver_name(x->req, dest));
	if (!err && followed) err = hdf_set_value(row, "Follows", "1");
	if (!err && !followed) err = render_set(row, "Rule", routing_planner_rule_name(x->planner, rule));
	return nerr_pass(err);
}

static NEOERR *takeover_table(struct takeover_ctx *x, int t, const struct takeover_move *m)
{
	DB_STMT *q;
	struct takeover_rec *recs = NULL;
	size_t n = 0, cap = 0;
	char was[24], now[24];
	NEOERR *err = db_prepare(&q, m->select);

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, x->from);
	while (!err && db_step(q) == DB_ROW) {
		struct takeover_rec *r;

		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct takeover_rec *a = realloc(recs, nc * sizeof(*a));

			if (!a) { err = nerr_raise(NERR_NOMEM, "takeover ids"); break; }
			recs = a;
			cap = nc;
		}
		r = &recs[n++];
		r->id = db_col_int(q, 0);
		r->parent = db_col_int(q, 1);
		r->region = db_col_int(q, 2);
		snprintf(r->industry, sizeof(r->industry), "%s", db_col_text(q, 3) ? db_col_text(q, 3) : "");
		r->channel = db_col_int(q, 4);
		snprintf(r->tier, sizeof(r->tier), "%s", db_col_text(q, 5) ? db_col_text(q, 5) : "");
		r->load = (int)db_col_int(q, 6);
	}
	if (err)
		db_finalize(q);
	else
		err = db_finalize(q);
	snprintf(was, sizeof(was), "%lld", x->from);
	for (size_t i = 0; !err && i < n; i++) {
		const struct takeover_rec *r = &recs[i];
		long long dest = 0, rule = 0;
		int followed = 0;

		/* a deal follows its customer, a task its deal, when that moved */
		if (m->follow >= 0) {
			const struct takeover_map *f = &x->maps[m->follow];

			for (size_t j = 0; r->parent && j < f->n; j++)
				if (f->a[2 * j] == r->parent)
					dest = f->a[2 * j + 1];
			followed = dest != 0;
		}
		if (!dest && x->planner) {
			struct routing_lead l = { r->region, r->industry, r->channel, r->tier, 0 };

			err = routing_planner_pick(x->planner, &l, r->load, &dest, &rule);
			if (err)
				break;
		} else if (!dest) {
			dest = x->to[x->rr++ % x->nto];
		}
		/* FNV-1a over what moves where: the preview's plan */
		{
			long long v[3] = { t, r->id, dest };
			const unsigned char *b = (const unsigned char *)v;

			if (!x->hash)
				x->hash = 1469598103934665603ULL;
			for (size_t k = 0; k < sizeof(v); k++)
				x->hash = (x->hash ^ b[k]) * 1099511628211ULL;
		}
		if (x->dry || !dest) {
			if (x->planner && x->dry)
				err = takeover_show(x, t, m->object, r->id, dest, rule, followed);
			if (!dest) {
				x->unplaced += !x->dry;
				continue;
			}
		}
		if (m->keep >= 0) {
			struct takeover_map *k = &x->maps[m->keep];
			long long *a = realloc(k->a, (k->n + 1) * 2 * sizeof(*a));

			if (!a) { err = nerr_raise(NERR_NOMEM, "takeover map"); break; }
			k->a = a;
			a[2 * k->n] = r->id;
			a[2 * k->n + 1] = dest;
			k->n++;
		}
		if (!err && !x->dry) {
			err = db_execf(NULL, m->update, "ii", dest, r->id);
			snprintf(now, sizeof(now), "%lld", dest);
			if (!err) {
				struct audit_event ev = { "takeover.move", m->object, r->id, m->column, was, now };

				err = audit_log(x->req, &ev);
			}
		}
		if (!err)
			x->moved[t]++;
	}
	free(recs);
	return nerr_pass(err);
}

/* The four tables in order: customers, then deals (following their
 * customer), leads, open tasks (following their deal).  The routing
 * attributes of a customer or deal without its own channel and tier are
 * those of the lead it came from. */
#define TAKEOVER_LEAD_OF(what, cond) \
	" (SELECT l." what " FROM lead l WHERE " cond " ORDER BY l.id LIMIT 1)"
static const struct takeover_move takeover_moves[] = {
	{ "customer", "SELECT c.id, 0, COALESCE(c.region_id, 0), c.industry,"
	  TAKEOVER_LEAD_OF("channel_id", "l.customer_id = c.id") ","
	  TAKEOVER_LEAD_OF("tier", "l.customer_id = c.id") ", 1"
	  " FROM customer c WHERE c.owner_id = ? ORDER BY c.id FOR UPDATE",
	  "UPDATE customer SET owner_id = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
	  "owner_id", -1, 0 },
	{ "deal", "SELECT d.id, d.customer_id, COALESCE(d.region_id, c.region_id, 0), c.industry,"
	  TAKEOVER_LEAD_OF("channel_id", "l.deal_id = d.id OR l.customer_id = d.customer_id") ","
	  TAKEOVER_LEAD_OF("tier", "l.deal_id = d.id OR l.customer_id = d.customer_id") ", 0"
	  " FROM deal d JOIN customer c ON c.id = d.customer_id WHERE d.owner_id = ?"
	  " ORDER BY d.id FOR UPDATE",
	  "UPDATE deal SET owner_id = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
	  "owner_id", 0, 1 },
	{ "lead", "SELECT id, 0, COALESCE(region_id, 0), industry, channel_id, tier,"
	  " status IN ('new', 'contacted', 'qualified') FROM lead WHERE owner_id = ? ORDER BY id FOR UPDATE",
	  "UPDATE lead SET owner_id = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
	  "owner_id", -1, -1 },
	{ "task", "SELECT t.id, COALESCE(t.deal_id, 0), COALESCE(d.region_id, c.region_id, 0), c.industry,"
	  TAKEOVER_LEAD_OF("channel_id", "l.deal_id = d.id OR l.customer_id = c.id") ","
	  TAKEOVER_LEAD_OF("tier", "l.deal_id = d.id OR l.customer_id = c.id") ", 0"
	  " FROM task t LEFT JOIN deal d ON d.id = t.deal_id"
	  " LEFT JOIN customer c ON c.id = COALESCE(t.customer_id, d.customer_id)"
	  " WHERE t.assignee_id = ? AND t.status = 'open' ORDER BY t.id FOR UPDATE",
	  "UPDATE task SET assignee_id = ? WHERE id = ?", "assignee_id", 1, -1 },
};

static void takeover_ctx_free(struct takeover_ctx *x)
{
	free(x->maps[0].a);
	free(x->maps[1].a);
	free(x->by);
	routing_planner_free(x->planner);
}

/* The people the reader may name as receivers, as ids (after
 * takeover_receivers rendered them): whom the routing rules may pick. */
static NEOERR *takeover_allowed(REQUEST *req, long long **ids, int *n)
{
	HDF *list = hdf_get_obj(req->hdf, "Takeover.Receivers");
	int k = 0;

	*ids = NULL;
	*n = 0;
	for (HDF *c = list ? hdf_obj_child(list) : NULL; c; c = hdf_obj_next(c))
		k++;
	if (!k)
		return STATUS_OK;
	*ids = calloc((size_t)k, sizeof(**ids));
	if (!*ids)
		return nerr_raise(NERR_NOMEM, "takeover receivers");
	for (HDF *c = hdf_obj_child(list); c; c = hdf_obj_next(c))
		(*ids)[(*n)++] = strtoll(hdf_get_value(c, "Id", "0"), NULL, 10);
	return STATUS_OK;
}

/* The preview of the routing rules' plan: who gets what (a dry run in a
 * transaction that is rolled back). */
static NEOERR *takeover_rules_preview(REQUEST *req, long long from)
{
	struct takeover_ctx x;
	long long *allowed = NULL;
	int nallowed = 0;
	char hash[20];
	NEOERR *err;

	memset(&x, 0, sizeof(x));
	x.req = req;
	x.from = from;
	x.dry = 1;
	err = takeover_allowed(req, &allowed, &nallowed);
	if (!err)
		err = routing_planner_new(&x.planner, from, allowed, nallowed);
	if (!err)
		err = db_begin();
	for (int t = 0; !err && t < 4; t++)
		err = takeover_table(&x, t, &takeover_moves[t]);
	if (!err)
		db_rollback();
	else
		err = db_finish(err);
	snprintf(hash, sizeof(hash), "%016llx", x.hash);
	if (!err) err = hdf_set_value(req->hdf, "Takeover.Mode", "rules");
	if (!err) err = hdf_set_value(req->hdf, "Takeover.PlanHash", hash);
	if (!err) err = hdf_set_int_value(req->hdf, "Takeover.PlanShown", x.shown);
	for (int i = 0; !err && i < x.nby; i++) {
		HDF *row;

		err = render_row(req->hdf, "Takeover.PlanBy", i, &row);
		if (!err) err = hdf_set_value(row, "Name", takeover_receiver_name(req, x.by[i].user));
		if (!err) err = hdf_set_int_value(row, "Customers", (int)x.by[i].n[0]);
		if (!err) err = hdf_set_int_value(row, "Deals", (int)x.by[i].n[1]);
		if (!err) err = hdf_set_int_value(row, "Leads", (int)x.by[i].n[2]);
		if (!err) err = hdf_set_int_value(row, "Tasks", (int)x.by[i].n[3]);
	}
	free(allowed);
	takeover_ctx_free(&x);
	return nerr_pass(err);
}

/* GET /takeover/#: the preview (mode=rules: with the routing rules' plan). */
NEOERR *takeover_preview(REQUEST *req)
{
	HDF *node;
	int found;
	const char *mode = request_param(req, "mode");
	NEOERR *err = hdf_get_node(req->hdf, "Takeover.From", &node);

	if (!err) err = takeover_person(req, req->ids[0], node, &found);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "user %lld not in the reader's edit scope", req->ids[0]);
	if (!err) err = takeover_receivers(req, req->ids[0]);
	if (!err && mode && !strcmp(mode, "rules"))
		err = takeover_rules_preview(req, req->ids[0]);
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

	hdf_remove_tree(req->hdf, "Takeover");
	if (!err) err = hdf_set_value(f, field, key);
	if (!err) err = takeover_preview(req);
	req->status = status;
	return nerr_pass(err);
}

/* Is every named receiver within the reader's edit scope, active and not
 * frozen (and not the person)? */
static NEOERR *takeover_check_receivers(REQUEST *req, long long from, const long long *to, int nto,
					int *ok_all)
{
	*ok_all = 1;
	for (int i = 0; i < nto; i++) {
		struct db_args scope = { 0 };
		long long ok = 0;
		STRING sql;
		DB_STMT *q;
		NEOERR *err;

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
		if (!ok) {
			*ok_all = 0;
			return STATUS_OK;
		}
	}
	return STATUS_OK;
}

/* POST /takeover/#: to (receivers) or mode=rules with plan (the preview's
 * fingerprint), expect_customers / _deals / _leads / _tasks (the counts
 * the preview showed). */
NEOERR *takeover_run(REQUEST *req)
{
	long long from = req->ids[0], to[TAKEOVER_MAX_TO], *allowed = NULL;
	const char *list = request_param(req, "to"), *mode = request_param(req, "mode");
	int rules = mode && !strcmp(mode, "rules");
	struct takeover_ctx x;
	int nto = 0, found, ok, nallowed = 0;
	char counts[64], summary[300], where[64], hash[20];
	const char *posted;
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
	memset(&x, 0, sizeof(x));
	x.req = req;
	x.from = from;
	if (rules) {
		err = takeover_receivers(req, from);
		if (!err) err = takeover_allowed(req, &allowed, &nallowed);
		if (!err) err = routing_planner_new(&x.planner, from, allowed, nallowed);
		if (err) {
			free(allowed);
			takeover_ctx_free(&x);
			return nerr_pass(err);
		}
	} else {
		for (const char *p = list; p && *p && nto < TAKEOVER_MAX_TO;) {
			to[nto++] = strtoll(p, NULL, 10);
			p += strcspn(p, ",");
			p += *p == ',';
		}
		if (!nto)
			return nerr_pass(takeover_reshow(req, "to", "Takeover.NoReceiver", 400));
		err = takeover_check_receivers(req, from, to, nto, &ok);
		if (err)
			return nerr_pass(err);
		if (!ok)
			return nerr_pass(takeover_reshow(req, "to", "Takeover.BadReceiver", 400));
		x.to = to;
		x.nto = nto;
	}

	err = db_begin();
	/* the person's row first: one takeover of them at a time */
	if (!err) {
		long long locked;

		err = db_int_query(&locked, NULL, "SELECT id FROM users WHERE id = ? FOR UPDATE", "i", from);
	}
	for (int t = 0; !err && t < 4; t++)
		err = takeover_table(&x, t, &takeover_moves[t]);
	snprintf(counts, sizeof(counts), "%lld,%lld,%lld,%lld", x.moved[0], x.moved[1], x.moved[2], x.moved[3]);
	snprintf(hash, sizeof(hash), "%016llx", x.hash);
	posted = request_param(req, "plan");
	if (!err && rules && x.unplaced) {
		/* somebody's record has nobody eligible: nothing moves */
		db_rollback();
		free(allowed);
		takeover_ctx_free(&x);
		return nerr_pass(takeover_reshow(req, "to", "Takeover.Unplaceable", 409));
	}
	if (!err && (request_param_int(req, "expect_customers", -1) != x.moved[0] ||
		     request_param_int(req, "expect_deals", -1) != x.moved[1] ||
		     request_param_int(req, "expect_leads", -1) != x.moved[2] ||
		     request_param_int(req, "expect_tasks", -1) != x.moved[3] ||
		     (rules && (!posted || strcmp(posted, hash))))) {
		/* something changed since the preview: nothing moves */
		db_rollback();
		free(allowed);
		takeover_ctx_free(&x);
		return nerr_pass(takeover_reshow(req, "to", "Takeover.Changed", 409));
	}
	if (!err && rules)
		err = routing_planner_save_turns(x.planner);
	free(allowed);
	takeover_ctx_free(&x);
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

		snprintf(summary, sizeof(summary), "moved customers,deals,leads,tasks=%s to=%s", counts,
			 rules ? "routing rules" : list);
		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	snprintf(where, sizeof(where), "/takeover/%lld?done=TakenOver", from);
	if (!err)
		err = request_redirect(req, where);
	return nerr_pass(err);
}
