/* cli.c — `salesgate user add`, `salesgate audit verify`, `salesgate load-check`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit.h"
#include "cli.h"
#include "db.h"
#include "err.h"
#include "routing.h"
#include "user.h"
#include "validate.h"

static const char *opt(int argc, char **argv, const char *name)
{
	for (int i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	return NULL;
}

static int has(int argc, char **argv, const char *name)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

static int cli_fail(NEOERR **err)
{
	err_log_and_free(err);
	return 1;
}

int cli_user(int argc, char **argv)
{
	const char *login = opt(argc, argv, "--login");
	const char *role = opt(argc, argv, "--role");
	const char *name = opt(argc, argv, "--name");
	const char *team = opt(argc, argv, "--team");
	const char *region = opt(argc, argv, "--region");
	const char *manager = opt(argc, argv, "--manager");
	const char *msg;
	char pw[1024] = "", hash[crypto_pwhash_STRBYTES];
	unsigned long long id = 0;
	long long n;
	NEOERR *err;

	if (argc < 1 || strcmp(argv[0], "add") || !login || !role) {
		fputs("usage: salesgate user add --login LOGIN --role ROLE [--name NAME]\n"
		      "         [--team TEAM] [--region CODE] [--manager LOGIN] [--password-stdin]\n"
		      "Prints a generated password unless --password-stdin is given.\n", stderr);
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	err = validate_init();
	if (err)
		return cli_fail(&err);
	if (!validate("login", login, &msg)) {
		fprintf(stderr, "salesgate: bad login (lower-case letters, digits, _ . -)\n");
		return 2;
	}
	if (has(argc, argv, "--password-stdin")) {
		if (!fgets(pw, sizeof(pw), stdin)) {
			fprintf(stderr, "salesgate: no password on stdin\n");
			return 2;
		}
		pw[strcspn(pw, "\r\n")] = '\0';
		if (!validate("password", pw, &msg)) {
			fprintf(stderr, "salesgate: passwords are 8-128 characters\n");
			return 2;
		}
	} else {
		unsigned char r[12];

		randombytes_buf(r, sizeof(r));
		sodium_bin2base64(pw, sizeof(pw), r, sizeof(r),
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	}
	err = user_hash_password(pw, hash, sizeof(hash));
	if (!err)
		err = db_open(0);
	if (!err)
		err = db_int_query(&n, NULL, "SELECT COUNT(*) FROM role WHERE code = ?", "t", role);
	if (err)
		return cli_fail(&err);
	if (!n) {
		fprintf(stderr, "salesgate: no role %s (see the roles page or sql/0003_roles.sql)\n", role);
		return 2;
	}
	{
		/* A name that matches nothing would silently leave the person
		 * without a team, region or manager (and so without a scope). */
		static const struct {
			const char *opt, *sql;
		} refs[] = {
			{ "--team", "SELECT COUNT(*) FROM team WHERE name = ?" },
			{ "--region", "SELECT COUNT(*) FROM region WHERE code = ?" },
			{ "--manager", "SELECT COUNT(*) FROM users WHERE login = ?" },
		};

		for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
			const char *v = opt(argc, argv, refs[i].opt);

			if (!v)
				continue;
			err = db_int_query(&n, NULL, refs[i].sql, "t", v);
			if (err)
				return cli_fail(&err);
			if (!n) {
				fprintf(stderr, "salesgate: %s %s does not exist\n", refs[i].opt, v);
				return 2;
			}
		}
	}
	err = db_begin();
	if (!err)
		err = db_execf(&id,
			"INSERT INTO users (login, display_name, password_hash, role_id, team_id,"
			" region_id, manager_id, password_changed_at)"
			" SELECT ?, ?, ?, (SELECT id FROM role WHERE code = ?),"
			" (SELECT id FROM team WHERE name = ?), (SELECT id FROM region WHERE code = ?),"
			" (SELECT id FROM users WHERE login = ?), UTC_TIMESTAMP(6)",
			"ttttttt", login, name ? name : login, hash, role, team, region, manager);
	if (!err)
		err = user_tree_rebuild();
	if (!err) {
		struct audit_event ev = { "user.create", "user", (long long)id, NULL, NULL, login };

		err = audit_log_as(0, "cli", NULL, NULL, NULL, &ev);
	}
	if (err) {
		db_rollback();
		if (nerr_handle(&err, ERR_DUPLICATE)) {
			fprintf(stderr, "salesgate: login %s exists already\n", login);
			return 1;
		}
		return cli_fail(&err);
	}
	err = db_commit();
	if (err)
		return cli_fail(&err);
	if (has(argc, argv, "--password-stdin"))
		printf("user %s created (id %llu)\n", login, id);
	else
		printf("user %s created (id %llu); password: %s\n", login, id, pw);
	sodium_memzero(pw, sizeof(pw));
	return 0;
}

int cli_audit(int argc, char **argv)
{
	long long rows, bad;
	char why[200];
	NEOERR *err;

	if (argc < 1 || strcmp(argv[0], "verify")) {
		fputs("usage: salesgate audit verify\n", stderr);
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	err = db_open(0);
	if (!err)
		err = audit_seal(1);
	if (!err)
		err = audit_verify(&rows, &bad, why, sizeof(why));
	if (err)
		return cli_fail(&err);
	if (bad) {
		printf("BROKEN at row %lld: %s (%lld rows verified before it)\n", bad, why, rows);
		return 1;
	}
	printf("ok: %lld rows, chain intact\n", rows);
	return 0;
}

int cli_load_check(int argc, char **argv)
{
	int repair = has(argc, argv, "--repair"), n = 0, people = 0;
	struct routing_drift *d = NULL;
	NEOERR *err;

	if (argc > 1 || (argc == 1 && !repair)) {
		fputs("usage: salesgate load-check [--repair]\n", stderr);
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	err = db_open(0);
	if (!err)
		err = routing_load_check(repair, "cli", &d, &n, &people);
	if (err)
		return cli_fail(&err);
	for (int i = 0; i < n; i++) {
		if (d[i].missing)
			printf("user %lld (%s): no kept load, counted %lld%s\n", d[i].user_id,
			       d[i].login, d[i].real, repair ? " (repaired)" : "");
		else
			printf("user %lld (%s): kept %lld, counted %lld%s\n", d[i].user_id,
			       d[i].login, d[i].kept, d[i].real, repair ? " (repaired)" : "");
	}
	free(d);
	if (!n)
		printf("ok: %d people, every kept load matches\n", people);
	else
		printf("%s: %d of %d people's kept load differed\n", repair ? "repaired" : "DRIFT",
		       n, people);
	return n && !repair ? 1 : 0;
}
