/* dealfiles.c — attachments, checklist ticks and their approvals, and the
 * compliance pages.
 *
 * An upload is copied out of ClearSilver's spool into Paths.Uploads/att
 * under a random server-made name (never the user's), hashed (SHA-256) on
 * the way; its type comes from its content (libmagic), a PDF's page count
 * from qpdf.  A file that does not fit the stage's rule for its kind is
 * deleted again and refused with the reason.  Files are served only by
 * deal_attachment_get, to readers of the deal, as attachments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "deal.h"
#include "err.h"
#include "lazylib.h"
#include "foureyes.h"
#include "pages.h"
#include "render.h"
#include "user.h"
#include "validate.h"

static magic_t dealfile_magic;

static NEOERR *dealfile_dir(char *out, size_t n)
{
	snprintf(out, n, "%s/att", config_get("Paths.Uploads"));
	if (mkdir(out, 0700) && errno != EEXIST)
		return nerr_raise_errno(NERR_IO, "mkdir %s", out);
	return STATUS_OK;
}

static NEOERR *dealfile_mime(const char *path, char *out, size_t n)
{
	const struct lazylib_magic *M = lazylib_magic();
	const char *m;

	if (!M)
		return nerr_raise(ERR_UNAVAILABLE, "libmagic cannot be loaded (see the log)");
	if (!dealfile_magic) {
		dealfile_magic = M->magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
		if (!dealfile_magic)
			return nerr_raise(NERR_NOMEM, "magic_open");
		if (M->magic_load(dealfile_magic, NULL)) {
			M->magic_close(dealfile_magic);
			dealfile_magic = NULL;
			return nerr_raise(NERR_IO, "magic_load failed");
		}
	}
	m = M->magic_file(dealfile_magic, path);
	snprintf(out, n, "%s", m ? m : "application/octet-stream");
	return STATUS_OK;
}

/* Pages of a PDF (qpdf), -1 when it cannot be read as one. */
static long long dealfile_pages(const char *path)
{
	const struct lazylib_qpdf *Q = lazylib_qpdf();
	qpdf_data q;
	long long pages = -1;

	if (!Q)
		return -1;   /* logged by lazylib: read as "not a PDF" */
	q = Q->qpdf_init();

	Q->qpdf_silence_errors(q);
	Q->qpdf_set_suppress_warnings(q, 1);
	if (!(Q->qpdf_read(q, path, NULL) & QPDF_ERRORS))
		pages = Q->qpdf_get_num_pages(q);
	if (pages < 0)
		pages = -1;
	Q->qpdf_cleanup(&q);
	return pages;
}

