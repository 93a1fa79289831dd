/*
 * doc.c - lab 08's reference solution: each document carries its own memo
 * (the instance's cache, not the class's), so doc_close() frees the text
 * and the memo together and nothing outlives the document.  The memo is
 * an open-addressing table of (arg, answer) slots, a power of two in
 * size, doubled when it would pass 3/4 full; a document never asked
 * anything has no table.  No global heap at all: doc_library_shutdown()
 * has nothing to do.  Neighbours: ../../labs/08-cache-keeps-objects-alive/
 * doc.h (the manual), pitfall.c there (the global cache that pins them).
 */
#include "doc.h"
#include "session.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MEMO_FIRST_SLOTS 8 /* a power of two */
#define MEMO_LOAD_NUM 3    /* at most 3/4 of the slots used */
#define MEMO_LOAD_DEN 4

struct slot {
	uint64_t answer;
	uint32_t arg;
	uint32_t used; /* 0: empty */
};

struct doc {
	struct slot *memo; /* NULL until the first question */
	size_t nslots, nused;
	size_t len;
	char text[];
};

static struct doc_stats stats;

static size_t slot_of(uint32_t arg, size_t nslots)
{
	return (size_t)((arg * UINT32_C(2654435761)) & (nslots - 1));
}

/* The slot holding arg, or the empty one where it would go. */
static struct slot *find(const struct doc *d, uint32_t arg)
{
	size_t i = slot_of(arg, d->nslots);

	while (d->memo[i].used && d->memo[i].arg != arg)
		i = (i + 1) & (d->nslots - 1);
	return &d->memo[i];
}

static int grow(struct doc *d)
{
	size_t n = d->nslots ? d->nslots * 2 : MEMO_FIRST_SLOTS;

	if (n > SIZE_MAX / sizeof(struct slot))
		return -1;
	struct slot *fresh = calloc(n, sizeof *fresh);
	if (fresh == NULL)
		return -1;
	struct slot *old = d->memo;
	size_t oldn = d->nslots;
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
	*d = (struct doc){ .len = len };
	if (len > 0)
		memcpy(d->text, text, len);
	stats.opened++;
	return d;
}

int doc_measure(struct doc *d, uint32_t arg, uint64_t *answer)
{
	struct slot *s;

	if (d->nslots > 0) {
		s = find(d, arg);
		if (s->used) {
			stats.hits++;
			*answer = s->answer;
			return 0;
		}
	}
	if ((d->nused + 1) * MEMO_LOAD_DEN > d->nslots * MEMO_LOAD_NUM && grow(d) != 0)
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
	free(d->memo); /* the answers go with their document */
	free(d);
}

void doc_read_stats(struct doc_stats *out)
{
	*out = stats;
}

void doc_library_shutdown(void)
{
	/* nothing is kept between documents */
}
