/*
 * fix-purge-scan.c - an alternative fix of lab 08, done apart from the
 * reference: the memo stays one global cache keyed by (document, arg), as
 * in the pitfall, but it holds no reference: a document is the caller's
 * alone.  doc_close() scans the whole table and removes the entries about
 * the document (O(table) per close: fine while few documents are open),
 * then frees it; when the table is left empty, its bucket array is freed
 * too, so with no document open nothing is on the heap.  Buckets double at
 * load 2; chains are singly linked, one malloc per entry.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-growth peak-bound freed-at-close
 */
#include "doc.h"
#include "session.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_BUCKETS 32 /* a power of two */
#define MAX_LOAD 2

struct doc {
	size_t len;
	char text[];
};

struct entry {
	const struct doc *doc; /* a key only: no reference */
	uint32_t arg;
	uint64_t answer;
	struct entry *next;
};

static struct entry **buckets;
static size_t nbuckets, nentries;
static struct doc_stats stats;

static size_t bucket(const struct doc *d, uint32_t arg, size_t n)
{
	uint64_t h = (uint64_t)(uintptr_t)d * UINT64_C(0xff51afd7ed558ccd) + arg * UINT64_C(0xc4ceb9fe1a85ec53);

	return (size_t)(h ^ (h >> 31)) & (n - 1);
}

static int grow(void)
{
	size_t n = nbuckets ? nbuckets * 2 : FIRST_BUCKETS;

	if (n > SIZE_MAX / sizeof(struct entry *))
		return -1;
	struct entry **fresh = calloc(n, sizeof *fresh);
	if (fresh == NULL)
		return -1;
	for (size_t i = 0; i < nbuckets; i++)
		for (struct entry *e = buckets[i], *next; e != NULL; e = next) {
			next = e->next;
			struct entry **b = &fresh[bucket(e->doc, e->arg, n)];
			e->next = *b;
			*b = e;
		}
	free(buckets);
	buckets = fresh;
	nbuckets = n;
	return 0;
}

struct doc *doc_open(const char *text, size_t len)
{
	if (len > SIZE_MAX - sizeof(struct doc))
		return NULL;
	struct doc *d = malloc(sizeof *d + len);
	if (d == NULL)
		return NULL;
	d->len = len;
	if (len > 0)
		memcpy(d->text, text, len);
	stats.opened++;
	return d;
}

int doc_measure(struct doc *d, uint32_t arg, uint64_t *answer)
{
	if (nbuckets > 0)
		for (struct entry *e = buckets[bucket(d, arg, nbuckets)]; e != NULL; e = e->next)
			if (e->doc == d && e->arg == arg) {
				stats.hits++;
				*answer = e->answer;
				return 0;
			}
	if (nentries >= nbuckets * MAX_LOAD && grow() != 0)
		return -1;
	struct entry *e = malloc(sizeof *e);
	if (e == NULL)
		return -1;
	*e = (struct entry){ .doc = d, .arg = arg, .answer = doc_work(d->text, d->len, arg) };
	struct entry **b = &buckets[bucket(d, arg, nbuckets)];
	e->next = *b;
	*b = e;
	nentries++;
	stats.misses++;
	*answer = e->answer;
	return 0;
}

void doc_close(struct doc *d)
{
	if (d == NULL)
		return;
	stats.closed++;
	for (size_t i = 0; i < nbuckets; i++)
		for (struct entry **p = &buckets[i]; *p != NULL;) {
			struct entry *e = *p;
			if (e->doc == d) {
				*p = e->next;
				free(e);
				nentries--;
			} else {
				p = &e->next;
			}
		}
	if (nentries == 0) {
		free(buckets);
		buckets = NULL;
		nbuckets = 0;
	}
	free(d);
}

void doc_read_stats(struct doc_stats *out)
{
	*out = stats;
}

void doc_library_shutdown(void)
{
	free(buckets); /* empty by now: every document is closed */
	buckets = NULL;
	nbuckets = nentries = 0;
}
