/*
 * fix-handles.c - lab 03 alternative: the parent link is a handle (an
 * index into a table of slots, with the slot's generation), not a
 * pointer; a world is an array of its nodes, and the collector counts
 * internal references, then marks breadth first from an array queue.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output trees-freed no-leak no-bad-reads collector-peak
 *
 * Weak links.  Every node owns a slot of the handle table while it lives;
 * a dying node empties its slot and bumps the slot's generation, so a
 * child still holding (index, generation) of a dead parent reads NULL,
 * whoever reuses the slot later.  The table doubles when full and never
 * shrinks: at its high-water mark it holds 16 B per node the program ever
 * had alive at once, and that is what it shows between the parts (lab.ini
 * allows 64 B per node there).  Slot 0 is never handed out: index 0 is
 * "no parent".
 */
#include "node.h"

#include <stdlib.h>
#include <string.h>

#define SLOTS_MIN 64 /* first size of the handle table, doubled when full */
#define WORLD_MIN 64 /* first capacity of a world's array, doubled when full */

struct slot {
	struct node *node;  /* NULL when free */
	uint32_t gen;       /* bumped each time the slot is emptied */
	uint32_t next_free; /* free list, when free (0 ends it) */
};

struct node {
	int64_t value;
	size_t refcount;
	struct node **links;
	size_t nlinks, cap;
	uint32_t self;                /* this node's slot */
	uint32_t parent, parent_gen;  /* weak: the parent's slot and its generation */
	struct world *world;
	size_t world_at;              /* index in world->nodes */
	size_t gc_refs;
	int reachable;
};

struct world { struct node **nodes; size_t count, cap; };

static struct slot *slots;
static uint32_t nslots, slots_used = 1, free_slot; /* slot 0 stays unused */
static struct node_stats stats;

/* Doubles *cap (from min) so that *arr holds one more: 0, or -1. */
static int grow(void **arr, size_t *cap, size_t size, size_t min, size_t limit)
{
	size_t want = *cap == 0 ? min : *cap;
	void *grown;

	if (*cap != 0) {
		if (want > limit / 2)
			return -1;
		want *= 2;
	}
	if (want > SIZE_MAX / size)
		return -1;
	grown = realloc(*arr, want * size);
	if (grown == NULL)
		return -1;
	*arr = grown;
	*cap = want;
	return 0;
}

static int slot_take(struct node *n)
{
	uint32_t i = free_slot;

	if (i != 0) {
		free_slot = slots[i].next_free;
	} else {
		if (slots_used >= nslots) { /* slot 0 counts as used from the start */
			size_t cap = nslots;
			void *arr = slots;

			if (grow(&arr, &cap, sizeof *slots, SLOTS_MIN, UINT32_MAX) != 0)
				return -1;
			slots = arr;
			nslots = (uint32_t)cap;
		}
		i = slots_used++;
		slots[i].gen = 0;
	}
	slots[i].node = n;
	n->self = i;
	return 0;
}

static void slot_give_back(uint32_t i)
{
	slots[i] = (struct slot){ NULL, slots[i].gen + 1, free_slot }; /* old handles: stale */
	free_slot = i;
}

struct node *node_new(int64_t value)
{
	struct node *n = calloc(1, sizeof *n);

	if (n == NULL)
		return NULL;
	if (slot_take(n) != 0) {
		free(n);
		return NULL;
	}
	n->value = value;
	n->refcount = 1;
	stats.created++;
	return n;
}

void node_retain(struct node *n) { n->refcount++; }

static void world_drop(struct node *n)
{
	struct world *w = n->world;
	struct node *last = w->nodes[--w->count];

	w->nodes[n->world_at] = last;
	last->world_at = n->world_at;
	n->world = NULL;
}

static void node_clear(struct node *n)
{
	struct node **links = n->links;
	size_t count = n->nlinks;

	n->links = NULL;
	n->nlinks = n->cap = 0;
	n->parent = 0;
	for (size_t i = 0; i < count; i++)
		node_release(links[i]);
	free(links);
}

void node_release(struct node *n)
{
	if (n == NULL || --n->refcount > 0)
		return;
	if (n->world != NULL)
		world_drop(n);
	slot_give_back(n->self);
	node_clear(n);
	free(n);
	stats.freed++;
}

int node_link(struct node *from, struct node *to)
{
	if (from->nlinks == from->cap) {
		void *arr = from->links;

		if (grow(&arr, &from->cap, sizeof *from->links, NODE_LINKS_MIN, SIZE_MAX) != 0)
			return -1;
		from->links = arr;
	}
	from->links[from->nlinks++] = to;
	node_retain(to);
	return 0;
}

