/*
 * half-boxed-slots.c - a half fix of lab 06: what Python's __slots__
 * itself does.  The per-record dict is gone (a fixed struct of five
 * slots, no key strings, no lookup by name), but each slot still points
 * at a boxed value, as a slotted Python instance points at int, float and
 * str objects; and each record is its own block.  7 blocks per trade, not
 * 13; 210 B per trade at 32000, not 450 (2.1x less: the articles measure
 * 2.7x for Python's), and over both bounds.
 * kind: half
 * expect-score: 30 50
 * expect-pass: tests output memcheck
 * expect-fail: bytes-per-trade allocations
 */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 16
#define GROWTH 2

struct box {
	union {
		int64_t i;
		double f;
		char *s;
	} u;
};

struct instance { /* __slots__ = ("side", "time", "qty", "price", "code") */
	struct box *side, *time, *qty, *price, *code;
};

struct store {
	struct instance **items;
	size_t count, cap;
};

static void instance_free(struct instance *o)
{
	if (o == NULL)
		return;
	if (o->code != NULL)
		free(o->code->u.s);
	free(o->side);
	free(o->time);
	free(o->qty);
	free(o->price);
	free(o->code);
	free(o);
}

struct store *store_create(void)
{
	return calloc(1, sizeof(struct store));
}

void store_release(struct store *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->count; i++)
		instance_free(s->items[i]);
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
	struct instance **grown = realloc(s->items, cap * sizeof *grown);
	if (grown == NULL)
		return -1;
	s->items = grown;
	s->cap = cap;
	return 0;
}

static struct box *box_int(int64_t i)
{
	struct box *b = malloc(sizeof *b);

	if (b != NULL)
		b->u.i = i;
	return b;
}

int store_add(struct store *s, const struct record *r)
{
	if (memchr(r->code, '\0', sizeof r->code) == NULL || make_room(s) != 0)
		return -1;
	struct instance *o = calloc(1, sizeof *o);
	if (o == NULL)
		return -1;
	size_t len = strlen(r->code) + 1;
	o->side = box_int(r->side);
	o->time = box_int(r->time);
	o->qty = box_int(r->qty);
	o->price = malloc(sizeof *o->price);
	o->code = malloc(sizeof *o->code);
	if (o->code != NULL && (o->code->u.s = malloc(len)) != NULL)
		memcpy(o->code->u.s, r->code, len);
	if (o->side == NULL || o->time == NULL || o->qty == NULL || o->price == NULL ||
	    o->code == NULL || o->code->u.s == NULL) {
		instance_free(o);
		return -1;
	}
	o->price->u.f = r->price;
	s->items[s->count++] = o;
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
	const struct instance *o = s->items[i];
	memset(out, 0, sizeof *out);
	out->side = (char)o->side->u.i;
	out->time = o->time->u.i;
	out->qty = (uint32_t)o->qty->u.i;
	out->price = o->price->u.f;
	memcpy(out->code, o->code->u.s, strlen(o->code->u.s) + 1);
	return 0;
}
