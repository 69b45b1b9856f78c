/* Unit tests for csv.c: RFC 4180 edge cases, limits, encodings, and a
 * small fuzz loop (ASan/UBSan catch any out-of-bounds access). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "tap.h"

void test_csv(void);

/* Input from memory, handed out at most chunk bytes at a time so every
 * buffer boundary gets crossed. */
struct mem {
	const char *p;
	size_t n, at, chunk;
	int fail_at_end;   /* return an error instead of the end */
};

static long mem_read(void *ctx, char *buf, size_t n)
{
	struct mem *m = ctx;
	size_t k = m->n - m->at;

	if (k == 0)
		return m->fail_at_end ? -1 : 0;
	if (k > n)
		k = n;
	if (m->chunk && k > m->chunk)
		k = m->chunk;
	memcpy(buf, m->p + m->at, k);
	m->at += k;
	return (long)k;
}

/* Appends with bounds: the dump is for comparing, a cut is fine. */
static void cat(char *out, size_t cap, const char *s, size_t n)
{
	size_t l = strlen(out);

	if (l + n >= cap)
		n = cap - l - 1;
	memcpy(out + l, s, n);
	out[l + n] = '\0';
}

/* Every record as [f1|f2] with !E<error>@<field> and #<record>, then
 * "=<rc>" (0 end, -1 fatal:<why>). */
static void dump(const char *in, size_t n, enum csv_encoding enc,
		 const struct csv_limits *lim, size_t chunk, char *out, size_t cap)
{
	struct mem m = { in, n, 0, chunk, 0 };
	CSV_READER *r = csv_open(mem_read, &m, enc, lim);
	struct csv_row row;
	int rc;
	char tmp[64];

	out[0] = '\0';
	if (!r) {
		cat(out, cap, "nomem", 5);
		return;
	}
	while ((rc = csv_next(r, &row)) == 1) {
		cat(out, cap, "[", 1);
		for (size_t i = 0; i < row.nfields; i++) {
			if (i)
				cat(out, cap, "|", 1);
			cat(out, cap, row.fields[i], row.lens[i]);
		}
		cat(out, cap, "]", 1);
		if (row.error) {
			snprintf(tmp, sizeof(tmp), "!E%d@%zu", row.error, row.error_field);
			cat(out, cap, tmp, strlen(tmp));
		}
		snprintf(tmp, sizeof(tmp), "#%lld", row.record);
		cat(out, cap, tmp, strlen(tmp));
	}
	snprintf(tmp, sizeof(tmp), "=%d", rc);
	cat(out, cap, tmp, strlen(tmp));
	if (rc < 0) {
		snprintf(tmp, sizeof(tmp), ":%d", csv_fatal(r));
		cat(out, cap, tmp, strlen(tmp));
	}
	csv_close(r);
}

/* The same input read whole, one byte at a time and three at a time must
 * give the same answer. */
static void expect(const char *name, const char *in, size_t n, enum csv_encoding enc,
		   const char *want)
{
	static const size_t chunks[] = { 0, 1, 3 };
	char got[4096], label[200];

	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		dump(in, n, enc, NULL, chunks[c], got, sizeof(got));
		snprintf(label, sizeof(label), "csv: %s (reads of %zu)", name, chunks[c]);
		CHECK_STR(got, want, label);
	}
}

#define EXPECT(name, lit, enc, want) expect(name, lit, sizeof(lit) - 1, enc, want)

