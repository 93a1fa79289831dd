/*
 * half-lru.c - a half fix of lab 08: functools.lru_cache(maxsize=N) on a
 * method.  Each document has its own memo (as in the reference), but a
 * global LRU list of the LRU_DOCS most recently used documents holds a
 * reference to each: a closed document lives on until LRU_DOCS others
 * have been used after it.  The heap is bounded now, flat in the number
 * of documents opened (the growth criterion passes), but it is the
 * pitfall bounded: 64 closed documents pinned beside the 8 open ones, and
 * all of them still there when the last document is closed.
 * kind: half
 * expect-score: 60 70
 * expect-pass: tests output memcheck peak-growth
 * expect-fail: peak-bound freed-at-close
 */
#include "doc.h"
#include "session.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LRU_DOCS 64         /* documents the cache keeps alive */
#define MEMO_FIRST_SLOTS 8  /* a power of two */

struct slot {
	uint64_t answer;
	uint32_t arg;
	uint32_t used;
};

struct doc {
	size_t refs;                /* the caller's, and the LRU's */
	struct doc *newer, *older;  /* the LRU list, when in it */
	int in_lru;
	struct slot *memo;
	size_t nslots, nused;
	size_t len;
	char text[];
};

static struct doc *newest, *oldest;
static size_t in_lru;
static struct doc_stats stats;

static void doc_unref(struct doc *d)
{
	if (--d->refs > 0)
		return;
	free(d->memo);
	free(d);
}

static void lru_unlink(struct doc *d)
{
	if (d->newer != NULL)
		d->newer->older = d->older;
	else
		newest = d->older;
	if (d->older != NULL)
		d->older->newer = d->newer;
	else
		oldest = d->newer;
	d->newer = d->older = NULL;
}

/* d becomes the most recently used; the least falls out past LRU_DOCS. */
static void lru_use(struct doc *d)
{
	if (d->in_lru) {
		lru_unlink(d);
	} else {
		d->in_lru = 1;
		d->refs++;
		in_lru++;
	}
	d->older = newest;
	if (newest != NULL)
		newest->newer = d;
	newest = d;
	if (oldest == NULL)
		oldest = d;
	if (in_lru > LRU_DOCS) {
		struct doc *out = oldest;
		lru_unlink(out);
		out->in_lru = 0;
		in_lru--;
		doc_unref(out);
	}
}

static struct slot *find(const struct doc *d, uint32_t arg)
{
	size_t i = (size_t)((arg * UINT32_C(2654435761)) & (d->nslots - 1));

	while (d->memo[i].used && d->memo[i].arg != arg)
		i = (i + 1) & (d->nslots - 1);
	return &d->memo[i];
}

static int grow(struct doc *d)
{
	size_t n = d->nslots ? d->nslots * 2 : MEMO_FIRST_SLOTS, oldn = d->nslots;
	struct slot *old = d->memo;

	if (n > SIZE_MAX / sizeof(struct slot))
		return -1;
	struct slot *fresh = calloc(n, sizeof *fresh);
	if (fresh == NULL)
		return -1;
	d->memo = fresh;
	d->nslots = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].used)
			*find(d, old[i].arg) = old[i];
	free(old);
	return 0;
}

struct doc *doc_open(const char *text, size_t len)
{
	if (len > SIZE_MAX - sizeof(struct doc))
		return NULL;
	struct doc *d = malloc(sizeof *d + len);
	if (d == NULL)
		return NULL;
	*d = (struct doc){ .refs = 1, .len = len };
	if (len > 0)
		memcpy(d->text, text, len);
	stats.opened++;
	return d;
}

int doc_measure(struct doc *d, uint32_t arg, uint64_t *answer)
{
	struct slot *s;

	lru_use(d);
	if (d->nslots > 0) {
		s = find(d, arg);
		if (s->used) {
			stats.hits++;
			*answer = s->answer;
			return 0;
		}
	}
	if ((d->nused + 1) * 4 > d->nslots * 3 && grow(d) != 0)
		return -1;
	s = find(d, arg);
	*s = (struct slot){ .answer = doc_work(d->text, d->len, arg), .arg = arg, .used = 1 };
	d->nused++;
	stats.misses++;
	*answer = s->answer;
	return 0;
}

void doc_close(struct doc *d)
{
	if (d == NULL)
		return;
	stats.closed++;
	doc_unref(d);
}

void doc_read_stats(struct doc_stats *out)
{
	*out = stats;
}

void doc_library_shutdown(void)
{
	while (oldest != NULL) {
		struct doc *d = oldest;
		lru_unlink(d);
		d->in_lru = 0;
		in_lru--;
		doc_unref(d);
	}
}
