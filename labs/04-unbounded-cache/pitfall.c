/*
 * pitfall.c - the cache that never forgets (trusted lab code: the tests'
 * transcripts of an unbounded cache come from this file; students do not
 * edit it).
 * Neighbours: cache.h (the contract), main.c (the driver),
 * ../../solutions/04-unbounded-cache/cache.c (the fix).
 *
 * This is the C twin of the most common Python memo:
 *
 *	_answers = {}                      # module level: lives forever
 *	def answer(key):
 *	    if key not in _answers:
 *	        _answers[key] = slow_answer(key)
 *	    return _answers[key]
 *
 * (or @functools.lru_cache(maxsize=None), or @functools.cache: the same).
 * It is correct and fast: every key is computed once.  But the map keeps
 * every key it has ever seen.  On skewed traffic most keys are asked for
 * once and never again, so nearly all of that memory holds answers nobody
 * will ask for, and it grows with the length of the stream: a server that
 * runs for a week is a server that runs out of memory.
 *
 * How it hurts, concretely: one entry here is a 24-byte node (key, value,
 * chain link) in its own malloc block, plus 8 to 16 bytes of bucket array
 * (the table doubles at load 1), plus malloc's own bookkeeping: peak heap
 * is distinct keys x 50-60 B, and while the table doubles, old and new
 * bucket arrays are alive together.
 */
#include "cache.h"

#include <stdint.h>
#include <stdlib.h>

struct entry {
	uint64_t key;
	uint64_t value;
	struct entry *next; /* next entry in the same bucket */
};

struct cache {
	struct entry **buckets;
	size_t nbuckets; /* a power of two */
	size_t entries;
	uint64_t hits, misses;
};

/* A 64-bit mixer (murmur3's finalizer): nearby keys land far apart. */
static uint64_t hash_key(uint64_t key)
{
	key ^= key >> 33;
	key *= UINT64_C(0xff51afd7ed558ccd);
	key ^= key >> 33;
	key *= UINT64_C(0xc4ceb9fe1a85ec53);
	return key ^ (key >> 33);
}

static struct entry **bucket_of(const struct cache *c, uint64_t key)
{
	return &c->buckets[hash_key(key) & (c->nbuckets - 1)];
}

static struct entry *find(const struct cache *c, uint64_t key)
{
	for (struct entry *e = *bucket_of(c, key); e != NULL; e = e->next)
		if (e->key == key)
			return e;
	return NULL;
}

/* Doubles the bucket array.  The old one is freed only after every entry
 * has moved, so for a moment both are alive: a spike in the peak. */
static int grow(struct cache *c)
{
	struct entry **old = c->buckets;
	size_t oldn = c->nbuckets;

	if (oldn > SIZE_MAX / 2)
		return -1;
	struct entry **fresh = calloc(oldn * 2, sizeof *fresh);
	if (fresh == NULL)
		return -1;
	c->buckets = fresh;
	c->nbuckets = oldn * 2;
	for (size_t i = 0; i < oldn; i++) {
		struct entry *e = old[i];
		while (e != NULL) {
			struct entry *next = e->next;
			struct entry **b = bucket_of(c, e->key);
			e->next = *b;
			*b = e;
			e = next;
		}
	}
	free(old);
	return 0;
}

/* The bound is ignored: nothing here would ever use it. */
struct cache *cache_create(size_t max_entries)
{
	if (max_entries == 0)
		return NULL;
	struct cache *c = calloc(1, sizeof *c);
	if (c == NULL)
		return NULL;
	c->nbuckets = CACHE_INITIAL_BUCKETS;
	c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
	if (c->buckets == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

void cache_release(struct cache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nbuckets; i++) {
		struct entry *e = c->buckets[i];
		while (e != NULL) {
			struct entry *next = e->next;
			free(e);
			e = next;
		}
	}
	free(c->buckets);
	free(c);
}

/* Honest about it: the tests then expect no evictions, ever. */
size_t cache_bound(const struct cache *c)
{
	(void)c;
	return CACHE_UNBOUNDED;
}

/* Recency is not tracked: with no evictions, nobody needs it. */
int cache_get(struct cache *c, uint64_t key, uint64_t *value)
{
	struct entry *e = find(c, key);

	if (e == NULL) {
		c->misses++;
		return 0;
	}
	c->hits++;
	*value = e->value;
	return 1;
}

/* THE PITFALL: a new key always means a new entry, kept forever. */
int cache_put(struct cache *c, uint64_t key, uint64_t value)
{
	struct entry *e = find(c, key);

	if (e != NULL) {
		e->value = value;
		return 0;
	}
	if (c->entries >= c->nbuckets * CACHE_MAX_LOAD && grow(c) != 0)
		return -1;
	e = malloc(sizeof *e);
	if (e == NULL)
		return -1;
	struct entry **b = bucket_of(c, key);
	e->key = key;
	e->value = value;
	e->next = *b;
	*b = e;
	c->entries++;
	return 0;
}

int cache_peek(const struct cache *c, uint64_t key, uint64_t *value)
{
	const struct entry *e = find(c, key);

	if (e == NULL)
		return 0;
	*value = e->value;
	return 1;
}

void cache_read_stats(const struct cache *c, struct cache_stats *out)
{
	out->hits = c->hits;
	out->misses = c->misses;
	out->evictions = 0;
	out->entries = c->entries;
}
