/*
 * textbuf.c - YOUR implementation of textbuf.h (read the header first).
 * It starts as the naive version: correct, passes every test, and copies
 * the whole text on every append, just like `report += piece` on Python
 * bytes.  Make `make grade` happy by changing how the buffer grows; the
 * TODOs mark the lines that hurt.  Neighbours: textbuf.h (the contract),
 * pitfall.c (this code, explained), main.c (the driver), README.md.
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
	/*
	 * TODO: this asks for exactly what this append needs, so the very
	 * next append finds no room and grows again.  How much should you
	 * ask for so that n appends cause only about log(n) grows?  Use the
	 * constants in textbuf.h, and check that your multiplication cannot
	 * overflow a size_t (what do you do when it would?).
	 */
	size_t want = tb->len + extra + 1;
	/*
	 * TODO: new buffer, copy, free: old and new are alive together and
	 * the whole text is copied.  realloc() may extend the block in place;
	 * if you use it, keep the old pointer until it succeeds (never
	 * p = realloc(p, n): on failure that loses the text).
	 */
	char *fresh = malloc(want);
	if (fresh == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (tb->len > 0)
		memcpy(fresh, tb->buf, tb->len);
	fresh[tb->len] = '\0';
	free(tb->buf);
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
	if (textbuf_grow(tb, n) != 0)
		return -1;
	memcpy(tb->buf + tb->len, data, n);
	tb->len += n;
	tb->buf[tb->len] = '\0';
	return 0;
}
