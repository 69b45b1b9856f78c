/* tap.h — the smallest test harness that does the job: `ok`/`not ok` lines
 * (the runner counts them) and a summary. */
#ifndef SG_TAP_H
#define SG_TAP_H

#include <stdio.h>
#include <string.h>

extern int tap_pass, tap_fail;

#define CHECK(cond, name) do { \
	if (cond) { tap_pass++; printf("ok - %s\n", name); } \
	else { tap_fail++; printf("not ok - %s  (%s:%d: %s)\n", name, __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_STR(got, want, name) do { \
	const char *g_ = (got), *w_ = (want); \
	if (g_ && w_ && !strcmp(g_, w_)) { tap_pass++; printf("ok - %s\n", name); } \
	else { tap_fail++; printf("not ok - %s  (%s:%d: got \"%s\", want \"%s\")\n", name, \
		__FILE__, __LINE__, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
} while (0)

#endif
