/* lazylib.c — see lazylib.h. */
#include <dlfcn.h>
#include <string.h>

#include "lazylib.h"
#include "log.h"

/* Sonames from the Makefile (the .so link of each -dev package). */
#ifndef SG_SONAME_CURL
#define SG_SONAME_CURL "libcurl.so.4"
#endif
#ifndef SG_SONAME_LDAP
#define SG_SONAME_LDAP "libldap-2.5.so.0"
#endif
#ifndef SG_SONAME_MAGIC
#define SG_SONAME_MAGIC "libmagic.so.1"
#endif
#ifndef SG_SONAME_QPDF
#define SG_SONAME_QPDF "libqpdf.so.29"
#endif

/* The handle of SONAME, NULL (logged) when it cannot be opened.  Never
 * closed: the library stays for the worker's life like a linked one. */
static void *lazylib_open(const char *soname)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		log_msg(LOG_ERR, "cannot load %s: %s", soname, dlerror());
	return h;
}

/* *out = the address of NAME in H; 0 (logged) when it is missing. */
static int lazylib_sym(void *h, const char *soname, const char *name, void *out, size_t size)
{
	void *p = dlsym(h, name);

	if (!p) {
		log_msg(LOG_ERR, "%s has no %s", soname, name);
		return 0;
	}
	memcpy(out, &p, size);   /* a function pointer, as POSIX allows */
	return 1;
}

#define LAZYLIB_SYM(f) ok = ok && lazylib_sym(h, soname, #f, &t.f, sizeof(t.f));

/* One getter per library: opened once; a failure is final for this
 * process (the log has said why). */
#define LAZYLIB_GETTER(name, list, so) \
const struct lazylib_##name *lazylib_##name(void) \
{ \
	static struct lazylib_##name t; \
	static int state;   /* 0 not tried, 1 ready, -1 failed */ \
	const char *soname = so; \
	void *h; \
	int ok = 1; \
 \
	if (!state) { \
		h = lazylib_open(soname); \
		ok = h != NULL; \
		list(LAZYLIB_SYM) \
		state = ok ? 1 : -1; \
	} \
	return state > 0 ? &t : NULL; \
}

LAZYLIB_GETTER(curl, LAZYLIB_CURL, SG_SONAME_CURL)
LAZYLIB_GETTER(ldap, LAZYLIB_LDAP, SG_SONAME_LDAP)
LAZYLIB_GETTER(magic, LAZYLIB_MAGIC, SG_SONAME_MAGIC)
LAZYLIB_GETTER(qpdf, LAZYLIB_QPDF, SG_SONAME_QPDF)
