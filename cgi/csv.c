/* csv.c — streaming RFC 4180 reader with GBK/GB18030 → UTF-8 conversion. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

#define CSV_BUF 65536

enum { S_START, S_UNQUOTED, S_QUOTED, S_QUOTE_SEEN };

struct csv_reader {
	csv_read_fn read;
	void *ctx;
	enum csv_encoding enc;
	struct csv_limits lim;
	iconv_t cd;
	int fatal;

	unsigned char buf[CSV_BUF];
	size_t pos, len;
	int eof;
	int started;              /* the byte-order mark has been looked for */

	/* the record being read: raw bytes, each field followed by a NUL */
	unsigned char *raw;
	size_t raw_len, raw_cap;
	struct span { size_t start, len; } *spans;   /* kept fields in raw */
	size_t nf, scap;
	size_t cur_start, cur_len;
	int cur_drop;             /* past max_fields: bytes are not kept */
	int any_quoted;           /* some field of the record was quoted */
	int state;
	int rec_started;
	int err;                  /* first enum csv_row_error of the record */
	size_t err_field;

	/* what the caller gets */
	char *out;
	size_t out_len, out_cap;
	char **fields;
	size_t *lens;
	size_t fields_cap, lens_cap;

	int skip_lf;              /* the last record ended with CR: eat one LF */
	int prev_cr;              /* for counting CRLF as one line */
	long long line, record, returned;
};

static long csv_read_stdio(void *ctx, char *buf, size_t n)
{
	size_t got = fread(buf, 1, n, (FILE *)ctx);

	if (got == 0 && ferror((FILE *)ctx))
		return -1;
	return (long)got;
}

CSV_READER *csv_open(csv_read_fn read, void *ctx, enum csv_encoding enc,
		     const struct csv_limits *limits)
{
	CSV_READER *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->read = read;
	r->ctx = ctx;
	r->enc = enc;
	r->lim.max_fields = 256;
	r->lim.max_field_bytes = 1024 * 1024;
	r->lim.max_records = 1000000;
	if (limits) {
		if (limits->max_fields)
			r->lim.max_fields = limits->max_fields;
		if (limits->max_field_bytes)
			r->lim.max_field_bytes = limits->max_field_bytes;
		if (limits->max_records)
			r->lim.max_records = limits->max_records;
	}
	r->cd = (iconv_t)-1;
	if (enc == CSV_GBK) {
		/* GB18030 is a superset of GBK (and of GB2312), so one
		 * converter reads all three. */
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1)
			r->fatal = CSV_F_ICONV;
	}
	r->line = 1;
	return r;
}

CSV_READER *csv_open_file(FILE *fp, enum csv_encoding enc,
			  const struct csv_limits *limits)
{
	return csv_open(csv_read_stdio, fp, enc, limits);
}

void csv_close(CSV_READER *r)
{
	if (!r)
		return;
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->raw);
	free(r->spans);
	free(r->out);
	free(r->fields);
	free(r->lens);
	free(r);
}

int csv_fatal(const CSV_READER *r)
{
	return r->fatal;
}

long long csv_records(const CSV_READER *r)
{
	return r->returned;
}

const char *csv_encoding_name(enum csv_encoding enc)
{
	return enc == CSV_GBK ? "gbk" : "utf-8";
}

/* Length of the valid UTF-8 sequence at s (n bytes available), 0 when the
 * bytes there are not one; -1 when they could be one but are cut off. */
static int utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t need;
	unsigned lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0) lo = 0xA0;           /* overlong */
		if (c == 0xED) hi = 0x9F;           /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0) lo = 0x90;           /* overlong */
		if (c == 0xF4) hi = 0x8F;           /* past U+10FFFF */
	} else
		return 0;
	for (size_t i = 1; i <= need; i++) {
		if (i >= n)
			return -1;
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xBF))
			return 0;
	}
	return (int)need + 1;
}

int csv_utf8_valid(const unsigned char *s, size_t n, int partial_ok, size_t *tail)
{
	size_t i = 0;

	if (tail)
		*tail = 0;
	while (i < n) {
		int l = utf8_seq(s + i, n - i);

		if (l == 0)
			return 0;
		if (l < 0) {
			if (!partial_ok)
				return 0;
			if (tail)
				*tail = n - i;
			return 1;
		}
		i += (size_t)l;
	}
	return 1;
}

