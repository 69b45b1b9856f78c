#include <string.h>

#include "auditview.h"
#include "tap.h"

void test_auditview(void);

static const char *cell(STRING *s, const char *v)
{
	string_clear(s);
	string_init(s);
	if (auditview_csv_cell(s, v, v ? strlen(v) : 0))
		return "(error)";
	return s->buf ? s->buf : "";
}

static const char *esc(STRING *s, const char *v)
{
	string_clear(s);
	string_init(s);
	if (auditview_url_escape(s, v))
		return "(error)";
	return s->buf ? s->buf : "";
}

void test_auditview(void)
{
	STRING s;

	string_init(&s);
	CHECK_STR(cell(&s, "plain"), "plain", "csv cell: plain text as is");
	CHECK_STR(cell(&s, NULL), "", "csv cell: NULL is empty");
	CHECK_STR(cell(&s, ""), "", "csv cell: empty is empty");
	CHECK_STR(cell(&s, "a,b"), "\"a,b\"", "csv cell: a comma is quoted");
	CHECK_STR(cell(&s, "say \"hi\""), "\"say \"\"hi\"\"\"", "csv cell: quotes doubled inside quotes");
	CHECK_STR(cell(&s, "\"\""), "\"\"\"\"\"\"", "csv cell: only quotes");
	CHECK_STR(cell(&s, "two\nlines"), "\"two\nlines\"", "csv cell: LF is quoted");
	CHECK_STR(cell(&s, "=1+2"), "'=1+2", "csv cell: = neutralised");
	CHECK_STR(cell(&s, "+1"), "'+1", "csv cell: + neutralised");
	CHECK_STR(cell(&s, "-1"), "'-1", "csv cell: - neutralised");
	CHECK_STR(cell(&s, "@SUM(A1)"), "'@SUM(A1)", "csv cell: @ neutralised");
	CHECK_STR(cell(&s, "\tx"), "'\tx", "csv cell: tab neutralised");
	CHECK_STR(cell(&s, "\rx"), "\"'\rx\"", "csv cell: CR neutralised and quoted");
	CHECK_STR(cell(&s, "=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"",
		  "csv cell: formula with quotes and a comma: quoted, quote prefix inside");
	CHECK_STR(cell(&s, "a=b"), "a=b", "csv cell: = later in the cell is text");
	CHECK_STR(cell(&s, "张伟"), "张伟", "csv cell: UTF-8 as is");
	CHECK_STR(esc(&s, "login.ok_x-1"), "login.ok_x-1", "url escape: safe characters kept");
	CHECK_STR(esc(&s, "a&b=c d/%"), "a%26b%3Dc%20d%2F%25", "url escape: & = space / % encoded");
	CHECK_STR(esc(&s, "::1"), "%3A%3A1", "url escape: IPv6 colons");
	CHECK_STR(esc(&s, "张"), "%E5%BC%A0", "url escape: UTF-8 bytes");
	CHECK_STR(esc(&s, "<\"'>"), "%3C%22%27%3E", "url escape: nothing HTML-special survives");
	string_clear(&s);
}
