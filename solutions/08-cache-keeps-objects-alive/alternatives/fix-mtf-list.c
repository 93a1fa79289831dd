/*
 * fix-mtf-list.c - an alternative fix of lab 08, done apart from the
 * reference: each document owns its memo as a singly linked list of
 * (arg, answer) nodes, one malloc each, searched linearly and moved to
 * the front on a hit (a document is asked few distinct args: a list is
 * enough).  The text lives in a block of its own, not inline.
 * doc_close() frees the nodes, the text and the document.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-growth peak-bound freed-at-close
 */
#include "doc.h"
#include "session.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct node {
	struct node *next;
	uint64_t answer;
	uint32_t arg;
};

struct doc {
	char *text;
	size_t len;
	struct node *memo; /* most recently used first */
};

static struct doc_stats stats;

struct doc *doc_open(const char *text, size_t len)
{
	struct doc *d = malloc(sizeof *d);
	if (d == NULL)
		return NULL;
	d->text = malloc(len > 0 ? len : 1);
	if (d->text == NULL) {
		free(d);
		return NULL;
	}
	if (len > 0)
		memcpy(d->text, text, len);
	d->len = len;
	d->memo = NULL;
	stats.opened++;
	return d;
}

int doc_measure(struct doc *d, uint32_t arg, uint64_t *answer)
{
	for (struct node **p = &d->memo; *p != NULL; p = &(*p)->next) {
		struct node *n = *p;
		if (n->arg == arg) {
			*p = n->next; /* to the front */
			n->next = d->memo;
			d->memo = n;
			stats.hits++;
			*answer = n->answer;
			return 0;
		}
	}
	struct node *n = malloc(sizeof *n);
	if (n == NULL)
		return -1;
	n->arg = arg;
	n->answer = doc_work(d->text, d->len, arg);
	n->next = d->memo;
	d->memo = n;
	stats.misses++;
	*answer = n->answer;
	return 0;
}

void doc_close(struct doc *d)
{
	if (d == NULL)
		return;
	stats.closed++;
	for (struct node *n = d->memo, *next; n != NULL; n = next) {
		next = n->next;
		free(n);
	}
	free(d->text);
	free(d);
}

void doc_read_stats(struct doc_stats *out)
{
	*out = stats;
}

void doc_library_shutdown(void)
{
}
