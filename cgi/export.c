/* export.c — export approval (R8.3).
 *
 * An export is a request first: kind, columns, filter, reason.  The preview
 * (rows, sensitive values per column, latest change) is computed with the
 * requester's scope and kept with the request, so the approver judges what
 * the requester would get.  The approver (the requester's direct superior,
 * else Export.Approver) approves or rejects with a reason; approval makes a
 * one-time token that expires after Export.LinkHours.  The download spends
 * the token in one UPDATE (so two downloads cannot both win), is audited,
 * and only then builds the file from the approved filter — with the
 * requester's scope and masks, since approval does not unmask — streamed in
 * keyset batches, UTF-8 with a BOM, formula-looking cells neutralised.
 *
 * The kinds are a table: adding deals is one more entry in kinds[].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit.h"
#include "auditview.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "export.h"
#include "log.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define EXPORT_BATCH 2000       /* rows per keyset query */
#define EXPORT_FLUSH 65536      /* bytes gathered before each write */

struct export_col {
	const char *code;       /* in the request's column list and the form */
	const char *expr;       /* SQL expression (literal) */
	const char *object;     /* field policy object.field: every value goes */
	const char *field;      /* through policy_apply, policed or not */
};

struct export_kind {
	const char *code;       /* "leads" */
	const char *cap;        /* the capability to read such records */
	const char *from;       /* FROM clause (literal) */
	const char *id_col, *owner_col, *region_col, *created_col, *changed_col;
	const char *depth_sql;  /* POLICY_DEPTH_SQL(owner_col): one bound value */
	const char *signed_sql; /* the "signed" record condition */
	const char *text_sql;   /* search predicate with two ?s (the same LIKE) */
	const char *status_col; /* NULL: no status filter */
	const char *statuses;   /* its values, comma-separated */
	const char *status_lang; /* Lang.<this>.<value> names them */
	const struct export_col *cols;
	int ncols;
};

static const struct export_col lead_cols[] = {
	{ "id", "l.id", "lead", "id" },
	{ "name", "l.name", "lead", "name" },
	{ "company", "l.company", "lead", "company" },
	{ "phone", "l.phone", "lead", "phone" },
	{ "email", "l.email", "lead", "email" },
	{ "region", "(SELECT g.name FROM region g WHERE g.id = l.region_id)", "lead", "region" },
	{ "industry", "l.industry", "lead", "industry" },
	{ "tier", "l.tier", "lead", "tier" },
	{ "status", "l.status", "lead", "status" },
	{ "owner", "(SELECT u.display_name FROM users u WHERE u.id = l.owner_id)", "lead", "owner" },
	{ "created", "l.created_at", "lead", "created_at" },
};

static const struct export_col customer_cols[] = {
	{ "id", "c.id", "customer", "id" },
	{ "name", "c.name", "customer", "name" },
	{ "industry", "c.industry", "customer", "industry" },
	{ "phone", "c.phone", "customer", "phone" },
	{ "email", "c.email", "customer", "email" },
	{ "budget", "c.budget", "customer", "budget" },
	{ "bank_account", "c.bank_account", "customer", "bank_account" },
	{ "region", "(SELECT g.name FROM region g WHERE g.id = c.region_id)", "customer", "region" },
	{ "owner", "(SELECT u.display_name FROM users u WHERE u.id = c.owner_id)", "customer", "owner" },
	{ "created", "c.created_at", "customer", "created_at" },
};

static const struct export_col contact_cols[] = {
	{ "id", "k.id", "contact", "id" },
	{ "name", "k.name", "contact", "name" },
	{ "title", "k.title", "contact", "title" },
	{ "phone", "k.phone", "contact", "phone" },
	{ "email", "k.email", "contact", "email" },
	{ "customer", "c.name", "customer", "name" },
	{ "key", "k.is_key", "contact", "is_key" },
	{ "created", "k.created_at", "contact", "created_at" },
};

static const struct export_col deal_cols[] = {
	{ "id", "d.id", "deal", "id" },
	{ "name", "d.name", "deal", "name" },
	{ "customer", "(SELECT c.name FROM customer c WHERE c.id = d.customer_id)", "customer", "name" },
	{ "stage", "(SELECT s.name FROM stage s WHERE s.id = d.stage_id)", "deal", "stage" },
	{ "amount", "d.amount", "deal", "amount" },
	{ "status", "d.status", "deal", "status" },
	{ "region", "(SELECT g.name FROM region g WHERE g.id = d.region_id)", "deal", "region" },
	{ "owner", "(SELECT u.display_name FROM users u WHERE u.id = d.owner_id)", "deal", "owner" },
	{ "created", "d.created_at", "deal", "created_at" },
};

#define SIGNED_SQL(cust) \
	"EXISTS (SELECT 1 FROM deal sd JOIN stage ss ON ss.id = sd.stage_id" \
	" WHERE sd.customer_id = " cust " AND ss.position = (SELECT MAX(s2.position)" \
	" FROM stage s2 WHERE s2.pipeline_id = ss.pipeline_id))"
#define NCOLS(a) ((int)(sizeof(a) / sizeof(a[0])))

