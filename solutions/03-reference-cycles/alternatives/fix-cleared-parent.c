/*
 * fix-cleared-parent.c - lab 03 alternative: the parent link is a plain
 * pointer that owns nothing, and a dying parent clears it in each child
 * (Swift's and Objective-C's zeroing weak references, done by the owner);
 * the collector marks with an explicit stack, then sweeps.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output trees-freed no-leak no-bad-reads collector-peak
 *
 * Weak links.  child->parent is set by node_add_child and cleared by
 * node_detach, by the parent's death (it walks its links first: each
 * child whose parent is it reads NULL from then on) and by node_clear.  A
 * node's children are always among its links, so the walk finds them all.
 *
 * The collector: count each tracked node's references from other tracked
 * nodes (internal); the nodes whose refcount exceeds that are held from
 * outside: the roots.  Mark from them through links with a growable
 * stack; every unmarked tracked node is garbage: pin, clear, unpin.
 */
#include "node.h"

#include <stdlib.h>
#include <string.h>

#define MARK_STACK_MIN 64 /* first capacity of the mark stack, doubled when full */

struct node {
	int64_t value;
	size_t refcount;
	struct node **links;
	size_t nlinks, cap;
	struct node *parent;      /* weak: owns nothing, cleared when the parent dies */
	struct world *world;
	struct node *prev, *next; /* the world's list */
	size_t internal;          /* collector: references from tracked nodes */
	int marked;
};

struct world { struct node *head; size_t count; };

static struct node_stats stats;

static void unlink_from_world(struct node *n)
{
	struct world *w = n->world;

	if (n->prev != NULL)
		n->prev->next = n->next;
	else
		w->head = n->next;
	if (n->next != NULL)
		n->next->prev = n->prev;
	w->count--;
	n->world = NULL;
	n->prev = n->next = NULL;
}

struct node *node_new(int64_t value)
{
	struct node *n = calloc(1, sizeof *n);

	if (n == NULL)
		return NULL;
	n->value = value;
	n->refcount = 1;
	stats.created++;
	return n;
}

void node_retain(struct node *n) { n->refcount++; }

/* Drops n's links and parent link; children it held read "no parent". */
static void node_clear(struct node *n)
{
	struct node **links = n->links;
	size_t count = n->nlinks;

	n->links = NULL;
	n->nlinks = n->cap = 0;
	n->parent = NULL;
	for (size_t i = 0; i < count; i++)
		if (links[i]->parent == n)
			links[i]->parent = NULL;
	for (size_t i = 0; i < count; i++)
		node_release(links[i]);
	free(links);
}

void node_release(struct node *n)
{
	if (n == NULL || --n->refcount > 0)
		return;
	if (n->world != NULL)
		unlink_from_world(n);
	node_clear(n);
	free(n);
	stats.freed++;
}

int node_link(struct node *from, struct node *to)
{
	if (from->nlinks == from->cap) {
		size_t cap = from->cap == 0 ? NODE_LINKS_MIN : from->cap;
		struct node **grown;

		if (from->cap != 0) {
			if (cap > SIZE_MAX / NODE_LINKS_GROWTH / sizeof *grown)
				return -1;
			cap *= NODE_LINKS_GROWTH;
		}
		grown = realloc(from->links, cap * sizeof *grown);
		if (grown == NULL)
			return -1;
		from->links = grown;
		from->cap = cap;
	}
	from->links[from->nlinks++] = to;
	node_retain(to);
	return 0;
}

struct node *node_parent(const struct node *child) { return child->parent; }

int node_add_child(struct node *parent, struct node *child)
{
	if (child->parent != NULL)
		return -1;
	for (const struct node *up = parent; up != NULL; up = up->parent)
		if (up == child)
			return -1;
	if (node_link(parent, child) != 0)
		return -1;
	child->parent = parent;
	return 0;
}

int node_detach(struct node *child)
{
	struct node *parent = child->parent;
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
	child->parent = NULL;
	return 0;
}

int64_t node_value(const struct node *n) { return n->value; }
size_t node_link_count(const struct node *n) { return n->nlinks; }
struct node *node_link_at(const struct node *n, size_t i) { return n->links[i]; }

struct world *world_new(void) { return calloc(1, sizeof(struct world)); }

struct node *world_node_new(struct world *w, int64_t value)
{
	struct node *n = node_new(value);

	if (n == NULL)
		return NULL;
	n->world = w;
	n->next = w->head;
	if (w->head != NULL)
		w->head->prev = n;
	w->head = n;
	w->count++;
	return n;
}

size_t world_count(const struct world *w) { return w->count; }

/* Pins the chosen nodes (those with marked == 0 when only_unmarked), takes
 * them out of w, clears them, then lets go.  Returns how many were freed. */
static size_t free_nodes(struct world *w, int only_unmarked)
{
	uint64_t before = stats.freed;
	struct node *doomed = NULL, *n, *next;

	for (n = w->head; n != NULL; n = next) {
		next = n->next;
		if (only_unmarked && n->marked)
			continue;
		node_retain(n);
		unlink_from_world(n);
		n->next = doomed; /* a list of its own, through next */
		doomed = n;
	}
	for (n = doomed; n != NULL; n = n->next)
		node_clear(n);
	while ((n = doomed) != NULL) {
		doomed = n->next;
		n->next = NULL;
		node_release(n);
	}
	return (size_t)(stats.freed - before);
}

struct mark_stack { struct node **at; size_t depth, cap; };

/* Marks t and pushes it.  Returns 0, or -1 when out of memory. */
static int mark_push(struct mark_stack *s, struct node *t)
{
	if (s->depth == s->cap) {
		size_t cap = s->cap == 0 ? MARK_STACK_MIN : s->cap;
		struct node **grown;

		if (s->cap != 0) {
			if (cap > SIZE_MAX / 2 / sizeof *grown)
				return -1;
			cap *= 2;
		}
		grown = realloc(s->at, cap * sizeof *grown);
		if (grown == NULL)
			return -1;
		s->at = grown;
		s->cap = cap;
	}
	t->marked = 1;
	s->at[s->depth++] = t;
	return 0;
}

size_t world_collect(struct world *w)
{
	struct mark_stack s = { NULL, 0, 0 };
	struct node *n;
	size_t freed = 0;

	for (n = w->head; n != NULL; n = n->next) {
		n->internal = 0;
		n->marked = 0;
		stats.examined++;
	}
	for (n = w->head; n != NULL; n = n->next)
		for (size_t i = 0; i < n->nlinks; i++)
			if (n->links[i]->world == w)
				n->links[i]->internal++;
	for (n = w->head; n != NULL; n = n->next) {
		if (n->marked || n->refcount == n->internal)
			continue; /* marked already, or held by tracked nodes only */
		if (mark_push(&s, n) != 0)
			goto out;
		while (s.depth > 0) {
			struct node *m = s.at[--s.depth];

			for (size_t i = 0; i < m->nlinks; i++) {
				struct node *t = m->links[i];

				if (t->world == w && !t->marked && mark_push(&s, t) != 0)
					goto out;
			}
		}
	}
	freed = free_nodes(w, 1);
	stats.collected += freed;
out:
	free(s.at); /* out of memory midway: nothing is collected this time */
	return freed;
}

size_t world_release(struct world *w)
{
	size_t freed;

	if (w == NULL)
		return 0;
	freed = free_nodes(w, 0);
	free(w);
	return freed;
}

void node_stats_get(struct node_stats *out) { *out = stats; }
