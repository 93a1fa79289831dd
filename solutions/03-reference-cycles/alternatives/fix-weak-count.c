/*
 * fix-weak-count.c - lab 03 alternative: Rust's Rc/Weak in one box.
 * Every node counts strong and weak references; a child's parent link is
 * a weak one.  The collector is Bacon and Rajan's synchronous one
 * (mark gray, scan, collect white), recursive, on scratch counts, with
 * every tracked node a candidate root.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output trees-freed no-leak no-bad-reads collector-peak
 *
 * Weak links.  strong is the node's reference count; weak counts the
 * children whose parent link points at it, plus one held by the strong
 * references together.  At strong 0 the node dies: it leaves its world,
 * releases its links and is counted freed, and node_parent() of its
 * children reads NULL (strong == 0).  Its box stays until weak reaches 0
 * too, which is when the last child lets go of it (dies, is detached, or
 * is adopted again).
 */
#include "node.h"

#include <stdlib.h>
#include <string.h>

enum color { BLACK, GRAY, WHITE };

struct node {
	int64_t value;
	size_t strong, weak;
	struct node **links;
	size_t nlinks, cap;
	struct node *parent;       /* weak: holds one of parent->weak */
	struct world *world;
	struct node *prev, *next;  /* the world's list */
	size_t gc;                 /* collector: scratch count */
	enum color color;
	struct node *garbage_next; /* collector: the white list */
};

struct world { struct node *head; size_t count; };

static struct node_stats stats;

static void weak_drop(struct node *n)
{
	if (n != NULL && --n->weak == 0)
		free(n); /* dead already: strong reached 0 first */
}

struct node *node_new(int64_t value)
{
	struct node *n = calloc(1, sizeof *n);

	if (n == NULL)
		return NULL;
	n->value = value;
	n->strong = 1;
	n->weak = 1;
	stats.created++;
	return n;
}

void node_retain(struct node *n) { n->strong++; }

static void world_leave(struct node *n)
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
}

static void node_clear(struct node *n)
{
	struct node **links = n->links;
	size_t count = n->nlinks;

	n->links = NULL;
	n->nlinks = n->cap = 0;
	weak_drop(n->parent);
	n->parent = NULL;
	for (size_t i = 0; i < count; i++)
		node_release(links[i]);
	free(links);
}

void node_release(struct node *n)
{
	if (n == NULL || --n->strong > 0)
		return;
	if (n->world != NULL)
		world_leave(n);
	stats.freed++;
	node_clear(n);
	weak_drop(n); /* the strong references' share */
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

struct node *node_parent(const struct node *child)
{
	return child->parent != NULL && child->parent->strong > 0 ? child->parent : NULL;
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
	weak_drop(child->parent); /* a dead parent's box, if any */
	child->parent = parent;
	parent->weak++;
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
	weak_drop(parent); /* alive: strong > 0 keeps its share */
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

/* Bacon and Rajan, on n->gc instead of the real counts. */
static void mark_gray(struct world *w, struct node *n)
{
	if (n->color == GRAY)
		return;
	n->color = GRAY;
	for (size_t i = 0; i < n->nlinks; i++)
		if (n->links[i]->world == w) {
			n->links[i]->gc--;
			mark_gray(w, n->links[i]);
		}
}

static void scan_black(struct world *w, struct node *n)
{
	n->color = BLACK;
	for (size_t i = 0; i < n->nlinks; i++)
		if (n->links[i]->world == w) {
			n->links[i]->gc++;
			if (n->links[i]->color != BLACK)
				scan_black(w, n->links[i]);
		}
}

static void scan(struct world *w, struct node *n)
{
	if (n->color != GRAY)
		return;
	if (n->gc > 0) {
		scan_black(w, n); /* held from outside: it and all it reaches */
		return;
	}
	n->color = WHITE;
	for (size_t i = 0; i < n->nlinks; i++)
		if (n->links[i]->world == w)
			scan(w, n->links[i]);
}

/* Pins the nodes of the list, clears them, lets go: returns the freed. */
static size_t release_list(struct node *list)
{
	uint64_t before = stats.freed;
	struct node *n, *next;

	for (n = list; n != NULL; n = n->garbage_next)
		node_retain(n);
	for (n = list; n != NULL; n = n->garbage_next)
		node_clear(n);
	for (n = list; n != NULL; n = next) {
		next = n->garbage_next;
		node_release(n);
	}
	return (size_t)(stats.freed - before);
}

size_t world_collect(struct world *w)
{
	struct node *n, *white = NULL;
	size_t freed;

	for (n = w->head; n != NULL; n = n->next) {
		n->gc = n->strong;
		n->color = BLACK;
		stats.examined++;
	}
	for (n = w->head; n != NULL; n = n->next)
		mark_gray(w, n);
	for (n = w->head; n != NULL; n = n->next)
		scan(w, n);
	for (n = w->head; n != NULL; n = n->next)
		if (n->color == WHITE) {
			n->garbage_next = white;
			white = n;
		}
	freed = release_list(white);
	stats.collected += freed;
	return freed;
}

size_t world_release(struct world *w)
{
	struct node *n, *all = NULL;
	size_t freed;

	if (w == NULL)
		return 0;
	while ((n = w->head) != NULL) {
		world_leave(n);
		n->garbage_next = all;
		all = n;
	}
	freed = release_list(all);
	free(w);
	return freed;
}

void node_stats_get(struct node_stats *out) { *out = stats; }
