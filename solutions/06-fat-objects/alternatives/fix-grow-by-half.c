/*
 * fix-grow-by-half.c - an alternative fix of lab 06, done apart from the
 * reference: the API's own struct record kept as it is, fields in reading
 * order with their padding (40 B, not 32), in one array that grows by
 * half (x1.5, as CPython's list and many vectors do) from a small start.
 * Less slack after a growth step than doubling, more reallocs.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck bytes-per-trade allocations
 */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 8 /* trades in the first array */

struct store {
	struct record *items;
	size_t count, cap;
};

struct store *store_create(void)
{
	return calloc(1, sizeof(struct store));
}

void store_release(struct store *s)
{
	if (s == NULL)
		return;
	free(s->items);
	free(s);
}

/* cap + cap / 2, checked: 8, 12, 18, 27, ... */
static int make_room(struct store *s)
{
	if (s->count < s->cap)
		return 0;
	size_t cap = s->cap == 0 ? FIRST_CAP : s->cap + s->cap / 2;
	if (cap < s->cap || cap > SIZE_MAX / sizeof *s->items)
		return -1;
	struct record *grown = realloc(s->items, cap * sizeof *grown);
	if (grown == NULL)
		return -1;
	s->items = grown;
	s->cap = cap;
	return 0;
}

int store_add(struct store *s, const struct record *r)
{
	if (memchr(r->code, '\0', sizeof r->code) == NULL || make_room(s) != 0)
		return -1;
	struct record *dst = &s->items[s->count++];
	*dst = *r;
	size_t len = strlen(dst->code);
	memset(dst->code + len, 0, sizeof dst->code - len);
	return 0;
}

size_t store_count(const struct store *s)
{
	return s->count;
}

int store_get(const struct store *s, size_t i, struct record *out)
{
	if (i >= s->count)
		return -1;
	*out = s->items[i];
	return 0;
}
