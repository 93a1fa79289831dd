/*
 * double-from-1k.c - lab 02 (concatenation), another correct fix: the
 * first buffer is 1 KiB, each grow doubles it, and a grow is malloc, copy,
 * free rather than realloc.  At 16 KiB the whole text fits in a few
 * blocks; growth shows only from the graded sizes' 512 KiB up, which is
 * where lab.ini fits it.  Neighbours: ../textbuf.c (the reference:
 * realloc, from 64 B), ../../../labs/02-concatenation/textbuf.h.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck total-alloc alloc-growth instructions peak-heap
 */
#include "textbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_BLOCK 1024 /* bytes */
#define FACTOR      2

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
	size_t want = tb->alloc == 0 ? FIRST_BLOCK : tb->alloc;
	while (want < need)
		want = want <= SIZE_MAX / FACTOR ? want * FACTOR : need;
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
