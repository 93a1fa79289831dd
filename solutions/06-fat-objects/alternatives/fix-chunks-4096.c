/*
 * fix-chunks-4096.c - an alternative fix of lab 06, done apart from the
 * reference: trades in fixed chunks of 4096 (a deque's blocks, a slab),
 * reached through a directory of chunk pointers that doubles.  A record
 * never moves once written (pointers to it would stay valid), no big
 * realloc copies the whole day; the price is one block per 4096 trades.
 * Records are packed structs of 32 B, widest members first.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck bytes-per-trade allocations
 */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 4096    /* trades per chunk */
#define DIR_FIRST 4   /* chunk pointers in the first directory */

struct trade {
	int64_t time;
	double price;
	uint32_t qty;
	char code[RECORD_CODE_CAP];
	char side;
};

struct store {
	struct trade **chunks;
	size_t nchunks, dircap; /* chunks allocated, directory slots */
	size_t count;
};

struct store *store_create(void)
{
	return calloc(1, sizeof(struct store));
}

void store_release(struct store *s)
{
	if (s == NULL)
		return;
	for (size_t c = 0; c < s->nchunks; c++)
		free(s->chunks[c]);
	free(s->chunks);
	free(s);
}

static int add_chunk(struct store *s)
{
	if (s->nchunks == s->dircap) {
		size_t cap = s->dircap == 0 ? DIR_FIRST : s->dircap * 2;
		if (cap < s->dircap || cap > SIZE_MAX / sizeof *s->chunks)
			return -1;
		struct trade **dir = realloc(s->chunks, cap * sizeof *dir);
		if (dir == NULL)
			return -1;
		s->chunks = dir;
		s->dircap = cap;
	}
	struct trade *chunk = malloc(CHUNK * sizeof *chunk);
	if (chunk == NULL)
		return -1;
	s->chunks[s->nchunks++] = chunk;
	return 0;
}

int store_add(struct store *s, const struct record *r)
{
	if (memchr(r->code, '\0', sizeof r->code) == NULL)
		return -1;
	if (s->count == s->nchunks * CHUNK && add_chunk(s) != 0)
		return -1;
	struct trade *t = &s->chunks[s->count / CHUNK][s->count % CHUNK];
	t->time = r->time;
	t->price = r->price;
	t->qty = r->qty;
	t->side = r->side;
	memset(t->code, 0, sizeof t->code);
	memcpy(t->code, r->code, strlen(r->code));
	s->count++;
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
	const struct trade *t = &s->chunks[i / CHUNK][i % CHUNK];
	memset(out, 0, sizeof *out);
	out->time = t->time;
	out->price = t->price;
	out->qty = t->qty;
	out->side = t->side;
	memcpy(out->code, t->code, sizeof out->code);
	return 0;
}
