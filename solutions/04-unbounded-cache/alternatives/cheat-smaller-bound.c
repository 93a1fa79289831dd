/*
 * cheat-smaller-bound.c - a cheat of lab 04: the reference LRU, but it
 * keeps at most CHEAT_ENTRIES = 256 keys whatever it is asked for, while
 * cache_bound() says it keeps what was asked.  A quarter of the heap at
 * the driver's 1024; the tests' small bounds (1 .. 100) never see it.  The
 * driver's output does (other hits, misses and evictions than an LRU of
 * 1024), and so does the tests' workload case (its entries and hits).
 * kind: cheat
 * expect-score: 0 20
 * expect-fail: tests output memcheck peak-bound peak-growth constant-time
 */
#include "cache.h"

#include <stdint.h>
#include <stdlib.h>

#define CHEAT_ENTRIES 256 /* the most keys kept, whatever is asked */

struct node {
	uint64_t key;
	uint64_t value;
	struct node *prev, *next; /* recency list, circular through lru */
	struct node *chain;       /* next node in the same bucket */
};

struct cache {
	struct node **buckets;
	size_t mask;       /* bucket count - 1; the count is a power of two */
	struct node lru;   /* sentinel: lru.next most, lru.prev least recent */
	size_t bound, entries;
	uint64_t hits, misses, evictions;
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

static struct node **bucket_of(const struct cache *c, uint64_t key)
{
	return &c->buckets[hash_key(key) & c->mask];
}

static struct node *find(const struct cache *c, uint64_t key)
{
	for (struct node *n = *bucket_of(c, key); n != NULL; n = n->chain)
		if (n->key == key)
			return n;
	return NULL;
}

static void list_unlink(struct node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
}

static void list_push_front(struct cache *c, struct node *n)
{
	n->prev = &c->lru;
	n->next = c->lru.next;
	c->lru.next->prev = n;
	c->lru.next = n;
}

/* Takes n out of its bucket's chain (chains are short: load <= 1). */
static void chain_unlink(struct cache *c, struct node *n)
{
	struct node **link = bucket_of(c, n->key);

	while (*link != n)
		link = &(*link)->chain;
	*link = n->chain;
}

static void chain_push(struct cache *c, struct node *n)
{
	struct node **b = bucket_of(c, n->key);

	n->chain = *b;
	*b = n;
}

struct cache *cache_create(size_t max_entries)
{
	size_t nbuckets = 1;
	struct cache *c = NULL;

	if (max_entries == 0)
		return NULL;
	/* One bucket per entry at least, rounded up to a power of two. */
	while (nbuckets < max_entries) {
		if (nbuckets > SIZE_MAX / 2)
			return NULL;
		nbuckets *= 2;
	}
	c = calloc(1, sizeof *c);
	if (c == NULL)
		goto fail;
	c->buckets = calloc(nbuckets, sizeof *c->buckets); /* checks n * size */
	if (c->buckets == NULL)
		goto fail;
	c->mask = nbuckets - 1;
	c->lru.prev = c->lru.next = &c->lru;
	c->bound = max_entries; /* what cache_bound() says */
	return c;
fail:
	free(c);
	return NULL;
}

void cache_release(struct cache *c)
{
	if (c == NULL)
		return;
	struct node *n = c->lru.next;
	while (n != &c->lru) {
		struct node *next = n->next;
		free(n);
		n = next;
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
	list_unlink(n);             /* a use: n becomes the most recent */
	list_push_front(c, n);
	*value = n->value;
	return 1;
}

int cache_put(struct cache *c, uint64_t key, uint64_t value)
{
	struct node *n = find(c, key);

	if (n != NULL) {
		n->value = value;
		list_unlink(n);
		list_push_front(c, n);
		return 0;
	}
	if (c->entries < c->bound && c->entries < CHEAT_ENTRIES) {
		n = malloc(sizeof *n);
		if (n == NULL)
			return -1;
		c->entries++;
	} else {
		n = c->lru.prev;    /* full: recycle the least recently used */
		chain_unlink(c, n);
		list_unlink(n);
		c->evictions++;
	}
	n->key = key;
	n->value = value;
	chain_push(c, n);
	list_push_front(c, n);
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
