/*
 * tests/test_cache.c - Check tests of cache.h, run against cache.c,
 * pitfall.c or the solution (lab.mk links one of them).
 *
 * Contract tests hold for every cache: answers right, hits + misses =
 * gets.  The "lru" tests hold a cache to the bound it declares with
 * cache_bound(): a reference LRU (an array in recency order, too simple to
 * be wrong) runs the same operations with that bound, and both must agree
 * on results, counters and which keys are held, after every step.  Whether
 * a cache bounds its memory at all is for the memory grade to judge.
 * Neighbours: lru_model.h (the reference LRU), test_workload.c (the
 * "workload" case: the driver's own stream, at the driver's bound).
 */
#include "cache.h"
#include "lru_model.h"

#include <check.h>
#include <stdint.h>

#define NKEYS 24 /* the random tests use keys number 0 .. 23 */

/* ---- helpers ---- */

static struct cache *make(size_t max_entries)
{
	struct cache *c = cache_create(max_entries);

	ck_assert_ptr_nonnull(c);
	ck_assert(cache_bound(c) == max_entries ||
		  cache_bound(c) == CACHE_UNBOUNDED);
	return c;
}

static int bounded(const struct cache *c)
{
	return cache_bound(c) != CACHE_UNBOUNDED;
}

static int held(const struct cache *c, uint64_t key)
{
	uint64_t v;

	return cache_peek(c, key, &v);
}

static void put_ok(struct cache *c, uint64_t key, uint64_t value)
{
	ck_assert_int_eq(cache_put(c, key, value), 0);
}

static void get_hit(struct cache *c, uint64_t key, uint64_t want)
{
	uint64_t v = ~want;

	ck_assert_int_eq(cache_get(c, key, &v), 1);
	ck_assert_uint_eq(v, want);
}

static void check_stats(const struct cache *c, uint64_t hits, uint64_t misses,
			uint64_t evictions, size_t entries)
{
	struct cache_stats st;

	cache_read_stats(c, &st);
	ck_assert_uint_eq(st.hits, hits);
	ck_assert_uint_eq(st.misses, misses);
	ck_assert_uint_eq(st.evictions, evictions);
	ck_assert_uint_eq(st.entries, entries);
}

/* A small LCG: the tests' own random numbers, the same on every run. */
static uint64_t next_random(uint64_t *s)
{
	*s = *s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
	return *s >> 33;
}

/* ---- contract tests: every cache ---- */

START_TEST(test_get_and_put)
{
	ck_assert_ptr_null(cache_create(0));
	cache_release(NULL);

	struct cache *c = make(4);
	uint64_t v = 7;

	ck_assert_int_eq(cache_get(c, 42, &v), 0);
	ck_assert_uint_eq(v, 7); /* a miss leaves *value alone */
	put_ok(c, 42, 1000);
	get_hit(c, 42, 1000);
	put_ok(c, 42, 1001); /* same key: replaced, not a second entry */
	get_hit(c, 42, 1001);
	ck_assert_int_eq(cache_get(c, 0, &v), 0); /* 0 is a key, not "empty" */
	put_ok(c, 0, 10);
	put_ok(c, UINT64_MAX, 20);
	get_hit(c, 0, 10);
	get_hit(c, UINT64_MAX, 20);
	check_stats(c, 4, 2, 0, 3);
	cache_release(c);
}
END_TEST

/* The driver's loop: answers right, every get a hit or a miss, never more
 * entries than the bound, and a bounded cache is full at the end. */
START_TEST(test_memo_stream)
{
	const uint64_t max = 100, gets = 20000;
	struct cache *c = make(max);
	struct cache_stats st;
	uint64_t s = 1, puts = 0;

	/* which gets hit depends on the cache's policy (the pitfall never
	 * evicts): the grader's transcript keeps only this stretch's truth */
	memlab_quiet(1);
	for (uint64_t q = 0; q < gets; q++) {
		uint64_t key = next_random(&s) % 5000, v;

		if (cache_get(c, key, &v)) {
			ck_assert_uint_eq(v, key * 3 + 1);
		} else {
			put_ok(c, key, key * 3 + 1);
			puts++;
		}
	}
	cache_read_stats(c, &st);
	ck_assert_uint_eq(st.misses, puts);
	ck_assert_uint_eq(st.entries + st.evictions, puts);
	if (bounded(c))
		ck_assert_uint_eq(st.entries, max);
	memlab_quiet(0);
	ck_assert_uint_eq(st.hits + st.misses, gets);
	cache_release(c);
}
END_TEST

/* ---- edge cases, against the declared bound ---- */