static void test_basic(void)
{
	EXPECT("empty file", "", CSV_UTF8, "=0");
	EXPECT("only a newline", "\n", CSV_UTF8, "=0");
	EXPECT("only blank lines", "\n\r\n\r\n", CSV_UTF8, "=0");
	EXPECT("only a header", "name,phone\n", CSV_UTF8, "[name|phone]#1=0");
	EXPECT("header without final newline", "name,phone", CSV_UTF8, "[name|phone]#1=0");
	EXPECT("two records", "a,b\nc,d\n", CSV_UTF8, "[a|b]#1[c|d]#2=0");
	EXPECT("CRLF", "a,b\r\nc,d\r\n", CSV_UTF8, "[a|b]#1[c|d]#2=0");
	EXPECT("CR alone", "a,b\rc,d\r", CSV_UTF8, "[a|b]#1[c|d]#2=0");
	EXPECT("mixed line ends", "a\nb\r\nc\rd", CSV_UTF8, "[a]#1[b]#2[c]#3[d]#4=0");
	EXPECT("blank lines keep the numbering", "a\n\nb\n", CSV_UTF8, "[a]#1[b]#3=0");
	EXPECT("empty fields", ",,,\n", CSV_UTF8, "[|||]#1=0");
	EXPECT("trailing comma", "a,\n", CSV_UTF8, "[a|]#1=0");
	EXPECT("quoted empty field is a record", "\"\"\n", CSV_UTF8, "[]#1=0");
	EXPECT("quotes inside quotes", "\"a \"\"quoted\"\" word\",b\n", CSV_UTF8,
	       "[a \"quoted\" word|b]#1=0");
	EXPECT("only an escaped quote", "\"\"\"\"\n", CSV_UTF8, "[\"]#1=0");
	EXPECT("embedded comma", "\"x,y\",z\n", CSV_UTF8, "[x,y|z]#1=0");
	EXPECT("embedded LF and CRLF", "\"l1\nl2\",\"c\r\nd\"\r\nnext\n", CSV_UTF8,
	       "[l1\nl2|c\r\nd]#1[next]#2=0");
	EXPECT("embedded CR alone", "\"a\rb\"\n", CSV_UTF8, "[a\rb]#1=0");
	EXPECT("quote in an unquoted field is kept", "5\" screen,x\n", CSV_UTF8,
	       "[5\" screen|x]#1=0");
	EXPECT("text after a closing quote is kept", "\"a\"b,c\n", CSV_UTF8, "[ab|c]#1=0");
	EXPECT("unterminated quote at EOF", "a,\"bc", CSV_UTF8, "[a|bc]!E5@1#1=0");
	EXPECT("unterminated quote swallows the rest", "a,\"b\nc,d\n", CSV_UTF8,
	       "[a|b\nc,d\n]!E5@1#1=0");
	EXPECT("a lone quote", "\"", CSV_UTF8, "[]!E5@0#1=0");
	EXPECT("closing quote at EOF", "a,\"b\"", CSV_UTF8, "[a|b]#1=0");
	EXPECT("spaces are kept", " a , b \n", CSV_UTF8, "[ a | b ]#1=0");
}

static void test_bom(void)
{
	EXPECT("UTF-8 BOM is dropped", "\xEF\xBB\xBFname,phone\n", CSV_UTF8, "[name|phone]#1=0");
	EXPECT("BOM only", "\xEF\xBB\xBF", CSV_UTF8, "=0");
	EXPECT("BOM cut short is an error, not a crash", "\xEF\xBB", CSV_UTF8,
	       "[\xEF\xBF\xBD\xEF\xBF\xBD]!E1@0#1=0");
	EXPECT("a BOM later is content", "a\n\xEF\xBB\xBF" "b\n", CSV_UTF8,
	       "[a]#1[\xEF\xBB\xBF" "b]#2=0");
	EXPECT("GB18030 BOM is dropped", "\x84\x31\x95\x33" "a\n", CSV_GBK, "[a]#1=0");
}

