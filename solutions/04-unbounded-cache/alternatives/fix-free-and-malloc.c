/*
 * fix-free-and-malloc.c - an alternative fix of lab 04, done apart from the
 * reference: a chained table with half as many buckets as entries (load
 * up to 2) and a multiplicative hash, a recency list with head and tail
 * pointers instead of a sentinel, and an evicted node freed and a new one
 * malloc'd (no recycling): the new node comes first, so that a put out of
 * memory leaves the cache unchanged, and the heap peaks at bound + 1 nodes.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-bound peak-growth constant-time
 */
#include "cache.h"

#include <stdint.h>
#include <stdlib.h>

#define ENTRIES_PER_BUCKET 2 /* buckets = bound / 2, rounded up to a power of two */

struct node {
	uint64_t key, value;
	struct node *newer, *older; /* recency list */
	struct node *chain;
};

struct cache {
	struct node **buckets;
	unsigned shift;           /* 64 - log2(bucket count) */
	struct node *newest, *oldest;
	size_t bound, entries;
	uint64_t hits, misses, evictions;
};

static struct node **bucket_of(const struct cache *c, uint64_t key)
{
	/* the top bits of key * 2^64 / phi (one bucket: shift 64, no shift) */
	return &c->buckets[c->shift == 64 ? 0 : (key * UINT64_C(0x9e3779b97f4a7c15)) >> c->shift];
}

static struct node *find(const struct cache *c, uint64_t key)
{
	struct node *n = *bucket_of(c, key);

	while (n != NULL && n->key != key)
		n = n->chain;
	return n;
}

static void detach(struct cache *c, struct node *n)
{
	if (n->newer) n->newer->older = n->older; else c->newest = n->older;
	if (n->older) n->older->newer = n->newer; else c->oldest = n->newer;
}

static void make_newest(struct cache *c, struct node *n)
{
	n->newer = NULL;
	n->older = c->newest;
	if (c->newest) c->newest->newer = n; else c->oldest = n;
	c->newest = n;
}

struct cache *cache_create(size_t max_entries)
{
	struct cache *c;
	size_t want = max_entries / ENTRIES_PER_BUCKET, nb = 1;
	unsigned bits = 0;

	if (max_entries == 0)
		return NULL;
	while (nb < want && bits < 62) {
		nb *= 2;
		bits++;
	}
	c = calloc(1, sizeof *c);
	if (c == NULL)
		return NULL;
	c->buckets = calloc(nb, sizeof *c->buckets);
	if (c->buckets == NULL) {
		free(c);
		return NULL;
	}
	c->shift = 64 - bits;
	c->bound = max_entries;
	return c;
}

void cache_release(struct cache *c)
{
	if (c == NULL)
		return;
	for (struct node *n = c->newest, *next; n != NULL; n = next) {
		next = n->older;
		free(n);
	}
	free(c->buckets);
	free(c);
}

size_t cache_bound(const struct cache *c)
{
	return c->bound;
}

int cache_get(struct cache *c, uint64_t key, uint64_t *value)
{
	struct node *n = find(c, key);

	if (n == NULL) {
		c->misses++;
		return 0;
	}
	c->hits++;
	detach(c, n);
	make_newest(c, n);
	*value = n->value;
	return 1;
}

/* Frees the oldest node, out of both structures. */
static void evict_oldest(struct cache *c)
{
	struct node *victim = c->oldest, **link = bucket_of(c, victim->key);

	while (*link != victim)
		link = &(*link)->chain;
	*link = victim->chain;
	detach(c, victim);
	free(victim);
	c->entries--;
	c->evictions++;
}

int cache_put(struct cache *c, uint64_t key, uint64_t value)
{
	struct node *n = find(c, key);

	if (n != NULL) {
		n->value = value;
		detach(c, n);
		make_newest(c, n);
		return 0;
	}
	/* allocate first: when out of memory, the cache is unchanged */
	n = malloc(sizeof *n);
	if (n == NULL)
		return -1;
	if (c->entries == c->bound)
		evict_oldest(c);
	struct node **b = bucket_of(c, key);
	n->key = key;
	n->value = value;
	n->chain = *b;
	*b = n;
	make_newest(c, n);
	c->entries++;
	return 0;
}

int cache_peek(const struct cache *c, uint64_t key, uint64_t *value)
{
	const struct node *n = find(c, key);

	if (n == NULL)
		return 0;
	*value = n->value;
	return 1;
}

void cache_read_stats(const struct cache *c, struct cache_stats *out)
{
	out->hits = c->hits;
	out->misses = c->misses;
	out->evictions = c->evictions;
	out->entries = c->entries;
}
