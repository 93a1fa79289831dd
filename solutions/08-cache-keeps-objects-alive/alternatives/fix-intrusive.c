/*
 * fix-intrusive.c - an alternative fix of lab 08, done apart from the
 * reference: one global open-addressing table of entry pointers keyed by
 * (document serial number, arg), and each document also threads its own
 * entries on an intrusive list (entry->sibling), so doc_close() visits
 * exactly its entries: each is removed from the table (backward-shift
 * deletion, no tombstones) and freed, then the document.  The table is
 * kept at most half full, doubled as needed, and freed when empty.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-growth peak-bound freed-at-close
 */
#include "doc.h"
#include "session.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_SLOTS 64 /* a power of two */

struct entry {
	uint64_t serial; /* the document's: never reused, unlike addresses */
	uint32_t arg;
	uint64_t answer;
	struct entry *sibling; /* the next entry of the same document */
};

struct doc {
	uint64_t serial;
	struct entry *entries; /* its own, intrusive */
	size_t len;
	char text[];
};

static struct entry **slots;
static size_t nslots, nused;
static uint64_t next_serial = 1;
static struct doc_stats stats;

static size_t home(uint64_t serial, uint32_t arg, size_t n)
{
	uint64_t h = (serial << 7 ^ arg) * UINT64_C(0x9e3779b97f4a7c15);

	return (size_t)(h >> 40) & (n - 1);
}

static size_t probe(uint64_t serial, uint32_t arg)
{
	size_t i = home(serial, arg, nslots);

	while (slots[i] != NULL && (slots[i]->serial != serial || slots[i]->arg != arg))
		i = (i + 1) & (nslots - 1);
	return i;
}

static int grow(void)
{
	size_t n = nslots ? nslots * 2 : FIRST_SLOTS, oldn = nslots;
	struct entry **old = slots;

	if (n > SIZE_MAX / sizeof(struct entry *))
		return -1;
	struct entry **fresh = calloc(n, sizeof *fresh);
	if (fresh == NULL)
		return -1;
	slots = fresh;
	nslots = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i] != NULL)
			slots[probe(old[i]->serial, old[i]->arg)] = old[i];
	free(old);
	return 0;
}

/* Removes the entry at slot i, shifting later ones of its run back. */
static void remove_at(size_t i)
{
	size_t j = i;

	slots[i] = NULL;
	for (;;) {
		j = (j + 1) & (nslots - 1);
		if (slots[j] == NULL)
			break;
		size_t h = home(slots[j]->serial, slots[j]->arg, nslots);
		/* slots[j] may move to i if its home is not in (i, j] */
		if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
			slots[i] = slots[j];
			slots[j] = NULL;
			i = j;
		}
	}
	nused--;
}

struct doc *doc_open(const char *text, size_t len)
{
	if (len > SIZE_MAX - sizeof(struct doc))
		return NULL;
	struct doc *d = malloc(sizeof *d + len);
	if (d == NULL)
		return NULL;
	d->serial = next_serial++;
	d->entries = NULL;
	d->len = len;
	if (len > 0)
		memcpy(d->text, text, len);
	stats.opened++;
	return d;
}

int doc_measure(struct doc *d, uint32_t arg, uint64_t *answer)
{
	if (nslots > 0) {
		struct entry *e = slots[probe(d->serial, arg)];
		if (e != NULL) {
			stats.hits++;
			*answer = e->answer;
			return 0;
		}
	}
	if ((nused + 1) * 2 > nslots && grow() != 0)
		return -1;
	struct entry *e = malloc(sizeof *e);
	if (e == NULL)
		return -1;
	*e = (struct entry){ .serial = d->serial, .arg = arg,
			     .answer = doc_work(d->text, d->len, arg), .sibling = d->entries };
	d->entries = e;
	slots[probe(d->serial, arg)] = e;
	nused++;
	stats.misses++;
	*answer = e->answer;
	return 0;
}

void doc_close(struct doc *d)
{
	if (d == NULL)
		return;
	stats.closed++;
	for (struct entry *e = d->entries, *next; e != NULL; e = next) {
		next = e->sibling;
		remove_at(probe(e->serial, e->arg));
		free(e);
	}
	if (nused == 0) {
		free(slots);
		slots = NULL;
		nslots = 0;
	}
	free(d);
}

void doc_read_stats(struct doc_stats *out)
{
	*out = stats;
}

void doc_library_shutdown(void)
{
	free(slots);
	slots = NULL;
	nslots = nused = 0;
}
