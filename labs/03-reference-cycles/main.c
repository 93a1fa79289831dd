/*
 * main.c - lab 03's driver (trusted lab code: students never edit it).
 * Neighbours: node.h (the only API it uses), node.c / pitfall.c (what it
 * runs), ../common/workload.c (the command line).
 *
 *     cycles --size N --seed S
 *
 * Part 1, trees (TREE_ROUNDS times): build a random tree of N nodes whose
 * children point back at their parents, climb from every node up to the
 * root through those parent links, detach a random subtree, then drop
 * every outside reference.  A correct node.c frees each tree right there.
 *
 * Part 2, graphs (GRAPH_ROUNDS times, in one world): build N nodes as two
 * rings of mutual links with random chords; keep one node of ring A, let
 * go of everything else and of the previous round's kept node, and collect.
 * Ring B (and the old ring A) are garbage cycles that only world_collect()
 * can free; ring A must survive it, and the driver walks it to prove it.
 *
 * stdout holds only what every correct node.c computes alike (sums of
 * values read through the API while the nodes are surely alive), so the
 * pitfall's output is the expected output.  What an implementation decides
 * (frees, collections) goes to stderr.
 */
#include "node.h"
#include "workload.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define TREE_ROUNDS 4
#define GRAPH_ROUNDS 16
#define CYCLES_SIZE_MIN 2         /* two rings need a node each */
#define CYCLES_SIZE_MAX (1u << 20)
#define VALUE_RANGE 1000          /* node values are 0 .. VALUE_RANGE-1 */

/* Nodes read climbing from a kept leaf after its tree was dropped. */
static uint64_t after_drop_steps, after_drop_sum;

static const char usage[] = "--size N --seed S   (N: nodes per structure)";

/* splitmix64: small, and the same sequence everywhere for one seed. */
static uint64_t rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static size_t rng_below(uint64_t *state, size_t bound)
{
	return (size_t)(rng_next(state) % bound);
}

static int64_t rng_value(uint64_t *state)
{
	return (int64_t)rng_below(state, VALUE_RANGE);
}

/* Counts the nodes of the tree under top and sums their values, using
 * stack (room for cap pointers) instead of recursion.  -1 if it overflows. */
static int tree_measure(struct node *top, struct node **stack, size_t cap,
			size_t *count, uint64_t *sum)
{
	size_t depth = 0;

	*count = 0;
	*sum = 0;
	stack[depth++] = top;
	while (depth > 0) {
		struct node *n = stack[--depth];

		*count += 1;
		*sum += (uint64_t)node_value(n);
		for (size_t i = 0; i < node_link_count(n); i++) {
			if (depth == cap)
				return -1;
			stack[depth++] = node_link_at(n, i);
		}
	}
	return 0;
}

/* Part 1, one round.  slots has room for n pointers.  Returns 0 or -1. */
static int tree_round(uint64_t *rng, size_t n, int round, struct node **slots)
{
	struct node *root = node_new(rng_value(rng)), *pick, *sub = NULL, *watch = NULL;
	uint64_t steps = 0, climb = 0, sum;
	size_t count;
	int rc = -1;

	if (root == NULL)
		return -1;
	slots[0] = root;
	for (size_t i = 1; i < n; i++) {
		struct node *child = node_new(rng_value(rng));

		if (child == NULL)
			goto out;
		if (node_add_child(slots[rng_below(rng, i)], child) != 0) {
			node_release(child);
			goto out;
		}
		node_release(child); /* its parent owns it now */
		slots[i] = child;    /* borrowed, valid while root is held */
	}
	for (size_t i = 0; i < n; i++)
		for (struct node *up = slots[i]; up != NULL; up = node_parent(up)) {
			steps++;
			climb += (uint64_t)node_value(up);
		}
	watch = slots[n - 1]; /* the newest node: a leaf */
	node_retain(watch);
	pick = slots[1 + rng_below(rng, n - 1)]; /* before slots become a stack */
	if (tree_measure(root, slots, n, &count, &sum) != 0)
		goto out;
	printf("tree%d.nodes: %zu\ntree%d.value_sum: %" PRIu64 "\n", round, count, round, sum);
	printf("tree%d.climb_steps: %" PRIu64 "\ntree%d.climb_sum: %" PRIu64 "\n",
	       round, steps, round, climb);

	if (node_detach(pick) != 0)
		goto out;
	sub = pick; /* the parent's reference is ours now */
	printf("tree%d.detached_parent: %s\n", round, node_parent(sub) == NULL ? "none" : "still set");
	if (tree_measure(sub, slots, n, &count, &sum) != 0)
		goto out;
	printf("tree%d.detached_nodes: %zu\ntree%d.detached_sum: %" PRIu64 "\n",
	       round, count, round, sum);
	if (tree_measure(root, slots, n, &count, &sum) != 0)
		goto out;
	printf("tree%d.kept_nodes: %zu\ntree%d.kept_sum: %" PRIu64 "\n", round, count, round, sum);
	rc = 0;
out:
	node_release(sub);  /* the detached subtree */
	node_release(root); /* the last outside reference to the tree */
	/* Climb from the watched leaf once more.  A weak link reads NULL at
	 * its first freed parent, a strong one still reaches the root: both
	 * are fine, and differ, so the count goes to stderr.  A dangling link
	 * is a read of freed memory here, which memcheck reports. */
	for (struct node *up = watch; up != NULL; up = node_parent(up)) {
		after_drop_steps++;
		after_drop_sum += (uint64_t)node_value(up);
	}
	node_release(watch);
	return rc;
}

