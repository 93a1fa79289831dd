/*
 * tape.h - the market's trade tape: a seeded, endless stream of trades
 * (trusted lab code, like range(): made in-process, no input file).
 * Neighbours: tape.c, main.c (fills a store from it), tests/test_store.c
 * (the workload case reads the same tape), store.h (struct record).
 *
 * The tape draws each trade's ticker from a list of TAPE_SYMBOLS codes it
 * makes when opened, one malloc'd string each, as a program that reads its
 * symbol list from a file would; they are freed by tape_close().  So a
 * run allocates TAPE_SYMBOLS + 2 blocks of its own whatever its size
 * (lab.ini's block count is fitted over that floor: README.md).
 *
 * Life cycle: tape_open(&t, seed) (0, or -1 when out of memory: nothing to
 * close), tape_next() as often as wanted, tape_close(&t).  The same seed
 * always gives the same trades.
 */
#ifndef MEMLAB_TAPE_H
#define MEMLAB_TAPE_H

#include "store.h"

#include <stdint.h>

#define TAPE_SYMBOLS 500     /* distinct tickers (codes of 2 .. 7 letters) */
#define TAPE_MAX_GAP_US 1000 /* microseconds between two trades, at most */

struct tape {
	uint64_t state;   /* the PRNG's */
	int64_t clock;    /* the last trade's time */
	char **symbols;   /* TAPE_SYMBOLS codes, each its own block */
	uint64_t *base;   /* each symbol's base price, in cents */
};

int tape_open(struct tape *t, uint64_t seed);

/* The next trade into *r (its code NUL-padded). */
void tape_next(struct tape *t, struct record *r);

void tape_close(struct tape *t);

#endif
