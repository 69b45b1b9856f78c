/* summary.c — the customer-facing summary of a visit record ("技术答疑摘要",
 * issue 11, seed 000 问题1) as a print-ready page and as a PDF, and the
 * company settings it carries (name and logo).
 *
 * What goes on it is decided here, once, for both faces (summary_load):
 * our company's name and logo; the customer as recorded (the lead's
 * company and name, or the customer's name and key contact), each through
 * the field policy for the person producing it, so a rep who sees a mask
 * hands on the mask; the visit's time, its core need and next step; the
 * rep's own name, phone and e-mail (ours to give).  Never on it: the
 * folded internal detail, the source address, owners, stages, amounts,
 * budgets, bank details, the customer's phone and e-mail (the customer
 * knows them; a forwarded PDF should not carry them).
 * Only visit records can be summarised, only by readers of their lead or
 * customer (the same scope as the record's page); every summary produced
 * is audited (summary.produce, page or pdf).
 *
 * The PDF is drawn by a separate program, salesgate-pdf (pdf/salesgate-pdf.c:
 * cairo and pango, fontconfig finds a CJK font: Noto Sans CJK or WenQuanYi
 * Micro Hei; A4, text paginated line by line; the logo decoded with
 * gdk-pixbuf), started per PDF with the summary's text on a pipe and the
 * PDF read back (summary_helper_run: a time limit, then killed; its failure
 * is a 503 page) — so no worker carries those libraries (issue 10).  The
 * logo upload is checked by content (libmagic: image/png or image/jpeg), by
 * size (Summary.LogoMaxBytes) and by decoding it (the same helper,
 * check-logo: at most 4000 × 4000 pixels).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "lazylib.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define SUMMARY_PDF_MAX (8 * 1024 * 1024)

static NEOERR *summary_helper_run(const char *mode, const char *in_path, const char *in, size_t n,
				  char **out, size_t *nout, int *status);

/* ---- the company settings ------------------------------------------- */

static magic_t summary_magic;
static const struct lazylib_magic *M;   /* libmagic, on first use (lazylib.h) */

static NEOERR *summary_logo_dir(char *out, size_t n)
{
	snprintf(out, n, "%s/logo", config_get("Paths.Uploads"));
	if (mkdir(out, 0700) && errno != EEXIST)
		return nerr_raise_errno(NERR_IO, "mkdir %s", out);
	return STATUS_OK;
}

static long long summary_logo_max(void)
{
	long long v = atoll(config_get("Summary.LogoMaxBytes"));

	return v > 0 ? v : 512 * 1024;
}

/* The company row: name, stored logo name ("" for none), its type. */
static NEOERR *summary_company(char *name, size_t nn, char *stored, size_t ns,
			       char *mime, size_t nm)
{
	DB_STMT *q;
	NEOERR *err;

	name[0] = stored[0] = mime[0] = '\0';
	err = db_prepare(&q, "SELECT name, COALESCE(logo_stored, ''), COALESCE(logo_mime, '')"
			 " FROM company ORDER BY id LIMIT 1");
	if (err)
		return nerr_pass(err);
	if (db_step(q) == DB_ROW) {
		snprintf(name, nn, "%s", db_col_text(q, 0));
		snprintf(stored, ns, "%s", db_col_text(q, 1));
		snprintf(mime, nm, "%s", db_col_text(q, 2));
	}
	err = db_finalize(q);
	/* Only a name this file made is ever opened. */
	if (!err && stored[0] && strspn(stored, "0123456789abcdef") != 32)
		stored[0] = '\0';
	return nerr_pass(err);
}

static NEOERR *summary_settings_fill(REQUEST *req)
{
	char name[201], stored[33], mime[21];
	NEOERR *err = summary_company(name, sizeof(name), stored, sizeof(stored), mime, sizeof(mime));

	if (!err && !hdf_get_obj(req->hdf, "Form.Typed.company_name"))
		err = hdf_set_value(req->hdf, "Form.Typed.company_name", name);
	if (!err && stored[0]) err = hdf_set_value(req->hdf, "Company.HasLogo", "1");
	if (!err) err = hdf_set_int_value(req->hdf, "Company.LogoMaxKB", (int)(summary_logo_max() / 1024));
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "admin-company");
	req->template_name = "admin_company.cs";
	return nerr_pass(err);
}