NEOERR *dealfile_store(REQUEST *req, const struct deal_row *d, const char *kind,
		       const struct dealrule *r, long long *attachment_id, const char **refusal)
{
	const char *name = request_param(req, "file");
	FILE *in = name ? cgi_filehandle(req->cgi, "file") : NULL;
	unsigned char rnd[16], digest[crypto_hash_sha256_BYTES];
	char stored[33], hex[65], dir[400], path[440], mime[101], *clean;
	const char *base;
	crypto_hash_sha256_state st;
	long long size = 0, pages = -1;
	unsigned long long id = 0;
	char buf[16384];
	size_t got;
	FILE *out;
	int fd;
	NEOERR *err;

	*refusal = NULL;
	*attachment_id = 0;
	if (!in) {
		*refusal = "Deal.E.NoFile";
		return STATUS_OK;
	}
	err = dealfile_dir(dir, sizeof(dir));
	if (err)
		return nerr_pass(err);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(stored, sizeof(stored), rnd, sizeof(rnd));
	snprintf(path, sizeof(path), "%s/%s", dir, stored);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd < 0)
		return nerr_raise_errno(NERR_IO, "create %s", path);
	out = fdopen(fd, "wb");
	if (!out) {
		close(fd);
		unlink(path);
		return nerr_raise_errno(NERR_IO, "fdopen");
	}
	crypto_hash_sha256_init(&st);
	if (fseek(in, 0, SEEK_SET))
		err = nerr_raise_errno(NERR_IO, "rewind upload");
	while (!err && (got = fread(buf, 1, sizeof(buf), in)) > 0) {
		crypto_hash_sha256_update(&st, (const unsigned char *)buf, got);
		size += (long long)got;
		if (fwrite(buf, 1, got, out) != got)
			err = nerr_raise_errno(NERR_IO, "write %s", path);
	}
	if (fclose(out) && !err)
		err = nerr_raise_errno(NERR_IO, "close %s", path);
	if (!err && !size)
		*refusal = "Deal.E.Empty";
	if (!err && !*refusal)
		err = dealfile_mime(path, mime, sizeof(mime));
	if (!err && !*refusal && !strcmp(mime, "application/pdf")) {
		pages = dealfile_pages(path);
		if (pages < 1)
			*refusal = "Deal.E.BadPdf";
	}
	if (!err && !*refusal)
		*refusal = dealrule_file_refusal(r, mime, size, pages);
	if (err || *refusal) {
		unlink(path);
		return nerr_pass(err);
	}
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
	/* some browsers send the whole path */
	base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	clean = validate_clean_utf8(*base ? base : "upload");
	if (!clean) {
		unlink(path);
		return nerr_raise(NERR_NOMEM, "file name");
	}
	err = db_execf(&id, "INSERT INTO attachment (deal_id, stage_id, kind, filename, stored_name, sha256,"
		       " mime, size, pages, user_id, created_at) VALUES (?, ?, ?, LEFT(?, 200), ?, ?, ?, ?,"
		       " NULLIF(?, -1), ?, UTC_TIMESTAMP(6))", "iitttttiii", d->id, d->stage_id, kind,
		       clean, stored, hex, mime, size, pages, req->user->id);
	if (!err) {
		struct audit_event ev = { "attachment.create", "deal", d->id, kind, NULL, hex };

		err = audit_log(req, &ev);
	}
	if (!err) {
		char detail[300];

		snprintf(detail, sizeof(detail), "%s · %s · %lld KB%s", clean, mime, (size + 1023) / 1024,
			 pages > 0 ? " · PDF" : "");
		err = deal_event(req, d->id, "attachment", 0, 0, detail);
	}
	free(clean);
	if (err)
		unlink(path);   /* the transaction rolls back: no orphan file */
	else
		*attachment_id = (long long)id;
	return nerr_pass(err);
}

static NEOERR *dealfile_refused(REQUEST *req, const struct deal_row *d, const char *field,
				const char *key, const char *where)
{
	struct audit_event ev = { "attachment.refused", "deal", d->id, NULL, NULL, key };
	NEOERR *err = audit_log(req, &ev);

	if (!err) err = hdf_set_value(req->hdf, field, key);
	if (!err && where) err = hdf_set_value(req->hdf, "Deal.UploadError.Where", where);
	if (!err) err = deal_detail(req);
	req->status = !strcmp(key, "Deal.E.TooLarge") ? 413 : 422;
	return nerr_pass(err);
}

