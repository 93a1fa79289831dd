/*
 * fix-growing-pool.c - an alternative fix of lab 04, done apart from the
 * reference: nodes live in an array that grows by doubling (realloc) as
 * keys arrive, never past the bound, so a cache asked for a million
 * entries costs little until it holds them; links are indices (they
 * survive realloc moving the array); buckets are twice the bound.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-bound peak-growth constant-time
 */
#include "cache.h"

#include <stdint.h>
#include <stdlib.h>

#define NIL SIZE_MAX        /* no node */
#define POOL_FIRST 64       /* nodes in the first array */
#define POOL_GROWTH 2       /* the array's growth factor */
#define BUCKETS_PER_ENTRY 2

struct node {
	uint64_t key, value;
	size_t prev, next; /* recency list, NIL at the ends */
	size_t chain;      /* next node in the same bucket */
};

struct cache {
	struct node *pool;
	size_t cap, used;   /* pool slots allocated, in use */
	size_t *buckets;    /* first node index of each chain, or NIL */
	size_t mask, bound;
	size_t mru, lru;    /* ends of the recency list */
	uint64_t hits, misses, evictions;
};

static size_t bucket(const struct cache *c, uint64_t key)
{
	key ^= key >> 31;
	key *= UINT64_C(0x7fb5d329728ea185);
	key ^= key >> 27;
	return (size_t)key & c->mask;
}

static size_t find(const struct cache *c, uint64_t key)
{
	size_t n = c->buckets[bucket(c, key)];

	while (n != NIL && c->pool[n].key != key)
		n = c->pool[n].chain;
	return n;
}

static void unlink_use(struct cache *c, size_t n)
{
	struct node *x = &c->pool[n];

	if (x->prev == NIL) c->mru = x->next; else c->pool[x->prev].next = x->next;
	if (x->next == NIL) c->lru = x->prev; else c->pool[x->next].prev = x->prev;
}

static void link_first(struct cache *c, size_t n)
{
	c->pool[n].prev = NIL;
	c->pool[n].next = c->mru;
	if (c->mru == NIL) c->lru = n; else c->pool[c->mru].prev = n;
	c->mru = n;
}

/* Room for one more node: doubles the array, capped at the bound. */
static int pool_reserve(struct cache *c)
{
	if (c->used < c->cap)
		return 0;
	size_t cap = c->cap == 0 ? POOL_FIRST : c->cap > SIZE_MAX / POOL_GROWTH ? SIZE_MAX : c->cap * POOL_GROWTH;
	if (cap > c->bound)
		cap = c->bound;
	if (cap > SIZE_MAX / sizeof *c->pool)
		return -1;
	struct node *bigger = realloc(c->pool, cap * sizeof *bigger);
	if (bigger == NULL)
		return -1;
	c->pool = bigger;
	c->cap = cap;
	return 0;
}

struct cache *cache_create(size_t max_entries)
{
	size_t nb = 1;
	struct cache *c;

	if (max_entries == 0 || max_entries > SIZE_MAX / BUCKETS_PER_ENTRY / sizeof(size_t))
		return NULL;
	while (nb < max_entries * BUCKETS_PER_ENTRY)
		nb *= 2;
	c = calloc(1, sizeof *c);
	if (c == NULL)
		return NULL;
	c->buckets = malloc(nb * sizeof *c->buckets);
	if (c->buckets == NULL) {
		free(c);
		return NULL;
	}
	for (size_t i = 0; i < nb; i++)
		c->buckets[i] = NIL;
	c->mask = nb - 1;
	c->bound = max_entries;
	c->mru = c->lru = NIL;
	return c;
}

void cache_release(struct cache *c)
{
	if (c == NULL)
		return;
	free(c->pool);
	free(c->buckets);
	free(c);
}

size_t cache_bound(const struct cache *c)
{
	return c->bound;
}

int cache_get(struct cache *c, uint64_t key, uint64_t *value)
{
	size_t n = find(c, key);

	if (n == NIL) {
		c->misses++;
		return 0;
	}
	c->hits++;
	unlink_use(c, n);
	link_first(c, n);
	*value = c->pool[n].value;
	return 1;
}

int cache_put(struct cache *c, uint64_t key, uint64_t value)
{
	size_t n = find(c, key), *link;

	if (n != NIL) {
		c->pool[n].value = value;
		unlink_use(c, n);
		link_first(c, n);
		return 0;
	}
	if (c->used < c->bound) {
		if (pool_reserve(c) != 0)
			return -1;
		n = c->used++;
	} else {
		n = c->lru; /* full: the least recently used slot is reused */
		for (link = &c->buckets[bucket(c, c->pool[n].key)]; *link != n;)
			link = &c->pool[*link].chain;
		*link = c->pool[n].chain;
		unlink_use(c, n);
		c->evictions++;
	}
	link = &c->buckets[bucket(c, key)];
	c->pool[n].key = key;
	c->pool[n].value = value;
	c->pool[n].chain = *link;
	*link = n;
	link_first(c, n);
	return 0;
}

int cache_peek(const struct cache *c, uint64_t key, uint64_t *value)
{
	size_t n = find(c, key);

	if (n == NIL)
		return 0;
	*value = c->pool[n].value;
	return 1;
}

void cache_read_stats(const struct cache *c, struct cache_stats *out)
{
	out->hits = c->hits;
	out->misses = c->misses;
	out->evictions = c->evictions;
	out->entries = c->used;
}
