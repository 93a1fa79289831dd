/*
 * tests/test_workload.c - the "workload" test case: the driver's service
 * (stream.h: the same key stream, the same loop) through a cache of
 * CACHE_DRIVER_ENTRIES, as main.c runs it.  The grader runs this case
 * alone under massif at a graded size (memlab_workload(), see
 * ../../common/memlab_check.h) and compares the heap it measures with the
 * graded run's: a cache that behaves better when graded than when used is
 * caught.  In an ordinary run it serves a short stream of its own and
 * holds the cache to what the driver prints: right answers, and for a
 * bounded cache the hits and evictions of an exact LRU of that bound.
 * Neighbours: test_cache.c (the suite), lru_model.h, ../stream.h.
 */
#include "cache.h"
#include "lru_model.h"
#include "stream.h"
#include "workload.h"

#include <check.h>
#include <stdint.h>

/* Long enough to fill CACHE_DRIVER_ENTRIES and evict: ~2,600 distinct keys. */
#define OWN_QUERIES 4000

/* The model runs the same stream: what an exact LRU of that bound gets. */
static void lru_of_stream(struct model *m, uint64_t queries, uint64_t seed)
{
	uint64_t state = seed, v;

	for (uint64_t q = 0; q < queries; q++) {
		uint64_t key = memo_next_key(&state);
		if (!model_get(m, key, &v))
			model_put(m, key, memo_slow_answer(key));
	}
}

/* The same answers, with no cache at all. */
static uint64_t checksum_of_stream(uint64_t queries, uint64_t seed)
{
	uint64_t state = seed, sum = 0;

	for (uint64_t q = 0; q < queries; q++)
		sum = sum * UINT64_C(31) + memo_slow_answer(memo_next_key(&state));
	return sum;
}

static struct model model; /* 16 KiB: static, off the stack */

START_TEST(the_workload)
{
	const struct workload *w = memlab_workload();
	struct cache *c = cache_create(CACHE_DRIVER_ENTRIES);
	struct cache_stats st;
	struct memo_run run;

	ck_assert_ptr_nonnull(c);
	if (w != NULL) {
		/* graded size: the heap is the grader's to compare; the
		 * counts depend on the policy, so nothing is recorded */
		memlab_quiet(1);
		ck_assert_int_eq(memo_serve(c, w->size, w->seed, &run), 0);
		memlab_quiet(0);
		cache_release(c);
		return;
	}
	uint64_t seed = memlab_test_seed();
	ck_assert_int_eq(memo_serve(c, OWN_QUERIES, seed, &run), 0);
	ck_assert_uint_eq(run.checksum, checksum_of_stream(OWN_QUERIES, seed));
	ck_assert_uint_eq(run.hits + run.misses, OWN_QUERIES);
	cache_read_stats(c, &st);
	ck_assert_uint_eq(st.hits, run.hits);
	ck_assert_uint_eq(st.misses, run.misses);
	if (cache_bound(c) == CACHE_UNBOUNDED) {
		ck_assert_uint_eq(st.evictions, 0);
		ck_assert_uint_eq(st.entries, run.misses);
	} else {
		/* the driver's bound, and exact LRU at it */
		ck_assert_uint_eq(cache_bound(c), CACHE_DRIVER_ENTRIES);
		model = (struct model){ .bound = CACHE_DRIVER_ENTRIES };
		lru_of_stream(&model, OWN_QUERIES, seed);
		ck_assert_uint_eq(run.hits, model.hits);
		ck_assert_uint_eq(st.evictions, model.evictions);
		ck_assert_uint_eq(st.entries, model.n);
	}
	cache_release(c);
}
END_TEST

TCase *workload_tests(void)
{
	TCase *tc = tcase_create("workload");

	tcase_add_test(tc, the_workload);
	return tc;
}