/* POST /deals/#/attachments (multipart: kind, file). */
NEOERR *deal_attachment_add(REQUEST *req)
{
	const char *kind = request_param(req, "kind");
	struct deal_row d;
	struct dealrule r;
	int found = 0;
	long long id;
	const char *refusal;
	NEOERR *err = deal_scoped(req, req->ids[0], 1, &d);

	if (err)
		return nerr_pass(err);
	if (req->param_errors) {
		err = deal_detail(req);
		req->status = 400;
		return nerr_pass(err);
	}
	if (!kind)
		return nerr_pass(dealfile_refused(req, &d, "Form.Errors.kind", "Valid.Required", NULL));
	if (!strcmp(kind, FOUREYES_TECH) && foureyes_required(FOUREYES_TECH)) {
		long long pending = 0;

		/* one version waits at a time: refused before the file is stored */
		err = db_int_query(&pending, NULL, "SELECT COUNT(*) FROM pending_change WHERE deal_id = ?"
				   " AND kind = ? AND status = 'pending'", "it", d.id, FOUREYES_TECH);
		if (err)
			return nerr_pass(err);
		if (pending) {
			err = hdf_set_value(req->hdf, "Form.Errors.kind", "Deal.ChangeAlreadyPending");
			if (!err) err = deal_detail(req);
			req->status = 409;
			return nerr_pass(err);
		}
	}
	if (strcmp(kind, "other") && strcmp(kind, FOUREYES_TECH)) {
		err = deal_attachment_rule(d.stage_id, kind, &r, &found);
		if (err)
			return nerr_pass(err);
		if (!found)
			return nerr_pass(dealfile_refused(req, &d, "Form.Errors.kind", "Valid.Unknown", NULL));
	}
	err = db_begin();
	if (!err)
		err = dealfile_store(req, &d, kind, found ? &r : NULL, &id, &refusal);
	if (!err && refusal) {
		err = db_finish(err);   /* nothing was written */
		if (!err)
			err = dealfile_refused(req, &d, "Form.Errors.file", refusal, NULL);
		return nerr_pass(err);
	}
	if (!err && !strcmp(kind, FOUREYES_TECH) && foureyes_required(FOUREYES_TECH)) {
		/* a technical agreement is in force only once a second person
		 * confirmed it: the version in force until then stays */
		char old[24] = "", now[24];
		long long cur = 0;

		err = foureyes_tech_in_force(d.id, id, &cur);
		if (!err && cur)
			snprintf(old, sizeof(old), "%lld", cur);
		snprintf(now, sizeof(now), "%lld", id);
		if (!err)
			err = foureyes_propose(req, &d, FOUREYES_TECH, 0, old, now);
		if (err && nerr_match(err, ERR_CONFLICT)) {
			/* a proposal slipped in meanwhile: nothing is kept */
			nerr_ignore(&err);
			db_rollback();
			err = hdf_set_value(req->hdf, "Form.Errors.kind", "Deal.ChangeAlreadyPending");
			if (!err) err = deal_detail(req);
			req->status = 409;
			return nerr_pass(err);
		}
		if (!err) {
			err = db_finish(err);
			if (!err) {
				char path[80];

				snprintf(path, sizeof(path), "/deals/%lld?done=ChangePending#pending", d.id);
				err = request_redirect(req, path);
			}
			return nerr_pass(err);
		}
	}
	err = db_finish(err);
	if (!err) {
		char path[80];

		snprintf(path, sizeof(path), "/deals/%lld?done=Uploaded#attachments", d.id);
		err = request_redirect(req, path);
	}
	return nerr_pass(err);
}

/* GET /deals/#/attachments/#: only for readers of the deal, always as a
 * download, audited. */
NEOERR *deal_attachment_get(REQUEST *req)
{
	struct deal_row d;
	char stored[33] = "", mime[101] = "", dir[400], path[440], name[64];
	int found = 0;
	DB_STMT *q;
	FILE *f;
	NEOERR *err = deal_scoped(req, req->ids[0], 0, &d);

	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "SELECT stored_name, mime FROM attachment WHERE id = ? AND deal_id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->ids[1]);
	db_bind_int(q, 2, d.id);
	if (db_step(q) == DB_ROW) {
		found = 1;
		snprintf(stored, sizeof(stored), "%s", db_col_text(q, 0));
		snprintf(mime, sizeof(mime), "%s", db_col_text(q, 1));
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "attachment %lld", req->ids[1]);
	if (!err && strspn(stored, "0123456789abcdef") != 32)
		err = nerr_raise(NERR_ASSERT, "stored name");
	if (!err)
		err = dealfile_dir(dir, sizeof(dir));
	if (err)
		return nerr_pass(err);
	snprintf(path, sizeof(path), "%s/%s", dir, stored);
	f = fopen(path, "rb");
	if (!f)
		return nerr_raise(ERR_NOT_FOUND, "attachment file %s missing", stored);
	{
		struct audit_event ev = { "attachment.download", "deal", d.id, NULL, NULL, stored };
		const char *ext = dealrule_mime_type(mime);

		err = audit_log(req, &ev);
		snprintf(name, sizeof(name), "deal-%lld-attachment-%lld.%s", d.id, req->ids[1],
			 ext ? ext : "bin");
	}
	if (!err)
		err = request_stream_begin(req, "application/octet-stream", name);
	while (!err) {
		char buf[16384];
		size_t got = fread(buf, 1, sizeof(buf), f);

		if (!got)
			break;
		err = request_stream_write(req, buf, got);
	}
	fclose(f);
	return nerr_pass(err);
}