static const struct export_kind kinds[] = {
	{ "leads", "lead.read", "lead l", "l.id", "l.owner_id", "l.region_id", "l.created_at",
	  "l.updated_at", POLICY_DEPTH_SQL("l.owner_id"), "0",
	  "(l.name LIKE ? OR l.company LIKE ?)", "l.status",
	  "new,contacted,qualified,converted,disqualified", "LeadStatus", lead_cols, NCOLS(lead_cols) },
	{ "customers", "customer.read", "customer c", "c.id", "c.owner_id", "c.region_id",
	  "c.created_at", "c.updated_at", POLICY_DEPTH_SQL("c.owner_id"), SIGNED_SQL("c.id"),
	  "(c.name LIKE ? OR c.name LIKE ?)", NULL, NULL, NULL, customer_cols, NCOLS(customer_cols) },
	{ "contacts", "customer.read", "contact k JOIN customer c ON c.id = k.customer_id", "k.id",
	  "c.owner_id", "c.region_id", "k.created_at", "GREATEST(k.created_at, c.updated_at)",
	  POLICY_DEPTH_SQL("c.owner_id"), SIGNED_SQL("c.id"),
	  "(k.name LIKE ? OR c.name LIKE ?)", NULL, NULL, NULL, contact_cols, NCOLS(contact_cols) },
	/* deals: signed = in the last stage of its pipeline, as on the deal page */
	{ "deals", "deal.read", "deal d", "d.id", "d.owner_id", "d.region_id", "d.created_at",
	  "d.updated_at", POLICY_DEPTH_SQL("d.owner_id"),
	  "(SELECT ss.position = (SELECT MAX(s2.position) FROM stage s2 WHERE s2.pipeline_id = d.pipeline_id)"
	  " FROM stage ss WHERE ss.id = d.stage_id)",
	  "(d.name LIKE ? OR EXISTS (SELECT 1 FROM customer dc WHERE dc.id = d.customer_id AND dc.name LIKE ?))",
	  "d.status", "open,won,lost", "DealStatus", deal_cols, NCOLS(deal_cols) },
};
#define N_KINDS NCOLS(kinds)

/* What was asked for, as the form sends it and the request row keeps it. */
struct export_spec {
	const struct export_kind *kind;
	char columns[501];
	const char *q, *status, *from, *to, *reason;
	long long region;
	int owner_me;
};

/* ---- pure helpers ------------------------------------------------------ */

int export_kind_index(const char *code)
{
	for (int i = 0; code && i < N_KINDS; i++)
		if (!strcmp(kinds[i].code, code))
			return i;
	return -1;
}

int export_list_has(const char *list, const char *code)
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

/* Keeps the known columns of kind k from list, in the table's order. */
static int export_columns(const struct export_kind *k, const char *list, char *out, size_t n)
{
	size_t used = 0;
	int count = 0;

	out[0] = '\0';
	for (int i = 0; i < k->ncols; i++) {
		if (!export_list_has(list, k->cols[i].code))
			continue;
		int w = snprintf(out + used, n - used, "%s%s", used ? "," : "", k->cols[i].code);

		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
		count++;
	}
	return count;
}

/* Every column of list known to kind? */
static int export_columns_known(const struct export_kind *k, const char *list)
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ",");
		int i;

		for (i = 0; i < k->ncols; i++)
			if (n == strlen(k->cols[i].code) && !strncmp(p, k->cols[i].code, n))
				break;
		if (i == k->ncols)
			return 0;
		p += n + (p[n] == ',');
	}
	return 1;
}

/* Is the column a policed field?  (policy_load() first: the table is per
 * worker and reloaded every 30 s.) */
static int policed(const struct export_col *c)
{
	NEOERR *err = policy_load();

	if (err) {
		/* without the rules every column counts as sensitive */
		err_log_and_free(&err);
		return 1;
	}
	return policy_find(c->object, c->field) != NULL;
}

/* " FROM ... WHERE <scope> AND <filters>": the one place an export's rows
 * are chosen, for the preview and the file alike. */
static NEOERR *export_where(REQUEST *req, const struct export_spec *s, STRING *sql,
			    struct db_args *a, char *like, size_t likelen, char *offset, size_t offlen)
{
	const struct export_kind *k = s->kind;
	NEOERR *err = string_appendf(sql, " FROM %s WHERE ", k->from);

	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, k->owner_col, k->region_col,
				     sql, a);
	if (!err && s->q && *s->q) {
		db_like_pattern(s->q, like, likelen);
		err = string_appendf(sql, " AND %s", k->text_sql);
		db_args_text(a, like);
		db_args_text(a, like);
	}
	if (!err && s->region) {
		err = string_appendf(sql, " AND %s = ?", k->region_col);
		db_args_int(a, s->region);
	}
	if (!err && s->owner_me) {
		err = string_appendf(sql, " AND %s = ?", k->owner_col);
		db_args_int(a, req->user->id);
	}
	if (!err && s->status && *s->status && k->status_col) {
		err = string_appendf(sql, " AND %s = ?", k->status_col);
		db_args_text(a, s->status);
	}
	if (!err && ((s->from && *s->from) || (s->to && *s->to)))
		render_utc_offset(req, offset, offlen);
	if (!err && s->from && *s->from) {
		err = string_appendf(sql, " AND %s >= CONVERT_TZ(?, ?, '+00:00')", k->created_col);
		db_args_text(a, s->from);
		db_args_text(a, offset);
	}
	if (!err && s->to && *s->to) {
		err = string_appendf(sql, " AND %s < CONVERT_TZ(? + INTERVAL 1 DAY, ?, '+00:00')",
				     k->created_col);
		db_args_text(a, s->to);
		db_args_text(a, offset);
	}
	return nerr_pass(err);
}

/* The preview: rows, non-empty values of each policed column, the latest
 * change.  sensitive gets "phone:23,email:20". */
struct export_preview {
	long long rows;
	char sensitive[501];
	char latest[32];
};