static void test_encodings(void)
{
	/* 中文,张三 / 手机 in GBK bytes */
	EXPECT("GBK 中文", "\xD6\xD0\xCE\xC4,\xD5\xC5\xC8\xFD\r\n\xCA\xD6\xBB\xFA\r\n", CSV_GBK,
	       "[中文|张三]#1[手机]#2=0");
	EXPECT("GBK inside quotes", "\"\xD6\xD0,\xCE\xC4\"\n", CSV_GBK, "[中,文]#1=0");
	EXPECT("GB18030 four-byte sequences", "\x81\x30\x81\x30,\x94\x39\xFC\x36\n", CSV_GBK,
	       "[\xC2\x80|😀]#1=0");
	EXPECT("GBK bad byte 0xFF", "a\xFF" "b,c\n", CSV_GBK, "[a\xEF\xBF\xBD" "b|c]!E1@0#1=0");
	EXPECT("GBK lead byte cut by the field's end", "\xD6,x\n", CSV_GBK,
	       "[\xEF\xBF\xBD|x]!E1@0#1=0");
	EXPECT("GBK bad pair goes on", "\x81\x20z\n", CSV_GBK, "[\xEF\xBF\xBD z]!E1@0#1=0");
	EXPECT("GBK error in the second record only", "a\n\x80\nb\n", CSV_GBK,
	       "[a]#1[\xEF\xBF\xBD]!E1@0#2[b]#3=0");
	EXPECT("UTF-8 中文", "中文,é\n", CSV_UTF8, "[中文|é]#1=0");
	EXPECT("GBK bytes read as UTF-8", "\xD6\xD0\n", CSV_UTF8,
	       "[\xEF\xBF\xBD\xEF\xBF\xBD]!E1@0#1=0");
	EXPECT("overlong UTF-8", "\xC0\xAF\n", CSV_UTF8, "[\xEF\xBF\xBD\xEF\xBF\xBD]!E1@0#1=0");
	EXPECT("UTF-16 surrogate in UTF-8", "\xED\xA0\x80\n", CSV_UTF8,
	       "[\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD]!E1@0#1=0");
	EXPECT("past U+10FFFF", "\xF4\x90\x80\x80\n", CSV_UTF8,
	       "[\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD]!E1@0#1=0");
	EXPECT("UTF-8 cut at the field's end", "a\xE4\xB8,b\n", CSV_UTF8,
	       "[a\xEF\xBF\xBD\xEF\xBF\xBD|b]!E1@0#1=0");
	/* mixed: UTF-8 中 then GBK 中 read as GBK: garbage, but never a crash */
	{
		static const char mixed[] = "\xE4\xB8\xAD,\xD6\xD0\n";
		char got[512];

		dump(mixed, sizeof(mixed) - 1, CSV_GBK, NULL, 0, got, sizeof(got));
		CHECK(got[0] == '[' && strstr(got, "=0"), "csv: mixed UTF-8 and GBK read as GBK ends cleanly");
		dump(mixed, sizeof(mixed) - 1, CSV_UTF8, NULL, 0, got, sizeof(got));
		CHECK_STR(got, "[中|\xEF\xBF\xBD\xEF\xBF\xBD]!E1@1#1=0",
			  "csv: mixed UTF-8 and GBK read as UTF-8 marks the GBK field");
	}
}

static void test_nul(void)
{
	static const char in[] = "a\0b,c\n\"q\0\"\n";
	char got[256];

	dump(in, sizeof(in) - 1, CSV_UTF8, NULL, 0, got, sizeof(got));
	CHECK_STR(got, "[a\xEF\xBF\xBD" "b|c]!E2@0#1[q\xEF\xBF\xBD]!E2@0#2=0",
		  "csv: NUL bytes become U+FFFD and mark the record (UTF-8)");
	dump(in, sizeof(in) - 1, CSV_GBK, NULL, 1, got, sizeof(got));
	CHECK_STR(got, "[a\xEF\xBF\xBD" "b|c]!E2@0#1[q\xEF\xBF\xBD]!E2@0#2=0",
		  "csv: NUL bytes become U+FFFD and mark the record (GBK)");
}

