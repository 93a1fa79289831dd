/*
 * main.c - the memo lab's driver (trusted lab code: students do not edit it).
 * Neighbours: cache.h (the cache it uses), cache.c / pitfall.c / the
 * solution (whichever implementation is linked), ../common/workload.c.
 *
 *	memo --size QUERIES --seed S
 *
 * A service answers QUERIES requests.  Each request names a key (a product
 * id, say) and wants slow_answer(key), which stands in for something costly:
 * a database query, a call to another service, a big computation.  The
 * service memoizes: it asks the cache first and calls slow_answer() only on
 * a miss.
 *
 * Keys are skewed like real traffic: a few keys are asked for all the
 * time, most keys rarely.  Each octave [2^o, 2^(o+1)) of the key space
 * (o = 0 .. KEY_OCTAVES-1) is equally likely, and keys within an octave
 * are equally likely, so key k comes up with probability about
 * 1 / (k * KEY_OCTAVES): a Zipf-like law with exponent 1.  The hot keys
 * repeat constantly; the tail keeps bringing keys never seen before, so the
 * number of distinct keys keeps growing with the stream.
 *
 * stdout is what every correct cache prints: the number of queries and a
 * checksum of all the answers.  How the cache got them (hits, misses,
 * evictions, entries) depends on the implementation and goes to stderr.
 */
#include "cache.h"
#include "workload.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define KEY_OCTAVES 20        /* keys are 1 .. 2^20 - 1 */
#define SLOW_ANSWER_ROUNDS 256 /* the cost of one slow_answer(), in mixes */
#define MAX_QUERIES (UINT64_C(1) << 40)

/* splitmix64: a small, well-known PRNG; the whole stream follows from seed. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* One request's key: an octave uniformly, then a key uniformly inside it. */
static uint64_t next_key(uint64_t *state)
{
	unsigned octave = (unsigned)(next_random(state) % KEY_OCTAVES);
	uint64_t base = UINT64_C(1) << octave;

	return base + (next_random(state) & (base - 1));
}

/* The expensive function.  Deterministic: the same key, the same answer. */
static uint64_t slow_answer(uint64_t key)
{
	uint64_t h = key;

	for (int i = 0; i < SLOW_ANSWER_ROUNDS; i++) {
		h ^= h >> 33;
		h *= UINT64_C(0xff51afd7ed558ccd);
		h += (uint64_t)i;
	}
	return h;
}

int main(int argc, char **argv)
{
	struct workload w;
	struct cache *cache = NULL;
	struct cache_stats st;
	uint64_t state, checksum = 0;
	int status = 1;

	if (workload_init(argc, argv, &w, "--size QUERIES --seed S") != 0)
		return 1;
	if (w.input != NULL) {
		fprintf(stderr, "memo: reads no input file (got %s)\n", w.input);
		return 1;
	}
	if (w.size == 0 || w.size > MAX_QUERIES) {
		fprintf(stderr, "memo: --size must be 1 .. %" PRIu64 " queries\n",
			MAX_QUERIES);
		return 1;
	}

	cache = cache_create(CACHE_DRIVER_ENTRIES);
	if (cache == NULL) {
		fprintf(stderr, "memo: out of memory creating the cache\n");
		goto out;
	}

	state = w.seed;
	for (uint64_t q = 0; q < w.size; q++) {
		uint64_t key = next_key(&state), answer;

		if (!cache_get(cache, key, &answer)) {
			answer = slow_answer(key);
			if (cache_put(cache, key, answer) != 0) {
				fprintf(stderr, "memo: out of memory after %"
					PRIu64 " queries\n", q);
				goto out;
			}
		}
		checksum = checksum * UINT64_C(31) + answer;
	}

	printf("queries: %" PRIu64 "\n", w.size);
	printf("checksum: %016" PRIx64 "\n", checksum);

	cache_read_stats(cache, &st);
	if (cache_bound(cache) == CACHE_UNBOUNDED)
		fprintf(stderr, "cache: bound none");
	else
		fprintf(stderr, "cache: bound %zu", cache_bound(cache));
	fprintf(stderr, ", entries %zu, hits %" PRIu64 ", misses %" PRIu64
		" (slow calls), evictions %" PRIu64 ", hit rate %.1f%%\n",
		st.entries, st.hits, st.misses, st.evictions,
		100.0 * (double)st.hits / (double)w.size);
	status = fflush(stdout) == 0 ? 0 : 1;
out:
	cache_release(cache);
	return status;
}