static NEOERR *export_preview(REQUEST *req, const struct export_spec *s, struct export_preview *p)
{
	const struct export_kind *k = s->kind;
	struct db_args a = { 0 };
	char like[220], offset[16];
	int pol[32], np = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	memset(p, 0, sizeof(*p));
	string_init(&sql);
	err = string_appendf(&sql, "SELECT COUNT(*), MAX(%s)", k->changed_col);
	for (int i = 0; !err && i < k->ncols && np < 32; i++) {
		if (!export_list_has(s->columns, k->cols[i].code) || !policed(&k->cols[i]))
			continue;
		pol[np++] = i;
		err = string_appendf(&sql, ", COALESCE(SUM(%s IS NOT NULL AND %s <> ''), 0)",
				     k->cols[i].expr, k->cols[i].expr);
	}
	if (!err)
		err = export_where(req, s, &sql, &a, like, sizeof(like), offset, sizeof(offset));
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_args(q, &a, 1);
	if (db_step(q) == DB_ROW) {
		size_t used = 0;

		p->rows = db_col_int(q, 0);
		snprintf(p->latest, sizeof(p->latest), "%s", db_col_text(q, 1) ? db_col_text(q, 1) : "");
		for (int j = 0; j < np; j++) {
			int w = snprintf(p->sensitive + used, sizeof(p->sensitive) - used, "%s%s:%lld",
					 used ? "," : "", k->cols[pol[j]].code, db_col_int(q, 2 + j));

			if (w < 0 || (size_t)w >= sizeof(p->sensitive) - used)
				break;
			used += (size_t)w;
		}
	}
	return nerr_pass(db_finalize(q));
}

/* Puts a preview under node: Rows, Latest, Sensitive.N.{Column,Count}. */
static NEOERR *export_put_preview(REQUEST *req, HDF *node, const char *kind, long long rows,
				  const char *sensitive, const char *latest)
{
	NEOERR *err = hdf_set_value(node, "Kind", kind);
	int n = 0;

	if (!err) {
		char b[24];

		snprintf(b, sizeof(b), "%lld", rows);
		err = hdf_set_value(node, "Rows", b);
	}
	if (!err && latest && *latest)
		err = render_set_time(req, node, "Latest", latest);
	for (const char *p = sensitive; !err && p && *p;) {
		size_t len = strcspn(p, ",");
		const char *colon = memchr(p, ':', len);
		char code[41];
		HDF *row;

		if (colon && (size_t)(colon - p) < sizeof(code)) {
			snprintf(code, sizeof(code), "%.*s", (int)(colon - p), p);
			err = render_row(node, "Sensitive", n++, &row);
			if (!err) err = hdf_set_value(row, "Column", code);
			if (!err) {
				char cnt[24];

				snprintf(cnt, sizeof(cnt), "%.*s", (int)(len - (size_t)(colon - p) - 1), colon + 1);
				err = hdf_set_value(row, "Count", cnt);
			}
		}
		p += len + (p[len] == ',');
	}
	return nerr_pass(err);
}

/* ---- the form ---------------------------------------------------------- */

static const char *nonempty(const char *v)
{
	return v && *v ? v : NULL;
}

/* The kinds the user may export, the chosen kind's columns (checked as
 * chosen) and the choices for the filter. */
static NEOERR *export_form_fill(REQUEST *req, const struct export_kind *k, const char *chosen)
{
	NEOERR *err = STATUS_OK;
	int n = 0;

	for (int i = 0; !err && i < N_KINDS; i++) {
		HDF *row;

		if (!user_can(req->user, kinds[i].cap))
			continue;
		err = render_row(req->hdf, "ExportForm.Kinds", n++, &row);
		if (!err) err = hdf_set_value(row, "Code", kinds[i].code);
		if (!err && &kinds[i] == k) err = hdf_set_value(row, "Selected", "1");
	}
	for (int i = 0; !err && k && i < k->ncols; i++) {
		HDF *row;

		err = render_row(req->hdf, "ExportForm.Columns", i, &row);
		if (!err) err = hdf_set_value(row, "Code", k->cols[i].code);
		if (!err && (!chosen || export_list_has(chosen, k->cols[i].code)))
			err = hdf_set_value(row, "Checked", "1");
		if (!err && policed(&k->cols[i]))
			err = hdf_set_value(row, "Sensitive", "1");
	}
	if (!err && k) err = hdf_set_value(req->hdf, "ExportForm.Kind", k->code);
	if (!err && k && k->status_col) err = hdf_set_value(req->hdf, "ExportForm.HasStatus", "1");
	if (!err && k && k->status_col) err = hdf_set_value(req->hdf, "ExportForm.StatusLang", k->status_lang);
	if (!err)
		err = render_id_names(req->hdf, "ExportForm.Regions", "SELECT id, name FROM region ORDER BY code");
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "exports");
	req->template_name = "export_form.cs";
	return nerr_pass(err);
}

NEOERR *export_new(REQUEST *req)
{
	const char *code = request_param(req, "kind");
	int ki = export_kind_index(code ? code : "leads");

	if (ki < 0)
		return nerr_raise(ERR_BAD_REQUEST, "unknown export kind");
	if (!user_can(req->user, kinds[ki].cap)) {
		/* the first kind the user may read */
		for (ki = 0; ki < N_KINDS && !user_can(req->user, kinds[ki].cap); ki++)
			;
		if (ki == N_KINDS)
			return nerr_raise(ERR_FORBIDDEN, "no exportable kind");
	}
	return nerr_pass(export_form_fill(req, &kinds[ki], NULL));
}

