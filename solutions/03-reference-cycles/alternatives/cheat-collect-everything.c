/*
 * cheat-collect-everything.c - lab 03 cheat: the pitfall's STRONG parent
 * links, kept; every node, tracked or not, goes in a registry, and
 * world_collect() and world_release() free every node of it that nothing
 * outside holds: a collector over every node, trees included.  Nothing
 * leaks, nothing is live at exit, every test passes; but the trees live
 * until the first world_collect(), after the checkpoint (564 B per node
 * there), and lift Part 2's peak to 733 B per node (massif, seed 7).
 * kind: cheat
 * expect-score: 45 45
 * expect-pass: tests output no-leak no-bad-reads
 * expect-fail: trees-freed collector-peak
 */
#include "node.h"

#include <stdlib.h>
#include <string.h>

struct list {
	struct node *head, *tail;
	size_t len;
};

struct node {
	int64_t value;
	size_t refcount;
	struct node **links;   /* strong: each holds a reference */
	size_t nlinks, cap;
	struct node *parent;   /* STRONG: holds a reference to the parent */
	struct world *world;   /* tracking world, or NULL */
	struct node *prev, *next; /* place in the world's list */
	struct node *reg_prev, *reg_next; /* CHEAT: every live node, in one list */
	size_t gc_refs;                   /* collector: references from outside */
	int reachable;
	struct node *mark_next;           /* collector: the stack of nodes to mark */
};

struct world {
	struct list nodes;
};

static struct node_stats stats;
static struct node *registry; /* every node alive, newest first */

static void registry_add(struct node *n)
{
	n->reg_next = registry;
	if (registry != NULL)
		registry->reg_prev = n;
	registry = n;
}

static void registry_remove(struct node *n)
{
	if (n->reg_prev != NULL)
		n->reg_prev->reg_next = n->reg_next;
	else
		registry = n->reg_next;
	if (n->reg_next != NULL)
		n->reg_next->reg_prev = n->reg_prev;
}

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
	n->prev = n->next = NULL;
	l->len--;
}

struct node *node_new(int64_t value)
{
	struct node *n = calloc(1, sizeof *n);

	if (n == NULL)
		return NULL;
	n->value = value;
	n->refcount = 1;
	stats.created++;
	registry_add(n);
	return n;
}

void node_retain(struct node *n)
{
	n->refcount++;
}

/* Drops n's links and its parent link (and with them their references). */
static void node_clear(struct node *n)
{
	struct node **links = n->links;
	size_t count = n->nlinks;
	struct node *parent = n->parent;

	n->links = NULL;
	n->nlinks = n->cap = 0;
	n->parent = NULL;
	node_release(parent);
	for (size_t i = 0; i < count; i++)
		node_release(links[i]);
	free(links);
}

void node_release(struct node *n)
{
	/* A parent's count includes one per child, so for any node with
	 * children this never reaches 0 while the children live, and they
	 * live as long as the parent does.  The tree is immortal. */
	if (n == NULL || --n->refcount > 0)
		return;
	if (n->world != NULL)
		list_remove(&n->world->nodes, n);
	node_clear(n);
	registry_remove(n);
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
	/* Never dangling: the child itself keeps its parent alive.  Safe,
	 * and that safety is the leak. */
	return child->parent;
}

int node_add_child(struct node *parent, struct node *child)
{
	if (node_parent(child) != NULL)
		return -1;
	for (const struct node *up = parent; up != NULL; up = node_parent(up))
		if (up == child)
			return -1; /* child would become its own ancestor */
	if (node_link(parent, child) != 0)
		return -1;
	/* The pitfall: a reference back up.  Parent -> child -> parent is
	 * now a cycle of two counted references. */
	child->parent = parent;
	node_retain(parent);
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
	child->parent = NULL;
	node_release(parent); /* the child's reference up */
	return 0; /* the link's reference is the caller's now */
}

int64_t node_value(const struct node *n) { return n->value; }
size_t node_link_count(const struct node *n) { return n->nlinks; }
struct node *node_link_at(const struct node *n, size_t i) { return n->links[i]; }

/* CHEAT: trial deletion over every node alive, tracked or not.  All
 * references but the caller's are links or parent links between
 * registered nodes; what is left is held from outside, and keeps alive
 * what it links to and its parent.  The rest: pinned, cleared, let go. */
static size_t collect_everything(void)
{
	uint64_t before = stats.freed;
	struct node *n, *next, *stack = NULL;

	for (n = registry; n != NULL; n = n->reg_next) {
		n->gc_refs = n->refcount;
		n->reachable = 0;
		stats.examined++;
	}
	for (n = registry; n != NULL; n = n->reg_next) {
		for (size_t i = 0; i < n->nlinks; i++)
			n->links[i]->gc_refs--;
		if (n->parent != NULL)
			n->parent->gc_refs--;
	}
	for (n = registry; n != NULL; n = n->reg_next)
		if (n->gc_refs > 0) {
			n->reachable = 1;
			n->mark_next = stack;
			stack = n;
		}
	while ((n = stack) != NULL) {
		stack = n->mark_next;
		for (size_t i = 0; i <= n->nlinks; i++) {
			struct node *t = i < n->nlinks ? n->links[i] : n->parent;

			if (t != NULL && !t->reachable) {
				t->reachable = 1;
				t->mark_next = stack;
				stack = t;
			}
		}
	}
	for (n = registry; n != NULL; n = n->reg_next)
		if (!n->reachable)
			node_retain(n);
	for (n = registry; n != NULL; n = n->reg_next)
		if (!n->reachable)
			node_clear(n);
	for (n = registry; n != NULL; n = next) {
		next = n->reg_next;
		if (!n->reachable)
			node_release(n);
	}
	stats.collected += stats.freed - before;
	return (size_t)(stats.freed - before);
}

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

struct world *world_new(void)
{
	return calloc(1, sizeof(struct world));
}

struct node *world_node_new(struct world *w, int64_t value)
{
	struct node *n = node_new(value);

	if (n != NULL) {
		n->world = w;
		list_push(&w->nodes, n);
	}
	return n;
}

size_t world_count(const struct world *w)
{
	return w->nodes.len;
}

size_t world_collect(struct world *w)
{
	(void)w;
	return collect_everything(); /* CHEAT: the world is every node */
}

size_t world_release(struct world *w)
{
	uint64_t freed_before = stats.freed;

	if (w == NULL)
		return 0;
	release_all(&w->nodes);
	collect_everything(); /* CHEAT: the trees too */
	free(w);
	return (size_t)(stats.freed - freed_before);
}

void node_stats_get(struct node_stats *out)
{
	*out = stats;
}
