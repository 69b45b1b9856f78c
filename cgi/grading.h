/* grading.h — customer grading (R7.1–R7.3).
 *
 * A weekly run scores every customer from three dimensions (0–100 each):
 * base = 30 per won deal + 1 per 50,000 of won amount (at most 40), capped
 * at 100; activity = 10 per interaction in the last 90 days, capped at 100;
 * potential = the signal an admin entered (customer_potential, 0 without).
 * The score is their weighted mean (weights on /admin/grading); the target
 * grade is A/B/C/D by the thresholds there.  A grade changes only when the
 * target differs from it on two consecutive runs (a customer without a
 * grade gets its first at once); every change is a grade_history row,
 * shown on the customer page.  "Consecutive" means the threshold was
 * crossed the same way (up or down) on both runs; the new grade is the
 * latest run's target.  A/B customers whose last interaction is 90
 * days old get one task due in 3 days on their latest deal (once per
 * silence: the key is the last interaction's time).  All of it is a few
 * set-based statements (no per-customer loop): `salesgate grade`, or the
 * weekly `customer_grading` job (which skips when a run happened in the
 * last 6 days).
 */
#ifndef SG_GRADING_H
#define SG_GRADING_H

#include <stddef.h>

#include "request.h"

/* Pure: the grade letter of a score for the thresholds a ≥ b ≥ c. */
char grading_letter(double score, double a_min, double b_min, double c_min);

/* Pure: one run's step for one customer, as the SQL does it.  grade is the
 * current letter (0 none), target this run's; *candidate and *runs carry
 * the pending change between runs.  Returns the new grade letter when the
 * grade changes now, else 0. */
char grading_step(char grade, char target, char *candidate, int *runs);

/* One run now (force: even within 6 days of the last one). */
NEOERR *grading_run(int force, char *summary, size_t n);
/* The scheduler's job. */
NEOERR *grading_job(char *summary, size_t n);

/* Fills <node>.{Score,Base,Activity,Potential,Candidate,Runs} and
 * <node>.History.N.{At,Old,New,Score} for a customer. */
NEOERR *grading_fill(REQUEST *req, const char *node, long long customer_id);

/* /admin/grading: the weights and thresholds (admin.config). */
NEOERR *admin_grading(REQUEST *req);
NEOERR *admin_grading_save(REQUEST *req);
/* POST /admin/grading/potential: potential signals from a CSV (all or none). */
NEOERR *admin_grading_import(REQUEST *req);
/* POST /customers/#/potential (admin.config): the potential signal, 0–100;
 * empty removes it.  Audited. */
NEOERR *customer_potential_save(REQUEST *req);

#endif
