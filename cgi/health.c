/* health.c — the permission health report (R8.7) for admins and auditors
 * (health.read).
 *
 * Four sections, each one query over what is recorded anyway:
 *  - capabilities held but not used in 90 days: a capability counts as used
 *    when its holder is the actor of an audit row of one of the actions it
 *    allows (the table below); capabilities that only read are not
 *    audited, so they are listed as not measurable;
 *  - people with frequent escalation requests (3 or more in 30 days) and
 *    breaker trips;
 *  - reveals of masked values and exports outside working hours
 *    (Health.WorkStart / Health.WorkEnd, hours in Site.TimeZone; 30 days);
 *  - frozen, departed or takeover-frozen people who still hold live grants
 *    or approved, unspent export links.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "db.h"
#include "err.h"
#include "pages.h"
#include "render.h"
#include "user.h"

#define HEALTH_ACTIONS 5

/* The audit actions that show a capability in use ("" pads). */
static const struct {
	const char *cap;
	const char *actions[HEALTH_ACTIONS];
} uses[] = {
	{ "lead.edit", { "lead.update", "lead.convert", "lead.create", "activity.create", "import.confirm" } },
	{ "lead.assign", { "lead.assign", "", "", "", "" } },
	{ "customer.edit", { "customer.create", "activity.create", "", "", "" } },
	{ "export.request", { "export.request", "", "", "", "" } },
	{ "export.approve", { "export.approve", "export.reject", "", "", "" } },
	{ "field.reveal", { "field.reveal", "", "", "", "" } },
	{ "admin.users", { "user.create", "user.update", "user.freeze", "user.unfreeze", "user.password_reset" } },
	{ "admin.view_as", { "viewas.start", "", "", "", "" } },
	{ "admin.config", { "channel.create", "channel.update", "policy.update", "apikey.create", "apikey.revoke" } },
	{ "audit.export", { "audit.export", "", "", "", "" } },
	{ "escalation.approve", { "escalation.grant", "escalation.refuse", "", "", "" } },
	{ "takeover.run", { "takeover", "", "", "", "" } },
	{ "security.alerts", { "security.alert_resolve", "", "", "", "" } },
};
#define N_USES (sizeof(uses) / sizeof(uses[0]))

static NEOERR *health_unused(REQUEST *req)
{
	NEOERR *err = STATUS_OK;
	size_t ncaps;
	const struct capability *caps = user_capabilities(&ncaps);
	int row_n = 0, ro_n = 0;

	for (size_t c = 0; !err && c < ncaps; c++) {
		size_t u;
		DB_STMT *q;
		HDF *row;
		int n = 0;

		for (u = 0; u < N_USES && strcmp(uses[u].cap, caps[c].code); u++)
			;
		if (u == N_USES) {
			err = render_row(req->hdf, "Health.ReadOnly", ro_n++, &row);
			if (!err) err = hdf_set_value(row, "Cap", caps[c].code);
			continue;
		}
		err = db_prepare(&q, "SELECT u.login, u.display_name FROM users u JOIN role_capability rc"
				 " ON rc.role_id = u.role_id AND rc.cap = ? WHERE u.status = 'active'"
				 " AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.actor_id = u.id"
				 "  AND a.action IN (?, ?, ?, ?, ?) AND a.at > UTC_TIMESTAMP(6) - INTERVAL 90 DAY)"
				 " ORDER BY u.login LIMIT 50");
		if (err)
			break;
		db_bind_text(q, 1, caps[c].code);
		for (int i = 0; i < HEALTH_ACTIONS; i++)
			db_bind_text(q, 2 + i, uses[u].actions[i]);
		err = render_row(req->hdf, "Health.Unused", row_n, &row);
		if (!err) err = hdf_set_value(row, "Cap", caps[c].code);
		while (!err && db_step(q) == DB_ROW) {
			HDF *who;

			err = render_row(row, "People", n++, &who);
			if (!err) err = hdf_set_value(who, "Login", db_col_text(q, 0));
			if (!err) err = hdf_set_value(who, "Name", db_col_text(q, 1));
		}
		if (err) {
			db_finalize(q);
			break;
		}
		err = db_finalize(q);
		if (!err && n) {
			row_n++;
		} else if (!err) {
			char path[40];   /* built from our own row number */

			snprintf(path, sizeof(path), "Health.Unused.%d", row_n);
			err = hdf_remove_tree(req->hdf, path);
		}
	}
	return nerr_pass(err);
}