/* POST /deals/#/checks/# (multipart, optional file): tick an item of the
 * current stage's checklist, with its evidence. */
NEOERR *deal_check_tick(REQUEST *req)
{
	const char *file = request_param(req, "file");
	struct deal_row d;
	char evidence[12] = "";
	int needs_approval = 0, found = 0;
	long long att = 0, had = 0;
	const char *refusal = NULL;
	DB_STMT *q;
	NEOERR *err = deal_scoped(req, req->ids[0], 1, &d);

	if (err)
		return nerr_pass(err);
	err = db_prepare(&q, "SELECT i.evidence, i.needs_approval, COALESCE(k.attachment_id, 0)"
			 " FROM checklist_item i LEFT JOIN deal_check k ON k.item_id = i.id AND k.deal_id = ?"
			 " WHERE i.id = ? AND i.stage_id = ?");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d.id);
	db_bind_int(q, 2, req->ids[1]);
	db_bind_int(q, 3, d.stage_id);
	if (db_step(q) == DB_ROW) {
		found = 1;
		snprintf(evidence, sizeof(evidence), "%s", db_col_text(q, 0));
		needs_approval = (int)db_col_int(q, 1);
		had = db_col_int(q, 2);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "item %lld not on the deal's stage", req->ids[1]);
	if (err)
		return nerr_pass(err);
	err = db_begin();
	if (!err && file)
		err = dealfile_store(req, &d, "evidence", NULL, &att, &refusal);
	if (!err && !refusal && !file && !had && !strcmp(evidence, "mandatory"))
		refusal = "Deal.E.EvidenceRequired";
	if (!err && refusal) {
		struct audit_event ev = { "checklist.refused", "deal", d.id, NULL, NULL, refusal };
		char item[24];

		err = audit_log(req, &ev);
		err = db_finish(err);
		snprintf(item, sizeof(item), "%lld", req->ids[1]);
		if (!err) err = hdf_set_value(req->hdf, "Deal.CheckError.Item", item);
		if (!err) err = hdf_set_value(req->hdf, "Deal.CheckError.Key", refusal);
		if (!err) err = deal_detail(req);
		req->status = 422;
		return nerr_pass(err);
	}
	if (!err)
		err = db_execf(NULL, "INSERT INTO deal_check (deal_id, item_id, done_by, done_at, stage_entered_at,"
			       " attachment_id, approval) SELECT ?, ?, ?, UTC_TIMESTAMP(6), d.stage_entered_at,"
			       " NULLIF(?, 0), ? FROM deal d WHERE d.id = ?"
			       " ON DUPLICATE KEY UPDATE done_by = VALUES(done_by), done_at = VALUES(done_at),"
			       " attachment_id = COALESCE(VALUES(attachment_id), attachment_id),"
			       " approval = VALUES(approval), approver_id = NULL, decided_at = NULL",
			       "iiiiti", d.id, req->ids[1], req->user->id, att,
			       needs_approval ? "pending" : "none", d.id);
	if (!err) {
		char item[24];
		struct audit_event ev = { "checklist.tick", "deal", d.id, "item", NULL, item };

		snprintf(item, sizeof(item), "%lld", req->ids[1]);
		err = audit_log(req, &ev);
	}
	if (!err) {
		char detail[240] = "";
		DB_STMT *l;

		err = db_prepare(&l, "SELECT label FROM checklist_item WHERE id = ?");
		if (!err) {
			db_bind_int(l, 1, req->ids[1]);
			if (db_step(l) == DB_ROW)
				snprintf(detail, sizeof(detail), "%s", db_col_text(l, 0));
			err = db_finalize(l);
		}
		if (!err) err = deal_event(req, d.id, "check", 0, 0, detail);
	}
	err = db_finish(err);
	if (!err) {
		char path[80];

		snprintf(path, sizeof(path), "/deals/%lld?done=Ticked#checklist", d.id);
		err = request_redirect(req, path);
	}
	return nerr_pass(err);
}