static NEOERR *form_error(REQUEST *req, const char *name, const char *key)
{
	HDF *f;
	NEOERR *err = hdf_get_node(req->hdf, "Form.Errors", &f);

	if (!err) err = hdf_set_value(f, name, key);
	return nerr_pass(err);
}

/* Reads and checks the form into s; 0 when it must be shown again. */
static int export_spec_read(REQUEST *req, struct export_spec *s, int need_reason, NEOERR **errp)
{
	const char *kind = request_param(req, "kind");
	const char *cols = request_param(req, "columns");
	int ki = export_kind_index(kind), bad = req->param_errors;
	NEOERR *err = STATUS_OK;

	memset(s, 0, sizeof(*s));
	if (ki < 0 || !user_can(req->user, kinds[ki].cap)) {
		*errp = nerr_raise(ki < 0 ? ERR_BAD_REQUEST : ERR_FORBIDDEN, "export kind");
		return 0;
	}
	s->kind = &kinds[ki];
	s->q = nonempty(request_param(req, "q"));
	s->status = nonempty(request_param(req, "status"));
	s->from = nonempty(request_param(req, "from"));
	s->to = nonempty(request_param(req, "to"));
	s->reason = nonempty(request_param(req, "reason"));
	s->region = request_param_int(req, "region", 0);
	s->owner_me = request_param(req, "owner") && !strcmp(request_param(req, "owner"), "me");
	if (cols && !export_columns_known(s->kind, cols)) {
		err = form_error(req, "columns", "Valid.Unknown");
		bad++;
	}
	if (!err && (!cols || !export_columns(s->kind, cols, s->columns, sizeof(s->columns)))) {
		err = form_error(req, "columns", "Export.NoColumns");
		bad++;
	}
	if (!err && s->status) {
		if (!s->kind->status_col || strchr(s->status, ',') ||
		    !export_list_has(s->kind->statuses, s->status)) {
			err = form_error(req, "status", "Valid.Unknown");
			bad++;
		}
	}
	if (!err && s->from && s->to && strcmp(s->from, s->to) > 0) {
		err = form_error(req, "to", "Export.DatesReversed");
		bad++;
	}
	if (!err && need_reason && !s->reason && !hdf_get_value(req->hdf, "Form.Errors.reason", NULL)) {
		err = form_error(req, "reason", "Valid.Required");
		bad++;
	}
	*errp = err;
	return !err && bad == 0;
}

/* The form again, with what was typed (and the preview when there is one). */
static NEOERR *export_reshow(REQUEST *req, const struct export_spec *s, int status)
{
	HDF *typed = hdf_get_obj(req->hdf, "Form.Typed");
	const char *cols = typed ? hdf_get_value(typed, "columns", NULL) : NULL;
	static const char *const names[] = { "q", "status", "from", "to", "reason", "region", "owner" };
	NEOERR *err = STATUS_OK;

	for (size_t i = 0; !err && i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = typed ? hdf_get_value(typed, names[i], NULL) : NULL;
		char path[40];

		if (!v)
			v = request_param(req, names[i]);
		snprintf(path, sizeof(path), "ExportForm.%s", names[i]);
		err = render_set(req->hdf, path, v);
	}
	req->status = status;
	if (!err)
		err = export_form_fill(req, s->kind, cols ? cols : request_param(req, "columns"));
	return nerr_pass(err);
}

/* POST /exports/preview: the form with the preview and a submit button. */
NEOERR *export_preview_page(REQUEST *req)
{
	struct export_spec s;
	struct export_preview p;
	HDF *node;
	NEOERR *err = STATUS_OK;
	/* the reason is asked for on submit, not for the preview */
	int ok = export_spec_read(req, &s, 0, &err);

	if (err)
		return nerr_pass(err);
	if (!ok)
		return nerr_pass(export_reshow(req, &s, 400));
	err = export_preview(req, &s, &p);
	if (!err) err = hdf_get_node(req->hdf, "Preview", &node);
	if (!err) err = export_put_preview(req, node, s.kind->code, p.rows, p.sensitive, p.latest);
	if (!err) err = hdf_set_value(req->hdf, "ExportForm.Chosen", s.columns);
	if (!err) err = export_reshow(req, &s, 200);
	return nerr_pass(err);
}

/* Who approves: the direct superior, else the configured approver. */
static NEOERR *export_approver(REQUEST *req, long long *id)
{
	const char *login = config_get("Export.Approver");
	int found = 0;
	NEOERR *err = STATUS_OK;

	*id = 0;
	if (req->user->manager_id) {
		err = db_int_query(id, &found, "SELECT id FROM users WHERE id = ? AND status = 'active'",
				   "i", req->user->manager_id);
	}
	if (!err && !*id && login && *login)
		err = db_int_query(id, &found, "SELECT id FROM users WHERE login = ? AND status = 'active'",
				   "t", login);
	if (!err && *id == req->user->id)
		*id = 0;   /* nobody approves their own export */
	return nerr_pass(err);
}

