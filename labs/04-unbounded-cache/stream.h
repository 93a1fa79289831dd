/*
 * stream.h - the memo service's work, shared by the driver (main.c) and
 * the tests' workload case (tests/test_workload.c), so that both drive the
 * cache exactly alike (trusted lab code: students do not edit it).
 * Neighbours: stream.c (the code), cache.h (the cache it drives).
 *
 * A service answers a stream of requests.  Each request names a key (a
 * product id, say) and wants memo_slow_answer(key), which stands in for
 * something costly: a database query, a call to another service.  The
 * service memoizes: it asks the cache first and computes only on a miss.
 *
 * Keys are skewed like real traffic: each octave [2^o, 2^(o+1)) of the key
 * space (o = 0 .. MEMO_KEY_OCTAVES-1) is equally likely, and keys within an
 * octave are equally likely, so key k comes up with probability about
 * 1 / (k * MEMO_KEY_OCTAVES): a Zipf-like law.  The hot keys repeat all
 * the time; the tail keeps bringing keys never seen before.
 */
#ifndef MEMLAB_STREAM_H
#define MEMLAB_STREAM_H

#include "cache.h"

#include <stdint.h>

#define MEMO_KEY_OCTAVES 20         /* keys are 1 .. 2^20 - 1 */
#define MEMO_SLOW_ANSWER_ROUNDS 256 /* the cost of one slow answer, in mixes */

/* What one run of the service saw, counted by the service itself. */
struct memo_run {
	uint64_t queries;  /* requests answered */
	uint64_t hits;     /* cache_get() returned 1 */
	uint64_t misses;   /* cache_get() returned 0: one slow answer each */
	uint64_t checksum; /* of every answer, in order */
};

/* The next request's key; the whole stream follows from *state's seed. */
uint64_t memo_next_key(uint64_t *state);

/* The expensive function.  Deterministic: the same key, the same answer. */
uint64_t memo_slow_answer(uint64_t key);

/*
 * Serves `queries` requests from the stream of `seed` through cache c,
 * counting into *run.  Returns 0, or -1 when cache_put() fails (run then
 * counts the requests answered before).
 */
int memo_serve(struct cache *c, uint64_t queries, uint64_t seed, struct memo_run *run);

#endif