/* POST /deals/#/checks/#/decide: the second-level approval of a ticked
 * item, by a manager above the owner (deal.approve). */
NEOERR *deal_check_decide(REQUEST *req)
{
	const char *decision = request_param(req, "decision");
	struct deal_row d;
	long long pending = 0;
	int approve;
	NEOERR *err;

	if (!decision || (strcmp(decision, "approve") && strcmp(decision, "reject")))
		return nerr_raise(ERR_BAD_REQUEST, "decision");
	approve = !strcmp(decision, "approve");
	err = deal_scoped(req, req->ids[0], 0, &d);
	if (err)
		return nerr_pass(err);
	if (d.depth < 1) {
		struct audit_event ev = { "checklist.approval.refused", "deal", d.id, NULL, NULL, "not above the owner" };

		err = audit_log(req, &ev);
		return nerr_pass(err ? err : nerr_raise(ERR_FORBIDDEN, "not a manager of the owner"));
	}
	err = db_int_query(&pending, NULL, "SELECT COUNT(*) FROM deal_check WHERE deal_id = ? AND item_id = ?"
			   " AND approval = 'pending'", "ii", d.id, req->ids[1]);
	if (!err && !pending)
		err = nerr_raise(ERR_CONFLICT, "nothing pending");
	if (!err) err = db_begin();
	if (!err)
		err = db_execf(NULL, "UPDATE deal_check SET approval = ?, approver_id = ?, decided_at = UTC_TIMESTAMP(6)"
			       " WHERE deal_id = ? AND item_id = ? AND approval = 'pending'", "tiii",
			       approve ? "approved" : "rejected", req->user->id, d.id, req->ids[1]);
	if (!err) {
		char item[24];
		struct audit_event ev = { approve ? "checklist.approve" : "checklist.reject", "deal", d.id,
					  "item", "pending", item };

		snprintf(item, sizeof(item), "%lld", req->ids[1]);
		err = audit_log(req, &ev);
	}
	if (!err) err = deal_event(req, d.id, approve ? "check_approved" : "check_rejected", 0, 0, NULL);
	err = db_finish(err);
	if (!err) {
		char path[80];

		snprintf(path, sizeof(path), "/deals/%lld/compliance?done=%s", d.id,
			 approve ? "Approved" : "Rejected");
		err = request_redirect(req, path);
	}
	return nerr_pass(err);
}

/* GET /deals/#/compliance: every checklist item of the pipeline, who ticked
 * it when with which evidence, and what waits for approval. */
