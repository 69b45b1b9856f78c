/* export.h — the pure parts of export approval (export.c), for the unit
 * tests.  The page handlers are declared in pages.h. */
#ifndef SG_EXPORT_H
#define SG_EXPORT_H

/* Pure: the index of an export kind ("leads", "customers", "contacts") in
 * the kinds table, -1 when unknown. */
int export_kind_index(const char *code);

/* Pure: is code one of the comma-separated items of list? */
int export_list_has(const char *list, const char *code);

#endif
