#include <limits.h>
#include <stdio.h>

#include "success.h"
#include "tap.h"

void test_success(void);

void test_success(void)
{
	CHECK(success_days_between("2026-01-01", "2026-01-01") == 0, "the same day is 0 days");
	CHECK(success_days_between("2026-01-01", "2026-03-22") == 80, "1 Jan to 22 Mar is 80 days");
	CHECK(success_days_between("2026-03-22", "2026-01-01") == -80, "backwards is negative");
	CHECK(success_days_between("2024-02-28", "2024-03-01") == 2, "a leap year's 29 Feb counts");
	CHECK(success_days_between("2025-12-31", "2026-12-31") == 365, "a year is 365 days");
	CHECK(success_days_between("2026-13-01", "2026-01-01") == INT_MIN, "month 13 is refused");
	CHECK(success_days_between("2026-01-01x", "2026-01-01") == INT_MIN, "trailing text is refused");
	CHECK(success_days_between(NULL, "2026-01-01") == INT_MIN, "no date is refused");
	CHECK(success_days_between("", "2026-01-01") == INT_MIN, "an empty date is refused");
}