static void test_limits(void)
{
	size_t big = 1000 * 1000;
	char *in = malloc(big + 64), *out;
	struct mem m;
	CSV_READER *r;
	struct csv_row row;
	struct csv_limits lim;
	int rc;

	/* a field of 1 MB, quoted, with the next record after it */
	in[0] = '"';
	memset(in + 1, 'x', big);
	memcpy(in + 1 + big, "\",y\nz\n", 6);
	m = (struct mem){ in, big + 7, 0, 0, 0 };
	r = csv_open(mem_read, &m, CSV_UTF8, NULL);
	rc = csv_next(r, &row);
	CHECK(rc == 1 && row.nfields == 2 && row.lens[0] == big && row.fields[0][big - 1] == 'x'
	      && !strcmp(row.fields[1], "y") && !row.error, "csv: a 1 MB field is read whole");
	rc = csv_next(r, &row);
	CHECK(rc == 1 && !strcmp(row.fields[0], "z"), "csv: the record after a 1 MB field");
	CHECK(csv_next(r, &row) == 0, "csv: end after a 1 MB field");
	csv_close(r);

	/* the same with a 1000-byte limit: cut, marked, and in step after */
	memset(&lim, 0, sizeof(lim));
	lim.max_field_bytes = 1000;
	m.at = 0;
	r = csv_open(mem_read, &m, CSV_UTF8, &lim);
	rc = csv_next(r, &row);
	CHECK(rc == 1 && row.lens[0] == 1000 && row.error == CSV_E_FIELD_TOO_LONG &&
	      row.error_field == 0 && !strcmp(row.fields[1], "y"),
	      "csv: a field over the limit is cut and marked");
	rc = csv_next(r, &row);
	CHECK(rc == 1 && !strcmp(row.fields[0], "z") && !row.error,
	      "csv: the next record after a cut field is whole");
	csv_close(r);
	free(in);

	/* 10,000 columns */
	out = malloc(10000 * 6 + 16);
	{
		size_t o = 0;

		for (int i = 0; i < 10000; i++)
			o += (size_t)sprintf(out + o, i ? ",c%d" : "c%d", i);
		memcpy(out + o, "\nnext\n", 7);
		m = (struct mem){ out, o + 6, 0, 0, 0 };
	}
	lim.max_field_bytes = 0;
	lim.max_fields = 20000;
	r = csv_open(mem_read, &m, CSV_UTF8, &lim);
	rc = csv_next(r, &row);
	CHECK(rc == 1 && row.nfields == 10000 && !strcmp(row.fields[9999], "c9999") && !row.error,
	      "csv: 10,000 columns within the limit");
	csv_close(r);
	m.at = 0;
	r = csv_open(mem_read, &m, CSV_UTF8, NULL);
	rc = csv_next(r, &row);
	CHECK(rc == 1 && row.nfields == 256 && row.error == CSV_E_TOO_MANY_FIELDS &&
	      row.error_field == 256 && !strcmp(row.fields[255], "c255"),
	      "csv: 10,000 columns over the default limit: 256 kept, marked");
	rc = csv_next(r, &row);
	CHECK(rc == 1 && row.nfields == 1 && !strcmp(row.fields[0], "next"),
	      "csv: the record after too many columns");
	csv_close(r);
	free(out);

	/* records */
	memset(&lim, 0, sizeof(lim));
	lim.max_records = 2;
	m = (struct mem){ "a\nb\nc\n", 6, 0, 0, 0 };
	r = csv_open(mem_read, &m, CSV_UTF8, &lim);
	CHECK(csv_next(r, &row) == 1 && csv_next(r, &row) == 1, "csv: records up to the limit");
	CHECK(csv_next(r, &row) == -1 && csv_fatal(r) == CSV_F_TOO_MANY_RECORDS,
	      "csv: one record more is fatal");
	CHECK(csv_next(r, &row) == -1, "csv: fatal stays fatal");
	CHECK(csv_records(r) == 2, "csv: csv_records counts what was handed out");
	csv_close(r);

	/* a read error */
	m = (struct mem){ "a,b\nc", 5, 0, 2, 1 };
	r = csv_open(mem_read, &m, CSV_UTF8, NULL);
	CHECK(csv_next(r, &row) == 1, "csv: a record before a read error");
	CHECK(csv_next(r, &row) == -1 && csv_fatal(r) == CSV_F_READ, "csv: a read error is fatal");
	csv_close(r);
}