/* POST /exports: the request itself. */
NEOERR *export_create(REQUEST *req)
{
	struct export_spec s;
	struct export_preview p;
	unsigned long long id = 0;
	long long approver = 0;
	char where[40];
	NEOERR *err = STATUS_OK;
	int ok = export_spec_read(req, &s, 1, &err);

	if (err)
		return nerr_pass(err);
	if (!ok)
		return nerr_pass(export_reshow(req, &s, 400));
	err = export_approver(req, &approver);
	if (!err && !approver) {
		err = form_error(req, "reason", "Export.NoApprover");
		if (!err)
			err = export_reshow(req, &s, 409);
		return nerr_pass(err);
	}
	if (!err)
		err = export_preview(req, &s, &p);
	if (!err)
		err = db_begin();
	if (!err)
		err = db_execf(&id, "INSERT INTO export_request (requester_id, approver_id, kind, export_columns,"
			       " f_q, f_region, f_owner_me, f_status, f_from, f_to, reason, row_count,"
			       " sensitive_counts, latest_change, created_at)"
			       " VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''),"
			       " UTC_TIMESTAMP(6))", "iittti" "itttt" "itt",
			       req->user->id, approver, s.kind->code, s.columns, s.q, s.region,
			       (long long)s.owner_me, s.status, s.from, s.to, s.reason, p.rows,
			       p.sensitive, p.latest);
	if (!err) {
		char after[1200];
		struct audit_event ev = { "export.request", "export", (long long)id, NULL, NULL, after };

		snprintf(after, sizeof(after), "kind=%s columns=%s rows=%lld sensitive=%s approver=%lld",
			 s.kind->code, s.columns, p.rows, p.sensitive, approver);
		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	snprintf(where, sizeof(where), "/exports/%llu?done=Requested", id);
	if (!err)
		err = request_redirect(req, where);
	return nerr_pass(err);
}

/* ---- lists and the request page ---------------------------------------- */

#define EXPORT_ROW_COLS "e.id, e.kind, e.export_columns, e.row_count, e.sensitive_counts, e.latest_change," \
	" e.status, e.created_at, e.decided_at, e.decision_reason, e.expires_at," \
	" e.expires_at IS NOT NULL AND e.expires_at <= UTC_TIMESTAMP(6), e.downloaded_at," \
	" ur.display_name, ua.display_name, e.reason, e.requester_id, e.approver_id," \
	" e.f_q, g.name, e.f_owner_me, e.f_status, e.f_from, e.f_to, e.token"
#define EXPORT_ROW_FROM " FROM export_request e JOIN users ur ON ur.id = e.requester_id" \
	" JOIN users ua ON ua.id = e.approver_id LEFT JOIN region g ON g.id = e.f_region"

/* One request row (EXPORT_ROW_COLS) into node.  The token is shown only to
 * the requester while it can still be used. */
static NEOERR *export_put_row(REQUEST *req, DB_STMT *q, HDF *node)
{
	const char *status = db_col_text(q, 6);
	int expired = (int)db_col_int(q, 11);
	NEOERR *err = hdf_set_value(node, "Id", db_col_text(q, 0));

	if (!err) err = hdf_set_value(node, "Columns", db_col_text(q, 2));
	if (!err) err = export_put_preview(req, node, db_col_text(q, 1), db_col_int(q, 3),
					  db_col_text(q, 4), db_col_text(q, 5));
	if (!err) err = hdf_set_value(node, "Status",
				      !strcmp(status, "approved") && expired ? "expired" : status);
	if (!err) err = render_set_time(req, node, "Created", db_col_text(q, 7));
	if (!err) err = render_set_time(req, node, "Decided", db_col_text(q, 8));
	if (!err) err = render_set(node, "DecisionReason", db_col_text(q, 9));
	if (!err) err = render_set_time(req, node, "Expires", db_col_text(q, 10));
	if (!err) err = render_set_time(req, node, "Downloaded", db_col_text(q, 12));
	if (!err) err = render_set(node, "Requester", db_col_text(q, 13));
	if (!err) err = render_set(node, "Approver", db_col_text(q, 14));
	if (!err) err = render_set(node, "Reason", db_col_text(q, 15));
	if (!err && db_col_int(q, 16) == req->user->id) err = hdf_set_value(node, "Mine", "1");
	if (!err && db_col_int(q, 17) == req->user->id) err = hdf_set_value(node, "ToApprove", "1");
	if (!err) err = render_set(node, "Filter.q", db_col_text(q, 18));
	if (!err) err = render_set(node, "Filter.Region", db_col_text(q, 19));
	if (!err && db_col_int(q, 20)) err = hdf_set_value(node, "Filter.OwnerMe", "1");
	if (!err) err = render_set(node, "Filter.Status", db_col_text(q, 21));
	if (!err) err = render_set(node, "Filter.From", db_col_text(q, 22));
	if (!err) err = render_set(node, "Filter.To", db_col_text(q, 23));
	if (!err && db_col_int(q, 16) == req->user->id && !strcmp(status, "approved") && !expired &&
	    db_col_text(q, 24))
		err = hdf_set_value(node, "Token", db_col_text(q, 24));
	return nerr_pass(err);
}

static NEOERR *export_rows(REQUEST *req, const char *list, const char *sql, long long who)
{
	DB_STMT *q;
	int n = 0;
	NEOERR *err = db_prepare(&q, sql);

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, who);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, list, n++, &row);
		if (!err)
			err = export_put_row(req, q, row);
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

/* GET /exports: my requests, and the approvals waiting for me. */
NEOERR *exports_list(REQUEST *req)
{
	NEOERR *err = STATUS_OK;

	if (user_can(req->user, "export.request"))
		err = export_rows(req, "Exports.Mine", "SELECT " EXPORT_ROW_COLS EXPORT_ROW_FROM
				  " WHERE e.requester_id = ? ORDER BY e.id DESC LIMIT 50", req->user->id);
	if (!err && user_can(req->user, "export.approve"))
		err = export_rows(req, "Exports.Inbox", "SELECT " EXPORT_ROW_COLS EXPORT_ROW_FROM
				  " WHERE e.approver_id = ? AND e.status = 'pending' ORDER BY e.id LIMIT 100",
				  req->user->id);
	if (!err && user_can(req->user, "export.approve"))
		err = export_rows(req, "Exports.Decided", "SELECT " EXPORT_ROW_COLS EXPORT_ROW_FROM
				  " WHERE e.approver_id = ? AND e.status <> 'pending' ORDER BY e.id DESC LIMIT 20",
				  req->user->id);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "exports");
	req->template_name = "exports.cs";
	return nerr_pass(err);
}

