/* A fair file: what a lab solution uses (strings, doubles, a jump table, a
 * small static table, a file-scope counter, thread-local state, the heap,
 * stdio, qsort).  elfscan finds nothing in it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item { char *name; double weight; };

static const int primes[] = { 2, 3, 5, 7, 11, 13 };
static unsigned long made;
static _Thread_local int depth;

static int by_weight(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	return (x->weight > y->weight) - (x->weight < y->weight);
}

const char *kind(int k)
{
	switch (k) {
	case 0: return "zero";
	case 1: return "one";
	case 2: return "two";
	case 3: return "three";
	case 4: return "four";
	case 5: return "five";
	default: return "many";
	}
}

struct item *items_make(size_t n)
{
	struct item *v = calloc(n, sizeof *v);
	if (v == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	depth++;
	for (size_t i = 0; i < n; i++) {
		char buf[32];
		snprintf(buf, sizeof buf, "item-%zu-%s", i, kind((int)(i % 7)));
		v[i].name = strdup(buf);
		v[i].weight = 1.5 * (double)primes[i % 6] / (double)(i + 1);
		if (v[i].name == NULL)
			fprintf(stderr, "out of memory at %zu\n", i);
	}
	qsort(v, n, sizeof *v, by_weight);
	made += n;
	depth--;
	return v;
}

void items_free(struct item *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}