/* Part 2, one round: nodes [0, half) form ring A, [half, n) ring B.  Every
 * node links: 0 its successor, 1 its predecessor, 2 a random node of its
 * own ring; B's first node also links A's first (B -> A, one way). */
static int graph_round(uint64_t *rng, size_t n, int round, struct world *w,
		       struct node **slots, struct node **kept)
{
	size_t half = n / 2, made = 0, links = 0;
	uint64_t edge_sum = 0, ring_sum = 0;
	struct node *keep, *walk;
	int rc = -1;

	for (made = 0; made < n; made++)
		if ((slots[made] = world_node_new(w, rng_value(rng))) == NULL)
			goto out;
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < n; i++) {
			size_t base = i < half ? 0 : half, len = i < half ? half : n - half;
			size_t at = i - base, to;

			if (pass == 0)
				to = (at + 1) % len;
			else if (pass == 1)
				to = (at + len - 1) % len;
			else
				to = rng_below(rng, len);
			if (node_link(slots[i], slots[base + to]) != 0)
				goto out;
		}
	if (node_link(slots[half], slots[0]) != 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < node_link_count(slots[i]); k++) {
			links++;
			edge_sum += (uint64_t)node_value(node_link_at(slots[i], k));
		}
	keep = slots[rng_below(rng, half)];
	node_retain(keep);
	node_release(*kept); /* last round's ring A becomes garbage */
	*kept = keep;
	rc = 0;
out:
	for (size_t i = 0; i < made; i++)
		node_release(slots[i]);
	if (rc != 0)
		return rc;
	world_collect(w);
	/* Ring A is reachable from the kept node: walk it once around. */
	walk = *kept;
	for (size_t i = 0; i < half; i++) {
		ring_sum += (uint64_t)node_value(walk);
		walk = node_link_at(walk, 0);
	}
	printf("graph%d.nodes: %zu\ngraph%d.links: %zu\ngraph%d.edge_sum: %" PRIu64 "\n",
	       round, n, round, links, round, edge_sum);
	printf("graph%d.kept_value: %" PRId64 "\ngraph%d.ring_sum: %" PRIu64 "\ngraph%d.ring_closed: %s\n",
	       round, node_value(*kept), round, ring_sum, round, walk == *kept ? "yes" : "no");
	return 0;
}

int main(int argc, char **argv)
{
	struct workload wl;
	struct node **slots = NULL, *kept = NULL;
	struct world *w = NULL;
	struct node_stats st;
	size_t released = 0;
	int status = 1;

	if (workload_init(argc, argv, &wl, usage) != 0)
		return 1;
	if (wl.input != NULL) {
		fprintf(stderr, "cycles: takes no input file (got %s)\n", wl.input);
		return 1;
	}
	if (wl.size < CYCLES_SIZE_MIN || wl.size > CYCLES_SIZE_MAX) {
		fprintf(stderr, "cycles: --size must be from %u to %u nodes (got %" PRIu64 ")\n",
			CYCLES_SIZE_MIN, CYCLES_SIZE_MAX, wl.size);
		return 1;
	}
	size_t n = (size_t)wl.size;
	uint64_t rng = wl.seed;

	slots = malloc(n * sizeof *slots); /* n <= 2^20: cannot overflow */
	w = world_new();
	if (slots == NULL || w == NULL)
		goto out;
	printf("size: %zu\nseed: %" PRIu64 "\n", n, wl.seed);
	for (int r = 1; r <= TREE_ROUNDS; r++)
		if (tree_round(&rng, n, r, slots) != 0)
			goto out;
	for (int r = 1; r <= GRAPH_ROUNDS; r++)
		if (graph_round(&rng, n, r, w, slots, &kept) != 0)
			goto out;
	status = 0;
out:
	node_release(kept);
	if (w != NULL)
		world_collect(w);
	released = world_release(w);
	free(slots);
	if (status != 0)
		fprintf(stderr, "cycles: out of memory (or node.c broke a tree)\n");
	node_stats_get(&st);
	fprintf(stderr, "cycles: climbed %" PRIu64 " nodes (value sum %" PRIu64 ") from kept leaves"
		" after their trees were dropped\n", after_drop_steps, after_drop_sum);
	fprintf(stderr, "cycles: created=%" PRIu64 " freed=%" PRIu64 " still_live=%" PRIu64
		" examined=%" PRIu64 " collected=%" PRIu64 " freed_by_world_release=%zu\n",
		st.created, st.freed, st.created - st.freed, st.examined, st.collected, released);
	if (fflush(stdout) != 0)
		status = 1;
	return status;
}
