/*
 * grow-1_5x-from-512.c - lab 02 (concatenation), another correct fix, in
 * git's strbuf manner: capacities grow by half of themselves (1.5x) from a
 * first buffer of 512 B, with realloc.  It copies more often than
 * doubling (about 3 bytes carried per byte of text instead of 1) and
 * leaves less spare room.  Neighbours: ../textbuf.c (the reference,
 * doubling), ../../../labs/02-concatenation/textbuf.h (the contract).
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck total-alloc alloc-growth instructions peak-heap
 */
#include "textbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_BLOCK 512 /* bytes */

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

/* alloc + alloc/2, at least FIRST_BLOCK and need; just need where the sum would wrap. */
static size_t next_alloc(size_t alloc, size_t need)
{
	size_t next = alloc < FIRST_BLOCK ? FIRST_BLOCK
		: alloc <= SIZE_MAX - alloc / 2 ? alloc + alloc / 2 : need;

	return next > need ? next : need;
}

int textbuf_grow(struct textbuf *tb, size_t extra)
{
	if (tb->buf != NULL && extra < tb->alloc - tb->len)
		return 0;
	if (extra > SIZE_MAX - 1 - tb->len) {
		errno = EOVERFLOW;
		return -1;
	}
	size_t want = next_alloc(tb->alloc, tb->len + extra + 1);
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