NEOERR *deal_compliance(REQUEST *req)
{
	const char *done = request_param(req, "done");
	struct deal_row d;
	int n = 0;
	DB_STMT *q;
	NEOERR *err = deal_scoped(req, req->ids[0], 0, &d);

	if (!err)
		err = hdf_set_int_value(req->hdf, "Deal.Id", (int)d.id);
	if (!err)
		err = db_prepare(&q, "SELECT dl.name, s.name, i.position, i.label, i.evidence, i.needs_approval,"
				 " k.done_at, u.display_name, a.id, a.filename, k.approval, ap.display_name,"
				 " k.decided_at, i.id, s.position <= cs.position,"
				 " k.done_at > k.stage_entered_at + INTERVAL s.stagnation_hours HOUR, i.id"
				 " FROM deal dl JOIN stage cs ON cs.id = dl.stage_id"
				 " JOIN stage s ON s.pipeline_id = dl.pipeline_id JOIN checklist_item i ON i.stage_id = s.id"
				 " LEFT JOIN deal_check k ON k.item_id = i.id AND k.deal_id = dl.id"
				 " LEFT JOIN users u ON u.id = k.done_by LEFT JOIN attachment a ON a.id = k.attachment_id"
				 " LEFT JOIN users ap ON ap.id = k.approver_id WHERE dl.id = ?"
				 " ORDER BY s.position, i.position");
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, d.id);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		if (!n) err = hdf_set_value(req->hdf, "Deal.Name", db_col_text(q, 0));
		if (!err) err = render_row(req->hdf, "Compliance.Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Stage", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Position", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Label", db_col_text(q, 3));
		if (!err) err = hdf_set_value(row, "Evidence", db_col_text(q, 4));
		if (!err) err = hdf_set_value(row, "NeedsApproval", db_col_text(q, 5));
		if (!err) err = render_set_time(req, row, "DoneAt", db_col_text(q, 6));
		if (!err) err = render_set(row, "DoneBy", db_col_text(q, 7));
		if (!err) err = render_set(row, "AttachmentId", db_col_text(q, 8));
		if (!err) err = render_set(row, "Filename", db_col_text(q, 9));
		if (!err) err = render_set(row, "Approval", db_col_text(q, 10));
		if (!err) err = render_set(row, "Approver", db_col_text(q, 11));
		if (!err) err = render_set_time(req, row, "DecidedAt", db_col_text(q, 12));
		if (!err) err = hdf_set_value(row, "ItemId", db_col_text(q, 13));
		if (!err) err = hdf_set_value(row, "Reached", db_col_text(q, 14));
		if (!err) err = render_set(row, "Late", db_col_text(q, 15));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && d.depth >= 1 && user_can(req->user, "deal.approve"))
		err = hdf_set_value(req->hdf, "Compliance.MayApprove", "1");
	if (!err && done) err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "compliance");
	req->template_name = "deal_compliance.cs";
	return nerr_pass(err);
}

/* GET /compliance: across the reader's deals, which items are most often
 * missing (the deal is in or past the stage, the item not done) or late
 * (done after the stage's stagnation limit). */
NEOERR *compliance_report(REQUEST *req)
{
	struct db_args args = { 0 };
	int n = 0;
	STRING sql;
	DB_STMT *q;
	NEOERR *err;

	string_init(&sql);
	err = string_append(&sql,
		"SELECT p.name, s.name, i.position, i.label,"
		" SUM(k.deal_id IS NULL OR (i.evidence = 'mandatory' AND k.attachment_id IS NULL)"
		"  OR (i.needs_approval = 1 AND k.approval <> 'approved')),"
		" SUM(k.done_at > k.stage_entered_at + INTERVAL s.stagnation_hours HOUR),"
		" SUM(k.approval = 'pending'), COUNT(*)"
		" FROM deal d JOIN stage cs ON cs.id = d.stage_id"
		" JOIN stage s ON s.pipeline_id = d.pipeline_id AND s.position <= cs.position"
		" JOIN pipeline p ON p.id = d.pipeline_id"
		" JOIN checklist_item i ON i.stage_id = s.id"
		" LEFT JOIN deal_check k ON k.deal_id = d.id AND k.item_id = i.id WHERE ");
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope, "d.owner_id", "d.region_id", &sql, &args);
	if (!err)
		err = string_append(&sql, " GROUP BY i.id, p.name, s.name, i.position, i.label"
				    " ORDER BY 5 + 6 DESC, 5 DESC, p.name, i.position LIMIT 100");
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_args(q, &args, 1);
	while (!err && db_step(q) == DB_ROW) {
		HDF *row;

		err = render_row(req->hdf, "Compliance.Items", n++, &row);
		if (!err) err = hdf_set_value(row, "Pipeline", db_col_text(q, 0));
		if (!err) err = hdf_set_value(row, "Stage", db_col_text(q, 1));
		if (!err) err = hdf_set_value(row, "Position", db_col_text(q, 2));
		if (!err) err = hdf_set_value(row, "Label", db_col_text(q, 3));
		if (!err) err = hdf_set_int_value(row, "Missing", (int)db_col_int(q, 4));
		if (!err) err = hdf_set_int_value(row, "Late", (int)db_col_int(q, 5));
		if (!err) err = hdf_set_int_value(row, "Pending", (int)db_col_int(q, 6));
		if (!err) err = hdf_set_int_value(row, "Deals", (int)db_col_int(q, 7));
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "compliance-report");
	req->template_name = "compliance.cs";
	return nerr_pass(err);
}
