/*
 * tests/test_node.c - Check unit tests of node.h (lab 03).  They run
 * against node.c, pitfall.c and the reference solution alike, so they test
 * what all three must do: values, links, tree shape, weak parent reads,
 * collector safety.  They never demand that memory be freed where the
 * pitfall keeps it: that is the leak the grader measures.  Where a test
 * cannot know whether a node was freed, it asks the counters and checks
 * the consequence both ways (freed: the weak link reads NULL; alive: it
 * reads the real parent).  Neighbours: node.h, ../../common/check_main.c,
 * test_workload.c (the "workload" case: the driver's own calls).
 */
#include <check.h>

#include "node.h"

static uint64_t live(void)
{
	struct node_stats s;

	node_stats_get(&s);
	return s.created - s.freed;
}

static struct node *must_new(int64_t value)
{
	struct node *n = node_new(value);

	ck_assert_ptr_nonnull(n);
	return n;
}

static struct world *must_world(void)
{
	struct world *w = world_new();

	ck_assert_ptr_nonnull(w);
	return w;
}

static struct node *must_track(struct world *w, int64_t value)
{
	struct node *n = world_node_new(w, value);

	ck_assert_ptr_nonnull(n);
	return n;
}

/* A ring of len tracked nodes, each linking its successor then its
 * predecessor; values start at first.  The caller holds every node. */
static void make_ring(struct world *w, struct node **ring, size_t len, int64_t first)
{
	for (size_t i = 0; i < len; i++)
		ring[i] = must_track(w, first + (int64_t)i);
	for (size_t i = 0; i < len; i++)
		ck_assert_int_eq(node_link(ring[i], ring[(i + 1) % len]), 0);
	for (size_t i = 0; i < len; i++)
		ck_assert_int_eq(node_link(ring[i], ring[(i + len - 1) % len]), 0);
}

/* Walks a ring of len nodes through link 0, checking every value. */
static void check_ring(struct node *start, size_t len, int64_t first)
{
	struct node *n = start;
	int64_t at = node_value(start) - first;

	for (size_t i = 0; i < len; i++) {
		ck_assert_int_eq(node_value(n), first + (at + (int64_t)i) % (int64_t)len);
		ck_assert_uint_ge(node_link_count(n), 2);
		n = node_link_at(n, 0);
	}
	ck_assert_ptr_eq(n, start);
}

START_TEST(lone_node_lives_and_dies)
{
	uint64_t base = live();
	struct node *n = must_new(42);

	ck_assert_int_eq(node_value(n), 42);
	ck_assert_ptr_null(node_parent(n));
	ck_assert_uint_eq(node_link_count(n), 0);
	ck_assert_uint_eq(live(), base + 1);
	node_retain(n);
	node_release(n);
	ck_assert_uint_eq(live(), base + 1); /* one reference left */
	node_release(n);
	ck_assert_uint_eq(live(), base);
	node_release(NULL);
}
END_TEST

START_TEST(children_keep_order_and_know_parent)
{
	struct node *root = must_new(0);

	for (int64_t v = 1; v <= 9; v++) { /* past NODE_LINKS_MIN: the array grows */
		struct node *c = must_new(v);
		ck_assert_int_eq(node_add_child(root, c), 0);
		node_release(c);
	}
	ck_assert_uint_eq(node_link_count(root), 9);
	for (size_t i = 0; i < 9; i++) {
		struct node *c = node_link_at(root, i);
		ck_assert_int_eq(node_value(c), (int64_t)i + 1);
		ck_assert_ptr_eq(node_parent(c), root);
	}
	node_release(root);
}
END_TEST

