/*
 * store.h - a store of trades: small records added one by one, kept, and
 * read back by index.  This header is the manual for the file you write,
 * store.c.  Neighbours: main.c (the driver: fills a store from the tape,
 * then answers queries over it), tape.h (where the trades come from),
 * pitfall.c (each record a little dict of boxed values),
 * tests/test_store.c (the contract below).
 *
 * Invariants
 *  - A store holds store_count() records, numbered 0 .. count-1 in the
 *    order they were added.  Records are never removed or changed.
 *  - store_get(s, i) gives back exactly the fields store_add() was given
 *    for record i: every bit of time, price (a double: -0.0 and NaN too)
 *    and qty, the side, and the code's bytes up to its NUL.
 *  - A code is a string of at most RECORD_CODE_MAX bytes; store_add()
 *    refuses a longer one (no NUL in the first RECORD_CODE_CAP bytes).
 *
 * Life cycle
 *	struct store *s = store_create();
 *	if (s == NULL)
 *		... out of memory ...
 *	... store_add(), store_count(), store_get() ...
 *	store_release(s);
 * Ownership: store_create() returns a store the caller frees with
 * store_release(); records are copied in and out, the caller owns none
 * of the store's memory and the store keeps no pointer it was given.
 *
 * Memory: nothing here says how a record is kept; lab.ini grades bytes
 * per record and the number of allocations (README.md says why).
 */
#ifndef MEMLAB_STORE_H
#define MEMLAB_STORE_H

#include <stddef.h>
#include <stdint.h>

#define RECORD_CODE_MAX 7                   /* bytes of a code, its NUL not counted */
#define RECORD_CODE_CAP (RECORD_CODE_MAX + 1)

/* One trade, as it is handed in and out.  Its field order is the order
 * they are read in, not the order that packs best (README.md). */
struct record {
	char side;                   /* 'B' (a buy) or 'S' (a sell) */
	int64_t time;                /* microseconds since the session opened */
	uint32_t qty;                /* shares */
	double price;                /* per share */
	char code[RECORD_CODE_CAP];  /* the ticker, NUL-terminated: "MSFT" */
};

/* A new, empty store, or NULL when out of memory. */
struct store *store_create(void);

/* Frees the store and every record in it.  NULL is allowed. */
void store_release(struct store *s);

/*
 * Copies *r in as record number store_count().  Returns 0, or -1 (the
 * store unchanged) when r->code is longer than RECORD_CODE_MAX or memory
 * runs out.
 */
int store_add(struct store *s, const struct record *r);

/* How many records the store holds. */
size_t store_count(const struct store *s);

/*
 * Copies record i into *out (its code NUL-padded to RECORD_CODE_CAP
 * bytes).  Returns 0, or -1 (*out untouched) when i >= store_count().
 */
int store_get(const struct store *s, size_t i, struct record *out);

#endif
