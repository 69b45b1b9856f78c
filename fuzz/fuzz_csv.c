/* fuzz_csv.c — libFuzzer harness for the CSV import reader (cgi/csv.c).
 *
 * Input: one control byte, then the file.  The control byte picks the
 * encoding (bit 0: GBK), small or default limits (bit 1) and the size of
 * the reads the reader gets (bits 2-7: 1..64 bytes, 0: 4096), so records
 * and multi-byte characters are cut at every possible place.  Checks the
 * promises of csv.h: every field valid UTF-8 without NUL, lens[] true,
 * nfields within the limit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

struct fz { const uint8_t *p; size_t n, off, chunk; };

static long fz_read(void *ctx, char *buf, size_t n)
{
	struct fz *f = ctx;
	size_t left = f->n - f->off;

	if (n > f->chunk)
		n = f->chunk;
	if (n > left)
		n = left;
	memcpy(buf, f->p + f->off, n);
	f->off += n;
	return (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_limits small = { 8, 64, 50 };
	struct fz f;
	struct csv_row row;
	CSV_READER *r;
	size_t maxf;
	int rc;

	if (size < 1)
		return 0;
	f.p = data + 1;
	f.n = size - 1;
	f.off = 0;
	f.chunk = (data[0] >> 2) ? (size_t)(data[0] >> 2) : 4096;
	maxf = (data[0] & 2) ? small.max_fields : 256;
	r = csv_open(fz_read, &f, (data[0] & 1) ? CSV_GBK : CSV_UTF8,
		     (data[0] & 2) ? &small : NULL);
	if (!r)
		return 0;
	while ((rc = csv_next(r, &row)) == 1) {
		if (row.nfields > maxf)
			abort();
		for (size_t i = 0; i < row.nfields; i++) {
			if (strlen(row.fields[i]) != row.lens[i])
				abort();   /* a NUL inside, or a wrong length */
			if (!csv_utf8_valid((const unsigned char *)row.fields[i],
					    row.lens[i], 0, NULL))
				abort();   /* csv.h promises UTF-8 */
		}
		/* the field named by an error exists (too many fields names
		 * the first one dropped: max_fields) */
		if (row.error && row.nfields &&
		    row.error_field >= row.nfields + (row.error == CSV_E_TOO_MANY_FIELDS))
			abort();
	}
	if (rc < 0 && csv_fatal(r) == CSV_F_NONE)
		abort();
	csv_close(r);
	/* the pure helpers on the raw bytes */
	{
		size_t tail = 0;

		(void)csv_utf8_valid(data, size, 1, &tail);
		if (tail > 3 || tail > size)
			abort();
	}
	return 0;
}
