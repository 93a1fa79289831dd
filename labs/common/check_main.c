/*
 * check_main.c - the main() of every lab's Check test program.  A lab's
 * tests/ file defines lab_suite(); lab.mk links it with this file and with
 * the implementation under test (the student's file, pitfall.c, or the
 * reference solution).
 *
 * Each test runs in its own forked process (Check's CK_FORK), so a crash in
 * one test fails that test only.  When MEMLAB_TAP names a file, results are
 * also written there in TAP form for the grader; the exit status is 0 only
 * when every test ran and passed.
 */
#include <check.h>
#include <stdlib.h>

Suite *lab_suite(void);

int main(void)
{
	SRunner *sr = srunner_create(lab_suite());
	const char *tap = getenv("MEMLAB_TAP");

	if (tap != NULL && *tap != '\0')
		srunner_set_tap(sr, tap);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
