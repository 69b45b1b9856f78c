/* foureyes.c — four-eyes confirmation of deal changes (R8.5).
 *
 * The types listed in FourEyes.Types (default "quote,key_contact") are not
 * written when their author saves them: deals.c calls foureyes_propose(),
 * which keeps the change in pending_change (one pending change per deal,
 * type and contact at a time).  The deal and contact rows keep the old
 * value, so everything that reads them (action locks, board, exports) sees
 * the old value until a second person with deal.approve, who may read the
 * deal and is not the author, confirms it (POST /deals/#/changes/#); only
 * then the new value is written.  Self-confirmation is refused and audited.
 * The deal page lists pending changes with old and new value (an amount
 * through the field policy).  Every step is audited and on the timeline.
 *
 *   quote        deal.amount; old/new value the amounts (never in the audit)
 *   key_contact  contact.is_key of contact_id (a contact of the deal's
 *                customer); old/new value "0" or "1"
 *   tech_agreement  a deal file of kind tech_agreement (dealfiles.c): the
 *                upload is stored but not in force; old/new value the
 *                attachment ids (the version in force, the new one).  A
 *                confirmation puts the new one in force; a rejected version
 *                stays on the deal as history, never in force.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "deal.h"
#include "err.h"
#include "foureyes.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

/* ---- pure -------------------------------------------------------------- */

int foureyes_listed(const char *list, const char *type)
{
	size_t tl;

	if (!list || !type || !*type)
		return 0;
	tl = strlen(type);
	for (const char *p = list; *p;) {
		size_t n;

		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, ", ");
		if (n && n == tl && !strncmp(p, type, n))
			return 1;
		p += n;
	}
	return 0;
}

/* The types in force: the setting saved on /admin/four-eyes, else the
 * config file's FourEyes.Types (also when the database cannot say). */
static const char *foureyes_types(char *buf, size_t n, int *saved)
{
	DB_STMT *q;
	NEOERR *err = db_prepare(&q, "SELECT types FROM four_eyes_setting WHERE id = 1");

	*saved = 0;
	if (err) {
		err_log_and_free(&err);
		return config_get("FourEyes.Types");
	}
	if (db_step(q) == DB_ROW) {
		snprintf(buf, n, "%s", db_col_text(q, 0) ? db_col_text(q, 0) : "");
		*saved = 1;
	}
	err = db_finalize(q);
	if (err) {
		err_log_and_free(&err);
		*saved = 0;
	}
	return *saved ? buf : config_get("FourEyes.Types");
}

int foureyes_required(const char *type)
{
	char buf[201];
	int saved;

	return foureyes_listed(foureyes_types(buf, sizeof(buf), &saved), type);
}

NEOERR *foureyes_tech_in_force(long long deal_id, long long except, long long *id)
{
	*id = 0;
	return nerr_pass(db_int_query(id, NULL, "SELECT a.id FROM attachment a WHERE a.deal_id = ?"
				      " AND a.kind = 'tech_agreement' AND a.id <> ? AND"
				      FOUREYES_FILE_IN_FORCE("a") " ORDER BY a.id DESC LIMIT 1",
				      "ii", deal_id, except));
}

/* The person who acts: the real one, also while viewing as someone. */
static long long foureyes_actor(REQUEST *req)
{
	return req->actor ? req->actor->id : req->user->id;
}

/* ---- proposing (inside the caller's transaction) ------------------------ */

