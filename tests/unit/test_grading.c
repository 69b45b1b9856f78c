#include <string.h>

#include "grading.h"
#include "tap.h"

void test_grading(void);

void test_grading(void)
{
	char cand = 0;
	int runs = 0;

	CHECK(grading_letter(80, 75, 55, 35) == 'A', "grading: 80 is A");
	CHECK(grading_letter(75, 75, 55, 35) == 'A', "grading: the threshold itself counts");
	CHECK(grading_letter(74.9, 75, 55, 35) == 'B', "grading: 74.9 is B");
	CHECK(grading_letter(35, 75, 55, 35) == 'C', "grading: 35 is C");
	CHECK(grading_letter(0, 75, 55, 35) == 'D', "grading: 0 is D");

	CHECK(grading_step(0, 'B', &cand, &runs) == 'B', "grading: no grade yet: the first at once");
	CHECK(grading_step('A', 'A', &cand, &runs) == 0 && !cand && !runs, "grading: same grade: nothing pending");
	CHECK(grading_step('A', 'C', &cand, &runs) == 0 && cand == 'C' && runs == 1,
	      "grading: one run below A: pending, not changed");
	CHECK(grading_step('A', 'B', &cand, &runs) == 'B' && !cand && !runs,
	      "grading: the second run below A changes it to the latest target");
	cand = 0; runs = 0;
	CHECK(grading_step('B', 'A', &cand, &runs) == 0 && runs == 1, "grading: one run above B: pending");
	CHECK(grading_step('B', 'C', &cand, &runs) == 0 && cand == 'C' && runs == 1,
	      "grading: then below B: the count starts again");
	CHECK(grading_step('B', 'B', &cand, &runs) == 0 && !cand && !runs, "grading: back to B clears it");
	CHECK(grading_step('B', 'D', &cand, &runs) == 0, "grading: a single dip is not a change");
	CHECK(grading_step('B', 'B', &cand, &runs) == 0, "grading: recovered");
	CHECK(grading_step('B', 'D', &cand, &runs) == 0 && runs == 1, "grading: one dip again counts from 1");
}
