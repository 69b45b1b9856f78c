/* migrate.c — applies sql/NNNN_name.sql in order, once each.
 *
 * Runs as the admin account (DB.AdminUser): the application account may not
 * change the schema.  Each file's SHA-256 is kept in schema_version so an
 * edited, already-applied migration is reported instead of silently ignored.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "config.h"
#include "db.h"
#include "err.h"
#include "log.h"
#include "migrate.h"

static int migrate_name_ok(const char *n)
{
	size_t l = strlen(n);

	if (l < 10 || strcmp(n + l - 4, ".sql"))
		return 0;
	for (int i = 0; i < 4; i++)
		if (n[i] < '0' || n[i] > '9')
			return 0;
	return n[4] == '_';
}

static int migrate_filter(const struct dirent *d)
{
	return migrate_name_ok(d->d_name);
}

static NEOERR *migrate_read(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;

	*buf = NULL;
	if (!f)
		return nerr_raise_errno(NERR_IO, "open %s", path);
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return nerr_raise_errno(NERR_IO, "size of %s", path);
	}
	*buf = malloc((size_t)n + 1);
	if (!*buf) {
		fclose(f);
		return nerr_raise(NERR_NOMEM, "%s", path);
	}
	if (fread(*buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(*buf);
		*buf = NULL;
		return nerr_raise_errno(NERR_IO, "read %s", path);
	}
	fclose(f);
	(*buf)[n] = '\0';
	*len = (size_t)n;
	return STATUS_OK;
}

NEOERR *migrate_run(int *applied)
{
	static const char create[] =
		"CREATE TABLE IF NOT EXISTS schema_version ("
		" version INT UNSIGNED NOT NULL PRIMARY KEY,"
		" name VARCHAR(200) NOT NULL,"
		" checksum CHAR(64) NOT NULL,"
		" applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
		") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";
	const char *dir = config_get("Paths.Sql");
	struct dirent **names = NULL;
	NEOERR *err;
	int n;

	*applied = 0;
	err = db_open(1);
	if (!err)
		err = db_exec_script(create, sizeof(create) - 1);
	if (err)
		return nerr_pass(err);
	n = scandir(dir, &names, migrate_filter, alphasort);
	if (n < 0)
		return nerr_raise_errno(NERR_IO, "cannot read %s", dir);
	for (int i = 0; i < n && !err; i++) {
		const char *name = names[i]->d_name;
		long long version = strtoll(name, NULL, 10);
		unsigned char hash[crypto_hash_sha256_BYTES];
		char hex[crypto_hash_sha256_BYTES * 2 + 1], path[1024];
		char *sql = NULL;
		size_t len = 0;
		DB_STMT *q;
		int found = 0;

		snprintf(path, sizeof(path), "%s/%s", dir, name);
		err = migrate_read(path, &sql, &len);
		if (err)
			break;
		crypto_hash_sha256(hash, (unsigned char *)sql, len);
		sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
		err = db_prepare(&q, "SELECT checksum FROM schema_version WHERE version = ?");
		if (!err) {
			db_bind_int(q, 1, version);
			if (db_step(q) == DB_ROW) {
				found = 1;
				if (strcmp(db_col_text(q, 0), hex))
					log_msg(LOG_WARNING, "migration %s changed after it was applied", name);
			}
			err = db_finalize(q);
		}
		if (!err && !found) {
			err = db_exec_script(sql, len);
			if (!err)
				err = db_execf(NULL, "INSERT INTO schema_version (version, name, checksum) VALUES (?, ?, ?)",
					       "itt", version, name, hex);
			if (!err) {
				(*applied)++;
				printf("applied %s\n", name);
			} else {
				err = nerr_pass_ctx(err, "migration %s", name);
			}
		}
		free(sql);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return nerr_pass(err);
}
