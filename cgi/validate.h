/* validate.h — named input validators, compiled once per worker (PCRE2).
 *
 * Routes name a validator for every parameter they accept; the dispatcher
 * runs it before the handler.  Every validator also demands valid UTF-8, no
 * control characters (tab/CR/LF only where multi-line text is allowed) and a
 * length limit, and the patterns run with a match limit so no input makes
 * them slow.
 */
#ifndef SG_VALIDATE_H
#define SG_VALIDATE_H

#include <ClearSilver/ClearSilver.h>

NEOERR *validate_init(void);
void validate_fini(void);

/* 1 when a validator of that name exists. */
int validate_known(const char *name);

/* 1 when value passes; otherwise 0 and *msg_key names the language string
 * that explains it ("Valid.Phone"). */
int validate(const char *name, const char *value, const char **msg_key);

/* A copy of s in which every byte that is not part of well-formed UTF-8 is
 * replaced by U+FFFD, so echoing what someone typed never emits invalid
 * text.  The caller frees it; NULL when out of memory. */
char *validate_clean_utf8(const char *s);

/* Characters (code points) in a UTF-8 string. */
size_t validate_chars(const char *s);

#endif