struct node *node_parent(const struct node *child)
{
	const struct slot *s = &slots[child->parent];

	return child->parent != 0 && s->gen == child->parent_gen ? s->node : NULL;
}

int node_add_child(struct node *parent, struct node *child)
{
	if (node_parent(child) != NULL)
		return -1;
	for (const struct node *up = parent; up != NULL; up = node_parent(up))
		if (up == child)
			return -1;
	if (node_link(parent, child) != 0)
		return -1;
	child->parent = parent->self;
	child->parent_gen = slots[parent->self].gen;
	return 0;
}

int node_detach(struct node *child)
{
	struct node *parent = node_parent(child);
	size_t i;

	if (parent == NULL)
		return -1;
	for (i = 0; i < parent->nlinks && parent->links[i] != child; i++)
		;
	if (i == parent->nlinks)
		return -1;
	memmove(&parent->links[i], &parent->links[i + 1],
		(parent->nlinks - i - 1) * sizeof parent->links[0]);
	parent->nlinks--;
	child->parent = 0;
	return 0;
}

int64_t node_value(const struct node *n) { return n->value; }
size_t node_link_count(const struct node *n) { return n->nlinks; }
struct node *node_link_at(const struct node *n, size_t i) { return n->links[i]; }

struct world *world_new(void) { return calloc(1, sizeof(struct world)); }

struct node *world_node_new(struct world *w, int64_t value)
{
	struct node *n;

	if (w->count == w->cap) {
		void *arr = w->nodes;

		if (grow(&arr, &w->cap, sizeof *w->nodes, WORLD_MIN, SIZE_MAX) != 0)
			return NULL;
		w->nodes = arr;
	}
	if ((n = node_new(value)) == NULL)
		return NULL;
	n->world = w;
	n->world_at = w->count;
	w->nodes[w->count++] = n;
	return n;
}

size_t world_count(const struct world *w) { return w->count; }

/* Pins the count nodes of doomed, takes any still tracked out of their
 * world, clears them, lets go.  Returns how many that freed. */
static size_t free_all(struct node **doomed, size_t count)
{
	uint64_t before = stats.freed;

	for (size_t i = 0; i < count; i++) {
		node_retain(doomed[i]);
		if (doomed[i]->world != NULL)
			world_drop(doomed[i]);
	}
	for (size_t i = 0; i < count; i++)
		node_clear(doomed[i]);
	for (size_t i = 0; i < count; i++)
		node_release(doomed[i]);
	return (size_t)(stats.freed - before);
}

size_t world_collect(struct world *w)
{
	size_t n = w->count, head = 0, tail = 0, garbage = 0, freed;
	struct node **queue;

	if (n == 0)
		return 0;
	if ((queue = malloc(n * sizeof *queue)) == NULL) /* n nodes exist: cannot overflow */
		return 0; /* out of memory: collect nothing this time */
	for (size_t i = 0; i < n; i++) {
		w->nodes[i]->gc_refs = w->nodes[i]->refcount;
		w->nodes[i]->reachable = 0;
	}
	stats.examined += n;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < w->nodes[i]->nlinks; k++)
			if (w->nodes[i]->links[k]->world == w)
				w->nodes[i]->links[k]->gc_refs--;
	for (size_t i = 0; i < n; i++)
		if (w->nodes[i]->gc_refs > 0) {
			w->nodes[i]->reachable = 1;
			queue[tail++] = w->nodes[i];
		}
	while (head < tail) {
		struct node *m = queue[head++];

		for (size_t k = 0; k < m->nlinks; k++) {
			struct node *t = m->links[k];

			if (t->world == w && !t->reachable) {
				t->reachable = 1;
				queue[tail++] = t;
			}
		}
	}
	for (size_t i = 0; i < n; i++) /* the queue's room, reused for the garbage */
		if (!w->nodes[i]->reachable)
			queue[garbage++] = w->nodes[i];
	freed = free_all(queue, garbage);
	free(queue);
	stats.collected += freed;
	return freed;
}

size_t world_release(struct world *w)
{
	size_t freed, count;

	if (w == NULL)
		return 0;
	count = w->count;
	for (size_t i = 0; i < count; i++)
		w->nodes[i]->world = NULL; /* untracked now: the array is ours to walk */
	w->count = 0;
	freed = free_all(w->nodes, count);
	free(w->nodes);
	free(w);
	return freed;
}

void node_stats_get(struct node_stats *out) { *out = stats; }
