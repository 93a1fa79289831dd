/*
 * tests/lru_model.h - the tests' reference LRU: an array in recency order,
 * O(n) per operation and too simple to be wrong.  cache.h's policy, as
 * the tests hold a bounded cache to it.  Neighbours: test_cache.c (random
 * operations against it), test_workload.c (the driver's stream against it).
 */
#ifndef MEMLAB_LRU_MODEL_H
#define MEMLAB_LRU_MODEL_H

#include "cache.h"

#include <stddef.h>
#include <stdint.h>

/* The most entries the model holds: the driver's bound, which the
 * workload case checks against. */
#define MODEL_MAX CACHE_DRIVER_ENTRIES

struct pair { uint64_t key, value; };

/* [0] is the least recently used, [n - 1] the most. */
struct model {
	struct pair e[MODEL_MAX];
	size_t n, bound; /* bound <= MODEL_MAX */
	uint64_t hits, misses, evictions;
};

static size_t model_find(const struct model *m, uint64_t key)
{
	size_t i = 0;

	while (i < m->n && m->e[i].key != key)
		i++;
	return i; /* m->n when absent */
}

/* A use: entry i moves to the most recent end, [n - 1]. */
static void model_touch(struct model *m, size_t i)
{
	struct pair used = m->e[i];

	for (; i + 1 < m->n; i++)
		m->e[i] = m->e[i + 1];
	m->e[m->n - 1] = used;
}

static int model_get(struct model *m, uint64_t key, uint64_t *value)
{
	size_t i = model_find(m, key);

	if (i == m->n) {
		m->misses++;
		return 0;
	}
	m->hits++;
	*value = m->e[i].value;
	model_touch(m, i);
	return 1;
}

static void model_put(struct model *m, uint64_t key, uint64_t value)
{
	size_t i = model_find(m, key);

	if (i == m->n && m->n == m->bound) { /* full: [0] makes room */
		i = 0;
		m->evictions++;
	} else if (i == m->n) {
		m->n++;
	}
	m->e[i] = (struct pair){ key, value };
	model_touch(m, i);
}

#endif