int csv_detect_file(FILE *fp, enum csv_encoding *enc)
{
	unsigned char b[CSV_BUF + 4];
	size_t carry = 0, got, tail;
	long start = ftell(fp);
	int utf8 = 1;

	*enc = CSV_UTF8;
	if (start < 0)
		return -1;
	for (;;) {
		got = fread(b + carry, 1, CSV_BUF, fp);
		if (got == 0) {
			if (ferror(fp))
				return -1;
			/* a character cut off by the end of the file */
			if (carry)
				utf8 = 0;
			break;
		}
		if (!csv_utf8_valid(b, carry + got, 1, &tail)) {
			utf8 = 0;
			break;
		}
		/* at most 3 bytes of a started character move to the front */
		memmove(b, b + carry + got - tail, tail);
		carry = tail;
	}
	if (fseek(fp, start, SEEK_SET))
		return -1;
	clearerr(fp);
	*enc = utf8 ? CSV_UTF8 : CSV_GBK;
	return 0;
}

/* Grows *p (elements of size sz) to hold at least need; 0 on failure. */
static int grow(void **p, size_t *cap, size_t need, size_t sz)
{
	size_t n = *cap ? *cap : 16;
	void *np;

	if (need <= *cap)
		return 1;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return 0;
		n *= 2;
	}
	if (n > SIZE_MAX / sz)
		return 0;
	np = realloc(*p, n * sz);
	if (!np)
		return 0;
	*p = np;
	*cap = n;
	return 1;
}

static void row_error(CSV_READER *r, int e, size_t field)
{
	if (!r->err) {
		r->err = e;
		r->err_field = field;
	}
}

static int raw_put(CSV_READER *r, unsigned char c)
{
	if (r->raw_len == r->raw_cap &&
	    !grow((void **)&r->raw, &r->raw_cap, r->raw_len + 1, 1)) {
		r->fatal = CSV_F_NOMEM;
		return 0;
	}
	r->raw[r->raw_len++] = c;
	return 1;
}

static void field_begin(CSV_READER *r)
{
	r->cur_start = r->raw_len;
	r->cur_len = 0;
	r->cur_drop = r->nf >= r->lim.max_fields;
	if (r->cur_drop)
		row_error(r, CSV_E_TOO_MANY_FIELDS, r->lim.max_fields);
}

/* One byte of the current field's content. */
static int field_byte(CSV_READER *r, unsigned char c)
{
	if (r->cur_drop)
		return 1;
	if (r->cur_len >= r->lim.max_field_bytes) {
		/* keep reading (the record boundary must still be found), keep
		 * nothing more */
		row_error(r, CSV_E_FIELD_TOO_LONG, r->nf);
		return 1;
	}
	if (!raw_put(r, c))
		return 0;
	r->cur_len++;
	return 1;
}

static int field_end(CSV_READER *r)
{
	if (r->cur_drop)
		return 1;
	if (!raw_put(r, '\0'))
		return 0;
	if (!grow((void **)&r->spans, &r->scap, r->nf + 1, sizeof(*r->spans))) {
		r->fatal = CSV_F_NOMEM;
		return 0;
	}
	r->spans[r->nf].start = r->cur_start;
	r->spans[r->nf].len = r->cur_len;
	r->nf++;
	return 1;
}

static int out_put(CSV_READER *r, const void *s, size_t n)
{
	if (!grow((void **)&r->out, &r->out_cap, r->out_len + n, 1)) {
		r->fatal = CSV_F_NOMEM;
		return 0;
	}
	memcpy(r->out + r->out_len, s, n);
	r->out_len += n;
	return 1;
}

static const char replacement[] = "\xEF\xBF\xBD";   /* U+FFFD */

/* Copies UTF-8 bytes, replacing invalid ones (and NUL) with U+FFFD. */
static int conv_utf8(CSV_READER *r, const unsigned char *s, size_t n, size_t field)
{
	size_t i = 0;

	while (i < n) {
		int l = s[i] ? utf8_seq(s + i, n - i) : 0;

		if (l > 0) {
			if (!out_put(r, s + i, (size_t)l))
				return 0;
			i += (size_t)l;
		} else {
			row_error(r, s[i] ? CSV_E_ENCODING : CSV_E_NUL, field);
			if (!out_put(r, replacement, 3))
				return 0;
			i++;
		}
	}
	return 1;
}

