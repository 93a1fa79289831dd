/*
 * workload_cycles.h - lab 03's workload, in two parts, as trusted lab code
 * that both the driver (main.c) and the tests' "workload" case
 * (tests/test_workload.c) run, so the grader measures the same calls in
 * both.  Neighbours: workload_cycles.c (the parts), node.h (the only API
 * they use).
 *
 * Life cycle: cycles_trees() builds, reads and drops TREE_ROUNDS trees and
 * returns with nothing of them held by the caller or by itself (the
 * moment main.c marks with workload_checkpoint()); cycles_graphs() then
 * runs GRAPH_ROUNDS rounds in a world of its own and releases it.  Both
 * take the same rng state, in that order.  Ownership: the caller owns
 * nothing they make.
 */
#ifndef MEMLAB_WORKLOAD_CYCLES_H
#define MEMLAB_WORKLOAD_CYCLES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TREE_ROUNDS 4
#define GRAPH_ROUNDS 16
#define CYCLES_SIZE_MIN 2         /* two rings need a node each */
#define CYCLES_SIZE_MAX (1u << 20)
#define VALUE_RANGE 1000          /* node values are 0 .. VALUE_RANGE-1 */

/* What a run computed.  The sums are the same for every correct node.c
 * (read while the nodes are surely alive); the after_drop_* and released
 * figures are what this node.c decided. */
struct cycles_tally {
	uint64_t tree_nodes, tree_sum;     /* over every tree, measured whole */
	uint64_t climb_steps, climb_sum;   /* climbing from every node to its root */
	uint64_t detached_nodes, kept_nodes;
	uint64_t graph_links, edge_sum, ring_sum;
	unsigned rings_closed;             /* rounds whose kept ring came round */
	uint64_t after_drop_steps, after_drop_sum; /* climbed from kept leaves after the drop */
	size_t released;                   /* nodes world_release() freed */
};

/* Part 1: n nodes a tree (CYCLES_SIZE_MIN <= n <= CYCLES_SIZE_MAX).
 * Prints its key: value lines on out (NULL: prints nothing) and adds to
 * *t.  Returns 0, or -1 when out of memory or node.c broke a tree. */
int cycles_trees(size_t n, uint64_t *rng, FILE *out, struct cycles_tally *t);

/* Part 2: n nodes a round, in one world it makes and releases.  Same
 * output and return as cycles_trees(). */
int cycles_graphs(size_t n, uint64_t *rng, FILE *out, struct cycles_tally *t);

#endif
