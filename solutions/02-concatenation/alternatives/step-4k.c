/*
 * step-4k.c - lab 02 (concatenation), a half fix: the buffer grows by a
 * constant 4 KiB each time (realloc), never by a factor.  It beats the
 * starter by far on small texts (a 26 KB text grows 7 times), but n
 * bytes take n/4096 grows, each copying the whole text: L*L/8192 bytes
 * allocated, quadratic still.  At 4 MiB it allocates about 500 bytes per
 * byte of text, and its bytes allocated grow as size^2.  It must not get
 * full marks.  Neighbours: ../textbuf.c (growth by a factor),
 * ../../../labs/02-concatenation/textbuf.h (the contract).
 * kind: half
 * expect-score: 0 70
 * expect-pass: tests output memcheck instructions
 * expect-fail: total-alloc alloc-growth
 */
#include "textbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define STEP (4 * 1024) /* bytes added on each grow */

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
	if (tb->buf != NULL && extra < tb->alloc - tb->len)
		return 0;
	if (extra > SIZE_MAX - 1 - tb->len) {
		errno = EOVERFLOW;
		return -1;
	}
	size_t need = tb->len + extra + 1;
	size_t want = tb->alloc <= SIZE_MAX - STEP ? tb->alloc + STEP : need;
	if (want < need)
		want = need;
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
