/*
 * tests/test_textbuf.c - Check tests of textbuf.h, the same for every
 * implementation (textbuf.c, pitfall.c, the solution): they test what the
 * header promises, not how fast it grows.  ../../common/check_main.c runs
 * lab_suite(), each test in its own process.
 *
 * The traps: empty pieces, many tiny pieces, a piece bigger than the
 * current buffer, sizes whose sum wraps around a size_t, and a capacity
 * (tb->alloc) that must be true: malloc_usable_size() checks it.
 */
#define _GNU_SOURCE /* malloc_usable_size() */
#include "textbuf.h"

#include <check.h>
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TINY_PIECES 5000
#define BIG_PIECE   100000

/* The invariants of textbuf.h, checked after every step. */
static void check_invariants(const struct textbuf *tb)
{
	if (tb->buf == NULL) {
		ck_assert_uint_eq(tb->len, 0);
		ck_assert_uint_eq(tb->alloc, 0);
		ck_assert_str_eq(textbuf_str(tb), "");
		return;
	}
	ck_assert_uint_lt(tb->len, tb->alloc);
	ck_assert_int_eq(tb->buf[tb->len], '\0');
	ck_assert_uint_ge(malloc_usable_size(tb->buf), tb->alloc);
	ck_assert_ptr_eq(textbuf_str(tb), tb->buf);
}

/* Byte i of a text no one would type by accident. */
static char pattern(size_t i)
{
	return (char)('a' + (i * 7 + i / 26) % 26);
}

START_TEST(test_fresh_is_empty)
{
	struct textbuf a = TEXTBUF_INIT, b;

	textbuf_init(&b);
	check_invariants(&a);
	check_invariants(&b);
	ck_assert_uint_eq(b.grows, 0);
	ck_assert_uint_eq(b.copied, 0);
	textbuf_release(&a); /* releasing what never grew is fine */
	check_invariants(&a);
}
END_TEST

START_TEST(test_append_exact_contents)
{
	struct textbuf tb = TEXTBUF_INIT;

	ck_assert_int_eq(textbuf_append_str(&tb, "hello"), 0);
	ck_assert_uint_ge(tb.grows, 1);
	ck_assert_int_eq(textbuf_append(&tb, ", world", 7), 0);
	ck_assert_int_eq(textbuf_append(&tb, "!?", 1), 0); /* only the first byte */
	check_invariants(&tb);
	ck_assert_uint_eq(tb.len, 13);
	ck_assert_str_eq(textbuf_str(&tb), "hello, world!");
	ck_assert_int_eq(textbuf_append(&tb, "\0x", 2), 0); /* bytes, not C strings */
	ck_assert_uint_eq(tb.len, 15);
	ck_assert_mem_eq(tb.buf, "hello, world!\0x", 16);
	textbuf_release(&tb);
	check_invariants(&tb);
	ck_assert_uint_eq(tb.grows, 0);
	ck_assert_int_eq(textbuf_append_str(&tb, "again"), 0); /* reusable */
	ck_assert_str_eq(textbuf_str(&tb), "again");
	textbuf_release(&tb);
}
END_TEST

START_TEST(test_empty_pieces)
{
	struct textbuf tb = TEXTBUF_INIT;

	ck_assert_int_eq(textbuf_append(&tb, NULL, 0), 0);
	ck_assert_int_eq(textbuf_append_str(&tb, ""), 0);
	check_invariants(&tb);
	ck_assert_uint_eq(tb.len, 0);
	ck_assert_int_eq(textbuf_append_str(&tb, "abc"), 0);
	for (int i = 0; i < 100; i++) {
		ck_assert_int_eq(textbuf_append(&tb, NULL, 0), 0);
		ck_assert_int_eq(textbuf_append(&tb, "zzz", 0), 0);
	}
	check_invariants(&tb);
	ck_assert_uint_eq(tb.len, 3);
	ck_assert_str_eq(textbuf_str(&tb), "abc");
	textbuf_release(&tb);
}
END_TEST

START_TEST(test_many_tiny_pieces)
{
	struct textbuf tb = TEXTBUF_INIT;

	for (size_t i = 0; i < TINY_PIECES; i++) {
		char c = pattern(i);
		ck_assert_int_eq(textbuf_append(&tb, &c, 1), 0);
		ck_assert_uint_eq(tb.len, i + 1);
		check_invariants(&tb);
	}
	ck_assert_uint_le(tb.grows, TINY_PIECES);
	for (size_t i = 0; i < TINY_PIECES; i++)
		ck_assert_int_eq(tb.buf[i], pattern(i));
	textbuf_release(&tb);
}
END_TEST