NEOERR *foureyes_propose(REQUEST *req, const struct deal_row *d, const char *type,
			 long long contact_id, const char *old_value, const char *new_value)
{
	unsigned long long id = 0;
	long long pending = 0;
	char ev_kind[40], detail[32];
	NEOERR *err;

	/* one open change per deal, type and contact; the row lock on the deal
	 * keeps two proposals from both passing this check */
	err = db_int_query(&pending, NULL, "SELECT id FROM deal WHERE id = ? FOR UPDATE", "i", d->id);
	if (!err)
		err = db_int_query(&pending, NULL, "SELECT COUNT(*) FROM pending_change WHERE deal_id = ?"
				   " AND kind = ? AND COALESCE(contact_id, 0) = ? AND status = 'pending'",
				   "iti", d->id, type, contact_id);
	if (err)
		return nerr_pass(err);
	if (pending)
		return nerr_raise(ERR_CONFLICT, "deal %lld already has a pending %s change", d->id, type);
	err = db_execf(&id, "INSERT INTO pending_change (deal_id, kind, contact_id, old_value, new_value,"
		       " author_id, created_at) VALUES (?, ?, NULLIF(?, 0), NULLIF(?, ''), ?, ?, UTC_TIMESTAMP(6))",
		       "ititti", d->id, type, contact_id, old_value, new_value, foureyes_actor(req));
	if (!err) {
		/* an amount never goes to the audit log in clear */
		int quote = !strcmp(type, "quote");
		struct audit_event ev = { "deal.change.propose", "deal", d->id, type,
					  quote ? NULL : old_value, quote ? "(pending)" : new_value };

		err = audit_log(req, &ev);
	}
	snprintf(ev_kind, sizeof(ev_kind), "change_pending_%s", type);
	snprintf(detail, sizeof(detail), "#%llu", id);
	if (!err) err = deal_event(req, d->id, ev_kind, 0, 0, detail);
	return nerr_pass(err);
}

/* ---- the deal page ------------------------------------------------------- */

