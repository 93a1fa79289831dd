/*
 * tape.c - the trade tape (see tape.h).  Trusted lab code.
 * Neighbours: tape.h, main.c, tests/test_store.c.
 */
#include "tape.h"
#include "splitmix.h"

#include <stdlib.h>
#include <string.h>

#define ALPHABET 26

/* splitmix64: a small, well-known PRNG; the whole tape follows from seed. */
static uint64_t next_random(uint64_t *state)
{
	return splitmix_next(state);
}

void tape_close(struct tape *t)
{
	if (t->symbols != NULL)
		for (size_t k = 0; k < TAPE_SYMBOLS; k++)
			free(t->symbols[k]);
	free(t->symbols);
	free(t->base);
	t->symbols = NULL;
	t->base = NULL;
}

/* Symbol k: two letters that spell k (so no two are alike), then up to
 * five more drawn at random: 2 .. 7 letters in all. */
int tape_open(struct tape *t, uint64_t seed)
{
	t->state = seed;
	t->clock = 0;
	t->symbols = calloc(TAPE_SYMBOLS, sizeof *t->symbols);
	t->base = calloc(TAPE_SYMBOLS, sizeof *t->base);
	if (t->symbols == NULL || t->base == NULL)
		goto fail;
	for (size_t k = 0; k < TAPE_SYMBOLS; k++) {
		size_t len = 2 + k % (RECORD_CODE_MAX - 1);
		char *code = malloc(len + 1);

		if (code == NULL)
			goto fail;
		code[0] = (char)('A' + k % ALPHABET);
		code[1] = (char)('A' + k / ALPHABET % ALPHABET);
		for (size_t j = 2; j < len; j++)
			code[j] = (char)('A' + next_random(&t->state) % ALPHABET);
		code[len] = '\0';
		t->symbols[k] = code;
		t->base[k] = 500 + next_random(&t->state) % 50000;
	}
	return 0;
fail:
	tape_close(t);
	return -1;
}

void tape_next(struct tape *t, struct record *r)
{
	uint64_t a = next_random(&t->state), b = next_random(&t->state);
	/* the product of two uniform draws: low-numbered symbols trade most */
	size_t k = (size_t)((a % TAPE_SYMBOLS) * ((a >> 32) % TAPE_SYMBOLS) / TAPE_SYMBOLS);
	long ticks = (long)(b % 201) - 100; /* up to 1% either side, in cents */

	t->clock += (int64_t)(b >> 40 & 0xffff) % TAPE_MAX_GAP_US;
	memset(r, 0, sizeof *r);
	r->side = (b >> 20 & 1) ? 'B' : 'S';
	r->time = t->clock;
	r->qty = (b >> 21 & 7) == 0 ? 100 * (uint32_t)(1 + (b >> 24) % 50) : (uint32_t)(1 + (b >> 24) % 999);
	r->price = (double)(t->base[k] * (uint64_t)(10000 + ticks) / 10000) / 100.0;
	memcpy(r->code, t->symbols[k], strlen(t->symbols[k]) + 1);
}
