/*
 * textbuf.h - a growable text buffer: what io.StringIO and ''.join() are
 * to Python, and what `s += piece` is not.  This header is the manual.
 * Neighbours: textbuf.c (yours to fix), pitfall.c (the exact-size version,
 * kept as the lesson), main.c (the driver: builds a CSV report with it),
 * tests/test_textbuf.c (what every version must do).
 *
 * Invariants, true between any two calls, in every implementation:
 *   - tb->len bytes of text start at tb->buf and a '\0' follows them
 *     (tb->buf[tb->len] == '\0'), so tb->buf is also a C string.
 *   - tb->alloc bytes are allocated at tb->buf, hence tb->len < tb->alloc;
 *     the bytes after the '\0' are spare room for later appends.
 *   - a textbuf that never grew has buf == NULL, len == 0, alloc == 0;
 *     textbuf_str() reads it as "" so callers need not test for NULL.
 *   - a call that fails changes nothing: same text, same buffer.
 *
 * Life cycle:
 *     struct textbuf tb = TEXTBUF_INIT;      or textbuf_init(&tb)
 *     textbuf_append(&tb, piece, n);         as often as you like
 *     ... textbuf_str(&tb), tb.len ...
 *     textbuf_release(&tb);                  frees; tb is empty again
 * Ownership: the textbuf owns tb->buf; only textbuf_release frees it.
 *
 * Errors: functions that can fail return 0, or -1 with errno set to
 * EOVERFLOW (the new length does not fit in a size_t) or ENOMEM.
 *
 * Growth: when the text outgrows tb->alloc, textbuf_grow() must decide how
 * much to allocate.  Asking for exactly what is needed now means a new
 * buffer, and a copy of the whole text, on every append.  Asking for a
 * multiple of what we have means few buffers and few copies, at the price
 * of some spare room.  The constants of that policy are named here, so the
 * implementation and its reader agree on them.
 */
#ifndef MEMLAB_TEXTBUF_H
#define MEMLAB_TEXTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TEXTBUF_MIN_ALLOC     64 /* bytes: the first buffer, at least */
#define TEXTBUF_GROWTH_FACTOR 2  /* a grown buffer is at least this many times the old one */

struct textbuf {
	char *buf;     /* the text and its '\0'; NULL until the first grow */
	size_t len;    /* bytes of text, not counting the '\0' */
	size_t alloc;  /* bytes allocated at buf; 0 when buf is NULL */
	/* What the growth policy decided, for the driver to show on stderr: */
	uint64_t grows;  /* buffers allocated (or reallocated) so far */
	uint64_t copied; /* bytes of old text carried into a new buffer by
	                    those grows (with realloc: at most this many) */
};

#define TEXTBUF_INIT { NULL, 0, 0, 0, 0 }

/* Life cycle. */
void textbuf_init(struct textbuf *tb);    /* the same as = TEXTBUF_INIT */
void textbuf_release(struct textbuf *tb); /* frees buf; tb is as after init */

/*
 * Makes room for `extra` more bytes of text (and the '\0'), so that
 * appends totalling `extra` bytes need no further allocation.  Does not
 * change the text.  A caller who knows the final length can call it once
 * up front: that is the "measure first, allocate once" way of ''.join().
 */
int textbuf_grow(struct textbuf *tb, size_t extra);

/*
 * Appends n bytes from data (which may be NULL when n is 0).  data must
 * not point into tb->buf: the buffer may move while growing.
 */
int textbuf_append(struct textbuf *tb, const void *data, size_t n);

static inline int textbuf_append_str(struct textbuf *tb, const char *s)
{
	return textbuf_append(tb, s, strlen(s));
}

/* The text as a C string; "" when nothing was ever appended. */
static inline const char *textbuf_str(const struct textbuf *tb)
{
	return tb->buf != NULL ? tb->buf : "";
}

#endif