START_TEST(add_child_refuses_second_parent_and_loops)
{
	struct node *a = must_new(1), *b = must_new(2), *c = must_new(3);

	ck_assert_int_eq(node_add_child(a, b), 0);
	ck_assert_int_eq(node_add_child(b, c), 0);
	ck_assert_int_eq(node_add_child(c, b), -1); /* b has a parent */
	ck_assert_int_eq(node_add_child(c, a), -1); /* a is c's ancestor */
	ck_assert_int_eq(node_add_child(a, a), -1); /* itself */
	ck_assert_uint_eq(node_link_count(a), 1);
	ck_assert_uint_eq(node_link_count(b), 1);
	ck_assert_uint_eq(node_link_count(c), 0);
	ck_assert_ptr_null(node_parent(a));
	node_release(c);
	node_release(b);
	node_release(a);
}
END_TEST

START_TEST(detach_hands_over_the_child)
{
	struct node *root = must_new(0), *kid[3];
	uint64_t base;

	for (int i = 0; i < 3; i++) {
		kid[i] = must_new(i + 1);
		ck_assert_int_eq(node_add_child(root, kid[i]), 0);
		node_release(kid[i]);
	}
	ck_assert_int_eq(node_detach(root), -1); /* no parent */
	ck_assert_int_eq(node_detach(kid[1]), 0);
	ck_assert_ptr_null(node_parent(kid[1]));
	ck_assert_int_eq(node_detach(kid[1]), -1);
	ck_assert_uint_eq(node_link_count(root), 2);
	ck_assert_ptr_eq(node_link_at(root, 0), kid[0]);
	ck_assert_ptr_eq(node_link_at(root, 1), kid[2]);
	/* Adopted again, then detached for good: a lone leaf, so every
	 * implementation frees it on the last release. */
	ck_assert_int_eq(node_add_child(kid[0], kid[1]), 0);
	node_release(kid[1]); /* kid[0] owns it now */
	ck_assert_ptr_eq(node_parent(kid[1]), kid[0]);
	ck_assert_int_eq(node_detach(kid[1]), 0);
	base = live();
	node_release(kid[1]); /* the reference node_detach gave us */
	ck_assert_uint_eq(live(), base - 1);
	ck_assert_uint_eq(node_link_count(kid[0]), 0);
	node_release(root);
}
END_TEST

START_TEST(climb_a_chain_to_the_root)
{
	struct node *leaf = must_new(0), *top = leaf, *up;
	int64_t depth = 1;

	/* Built from the leaf up, NODE_DEPTH_MAX deep: freeing it must not
	 * run out of stack. */
	node_retain(leaf);
	for (; depth < NODE_DEPTH_MAX; depth++) {
		struct node *p = must_new(depth);
		ck_assert_int_eq(node_add_child(p, top), 0);
		node_release(top);
		top = p;
	}
	depth = 0;
	for (up = leaf; up != NULL; up = node_parent(up))
		ck_assert_int_eq(node_value(up), depth++);
	ck_assert_int_eq(depth, NODE_DEPTH_MAX);
	node_release(top);
	node_release(leaf);
}
END_TEST

/* The weak link, read after the parent's last outside reference is gone.
 * Freed (a weak link): the children must read NULL, not a dangling pointer.
 * Not freed (the pitfall's strong link): they read the live parent. */
START_TEST(weak_parent_reads_null_once_parent_is_freed)
{
	struct node *root = must_new(100), *mid = must_new(200), *leaf[4];
	uint64_t base;

	ck_assert_int_eq(node_add_child(root, mid), 0);
	for (int i = 0; i < 4; i++) {
		leaf[i] = must_new(i);
		ck_assert_int_eq(node_add_child(mid, leaf[i]), 0);
	}
	node_release(mid); /* held by root only; we hold root and the leaves */
	base = live();
	node_release(root);
	/* two answers are right (all or nothing): the transcript keeps the truth only */
	memlab_quiet(1);
	if (live() == base - 2) {
		for (int i = 0; i < 4; i++) {
			ck_assert_ptr_null(node_parent(leaf[i]));
			ck_assert_int_eq(node_detach(leaf[i]), -1);
		}
		/* An orphan may be adopted again. */
		ck_assert_int_eq(node_add_child(leaf[0], leaf[1]), 0);
		ck_assert_ptr_eq(node_parent(leaf[1]), leaf[0]);
	} else {
		ck_assert_uint_eq(live(), base); /* all or nothing */
		for (int i = 0; i < 4; i++) {
			struct node *p = node_parent(leaf[i]);
			ck_assert_ptr_nonnull(p);
			ck_assert_int_eq(node_value(p), 200);
			ck_assert_int_eq(node_value(node_parent(p)), 100);
		}
	}
	memlab_quiet(0);
	for (int i = 3; i >= 0; i--)
		node_release(leaf[i]);
}
END_TEST

