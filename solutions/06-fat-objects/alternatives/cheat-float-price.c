/*
 * cheat-float-price.c - a cheat of lab 06: lean by losing data.  Trades in
 * one array, like the reference, but the price kept as a float (4 B, 24
 * bits of mantissa) and the time as 32 bits, for a 24 B record.  Most
 * prices in cents are not floats, so they come back changed: the tests'
 * round trips and the driver's sums both see it, and every memory
 * criterion needs the tests.
 * kind: cheat
 * expect-score: 0 20
 * expect-fail: tests output memcheck bytes-per-trade allocations
 */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 64
#define GROWTH 2

struct slim {
	float price;
	int32_t time;
	uint32_t qty;
	char code[RECORD_CODE_CAP];
	char side;
};

struct store {
	struct slim *items;
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

static int make_room(struct store *s)
{
	if (s->count < s->cap)
		return 0;
	if (s->cap > SIZE_MAX / GROWTH / sizeof *s->items)
		return -1;
	size_t cap = s->cap == 0 ? FIRST_CAP : s->cap * GROWTH;
	struct slim *grown = realloc(s->items, cap * sizeof *grown);
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
	struct slim *t = &s->items[s->count++];
	t->price = (float)r->price;
	t->time = (int32_t)r->time;
	t->qty = r->qty;
	t->side = r->side;
	memset(t->code, 0, sizeof t->code);
	memcpy(t->code, r->code, strlen(r->code));
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
	const struct slim *t = &s->items[i];
	memset(out, 0, sizeof *out);
	out->price = t->price;
	out->time = t->time;
	out->qty = t->qty;
	out->side = t->side;
	memcpy(out->code, t->code, sizeof out->code);
	return 0;
}