/* A request the reader may look at (requester or approver), else 404. */
static NEOERR *export_load(REQUEST *req, long long id)
{
	DB_STMT *q;
	HDF *node;
	int found = 0;
	NEOERR *err = db_prepare(&q, "SELECT " EXPORT_ROW_COLS EXPORT_ROW_FROM
				 " WHERE e.id = ? AND (e.requester_id = ? OR e.approver_id = ?)");

	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, id);
	db_bind_int(q, 2, req->user->id);
	db_bind_int(q, 3, req->user->id);
	if (db_step(q) == DB_ROW) {
		found = 1;
		err = hdf_get_node(req->hdf, "Export", &node);
		if (!err)
			err = export_put_row(req, q, node);
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "export %lld not the reader's", id);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "exports");
	req->template_name = "export.cs";
	return nerr_pass(err);
}

NEOERR *export_page(REQUEST *req)
{
	NEOERR *err = export_load(req, req->ids[0]);

	if (!err)
		err = render_set(req->hdf, "Page.Flash", request_param(req, "done"));
	return nerr_pass(err);
}

/* ---- approve / reject --------------------------------------------------- */

static NEOERR *export_decide(REQUEST *req, int approve)
{
	long long id = req->ids[0];
	const char *reason = nonempty(request_param(req, "reason"));
	unsigned char raw[32];
	char token[65], where[48];
	DB_STMT *q;
	long long requester = 0;
	int found = 0, changed = 0;
	NEOERR *err;

	if (!reason && !approve) {
		/* a rejection needs its reason: the page again, with the error */
		err = export_load(req, id);
		if (!err) err = form_error(req, "reason", "Valid.Required");
		req->status = 400;
		return nerr_pass(err);
	}
	err = db_begin();
	if (!err)
		err = db_prepare(&q, "SELECT requester_id, status FROM export_request"
				 " WHERE id = ? AND approver_id = ? FOR UPDATE");
	if (!err) {
		db_bind_int(q, 1, id);
		db_bind_int(q, 2, req->user->id);
		if (db_step(q) == DB_ROW) {
			found = 1;
			requester = db_col_int(q, 0);
			changed = strcmp(db_col_text(q, 1), "pending") != 0;
		}
		err = db_finalize(q);
	}
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "export %lld is not for this approver", id);
	if (!err && changed)
		err = nerr_raise(ERR_CONFLICT, "export %lld already decided", id);
	if (!err && requester == req->user->id)
		err = nerr_raise(ERR_FORBIDDEN, "self-approval");
	if (!err && approve) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(token, sizeof(token), raw, sizeof(raw));
		err = db_execf(NULL, "UPDATE export_request SET status = 'approved', decided_at = UTC_TIMESTAMP(6),"
			       " decision_reason = ?, token = ?,"
			       " expires_at = UTC_TIMESTAMP(6) + INTERVAL ? HOUR WHERE id = ?", "ttii",
			       reason, token, (long long)config_int("Export.LinkHours"), id);
	} else if (!err) {
		err = db_execf(NULL, "UPDATE export_request SET status = 'rejected', decided_at = UTC_TIMESTAMP(6),"
			       " decision_reason = ? WHERE id = ?", "ti", reason, id);
	}
	if (!err) {
		struct audit_event ev = { approve ? "export.approve" : "export.reject", "export", id,
					  NULL, NULL, reason };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	snprintf(where, sizeof(where), "/exports/%lld?done=%s", id, approve ? "Approved" : "Rejected");
	if (!err)
		err = request_redirect(req, where);
	return nerr_pass(err);
}

NEOERR *export_approve(REQUEST *req) { return nerr_pass(export_decide(req, 1)); }
NEOERR *export_reject(REQUEST *req) { return nerr_pass(export_decide(req, 0)); }

/* ---- the download -------------------------------------------------------- */

/* A refused download: on the record, then the request's page with why (or
 * 404 when the request is not the reader's). */
static NEOERR *export_refuse(REQUEST *req, long long id, const char *why, int mine)
{
	struct audit_event ev = { "export.download_refused", "export", id, NULL, NULL, why };
	NEOERR *err = audit_log(req, &ev);

	if (err)
		return nerr_pass(err);
	if (!strcmp(why, "viewing_as"))
		return nerr_raise(ERR_FORBIDDEN, "export download while viewing as someone");
	if (!mine)
		return nerr_raise(ERR_NOT_FOUND, "export %lld: %s", id, why);
	err = export_load(req, id);
	if (!err) err = hdf_set_value(req->hdf, "Export.Refused", why);
	req->status = 403;
	return nerr_pass(err);
}

/* Appends one CSV record (CRLF-terminated). */
static NEOERR *export_record(STRING *out, const char *const *cells, int n)
{
	NEOERR *err = STATUS_OK;

	for (int i = 0; !err && i < n; i++) {
		if (i)
			err = string_append_char(out, ',');
		if (!err && cells[i])
			err = auditview_csv_cell(out, cells[i], strlen(cells[i]));
	}
	if (!err)
		err = string_append(out, "\r\n");
	return nerr_pass(err);
}

