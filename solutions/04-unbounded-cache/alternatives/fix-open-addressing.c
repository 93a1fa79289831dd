/*
 * fix-open-addressing.c - an alternative fix of lab 04, done apart from the
 * reference: every node lives in one array allocated at creation, the
 * recency list links nodes by index, and keys are found by linear probing
 * in a table of node indices twice the bound (deletion by backward shift,
 * no tombstones).  Two blocks, sized once: nothing is allocated after
 * cache_create().
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-bound peak-growth constant-time
 */
#include "cache.h"

#include <stdint.h>
#include <stdlib.h>

#define NONE SIZE_MAX   /* no node: an empty slot, the end of the list */
#define SLOTS_PER_ENTRY 2 /* the probe table's load stays <= 1/2 */

struct node {
	uint64_t key, value;
	size_t prev, next; /* recency list by index; NONE at the ends */
};

struct cache {
	struct node *nodes; /* [0, entries) in use */
	size_t *slots;      /* node index or NONE; count is a power of two */
	size_t mask, bound, entries;
	size_t head, tail;  /* most and least recently used */
	uint64_t hits, misses, evictions;
};

/* Fibonacci hashing: the golden ratio's bits spread nearby keys. */
static size_t home_of(const struct cache *c, uint64_t key)
{
	uint64_t h = key * UINT64_C(0x9e3779b97f4a7c15);

	return (size_t)(h ^ (h >> 29)) & c->mask;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t probe(const struct cache *c, uint64_t key)
{
	size_t i = home_of(c, key);

	while (c->slots[i] != NONE && c->nodes[c->slots[i]].key != key)
		i = (i + 1) & c->mask;
	return i;
}

/* Empties slot i and shifts later members of its run back into the gap. */
static void slot_delete(struct cache *c, size_t i)
{
	size_t j = i;

	for (;;) {
		j = (j + 1) & c->mask;
		if (c->slots[j] == NONE)
			break;
		size_t home = home_of(c, c->nodes[c->slots[j]].key);
		/* j may move to i when its home is not in (i, j] cyclically */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			c->slots[i] = c->slots[j];
			i = j;
		}
	}
	c->slots[i] = NONE;
}

static void list_unlink(struct cache *c, size_t n)
{
	struct node *x = &c->nodes[n];

	if (x->prev != NONE) c->nodes[x->prev].next = x->next; else c->head = x->next;
	if (x->next != NONE) c->nodes[x->next].prev = x->prev; else c->tail = x->prev;
}

static void list_push_front(struct cache *c, size_t n)
{
	c->nodes[n].prev = NONE;
	c->nodes[n].next = c->head;
	if (c->head != NONE) c->nodes[c->head].prev = n; else c->tail = n;
	c->head = n;
}

struct cache *cache_create(size_t max_entries)
{
	struct cache *c = NULL;
	size_t nslots = 1;

	if (max_entries == 0 || max_entries > SIZE_MAX / SLOTS_PER_ENTRY / sizeof(struct node))
		return NULL;
	while (nslots < max_entries * SLOTS_PER_ENTRY)
		nslots *= 2;
	c = calloc(1, sizeof *c);
	if (c == NULL)
		goto fail;
	c->nodes = malloc(max_entries * sizeof *c->nodes);
	c->slots = malloc(nslots * sizeof *c->slots);
	if (c->nodes == NULL || c->slots == NULL)
		goto fail;
	for (size_t i = 0; i < nslots; i++)
		c->slots[i] = NONE;
	c->mask = nslots - 1;
	c->bound = max_entries;
	c->head = c->tail = NONE;
	return c;
fail:
	if (c != NULL) {
		free(c->nodes);
		free(c->slots);
	}
	free(c);
	return NULL;
}

void cache_release(struct cache *c)
{
	if (c == NULL)
		return;
	free(c->nodes);
	free(c->slots);
	free(c);
}

size_t cache_bound(const struct cache *c)
{
	return c->bound;
}

int cache_get(struct cache *c, uint64_t key, uint64_t *value)
{
	size_t n = c->slots[probe(c, key)];

	if (n == NONE) {
		c->misses++;
		return 0;
	}
	c->hits++;
	list_unlink(c, n);
	list_push_front(c, n);
	*value = c->nodes[n].value;
	return 1;
}

int cache_put(struct cache *c, uint64_t key, uint64_t value)
{
	size_t i = probe(c, key), n = c->slots[i];

	if (n != NONE) {
		c->nodes[n].value = value;
		list_unlink(c, n);
		list_push_front(c, n);
		return 0;
	}
	if (c->entries < c->bound) {
		n = c->entries++;
	} else {
		n = c->tail; /* full: the least recently used node is reused */
		list_unlink(c, n);
		slot_delete(c, probe(c, c->nodes[n].key));
		c->evictions++;
		i = probe(c, key); /* the shift may have moved key's slot */
	}
	c->nodes[n].key = key;
	c->nodes[n].value = value;
	c->slots[i] = n;
	list_push_front(c, n);
	return 0;
}

int cache_peek(const struct cache *c, uint64_t key, uint64_t *value)
{
	size_t n = c->slots[probe(c, key)];

	if (n == NONE)
		return 0;
	*value = c->nodes[n].value;
	return 1;
}

void cache_read_stats(const struct cache *c, struct cache_stats *out)
{
	out->hits = c->hits;
	out->misses = c->misses;
	out->evictions = c->evictions;
	out->entries = c->entries;
}
