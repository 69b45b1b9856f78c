/* Handoff packages (R6.1/R6.2): the countdown in working time and the
 * admin's item lines. */
#include <string.h>

#include "clock.h"
#include "handoff.h"
#include "sla.h"
#include "tap.h"

void test_handoff(void);

void test_handoff(void)
{
	struct sla_calendar c;
	char out[101];
	long left, late;
	/* Monday 2026-11-23, offset 0, 09:00-18:00 Mon-Fri */
	time_t mon10 = clock_parse("2026-11-23 10:00:00");
	time_t mon17 = clock_parse("2026-11-23 17:00:00");
	time_t tue11 = clock_parse("2026-11-24 11:00:00");
	time_t mon20 = clock_parse("2026-11-23 20:00:00");

	CHECK(sla_calendar_parse(&c, "09:00-18:00", "12345", 0) == 0, "handoff: calendar");
	handoff_countdown(&c, mon10, mon17, 1, &left, &late);
	CHECK(left == 7 * 3600 && late == 0, "handoff: 7 working hours left");
	/* a 4 h SLA sent at 17:00 is due 12:00 next day; at 20:00 the clock waits */
	CHECK(sla_add_work(&c, mon17, 4 * 3600) == clock_parse("2026-11-24 12:00:00"),
	      "handoff: 4 working hours from 17:00 end at 12:00 the next day");
	handoff_countdown(&c, mon20, clock_parse("2026-11-24 12:00:00"), 1, &left, &late);
	CHECK(left == 3 * 3600 && late == 0, "handoff: in the evening 3 working hours remain");
	handoff_countdown(&c, tue11, mon17, 1, &left, &late);
	CHECK(left == 0 && late == 3 * 3600, "handoff: 17:00 → next day 11:00 is 3 working hours late");
	handoff_countdown(&c, tue11, mon17, 0, &left, &late);
	CHECK(left == 0 && late == 0, "handoff: a closed package has no clock");
	handoff_countdown(&c, mon20, clock_parse("2026-11-23 18:00:00"), 1, &left, &late);
	CHECK(left == 0 && late == 1, "handoff: past due outside working hours still shows as late");

	CHECK(handoff_item_line("  客户需求清单 \r", strlen("  客户需求清单 \r"), out, sizeof(out)) == 1
	      && !strcmp(out, "客户需求清单"), "handoff: a required item, trimmed");
	CHECK(handoff_item_line("? 补充说明", strlen("? 补充说明"), out, sizeof(out)) == 0
	      && !strcmp(out, "补充说明"), "handoff: '?' marks an optional item");
	CHECK(handoff_item_line("   ", 3, out, sizeof(out)) == -1 && handoff_item_line("?", 1, out, sizeof(out)) == -1,
	      "handoff: blank lines are no items");
	CHECK(handoff_item_line("abcdef", 6, out, 4) == 1 && !strcmp(out, "abc"), "handoff: long labels are cut");
}