/* Streams the file for spec s, as the requester sees it. */
static NEOERR *export_stream(REQUEST *req, const struct export_spec *s, const char *name)
{
	const struct export_kind *k = s->kind;
	const struct export_col *cols[32];
	const char *cells[32];
	char masked[32][512], head[80];
	long long last = 0;
	int nc = 0, started = 0, rows;
	STRING sql, out;
	NEOERR *err = STATUS_OK;

	for (int i = 0; i < k->ncols && nc < 32; i++)
		if (export_list_has(s->columns, k->cols[i].code))
			cols[nc++] = &k->cols[i];
	string_init(&out);
	err = string_append(&out, "\xEF\xBB\xBF");   /* so spreadsheet programs read UTF-8 */
	for (int i = 0; !err && i < nc; i++) {
		snprintf(head, sizeof(head), "Export.Col.%s", cols[i]->code);
		cells[i] = render_text(req->lang, head);
	}
	if (!err)
		err = export_record(&out, cells, nc);
	do {
		struct db_args a = { 0 };
		char like[220], offset[16];
		DB_STMT *q;

		rows = 0;
		string_init(&sql);
		/* id, owner, depth, signed, then the columns */
		err = string_appendf(&sql, "SELECT %s, COALESCE(%s, 0), %s, %s", k->id_col, k->owner_col,
				     k->depth_sql, k->signed_sql);
		db_args_int(&a, req->user->id);
		for (int i = 0; !err && i < nc; i++)
			err = string_appendf(&sql, ", %s", cols[i]->expr);
		if (!err)
			err = export_where(req, s, &sql, &a, like, sizeof(like), offset, sizeof(offset));
		if (!err)
			err = string_appendf(&sql, " AND %s > ? ORDER BY %s LIMIT ?", k->id_col, k->id_col);
		db_args_int(&a, last);
		db_args_int(&a, EXPORT_BATCH);
		if (!err)
			err = db_prepare(&q, sql.buf);
		string_clear(&sql);
		if (err)
			break;
		if (!db_bind_args(q, &a, 1)) {
			db_finalize(q);
			err = nerr_raise(NERR_ASSERT, "too many filter values");
			break;
		}
		while (!err && db_step(q) == DB_ROW) {
			struct policy_subject subj = { db_col_int(q, 0), db_col_int(q, 1),
						       (int)db_col_int(q, 2), (int)db_col_int(q, 3) };

			last = subj.object_id;
			rows++;
			/* every value through the field policy, for the requester */
			for (int i = 0; i < nc; i++)
				cells[i] = policy_apply(req, cols[i]->object, cols[i]->field, &subj,
							db_col_text(q, 4 + i), masked[i], sizeof(masked[i]));
			err = export_record(&out, cells, nc);
			if (!err && started && out.len >= EXPORT_FLUSH) {
				err = request_stream_write(req, out.buf, (size_t)out.len);
				out.len = 0;
				out.buf[0] = '\0';
			}
		}
		if (err) {
			db_finalize(q);
			break;
		}
		err = db_finalize(q);
		/* The first batch is read before the headers go: a failure
		 * there is still an error page. */
		if (!err && !started) {
			err = request_stream_begin(req, "text/csv; charset=utf-8", name);
			started = 1;
		}
		if (!err && out.len) {
			err = request_stream_write(req, out.buf, (size_t)out.len);
			out.len = 0;
			out.buf[0] = '\0';
		}
	} while (!err && rows == EXPORT_BATCH);
	string_clear(&out);
	return nerr_pass(err);
}

/* After the stream: a complete file spends the link (status 'downloaded',
 * audited export.download); a broken one releases the claim so the link
 * can be used again (audited export.download_interrupted with why).  The
 * headers may be out already, so a failure is on the record and in the log,
 * not on a page. */
static NEOERR *export_finish(REQUEST *req, long long id, const char *claim, const char *columns,
			     NEOERR *sent)
{
	NEOERR *err;

	if (!sent) {
		err = db_begin();
		if (!err)
			err = db_execf(NULL, "UPDATE export_request SET status = 'downloaded',"
				       " downloaded_at = UTC_TIMESTAMP(6), claim = NULL, claimed_at = NULL"
				       " WHERE id = ? AND claim = ?", "it", id, claim);
		if (!err) {
			struct audit_event ev = { "export.download", "export", id, NULL, NULL, columns };

			err = audit_log(req, &ev);
		}
		return nerr_pass(db_finish(err));
	}
	{
		STRING why;
		char after[120];
		int streamed = req->streamed;

		string_init(&why);
		nerr_error_string(sent, &why);
		snprintf(after, sizeof(after), "%s", nerr_match(sent, NERR_IO) ? "connection_lost" : "server_error");
		log_msg(LOG_INFO, "export %lld download interrupted: %s", id, why.buf ? why.buf : "");
		string_clear(&why);
		if (db_in_transaction()) {
			err = db_rollback();
			err_log_and_free(&err);
		}
		err = db_begin();
		if (!err)
			err = db_execf(NULL, "UPDATE export_request SET claim = NULL, claimed_at = NULL"
				       " WHERE id = ? AND claim = ?", "it", id, claim);
		if (!err) {
			struct audit_event ev = { "export.download_interrupted", "export", id, NULL, NULL, after };

			err = audit_log(req, &ev);
		}
		err = db_finish(err);
		if (err) {
			nerr_ignore(&sent);
			return nerr_pass(err);
		}
		/* before the headers went: the error page; after: nothing to say */
		if (!streamed)
			return nerr_pass(sent);
		nerr_ignore(&sent);
		return STATUS_OK;
	}
}

