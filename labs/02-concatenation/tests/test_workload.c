/*
 * tests/test_workload.c - the "workload" test case: the lab's workload
 * (report.h's report, built into a textbuf under test) driven from the
 * tests.  The grader runs it alone under massif at a graded size and seed
 * (memlab_workload(), see ../../common/memlab_check.h) and compares its
 * heap peak and bytes allocated with the graded run's: a textbuf that
 * behaves better when it is graded than when it is used is caught.  In an
 * ordinary run it builds a small report of its own.  Neighbours:
 * test_textbuf.c (lab_suite), ../report.h, ../main.c (the same calls).
 */
#include "report.h"
#include "textbuf.h"
#include "workload.h"

#include <check.h>
#include <stdint.h>
#include <string.h>

#define OWN_KIB    4 /* the ordinary run's report: 279 rows, 4097 bytes */
#define OWN_SEED   1
#define OWN_DIGEST 0x319c75b37f7f6b61u /* its fnv1a64, as pitfall.c builds it */

START_TEST(the_workload)
{
	const struct workload *w = memlab_workload();
	struct textbuf tb = TEXTBUF_INIT;
	if (w != NULL) {
		/* quiet: the figures are the grader's to compare; what matters is that the report is built */
		memlab_quiet(1);
		ck_assert_int_eq(report_build(&tb, w->size, w->seed), 0);
		ck_assert_uint_eq(tb.len, report_length(report_rows(w->size)));
		memlab_quiet(0);
		textbuf_release(&tb);
		return;
	}
	ck_assert_int_eq(report_build(&tb, OWN_KIB, OWN_SEED), 0);
	ck_assert_uint_eq(tb.len, report_length(report_rows(OWN_KIB)));
	ck_assert_uint_eq(tb.len, 4097);
	ck_assert_uint_eq(strlen(textbuf_str(&tb)), tb.len);
	ck_assert_uint_eq(report_digest(tb.buf, tb.len), OWN_DIGEST);
	textbuf_release(&tb);
}
END_TEST

TCase *workload_tests(void)
{
	TCase *tc = tcase_create("workload");

	tcase_add_test(tc, the_workload);
	return tc;
}