START_TEST(links_count_and_read)
{
	struct world *w = must_world(); /* untracked cycles would leak */
	struct node *a = must_track(w, 1), *b = must_track(w, 2);
	uint64_t base = live();

	ck_assert_int_eq(node_link(a, b), 0);
	ck_assert_int_eq(node_link(a, a), 0); /* a self-cycle is allowed */
	ck_assert_int_eq(node_link(b, a), 0);
	ck_assert_uint_eq(node_link_count(a), 2);
	ck_assert_ptr_eq(node_link_at(a, 0), b);
	ck_assert_ptr_eq(node_link_at(a, 1), a);
	ck_assert_ptr_eq(node_link_at(b, 0), a);
	ck_assert_ptr_null(node_parent(b)); /* a link is not a parent */
	node_release(a);
	node_release(b);
	world_release(w);
	ck_assert_uint_eq(live(), base - 2);
}
END_TEST

START_TEST(world_counts_what_it_tracks)
{
	struct world *w = must_world();
	struct node *n[3], *loose = must_new(9);
	uint64_t base = live();

	for (int i = 0; i < 3; i++)
		n[i] = must_track(w, i);
	ck_assert_uint_eq(world_count(w), 3);
	ck_assert_int_eq(node_link(n[0], loose), 0);
	node_release(n[1]); /* no cycle: freed by refcounting alone */
	ck_assert_uint_eq(world_count(w), 2);
	ck_assert_uint_eq(live(), base + 2);
	node_release(loose);
	node_release(n[0]); /* takes loose with it */
	node_release(n[2]);
	ck_assert_uint_eq(world_count(w), 0);
	ck_assert_uint_eq(live(), base - 1);
	ck_assert_uint_eq(world_release(w), 0);
}
END_TEST

/* Nothing here is garbage: a collector that frees any of it is wrong. */
START_TEST(collect_spares_what_outside_reaches)
{
	struct world *w = must_world();
	struct node *a[8], *c[5], *holder = must_new(-1);
	uint64_t base;

	make_ring(w, a, 8, 10);
	make_ring(w, c, 5, 50);
	ck_assert_int_eq(node_link(a[3], c[2]), 0); /* ring c hangs off ring a */
	ck_assert_int_eq(node_link(holder, a[6]), 0); /* untracked holder */
	for (int i = 0; i < 8; i++)
		node_release(a[i]);
	for (int i = 0; i < 5; i++)
		node_release(c[i]);
	base = live();
	ck_assert_uint_eq(world_collect(w), 0);
	ck_assert_uint_eq(world_collect(w), 0);
	ck_assert_uint_eq(live(), base);
	ck_assert_uint_eq(world_count(w), 13);
	check_ring(node_link_at(holder, 0), 8, 10);
	ck_assert_ptr_eq(node_link_at(a[3], 2), c[2]);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(node_value(c[i]), 50 + i);
	node_release(holder);
	world_release(w);
	ck_assert_uint_eq(live(), base - 14);
}
END_TEST

/* Ring g is garbage and links into ring a, which we hold.  A collector may
 * free g (exactly g, and a must come through whole) or, without a
 * collector, nothing. */