/* GB18030 → UTF-8; an invalid or cut-off sequence becomes U+FFFD and the
 * converter goes on with the next byte. */
static int conv_gbk(CSV_READER *r, const unsigned char *s, size_t n, size_t field)
{
	size_t i = 0;

	while (i < n) {
		size_t seg = 0;

		if (!s[i]) {   /* iconv would pass NUL through */
			row_error(r, CSV_E_NUL, field);
			if (!out_put(r, replacement, 3))
				return 0;
			i++;
			continue;
		}
		while (i + seg < n && s[i + seg])
			seg++;
		while (seg) {
			char *in = (char *)(s + i), *o;
			size_t inleft = seg, outleft, rc, seg_before = seg;

			/* 4 bytes out per byte in is more than GB18030 needs */
			if (!grow((void **)&r->out, &r->out_cap, r->out_len + 4 * seg, 1)) {
				r->fatal = CSV_F_NOMEM;
				return 0;
			}
			o = r->out + r->out_len;
			outleft = r->out_cap - r->out_len;
			rc = iconv(r->cd, &in, &inleft, &o, &outleft);
			r->out_len = (size_t)(o - r->out);
			i += seg - inleft;
			seg = inleft;
			if (rc != (size_t)-1 || !seg)
				continue;
			/* E2BIG cannot happen with the room given above; if it
			 * did without progress, the byte is dropped as invalid
			 * below, so the loop always moves on */
			if (errno == E2BIG && inleft < seg_before)
				continue;
			/* EILSEQ, or EINVAL: a sequence cut off by the field's end */
			iconv(r->cd, NULL, NULL, NULL, NULL);
			row_error(r, CSV_E_ENCODING, field);
			if (!out_put(r, replacement, 3))
				return 0;
			i++;
			seg--;
		}
	}
	return 1;
}

/* Turns the raw record into the caller's fields. */
static int record_finish(CSV_READER *r, struct csv_row *row)
{
	size_t at = 0;

	if (!grow((void **)&r->fields, &r->fields_cap, r->nf + 1, sizeof(char *)) ||
	    !grow((void **)&r->lens, &r->lens_cap, r->nf + 1, sizeof(size_t))) {
		r->fatal = CSV_F_NOMEM;
		return 0;
	}
	r->out_len = 0;
	for (size_t f = 0; f < r->nf; f++) {
		const unsigned char *s = r->raw + r->spans[f].start;
		size_t before = r->out_len;
		int ok = r->enc == CSV_GBK ? conv_gbk(r, s, r->spans[f].len, f)
					   : conv_utf8(r, s, r->spans[f].len, f);

		if (!ok || !out_put(r, "", 1))
			return 0;
		r->lens[f] = r->out_len - before - 1;
	}
	/* out has stopped moving: point at each NUL-terminated field */
	for (size_t f = 0; f < r->nf; f++) {
		r->fields[f] = r->out + at;
		at += r->lens[f] + 1;
	}
	r->fields[r->nf] = NULL;
	row->nfields = r->nf;
	row->fields = r->fields;
	row->lens = r->lens;
	row->error = r->err;
	row->error_field = r->err_field;
	return 1;
}

static void record_reset(CSV_READER *r)
{
	r->raw_len = 0;
	r->nf = 0;
	r->any_quoted = 0;
	r->state = S_START;
	r->rec_started = 0;
	r->err = CSV_E_NONE;
	r->err_field = 0;
}

/* Refills the buffer: 1 bytes, 0 end, -1 error. */
static int fill(CSV_READER *r)
{
	long n;

	if (r->eof)
		return 0;
	n = r->read(r->ctx, (char *)r->buf, sizeof(r->buf));
	if (n < 0) {
		r->fatal = CSV_F_READ;
		return -1;
	}
	if (n == 0 || (size_t)n > sizeof(r->buf)) {
		r->eof = 1;
		return 0;
	}
	r->pos = 0;
	r->len = (size_t)n;
	return 1;
}

