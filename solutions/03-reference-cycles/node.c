/*
 * node.c - reference solution of lab 03: weak parent links, and a
 * trial-deletion cycle collector for worlds.  Neighbours: node.h in
 * labs/03-reference-cycles (the contract) and pitfall.c there (the same
 * code with a strong parent link and no collector).
 *
 * Weak links.  A parent owns a small control block, its anchor, counted
 * once for the parent and once per child linked through it.  When the
 * parent dies it sets anchor->target to NULL, so every child reads "no
 * parent"; the anchor goes when its last holder lets go.  A child holds no
 * reference to its parent, so parent and child form no cycle.
 *
 * The collector (world_collect) is CPython's, on a small scale:
 *   1. copy every tracked node's refcount into gc_refs;
 *   2. for every link between two tracked nodes, subtract 1 from the
 *      target's gc_refs: what is left counts references from outside;
 *   3. nodes with gc_refs > 0 are reachable, and so is all they link to:
 *      one walk of the world list moves the nodes that look unreachable
 *      to a garbage list, and back when a reachable node links to them
 *      (no allocation: the lists are the work queue);
 *   4. pin the garbage, clear its links (breaking every cycle), unpin:
 *      refcounting frees each node.  world_release() does this to all.
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

enum gc_state { GC_PENDING, GC_REACHABLE, GC_TENTATIVE };

struct node {
	int64_t value;
	size_t refcount;
	struct node **links;   /* strong: each holds a reference */
	size_t nlinks, cap;
	struct anchor *parent; /* weak: the parent's anchor, owns nothing */
	struct anchor *anchor; /* this node's own anchor, made on first child */
	struct world *world;   /* tracking world, or NULL */
	struct node *prev, *next; /* place in the world's list (or garbage) */
	size_t gc_refs;        /* collector scratch, see world_collect */
	enum gc_state gc_state;
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

/* Step 3 for one reachable node: what it links to is reachable too. */
static void mark_targets(struct world *w, struct list *garbage, struct node *n)
{
	for (size_t i = 0; i < n->nlinks; i++) {
		struct node *t = n->links[i];

		if (t->world != w || t->gc_state == GC_REACHABLE)
			continue;
		if (t->gc_state == GC_TENTATIVE) { /* judged too early */
			list_remove(garbage, t); /* back to the tail, to be scanned */
			list_push(&w->nodes, t);
			t->gc_state = GC_PENDING;
		}
		if (t->gc_refs == 0)
			t->gc_refs = 1;
	}
}

size_t world_collect(struct world *w)
{
	struct list garbage = { NULL, NULL, 0 };
	uint64_t freed_before = stats.freed;
	struct node *n, *next;

	for (n = w->nodes.head; n != NULL; n = n->next) {   /* 1 */
		n->gc_refs = n->refcount;
		n->gc_state = GC_PENDING;
		stats.examined++;
	}
	for (n = w->nodes.head; n != NULL; n = n->next)     /* 2 */
		for (size_t i = 0; i < n->nlinks; i++)
			if (n->links[i]->world == w)
				n->links[i]->gc_refs--;
	for (n = w->nodes.head; n != NULL; n = next) {      /* 3 */
		if (n->gc_refs > 0) {
			n->gc_state = GC_REACHABLE;
			mark_targets(w, &garbage, n);
			next = n->next; /* read after: marking may append */
		} else {
			next = n->next;
			list_remove(&w->nodes, n);
			list_push(&garbage, n);
			n->gc_state = GC_TENTATIVE;
		}
	}
	release_all(&garbage);                              /* 4 */
	stats.collected += stats.freed - freed_before;
	return (size_t)(stats.freed - freed_before);
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
