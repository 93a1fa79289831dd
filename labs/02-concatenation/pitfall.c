/*
 * pitfall.c - textbuf.h done the way `data += chunk` works on Python's
 * bytes and str: every append makes a new object of exactly the new size.
 * It is correct (it passes every test) and it is the lesson: read it, do
 * not fix it here.  Neighbours: textbuf.h (the contract), textbuf.c (the
 * copy you fix), main.c (the driver the grader runs).
 *
 * Why it hurts.  Appending piece k (p bytes) to a text of length k*p
 *   1. allocates k*p + p + 1 bytes,
 *   2. copies the k*p bytes already written,
 *   3. frees the old buffer.
 * Over n pieces that is 1 + 2 + ... + n pieces copied: about n*n*p/2
 * bytes, or L*L/(2p) for a text of length L.  The driver's 16 KiB report
 * (6553 pieces of 2.6 bytes) copies 53 MB to build 16 KiB, and allocates
 * as much; the 4 MiB one would copy 3.4 TB.  Twice the text costs four
 * times as much: quadratic.
 *
 * And between steps 1 and 3 both buffers are alive, so the peak heap is
 * twice the text, even though nothing is ever kept for long.
 *
 * CPython sometimes hides this: when nothing else refers to a str, `s +=`
 * may resize it in place.  That is one interpreter's optimisation, fragile
 * and not a promise of the language (PEP 8 says not to rely on it);
 * io.StringIO, io.BytesIO and ''.join() are how Python says "build a long
 * text", and textbuf.h is how this lab says it in C.
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
	/* Room left after the text and its '\0' (none before the first grow). */
	size_t room = tb->alloc > tb->len ? tb->alloc - tb->len - 1 : 0;

	if (tb->buf != NULL && extra <= room)
		return 0;
	if (extra > SIZE_MAX - 1 - tb->len) {
		errno = EOVERFLOW;
		return -1;
	}
	/* Exactly what is needed now, and not a byte more: the pitfall. */
	size_t want = tb->len + extra + 1;
	char *fresh = malloc(want);
	if (fresh == NULL) {
		errno = ENOMEM;
		return -1;
	}
	/* The whole text so far, copied again, once per append. */
	if (tb->len > 0)
		memcpy(fresh, tb->buf, tb->len);
	fresh[tb->len] = '\0';
	free(tb->buf); /* until here old and new were both alive */
	tb->buf = fresh;
	tb->alloc = want;
	tb->grows++;
	tb->copied += tb->len;
	return 0;
}

int textbuf_append(struct textbuf *tb, const void *data, size_t n)
{
	if (n == 0)
		return 0;
	/* The last grow left no room, so this grows (and copies) again. */
	if (textbuf_grow(tb, n) != 0)
		return -1;
	memcpy(tb->buf + tb->len, data, n);
	tb->len += n;
	tb->buf[tb->len] = '\0';
	return 0;
}