START_TEST(collect_frees_only_garbage)
{
	struct world *w = must_world();
	struct node *a[6], *g[7], *self, *loose = must_new(77);
	uint64_t base;
	size_t freed;

	make_ring(w, a, 6, 0);
	make_ring(w, g, 7, 100);
	self = must_track(w, 500);
	ck_assert_int_eq(node_link(self, self), 0);
	ck_assert_int_eq(node_link(g[4], a[1]), 0);  /* garbage -> reachable */
	ck_assert_int_eq(node_link(g[0], loose), 0); /* garbage -> untracked */
	node_release(loose);
	node_release(self);
	for (int i = 0; i < 7; i++)
		node_release(g[i]);
	for (int i = 1; i < 6; i++)
		node_release(a[i]); /* a[0] stays ours */
	base = live();
	freed = world_collect(w);
	if (freed == 0) {
		ck_assert_uint_eq(live(), base);
		ck_assert_uint_eq(world_count(w), 14);
	} else {
		ck_assert_uint_eq(freed, 9); /* g, self, and loose with g[0] */
		ck_assert_uint_eq(live(), base - 9);
		ck_assert_uint_eq(world_count(w), 6);
		ck_assert_uint_eq(world_collect(w), 0);
	}
	check_ring(a[0], 6, 0);
	node_release(a[0]);
	world_release(w);
	ck_assert_uint_eq(live(), base - 15);
}
END_TEST

START_TEST(world_release_clears_and_frees)
{
	struct world *w = must_world();
	struct node *r[4], *held;
	uint64_t base = live();

	make_ring(w, r, 4, 0);
	held = r[2];
	node_retain(held);
	for (int i = 0; i < 4; i++)
		node_release(r[i]);
	/* Whatever the collector did, world_release leaves only what we hold,
	 * emptied of its links. */
	ck_assert_uint_le(world_release(w), 4);
	ck_assert_uint_eq(live(), base + 1);
	ck_assert_uint_eq(node_link_count(held), 0);
	ck_assert_int_eq(node_value(held), 2);
	node_release(held);
	ck_assert_uint_eq(live(), base);
	ck_assert_uint_eq(world_release(NULL), 0);
}
END_TEST

/* A tree made of tracked nodes: with weak parent links it needs no
 * collector; either way world_release cleans it up. */
START_TEST(tracked_tree_goes_with_its_world)
{
	struct world *w = must_world();
	struct node *root, *kid;
	uint64_t base = live();

	root = must_track(w, 1);
	for (int i = 0; i < 5; i++) {
		kid = must_track(w, 10 + i);
		ck_assert_int_eq(node_add_child(root, kid), 0);
		node_release(kid);
	}
	ck_assert_ptr_eq(node_parent(node_link_at(root, 4)), root);
	node_release(root);
	ck_assert(world_count(w) == 0 || world_count(w) == 6);
	ck_assert_uint_eq(live(), base + world_count(w));
	world_release(w);
	ck_assert_uint_eq(live(), base);
}
END_TEST

TCase *workload_tests(void); /* test_workload.c */

Suite *lab_suite(void)
{
	Suite *s = suite_create("node");
	TCase *tree = tcase_create("tree");
	TCase *graph = tcase_create("graph");

	tcase_add_test(tree, lone_node_lives_and_dies);
	tcase_add_test(tree, children_keep_order_and_know_parent);
	tcase_add_test(tree, add_child_refuses_second_parent_and_loops);
	tcase_add_test(tree, detach_hands_over_the_child);
	tcase_add_test(tree, climb_a_chain_to_the_root);
	tcase_add_test(tree, weak_parent_reads_null_once_parent_is_freed);
	tcase_add_test(graph, links_count_and_read);
	tcase_add_test(graph, world_counts_what_it_tracks);
	tcase_add_test(graph, collect_spares_what_outside_reaches);
	tcase_add_test(graph, collect_frees_only_garbage);
	tcase_add_test(graph, world_release_clears_and_frees);
	tcase_add_test(graph, tracked_tree_goes_with_its_world);
	suite_add_tcase(s, tree);
	suite_add_tcase(s, graph);
	suite_add_tcase(s, workload_tests());
	return s;
}