/* GET /admin/company: the name and logo customer-facing documents carry. */
NEOERR *summary_settings(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = summary_settings_fill(req);

	if (!err && done)
		err = hdf_set_value(req->hdf, "Page.Flash", done);
	return nerr_pass(err);
}

/* The form again with one refusal under the logo field, audited. */
static NEOERR *summary_logo_refused(REQUEST *req, const char *key, int status)
{
	struct audit_event ev = { "company.logo.refused", "company", 0, "logo", NULL, key };
	NEOERR *err = audit_log(req, &ev);

	if (!err) err = hdf_set_value(req->hdf, "Form.Errors.logo", key);
	if (!err) err = summary_settings_fill(req);
	req->status = status;
	return nerr_pass(err);
}

/* Copies the upload to Paths.Uploads/logo/<random> and checks it; on a
 * refusal *refusal names it (Lang key) and nothing is kept. */
static NEOERR *summary_logo_store(REQUEST *req, char stored[33], char *mime, size_t nm,
				  const char **refusal, int *status)
{
	FILE *in = cgi_filehandle(req->cgi, "logo");
	unsigned char rnd[16];
	char dir[400], path[440], buf[16384];
	long long size = 0, max = summary_logo_max();
	const char *m;
	size_t got;
	FILE *out;
	int fd;
	NEOERR *err;

	*refusal = NULL;
	*status = 422;
	stored[0] = '\0';
	if (!in) {
		*refusal = "Company.E.NoFile";
		return STATUS_OK;
	}
	err = summary_logo_dir(dir, sizeof(dir));
	if (err)
		return nerr_pass(err);
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(stored, 33, rnd, sizeof(rnd));
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
	if (fseek(in, 0, SEEK_SET))
		err = nerr_raise_errno(NERR_IO, "rewind upload");
	while (!err && (got = fread(buf, 1, sizeof(buf), in)) > 0) {
		size += (long long)got;
		if (size > max)
			break;
		if (fwrite(buf, 1, got, out) != got)
			err = nerr_raise_errno(NERR_IO, "write %s", path);
	}
	if (fclose(out) && !err)
		err = nerr_raise_errno(NERR_IO, "close %s", path);
	if (!err && !size)
		*refusal = "Company.E.Empty";
	if (!err && !*refusal && size > max) {
		*refusal = "Company.E.TooLarge";
		*status = 413;
	}
	if (!err && !*refusal && !M && !(M = lazylib_magic()))
		err = nerr_raise(ERR_UNAVAILABLE, "libmagic cannot be loaded (see the log)");
	if (!err && !*refusal && !summary_magic) {
		summary_magic = M->magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
		if (!summary_magic)
			err = nerr_raise(NERR_NOMEM, "magic_open");
		else if (M->magic_load(summary_magic, NULL)) {
			M->magic_close(summary_magic);
			summary_magic = NULL;
			err = nerr_raise(NERR_IO, "magic_load failed");
		}
	}
	if (!err && !*refusal) {
		m = M->magic_file(summary_magic, path);
		if (!m || (strcmp(m, "image/png") && strcmp(m, "image/jpeg")))
			*refusal = "Company.E.Type";
		else
			snprintf(mime, nm, "%s", m);
	}
	/* The content must also decode, within 4000 × 4000 pixels: the PDF
	 * helper decodes it (the worker links no image decoder). */
	if (!err && !*refusal) {
		char *none;
		size_t nn;
		int st;

		err = summary_helper_run("check-logo", path, NULL, 0, &none, &nn, &st);
		free(none);
		if (!err && st == 1)
			*refusal = "Company.E.Decode";
		else if (!err && st != 0)
			err = nerr_raise(ERR_UNAVAILABLE, "PDF helper check-logo: exit %d", st);
	}
	if (err || *refusal) {
		unlink(path);
		stored[0] = '\0';
	}
	return nerr_pass(err);
}