static void test_lines(void)
{
	static const char in[] = "\"a\nb\",c\r\nd\re\n";
	struct mem m = { in, sizeof(in) - 1, 0, 0, 0 };
	CSV_READER *r = csv_open(mem_read, &m, CSV_UTF8, NULL);
	struct csv_row row;
	long long lines[3] = { 0, 0, 0 };

	for (int i = 0; i < 3 && csv_next(r, &row) == 1; i++)
		lines[i] = row.line;
	CHECK(lines[0] == 1 && lines[1] == 3 && lines[2] == 4,
	      "csv: physical line numbers count LF, CR and CRLF once");
	csv_close(r);
}

static void test_utf8_valid(void)
{
	size_t tail;

	CHECK(csv_utf8_valid((const unsigned char *)"", 0, 0, NULL), "csv: empty is UTF-8");
	CHECK(csv_utf8_valid((const unsigned char *)"中文 abc", strlen("中文 abc"), 0, NULL),
	      "csv: 中文 is UTF-8");
	CHECK(!csv_utf8_valid((const unsigned char *)"\xD6\xD0", 2, 0, NULL), "csv: GBK is not UTF-8");
	CHECK(!csv_utf8_valid((const unsigned char *)"a\xE4\xB8", 3, 0, NULL),
	      "csv: a cut character is not UTF-8");
	CHECK(csv_utf8_valid((const unsigned char *)"a\xE4\xB8", 3, 1, &tail) && tail == 2,
	      "csv: a cut character at the end may continue");
	CHECK(!csv_utf8_valid((const unsigned char *)"\xE4\xB8" "a", 3, 1, &tail),
	      "csv: a cut character inside is invalid");
}

static FILE *file_of(const char *s, size_t n)
{
	FILE *f = tmpfile();

	if (f) {
		fwrite(s, 1, n, f);
		rewind(f);
	}
	return f;
}

static void test_detect(void)
{
	enum csv_encoding e;
	FILE *f;
	char *big;
	size_t n = 65535 + 3;

	f = file_of("", 0);
	CHECK(f && csv_detect_file(f, &e) == 0 && e == CSV_UTF8, "csv: empty file detects as utf-8");
	fclose(f);
	f = file_of("name,phone\n", 11);
	CHECK(csv_detect_file(f, &e) == 0 && e == CSV_UTF8, "csv: ASCII detects as utf-8");
	CHECK(ftell(f) == 0, "csv: detection seeks back");
	fclose(f);
	f = file_of("\xD0\xD5\xC3\xFB,\xCA\xD6\xBB\xFA\n", 10);
	CHECK(csv_detect_file(f, &e) == 0 && e == CSV_GBK, "csv: GBK detects as gbk");
	fclose(f);
	f = file_of("\xEF\xBB\xBF姓名,手机\n", strlen("\xEF\xBB\xBF姓名,手机\n"));
	CHECK(csv_detect_file(f, &e) == 0 && e == CSV_UTF8, "csv: UTF-8 with BOM detects as utf-8");
	fclose(f);
	f = file_of("a\xE4\xB8", 3);
	CHECK(csv_detect_file(f, &e) == 0 && e == CSV_GBK, "csv: a character cut by EOF is not utf-8");
	fclose(f);
	/* a character across the 64 KiB block boundary */
	big = malloc(n);
	memset(big, 'a', n);
	memcpy(big + 65534, "中", 3);
	f = file_of(big, n);
	CHECK(csv_detect_file(f, &e) == 0 && e == CSV_UTF8, "csv: a character across blocks is utf-8");
	fclose(f);
	/* GBK only after the first block */
	memcpy(big + 65534, "aaa", 3);
	big[n - 2] = (char)0xD6;
	big[n - 1] = (char)0xD0;
	f = file_of(big, n);
	CHECK(csv_detect_file(f, &e) == 0 && e == CSV_GBK, "csv: GBK after 64 KiB of ASCII is gbk");
	/* and the reader then gets the whole file from the start */
	{
		CSV_READER *r = csv_open_file(f, e, NULL);
		struct csv_row row;

		CHECK(csv_next(r, &row) == 1 && row.lens[0] > 65000 && row.fields[0][0] == 'a',
		      "csv: reading starts at the beginning after detection");
		csv_close(r);
	}
	fclose(f);
	free(big);
}