START_TEST(test_piece_larger_than_capacity)
{
	struct textbuf tb = TEXTBUF_INIT;
	char *big = malloc(BIG_PIECE);

	ck_assert_ptr_nonnull(big);
	for (size_t i = 0; i < BIG_PIECE; i++)
		big[i] = pattern(i);
	ck_assert_int_eq(textbuf_append_str(&tb, "ab"), 0);
	ck_assert_uint_lt(tb.alloc, BIG_PIECE);
	ck_assert_int_eq(textbuf_append(&tb, big, BIG_PIECE), 0);
	check_invariants(&tb);
	ck_assert_int_eq(textbuf_append_str(&tb, "yz"), 0);
	check_invariants(&tb);
	ck_assert_uint_eq(tb.len, BIG_PIECE + 4);
	ck_assert_mem_eq(tb.buf, "ab", 2);
	ck_assert_mem_eq(tb.buf + 2, big, BIG_PIECE);
	ck_assert_str_eq(tb.buf + 2 + BIG_PIECE, "yz");
	free(big);
	textbuf_release(&tb);
}
END_TEST

START_TEST(test_grow_reserves_room)
{
	struct textbuf tb = TEXTBUF_INIT;

	ck_assert_int_eq(textbuf_append_str(&tb, "xyz"), 0);
	ck_assert_int_eq(textbuf_grow(&tb, 1000), 0);
	check_invariants(&tb);
	ck_assert_uint_ge(tb.alloc, 3 + 1000 + 1);
	ck_assert_str_eq(textbuf_str(&tb), "xyz");
	/* The promise of grow: these 1000 bytes need no new allocation. */
	const char *before = tb.buf;
	uint64_t grows = tb.grows;
	for (size_t i = 0; i < 1000; i++) {
		char c = pattern(i);
		ck_assert_int_eq(textbuf_append(&tb, &c, 1), 0);
	}
	ck_assert_ptr_eq(tb.buf, before);
	ck_assert(tb.grows == grows); /* a count each implementation picks: its truth only */
	ck_assert_int_eq(textbuf_grow(&tb, 0), 0);
	ck_assert_ptr_eq(tb.buf, before);
	check_invariants(&tb);
	ck_assert_mem_eq(tb.buf, "xyz", 3);
	for (size_t i = 0; i < 1000; i++)
		ck_assert_int_eq(tb.buf[3 + i], pattern(i));
	textbuf_release(&tb);
}
END_TEST

/* A failed call must leave everything as it was. */
static void check_unchanged(const struct textbuf *tb, const char *buf, size_t alloc)
{
	check_invariants(tb);
	ck_assert_ptr_eq(tb->buf, buf);
	ck_assert(tb->alloc == alloc);  /* a figure each implementation picks: its truth only */
	ck_assert_uint_eq(tb->len, 3);
	ck_assert_str_eq(textbuf_str(tb), "abc");
}

START_TEST(test_overflow_rejected)
{
	struct textbuf tb = TEXTBUF_INIT;

	ck_assert_int_eq(textbuf_append_str(&tb, "abc"), 0);
	const char *buf = tb.buf;
	size_t alloc = tb.alloc;
	/* len + n + 1 wraps around to 3, 1, 0 and 2: nothing may be written. */
	const size_t wrapping[] = { SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 2, SIZE_MAX - 3 };
	for (size_t i = 0; i < sizeof wrapping / sizeof wrapping[0]; i++) {
		errno = 0;
		ck_assert_int_eq(textbuf_append(&tb, "x", wrapping[i]), -1);
		ck_assert_int_eq(errno, EOVERFLOW);
		check_unchanged(&tb, buf, alloc);
		errno = 0;
		ck_assert_int_eq(textbuf_grow(&tb, wrapping[i]), -1);
		ck_assert_int_eq(errno, EOVERFLOW);
		check_unchanged(&tb, buf, alloc);
	}
	ck_assert_int_eq(textbuf_append_str(&tb, "d"), 0); /* still usable */
	ck_assert_str_eq(textbuf_str(&tb), "abcd");
	textbuf_release(&tb);
}
END_TEST

START_TEST(test_huge_request_fails_cleanly)
{
	struct textbuf tb = TEXTBUF_INIT;

	ck_assert_int_eq(textbuf_append_str(&tb, "abc"), 0);
	const char *buf = tb.buf;
	size_t alloc = tb.alloc;
	/* Fits in a size_t, but no machine has the memory. */
	errno = 0;
	ck_assert_int_eq(textbuf_grow(&tb, SIZE_MAX / 2), -1);
	ck_assert(errno == ENOMEM || errno == EOVERFLOW);
	check_unchanged(&tb, buf, alloc);
	errno = 0;
	ck_assert_int_eq(textbuf_append(&tb, "x", SIZE_MAX / 2 + 7), -1);
	ck_assert(errno == ENOMEM || errno == EOVERFLOW);
	check_unchanged(&tb, buf, alloc);
	textbuf_release(&tb);
}
END_TEST

TCase *workload_tests(void); /* test_workload.c */

Suite *lab_suite(void)
{
	Suite *s = suite_create("textbuf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_fresh_is_empty);
	tcase_add_test(tc, test_append_exact_contents);
	tcase_add_test(tc, test_empty_pieces);
	tcase_add_test(tc, test_many_tiny_pieces);
	tcase_add_test(tc, test_piece_larger_than_capacity);
	tcase_add_test(tc, test_grow_reserves_room);
	tcase_add_test(tc, test_overflow_rejected);
	tcase_add_test(tc, test_huge_request_fails_cleanly);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, workload_tests());
	return s;
}
