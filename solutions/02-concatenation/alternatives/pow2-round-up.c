/*
 * pow2-round-up.c - lab 02 (concatenation), another correct fix, with no
 * growth factor at all: the capacity is always need rounded up to the next
 * power of two (at least 16 B), recomputed from the length on each grow,
 * so a grow jumps straight to the capacity a big piece needs.  Capacities
 * end up those of doubling; the code is a bit trick, not a loop over the
 * old capacity.  Neighbours: ../textbuf.c (the reference),
 * ../../../labs/02-concatenation/textbuf.h (the contract).
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck total-alloc alloc-growth instructions peak-heap
 */
#include "textbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SMALLEST 16 /* bytes: the first buffer, at least */

void textbuf_init(struct textbuf *tb)
{
	struct textbuf empty = TEXTBUF_INIT;

	*tb = empty;
}

void textbuf_release(struct textbuf *tb)
{
	free(tb->buf);
	textbuf_init(tb);
}

/* The smallest power of two >= n (n >= SMALLEST); n itself when none fits in a size_t. */
static size_t round_up(size_t n)
{
	size_t p = n - 1;

	for (size_t shift = 1; shift < sizeof p * 8; shift <<= 1)
		p |= p >> shift;
	return p == SIZE_MAX ? n : p + 1;
}

int textbuf_grow(struct textbuf *tb, size_t extra)
{
	if (tb->buf != NULL && extra < tb->alloc - tb->len)
		return 0;
	if (extra > SIZE_MAX - 1 - tb->len) {
		errno = EOVERFLOW;
		return -1;
	}
	size_t need = tb->len + extra + 1;
	size_t want = round_up(need < SMALLEST ? SMALLEST : need);
	char *grown = realloc(tb->buf, want);
	if (grown == NULL) {
		errno = ENOMEM;
		return -1;
	}
	grown[tb->len] = '\0';
	tb->buf = grown;
	tb->alloc = want;
	tb->grows++;
	tb->copied += tb->len;
	return 0;
}

int textbuf_append(struct textbuf *tb, const void *data, size_t n)
{
	if (n == 0)
		return 0;
	if (textbuf_grow(tb, n) != 0)
		return -1;
	memcpy(tb->buf + tb->len, data, n);
	tb->len += n;
	tb->buf[tb->len] = '\0';
	return 0;
}
