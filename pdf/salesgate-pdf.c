/* salesgate-pdf — draws the customer-facing visit summary as a PDF, and
 * checks that a logo decodes, outside the FastCGI worker (issue 10: cairo,
 * pango, fontconfig and gdk-pixbuf cost every worker ~2 MB resident; a
 * worker now starts this program per PDF request instead, cgi/summary.c).
 *
 *   salesgate-pdf pdf          the summary on stdin, the PDF on stdout
 *   salesgate-pdf check-logo   an image on stdin; exit 0 when it decodes as
 *                              PNG or JPEG within 4000 × 4000 pixels, 1 when not
 *
 * The summary comes as fields, each "NAME LENGTH\n" followed by LENGTH bytes
 * and "\n" (the bytes are never parsed, so any text goes through):
 *   font        the font family list (Summary.Font)
 *   title       the document title (heading and PDF metadata)
 *   company     our company's name (letterhead, PDF author)
 *   logo        the logo file's path, when there is one
 *   row         "label：value" lines under the title (repeatable)
 *   block       a heading, followed by one "text" (repeatable pair)
 *   text        the paragraph under the block before it
 *   contact     the heading of our contact lines
 *   line        one of our contact lines (repeatable)
 *   ref         the reference line
 *   footer      the footer line
 * Unknown names are refused.  What goes on the summary is decided by the
 * worker (policy, scope, audit); this program only draws.
 *
 * Exit status: 0 done; 1 the logo does not decode (check-logo); 2 bad input;
 * 3 the PDF would exceed 8 MiB; 4 drawing failed.  Limits: 1 MiB of input,
 * 20 s of CPU, 1 GiB of address space; the worker also kills it after
 * Summary.PdfSeconds of wall time.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <pango/pangocairo.h>

#define PDF_IN_MAX (1024 * 1024)
#define PDF_OUT_MAX (8 * 1024 * 1024)
#define LOGO_IN_MAX (16 * 1024 * 1024)
#define LOGO_MAX_PX 4000
#define MAX_ITEMS 32

enum { EXIT_NODECODE = 1, EXIT_INPUT = 2, EXIT_TOOBIG = 3, EXIT_DRAW = 4 };

/* ---- input ------------------------------------------------------------- */

static char *read_all(FILE *f, size_t max, size_t *n)
{
	size_t cap = 65536, got;
	char *p = malloc(cap + 1), *q;

	*n = 0;
	while (p && (got = fread(p + *n, 1, cap - *n, f)) > 0) {
		*n += got;
		if (*n == cap) {
			if (cap > max)
				break;
			cap *= 2;
			q = realloc(p, cap + 1);
			if (!q)
				break;
			p = q;
		}
	}
	if (!p || *n > max || ferror(f)) {
		free(p);
		return NULL;
	}
	p[*n] = '\0';
	return p;
}

struct summary {
	const char *font, *title, *company, *logo, *contact, *ref, *footer;
	const char *row[MAX_ITEMS], *block[MAX_ITEMS], *text[MAX_ITEMS], *line[MAX_ITEMS];
	int nrow, nblock, ntext, nline;
};

/* Splits buf (NUL-terminated fields in place) into s; 0 on success. */
static int parse(char *buf, size_t n, struct summary *s)
{
	size_t at = 0;

	memset(s, 0, sizeof(*s));
	while (at < n) {
		char name[16], *nl = memchr(buf + at, '\n', n - at), *end, *v;
		unsigned long len;
		size_t i;

		if (!nl || nl - (buf + at) > 32)
			return -1;
		*nl = '\0';
		for (i = 0; buf[at + i] && buf[at + i] != ' ' && i < sizeof(name) - 1; i++)
			name[i] = buf[at + i];
		name[i] = '\0';
		if (buf[at + i] != ' ')
			return -1;
		len = strtoul(buf + at + i + 1, &end, 10);
		if (*end || end == buf + at + i + 1)
			return -1;
		at = (size_t)(nl - buf) + 1;
		if (len > n - at || n - at - len < 1 || buf[at + len] != '\n')
			return -1;
		v = buf + at;
		v[len] = '\0';
		if (strlen(v) != len)
			return -1;   /* no NUL bytes inside a field */
		at += len + 1;
#define ONE(key) if (!strcmp(name, #key)) { s->key = v; continue; }
#define MANY(key, cnt) if (!strcmp(name, #key)) { if (s->cnt >= MAX_ITEMS) return -1; s->key[s->cnt++] = v; continue; }
		ONE(font) ONE(title) ONE(company) ONE(logo) ONE(contact) ONE(ref) ONE(footer)
		MANY(row, nrow) MANY(block, nblock) MANY(text, ntext) MANY(line, nline)
#undef ONE
#undef MANY
		return -1;
	}
	if (!s->font || !s->title || s->ntext != s->nblock)
		return -1;
	return 0;
}

