#include <mysql.h>
#include <string.h>

#include "db.h"
#include "tap.h"

void test_db(void);

/* db_time_text writes what the connector's text conversion wrote before
 * (and what MariaDB's text protocol sends): pages, cursors and render_time
 * read these strings. */
void test_db(void)
{
	MYSQL_TIME t;
	char out[32];
	size_t n;

	memset(&t, 0, sizeof(t));
	t.year = 2026; t.month = 11; t.day = 3; t.hour = 7; t.minute = 5; t.second = 9;
	t.second_part = 42;
	t.time_type = MYSQL_TIMESTAMP_DATETIME;
	n = db_time_text(&t, 7, out);
	CHECK(!strcmp(out, "2026-11-03 07:05:09.000042") && n == 26, "db: DATETIME(6) as text");
	n = db_time_text(&t, 1, out);
	CHECK(!strcmp(out, "2026-11-03 07:05:09") && n == 19, "db: DATETIME as text, no fraction");
	n = db_time_text(&t, 4, out);
	CHECK(!strcmp(out, "2026-11-03 07:05:09.000") && n == 23, "db: DATETIME(3) keeps three digits");
	n = db_time_text(&t, 'D', out);
	CHECK(!strcmp(out, "2026-11-03") && n == 10, "db: DATE as text");
	memset(&t, 0, sizeof(t));
	db_time_text(&t, 1, out);
	CHECK(!strcmp(out, "0000-00-00 00:00:00"), "db: the zero datetime");
	t.year = 9999; t.month = 12; t.day = 31; t.hour = 23; t.minute = 59; t.second = 59;
	t.second_part = 999999;
	db_time_text(&t, 7, out);
	CHECK(!strcmp(out, "9999-12-31 23:59:59.999999"), "db: the last datetime");
}
