/*
 * half-dangling.c - a half fix of lab 08: the pitfall's global cache,
 * keyed by the document's address, no longer takes a reference, so
 * doc_close() frees the document at once; but its entries stay.  The next
 * document malloc puts at the same address is answered from the dead
 * one's entries: wrong answers (the tests and the output see them), and
 * the entries still pile up, one per question ever missed.
 * kind: half
 * expect-score: 0 10
 * expect-fail: tests output memcheck peak-growth peak-bound freed-at-close
 */
#include "doc.h"
#include "session.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct doc {
	size_t refs; /* the caller's, plus one per memo entry */
	size_t len;
	char text[];
};

struct entry {
	struct doc *doc; /* a strong reference: the doc lives while this does */
	uint32_t arg;
	uint64_t answer;
	struct entry *next;
};

static struct {
	struct entry **buckets;
	size_t nbuckets, entries;
} memo;

static struct doc_stats stats;

static size_t hash(const struct doc *d, uint32_t arg)
{
	uint64_t h = ((uint64_t)(uintptr_t)d ^ arg) * UINT64_C(0x9e3779b97f4a7c15);

	return (size_t)(h >> 32);
}

static void doc_unref(struct doc *d)
{
	if (--d->refs == 0)
		free(d);
}

static int grow(void)
{
	size_t n = memo.nbuckets ? memo.nbuckets * 2 : DOC_MEMO_INITIAL_BUCKETS;

	if (n > SIZE_MAX / sizeof(struct entry *) / 2)
		return -1;
	struct entry **fresh = calloc(n, sizeof *fresh);
	if (fresh == NULL)
		return -1;
	for (size_t i = 0; i < memo.nbuckets; i++) {
		struct entry *e = memo.buckets[i];
		while (e != NULL) {
			struct entry *next = e->next;
			struct entry **b = &fresh[hash(e->doc, e->arg) & (n - 1)];
			e->next = *b;
			*b = e;
			e = next;
		}
	}
	free(memo.buckets);
	memo.buckets = fresh;
	memo.nbuckets = n;
	return 0;
}

struct doc *doc_open(const char *text, size_t len)
{
	if (len > SIZE_MAX - sizeof(struct doc))
		return NULL;
	struct doc *d = malloc(sizeof *d + len);
	if (d == NULL)
		return NULL;
	d->refs = 1;
	d->len = len;
	if (len > 0)
		memcpy(d->text, text, len);
	stats.opened++;
	return d;
}

int doc_measure(struct doc *d, uint32_t arg, uint64_t *answer)
{
	if (memo.nbuckets > 0) {
		for (struct entry *e = memo.buckets[hash(d, arg) & (memo.nbuckets - 1)];
		     e != NULL; e = e->next)
			if (e->doc == d && e->arg == arg) {
				stats.hits++;
				*answer = e->answer;
				return 0;
			}
	}
	if (memo.entries >= memo.nbuckets * DOC_MEMO_MAX_LOAD && grow() != 0)
		return -1;
	struct entry *e = malloc(sizeof *e);
	if (e == NULL)
		return -1;
	/* the line that hurts: the cache takes a reference to the document */
	/* the half: no reference taken, and no entry purged at close */
	e->doc = d;
	e->arg = arg;
	e->answer = doc_work(d->text, d->len, arg);
	struct entry **b = &memo.buckets[hash(d, arg) & (memo.nbuckets - 1)];
	e->next = *b;
	*b = e;
	memo.entries++;
	stats.misses++;
	*answer = e->answer;
	return 0;
}

void doc_close(struct doc *d)
{
	if (d == NULL)
		return;
	stats.closed++;
	/* the caller's reference goes; the memo's stay, and so does d */
	doc_unref(d);
}

void doc_read_stats(struct doc_stats *out)
{
	*out = stats;
}

void doc_library_shutdown(void)
{
	for (size_t i = 0; i < memo.nbuckets; i++) {
		struct entry *e = memo.buckets[i];
		while (e != NULL) {
			struct entry *next = e->next;
			free(e);
			e = next;
		}
	}
	free(memo.buckets);
	memo.buckets = NULL;
	memo.nbuckets = memo.entries = 0;
}