START_TEST(test_capacity_one)
{
	struct cache *c = make(1);

	put_ok(c, 1, 10);
	put_ok(c, 2, 20);
	get_hit(c, 2, 20);
	ck_assert(held(c, 1) == !bounded(c));
	check_stats(c, 1, 0, bounded(c) ? 1 : 0, bounded(c) ? 1 : 2);
	put_ok(c, 2, 21); /* a repeated key never evicts itself */
	get_hit(c, 2, 21);
	check_stats(c, 2, 0, bounded(c) ? 1 : 0, bounded(c) ? 1 : 2);
	cache_release(c);
}
END_TEST

/* LRU, not FIFO: a get hit and a put of a present key are uses, a peek
 * is not (and counts nothing). */
START_TEST(test_evicts_least_recently_used)
{
	struct cache *c = make(2);

	put_ok(c, 1, 10);
	put_ok(c, 2, 20);
	get_hit(c, 1, 10);  /* 1 used after 2 ... */
	put_ok(c, 3, 30);   /* ... so 2 makes room, though 1 came first */
	ck_assert(held(c, 1) && held(c, 3));
	ck_assert(held(c, 2) == !bounded(c));
	put_ok(c, 1, 11);   /* 1 used after 3 ... */
	put_ok(c, 4, 40);   /* ... so 3 makes room */
	ck_assert(held(c, 1) && held(c, 4));
	ck_assert(held(c, 3) == !bounded(c));
	put_ok(c, 5, 50);   /* peeks are not uses: 1 is still older than 4 */
	ck_assert(held(c, 1) == !bounded(c) && held(c, 4) && held(c, 5));
	check_stats(c, 1, 0, bounded(c) ? 3 : 0, bounded(c) ? 2 : 5);
	cache_release(c);
}
END_TEST

/* ---- random operations, step by step against the model ---- */

/* Key i of a family: small ids, or ids that differ in high bits only. */
static uint64_t key_of(int family, uint64_t i)
{
	return i == 1 ? UINT64_MAX : family == 0 ? i : i << 32;
}

/* Each ck_assert costs a message to Check's parent process: over 20 x 2000
 * steps, test first and call Check only to fail. */
static void run_against_model(size_t max, int family, uint64_t seed)
{
	struct cache *c = make(max);
	struct model m = { .bound = bounded(c) ? max : MODEL_MAX };
	struct cache_stats st;
	uint64_t s = seed;

	for (int step = 0; step < 2000; step++) {
		uint64_t r = next_random(&s), key = key_of(family, r % NKEYS);
		uint64_t got = 0, want = 0;

		if (r & (1u << 20)) {
			int g = cache_get(c, key, &got), w = model_get(&m, key, &want);
			if (g != w || got != want)
				ck_abort_msg("step %d: get(%llu) differs from LRU",
					     step, (unsigned long long)key);
		} else if (cache_put(c, key, r) != 0) {
			ck_abort_msg("step %d: cache_put failed", step);
		} else {
			model_put(&m, key, r);
		}
		cache_read_stats(c, &st);
		if (st.hits != m.hits || st.misses != m.misses ||
		    st.evictions != m.evictions || st.entries != m.n)
			check_stats(c, m.hits, m.misses, m.evictions, m.n);
		for (uint64_t i = 0; i < NKEYS; i++) {
			uint64_t k = key_of(family, i);
			if (held(c, k) != (model_find(&m, k) < m.n))
				ck_abort_msg("step %d: key %llu held by only one"
					     " of cache and LRU", step,
					     (unsigned long long)k);
		}
	}
	cache_release(c);
}

/* Loop test _i = 0..19: five bounds, both key families, two seeds each. */
START_TEST(test_matches_lru_model)
{
	static const size_t bounds[] = { 1, 2, 3, 8, 17 };

	run_against_model(bounds[_i % 5], _i / 5 % 2, (uint64_t)_i + 1);
}
END_TEST

TCase *workload_tests(void); /* test_workload.c */

Suite *lab_suite(void)
{
	Suite *s = suite_create("cache");
	TCase *contract = tcase_create("contract");
	TCase *lru = tcase_create("lru");

	tcase_add_test(contract, test_get_and_put);
	tcase_add_test(contract, test_memo_stream);
	suite_add_tcase(s, contract);

	tcase_add_test(lru, test_capacity_one);
	tcase_add_test(lru, test_evicts_least_recently_used);
	tcase_add_loop_test(lru, test_matches_lru_model, 0, 20);
	suite_add_tcase(s, lru);

	suite_add_tcase(s, workload_tests());
	return s;
}