/* ---- drawing ------------------------------------------------------------ */

struct pdfbuf {
	int over;
	size_t n;
};

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdfbuf *b = closure;

	if (b->over || b->n + len > PDF_OUT_MAX) {
		b->over = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	if (fwrite(data, 1, len, stdout) != len)
		return CAIRO_STATUS_WRITE_ERROR;
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
	const char *family;
	double y;
};

/* Draws text at the pen in family + style ("Bold 16"), line by line,
 * starting a new page when a line would cross the bottom margin. */
static void pdf_text(struct pdfpen *pen, const char *text, const char *style, double grey, double indent)
{
	char font[300];
	PangoFontDescription *fd;
	PangoLayoutIter *it;

	snprintf(font, sizeof(font), "%s %s", pen->family, style);
	fd = pango_font_description_from_string(font);
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

/* The image as a pixbuf when it decodes within LOGO_MAX_PX, else NULL. */
static GdkPixbuf *logo_decode(GdkPixbufLoader *ld, const char *data, size_t n)
{
	GdkPixbuf *pb = NULL;
	GdkPixbufFormat *f;
	char *name = NULL;

	if (gdk_pixbuf_loader_write(ld, (const guchar *)data, n, NULL) &&
	    gdk_pixbuf_loader_close(ld, NULL))
		pb = gdk_pixbuf_loader_get_pixbuf(ld);
	f = gdk_pixbuf_loader_get_format(ld);
	if (f)
		name = gdk_pixbuf_format_get_name(f);
	if (pb && (!name || (strcmp(name, "png") && strcmp(name, "jpeg")) ||
		   gdk_pixbuf_get_width(pb) < 1 || gdk_pixbuf_get_height(pb) < 1 ||
		   gdk_pixbuf_get_width(pb) > LOGO_MAX_PX || gdk_pixbuf_get_height(pb) > LOGO_MAX_PX ||
		   gdk_pixbuf_get_bits_per_sample(pb) != 8 || gdk_pixbuf_get_n_channels(pb) < 3))
		pb = NULL;
	g_free(name);
	if (pb)
		g_object_ref(pb);
	return pb;
}

/* Notes a size over LOGO_MAX_PX as announced by the header (decoding goes
 * on within RLIMIT_AS; the image is refused afterwards). */
static void logo_size_prepared(GdkPixbufLoader *ld, int w, int h, gpointer data)
{
	(void)ld;
	if (w > LOGO_MAX_PX || h > LOGO_MAX_PX)
		*(int *)data = 1;
}

static GdkPixbuf *logo_load(const char *data, size_t n)
{
	GdkPixbufLoader *ld = gdk_pixbuf_loader_new();
	GdkPixbuf *pb;
	int oversize = 0;

	g_signal_connect(ld, "size-prepared", G_CALLBACK(logo_size_prepared), &oversize);
	pb = logo_decode(ld, data, n);
	if (pb && oversize) {
		g_object_unref(pb);
		pb = NULL;
	}
	gdk_pixbuf_loader_close(ld, NULL);
	g_object_unref(ld);
	return pb;
}

/* The logo file as a cairo surface (premultiplied ARGB), NULL when unreadable. */
static cairo_surface_t *logo_surface(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0;
	char *data = f ? read_all(f, LOGO_IN_MAX, &n) : NULL;
	GdkPixbuf *pb = data ? logo_load(data, n) : NULL;
	cairo_surface_t *img;
	const guchar *px;
	unsigned char *dst;
	int w, h, nch, rs, ds, alpha;

	if (f)
		fclose(f);
	free(data);
	if (!pb)
		return NULL;
	w = gdk_pixbuf_get_width(pb);
	h = gdk_pixbuf_get_height(pb);
	nch = gdk_pixbuf_get_n_channels(pb);
	rs = gdk_pixbuf_get_rowstride(pb);
	alpha = gdk_pixbuf_get_has_alpha(pb);
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

static int draw(const struct summary *s)
{
	struct pdfbuf buf = { 0, 0 };
	cairo_surface_t *surf, *logo = NULL;
	struct pdfpen pen;
	cairo_status_t st;

	surf = cairo_pdf_surface_create_for_stream(pdf_write, &buf, PDF_W, PDF_H);
	if (cairo_surface_status(surf)) {
		cairo_surface_destroy(surf);
		return EXIT_DRAW;
	}
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, s->title);
	if (s->company)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, s->company);
	pen.cr = cairo_create(surf);
	pen.lay = pango_cairo_create_layout(pen.cr);
	pen.family = s->font;
	pen.y = PDF_M;

	/* The letterhead: logo (at most 48 pt high, 160 pt wide) and name. */
	if (s->logo && *s->logo)
		logo = logo_surface(s->logo);
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
	pdf_text(&pen, s->company, "Bold 16", 0.1, 0);
	pen.y += 10;
	cairo_set_source_rgb(pen.cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(pen.cr, 0.8);
	cairo_move_to(pen.cr, PDF_M, pen.y);
	cairo_line_to(pen.cr, PDF_W - PDF_M, pen.y);
	cairo_stroke(pen.cr);
	pen.y += 18;
	pdf_text(&pen, s->title, "Bold 20", 0.0, 0);
	pen.y += 14;
	for (int i = 0; i < s->nrow; i++) {
		pdf_text(&pen, s->row[i], "11", 0.15, 0);
		pen.y += 4;
	}
	pen.y += 10;
	for (int i = 0; i < s->nblock; i++) {
		pdf_text(&pen, s->block[i], "Bold 13", 0.0, 0);
		pen.y += 4;
		pdf_text(&pen, s->text[i], "11", 0.1, 12);
		pen.y += 14;
	}
	/* Our contact: the rep's own name, phone and e-mail. */
	if (s->contact) {
		pdf_text(&pen, s->contact, "Bold 13", 0.0, 0);
		pen.y += 4;
	}
	for (int i = 0; i < s->nline; i++)
		pdf_text(&pen, s->line[i], "11", 0.1, 12);
	pen.y += 20;
	if (s->ref)
		pdf_text(&pen, s->ref, "8", 0.45, 0);
	if (s->footer)
		pdf_text(&pen, s->footer, "8", 0.45, 0);

	g_object_unref(pen.lay);
	cairo_destroy(pen.cr);
	cairo_surface_finish(surf);
	st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (buf.over)
		return EXIT_TOOBIG;
	if (st != CAIRO_STATUS_SUCCESS || fflush(stdout)) {
		fprintf(stderr, "salesgate-pdf: %s\n", cairo_status_to_string(st));
		return EXIT_DRAW;
	}
	return 0;
}

static void limit(int resource, rlim_t v)
{
	struct rlimit r = { v, v };

	setrlimit(resource, &r);
}

int main(int argc, char **argv)
{
	struct summary s;
	size_t n;
	char *in;
	int rc;

	/* Nothing of the worker's but stdin, stdout and stderr. */
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	limit(RLIMIT_CPU, 20);
	limit(RLIMIT_AS, (rlim_t)1 << 30);
	limit(RLIMIT_CORE, 0);
	if (argc != 2 || (strcmp(argv[1], "pdf") && strcmp(argv[1], "check-logo"))) {
		fprintf(stderr, "usage: salesgate-pdf pdf|check-logo <input >output\n");
		return EXIT_INPUT;
	}
	if (!strcmp(argv[1], "check-logo")) {
		GdkPixbuf *pb;

		in = read_all(stdin, LOGO_IN_MAX, &n);
		if (!in)
			return EXIT_INPUT;
		pb = logo_load(in, n);
		free(in);
		if (!pb)
			return EXIT_NODECODE;
		g_object_unref(pb);
		return 0;
	}
	in = read_all(stdin, PDF_IN_MAX, &n);
	if (!in || parse(in, n, &s)) {
		fprintf(stderr, "salesgate-pdf: malformed input\n");
		free(in);
		return EXIT_INPUT;
	}
	rc = draw(&s);
	free(in);
	return rc;
}