/* POST /admin/company (multipart: company_name, logo optional). */
NEOERR *summary_settings_save(REQUEST *req)
{
	const char *name = request_param(req, "company_name");
	const char *file = request_param(req, "logo");
	char old_name[201], old_stored[33], old_mime[21], stored[33] = "", mime[21] = "";
	char dir[400], path[440];
	const char *refusal = NULL;
	int status = 422;
	NEOERR *err;

	if (!name || req->param_errors) {
		HDF *f;

		err = hdf_get_node(req->hdf, "Form.Errors", &f);
		if (!err && !name && !hdf_get_value(f, "company_name", NULL))
			err = hdf_set_value(f, "company_name", "Valid.Required");
		if (!err)
			err = summary_settings_fill(req);
		req->status = 400;
		return nerr_pass(err);
	}
	err = summary_company(old_name, sizeof(old_name), old_stored, sizeof(old_stored),
			      old_mime, sizeof(old_mime));
	if (!err && file && *file)
		err = summary_logo_store(req, stored, mime, sizeof(mime), &refusal, &status);
	if (err)
		return nerr_pass(err);
	if (refusal)
		return nerr_pass(summary_logo_refused(req, refusal, status));
	err = db_begin();
	if (err) {
		if (stored[0] && !summary_logo_dir(dir, sizeof(dir))) {
			snprintf(path, sizeof(path), "%s/%s", dir, stored);
			unlink(path);
		}
		return nerr_pass(err);
	}
	if (stored[0])
		err = db_execf(NULL, "UPDATE company SET name = ?, logo_stored = ?, logo_mime = ?,"
			       " logo_updated_at = UTC_TIMESTAMP(6) ORDER BY id LIMIT 1", "ttt",
			       name, stored, mime);
	else
		err = db_execf(NULL, "UPDATE company SET name = ? ORDER BY id LIMIT 1", "t", name);
	if (!err && strcmp(old_name, name)) {
		struct audit_event ev = { "company.update", "company", 0, "name", old_name, name };

		err = audit_log(req, &ev);
	}
	if (!err && stored[0]) {
		struct audit_event ev = { "company.logo", "company", 0, "logo", old_stored[0] ? old_stored : NULL,
					  stored };

		err = audit_log(req, &ev);
	}
	err = db_finish(err);
	if (!summary_logo_dir(dir, sizeof(dir))) {
		/* The loser of the two files goes: the new one on failure, else the old. */
		const char *gone = err ? stored : (stored[0] ? old_stored : "");

		if (gone[0]) {
			snprintf(path, sizeof(path), "%s/%s", dir, gone);
			unlink(path);
		}
	}
	if (!err)
		err = request_redirect(req, "/admin/company?done=Saved");
	return nerr_pass(err);
}

/* GET /company/logo: for the summary page of any signed-in person. */
NEOERR *summary_logo(REQUEST *req)
{
	char name[201], stored[33], mime[21], dir[400], path[440];
	NEOERR *err = summary_company(name, sizeof(name), stored, sizeof(stored), mime, sizeof(mime));
	FILE *f;

	if (!err && !stored[0])
		err = nerr_raise(ERR_NOT_FOUND, "no logo");
	if (!err && strcmp(mime, "image/png") && strcmp(mime, "image/jpeg"))
		err = nerr_raise(ERR_NOT_FOUND, "logo type");
	if (!err)
		err = summary_logo_dir(dir, sizeof(dir));
	if (err)
		return nerr_pass(err);
	snprintf(path, sizeof(path), "%s/%s", dir, stored);
	f = fopen(path, "rb");
	if (!f)
		return nerr_raise(ERR_NOT_FOUND, "logo file missing");
	err = request_stream_begin(req, !strcmp(mime, "image/png") ? "image/png" : "image/jpeg", NULL);
	while (!err) {
		size_t got = fread(dir, 1, sizeof(dir), f);

		if (!got)
			break;
		err = request_stream_write(req, dir, got);
	}
	fclose(f);
	return nerr_pass(err);
}

/* ---- what the summary says ------------------------------------------- */

struct summary {
	long long id;
	char at[20];              /* UTC, as stored */
	char company[201], logo[33];
	int has_logo;
};

