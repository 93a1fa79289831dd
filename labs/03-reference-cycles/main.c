/*
 * main.c - lab 03's driver (trusted lab code: students never edit it).
 * Neighbours: workload_cycles.c (the two parts it runs, through node.h
 * only), node.c / pitfall.c (what they run), ../common/workload.c (the
 * command line and the checkpoint).
 *
 *     cycles --size N --seed S
 *
 * Part 1 builds, reads and drops TREE_ROUNDS trees of N nodes; part 2 runs
 * GRAPH_ROUNDS rounds of garbage rings in a world (workload_cycles.c says
 * how).  Between the two, the driver holds nothing at all: the last
 * outside reference to the last tree is gone, no world exists yet, and the
 * program still runs.  That is the moment workload_checkpoint() marks, and
 * the grader measures the live heap there (lab.ini: trees-freed).  A
 * node.c whose trees die when their roots are released shows none of
 * them; one that keeps them to free at exit, or in world_collect() or
 * world_release(), or by a collector of its own run later, shows all four.
 *
 * stdout holds only what every correct node.c computes alike, so the
 * pitfall's output is the expected output.  What an implementation decides
 * (frees, collections) goes to stderr.
 */
#include "node.h"
#include "workload.h"
#include "workload_cycles.h"

#include <inttypes.h>
#include <stdio.h>

static const char usage[] = "--size N --seed S   (N: nodes per structure)";

int main(int argc, char **argv)
{
	struct workload wl;
	struct cycles_tally t = { 0 };
	struct node_stats st;
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

	printf("size: %zu\nseed: %" PRIu64 "\n", n, wl.seed);
	if (cycles_trees(n, &rng, stdout, &t) != 0)
		goto out;
	workload_checkpoint(); /* every tree dropped, nothing held: measured here */
	if (cycles_graphs(n, &rng, stdout, &t) != 0)
		goto out;
	status = 0;
out:
	if (status != 0)
		fprintf(stderr, "cycles: out of memory (or node.c broke a tree)\n");
	node_stats_get(&st);
	fprintf(stderr, "cycles: climbed %" PRIu64 " nodes (value sum %" PRIu64 ") from kept leaves"
		" after their trees were dropped\n", t.after_drop_steps, t.after_drop_sum);
	fprintf(stderr, "cycles: created=%" PRIu64 " freed=%" PRIu64 " still_live=%" PRIu64
		" examined=%" PRIu64 " collected=%" PRIu64 " freed_by_world_release=%zu\n",
		st.created, st.freed, st.created - st.freed, st.examined, st.collected, t.released);
	if (fflush(stdout) != 0)
		status = 1;
	return status;
}