/* GET /exports/N/download?t=TOKEN */
NEOERR *export_download(REQUEST *req)
{
	long long id = req->ids[0];
	const char *token = request_param(req, "t");
	struct export_spec s;
	char columns[501], q[201], status[21], from[11], to[11], stat[16], name[64], claim[33];
	long long requester = 0, region = 0;
	int found = 0, expired = 0, owner_me = 0, token_ok = 0, ki = -1;
	unsigned long long spent = 0;
	DB_STMT *st;
	NEOERR *err;

	if (req->viewing_as)
		/* the target's approved export is theirs to download, not the viewer's */
		return nerr_pass(export_refuse(req, id, "viewing_as", 0));
	if (req->head_only)
		return nerr_raise(ERR_METHOD, "HEAD would not spend the link");
	err = db_prepare(&st, "SELECT requester_id, status, expires_at <= UTC_TIMESTAMP(6), kind, export_columns,"
			 " f_q, COALESCE(f_region, 0), f_owner_me, f_status, f_from, f_to, token"
			 " FROM export_request WHERE id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(st, 1, id);
	q[0] = status[0] = from[0] = to[0] = stat[0] = columns[0] = '\0';
	if (db_step(st) == DB_ROW) {
		const char *tok = db_col_text(st, 11);

		found = 1;
		requester = db_col_int(st, 0);
		snprintf(stat, sizeof(stat), "%s", db_col_text(st, 1));
		expired = (int)db_col_int(st, 2);
		ki = export_kind_index(db_col_text(st, 3));
		snprintf(columns, sizeof(columns), "%s", db_col_text(st, 4));
		snprintf(q, sizeof(q), "%s", db_col_text(st, 5) ? db_col_text(st, 5) : "");
		region = db_col_int(st, 6);
		owner_me = (int)db_col_int(st, 7);
		snprintf(status, sizeof(status), "%s", db_col_text(st, 8) ? db_col_text(st, 8) : "");
		snprintf(from, sizeof(from), "%s", db_col_text(st, 9) ? db_col_text(st, 9) : "");
		snprintf(to, sizeof(to), "%s", db_col_text(st, 10) ? db_col_text(st, 10) : "");
		token_ok = tok && token && strlen(tok) == 64 && strlen(token) == 64 &&
			   sodium_memcmp(tok, token, 64) == 0;
	}
	err = db_finalize(st);
	if (err)
		return nerr_pass(err);
	if (!found || requester != req->user->id)
		return nerr_pass(export_refuse(req, id, found ? "not_requester" : "no_such_export", 0));
	if (!strcmp(stat, "downloaded"))
		return nerr_pass(export_refuse(req, id, "used", 1));
	if (strcmp(stat, "approved"))
		return nerr_pass(export_refuse(req, id, "not_approved", 1));
	if (expired)
		return nerr_pass(export_refuse(req, id, "expired", 1));
	if (!token_ok)
		return nerr_pass(export_refuse(req, id, "bad_token", 1));
	if (ki < 0 || !user_can(req->user, kinds[ki].cap))
		return nerr_pass(export_refuse(req, id, "no_capability", 1));

	/* Claim the link: of two downloads at once exactly one changes the
	 * row; the link is spent only once the file went out completely. */
	{
		unsigned char raw[16];

		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(claim, sizeof(claim), raw, sizeof(raw));
	}
	err = db_begin();
	if (!err) {
		err = db_prepare(&st, "UPDATE export_request SET claim = ?, claimed_at = UTC_TIMESTAMP(6)"
				 " WHERE id = ? AND requester_id = ? AND status = 'approved'"
				 " AND expires_at > UTC_TIMESTAMP(6) AND token = ?"
				 " AND (claim IS NULL OR claimed_at < UTC_TIMESTAMP(6) - INTERVAL ? MINUTE)");
		if (!err) {
			db_bind_text(st, 1, claim);
			db_bind_int(st, 2, id);
			db_bind_int(st, 3, req->user->id);
			db_bind_text(st, 4, token);
			db_bind_int(st, 5, config_int("Export.ClaimMinutes"));
			db_step(st);
			spent = db_affected(st);
			err = db_finalize(st);
		}
	}
	if (!err && spent == 1) {
		struct audit_event ev = { "export.download_start", "export", id, NULL, NULL, columns };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	if (spent != 1) {
		long long used = 0;

		err = db_int_query(&used, NULL, "SELECT status = 'downloaded' FROM export_request WHERE id = ?",
				   "i", id);
		if (err)
			return nerr_pass(err);
		return nerr_pass(export_refuse(req, id, used ? "used" : "in_progress", 1));
	}

	memset(&s, 0, sizeof(s));
	s.kind = &kinds[ki];
	snprintf(s.columns, sizeof(s.columns), "%s", columns);
	s.q = q;
	s.region = region;
	s.owner_me = owner_me;
	s.status = status;
	s.from = from;
	s.to = to;
	{
		time_t now = time(NULL);
		struct tm tm;
		char day[16];

		gmtime_r(&now, &tm);
		strftime(day, sizeof(day), "%Y%m%d", &tm);
		snprintf(name, sizeof(name), "%s-%s-%lld.csv", s.kind->code, day, id);
	}
	err = export_stream(req, &s, name);
	if (!err && req->streamed)
		err = request_stream_flush(req);
	return nerr_pass(export_finish(req, id, claim, columns, err));
}
