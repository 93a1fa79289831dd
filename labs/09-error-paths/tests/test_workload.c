/*
 * tests/test_workload.c - the "workload" test case: the driver's job (an
 * inbox of report files, imported one by one) driven from the tests.  The
 * grader runs it alone under massif at a graded size (memlab_workload(),
 * see ../../common/memlab_check.h) and compares what it measures with the
 * graded run's: an importer that behaves better when graded than when
 * used is caught.  In an ordinary run it imports 120 files of its own.
 * Neighbours: testlib.h, ../main.c (the same calls), ../inbox.h.
 */
#include "inbox.h"
#include "testlib.h"
#include "workload.h"

START_TEST(the_workload)
{
	const struct workload *w = memlab_workload();
	uint64_t files = w != NULL ? w->size : 120, seed = w != NULL ? w->seed : 1, count[IMPORT_NSTATUS] = { 0 };
	char path[INBOX_PATH_MAX];
	struct inbox in;

	if (files > INBOX_FILES_MAX)
		files = INBOX_FILES_MAX;
	ck_assert_int_eq(inbox_open(&in), 0);
	for (uint64_t first = 0; first < files; first += INBOX_BATCH) {
		uint64_t left = files - first;
		ck_assert_int_eq(inbox_fill(&in, seed, first, left < INBOX_BATCH ? (unsigned)left : INBOX_BATCH), 0);
		for (unsigned k = 0; k < in.count; k++) {
			struct record *r;
			inbox_path(&in, k, path, sizeof path);
			int rc = import_file(path, &r);
			ck_assert(rc >= 0 && rc < IMPORT_NSTATUS);
			count[rc]++;
			record_free(r);
		}
	}
	ck_assert_int_eq(inbox_close(&in), 0);
	if (w != NULL)
		return; /* the figures are the grader's to compare */
	/* 120 files of seed 1: what the driver prints for them */
	ck_assert_uint_eq(count[IMPORT_OK], 86);
	ck_assert_uint_eq(count[IMPORT_EOPEN] + count[IMPORT_EREAD] + count[IMPORT_ENOMEM], 0);
}
END_TEST

TCase *workload_tests(void)
{
	TCase *tc = tcase_create("workload");

	tcase_add_test(tc, the_workload);
	return tc;
}
