/*
 * cheat-never-caches.c - a cheat of lab 04: a "cache" that stores nothing,
 * so every get misses and the driver calls the slow function every time.
 * Its answers are right (they all come from the slow function) and its
 * heap is one small block at every size: flat and lean, but it does not
 * do the job.  The tests see the misses, the driver's output shows hits 0,
 * and every memory criterion needs the tests: no memory points.
 * kind: cheat
 * expect-score: 0 20
 * expect-fail: tests output memcheck peak-bound peak-growth constant-time
 */
#include "cache.h"

#include <stdint.h>
#include <stdlib.h>

struct cache {
	size_t bound;
	uint64_t misses;
};

struct cache *cache_create(size_t max_entries)
{
	struct cache *c;

	if (max_entries == 0)
		return NULL;
	c = calloc(1, sizeof *c);
	if (c != NULL)
		c->bound = max_entries;
	return c;
}

void cache_release(struct cache *c)
{
	free(c);
}

size_t cache_bound(const struct cache *c)
{
	return c->bound;
}

int cache_get(struct cache *c, uint64_t key, uint64_t *value)
{
	(void)key;
	(void)value;
	c->misses++;
	return 0;
}

int cache_put(struct cache *c, uint64_t key, uint64_t value)
{
	(void)c;
	(void)key;
	(void)value;
	return 0;
}

int cache_peek(const struct cache *c, uint64_t key, uint64_t *value)
{
	(void)c;
	(void)key;
	(void)value;
	return 0;
}

void cache_read_stats(const struct cache *c, struct cache_stats *out)
{
	out->hits = 0;
	out->misses = c->misses;
	out->evictions = 0;
	out->entries = 0;
}
