/*
 * tests/test_doc.c - Check tests of doc.h, run against doc.c, pitfall.c
 * or the solution (lab.mk links one of them).  They hold a doc.c to what
 * the header promises an application: right answers, one doc_work() per
 * (open document, arg), answers that end with their document (a new
 * document at a closed one's address is asked afresh).  Whether a closed
 * document's memory is freed, the tests cannot see without hooks into
 * doc.c: that is the memory grade's to judge (lab.ini).  Neighbours:
 * test_workload.c (the "workload" case: the driver's run), ../doc.h.
 */
#include "doc.h"
#include "session.h"

#include <check.h>
#include <stdint.h>
#include <string.h>

#define SLOTS 6   /* documents the random test keeps open */
#define ARGS  12  /* args it asks: 0 .. ARGS - 1 */
#define LEN   300

/* A small LCG: the tests' own random numbers. */
static uint64_t next_random(uint64_t *s)
{
	*s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
	return *s >> 33;
}

static void fill(char *buf, size_t len, uint64_t *s)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)('a' + next_random(s) % 26);
}

static struct doc_stats stats_now(void)
{
	struct doc_stats st;

	doc_read_stats(&st);
	return st;
}

static uint64_t ask(struct doc *d, uint32_t arg)
{
	uint64_t answer = 0;

	ck_assert_int_eq(doc_measure(d, arg, &answer), 0);
	return answer;
}

START_TEST(test_memo)
{
	char text[] = "the quick brown fox jumps over the lazy dog";
	const size_t len = sizeof text - 1;
	const uint64_t want = doc_work(text, len, 7), calls = doc_work_calls();
	struct doc_stats st0 = stats_now();
	struct doc *d = doc_open(text, len);

	ck_assert_ptr_nonnull(d);
	memset(text, 'x', len); /* the document holds a copy */
	ck_assert_uint_eq(ask(d, 7), want);
	ck_assert_uint_eq(ask(d, 7), want);
	ck_assert_uint_eq(ask(d, 7), want);
	ck_assert_uint_eq(doc_work_calls() - calls, 1);
	ck_assert_uint_eq(ask(d, 0), doc_work("the quick brown fox jumps over the lazy dog", len, 0));
	ck_assert_uint_eq(ask(d, UINT32_MAX),
			  doc_work("the quick brown fox jumps over the lazy dog", len, UINT32_MAX));
	struct doc_stats st = stats_now();
	ck_assert_uint_eq(st.hits - st0.hits, 2);
	ck_assert_uint_eq(st.misses - st0.misses, 3);
	ck_assert_uint_eq(st.opened - st0.opened, 1);
	doc_close(d);
	doc_close(NULL);
	st = stats_now();
	ck_assert_uint_eq(st.closed - st0.closed, 1);
	doc_library_shutdown();
}
END_TEST

START_TEST(test_empty_and_equal_texts)
{
	const uint64_t calls = doc_work_calls();
	struct doc *e = doc_open("", 0);
	struct doc *a = doc_open("same", 4), *b = doc_open("same", 4);

	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(ask(e, 3), doc_work("", 0, 3));
	ck_assert_uint_eq(ask(a, 3), doc_work("same", 4, 3));
	ck_assert_uint_eq(ask(b, 3), doc_work("same", 4, 3));
	ck_assert_uint_eq(ask(b, 3), doc_work("same", 4, 3));
	/* 3 from the memo asks, 4 from the checks: two documents, two misses */
	ck_assert_uint_eq(doc_work_calls() - calls, 3 + 4);
	doc_close(a);
	ck_assert_uint_eq(ask(b, 3), doc_work("same", 4, 3));
	doc_close(b);
	doc_close(e);
	doc_library_shutdown();
}
END_TEST

/* Close, open another text (malloc often gives it the same address):
 * the new document's answer, computed afresh, never the old one's. */
START_TEST(test_closed_answers_end)
{
	char text[LEN];
	uint64_t s = 11, bad = 0, calls = doc_work_calls();

	for (int round = 0; round < 200; round++) {
		fill(text, LEN, &s);
		struct doc *d = doc_open(text, LEN);
		ck_assert_ptr_nonnull(d);
		uint64_t got = 0;
		if (doc_measure(d, 5, &got) != 0 || got != doc_work(text, LEN, 5))
			bad++;
		doc_close(d);
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_eq(doc_work_calls() - calls, 2 * 200);
	doc_library_shutdown();
}
END_TEST

/* Random opens, questions and closes over SLOTS documents, against a
 * model: what each slot's text answers, and which args it was asked
 * since it was opened (a second ask is a hit). */
START_TEST(test_random_against_model)
{
	static char texts[SLOTS][LEN];
	struct doc *d[SLOTS] = { NULL };
	unsigned char asked[SLOTS][ARGS];
	uint64_t s = memlab_test_seed() + (uint64_t)_i, wrong = 0, hits = 0, misses = 0;
	struct doc_stats st0 = stats_now();

	memset(asked, 0, sizeof asked);
	for (int step = 0; step < 3000; step++) {
		size_t k = (size_t)(next_random(&s) % SLOTS);
		uint64_t r = next_random(&s);
		if (d[k] == NULL || r % 10 == 0) {
			doc_close(d[k]);
			fill(texts[k], LEN, &s);
			d[k] = doc_open(texts[k], LEN);
			ck_assert_ptr_nonnull(d[k]);
			memset(asked[k], 0, ARGS);
			continue;
		}
		uint32_t arg = (uint32_t)(r / 10 % ARGS);
		uint64_t got = 0;
		if (doc_measure(d[k], arg, &got) != 0)
			ck_abort_msg("step %d: doc_measure failed", step);
		if (got != doc_work(texts[k], LEN, arg))
			wrong++;
		if (asked[k][arg])
			hits++;
		else
			misses++;
		asked[k][arg] = 1;
	}
	for (size_t k = 0; k < SLOTS; k++)
		doc_close(d[k]);
	struct doc_stats st = stats_now();
	ck_assert_uint_eq(wrong, 0);
	ck_assert_uint_eq(st.hits - st0.hits, hits);
	ck_assert_uint_eq(st.misses - st0.misses, misses);
	ck_assert_uint_eq(st.opened - st0.opened, st.closed - st0.closed);
	doc_library_shutdown();
}
END_TEST

TCase *workload_tests(void); /* test_workload.c */

Suite *lab_suite(void)
{
	Suite *s = suite_create("doc");
	TCase *memo = tcase_create("memo");

	tcase_add_test(memo, test_memo);
	tcase_add_test(memo, test_empty_and_equal_texts);
	tcase_add_test(memo, test_closed_answers_end);
	tcase_add_loop_test(memo, test_random_against_model, 0, 4);
	suite_add_tcase(s, memo);
	suite_add_tcase(s, workload_tests());
	return s;
}
