/*
 * stream.c - the memo service's key stream, slow function and request loop
 * (trusted lab code; see stream.h).  Neighbours: main.c and
 * tests/test_workload.c (its two callers), cache.h.
 */
#include "stream.h"
#include "splitmix.h"

/* splitmix64: a small, well-known PRNG. */
static uint64_t next_random(uint64_t *state)
{
	return splitmix_next(state);
}

/* One request's key: an octave uniformly, then a key uniformly inside it. */
uint64_t memo_next_key(uint64_t *state)
{
	unsigned octave = (unsigned)(next_random(state) % MEMO_KEY_OCTAVES);
	uint64_t base = UINT64_C(1) << octave;

	return base + (next_random(state) & (base - 1));
}

uint64_t memo_slow_answer(uint64_t key)
{
	uint64_t h = key;

	for (int i = 0; i < MEMO_SLOW_ANSWER_ROUNDS; i++) {
		h ^= h >> 33;
		h *= UINT64_C(0xff51afd7ed558ccd);
		h += (uint64_t)i;
	}
	return h;
}

int memo_serve(struct cache *c, uint64_t queries, uint64_t seed, struct memo_run *run)
{
	uint64_t state = seed;

	*run = (struct memo_run){ 0 };
	for (uint64_t q = 0; q < queries; q++) {
		uint64_t key = memo_next_key(&state), answer;

		if (cache_get(c, key, &answer)) {
			run->hits++;
		} else {
			run->misses++;
			answer = memo_slow_answer(key);
			if (cache_put(c, key, answer) != 0)
				return -1;
		}
		run->checksum = run->checksum * UINT64_C(31) + answer;
		run->queries++;
	}
	return 0;
}
