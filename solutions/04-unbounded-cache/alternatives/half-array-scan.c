/*
 * half-array-scan.c - a half fix of lab 04: an exact LRU of the right
 * bound, kept as one array in recency order ([0] least recently used),
 * like the tests' model.  Bounded and lean (16 B per entry, one block),
 * and every answer and count right; but each get scans the array and
 * each use shifts it: O(n) per operation, where cache.h asks for O(1).
 * kind: half
 * expect-score: 85 95
 * expect-pass: tests output memcheck peak-bound peak-growth
 * expect-fail: constant-time
 */
#include "cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct slot { uint64_t key, value; };

struct cache {
	struct slot *s; /* [0, n): least to most recently used */
	size_t n, bound;
	uint64_t hits, misses, evictions;
};

static size_t find(const struct cache *c, uint64_t key)
{
	size_t i = 0;

	while (i < c->n && c->s[i].key != key)
		i++;
	return i; /* c->n: absent */
}

/* Slot i becomes the most recently used, [n - 1]. */
static void touch(struct cache *c, size_t i)
{
	struct slot used = c->s[i];

	memmove(&c->s[i], &c->s[i + 1], (c->n - i - 1) * sizeof *c->s);
	c->s[c->n - 1] = used;
}

struct cache *cache_create(size_t max_entries)
{
	struct cache *c;

	if (max_entries == 0 || max_entries > SIZE_MAX / sizeof(struct slot))
		return NULL;
	c = calloc(1, sizeof *c);
	if (c == NULL)
		return NULL;
	c->s = malloc(max_entries * sizeof *c->s);
	if (c->s == NULL) {
		free(c);
		return NULL;
	}
	c->bound = max_entries;
	return c;
}

void cache_release(struct cache *c)
{
	if (c == NULL)
		return;
	free(c->s);
	free(c);
}

size_t cache_bound(const struct cache *c)
{
	return c->bound;
}

int cache_get(struct cache *c, uint64_t key, uint64_t *value)
{
	size_t i = find(c, key);

	if (i == c->n) {
		c->misses++;
		return 0;
	}
	c->hits++;
	*value = c->s[i].value;
	touch(c, i);
	return 1;
}

int cache_put(struct cache *c, uint64_t key, uint64_t value)
{
	size_t i = find(c, key);

	if (i == c->n && c->n == c->bound) {
		i = 0; /* full: [0] makes room */
		c->evictions++;
	} else if (i == c->n) {
		c->n++;
	}
	c->s[i] = (struct slot){ key, value };
	touch(c, i);
	return 0;
}

int cache_peek(const struct cache *c, uint64_t key, uint64_t *value)
{
	size_t i = find(c, key);

	if (i == c->n)
		return 0;
	*value = c->s[i].value;
	return 1;
}

void cache_read_stats(const struct cache *c, struct cache_stats *out)
{
	out->hits = c->hits;
	out->misses = c->misses;
	out->evictions = c->evictions;
	out->entries = c->n;
}
