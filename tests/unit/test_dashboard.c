#include <stdio.h>

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
	CHECK(odd[0] == 1 && odd[2] == 5, "the values end up sorted");
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
}
