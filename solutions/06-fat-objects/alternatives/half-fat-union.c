/*
 * half-fat-union.c - a half fix of lab 06: one array, no allocation per
 * trade, but each slot is a generic 256 B variant, a union with room for
 * any record the program might one day hold (a tag, 16 fields of 8 B,
 * 120 B of text), of which a trade uses 29 B.  Blocks allocated stay
 * flat; bytes per trade are 256 to 512, over the bound.
 * kind: half
 * expect-score: 60 80
 * expect-pass: tests output memcheck allocations
 * expect-fail: bytes-per-trade
 */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 64
#define GROWTH 2
#define ANY_FIELDS 16
#define ANY_TEXT 120

union any { /* a value of any kind the program knows */
	int64_t i;
	double f;
};

struct variant {
	uint64_t tag; /* what kind of record this is */
	union any field[ANY_FIELDS];
	char text[ANY_TEXT];
};

enum { F_TIME, F_PRICE, F_QTY, F_SIDE };
#define TAG_TRADE 1

struct store {
	struct variant *items;
	size_t count, cap;
};

_Static_assert(sizeof(struct variant) == 256, "a 256 B slot");

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
	struct variant *grown = realloc(s->items, cap * sizeof *grown);
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
	struct variant *v = &s->items[s->count++];
	memset(v, 0, sizeof *v);
	v->tag = TAG_TRADE;
	v->field[F_TIME].i = r->time;
	v->field[F_PRICE].f = r->price;
	v->field[F_QTY].i = r->qty;
	v->field[F_SIDE].i = r->side;
	memcpy(v->text, r->code, strlen(r->code));
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
	const struct variant *v = &s->items[i];
	memset(out, 0, sizeof *out);
	out->time = v->field[F_TIME].i;
	out->price = v->field[F_PRICE].f;
	out->qty = (uint32_t)v->field[F_QTY].i;
	out->side = (char)v->field[F_SIDE].i;
	memcpy(out->code, v->text, sizeof out->code);
	return 0;
}
