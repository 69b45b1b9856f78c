/* route.h — the one route table and the checks made before any handler.
 *
 * A route names its path pattern, the methods it answers, the capability it
 * needs and the parameters it accepts with their validators.  route_dispatch
 * checks all of that once (cgit's cmd.c / Kore's validators); a handler never
 * repeats the checks and never sees a parameter it did not declare.
 */
#ifndef SG_ROUTE_H
#define SG_ROUTE_H

#include "request.h"

typedef NEOERR *(*route_handler)(REQUEST *req);

enum {
	M_GET = 1,
	M_POST = 2,
};

enum {
	R_PUBLIC = 1,    /* no login needed */
	R_FORM = 2,      /* invalid parameters go to the handler (form re-shown) */
	R_TEXT = 4,      /* plain-text answer (no page frame), e.g. /healthz */
	R_VIEWAS_OK = 8, /* a POST allowed while viewing as someone (exit, logout) */
	R_NO_SESSION = 16, /* do not even look at the session (/healthz) */
	R_FORM_CROSS_SITE = 32, /* public form meant to be embedded elsewhere */
	R_API = 64,      /* JSON API: no session or origin check (the handler
			  * authenticates), errors answered as JSON */
	R_STAFF_API = 128, /* the JSON face of a page handler (staffapi.h):
			    * token or session, then the usual checks; the
			    * answer is the route's declared HDF subtree */
};

enum {
	P_REQUIRED = 1,
	P_MULTI = 2,     /* a checkbox group: every value validated, joined by commas */
};

struct param_spec {
	const char *name;       /* literal; never taken from the request */
	const char *validator;  /* validate.h name */
	int flags;
};

struct route {
	const char *pattern;    /* "/deals/#/advance": # is a positive integer;
				 * a star segment ("/f/" and a star) is a slug,
				 * [a-z0-9_-]{1,40} */
	int methods;
	const char *cap;        /* capability; NULL = any signed-in user */
	int flags;
	route_handler handler;
	const struct param_spec *params;   /* ends with { NULL } */
};

/* Pure: does path match pattern?  Fills ids with the # segments and slug
 * (at least 41 bytes) with the * segment. */
int route_match(const char *pattern, const char *path, long long *ids,
		int max_ids, int *nids, char *slug);

/* Finds the route for the request (404/405 as NEOERR), checks it and runs
 * the handler. */
NEOERR *route_dispatch(REQUEST *req);

/* The table, for tests and `salesgate routes`. */
const struct route *route_table(size_t *n);

#endif
