/*
 * workload_cycles.c - lab 03's workload (trusted lab code: students never
 * edit it), run by main.c and by the tests' "workload" case alike.
 * Neighbours: workload_cycles.h (the contract), node.h (the only API it
 * uses), main.c (prints, marks the checkpoint between the parts).
 *
 * Part 1, trees (TREE_ROUNDS times): build a random tree of n nodes whose
 * children point back at their parents, climb from every node up to the
 * root through those parent links, detach a random subtree, then drop
 * every outside reference.  A correct node.c frees each tree right there,
 * so when cycles_trees() returns no node is left: the slots it borrowed
 * pointers in are freed too, and nothing the caller holds is on the heap.
 *
 * Part 2, graphs (GRAPH_ROUNDS times, in one world): build n nodes as two
 * rings of mutual links with random chords; keep one node of ring A, let
 * go of everything else and of the previous round's kept node, and collect.
 * Ring B (and the old ring A) are garbage cycles that only world_collect()
 * can free; ring A must survive it, and the walk around it proves it.
 *
 * The lines printed hold only what every correct node.c computes alike
 * (sums of values read through the API while the nodes are surely alive),
 * so the pitfall's output is the expected output.
 */
#include "workload_cycles.h"

#include "node.h"
#include "splitmix.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

static void say(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(FILE *out, const char *fmt, ...)
{
	va_list ap;

	if (out == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

/* splitmix64: small, and the same sequence everywhere for one seed. */
static uint64_t rng_next(uint64_t *state)
{
	return splitmix_next(state);
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
static int tree_round(uint64_t *rng, size_t n, int round, struct node **slots,
		      FILE *out, struct cycles_tally *t)
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
	t->tree_nodes += count;
	t->tree_sum += sum;
	t->climb_steps += steps;
	t->climb_sum += climb;
	say(out, "tree%d.nodes: %zu\ntree%d.value_sum: %" PRIu64 "\n", round, count, round, sum);
	say(out, "tree%d.climb_steps: %" PRIu64 "\ntree%d.climb_sum: %" PRIu64 "\n",
	    round, steps, round, climb);

	if (node_detach(pick) != 0)
		goto out;
	sub = pick; /* the parent's reference is ours now */
	say(out, "tree%d.detached_parent: %s\n", round, node_parent(sub) == NULL ? "none" : "still set");
	if (tree_measure(sub, slots, n, &count, &sum) != 0)
		goto out;
	t->detached_nodes += count;
	say(out, "tree%d.detached_nodes: %zu\ntree%d.detached_sum: %" PRIu64 "\n",
	    round, count, round, sum);
	if (tree_measure(root, slots, n, &count, &sum) != 0)
		goto out;
	t->kept_nodes += count;
	say(out, "tree%d.kept_nodes: %zu\ntree%d.kept_sum: %" PRIu64 "\n", round, count, round, sum);
	rc = 0;
out:
	node_release(sub);  /* the detached subtree */
	node_release(root); /* the last outside reference to the tree */
	/* Climb from the watched leaf once more.  A weak link reads NULL at
	 * its first freed parent, a strong one still reaches the root: both
	 * are fine, and differ, so the count is not printed.  A dangling link
	 * is a read of freed memory here, which memcheck reports. */
	for (struct node *up = watch; up != NULL; up = node_parent(up)) {
		t->after_drop_steps++;
		t->after_drop_sum += (uint64_t)node_value(up);
	}
	node_release(watch);
	return rc;
}

int cycles_trees(size_t n, uint64_t *rng, FILE *out, struct cycles_tally *t)
{
	struct node **slots = malloc(n * sizeof *slots); /* n <= 2^20: cannot overflow */
	int rc = -1;

	if (slots == NULL)
		return -1;
	for (int r = 1; r <= TREE_ROUNDS; r++)
		if (tree_round(rng, n, r, slots, out, t) != 0)
			goto out;
	rc = 0;
out:
	free(slots);
	return rc;
}

/* Part 2, one round: nodes [0, half) form ring A, [half, n) ring B.  Every
 * node links: 0 its successor, 1 its predecessor, 2 a random node of its
 * own ring; B's first node also links A's first (B -> A, one way). */
static int graph_round(uint64_t *rng, size_t n, int round, struct world *w,
		       struct node **slots, struct node **kept, FILE *out, struct cycles_tally *t)
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
	t->graph_links += links;
	t->edge_sum += edge_sum;
	t->ring_sum += ring_sum;
	t->rings_closed += walk == *kept;
	say(out, "graph%d.nodes: %zu\ngraph%d.links: %zu\ngraph%d.edge_sum: %" PRIu64 "\n",
	    round, n, round, links, round, edge_sum);
	say(out, "graph%d.kept_value: %" PRId64 "\ngraph%d.ring_sum: %" PRIu64 "\ngraph%d.ring_closed: %s\n",
	    round, node_value(*kept), round, ring_sum, round, walk == *kept ? "yes" : "no");
	return 0;
}

int cycles_graphs(size_t n, uint64_t *rng, FILE *out, struct cycles_tally *t)
{
	struct node **slots = malloc(n * sizeof *slots), *kept = NULL;
	struct world *w = world_new();
	int rc = -1;

	if (slots == NULL || w == NULL)
		goto out;
	for (int r = 1; r <= GRAPH_ROUNDS; r++)
		if (graph_round(rng, n, r, w, slots, &kept, out, t) != 0)
			goto out;
	rc = 0;
out:
	node_release(kept);
	if (w != NULL)
		world_collect(w);
	t->released = world_release(w);
	free(slots);
	return rc;
}
