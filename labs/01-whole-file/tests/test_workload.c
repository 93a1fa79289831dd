/*
 * tests/test_workload.c - the "workload" test case: the lab's workload
 * (one log, read by the reader under test) driven from the tests.  The
 * grader runs it alone under massif on the log of a graded size
 * (memlab_workload(), see ../../common/memlab_check.h) and compares what
 * it measures with the graded run's: a reader that behaves better when
 * graded than when tested is caught.  In an ordinary run it reads a small
 * log of its own.  Neighbours: testlib.h, ../main.c (the same calls).
 */
#include "testlib.h"
#include "workload.h"

#include <string.h>
#include <unistd.h>

START_TEST(the_workload)
{
	const struct workload *w = memlab_workload();
	struct logstats st;
	char path[512];

	logstats_init(&st);
	if (w != NULL && w->input != NULL) {
		/* quiet: the figures are the grader's to compare; what matters is that the reader reads */
		memlab_quiet(1);
		ck_assert_int_eq(logstats_read_file(&st, w->input), 0);
		memlab_quiet(0);
		return;
	}
	make_file(path, sizeof path, RECORD "\n" RECORD "\n", 2 * (strlen(RECORD) + 1));
	ck_assert_int_eq(logstats_read_file(&st, path), 0);
	unlink(path);
	ck_assert_uint_eq(st.records, 2);
}
END_TEST

TCase *workload_tests(void)
{
	TCase *tc = tcase_create("workload");

	tcase_add_test(tc, the_workload);
	return tc;
}
