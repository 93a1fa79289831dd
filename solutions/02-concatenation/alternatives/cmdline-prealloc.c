/*
 * cmdline-prealloc.c - lab 02 (concatenation), a cheat: it reads --size
 * from /proc/self/cmdline, allocates the whole report once on the first
 * grow, and keeps the starter's exact-size appends for everything else.
 * Run by hand (build/report --size 4096) it looks perfect; the tests, which
 * pass no --size, see the starter.  The grader gives the driver no
 * arguments (the words come on descriptor 5), so graded it is the starter
 * too: quadratic, and too slow for the large sizes.  It must lose the
 * memory points.  Neighbours: ../../../labs/common/workload.h (why argv
 * is empty), ../textbuf.c (the honest fix).
 * kind: cheat
 * expect-score: 0 50
 * expect-pass: tests memcheck
 * expect-fail: total-alloc alloc-growth instructions peak-heap
 */
#include "textbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMDLINE_MAX 4096
#define SLACK       1024 /* bytes beyond size KiB: the last row */

/* --size K on our own command line, in bytes (K * 1024 + SLACK), or 0. */
static size_t size_from_cmdline(void)
{
	char text[CMDLINE_MAX + 1];
	size_t n = 0, want = 0;
	FILE *f = fopen("/proc/self/cmdline", "r");

	if (f == NULL)
		return 0;
	n = fread(text, 1, CMDLINE_MAX, f);
	fclose(f);
	text[n] = '\0';
	for (size_t i = 0; i < n; i += strlen(text + i) + 1)
		if (strcmp(text + i, "--size") == 0 && i + 7 < n) {
			unsigned long long kib = strtoull(text + i + 7, NULL, 10);
			if (kib > 0 && kib < SIZE_MAX / 2048)
				want = (size_t)kib * 1024 + SLACK;
		}
	return want;
}

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
	size_t want = tb->len + extra + 1;
	if (tb->buf == NULL) {
		size_t known = size_from_cmdline();
		if (known > want)
			want = known;
	}
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