/* Fills Summary.* for the visit record req->ids[0] in the reader's scope
 * (ERR_NOT_FOUND otherwise) and s with what the PDF needs besides. */
static NEOERR *summary_load(REQUEST *req, struct summary *s)
{
	struct db_args scope = { 0 };
	long long lead_id = 0, customer_id = 0;
	char mime[21];
	STRING sql;
	DB_STMT *q;
	HDF *d;
	int found = 0;
	NEOERR *err;

	memset(s, 0, sizeof(*s));
	err = summary_company(s->company, sizeof(s->company), s->logo, sizeof(s->logo),
			      mime, sizeof(mime));
	if (err)
		return nerr_pass(err);
	s->has_logo = s->logo[0] != '\0';
	err = hdf_get_node(req->hdf, "Summary", &d);
	string_init(&sql);
	/* The record's own scope: its lead's when it has one, else its
	 * customer's (owner and region columns as literals). */
	if (!err)
		err = string_append(&sql, "SELECT a.id, a.at, a.core_need, a.next_step,"
				    " COALESCE(a.lead_id, 0), COALESCE(a.customer_id, 0),"
				    " u.display_name, u.phone, u.email,"
				    " l.company, l.name, COALESCE(l.owner_id, 0), " POLICY_DEPTH_SQL("l.owner_id") ","
				    " c.name, COALESCE(c.owner_id, 0), " POLICY_DEPTH_SQL("c.owner_id") ","
				    " k.name, COALESCE(k.id, 0)"
				    " FROM activity a JOIN users u ON u.id = a.user_id"
				    " LEFT JOIN lead l ON l.id = a.lead_id"
				    " LEFT JOIN customer c ON c.id = a.customer_id AND a.lead_id IS NULL"
				    " LEFT JOIN contact k ON k.id = (SELECT k2.id FROM contact k2"
				    "  WHERE k2.customer_id = c.id ORDER BY k2.is_key DESC, k2.id LIMIT 1)"
				    " WHERE a.id = ? AND a.kind = 'visit_record' AND ");
	if (!err)
		err = user_scope_sql(req->user, req->user->read_scope,
				     "IF(a.lead_id IS NULL, c.owner_id, l.owner_id)",
				     "IF(a.lead_id IS NULL, c.region_id, l.region_id)", &sql, &scope);
	if (!err)
		err = db_prepare(&q, sql.buf);
	string_clear(&sql);
	if (err)
		return nerr_pass(err);
	db_bind_int(q, 1, req->user->id);
	db_bind_int(q, 2, req->user->id);
	db_bind_int(q, 3, req->ids[0]);
	db_bind_args(q, &scope, 4);
	if (db_step(q) == DB_ROW) {
		found = 1;
		s->id = db_col_int(q, 0);
		snprintf(s->at, sizeof(s->at), "%s", db_col_text(q, 1));
		lead_id = db_col_int(q, 4);
		customer_id = db_col_int(q, 5);
		err = hdf_set_value(d, "Id", db_col_text(q, 0));
		if (!err) err = render_set_time(req, d, "At", db_col_text(q, 1));
		if (!err) err = render_set(d, "CoreNeed", db_col_text(q, 2));
		if (!err) err = render_set(d, "NextStep", db_col_text(q, 3));
		if (!err) err = render_set(d, "Rep.Name", db_col_text(q, 6));
		if (!err) err = render_set(d, "Rep.Phone", db_col_text(q, 7));
		if (!err) err = render_set(d, "Rep.Email", db_col_text(q, 8));
		if (!err && lead_id) {
			struct policy_subject ls = { lead_id, db_col_int(q, 11), (int)db_col_int(q, 12), 0 };
			const char *co = db_col_text(q, 9);

			/* a lead without a company is a person: their name heads it */
			err = policy_put(req, d, "Customer", "lead", co && *co ? "company" : "name", &ls,
					 co && *co ? co : db_col_text(q, 10));
			if (!err && co && *co)
				err = policy_put(req, d, "Contact", "lead", "name", &ls, db_col_text(q, 10));
		} else if (!err) {
			struct policy_subject cs = { customer_id, db_col_int(q, 14), (int)db_col_int(q, 15), 0 };
			struct policy_subject ks = { db_col_int(q, 17), cs.owner_id, cs.depth, 0 };

			err = policy_put(req, d, "Customer", "customer", "name", &cs, db_col_text(q, 13));
			if (!err && db_col_int(q, 17))
				err = policy_put(req, d, "Contact", "contact", "name", &ks, db_col_text(q, 16));
		}
	}
	if (err) {
		db_finalize(q);
		return nerr_pass(err);
	}
	err = db_finalize(q);
	if (!err && !found)
		err = nerr_raise(ERR_NOT_FOUND, "visit record %lld not in scope", req->ids[0]);
	/* The capability of the record's own kind, as on its page. */
	if (!err && !user_can(req->user, lead_id ? "lead.read" : "customer.read"))
		err = nerr_raise(ERR_NOT_FOUND, "visit record %lld: no read capability", req->ids[0]);
	if (!err) err = render_set(d, "Company.Name", s->company);
	if (!err && s->has_logo) err = hdf_set_value(d, "Company.HasLogo", "1");
	if (!err) {
		char back[64];

		if (lead_id)
			snprintf(back, sizeof(back), "/leads/%lld", lead_id);
		else
			snprintf(back, sizeof(back), "/customers/%lld", customer_id);
		err = hdf_set_value(d, "Back", back);
	}
	return nerr_pass(err);
}

