/*
 * half-part1-only.c - lab 03 half fix: Part 1 done right (the reference's
 * weak parent links, through an anchor), Part 2 not started:
 * world_collect() frees nothing, so each round's garbage rings pile up
 * until world_release().  It must get exactly the points that are not
 * the collector's: 100 - 15 (collector-peak).
 * kind: half
 * expect-score: 85 85
 * expect-pass: tests output trees-freed no-leak no-bad-reads
 * expect-fail: collector-peak
 */
#include "node.h"

#include <stdlib.h>
#include <string.h>

struct anchor {
	struct node *target; /* the node, or NULL once it has been freed */
	size_t holders;      /* children using it, +1 while the node lives */
};

struct list {
	struct node *head, *tail;
	size_t len;
};

struct node {
	int64_t value;
	size_t refcount;
	struct node **links;   /* strong: each holds a reference */
	size_t nlinks, cap;
	struct anchor *parent; /* weak: the parent's anchor, owns nothing */
	struct anchor *anchor; /* this node's own anchor, made on first child */
	struct world *world;   /* tracking world, or NULL */
	struct node *prev, *next; /* place in the world's list (or garbage) */
};

struct world { struct list nodes; };

static struct node_stats stats;

static void list_push(struct list *l, struct node *n)
{
	n->prev = l->tail;
	n->next = NULL;
	if (l->tail != NULL)
		l->tail->next = n;
	else
		l->head = n;
	l->tail = n;
	l->len++;
}

static void list_remove(struct list *l, struct node *n)
{
	if (n->prev != NULL)
		n->prev->next = n->next;
	else
		l->head = n->next;
	if (n->next != NULL)
		n->next->prev = n->prev;
	else
		l->tail = n->prev;
	l->len--;
}

static void anchor_drop(struct anchor *a)
{
	if (a != NULL && --a->holders == 0)
		free(a);
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

/* Drops n's links and its parent link: CPython's tp_clear. */
static void node_clear(struct node *n)
{
	struct node **links = n->links;
	size_t count = n->nlinks;

	n->links = NULL;
	n->nlinks = n->cap = 0;
	anchor_drop(n->parent);
	n->parent = NULL;
	for (size_t i = 0; i < count; i++)
		node_release(links[i]);
	free(links);
}

void node_release(struct node *n)
{
	if (n == NULL || --n->refcount > 0)
		return;
	if (n->world != NULL)
		list_remove(&n->world->nodes, n);
	if (n->anchor != NULL) {
		n->anchor->target = NULL; /* every child now reads "no parent" */
		anchor_drop(n->anchor);
	}
	node_clear(n);
	free(n);
	stats.freed++;
}

/* Appends a strong link; the array grows by NODE_LINKS_GROWTH. */
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

struct node *node_parent(const struct node *child)
{
	return child->parent != NULL ? child->parent->target : NULL;
}

int node_add_child(struct node *parent, struct node *child)
{
	if (node_parent(child) != NULL)
		return -1;
	for (const struct node *up = parent; up != NULL; up = node_parent(up))
		if (up == child)
			return -1; /* child would become its own ancestor */
	if (parent->anchor == NULL) {
		struct anchor *a = malloc(sizeof *a);
		if (a == NULL)
			return -1;
		a->target = parent;
		a->holders = 1;
		parent->anchor = a;
	}
	if (node_link(parent, child) != 0)
		return -1;
	anchor_drop(child->parent); /* a dead parent's anchor, if any */
	child->parent = parent->anchor;
	child->parent->holders++;
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
	anchor_drop(child->parent);
	child->parent = NULL;
	return 0; /* the link's reference is the caller's now */
}

int64_t node_value(const struct node *n) { return n->value; }
size_t node_link_count(const struct node *n) { return n->nlinks; }
struct node *node_link_at(const struct node *n, size_t i) { return n->links[i]; }

struct world *world_new(void) { return calloc(1, sizeof(struct world)); }

struct node *world_node_new(struct world *w, int64_t value)
{
	struct node *n = node_new(value);

	if (n != NULL) {
		n->world = w;
		list_push(&w->nodes, n);
	}
	return n;
}

size_t world_count(const struct world *w) { return w->nodes.len; }

/* Pins every node of l, then clears them all: pinned, none is freed
 * midway, and every cycle among them is broken.  Then lets go: the nodes
 * nobody else holds are freed, the rest live on untracked. */
static void release_all(struct list *l)
{
	struct node *n;

	for (n = l->head; n != NULL; n = n->next)
		node_retain(n);
	for (n = l->head; n != NULL; n = n->next)
		node_clear(n);
	while ((n = l->head) != NULL) {
		list_remove(l, n);
		n->world = NULL;
		node_release(n);
	}
}

size_t world_collect(struct world *w)
{
	/* Part 2 not done: garbage rings pile up in w until world_release. */
	(void)w;
	return 0;
}

size_t world_release(struct world *w)
{
	uint64_t freed_before = stats.freed;

	if (w == NULL)
		return 0;
	release_all(&w->nodes); /* step 4, for every node it tracks */
	free(w);
	return (size_t)(stats.freed - freed_before);
}

void node_stats_get(struct node_stats *out) { *out = stats; }
