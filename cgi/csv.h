/* csv.h — a streaming RFC 4180 CSV reader that hands out UTF-8.
 *
 *   CSV_READER *r = csv_open_file(fp, CSV_GBK, NULL);
 *   struct csv_row row;
 *   while ((rc = csv_next(r, &row)) == 1)
 *           use(row.fields[0], row.error);
 *   if (rc < 0) report(csv_fatal(r));
 *   csv_close(r);
 *
 * Quoted fields, "" escapes, commas and line breaks (CRLF, LF, CR alone)
 * inside quotes; a leading UTF-8 byte-order mark is dropped.  Only one
 * record is held at a time and every limit (fields per record, bytes per
 * field, records) is checked before memory grows, so hostile input costs
 * bounded memory and never reads or writes out of bounds.
 *
 * Fields are always valid UTF-8 without NUL bytes: GBK/GB18030 input is
 * converted with iconv, and bytes that are not valid in the file's encoding
 * (or NUL) become U+FFFD and mark the record with an error.  The structural
 * bytes (" , CR LF) are below 0x40, so they never occur inside a GBK or
 * GB18030 character: the reader splits the raw bytes first and converts
 * field by field.
 */
#ifndef SG_CSV_H
#define SG_CSV_H

#include <stddef.h>
#include <stdio.h>

enum csv_encoding { CSV_UTF8 = 0, CSV_GBK = 1 };

struct csv_limits {
	size_t max_fields;       /* per record; more is CSV_E_TOO_MANY_FIELDS */
	size_t max_field_bytes;  /* raw bytes per field; more is CSV_E_FIELD_TOO_LONG */
	size_t max_records;      /* records handed out; more is CSV_F_TOO_MANY_RECORDS */
};

/* Problems of one record: the record is still returned (what could be
 * read of it), so a caller can report it and go on with the next. */
enum csv_row_error {
	CSV_E_NONE = 0,
	CSV_E_ENCODING,          /* bytes not valid in the encoding (shown as U+FFFD) */
	CSV_E_NUL,               /* a NUL byte (shown as U+FFFD) */
	CSV_E_TOO_MANY_FIELDS,   /* fields past max_fields were dropped */
	CSV_E_FIELD_TOO_LONG,    /* the field was cut at max_field_bytes */
	CSV_E_UNTERMINATED,      /* a quote opened and the file ended */
};

/* Why csv_next() returned -1: the reader cannot go on. */
enum csv_fatal {
	CSV_F_NONE = 0,
	CSV_F_READ,              /* the read callback failed */
	CSV_F_NOMEM,
	CSV_F_TOO_MANY_RECORDS,
	CSV_F_ICONV,             /* iconv_open failed (no GB18030 in this libc) */
};

struct csv_row {
	size_t nfields;
	char **fields;           /* NUL-terminated UTF-8; valid until the next call */
	size_t *lens;            /* byte lengths of fields */
	long long record;        /* 1-based record number, blank lines counted:
				  * the row number a spreadsheet shows */
	long long line;          /* 1-based physical line where the record began */
	int error;               /* enum csv_row_error, the first problem found */
	size_t error_field;      /* 0-based field of that problem */
};

/* Bytes into buf (at most n); 0 at the end; negative on error. */
typedef long (*csv_read_fn)(void *ctx, char *buf, size_t n);

typedef struct csv_reader CSV_READER;

/* Defaults for a NULL limits: 256 fields, 1 MiB per field, 1,000,000
 * records. */
CSV_READER *csv_open(csv_read_fn read, void *ctx, enum csv_encoding enc,
		     const struct csv_limits *limits);
/* csv_open over a stdio stream (read from its current position). */
CSV_READER *csv_open_file(FILE *fp, enum csv_encoding enc,
			  const struct csv_limits *limits);
/* NULL only when out of memory; an iconv failure shows at the first
 * csv_next() as CSV_F_ICONV. */

/* The next record: 1 with *row filled, 0 at the end of the input, -1 on
 * a fatal error (csv_fatal() says which; the reader stays at -1).
 * Empty lines are skipped (they still count in row->record). */
int csv_next(CSV_READER *r, struct csv_row *row);
int csv_fatal(const CSV_READER *r);
/* Records handed out so far. */
long long csv_records(const CSV_READER *r);
void csv_close(CSV_READER *r);

/* Pure: are these n bytes valid UTF-8 (no overlongs, no surrogates, at most
 * U+10FFFF)?  A sequence cut by the end of the buffer is invalid unless
 * partial_ok, when *tail says how many bytes at the end begin a character
 * that may continue in the next buffer. */
int csv_utf8_valid(const unsigned char *s, size_t n, int partial_ok, size_t *tail);

/* Reads the stream to its end in blocks and says what it is: UTF-8 when
 * every byte is valid UTF-8 (pure ASCII included), else GBK.  Seeks back to
 * where it started; -1 when the stream cannot be read or rewound. */
int csv_detect_file(FILE *fp, enum csv_encoding *enc);

/* "utf-8" / "gbk". */
const char *csv_encoding_name(enum csv_encoding enc);

#endif
