/* auditview.h — the pure parts of the auditor's view (auditview.c), for the
 * unit tests.  The page handlers themselves are declared in pages.h. */
#ifndef SG_AUDITVIEW_H
#define SG_AUDITVIEW_H

#include <stddef.h>

#include <ClearSilver/ClearSilver.h>

/* Pure: appends one CSV cell to out (RFC 4180: quoted when it holds a
 * quote, comma, CR or LF, quotes doubled).  A cell starting with = + - @
 * tab or CR gets a single quote in front so a spreadsheet shows it as text
 * instead of running it as a formula.  NULL is an empty cell. */
NEOERR *auditview_csv_cell(STRING *out, const char *v, size_t len);

/* Pure: appends v percent-encoded for a URL query (everything but
 * A-Z a-z 0-9 . _ - is encoded, so the result is also safe in HDF and
 * HTML attributes). */
NEOERR *auditview_url_escape(STRING *out, const char *v);

#endif