NEOERR *foureyes_put(REQUEST *req, const struct deal_row *d, HDF *deal_node)
{
	struct policy_subject subj;
	long long me = foureyes_actor(req);
	int n = 0;
	DB_STMT *q;
	NEOERR *err;

	deal_subject(d, &subj);
	{
		char buf[201];
		int saved;

		err = hdf_set_value(deal_node, "FourEyes.Types", foureyes_types(buf, sizeof(buf), &saved));
	}
	if (!err)
		err = db_prepare(&q, "SELECT p.id, p.kind, p.contact_id, p.old_value, p.new_value, p.author_id,"
				 " u.display_name, p.created_at, k.name, fo.filename, fn.filename"
				 " FROM pending_change p LEFT JOIN users u ON u.id = p.author_id"
				 " LEFT JOIN contact k ON k.id = p.contact_id"
				 " LEFT JOIN attachment fo ON p.kind = 'tech_agreement' AND fo.deal_id = p.deal_id"
				 "  AND fo.id = CAST(p.old_value AS UNSIGNED)"
				 " LEFT JOIN attachment fn ON p.kind = 'tech_agreement' AND fn.deal_id = p.deal_id"
				 "  AND fn.id = CAST(p.new_value AS UNSIGNED)"
				 " WHERE p.deal_id = ? AND p.status = 'pending' ORDER BY p.id");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d->id);
	while (!err && db_step(q) == DB_ROW) {
		const char *kind = db_col_text(q, 1);
		HDF *row;

		err = render_row(deal_node, "Pending", n++, &row);
		if (!err) err = hdf_set_value(row, "Id", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Kind", kind);
		if (!err) err = render_set(row, "Author", db_col_text(q, 6));
		if (!err) err = render_set_time(req, row, "Created", db_col_text(q, 7));
		if (!err && !strcmp(kind, "quote")) {
			/* both values through the field policy, as the amount itself */
			err = policy_put(req, row, "Old", "deal", "amount", &subj, db_col_text(q, 3));
			if (!err) err = policy_put(req, row, "New", "deal", "amount", &subj, db_col_text(q, 4));
		} else if (!err && !strcmp(kind, FOUREYES_TECH)) {
			/* the two versions of the file, both downloadable by readers */
			err = render_set(row, "OldFile", db_col_text(q, 3));
			if (!err) err = render_set(row, "OldName", db_col_text(q, 9));
			if (!err) err = render_set(row, "NewFile", db_col_text(q, 4));
			if (!err) err = render_set(row, "NewName", db_col_text(q, 10));
		} else if (!err) {
			struct policy_subject ks = { db_col_int(q, 2), d->owner_id, d->depth, 0 };

			err = policy_put(req, row, "Contact", "contact", "name", &ks, db_col_text(q, 8));
			if (!err) err = render_set(row, "Old", db_col_text(q, 3));
			if (!err) err = render_set(row, "New", db_col_text(q, 4));
		}
		if (!err && db_col_int(q, 5) == me)
			err = hdf_set_value(row, "Mine", "1");
		else if (!err && user_can(req->user, "deal.approve"))
			err = hdf_set_value(row, "CanDecide", "1");
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	return nerr_pass(db_finalize(q));
}

/* ---- deciding ------------------------------------------------------------- */

/* POST /deals/#/changes/#: decision = confirm | reject, comment. */
NEOERR *foureyes_decide(REQUEST *req)
{
	const char *decision = request_param(req, "decision");
	const char *comment = request_param(req, "comment");
	long long change = req->ids[1], author = 0, contact = 0;
	char kind[21] = "", new_value[41] = "", old_value[41] = "", ev_kind[40], detail[32], where[80];
	struct deal_row d;
	int confirm, found = 0;
	DB_STMT *q;
	NEOERR *err;

	if (!decision || (strcmp(decision, "confirm") && strcmp(decision, "reject")))
		return nerr_raise(ERR_BAD_REQUEST, "decision must be confirm or reject");
	confirm = !strcmp(decision, "confirm");
	/* the decider must be able to read the deal: outside it, "not found" */
	err = deal_scoped(req, req->ids[0], 0, &d);
	if (!err) err = db_begin();
	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "SELECT kind, COALESCE(contact_id, 0), old_value, new_value, author_id, status"
				 " FROM pending_change WHERE id = ? AND deal_id = ? FOR UPDATE");
	if (err)
		return nerr_pass(db_finish(err));
	db_bind_int(q, 1, change);
	db_bind_int(q, 2, d.id);
	if (db_step(q) == DB_ROW) {
		found = 1;
		snprintf(kind, sizeof(kind), "%s", db_col_text(q, 0));
		contact = db_col_int(q, 1);
		snprintf(old_value, sizeof(old_value), "%s", db_col_text(q, 2) ? db_col_text(q, 2) : "");
		snprintf(new_value, sizeof(new_value), "%s", db_col_text(q, 3) ? db_col_text(q, 3) : "");
		author = db_col_int(q, 4);
		if (strcmp(db_col_text(q, 5), "pending"))
			found = 2;
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "change %lld of deal %lld", change, d.id);
	if (!err && found == 2)
		err = nerr_raise(ERR_CONFLICT, "change %lld already decided", change);
	if (err)
		return nerr_pass(db_finish(err));
	if (author == foureyes_actor(req) || author == req->user->id) {
		/* four eyes means two people: the refusal is audited and kept */
		struct audit_event ev = { "deal.change.self_refused", "deal", d.id, kind, NULL, decision };

		err = audit_log(req, &ev);
		err = db_finish(err);
		if (err)
			return nerr_pass(err);
		return nerr_raise(ERR_FORBIDDEN, "the author of change %lld cannot decide it", change);
	}
	if (confirm && !strcmp(kind, "quote"))
		err = db_execf(NULL, "UPDATE deal SET amount = ?, updated_at = UTC_TIMESTAMP(6) WHERE id = ?",
			       "ti", new_value, d.id);
	else if (confirm && !strcmp(kind, "key_contact"))
		err = db_execf(NULL, "UPDATE contact SET is_key = ? WHERE id = ? AND customer_id = ?", "iii",
			       (long long)!strcmp(new_value, "1"), contact, d.customer_id);
	else if (confirm && !strcmp(kind, FOUREYES_TECH))
		;   /* the confirmed version is in force from now (FOUREYES_FILE_IN_FORCE) */
	else if (confirm)
		err = nerr_raise(ERR_CONFLICT, "unknown change kind %s", kind);
	if (!err)
		err = db_execf(NULL, "UPDATE pending_change SET status = ?, decided_by = ?, comment = ?,"
			       " decided_at = UTC_TIMESTAMP(6) WHERE id = ?", "titi",
			       confirm ? "confirmed" : "rejected", foureyes_actor(req), comment, change);
	if (!err) {
		int quote = !strcmp(kind, "quote");
		struct audit_event ev = { confirm ? "deal.change.confirm" : "deal.change.reject", "deal", d.id,
					  kind, quote ? NULL : old_value,
					  quote ? (confirm ? "(set)" : "(kept)") : (confirm ? new_value : old_value) };

		err = audit_log(req, &ev);
	}
	snprintf(ev_kind, sizeof(ev_kind), "change_%s_%s", confirm ? "confirmed" : "rejected", kind);
	snprintf(detail, sizeof(detail), "#%lld", change);
	if (!err) err = deal_event(req, d.id, ev_kind, 0, 0, detail);
	err = db_finish(err);
	if (err)
		return nerr_pass(err);
	snprintf(where, sizeof(where), "/deals/%lld?done=%s", d.id, confirm ? "ChangeConfirmed" : "ChangeRejected");
	return nerr_pass(request_redirect(req, where));
}

