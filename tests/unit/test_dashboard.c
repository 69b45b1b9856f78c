#include <stdio.h>
#include <string.h>

#include "dashsum.h"
#include "heat.h"
#include "pages.h"
#include "tap.h"

void test_dashboard(void);

void test_dashboard(void)
{
	double none[1] = { 0 };
	double odd[] = { 5, 1, 3 };
	double even[] = { 4 * 86400.0, 3 * 86400.0, 5 * 86400.0, 4 * 86400.0 };

	CHECK(dashboard_median(none, 0) == 0, "median of nothing is 0");
	CHECK(dashboard_median(odd, 3) == 3, "median of an odd count is the middle value");
	CHECK(dashboard_median(even, 4) == 4 * 86400.0, "median of an even count averages the middle two");
	CHECK(odd[0] + odd[1] + odd[2] == 9, "the values are only reordered");
	{
		/* the quickselect median against a sorted copy, many sizes, with ties */
		double v[301], w[301];
		unsigned r = 12345;
		int bad = 0;

		for (int n = 1; n <= 301; n += 7) {
			for (int i = 0; i < n; i++) {
				r = r * 1103515245u + 12345u;
				v[i] = w[i] = (double)((r >> 8) % 97);
			}
			for (int i = 1; i < n; i++)   /* insertion sort of the copy */
				for (int j = i; j > 0 && w[j - 1] > w[j]; j--) {
					double t = w[j];

					w[j] = w[j - 1];
					w[j - 1] = t;
				}
			if (dashboard_median(v, n) != (n % 2 ? w[n / 2] : (w[n / 2 - 1] + w[n / 2]) / 2))
				bad++;
			r = r * 1103515245u + 12345u;
			if (dashsum_select(v, n, (int)(r % (unsigned)n)) != w[r % (unsigned)n])
				bad++;
		}
		CHECK(bad == 0, "quickselect medians and k-th values equal a sorted copy's (43 sizes, with ties)");
	}
	CHECK(dashboard_conversion(0, 0) == -1, "no conversion from an empty stage");
	CHECK(dashboard_conversion(4, 2) == 50, "2 of 4 is 50%");
	CHECK(dashboard_conversion(3, 2) == 67, "2 of 3 rounds to 67%");
	CHECK(dashboard_conversion(3, 1) == 33, "1 of 3 rounds to 33%");
	CHECK(dashboard_conversion(2, 5) == 100, "never more than 100%");
	CHECK(dashboard_conversion(7, 0) == 0, "none on is 0%");
	CHECK(dashboard_heat_level(30) == 0, "a 30-minute first response is green");
	CHECK(dashboard_heat_level(120) == 0, "2 h is still green");
	CHECK(dashboard_heat_level(121) == 1, "just over 2 h is amber");
	CHECK(dashboard_heat_level(480) == 1, "8 h is amber");
	CHECK(dashboard_heat_level(481) == 2, "over 8 h is red");
	{
		double sd[] = { 1, 1, 9, 1 }, one[] = { 5 };

		CHECK(dashboard_stddev(sd, 0) == 0, "the deviation of nothing is 0");
		CHECK(dashboard_stddev(one, 1) == 0, "one value has no deviation");
		CHECK(dashboard_stddev(sd, 4) > 3.464 && dashboard_stddev(sd, 4) < 3.465,
		      "1, 1, 9, 1 days: sqrt(12) = 3.46 (population)");
	}
	CHECK(review_selfcheck_band(10) == 0 && review_selfcheck_band(34) == 0, "a self-check under 35: harden now");
	CHECK(review_selfcheck_band(35) == 1 && review_selfcheck_band(41) == 1, "35 to 41: keep building");
	CHECK(review_selfcheck_band(42) == 2 && review_selfcheck_band(50) == 2, "42 and over: advanced");
	CHECK(dashboard_proposal_level(72 * 60) == 0, "a proposal within 3 days is green");
	CHECK(dashboard_proposal_level(72 * 60 + 1) == 1, "just over 3 days is amber");
	CHECK(dashboard_proposal_level(168 * 60) == 1, "7 days is amber");
	CHECK(dashboard_proposal_level(168 * 60 + 1) == 2, "over 7 days is red");
	CHECK(dashboard_objection_level(15) == 0, "1.5 objection rounds is green");
	CHECK(dashboard_objection_level(16) == 1, "1.6 rounds is amber");
	CHECK(dashboard_objection_level(30) == 1, "3 rounds is amber");
	CHECK(dashboard_objection_level(31) == 2, "over 3 rounds is red");
	{
		char w[12];
		time_t t = 1795977000;   /* 2026-11-29 18:30 UTC */

		heat_week_start(t, 0, w, sizeof(w));
		CHECK(!strcmp(w, "2026-11-23"), "this week's window starts 6 days before today");
		heat_week_start(t, 7, w, sizeof(w));
		CHECK(!strcmp(w, "2026-10-05"), "the eighth window back starts 55 days before today");
		heat_week_start(1795910400, 0, w, sizeof(w));   /* 2026-11-29 00:00 */
		CHECK(!strcmp(w, "2026-11-23"), "midnight is still the same day");
		heat_week_start(1795910399, 0, w, sizeof(w));
		CHECK(!strcmp(w, "2026-11-22"), "one second before, the windows move back a day");
	}

	{
		int p[3];
		char w[16];

		CHECK(dashboard_health_score(-1, 0, 0, 0, 0, p) == 100, "nothing to judge is 100");
		CHECK(dashboard_health_score(0, 10, 10, 20, 10, p) == 100 && p[0] == 100 && p[1] == 100 && p[2] == 100,
		      "team-like stays, all tasks on time, two interactions per deal: 100");
		CHECK(dashboard_health_score(0.5, 5, 10, 10, 10, p) == 50 && p[0] == 50 && p[1] == 50 && p[2] == 50,
		      "half everywhere is 50");
		CHECK(dashboard_health_score(2.0, 0, 4, 0, 3, p) == 0 && p[0] == 0,
		      "a deviation over 100% floors at 0");
		CHECK(dashboard_health_score(0, 4, 4, 50, 3, p) == 100 && p[2] == 100, "interactions cap at 100");
		CHECK(dashboard_health_score(0.25, 3, 4, 3, 3, p) == 68 && p[0] == 75 && p[1] == 75 && p[2] == 50,
		      "0.4*75 + 0.3*75 + 0.3*50 = 67.5 rounds to 68: below 70");
		CHECK(dashboard_health_score(0.2, 9, 10, 5, 3, p) == 84 && p[2] == 83,
		      "0.4*80 + 0.3*90 + 0.3*83.3 = 84");
		dashboard_period(1795392000LL, w, sizeof(w));   /* 2026-11-23, a Monday */
		CHECK(!strcmp(w, "2026-W48"), "the ISO week of 2026-11-23 is 2026-W48");
		dashboard_period(1767139200LL, w, sizeof(w));   /* 2025-12-31 */
		CHECK(!strcmp(w, "2026-W01"), "2025-12-31 is in ISO week 2026-W01");
	}
}