/* Drops a byte-order mark at the very start: UTF-8's, or GB18030's own. */
static int skip_bom(CSV_READER *r)
{
	static const unsigned char u8[] = { 0xEF, 0xBB, 0xBF };
	static const unsigned char gb[] = { 0x84, 0x31, 0x95, 0x33 };
	const unsigned char *bom = r->enc == CSV_GBK ? gb : u8;
	size_t bl = r->enc == CSV_GBK ? sizeof(gb) : sizeof(u8);

	r->started = 1;
	/* a short read may give fewer bytes than the mark: gather them */
	while (r->len - r->pos < bl && !r->eof) {
		long n;

		if (r->pos)
			memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
		n = r->read(r->ctx, (char *)r->buf + r->len, sizeof(r->buf) - r->len);
		if (n < 0) {
			r->fatal = CSV_F_READ;
			return 0;
		}
		if (n == 0 || (size_t)n > sizeof(r->buf) - r->len)
			r->eof = 1;
		else
			r->len += (size_t)n;
	}
	if (r->len - r->pos >= bl && !memcmp(r->buf + r->pos, bom, bl))
		r->pos += bl;
	return 1;
}

int csv_next(CSV_READER *r, struct csv_row *row)
{
	memset(row, 0, sizeof(*row));
	if (r->fatal)
		return -1;
	if (!r->started && !skip_bom(r))
		return -1;
	for (;;) {
		int c, at_end = 0;

		record_reset(r);
		field_begin(r);
		row->line = r->line;
		for (;;) {
			if (r->pos == r->len) {
				int f = fill(r);

				if (f < 0)
					return -1;
				if (f == 0) {
					at_end = 1;
					break;
				}
			}
			c = r->buf[r->pos++];
			if (r->skip_lf) {
				r->skip_lf = 0;
				if (c == '\n') {
					r->prev_cr = 0;
					row->line = r->line;
					continue;
				}
			}
			/* a line is ended by LF, CR, or CRLF (counted once) */
			if (c == '\n' && !r->prev_cr)
				r->line++;
			else if (c == '\r')
				r->line++;
			r->prev_cr = c == '\r';
			r->rec_started = 1;
			switch (r->state) {
			case S_START:
				if (c == '"') {
					r->state = S_QUOTED;
					r->any_quoted = 1;
					continue;
				}
				/* fall through */
			case S_UNQUOTED:
				if (c == ',') {
					if (!field_end(r))
						return -1;
					field_begin(r);
					r->state = S_START;
					continue;
				}
				if (c == '\r' || c == '\n')
					break;
				/* a quote inside an unquoted field is kept as
				 * it is (5" screen), as spreadsheets do */
				if (!field_byte(r, (unsigned char)c))
					return -1;
				r->state = S_UNQUOTED;
				continue;
			case S_QUOTED:
				if (c == '"') {
					r->state = S_QUOTE_SEEN;
					continue;
				}
				if (!field_byte(r, (unsigned char)c))
					return -1;
				continue;
			case S_QUOTE_SEEN:
				if (c == '"') {   /* "" is one quote */
					if (!field_byte(r, '"'))
						return -1;
					r->state = S_QUOTED;
					continue;
				}
				if (c == ',') {
					if (!field_end(r))
						return -1;
					field_begin(r);
					r->state = S_START;
					continue;
				}
				if (c == '\r' || c == '\n')
					break;
				/* text after the closing quote ("a"b) is kept */
				if (!field_byte(r, (unsigned char)c))
					return -1;
				r->state = S_UNQUOTED;
				continue;
			}
			/* the record ended with a line break */
			r->skip_lf = c == '\r';
			break;
		}
		if (at_end && !r->rec_started)
			return 0;
		if (at_end && r->state == S_QUOTED)
			row_error(r, CSV_E_UNTERMINATED, r->nf);
		if (!field_end(r))
			return -1;
		r->record++;
		/* an empty line is no record (but keeps the numbering) */
		if (r->nf == 1 && r->spans[0].len == 0 && !r->any_quoted && !r->err) {
			if (at_end)
				return 0;
			continue;
		}
		if (r->returned >= (long long)r->lim.max_records) {
			r->fatal = CSV_F_TOO_MANY_RECORDS;
			return -1;
		}
		if (!record_finish(r, row))
			return -1;
		row->record = r->record;
		r->returned++;
		return 1;
	}
}
