/*
 * half-malloc-per-record.c - a half fix of lab 06: the dict is gone, each
 * trade is a typed 32 B struct, but each still gets a malloc of its own,
 * reached through a doubling array of pointers (a Python list of
 * __slots__ instances).  Bytes per trade drop from ~450 to ~56, inside
 * the bound; blocks allocated still grow with the trades, one each.
 * kind: half
 * expect-score: 60 80
 * expect-pass: tests output memcheck bytes-per-trade
 * expect-fail: allocations
 */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 64
#define GROWTH 2

struct trade {
	int64_t time;
	double price;
	uint32_t qty;
	char code[RECORD_CODE_CAP];
	char side;
};

struct store {
	struct trade **items;
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
	for (size_t i = 0; i < s->count; i++)
		free(s->items[i]);
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
	struct trade **grown = realloc(s->items, cap * sizeof *grown);
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
	struct trade *t = malloc(sizeof *t);
	if (t == NULL)
		return -1;
	t->time = r->time;
	t->price = r->price;
	t->qty = r->qty;
	t->side = r->side;
	memset(t->code, 0, sizeof t->code);
	memcpy(t->code, r->code, strlen(r->code));
	s->items[s->count++] = t;
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
	const struct trade *t = s->items[i];
	memset(out, 0, sizeof *out);
	out->time = t->time;
	out->price = t->price;
	out->qty = t->qty;
	out->side = t->side;
	memcpy(out->code, t->code, sizeof out->code);
	return 0;
}
