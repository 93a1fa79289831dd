/*
 * fix-struct-of-arrays.c - an alternative fix of lab 06, done apart from
 * the reference: struct-of-arrays.  Each field has its own array (times,
 * prices, quantities, sides, codes), all grown together by doubling, so
 * no byte goes to padding (29 B per trade) and a query that reads one
 * field reads only that field's memory.  Five reallocs per growth step.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck bytes-per-trade allocations
 */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 256 /* trades in the first arrays */
#define GROWTH 2      /* the arrays' growth factor */

struct store {
	int64_t *time;
	double *price;
	uint32_t *qty;
	char *side;
	char (*code)[RECORD_CODE_CAP];
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
	free(s->time);
	free(s->price);
	free(s->qty);
	free(s->side);
	free(s->code);
	free(s);
}

/* Grows one array to cap elements of size each; *p stays valid on failure. */
static int grow(void **p, size_t cap, size_t size)
{
	void *q = realloc(*p, cap * size);

	if (q == NULL)
		return -1;
	*p = q;
	return 0;
}

/* Every array is grown before cap changes: a failure halfway leaves some
 * arrays larger than cap, which is harmless. */
static int make_room(struct store *s)
{
	if (s->count < s->cap)
		return 0;
	if (s->cap > SIZE_MAX / GROWTH / RECORD_CODE_CAP)
		return -1;
	size_t cap = s->cap == 0 ? FIRST_CAP : s->cap * GROWTH;
	if (grow((void **)&s->time, cap, sizeof *s->time) != 0 ||
	    grow((void **)&s->price, cap, sizeof *s->price) != 0 ||
	    grow((void **)&s->qty, cap, sizeof *s->qty) != 0 ||
	    grow((void **)&s->side, cap, sizeof *s->side) != 0 ||
	    grow((void **)&s->code, cap, sizeof *s->code) != 0)
		return -1;
	s->cap = cap;
	return 0;
}

int store_add(struct store *s, const struct record *r)
{
	if (memchr(r->code, '\0', sizeof r->code) == NULL || make_room(s) != 0)
		return -1;
	size_t i = s->count++;
	s->time[i] = r->time;
	s->price[i] = r->price;
	s->qty[i] = r->qty;
	s->side[i] = r->side;
	memset(s->code[i], 0, sizeof s->code[i]);
	memcpy(s->code[i], r->code, strlen(r->code));
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
	memset(out, 0, sizeof *out);
	out->time = s->time[i];
	out->price = s->price[i];
	out->qty = s->qty[i];
	out->side = s->side[i];
	memcpy(out->code, s->code[i], sizeof out->code);
	return 0;
}
