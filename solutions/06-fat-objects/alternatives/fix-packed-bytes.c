/*
 * fix-packed-bytes.c - an alternative fix of lab 06, done apart from the
 * reference: records with no padding at all, 29 B each, written field by
 * field into one byte array with memcpy (portable, unlike
 * __attribute__((packed)), and safe for unaligned fields), the array
 * grown by a quarter each time (x1.25) from 1000 records.  The least
 * memory of any layout that keeps every field whole.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck bytes-per-trade allocations
 */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 1000 /* records in the first array */
#define GROW_NUM 5     /* the array grows by GROW_NUM / GROW_DEN: x1.25 */
#define GROW_DEN 4

/* The layout of one record: offsets in bytes. */
enum {
	AT_TIME = 0,
	AT_PRICE = AT_TIME + sizeof(int64_t),
	AT_QTY = AT_PRICE + sizeof(double),
	AT_CODE = AT_QTY + sizeof(uint32_t),
	AT_SIDE = AT_CODE + RECORD_CODE_CAP,
	RECORD_BYTES = AT_SIDE + 1, /* 29 */
};

struct store {
	unsigned char *bytes;
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
	free(s->bytes);
	free(s);
}

static int make_room(struct store *s)
{
	if (s->count < s->cap)
		return 0;
	if (s->cap > SIZE_MAX / GROW_NUM / RECORD_BYTES)
		return -1;
	size_t cap = s->cap == 0 ? FIRST_CAP : s->cap * GROW_NUM / GROW_DEN;
	unsigned char *grown = realloc(s->bytes, cap * RECORD_BYTES);
	if (grown == NULL)
		return -1;
	s->bytes = grown;
	s->cap = cap;
	return 0;
}

int store_add(struct store *s, const struct record *r)
{
	if (memchr(r->code, '\0', sizeof r->code) == NULL || make_room(s) != 0)
		return -1;
	unsigned char *p = s->bytes + s->count++ * RECORD_BYTES;
	memcpy(p + AT_TIME, &r->time, sizeof r->time);
	memcpy(p + AT_PRICE, &r->price, sizeof r->price);
	memcpy(p + AT_QTY, &r->qty, sizeof r->qty);
	memset(p + AT_CODE, 0, RECORD_CODE_CAP);
	memcpy(p + AT_CODE, r->code, strlen(r->code));
	p[AT_SIDE] = (unsigned char)r->side;
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
	const unsigned char *p = s->bytes + i * RECORD_BYTES;
	memset(out, 0, sizeof *out);
	memcpy(&out->time, p + AT_TIME, sizeof out->time);
	memcpy(&out->price, p + AT_PRICE, sizeof out->price);
	memcpy(&out->qty, p + AT_QTY, sizeof out->qty);
	memcpy(out->code, p + AT_CODE, RECORD_CODE_CAP);
	out->side = (char)p[AT_SIDE];
	return 0;
}
