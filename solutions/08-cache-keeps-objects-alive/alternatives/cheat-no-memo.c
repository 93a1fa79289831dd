/*
 * cheat-no-memo.c - a cheat of lab 08: the leanest doc.c of all keeps no
 * memo, so nothing can outlive a document; every question runs doc_work()
 * again and is counted as a hit all the same.  The answers are right,
 * but the tests count doc_work() calls, and the output's "work:" line
 * shows the difference: with needs = tests its flat heap earns nothing.
 * kind: cheat
 * expect-score: 0 20
 * expect-fail: tests output memcheck peak-growth peak-bound freed-at-close
 */
#include "doc.h"
#include "session.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct doc {
	size_t len;
	char text[];
};

static struct doc_stats stats;

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
	*answer = doc_work(d->text, d->len, arg);
	stats.hits++;
	return 0;
}

void doc_close(struct doc *d)
{
	if (d == NULL)
		return;
	stats.closed++;
	free(d);
}

void doc_read_stats(struct doc_stats *out)
{
	*out = stats;
}

void doc_library_shutdown(void)
{
}
