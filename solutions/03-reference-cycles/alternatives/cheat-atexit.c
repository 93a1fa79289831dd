/*
 * cheat-atexit.c - lab 03 cheat: the pitfall's STRONG parent links, kept;
 * every node goes in a registry, and an atexit handler frees them all, so
 * nothing is leaked or live at exit.  Part 2's collector is the real one
 * (the reference's trial deletion).  Part 1 is faked: every tree lives
 * until the program ends, and the checkpoint between the parts sees all
 * four (564 B per node).  They also lift Part 2's peak over its line
 * (812 B per node; massif, seed 7, 256 and 4096 nodes).
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

enum gc_state { GC_PENDING, GC_REACHABLE, GC_TENTATIVE };

struct node {
	int64_t value;
	size_t refcount;
	struct node **links;   /* strong: each holds a reference */
	size_t nlinks, cap;
	struct node *parent;   /* STRONG: holds a reference to the parent */
	struct world *world;   /* tracking world, or NULL */
	struct node *prev, *next; /* place in the world's list */
	struct node *reg_prev, *reg_next; /* CHEAT: every live node, in one list */
	size_t gc_refs;        /* collector scratch, see world_collect */
	enum gc_state gc_state;
};

struct world {
	struct list nodes;
};

static struct node_stats stats;
static struct node *registry; /* every node alive, newest first */
static int handler_set;       /* CHEAT: free_everything runs at exit */
static void free_everything(void);

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
	if (!handler_set)
		handler_set = atexit(free_everything) == 0;
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

/* CHEAT: pins every node alive, tracked or not, clears them all (every
 * strong parent link goes), lets go: the whole heap of nodes is freed. */
static void free_everything(void)
{
	struct node *n, *next;

	for (n = registry; n != NULL; n = n->reg_next)
		node_retain(n);
	for (n = registry; n != NULL; n = n->reg_next)
		node_clear(n);
	for (n = registry; n != NULL; n = next) {
		next = n->reg_next;
		node_release(n);
	}
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
	release_all(&w->nodes); /* the region way: everything goes at once */
	free(w);
	return (size_t)(stats.freed - freed_before);
}

void node_stats_get(struct node_stats *out)
{
	*out = stats;
}
