/* Unit tests for the pure parts.  Each file adds a test_* function. */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "config.h"
#include "err.h"
#include "tap.h"
#include "validate.h"

int tap_pass, tap_fail;

void test_route(void);
void test_validate(void);
void test_request(void);
void test_render(void);
void test_err(void);
void test_db(void);
void test_audit(void);
void test_user(void);
void test_policy(void);
void test_api(void);
void test_csv(void);
void test_auditview(void);
void test_export(void);
void test_dealrule(void);
void test_dashboard(void);
void test_directory(void);
void test_staffapi(void);
void test_routing(void);
void test_foureyes(void);
void test_success(void);
void test_handoff(void);
void test_credibility(void);
void test_grading(void);

int main(void)
{
	NEOERR *err = sodium_init() < 0 ? nerr_raise(NERR_SYSTEM, "sodium") : err_init();

	if (!err)
		err = config_load("tests/unit/unit.hdf");
	if (!err)
		err = validate_init();
	if (err) {
		nerr_log_error(err);
		return 2;
	}
	test_err();
	test_db();
	test_route();
	test_validate();
	test_request();
	test_render();
	test_audit();
	test_user();
	test_policy();
	test_api();
	test_csv();
	test_auditview();
	test_export();
	test_dealrule();
	test_dashboard();
	test_directory();
	test_staffapi();
	test_routing();
	test_foureyes();
	test_success();
	test_handoff();
	test_credibility();
	test_grading();
	validate_fini();
	config_free();
	printf("# unit: %d passed, %d failed\n", tap_pass, tap_fail);
	return tap_fail ? 1 : 0;
}