static NEOERR *health_query(REQUEST *req, const char *list, const char *sql,
			    const char *const *names, int nnames, const struct db_args *a)
{
	DB_STMT *q;
	NEOERR *err = db_prepare(&q, sql);

	if (err)
		return nerr_pass(err);
	if (a)
		db_bind_args(q, a, 1);
	return nerr_pass(render_rows(req->hdf, list, q, names, nnames, NULL));
}

/* The UTC offset of Site.TimeZone as "+08:00". */
static void health_site_offset(char *out, size_t n)
{
	REQUEST site;
	char probe[40];
	struct tm tm;
	time_t now = time(NULL);
	long off;

	memset(&site, 0, sizeof(site));   /* no user: render_time uses Site.TimeZone */
	render_time(&site, "1970-01-01 00:00:00", probe, sizeof(probe));
	localtime_r(&now, &tm);
	off = (tm.tm_gmtoff < 0 ? -tm.tm_gmtoff : tm.tm_gmtoff) % 86400;
	snprintf(out, n, "%c%02d:%02d", tm.tm_gmtoff < 0 ? '-' : '+', (int)(off / 3600),
		 (int)((off % 3600) / 60));
}

NEOERR *health_report(REQUEST *req)
{
	static const char *const esc_names[] = { "Login", "Name", "Requests", "Trips" };
	static const char *const odd_names[] = { "Id", "Login", "Action", "Object", "ObjectId", "Field", "At", "Hour" };
	static const char *const frozen_names[] = { "Login", "Name", "Status", "Grants", "Exports" };
	char offset[16], start[8], end[8];
	long ws = config_int("Health.WorkStart"), we = config_int("Health.WorkEnd");
	struct db_args odd = { 0 };
	NEOERR *err;

	err = health_unused(req);
	if (!err)
		err = health_query(req, "Health.Escalations",
			"SELECT u.login, u.display_name, COUNT(*),"
			" (SELECT COUNT(*) FROM security_alert a WHERE a.user_id = u.id"
			"  AND a.kind = 'escalation_burst' AND a.created_at > UTC_TIMESTAMP(6) - INTERVAL 30 DAY)"
			" FROM permission_request p JOIN users u ON u.id = p.user_id"
			" WHERE p.created_at > UTC_TIMESTAMP(6) - INTERVAL 30 DAY"
			" GROUP BY u.id, u.login, u.display_name HAVING COUNT(*) >= 3"
			" ORDER BY COUNT(*) DESC LIMIT 50", esc_names, 4, NULL);
	health_site_offset(offset, sizeof(offset));
	db_args_text(&odd, offset);
	db_args_text(&odd, offset);
	db_args_int(&odd, ws);
	db_args_int(&odd, we);
	snprintf(start, sizeof(start), "%ld", ws);
	snprintf(end, sizeof(end), "%ld", we);
	if (!err)
		err = health_query(req, "Health.OddHours",
			"SELECT a.id, a.actor_login, a.action, a.object_type, a.object_id, a.field,"
			" CONVERT_TZ(a.at, '+00:00', ?), HOUR(CONVERT_TZ(a.at, '+00:00', ?)) AS h"
			" FROM audit_log a WHERE a.action IN ('field.reveal', 'export.request', 'export.download',"
			"  'audit.export') AND a.at > UTC_TIMESTAMP(6) - INTERVAL 30 DAY"
			" HAVING h < ? OR h >= ?"
			" ORDER BY a.id DESC LIMIT 100", odd_names, 8, &odd);
	if (!err)
		err = health_query(req, "Health.Frozen",
			"SELECT u.login, u.display_name,"
			" CASE WHEN u.ops_frozen_at IS NOT NULL AND u.status = 'active' THEN 'ops_frozen' ELSE u.status END,"
			" (SELECT COUNT(*) FROM permission_request p WHERE p.user_id = u.id AND p.status = 'approved'"
			"  AND p.expires_at > UTC_TIMESTAMP(6)) AS g,"
			" (SELECT COUNT(*) FROM export_request e WHERE e.requester_id = u.id AND e.status = 'approved'"
			"  AND e.expires_at > UTC_TIMESTAMP(6)) AS x"
			" FROM users u WHERE (u.status <> 'active' OR u.ops_frozen_at IS NOT NULL)"
			" HAVING g > 0 OR x > 0 ORDER BY u.login LIMIT 100", frozen_names, 5, NULL);
	if (!err) err = hdf_set_value(req->hdf, "Health.WorkStart", start);
	if (!err) err = hdf_set_value(req->hdf, "Health.WorkEnd", end);
	if (!err) err = hdf_set_value(req->hdf, "Health.Zone", config_get("Site.TimeZone"));
	if (!err) err = hdf_set_value(req->hdf, "Page.Name", "health");
	req->template_name = "health.cs";
	return nerr_pass(err);
}
