/*
 * tests/test_workload.c - the "workload" test case: the driver's run
 * (session.h: the same documents, the same questions) through doc.h, as
 * main.c makes it.  The grader runs this case alone under massif at a
 * graded size (memlab_workload(), see ../../common/memlab_check.h) and
 * compares the heap it measures with the graded run's: a doc.c that
 * behaves better when graded than when used is caught.  In an ordinary
 * run it makes a short run of its own and holds doc.c to what the driver
 * prints: one doc_work() per miss, every question a hit or a miss, every
 * document opened closed.  Neighbours: test_doc.c (the suite), ../session.h.
 */
#include "doc.h"
#include "session.h"
#include "workload.h"

#include <check.h>
#include <stdint.h>

#define OWN_DOCS 60 /* enough for slots to be reused many times */

START_TEST(the_workload)
{
	const struct workload *w = memlab_workload();
	struct session_run run;
	struct doc_stats st0, st;
	uint64_t calls = doc_work_calls();

	doc_read_stats(&st0);
	if (w != NULL) {
		/* graded size: the heap is the grader's to compare */
		memlab_quiet(1);
		ck_assert_int_eq(session_run(w->size, w->seed, &run), 0);
		memlab_quiet(0);
		doc_library_shutdown();
		return;
	}
	ck_assert_int_eq(session_run(OWN_DOCS, memlab_test_seed(), &run), 0);
	doc_read_stats(&st);
	ck_assert_uint_eq(run.opened, OWN_DOCS);
	ck_assert_uint_eq(run.questions, OWN_DOCS * SESSION_QUESTIONS);
	ck_assert_uint_eq(st.opened - st0.opened, OWN_DOCS);
	ck_assert_uint_eq(st.closed - st0.closed, OWN_DOCS);
	ck_assert_uint_eq(st.hits + st.misses - st0.hits - st0.misses, run.questions);
	ck_assert_uint_eq(st.misses - st0.misses, doc_work_calls() - calls);
	/* the memo earns its keep: args repeat (about 40% of questions hit) */
	ck_assert_uint_ge(st.hits - st0.hits, run.questions / 5);
	doc_library_shutdown();
}
END_TEST

TCase *workload_tests(void)
{
	TCase *tc = tcase_create("workload");

	tcase_add_test(tc, the_workload);
	return tc;
}
