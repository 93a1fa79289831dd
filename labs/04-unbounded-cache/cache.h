/*
 * cache.h - a memo cache: it remembers the answer of an expensive function
 * for each key, so asking again is a lookup instead of a recomputation.
 * This header is the manual for the file you write, cache.c.
 * Neighbours: main.c and stream.h (the driver: a cache in front of a slow
 * function), pitfall.c (a cache that never forgets anything), tests/ (the
 * contract below, checked against a simple model of an LRU cache).
 *
 * Invariants
 *  - A cache maps 64-bit keys to 64-bit values.  Every key is valid, 0 and
 *    UINT64_MAX included; a key is in the cache at most once.
 *  - cache_bound() is the most entries the cache will ever hold: either the
 *    max_entries given to cache_create(), or CACHE_UNBOUNDED for a cache that
 *    never evicts.  The tests hold a cache to the bound it declares; the
 *    memory grade (lab.ini) is what tells the two kinds apart, and the
 *    driver's output (hits, misses, evictions) is graded against an exact
 *    LRU of CACHE_DRIVER_ENTRIES.
 *  - A bounded cache that is full makes room for a new key by evicting the
 *    least recently USED entry (not the oldest inserted).  "Used" means a
 *    cache_get() that hit it or a cache_put() that wrote it; cache_peek()
 *    is not a use.
 *  - Counters (struct cache_stats): every cache_get() is exactly one hit or
 *    one miss; every entry removed to make room is one eviction; entries is
 *    how many keys the cache holds now.  cache_peek() counts nothing.
 *
 * Life cycle
 *	struct cache *c = cache_create(CACHE_DRIVER_ENTRIES);
 *	if (c == NULL)
 *		... out of memory, or max_entries was 0 ...
 *	... cache_get(), cache_put() ...
 *	cache_release(c);
 * Ownership: cache_create() returns a cache the caller frees with
 * cache_release(); keys and values are copied in and out, nothing else is
 * owned by anyone.
 *
 * Operations: cache_get() and cache_put() should take O(1) expected time,
 * whatever the number of entries.
 */
#ifndef MEMLAB_CACHE_H
#define MEMLAB_CACHE_H

#include <stddef.h>
#include <stdint.h>

/* The capacity main.c asks for.  lab.ini's bound on peak heap is derived
 * from it: change one, change the other. */
#define CACHE_DRIVER_ENTRIES 1024

/* What cache_bound() says when the cache never evicts. */
#define CACHE_UNBOUNDED SIZE_MAX

/* Hash table tuning for implementations that grow their table
 * (pitfall.c does): first size, and the most entries per bucket on
 * average before the table doubles. */
#define CACHE_INITIAL_BUCKETS 16
#define CACHE_MAX_LOAD 1

struct cache;

struct cache_stats {
	uint64_t hits;      /* cache_get() calls that found their key */
	uint64_t misses;    /* cache_get() calls that did not */
	uint64_t evictions; /* entries removed to make room for a new key */
	size_t entries;     /* keys held now; never more than cache_bound() */
};

/*
 * A new, empty cache that will hold at most max_entries keys (or, for an
 * implementation that never evicts, any number: see cache_bound()).
 * Returns NULL when max_entries is 0 or memory runs out.
 */
struct cache *cache_create(size_t max_entries);

/* Frees the cache and every entry in it.  NULL is allowed. */
void cache_release(struct cache *c);

/* max_entries as given to cache_create(), or CACHE_UNBOUNDED. */
size_t cache_bound(const struct cache *c);

/*
 * Looks key up.  On a hit: stores its value in *value, makes the entry the
 * most recently used, counts a hit and returns 1.  On a miss: leaves
 * *value alone, counts a miss and returns 0.
 */
int cache_get(struct cache *c, uint64_t key, uint64_t *value);

/*
 * Stores value under key and makes that entry the most recently used.  A
 * key already present gets its value replaced.  A new key in a full
 * bounded cache first evicts the least recently used entry.  Returns 0, or
 * -1 when out of memory (the cache is then unchanged).
 */
int cache_put(struct cache *c, uint64_t key, uint64_t value);

/*
 * Like cache_get() but changes nothing: no recency, no counters.  For
 * tests and debugging: it shows what is in the cache without disturbing it.
 */
int cache_peek(const struct cache *c, uint64_t key, uint64_t *value);

/* Copies the counters into *out. */
void cache_read_stats(const struct cache *c, struct cache_stats *out);

#endif
