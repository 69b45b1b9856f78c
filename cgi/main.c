/* main.c — the command line: serve, migrate, seed-demo, health; or, with no
 * arguments, one CGI request (or a FastCGI worker on fd 0 when a web server
 * such as mod_fcgid starts us with a listening socket). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "audit.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "grading.h"
#include "heat.h"
#include "err.h"
#include "log.h"
#include "migrate.h"
#include "scheduler.h"
#include "seed.h"
#include "server.h"

static const char usage[] =
	"usage: salesgate COMMAND [-c CONFIG]\n"
	"\n"
	"commands:\n"
	"  serve        run the FastCGI master and its workers (foreground)\n"
	"  migrate      apply the SQL migrations (as DB.AdminUser)\n"
	"  seed-demo    create the demo company once\n"
	"  health       exit 0 when the database answers\n"
	"  user add     create a user: --login L --role R [--name N] [--team T]\n"
	"               [--region CODE] [--manager LOGIN] [--password-stdin]\n"
	"  audit verify walk the audit chain; exit 1 and name the first bad row\n"
	"  config       print the effective configuration (secrets hidden)\n"
	"  tick         run the scheduler's due jobs once (for cron); --force: all jobs\n"
	"  grade        grade every customer now (the weekly customer_grading job)\n"
	"  heat         rebuild the dashboard heat maps' summaries now (job heat_refresh)\n"
	"  help         this text\n"
	"\n"
	"With no command, answers one CGI request (REQUEST_METHOD, PATH_INFO, ...\n"
	"from the environment) or, given a listening socket on stdin, serves\n"
	"FastCGI.  CONFIG defaults to $SALESGATE_CONFIG, then " CONFIG_DEFAULT_PATH ".\n";

/* Every command's audit rows are sealed before it ends (audit.h). */
static void main_close(void)
{
	if (audit_has_unsealed()) {
		NEOERR *err = audit_seal(1);

		if (err)
			err_log_and_free(&err);
	}
	db_close();
}

static int fail(NEOERR **err)
{
	err_log_and_free(err);
	return 1;
}

static int cmd_config(void)
{
	STRING s;
	NEOERR *err;
	HDF *copy = NULL;

	string_init(&s);
	err = hdf_init(&copy);
	if (!err)
		err = hdf_copy(copy, "", config_hdf());
	if (!err && *config_get("DB.Password"))
		err = hdf_set_value(copy, "DB.Password", "(hidden)");
	if (!err && *config_get("DB.AdminPassword"))
		err = hdf_set_value(copy, "DB.AdminPassword", "(hidden)");
	if (!err)
		err = hdf_dump_str(copy, NULL, 2, &s);
	if (!err)
		fputs(s.buf ? s.buf : "", stdout);
	string_clear(&s);
	hdf_destroy(&copy);
	return err ? fail(&err) : 0;
}

int main(int argc, char **argv)
{
	const char *cmd = NULL, *conf = NULL;
	char *rest[64];
	int nrest = 0;
	NEOERR *err;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") && i + 1 < argc)
			conf = argv[++i];
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			cmd = "help";
		else if (!cmd)
			cmd = argv[i];
		else if (nrest < 63)
			rest[nrest++] = argv[i];
		else {
			fprintf(stderr, "salesgate: too many arguments\n\n%s", usage);
			return 2;
		}
	}
	rest[nrest] = NULL;
	if (nrest && cmd && strcmp(cmd, "user") && strcmp(cmd, "audit") &&
	    !(!strcmp(cmd, "tick") && nrest == 1 && !strcmp(rest[0], "--force"))) {
		fprintf(stderr, "salesgate: unexpected argument %s\n\n%s", rest[0], usage);
		return 2;
	}
	if (cmd && !strcmp(cmd, "help")) {
		fputs(usage, stdout);
		return 0;
	}
	err = err_init();
	if (!err)
		err = config_load(conf);
	if (err)
		return fail(&err);

	if (!cmd) {
		if (FCGX_IsCGI())
			return server_cgi();
		return server_worker(STDIN_FILENO);
	}
	if (!strcmp(cmd, "serve"))
		return server_run();
	if (!strcmp(cmd, "config"))
		return cmd_config();
	if (!strcmp(cmd, "migrate")) {
		int n;

		err = migrate_run(&n);
		main_close();
		if (err)
			return fail(&err);
		printf("%d migration(s) applied\n", n);
		return 0;
	}
	if (!strcmp(cmd, "seed-demo")) {
		int seeded;

		err = seed_demo(&seeded);
		main_close();
		if (err)
			return fail(&err);
		printf("%d part(s) of the demo seeded\n", seeded);
		return 0;
	}
	if (!strcmp(cmd, "health")) {
		err = db_ping();
		main_close();
		if (err)
			return fail(&err);
		puts("ok");
		return 0;
	}
	if (!strcmp(cmd, "tick")) {
		int ran = 0, locked = 0;

		err = server_app_init();   /* language tables for outgoing messages */
		if (!err)
			err = scheduler_tick(nrest == 1, &ran, &locked);
		server_app_fini();
		main_close();
		if (err)
			return fail(&err);
		if (!locked)
			puts("another scheduler holds the lock; nothing run");
		else
			printf("%d job(s) run\n", ran);
		return 0;
	}
	if (!strcmp(cmd, "heat")) {
		char summary[200] = "";

		err = heat_refresh(1, summary, sizeof(summary));
		db_close();
		if (err)
			return fail(&err);
		puts(summary);
		return 0;
	}
	if (!strcmp(cmd, "grade")) {
		char summary[200] = "";

		err = server_app_init();   /* the task title's language table */
		if (!err)
			err = grading_run(1, summary, sizeof(summary));
		server_app_fini();
		main_close();
		if (err)
			return fail(&err);
		puts(summary);
		return 0;
	}
	if (!strcmp(cmd, "user")) {
		rc = cli_user(nrest, rest);
		main_close();
		return rc;
	}
	if (!strcmp(cmd, "audit")) {
		rc = cli_audit(nrest, rest);
		main_close();
		return rc;
	}
	fprintf(stderr, "salesgate: unknown command %s\n\n%s", cmd, usage);
	rc = 2;
	return rc;
}
