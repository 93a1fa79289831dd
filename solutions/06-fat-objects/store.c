/*
 * store.c - the reference fix: one typed struct per record (C's
 * __slots__), all of them in one growable array.  Neighbours: store.h
 * (the contract), ../../labs/06-fat-objects/pitfall.c (each record a
 * dict), ../../labs/06-fat-objects/main.c (the driver).
 *
 * A record's fields are its struct's members, at offsets the compiler
 * knows: no names stored, no boxes, no pointers, no allocation per
 * record.  Members go largest first, so the struct has no holes: 8 + 8 +
 * 4 + 8 + 1 = 29 bytes, rounded up to 32 for the 8-byte alignment of
 * time and price (struct record, in its reading order, takes 40).  The
 * array doubles when full, so n records cost log2(n) reallocs and at most
 * 2n slots; a realloc that moves copies the slots, which is O(1) per
 * record over the run.
 */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define STORE_FIRST_CAP 64 /* records in the first array */
#define STORE_GROWTH 2     /* the array's growth factor when full */

struct slot {                   /* largest members first: no padding inside */
	int64_t time;
	double price;
	uint32_t qty;
	char code[RECORD_CODE_CAP];
	char side;
};

struct store {
	struct slot *slots;
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
	free(s->slots);
	free(s);
}

static int make_room(struct store *s)
{
	size_t cap = s->cap == 0 ? STORE_FIRST_CAP : s->cap;

	if (s->count < s->cap)
		return 0;
	if (s->cap != 0) {
		if (cap > SIZE_MAX / STORE_GROWTH / sizeof *s->slots)
			return -1;
		cap *= STORE_GROWTH;
	}
	struct slot *grown = realloc(s->slots, cap * sizeof *grown);
	if (grown == NULL)
		return -1;
	s->slots = grown;
	s->cap = cap;
	return 0;
}

int store_add(struct store *s, const struct record *r)
{
	if (memchr(r->code, '\0', sizeof r->code) == NULL || make_room(s) != 0)
		return -1;
	struct slot *slot = &s->slots[s->count++];
	slot->time = r->time;
	slot->price = r->price;
	slot->qty = r->qty;
	slot->side = r->side;
	memset(slot->code, 0, sizeof slot->code);
	memcpy(slot->code, r->code, strlen(r->code) + 1);
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
	const struct slot *slot = &s->slots[i];
	memset(out, 0, sizeof *out);
	out->side = slot->side;
	out->time = slot->time;
	out->qty = slot->qty;
	out->price = slot->price;
	memcpy(out->code, slot->code, sizeof out->code);
	return 0;
}
