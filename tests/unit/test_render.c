#include <stdlib.h>

#include <string.h>

#include "render.h"
#include "request.h"
#include "user.h"
#include "tap.h"

void test_render(void);

static NEOERR *out(void *ctx, char *s)
{
	return string_append((STRING *)ctx, s);
}

/* Renders a template string the way render_page() does. */
static char *render_string(HDF *hdf, const char *tpl, int lang)
{
	CSPARSE *cs = NULL;
	STRING s;
	NEOERR *err;
	char *copy = strdup(tpl);

	(void)lang;
	string_init(&s);
	err = hdf_set_value(hdf, "Config.VarEscapeMode", "html");
	if (!err)
		err = cs_init(&cs, hdf);
	if (!err)
		err = cgi_register_strfuncs(cs);
	if (!err)
		err = cs_parse_string(cs, copy, strlen(copy));   /* takes ownership */
	else
		free(copy);
	if (!err)
		err = cs_render(cs, &s, out);
	cs_destroy(&cs);
	if (err) {
		nerr_log_error(err);
		nerr_ignore(&err);
		string_clear(&s);
		return strdup("(error)");
	}
	return s.buf ? s.buf : strdup("");
}

/* render_time: UTC from MariaDB to the reader's zone, digits by hand. */
static void test_render_time(void)
{
	static const struct {
		const char *tz, *utc, *want;
	} cases[] = {
		{ "Asia/Shanghai", "2026-01-02 03:04:05.123456", "2026-01-02 11:04" },
		{ "Asia/Shanghai", "2026-12-31 20:30:00", "2027-01-01 04:30" },
		{ "Asia/Shanghai", "2026-01-02 03:04", "2026-01-02 11:04" },
		{ "Asia/Shanghai", "2026-01-02", "2026-01-02 08:00" },
		{ "America/New_York", "2026-07-01 12:00:00", "2026-07-01 08:00" },
		{ "America/New_York", "2026-01-01 12:00:00", "2026-01-01 07:00" },
		/* the day daylight saving starts (07:00 UTC): either side of
		 * the switch, and a day later, after the day's offset is cached */
		{ "America/New_York", "2026-03-08 06:30:00", "2026-03-08 01:30" },
		{ "America/New_York", "2026-03-08 07:30:00", "2026-03-08 03:30" },
		{ "America/New_York", "2026-03-09 06:30:00", "2026-03-09 02:30" },
		{ "America/New_York", "2026-03-08 06:59:59", "2026-03-08 01:59" },
		{ "America/New_York", "2026-01-01 12:00:00", "2026-01-01 07:00" },
		{ "UTC", "2026-02-28 23:59:59", "2026-02-28 23:59" },
		{ "Asia/Shanghai", "not a time", "not a time" },
		{ "Asia/Shanghai", "2026-1x-02 03:04:05", "2026-1x-02 03:04:05" },
		{ "Asia/Shanghai", "2026-01-02 0x:04:05", "2026-01-02 08:00" },
		{ "Asia/Shanghai", "", "" },
	};
	struct user u;
	REQUEST req;
	char out[40];

	memset(&u, 0, sizeof(u));
	memset(&req, 0, sizeof(req));
	req.user = &u;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(u.tz, sizeof(u.tz), "%s", cases[i].tz);
		render_time(&req, cases[i].utc, out, sizeof(out));
		char name[160];

		snprintf(name, sizeof(name), "render_time \"%s\" in %s", cases[i].utc, cases[i].tz);
		CHECK_STR(out, cases[i].want, name);
	}
	render_time(&req, "2026-01-02 03:04:05", out, 8);
	CHECK(strlen(out) < 8, "render_time: a short buffer is respected");
}

void test_render(void)
{
	HDF *hdf = NULL;
	char *r;

	test_render_time();

	CHECK(render_lang_from_header("en-US,en;q=0.9", LANG_ZH_CN) == LANG_EN, "lang: en-US");
	CHECK(render_lang_from_header("zh-CN,zh;q=0.9,en;q=0.8", LANG_EN) == LANG_ZH_CN, "lang: zh-CN first");
	CHECK(render_lang_from_header("fr-FR, en;q=0.5, zh;q=0.7", LANG_EN) == LANG_ZH_CN, "lang: by q");
	CHECK(render_lang_from_header("fr-FR", LANG_ZH_CN) == LANG_ZH_CN, "lang: none supported → default");
	CHECK(render_lang_from_header("en;q=0", LANG_ZH_CN) == LANG_ZH_CN, "lang: q=0 means not wanted");
	CHECK(render_lang_from_header("zh-Hans-CN", LANG_EN) == LANG_ZH_CN, "lang: zh-Hans-CN");
	CHECK(render_lang_from_header("english", LANG_ZH_CN) == LANG_ZH_CN, "lang: 'english' is not en");
	CHECK(render_lang_from_header(NULL, LANG_EN) == LANG_EN, "lang: no header");
	CHECK(render_lang_from_header(";;;,,,q=", LANG_EN) == LANG_EN, "lang: garbage");
	CHECK(render_lang_index("zh-CN") == LANG_ZH_CN && render_lang_index("xx") == -1, "lang: index");

	hdf_init(&hdf);
	hdf_set_value(hdf, "X", "<script>alert(\"1\")</script>&'");
	r = render_string(hdf, "<?cs var:X ?>", 0);
	CHECK(!strstr(r, "<script>") && strstr(r, "&lt;script&gt;") && strstr(r, "&quot;"),
	      "render: var: is HTML-escaped by default");
	free(r);
	r = render_string(hdf, "<a href=\"/x?q=<?cs var:url_escape(X) ?>\">", 0);
	CHECK(strstr(r, "%3Cscript%3E") != NULL, "render: url_escape is registered");
	free(r);
	r = render_string(hdf, "<?cs var:js_escape(X) ?>", 0);
	CHECK(strstr(r, "\\x3Cscript") != NULL || strstr(r, "\\x3cscript") != NULL,
	      "render: js_escape is registered");
	free(r);
	hdf_destroy(&hdf);
}
