/* config.c — defaults for every key live here and nowhere else. */
#include <stdlib.h>
#include <string.h>

#include "config.h"

/* Where `make install` put templates/ and sql/ (PREFIX/share/salesgate). */
#ifndef SG_DATADIR
#define SG_DATADIR "/usr/local/share/salesgate"
#endif

static HDF *config_tree;
static char config_file[1024];

/* Every key the program reads, with its default.  etc/salesgate.hdf
 * documents the same list for hosts. */
static const char *const config_defaults[][2] = {
	{ "DB.Socket", "/run/mysqld/mysqld.sock" },
	{ "DB.Host", "" },
	{ "DB.Port", "3306" },
	{ "DB.Name", "salesgate" },
	{ "DB.User", "salesgate" },
	{ "DB.Password", "" },
	{ "DB.AdminUser", "root" },
	{ "DB.AdminPassword", "" },
	{ "DB.ConnectTimeout", "3" },
	{ "DB.PageStatementSeconds", "30" },
	{ "Server.Listen", "/run/salesgate/salesgate.sock" },
	{ "Server.SocketMode", "0660" },
	{ "Server.SocketGroup", "www-data" },
	{ "Server.Backlog", "256" },
	{ "Server.Workers", "0" },
	{ "Server.PidFile", "" },
	{ "Server.GraceSeconds", "30" },
	{ "Paths.Templates", SG_DATADIR "/templates" },
	{ "Paths.Sql", SG_DATADIR "/sql" },
	{ "Paths.Uploads", "/var/lib/salesgate/uploads" },
	{ "HTTP.MaxBody", "10485760" },
	{ "HTTP.MaxParams", "1000" },
	{ "Site.DefaultLang", "zh-CN" },
	{ "Site.TimeZone", "Asia/Shanghai" },
	{ "Session.IdleMinutes", "30" },
	{ "Session.AbsoluteHours", "12" },
	{ "Login.MaxFailuresPerMinute", "5" },
	{ "Import.DailyLimit", "200" },
	{ "Reveal.PerHour", "20" },
	{ "Export.LinkHours", "24" },
	/* the customer-facing visit summary (summary.c) */
	{ "Summary.LogoMaxBytes", "524288" },
	{ "Summary.Font", "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif" },
	{ "Summary.PdfHelper", "" },       /* "": salesgate-pdf beside the executable */
	{ "Summary.PdfSeconds", "20" },    /* then the helper is killed: 503 */
	{ "Export.Approver", "" },
	{ "Export.ClaimMinutes", "30" },
	{ "FourEyes.Types", "quote,key_contact,tech_agreement" },
	{ "Health.WorkStart", "9" },
	{ "Health.WorkEnd", "19" },
	{ "Form.MinSeconds", "3" },
	{ "Form.PerMinutePerAddress", "5" },
	{ "Demo.Password", "sg-demo-2026" },
	{ "LDAP.URI", "" },
	{ "LDAP.StartTLS", "1" },
	{ "LDAP.AllowPlain", "0" },
	{ "LDAP.CACertFile", "" },
	{ "LDAP.BaseDN", "" },
	{ "LDAP.BindDN", "" },
	{ "LDAP.BindPassword", "" },
	{ "LDAP.UserFilter", "(&(objectClass=inetOrgPerson)(uid=%s))" },
	{ "LDAP.NameAttr", "displayName" },
	{ "LDAP.MailAttr", "mail" },
	{ "LDAP.MemberOfAttr", "" },
	{ "LDAP.GroupBaseDN", "" },
	{ "LDAP.GroupFilter", "(&(objectClass=groupOfNames)(member=%s))" },
	{ "LDAP.TimeoutSeconds", "5" },
	{ "Scheduler.IntervalSeconds", "60" },
	{ "Tasks.EscalateHours", "24" },
	{ "Notify.Sendmail", "" },
	{ "Notify.From", "salesgate@localhost" },
	{ "Notify.BaseUrl", "" },
	{ "Notify.Lang", "zh-CN" },
	{ "SLA.WorkHours", "" },
	{ "SLA.WorkDays", "12345" },
	{ "Credibility.RepeatMax", "2" },
	{ "Credibility.BurstMax", "4" },
	{ "Credibility.RatioMinActions", "10" },
};

NEOERR *config_load(const char *path_in)
{
	NEOERR *err;
	HDF *tree = NULL;
	char path_buf[sizeof(config_file)];
	const char *path = NULL;
	int named = path_in != NULL;

	/* A reload passes config_path() itself: copy it before it is replaced. */
	if (path_in) {
		snprintf(path_buf, sizeof(path_buf), "%s", path_in);
		path = path_buf;
	}

	if (!path)
		path = getenv("SALESGATE_CONFIG");
	if (path)
		named = 1;
	else
		path = CONFIG_DEFAULT_PATH;

	err = hdf_init(&tree);
	if (err)
		return nerr_pass(err);
	for (size_t i = 0; i < sizeof(config_defaults) / sizeof(config_defaults[0]); i++) {
		err = hdf_set_value(tree, config_defaults[i][0], config_defaults[i][1]);
		if (err)
			goto fail;
	}
	err = hdf_read_file(tree, path);
	if (err) {
		if (!named && nerr_handle(&err, NERR_NOT_FOUND))
			err = STATUS_OK;
		else
			goto fail;
	}
	hdf_destroy(&config_tree);
	config_tree = tree;
	snprintf(config_file, sizeof(config_file), "%s", path);
	return STATUS_OK;
fail:
	hdf_destroy(&tree);
	return nerr_pass_ctx(err, "reading config %s", path);
}

HDF *config_hdf(void)
{
	return config_tree;
}

const char *config_get(const char *key)
{
	return hdf_get_value(config_tree, key, "");
}

long config_int(const char *key)
{
	const char *v = config_get(key);
	char *end;
	long n = strtol(v, &end, 0);

	return (*v && *end == '\0') ? n : 0;
}

const char *config_path(void)
{
	return config_file;
}

void config_free(void)
{
	hdf_destroy(&config_tree);
}
