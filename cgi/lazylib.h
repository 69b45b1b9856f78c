/* lazylib.h — libraries a few pages need, opened on first use (issue 10).
 *
 * libcurl (webhooks), libldap (directory sign-in), libmagic (uploads) and
 * libqpdf (PDF attachments) with what they pull in (GnuTLS, p11-kit,
 * Kerberos, libstdc++ …: 34 shared objects) made every worker map and
 * relocate them at start, ~1.9 MB of resident pages each, for pages most
 * workers never serve.  The worker does not link them: the first caller
 * dlopen()s the library by its soname (taken from the -dev package's .so
 * link at build time) and gets a table of the functions it uses, typed by
 * the library's own header.  NULL when the library cannot be opened or
 * lacks a function (logged once); the caller answers as for any other
 * failure of that library.
 */
#ifndef SG_LAZYLIB_H
#define SG_LAZYLIB_H

#define CURL_DISABLE_TYPECHECK 1   /* curl_easy_setopt as a plain function */
#include <curl/curl.h>
#include <ldap.h>
#include <magic.h>
#include <qpdf/qpdf-c.h>

#define LAZYLIB_FIELD(f) __typeof__(f) *f;

#define LAZYLIB_CURL(X) X(curl_easy_init) X(curl_easy_setopt) X(curl_easy_perform) \
	X(curl_easy_getinfo) X(curl_easy_cleanup) X(curl_easy_strerror) \
	X(curl_slist_append) X(curl_slist_free_all)
struct lazylib_curl { LAZYLIB_CURL(LAZYLIB_FIELD) };

#define LAZYLIB_LDAP(X) X(ldap_initialize) X(ldap_set_option) X(ldap_get_option) \
	X(ldap_start_tls_s) X(ldap_sasl_bind_s) X(ldap_search_ext_s) X(ldap_count_entries) \
	X(ldap_first_entry) X(ldap_next_entry) X(ldap_get_dn) X(ldap_get_values_len) \
	X(ldap_value_free_len) X(ldap_msgfree) X(ldap_memfree) X(ldap_unbind_ext_s) \
	X(ldap_err2string)
struct lazylib_ldap { LAZYLIB_LDAP(LAZYLIB_FIELD) };

#define LAZYLIB_MAGIC(X) X(magic_open) X(magic_load) X(magic_file) X(magic_close)
struct lazylib_magic { LAZYLIB_MAGIC(LAZYLIB_FIELD) };

#define LAZYLIB_QPDF(X) X(qpdf_init) X(qpdf_silence_errors) X(qpdf_set_suppress_warnings) \
	X(qpdf_read) X(qpdf_get_num_pages) X(qpdf_cleanup)
struct lazylib_qpdf { LAZYLIB_QPDF(LAZYLIB_FIELD) };

const struct lazylib_curl *lazylib_curl(void);
const struct lazylib_ldap *lazylib_ldap(void);
const struct lazylib_magic *lazylib_magic(void);
const struct lazylib_qpdf *lazylib_qpdf(void);

#endif
