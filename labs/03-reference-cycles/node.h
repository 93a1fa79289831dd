/*
 * node.h - reference-counted nodes: trees whose children know their parent,
 * and worlds of nodes that point at each other.  This header is the manual.
 * Neighbours: node.c (you write it), pitfall.c (the leaky version),
 * main.c (the driver), tests/test_node.c (the unit tests).
 *
 * Invariants
 *   - Every node has a reference count.  node_new() and world_node_new()
 *     hand you one reference; node_retain() takes another; node_release()
 *     gives one back, and the node is freed when the count reaches 0.
 *   - A node's links are strong: each link holds one reference to its
 *     target.  A tree parent holds its children through links.
 *   - A child's parent link is weak: it owns nothing and never keeps the
 *     parent alive.  node_parent() reads it; once the parent has been
 *     freed it reads NULL, never a dangling pointer.
 *   - So a tree is freed as soon as its root's last outside reference is
 *     released, with no collector.  Links in a cycle (a -> b -> a) are a
 *     different matter: refcounting alone never frees them.
 *   - A world tracks the nodes made by world_node_new().  world_collect()
 *     frees the tracked nodes that only other tracked nodes still reference
 *     (garbage cycles), and never a node reachable from outside the world.
 *   - Borrowed pointers (node_parent, node_link_at) stay valid until the
 *     next call that releases or clears anything.
 *   - Single-threaded.  Freeing a node releases its links recursively, so a
 *     chain of links about NODE_DEPTH_MAX deep is the most it is built for.
 *
 * Life cycle
 *   struct node *n = node_new(7);          count 1: yours
 *   node_add_child(root, n);               root's link takes a reference
 *   node_release(n);                       now only the tree owns n
 *   ...
 *   node_release(root);                    frees root, then n
 *
 *   struct world *w = world_new();         nodes in a graph: cycles allowed
 *   struct node *a = world_node_new(w, 1), *b = world_node_new(w, 2);
 *   node_link(a, b); node_link(b, a);      a cycle
 *   node_release(a); node_release(b);      garbage, but each keeps the other
 *   world_collect(w);                      frees both
 *   world_release(w);                      frees whatever it still tracks
 */
#ifndef MEMLAB_NODE_H
#define MEMLAB_NODE_H

#include <stddef.h>
#include <stdint.h>

#define NODE_LINKS_MIN 4     /* links array: first capacity */
#define NODE_LINKS_GROWTH 2  /* ... then multiplied by this when full */
#define NODE_DEPTH_MAX 10000 /* deepest chain of links that freeing (recursive) is built for */

struct node;  /* opaque: node.c defines it */
struct world; /* opaque: node.c defines it */

/* What the implementation decided, counted since the program started. */
struct node_stats {
	uint64_t created;   /* nodes allocated */
	uint64_t freed;     /* nodes freed, by any path */
	uint64_t examined;  /* nodes world_collect() looked at, summed over runs */
	uint64_t collected; /* nodes world_collect() freed, summed over runs */
};

/* ---- life cycle ---------------------------------------------------- */

/* A new untracked node holding value, count 1, no parent, no links.
 * NULL when out of memory.  Caller releases with node_release. */
struct node *node_new(int64_t value);

/* Takes one more reference to n. */
void node_retain(struct node *n);

/* Gives one reference back; at 0, frees n and releases its links.
 * NULL is allowed and does nothing. */
void node_release(struct node *n);

/* ---- trees ----------------------------------------------------------- */

/* Links parent to child (the link takes its own reference to child) and
 * sets child's weak parent link to parent; children keep their order.
 * Returns 0, or -1 with nothing changed when child already has a parent,
 * when child is parent or one of its ancestors, or when out of memory. */
int node_add_child(struct node *parent, struct node *child);

/* child's parent, or NULL when it has none or the parent has been freed.
 * Borrowed: the caller owns no reference to it. */
struct node *node_parent(const struct node *child);

/* Takes child out of its parent's links (the first link to it) and clears
 * child's parent link.  The reference the parent's link held now belongs
 * to the caller: release it with node_release.  Returns 0, or -1 with
 * nothing changed when child has no parent. */
int node_detach(struct node *child);

/* ---- links and values -------------------------------------------------- */

/* Adds a strong link from -> to (to may be from itself: a self-cycle).
 * Returns 0, or -1 with nothing changed when out of memory. */
int node_link(struct node *from, struct node *to);

int64_t node_value(const struct node *n);
size_t node_link_count(const struct node *n);
/* The i-th link of n (i < node_link_count(n)), borrowed. */
struct node *node_link_at(const struct node *n, size_t i);

/* ---- worlds: graphs with cycles and their collector -------------------- */

/* An empty world, or NULL when out of memory.  Release with world_release. */
struct world *world_new(void);

/* Like node_new(), but the node is tracked by w until it is freed. */
struct node *world_node_new(struct world *w, int64_t value);

/* How many nodes w tracks now. */
size_t world_count(const struct world *w);

/* Finds the tracked nodes that nothing outside w can reach and frees them,
 * the way CPython's gc.collect() does (trial deletion).  Returns how many
 * nodes that freed.  An implementation without a collector returns 0. */
size_t world_collect(struct world *w);

/* Frees w.  Every node it still tracks first loses its links and its
 * parent link; the ones nobody else holds are then freed, and the rest
 * live on untracked.  Release your own references first.  Returns how many
 * nodes that freed.  NULL is allowed and returns 0. */
size_t world_release(struct world *w);

/* ---- counters ---------------------------------------------------------- */

/* Copies the counters into *out. */
void node_stats_get(struct node_stats *out);

#endif
