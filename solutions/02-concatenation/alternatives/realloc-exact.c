/*
 * realloc-exact.c - lab 02 (concatenation), a half fix: the starter's
 * exact-size appends, done with realloc instead of malloc + copy + free.
 * Natively glibc often extends the block in place (or remaps big ones), so
 * it even runs fast; but every append is still a new allocation of the
 * whole text (L*L/5.2 bytes requested, quadratic), and wherever realloc
 * must move the block it copies the whole text again: under massif it runs
 * out of time from about 1.5 MiB.  It must not get the memory points
 * (callgrind, under which glibc's realloc grows in place, counts few
 * instructions: those it may keep).  Neighbours:
 * ../../../labs/02-concatenation/pitfall.c (the same growth, malloc'd),
 * ../textbuf.c (growth by a factor).
 * kind: half
 * expect-score: 0 60
 * expect-pass: tests memcheck
 * expect-fail: total-alloc alloc-growth peak-heap
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

int textbuf_grow(struct textbuf *tb, size_t extra)
{
	size_t room = tb->alloc > tb->len ? tb->alloc - tb->len - 1 : 0;

	if (tb->buf != NULL && extra <= room)
		return 0;
	if (extra > SIZE_MAX - 1 - tb->len) {
		errno = EOVERFLOW;
		return -1;
	}
	size_t want = tb->len + extra + 1; /* exactly what this append needs: the half */
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