static NEOERR *summary_audit(REQUEST *req, long long id, const char *face)
{
	struct audit_event ev = { "summary.produce", "activity", id, NULL, NULL, face };

	return nerr_pass(audit_log(req, &ev));
}

/* GET /visits/#/summary: the print-ready page (summary.cs, no app chrome). */
NEOERR *summary_page(REQUEST *req)
{
	struct summary s;
	NEOERR *err = summary_load(req, &s);

	if (!err) err = summary_audit(req, s.id, "page");
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "summary");
	req->template_name = "summary.cs";
	return nerr_pass(err);
}

/* ---- the PDF helper -------------------------------------------------- */

/* The helper program: Summary.PdfHelper, else salesgate-pdf beside this
 * executable (build/ and the installed bin/ alike). */
static void summary_helper_path(char *out, size_t n)
{
	const char *conf = config_get("Summary.PdfHelper");
	char self[400];
	ssize_t len;
	char *slash;

	if (*conf) {
		snprintf(out, n, "%s", conf);
		return;
	}
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[len > 0 ? len : 0] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		slash[1] = '\0';
	snprintf(out, n, "%ssalesgate-pdf", slash ? self : "./");
}

static int summary_ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)(ms > 60000 ? 60000 : ms);
}

/* Runs the helper in MODE with IN (n bytes) on its stdin — or the file
 * at in_path when given — and collects its stdout into *out (at most
 * SUMMARY_PDF_MAX bytes, malloc'd; the caller frees).  *status is its exit
 * status.  Failing to start it, a time-out (Summary.PdfSeconds: killed)
 * and a death by signal are 503s: the page says the service is unavailable
 * and the log says why; nothing ever waits longer than the time limit. */