/* ---- the admin page: which types need four-eyes ---------------------------- */

static const char *const foureyes_all[] = { "quote", "key_contact", FOUREYES_TECH };
#define FOUREYES_NTYPES (sizeof(foureyes_all) / sizeof(foureyes_all[0]))

/* GET /admin/four-eyes */
NEOERR *foureyes_admin(REQUEST *req)
{
	char buf[201];
	int saved;
	const char *types = foureyes_types(buf, sizeof(buf), &saved);
	NEOERR *err = STATUS_OK;

	for (size_t i = 0; !err && i < FOUREYES_NTYPES; i++) {
		HDF *row;

		err = render_row(req->hdf, "FourEyes.Types", (int)i, &row);
		if (!err) err = hdf_set_value(row, "Code", foureyes_all[i]);
		if (!err && foureyes_listed(types, foureyes_all[i])) err = hdf_set_value(row, "On", "1");
		if (!err && foureyes_listed(config_get("FourEyes.Types"), foureyes_all[i]))
			err = hdf_set_value(row, "Default", "1");
	}
	if (!err && saved) {
		DB_STMT *q;

		err = db_prepare(&q, "SELECT u.display_name, s.updated_at FROM four_eyes_setting s"
				 " LEFT JOIN users u ON u.id = s.updated_by WHERE s.id = 1");
		if (!err && db_step(q) == DB_ROW) {
			err = render_set(req->hdf, "FourEyes.SavedBy", db_col_text(q, 0));
			if (!err) err = render_set_time(req, req->hdf, "FourEyes.SavedAt", db_col_text(q, 1));
		}
		if (!err)
			err = db_finalize(q);
		else
			db_finalize(q);
	}
	if (!err && saved) err = hdf_set_value(req->hdf, "FourEyes.Saved", "1");
	if (!err) err = render_set(req->hdf, "Page.Flash", request_param(req, "done"));
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-four-eyes");
	req->template_name = "admin_foureyes.cs";
	return nerr_pass(err);
}

/* POST /admin/four-eyes: types (the checked ones, maybe none), or
 * reset=1: back to the config file's value.  Audited with before/after. */
NEOERR *foureyes_admin_save(REQUEST *req)
{
	const char *given = request_param(req, "types");
	int reset = request_param_int(req, "reset", 0) == 1, saved;
	char before[201], after[201] = "", buf[201];
	NEOERR *err;

	/* only known types, in a fixed order */
	for (const char *p = given; p && *p;) {
		size_t n = strcspn(p, ",");
		int known = 0;

		for (size_t i = 0; i < FOUREYES_NTYPES; i++)
			known |= n == strlen(foureyes_all[i]) && !strncmp(p, foureyes_all[i], n);
		if (!known)
			return nerr_raise(ERR_BAD_REQUEST, "unknown four-eyes type");
		p += n + (p[n] == ',');
	}
	for (size_t i = 0; i < FOUREYES_NTYPES; i++)
		if (foureyes_listed(given ? given : "", foureyes_all[i])) {
			size_t len = strlen(after);

			snprintf(after + len, sizeof(after) - len, "%s%s", len ? "," : "", foureyes_all[i]);
		}
	snprintf(before, sizeof(before), "%s", foureyes_types(buf, sizeof(buf), &saved));
	err = db_begin();
	if (!err && reset)
		err = db_execf(NULL, "DELETE FROM four_eyes_setting WHERE id = 1", NULL);
	else if (!err)
		err = db_execf(NULL, "INSERT INTO four_eyes_setting (id, types, updated_by, updated_at)"
			       " VALUES (1, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE"
			       " types = VALUES(types), updated_by = VALUES(updated_by),"
			       " updated_at = VALUES(updated_at)", "ti", after, foureyes_actor(req));
	if (!err) {
		struct audit_event ev = { "foureyes.types", "config", 0, "FourEyes.Types", before,
					  reset ? config_get("FourEyes.Types") : after };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!err)
		err = request_redirect(req, "/admin/four-eyes?done=Saved");
	return nerr_pass(err);
}