/* A deterministic generator; the fuzz loop must be repeatable. */
static uint32_t fuzz_state = 12345;
static uint32_t fuzz_rand(void)
{
	fuzz_state ^= fuzz_state << 13;
	fuzz_state ^= fuzz_state >> 17;
	fuzz_state ^= fuzz_state << 5;
	return fuzz_state;
}

static void test_fuzz(void)
{
	static const unsigned char alphabet[] = {
		'"', '"', ',', ',', '\r', '\n', 'a', ' ', 0x00, 0xEF, 0xBB, 0xBF,
		0xD6, 0xD0, 0x81, 0x30, 0xFF, 0x80, 0xE4, 0xB8, 0xAD, 0xC0, 0x95, 0x33,
	};
	unsigned char in[600];
	int bad = 0, runs = 3000;
	long records = 0, errors = 0;

	for (int it = 0; it < runs && !bad; it++) {
		size_t n = fuzz_rand() % sizeof(in);
		struct csv_limits lim = { 1 + fuzz_rand() % 6, 1 + fuzz_rand() % 12, 1 + fuzz_rand() % 40 };
		struct mem m;
		CSV_READER *r;
		struct csv_row row;
		long long last = 0;
		int rc;

		for (size_t i = 0; i < n; i++)
			in[i] = (fuzz_rand() % 4) ? alphabet[fuzz_rand() % sizeof(alphabet)]
						  : (unsigned char)fuzz_rand();
		m = (struct mem){ (const char *)in, n, 0, 1 + fuzz_rand() % 7, 0 };
		r = csv_open(mem_read, &m, (it & 1) ? CSV_GBK : CSV_UTF8, &lim);
		while ((rc = csv_next(r, &row)) == 1) {
			if (row.nfields == 0 || row.nfields > lim.max_fields || row.record <= last)
				bad = 1;
			last = row.record;
			records++;
			errors += row.error != 0;
			for (size_t f = 0; f < row.nfields; f++) {
				/* cut at max bytes, then at most 4 bytes out per byte in */
				if (strlen(row.fields[f]) != row.lens[f] ||
				    row.lens[f] > 4 * lim.max_field_bytes ||
				    !csv_utf8_valid((const unsigned char *)row.fields[f], row.lens[f], 0, NULL))
					bad = 1;
			}
		}
		if (rc < 0 && csv_fatal(r) != CSV_F_TOO_MANY_RECORDS)
			bad = 1;
		csv_close(r);
	}
	CHECK(records > runs && errors > 0 && errors < records,
	      "csv: fuzz inputs give records, some of them marked");
	CHECK(!bad, "csv: fuzz: 3000 hostile inputs give valid UTF-8 fields within the limits");
}

void test_csv(void)
{
	test_basic();
	test_bom();
	test_encodings();
	test_nul();
	test_limits();
	test_lines();
	test_utf8_valid();
	test_detect();
	test_fuzz();
	CHECK_STR(csv_encoding_name(CSV_GBK), "gbk", "csv: encoding names");
}