static NEOERR *summary_helper_run(const char *mode, const char *in_path, const char *in, size_t n,
				  char **out, size_t *nout, int *status)
{
	extern char **environ;
	char path[440], *argv[3];
	int to[2] = { -1, -1 }, from[2] = { -1, -1 }, ws = 0, rc, timed_out = 0, over = 0;
	long secs = config_int("Summary.PdfSeconds");
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dflt;
	struct timespec deadline;
	size_t sent = 0, cap = 0;
	pid_t pid;
	NEOERR *err = STATUS_OK;

	*out = NULL;
	*nout = 0;
	*status = -1;
	summary_helper_path(path, sizeof(path));
	argv[0] = path;
	argv[1] = (char *)mode;
	argv[2] = NULL;
	if ((!in_path && pipe2(to, O_CLOEXEC)) || pipe2(from, O_CLOEXEC)) {
		err = nerr_raise_errno(NERR_IO, "pipe");
		goto done;
	}
	posix_spawn_file_actions_init(&fa);
	if (in_path)
		posix_spawn_file_actions_addopen(&fa, 0, in_path, O_RDONLY, 0);
	else
		posix_spawn_file_actions_adddup2(&fa, to[0], 0);
	posix_spawn_file_actions_adddup2(&fa, from[1], 1);
	/* The worker blocks SIGTERM and ignores SIGPIPE and SIGHUP: not the helper. */
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	sigaddset(&dflt, SIGHUP);
	sigaddset(&dflt, SIGTERM);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dflt);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(&pid, path, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc) {
		errno = rc;
		err = nerr_raise_errno(ERR_UNAVAILABLE, "cannot start the PDF helper %s", path);
		goto done;
	}
	close(from[1]);
	from[1] = -1;
	if (!in_path) {
		close(to[0]);
		to[0] = -1;
		fcntl(to[1], F_SETFL, O_NONBLOCK);
		if (!n) {
			close(to[1]);
			to[1] = -1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += secs > 0 ? secs : 20;
	/* Feed stdin and drain stdout together: neither side can block the other. */
	while (from[0] >= 0) {
		struct pollfd pf[2] = { { from[0], POLLIN, 0 }, { to[1], POLLOUT, 0 } };
		int np = to[1] >= 0 ? 2 : 1, ms = summary_ms_left(&deadline);

		if (!ms || (rc = poll(pf, (nfds_t)np, ms)) == 0) {
			timed_out = 1;
			break;
		}
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			err = nerr_raise_errno(NERR_IO, "poll");
			break;
		}
		if (np == 2 && pf[1].revents) {
			ssize_t w = write(to[1], in + sent, n - sent);

			if (w > 0)
				sent += (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == n) {
				close(to[1]);   /* done, or the helper stopped reading */
				to[1] = -1;
			}
		}
		if (pf[0].revents) {
			ssize_t r;

			if (*nout + 65536 > cap) {
				size_t ncap = cap ? cap * 2 : 65536;
				char *p;

				if (ncap > SUMMARY_PDF_MAX + 65536) {
					over = 1;
					break;
				}
				p = realloc(*out, ncap);
				if (!p) {
					err = nerr_raise(NERR_NOMEM, "PDF buffer");
					break;
				}
				*out = p;
				cap = ncap;
			}
			r = read(from[0], *out + *nout, cap - *nout);
			if (r > 0)
				*nout += (size_t)r;
			else if (r == 0 || (errno != EAGAIN && errno != EINTR))
				break;
			if (*nout > SUMMARY_PDF_MAX) {
				over = 1;
				break;
			}
		}
	}
	if (timed_out || over || err)
		kill(pid, SIGKILL);
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (!err && timed_out)
		err = nerr_raise(ERR_UNAVAILABLE, "PDF helper %s %s: no answer within %ld s, killed", path, mode,
				 secs > 0 ? secs : 20);
	else if (!err && over)
		err = nerr_raise(ERR_TOO_LARGE, "summary PDF over %d bytes", SUMMARY_PDF_MAX);
	else if (!err && !WIFEXITED(ws))
		err = nerr_raise(ERR_UNAVAILABLE, "PDF helper %s %s: killed by signal %d", path, mode,
				 WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
	else if (!err && WEXITSTATUS(ws) == 127)
		err = nerr_raise(ERR_UNAVAILABLE, "PDF helper %s could not run", path);
	if (!err)
		*status = WEXITSTATUS(ws);
done:
	for (int i = 0; i < 2; i++) {
		if (to[i] >= 0) close(to[i]);
		if (from[i] >= 0) close(from[i]);
	}
	if (err) {
		free(*out);
		*out = NULL;
		*nout = 0;
	}
	return nerr_pass(err);
}

/* One field of the helper's input: "NAME LENGTH\n" VALUE "\n". */
static NEOERR *summary_field(STRING *in, const char *name, const char *value)
{
	NEOERR *err = string_appendf(in, "%s %zu\n", name, strlen(value ? value : ""));

	if (!err) err = string_append(in, value ? value : "");
	if (!err) err = string_append(in, "\n");
	return nerr_pass(err);
}

/* The helper's input for the filled Summary.* subtree (see
 * pdf/salesgate-pdf.c for the format). */
static NEOERR *summary_pdf_input(REQUEST *req, const struct summary *s, STRING *in)
{
	HDF *d = hdf_get_obj(req->hdf, "Summary");
	int lang = req->lang;
	char line[600], dir[400], logo[440];
	NEOERR *err;
	struct { const char *label, *path; } rows[] = {
		{ "Summary.Customer", "Customer" }, { "Summary.Contact", "Contact" },
		{ "Summary.At", "At" },
	}, blocks[] = {
		{ "Summary.CoreNeed", "CoreNeed" }, { "Summary.NextStep", "NextStep" },
	};
	const char *parts[] = { "Rep.Name", "Rep.Phone", "Rep.Email" };

	err = summary_field(in, "font", config_get("Summary.Font"));
	if (!err) err = summary_field(in, "title", render_text(lang, "Summary.Title"));
	if (!err) err = summary_field(in, "company", s->company);
	if (!err && s->has_logo && !summary_logo_dir(dir, sizeof(dir))) {
		snprintf(logo, sizeof(logo), "%s/%s", dir, s->logo);
		err = summary_field(in, "logo", logo);
	}
	for (size_t i = 0; !err && i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *v = hdf_get_value(d, rows[i].path, NULL);

		if (!v || !*v)
			continue;
		snprintf(line, sizeof(line), "%s：%s", render_text(lang, rows[i].label), v);
		err = summary_field(in, "row", line);
	}
	for (size_t i = 0; !err && i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		err = summary_field(in, "block", render_text(lang, blocks[i].label));
		if (!err) err = summary_field(in, "text", hdf_get_value(d, blocks[i].path, ""));
	}
	/* Our contact: the rep's own name, phone and e-mail. */
	if (!err) err = summary_field(in, "contact", render_text(lang, "Summary.OurContact"));
	for (size_t i = 0; !err && i < 3; i++) {
		const char *v = hdf_get_value(d, parts[i], NULL);

		if (v && *v)
			err = summary_field(in, "line", v);
	}
	snprintf(line, sizeof(line), "%s V-%lld · %s", render_text(lang, "Summary.Ref"), s->id,
		 hdf_get_value(d, "At", ""));
	if (!err) err = summary_field(in, "ref", line);
	if (!err) err = summary_field(in, "footer", render_text(lang, "Summary.Footer"));
	return nerr_pass(err);
}

/* Renders the filled Summary.* subtree into *pdf (n bytes) by the helper. */
static NEOERR *summary_pdf_render(REQUEST *req, const struct summary *s, char **pdf, size_t *n)
{
	STRING in;
	int status = -1;
	NEOERR *err;

	string_init(&in);
	err = summary_pdf_input(req, s, &in);
	if (!err)
		err = summary_helper_run("pdf", NULL, in.buf ? in.buf : "", (size_t)in.len, pdf, n, &status);
	string_clear(&in);
	if (!err && status == 3)
		err = nerr_raise(ERR_TOO_LARGE, "summary PDF over %d bytes", SUMMARY_PDF_MAX);
	else if (!err && (status != 0 || *n < 5 || memcmp(*pdf, "%PDF-", 5)))
		err = nerr_raise(ERR_UNAVAILABLE, "PDF helper failed (exit %d, %zu bytes)", status, *n);
	if (err) {
		free(*pdf);
		*pdf = NULL;
		*n = 0;
	}
	return nerr_pass(err);
}

/* GET /visits/#/summary.pdf: the same summary as an A4 PDF download. */
NEOERR *summary_pdf(REQUEST *req)
{
	struct summary s;
	char name[64], *pdf = NULL;
	size_t n = 0;
	NEOERR *err = summary_load(req, &s);

	if (!err) err = summary_pdf_render(req, &s, &pdf, &n);
	if (!err) err = summary_audit(req, s.id, "pdf");
	snprintf(name, sizeof(name), "summary-V%lld.pdf", s.id);
	if (!err) err = request_stream_begin(req, "application/pdf", name);
	if (!err) err = request_stream_write(req, pdf, n);
	free(pdf);
	return nerr_pass(err);
}
