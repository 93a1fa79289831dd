/*
 * tests/test_workload.c - the "workload" test case: lab 03's workload
 * (workload_cycles.c, the very calls main.c makes) driven from the tests.
 * The grader runs it alone under massif at a graded size
 * (memlab_workload(), see ../../common/memlab_check.h) and compares its
 * peak and bytes allocated with the graded run's: a node.c that behaves
 * better when graded than when used is caught.  In an ordinary run it
 * takes a small size of its own.  Its checks hold for every correct
 * node.c: the sums are read while the nodes are surely alive.
 * Neighbours: test_node.c (lab_suite adds this case), ../workload_cycles.h.
 */
#include <check.h>

#include "node.h"
#include "workload.h"
#include "workload_cycles.h"

#define WORKLOAD_TEST_SIZE 64 /* nodes per structure, when the grader names none */
/* A figure every correct node.c computes alike, into the transcript: the
 * grader compares it with the pitfall's run of the same seed. */
#define RECORD(x) ck_assert_uint_eq((x), (x))

TCase *workload_tests(void);

START_TEST(the_workload)
{
	const struct workload *w = memlab_workload();
	uint64_t n = w != NULL ? w->size : WORKLOAD_TEST_SIZE;
	uint64_t rng = w != NULL ? w->seed : memlab_test_seed();
	struct cycles_tally t = { 0 };

	ck_assert_uint_ge(n, CYCLES_SIZE_MIN);
	ck_assert_uint_le(n, CYCLES_SIZE_MAX);
	ck_assert_int_eq(cycles_trees((size_t)n, &rng, NULL, &t), 0);
	ck_assert_uint_eq(t.tree_nodes, TREE_ROUNDS * n);
	ck_assert_uint_eq(t.detached_nodes + t.kept_nodes, TREE_ROUNDS * n);
	ck_assert_uint_ge(t.climb_steps, t.tree_nodes); /* every node counts itself */
	RECORD(t.climb_sum);
	RECORD(t.tree_sum);
	ck_assert_int_eq(cycles_graphs((size_t)n, &rng, NULL, &t), 0);
	ck_assert_uint_eq(t.rings_closed, GRAPH_ROUNDS);
	ck_assert_uint_eq(t.graph_links, GRAPH_ROUNDS * (3 * n + 1));
	RECORD(t.edge_sum);
	RECORD(t.ring_sum);
}
END_TEST

TCase *workload_tests(void)
{
	TCase *tc = tcase_create("workload");

	tcase_add_test(tc, the_workload);
	tcase_set_timeout(tc, 60); /* under massif at a graded size */
	return tc;
}
