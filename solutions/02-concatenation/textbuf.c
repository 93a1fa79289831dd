/*
 * textbuf.c - the reference fix for lab 02 (concatenation): a buffer that
 * grows geometrically, the C counterpart of io.StringIO.  Neighbours:
 * labs/02-concatenation/textbuf.h (the contract and the growth constants),
 * labs/02-concatenation/pitfall.c (the exact-size version it replaces).
 *
 * The idea.  When the text no longer fits, allocate TEXTBUF_GROWTH_FACTOR
 * times what we had (or what is needed, if that is more).  Capacities then
 * run 64, 128, 256 ... so a text of length L takes about log2(L/64) grows,
 * and the bytes they carry over add up to less than the final capacity:
 * L/2 + L/4 + ... < L.  Each append costs O(1) amortised instead of O(L).
 * The price is spare room: up to half the buffer may be unused.
 *
 * realloc() does the carrying: it may extend the block where it is (no
 * copy at all), and glibc moves big blocks with mremap() instead of
 * copying them.  When it must move, old and new are alive for a moment,
 * as in any grow.  We keep the old pointer until realloc succeeds, so a
 * failed grow loses nothing.
 */
#include "textbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/*
 * The size of the next buffer: a TEXTBUF_GROWTH_FACTOR multiple of the
 * current one, at least TEXTBUF_MIN_ALLOC, and never less than `need`.
 * Past SIZE_MAX / TEXTBUF_GROWTH_FACTOR the multiple would wrap around,
 * so there we ask for just what is needed.
 */
static size_t next_alloc(size_t alloc, size_t need)
{
	size_t next;

	if (alloc < TEXTBUF_MIN_ALLOC)
		next = TEXTBUF_MIN_ALLOC;
	else if (alloc <= SIZE_MAX / TEXTBUF_GROWTH_FACTOR)
		next = alloc * TEXTBUF_GROWTH_FACTOR;
	else
		next = need;
	return next > need ? next : need;
}

int textbuf_grow(struct textbuf *tb, size_t extra)
{
	/* buf != NULL implies len < alloc, so the subtraction is safe. */
	if (tb->buf != NULL && extra < tb->alloc - tb->len)
		return 0;
	if (extra > SIZE_MAX - 1 - tb->len) {
		errno = EOVERFLOW;
		return -1;
	}
	size_t want = next_alloc(tb->alloc, tb->len + extra + 1);
	char *grown = realloc(tb->buf, want);
	if (grown == NULL) {
		errno = ENOMEM; /* tb->buf is untouched and still ours */
		return -1;
	}
	grown[tb->len] = '\0'; /* already there, unless buf was NULL */
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
