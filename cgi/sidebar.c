/* sidebar.c — one customer, compact, for a WeCom / DingTalk sidebar or any
 * in-app browser (issue 11): stage, one-tap actions, the last few entries.
 *
 * Another face of the customer page, not a second implementation: the page
 * is customer_detail()'s data (scope, field policy) in sidebar.cs, and a tap
 * is customer_action() (scope, activity_record with time, person, customer
 * and address, audit) that comes back here instead of to the full page.
 * The unmet action locks of the customer's deals are issue 7's: it fills
 * Customer.Locks and sidebar.cs already shows that list when present.
 * Deep links (/customers/N/sidebar) survive the sign-in: the guard sends
 * the person to /login?next=… and back.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "pages.h"

NEOERR *sidebar_page(REQUEST *req)
{
	const char *done = request_param(req, "done");
	NEOERR *err = customer_detail(req);

	/* The full page's flash comes from its own "done"; ours is the same. */
	if (!err && done)
		err = hdf_set_value(req->hdf, "Page.Flash", done);
	if (!err)
		err = hdf_set_value(req->hdf, "Page.Name", "sidebar");
	req->template_name = "sidebar.cs";
	return nerr_pass(err);
}

NEOERR *sidebar_action(REQUEST *req)
{
	char path[80];
	NEOERR *err = customer_action(req);

	if (err || req->status != 303)
		return nerr_pass(err);
	/* Back to the sidebar, not to the full customer page. */
	string_clear(&req->headers);
	string_init(&req->headers);
	snprintf(path, sizeof(path), "/customers/%lld/sidebar?done=Recorded", req->ids[0]);
	return nerr_pass(request_redirect(req, path));
}
