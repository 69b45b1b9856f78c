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
 * The PDF is drawn with cairo and pango (fontconfig finds a CJK font:
 * Noto Sans CJK or WenQuanYi Micro Hei), A4, text paginated line by line;
 * the logo is decoded with gdk-pixbuf.  The logo upload is checked by
 * content (libmagic: image/png or image/jpeg), by size (Summary.LogoMaxBytes)
 * and by decoding it (gdk-pixbuf, at most 4000 × 4000 pixels).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <magic.h>
#include <pango/pangocairo.h>
#include <sodium.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "policy.h"
#include "render.h"
#include "user.h"

#define SUMMARY_LOGO_MAX_PX 4000
#define SUMMARY_PDF_MAX (8 * 1024 * 1024)

/* ---- the company settings ------------------------------------------- */

static magic_t summary_magic;

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
	int fd, w = 0, h = 0;
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
	if (!err && !*refusal && !summary_magic) {
		summary_magic = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
		if (!summary_magic)
			err = nerr_raise(NERR_NOMEM, "magic_open");
		else if (magic_load(summary_magic, NULL)) {
			magic_close(summary_magic);
			summary_magic = NULL;
			err = nerr_raise(NERR_IO, "magic_load failed");
		}
	}
	if (!err && !*refusal) {
		m = magic_file(summary_magic, path);
		if (!m || (strcmp(m, "image/png") && strcmp(m, "image/jpeg")))
			*refusal = "Company.E.Type";
		else
			snprintf(mime, nm, "%s", m);
	}
	/* The content must also decode, within sane dimensions. */
	if (!err && !*refusal) {
		GdkPixbufFormat *f = gdk_pixbuf_get_file_info(path, &w, &h);

		if (!f || w < 1 || h < 1 || w > SUMMARY_LOGO_MAX_PX || h > SUMMARY_LOGO_MAX_PX)
			*refusal = "Company.E.Decode";
	}
	if (!*refusal && !err) {
		GError *gerr = NULL;
		GdkPixbuf *pb = gdk_pixbuf_new_from_file(path, &gerr);

		if (!pb)
			*refusal = "Company.E.Decode";
		if (gerr)
			g_error_free(gerr);
		if (pb)
			g_object_unref(pb);
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

/* ---- the PDF ------------------------------------------------------------ */

struct pdfbuf {
	char *p;
	size_t n, cap;
	int over;
};

static cairo_status_t summary_pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdfbuf *b = closure;

	if (b->over || b->n + len > SUMMARY_PDF_MAX) {
		b->over = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	if (b->n + len > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		char *p;

		while (cap < b->n + len)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->over = 1;
			return CAIRO_STATUS_NO_MEMORY;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, data, len);
	b->n += len;
	return CAIRO_STATUS_SUCCESS;
}

/* A4 in points, margins of 2 cm. */
#define PDF_W 595.28
#define PDF_H 841.89
#define PDF_M 56.7

struct pdfpen {
	cairo_t *cr;
	PangoLayout *lay;
	double y;
};

/* Draws text at the pen in the given font, line by line, starting a new
 * page when a line would cross the bottom margin. */
static void summary_pdf_text(struct pdfpen *pen, const char *text, const char *font,
			     double grey, double indent)
{
	PangoFontDescription *fd = pango_font_description_from_string(font);
	PangoLayoutIter *it;

	pango_layout_set_font_description(pen->lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(pen->lay, (int)((PDF_W - 2 * PDF_M - indent) * PANGO_SCALE));
	pango_layout_set_wrap(pen->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(pen->lay, text ? text : "", -1);
	cairo_set_source_rgb(pen->cr, grey, grey, grey);
	it = pango_layout_get_iter(pen->lay);
	do {
		PangoRectangle r;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		double h, base;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		h = (double)r.height / PANGO_SCALE;
		base = (double)(pango_layout_iter_get_baseline(it) - r.y) / PANGO_SCALE;
		if (pen->y + h > PDF_H - PDF_M) {
			cairo_show_page(pen->cr);
			pen->y = PDF_M;
		}
		cairo_move_to(pen->cr, PDF_M + indent + (double)r.x / PANGO_SCALE, pen->y + base);
		pango_cairo_show_layout_line(pen->cr, line);
		pen->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* The logo as a cairo surface (premultiplied ARGB), NULL when unreadable. */
static cairo_surface_t *summary_pdf_logo(const char *stored)
{
	char dir[400], path[440];
	GError *gerr = NULL;
	GdkPixbuf *pb;
	cairo_surface_t *img;
	const guchar *px;
	unsigned char *dst;
	int w, h, nch, rs, ds, alpha;

	if (summary_logo_dir(dir, sizeof(dir)))
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, stored);
	pb = gdk_pixbuf_new_from_file(path, &gerr);
	if (gerr)
		g_error_free(gerr);
	if (!pb)
		return NULL;
	w = gdk_pixbuf_get_width(pb);
	h = gdk_pixbuf_get_height(pb);
	nch = gdk_pixbuf_get_n_channels(pb);
	rs = gdk_pixbuf_get_rowstride(pb);
	alpha = gdk_pixbuf_get_has_alpha(pb);
	if (gdk_pixbuf_get_bits_per_sample(pb) != 8 || nch < 3 || w > SUMMARY_LOGO_MAX_PX ||
	    h > SUMMARY_LOGO_MAX_PX) {
		g_object_unref(pb);
		return NULL;
	}
	px = gdk_pixbuf_read_pixels(pb);
	img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	if (cairo_surface_status(img)) {
		cairo_surface_destroy(img);
		g_object_unref(pb);
		return NULL;
	}
	cairo_surface_flush(img);
	dst = cairo_image_surface_get_data(img);
	ds = cairo_image_surface_get_stride(img);
	for (int y = 0; y < h; y++) {
		const guchar *sp = px + (size_t)y * (size_t)rs;
		uint32_t *dp = (uint32_t *)(void *)(dst + (size_t)y * (size_t)ds);

		for (int x = 0; x < w; x++, sp += nch) {
			unsigned a = alpha ? sp[3] : 255;
			unsigned r = sp[0] * a / 255, g = sp[1] * a / 255, b = sp[2] * a / 255;

			dp[x] = (uint32_t)a << 24 | r << 16 | g << 8 | b;
		}
	}
	cairo_surface_mark_dirty(img);
	g_object_unref(pb);
	return img;
}

/* Renders the filled Summary.* subtree into buf (a PDF). */
static NEOERR *summary_pdf_render(REQUEST *req, const struct summary *s, struct pdfbuf *buf)
{
	HDF *d = hdf_get_obj(req->hdf, "Summary");
	const char *fam = config_get("Summary.Font");
	int lang = req->lang;
	cairo_surface_t *surf, *logo = NULL;
	struct pdfpen pen;
	char font[160], line[600];
	cairo_status_t st;
	struct { const char *label, *path; } rows[] = {
		{ "Summary.Customer", "Customer" }, { "Summary.Contact", "Contact" },
		{ "Summary.At", "At" },
	};

	surf = cairo_pdf_surface_create_for_stream(summary_pdf_write, buf, PDF_W, PDF_H);
	if (cairo_surface_status(surf)) {
		cairo_surface_destroy(surf);
		return nerr_raise(NERR_NOMEM, "cairo pdf surface");
	}
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, render_text(lang, "Summary.Title"));
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, s->company);
	pen.cr = cairo_create(surf);
	pen.lay = pango_cairo_create_layout(pen.cr);
	pen.y = PDF_M;

	/* The letterhead: logo (at most 48 pt high, 160 pt wide) and name. */
	if (s->has_logo)
		logo = summary_pdf_logo(s->logo);
	if (logo) {
		double w = cairo_image_surface_get_width(logo), h = cairo_image_surface_get_height(logo);
		double k = 48.0 / h;

		if (w * k > 160.0)
			k = 160.0 / w;
		cairo_save(pen.cr);
		cairo_translate(pen.cr, PDF_M, pen.y);
		cairo_scale(pen.cr, k, k);
		cairo_set_source_surface(pen.cr, logo, 0, 0);
		cairo_paint(pen.cr);
		cairo_restore(pen.cr);
		pen.y += h * k + 8;
		cairo_surface_destroy(logo);
	}
	snprintf(font, sizeof(font), "%s Bold 16", fam);
	summary_pdf_text(&pen, s->company, font, 0.1, 0);
	pen.y += 10;
	cairo_set_source_rgb(pen.cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(pen.cr, 0.8);
	cairo_move_to(pen.cr, PDF_M, pen.y);
	cairo_line_to(pen.cr, PDF_W - PDF_M, pen.y);
	cairo_stroke(pen.cr);
	pen.y += 18;
	snprintf(font, sizeof(font), "%s Bold 20", fam);
	summary_pdf_text(&pen, render_text(lang, "Summary.Title"), font, 0.0, 0);
	pen.y += 14;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *v = hdf_get_value(d, rows[i].path, NULL);

		if (!v || !*v)
			continue;
		snprintf(line, sizeof(line), "%s：%s", render_text(lang, rows[i].label), v);
		snprintf(font, sizeof(font), "%s 11", fam);
		summary_pdf_text(&pen, line, font, 0.15, 0);
		pen.y += 4;
	}
	pen.y += 10;
	{
		struct { const char *label, *path; } blocks[] = {
			{ "Summary.CoreNeed", "CoreNeed" }, { "Summary.NextStep", "NextStep" },
		};

		for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
			snprintf(font, sizeof(font), "%s Bold 13", fam);
			summary_pdf_text(&pen, render_text(lang, blocks[i].label), font, 0.0, 0);
			pen.y += 4;
			snprintf(font, sizeof(font), "%s 11", fam);
			summary_pdf_text(&pen, hdf_get_value(d, blocks[i].path, ""), font, 0.1, 12);
			pen.y += 14;
		}
	}
	/* Our contact: the rep's own name, phone and e-mail. */
	snprintf(font, sizeof(font), "%s Bold 13", fam);
	summary_pdf_text(&pen, render_text(lang, "Summary.OurContact"), font, 0.0, 0);
	pen.y += 4;
	snprintf(font, sizeof(font), "%s 11", fam);
	{
		const char *parts[] = { "Rep.Name", "Rep.Phone", "Rep.Email" };

		for (size_t i = 0; i < 3; i++) {
			const char *v = hdf_get_value(d, parts[i], NULL);

			if (v && *v)
				summary_pdf_text(&pen, v, font, 0.1, 12);
		}
	}
	pen.y += 20;
	snprintf(line, sizeof(line), "%s V-%lld · %s", render_text(lang, "Summary.Ref"), s->id,
		 hdf_get_value(d, "At", ""));
	snprintf(font, sizeof(font), "%s 8", fam);
	summary_pdf_text(&pen, line, font, 0.45, 0);
	summary_pdf_text(&pen, render_text(lang, "Summary.Footer"), font, 0.45, 0);

	g_object_unref(pen.lay);
	cairo_destroy(pen.cr);
	cairo_surface_finish(surf);
	st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (buf->over)
		return nerr_raise(ERR_TOO_LARGE, "summary PDF over %d bytes", SUMMARY_PDF_MAX);
	if (st != CAIRO_STATUS_SUCCESS)
		return nerr_raise(NERR_SYSTEM, "cairo: %s", cairo_status_to_string(st));
	return STATUS_OK;
}

/* GET /visits/#/summary.pdf: the same summary as an A4 PDF download. */
NEOERR *summary_pdf(REQUEST *req)
{
	struct summary s;
	struct pdfbuf buf = { 0 };
	char name[64];
	NEOERR *err = summary_load(req, &s);

	if (!err) err = summary_pdf_render(req, &s, &buf);
	if (!err) err = summary_audit(req, s.id, "pdf");
	snprintf(name, sizeof(name), "summary-V%lld.pdf", s.id);
	if (!err) err = request_stream_begin(req, "application/pdf", name);
	if (!err) err = request_stream_write(req, buf.p, buf.n);
	free(buf.p);
	return nerr_pass(err);
}
