/*
 * fix-weakref.c - an alternative fix of lab 08, done apart from the
 * reference: Python's WeakKeyDictionary in C.  A document is reference
 * counted (doc_close() drops the caller's reference; nobody else takes
 * one) and keeps a list of weak references to it; a weak reference does
 * not keep its target alive, and when the target dies each weak reference
 * is told (a callback, as weakref.ref(obj, callback) is).  The memo is
 * one global array of entries sorted by (document, arg), found by binary
 * search; each entry holds a weak reference to its document, whose
 * callback removes the entry.  The array grows by half and is freed when
 * it is empty.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-growth peak-bound freed-at-close
 */
#include "doc.h"
#include "session.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_ROOM 16

struct weakref {
	struct doc *target;
	void (*on_death)(struct weakref *w); /* called as the target dies */
	struct weakref *next;                /* the target's other weak refs */
};

struct doc {
	size_t refs;            /* strong references: the caller's */
	struct weakref *weak;   /* weak references to this document */
	size_t len;
	char text[];
};

struct entry {
	struct weakref ref; /* first: an entry is found from its weakref */
	uint32_t arg;
	uint64_t answer;
};

static struct entry **memo; /* sorted by (ref.target, arg) */
static size_t count, room;
static struct doc_stats stats;

static int before(const struct entry *e, const struct doc *d, uint32_t arg)
{
	if ((uintptr_t)e->ref.target != (uintptr_t)d)
		return (uintptr_t)e->ref.target < (uintptr_t)d;
	return e->arg < arg;
}

/* The index of the first entry not before (d, arg). */
static size_t lower_bound(const struct doc *d, uint32_t arg)
{
	size_t lo = 0, hi = count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (before(memo[mid], d, arg))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void entry_dies(struct weakref *w)
{
	struct entry *e = (struct entry *)w;
	size_t i = lower_bound(w->target, e->arg);

	memmove(&memo[i], &memo[i + 1], (count - i - 1) * sizeof *memo);
	count--;
	free(e);
	if (count == 0) {
		free(memo);
		memo = NULL;
		room = 0;
	}
}

static void doc_unref(struct doc *d)
{
	if (--d->refs > 0)
		return;
	for (struct weakref *w = d->weak, *next; w != NULL; w = next) {
		next = w->next;
		w->on_death(w);
	}
	free(d);
}

struct doc *doc_open(const char *text, size_t len)
{
	if (len > SIZE_MAX - sizeof(struct doc))
		return NULL;
	struct doc *d = malloc(sizeof *d + len);
	if (d == NULL)
		return NULL;
	d->refs = 1;
	d->weak = NULL;
	d->len = len;
	if (len > 0)
		memcpy(d->text, text, len);
	stats.opened++;
	return d;
}

int doc_measure(struct doc *d, uint32_t arg, uint64_t *answer)
{
	size_t i = lower_bound(d, arg);

	if (i < count && memo[i]->ref.target == d && memo[i]->arg == arg) {
		stats.hits++;
		*answer = memo[i]->answer;
		return 0;
	}
	if (count == room) {
		size_t n = room ? room + room / 2 : FIRST_ROOM;
		if (n > SIZE_MAX / sizeof *memo)
			return -1;
		struct entry **bigger = realloc(memo, n * sizeof *memo);
		if (bigger == NULL)
			return -1;
		memo = bigger;
		room = n;
	}
	struct entry *e = malloc(sizeof *e);
	if (e == NULL)
		return -1;
	e->ref = (struct weakref){ .target = d, .on_death = entry_dies, .next = d->weak };
	d->weak = &e->ref; /* weak: d->refs unchanged */
	e->arg = arg;
	e->answer = doc_work(d->text, d->len, arg);
	memmove(&memo[i + 1], &memo[i], (count - i) * sizeof *memo);
	memo[i] = e;
	count++;
	stats.misses++;
	*answer = e->answer;
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
	free(memo); /* NULL unless a document is still open */
	memo = NULL;
	count = room = 0;
}
