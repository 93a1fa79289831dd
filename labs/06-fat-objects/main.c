/*
 * main.c - the trades lab's driver (trusted lab code: students do not edit
 * it).  Neighbours: store.h (the store it fills), tape.h (the trades),
 * store.c / pitfall.c / the solution (whichever store is linked),
 * ../common/workload.c.
 *
 *	trades --size TRADES --seed S
 *
 * A trading desk keeps the day's TRADES trades in memory and answers
 * questions about them: buys against sells, the busiest ticker, the one
 * whose price ranged widest, the volume-weighted price over a window of
 * time, a sample of trades picked at random.  Every answer is computed
 * from the store (store_get()), never from the tape, so a store that
 * loses or garbles a field prints something else.  The checksum mixes
 * every bit of every field of every record.
 */
#include "store.h"
#include "tape.h"
#include "workload.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TRADES  (UINT64_C(1) << 32)
#define GROUP_SLOTS 1024 /* open addressing: a power of two > 2 x TAPE_SYMBOLS */
#define SAMPLES     1000 /* trades looked up at random */
#define WINDOW_PART 10   /* the window is the middle tenth of the day */

struct group {
	char code[RECORD_CODE_CAP]; /* "" while the slot is free */
	uint64_t trades, shares;
	double low, high;
};

struct side_total {
	uint64_t trades, shares;
	double notional;
};

static uint64_t mix(uint64_t h, uint64_t x)
{
	h ^= x + UINT64_C(0x9e3779b97f4a7c15) + (h << 6) + (h >> 2);
	return h * UINT64_C(0xff51afd7ed558ccd);
}

static uint64_t mix_record(uint64_t h, const struct record *r)
{
	uint64_t bits, code = 0;

	memcpy(&bits, &r->price, sizeof bits);
	memcpy(&code, r->code, sizeof code < sizeof r->code ? sizeof code : sizeof r->code);
	h = mix(h, (uint64_t)r->time);
	h = mix(h, bits);
	h = mix(h, r->qty);
	h = mix(h, (uint64_t)(unsigned char)r->side);
	return mix(h, code);
}

/* The group of r's code, made on first sight; the table never fills
 * (TAPE_SYMBOLS codes, GROUP_SLOTS slots). */
static struct group *group_of(struct group *table, const struct record *r)
{
	uint64_t code = 0;

	memcpy(&code, r->code, sizeof r->code);
	for (size_t i = mix(0, code) & (GROUP_SLOTS - 1);; i = (i + 1) & (GROUP_SLOTS - 1)) {
		struct group *g = &table[i];
		if (g->code[0] == '\0') {
			memcpy(g->code, r->code, sizeof g->code);
			g->low = g->high = r->price;
			return g;
		}
		if (memcmp(g->code, r->code, sizeof g->code) == 0)
			return g;
	}
}

/* The first record at or after time t (times never decrease). */
static size_t first_at(const struct store *s, int64_t t)
{
	size_t lo = 0, hi = store_count(s);
	struct record r;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (store_get(s, mid, &r) == 0 && r.time < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int main(int argc, char **argv)
{
	struct workload w;
	struct tape tape = { 0 };
	struct store *store = NULL;
	struct group *groups = NULL;
	struct side_total buys = { 0 }, sells = { 0 }, window = { 0 };
	struct record r;
	uint64_t checksum = 0, pick;
	int status = 1;

	if (workload_init(argc, argv, &w, "--size TRADES --seed S") != 0)
		return 1;
	if (w.input != NULL) {
		fprintf(stderr, "trades: reads no input file (got %s)\n", w.input);
		return 1;
	}
	if (w.size == 0 || w.size > MAX_TRADES) {
		fprintf(stderr, "trades: --size must be 1 .. %" PRIu64 " trades\n", MAX_TRADES);
		return 1;
	}
	if (tape_open(&tape, w.seed) != 0)
		goto oom;
	store = store_create();
	groups = calloc(GROUP_SLOTS, sizeof *groups);
	if (store == NULL || groups == NULL)
		goto oom;
	for (uint64_t i = 0; i < w.size; i++) {
		tape_next(&tape, &r);
		if (store_add(store, &r) != 0)
			goto oom;
	}
	if (store_count(store) != w.size) {
		fprintf(stderr, "trades: the store holds %zu trades, not %" PRIu64 "\n",
			store_count(store), w.size);
		goto out;
	}

	/* one pass over the day: by side, by ticker, and the checksum */
	for (size_t i = 0; i < store_count(store); i++) {
		if (store_get(store, i, &r) != 0)
			goto lost;
		struct side_total *side = r.side == 'B' ? &buys : &sells;
		struct group *g = group_of(groups, &r);
		side->trades++;
		side->shares += r.qty;
		side->notional += r.price * r.qty;
		g->trades++;
		g->shares += r.qty;
		g->low = r.price < g->low ? r.price : g->low;
		g->high = r.price > g->high ? r.price : g->high;
		checksum = mix_record(checksum, &r);
	}

	/* the middle tenth of the day, found by binary search on time */
	if (store_get(store, store_count(store) - 1, &r) != 0)
		goto lost;
	int64_t day = r.time, from = day / 2 - day / (2 * WINDOW_PART), to = from + day / WINDOW_PART;
	for (size_t i = first_at(store, from); i < store_count(store); i++) {
		if (store_get(store, i, &r) != 0)
			goto lost;
		if (r.time >= to)
			break;
		window.trades++;
		window.shares += r.qty;
		window.notional += r.price * r.qty;
	}

	/* trades looked up at random */
	pick = w.seed;
	for (int i = 0; i < SAMPLES; i++) {
		pick = mix(pick, (uint64_t)i);
		if (store_get(store, (size_t)(pick % store_count(store)), &r) != 0)
			goto lost;
		checksum = mix_record(checksum, &r);
	}

	const struct group *busiest = NULL, *widest = NULL;
	size_t symbols = 0;
	for (size_t i = 0; i < GROUP_SLOTS; i++) {
		const struct group *g = &groups[i];
		if (g->code[0] == '\0')
			continue;
		symbols++;
		if (busiest == NULL || g->trades > busiest->trades ||
		    (g->trades == busiest->trades && strcmp(g->code, busiest->code) < 0))
			busiest = g;
		if (widest == NULL || g->high - g->low > widest->high - widest->low ||
		    (g->high - g->low == widest->high - widest->low && strcmp(g->code, widest->code) < 0))
			widest = g;
	}
	printf("trades: %zu, over %.3f s\n", store_count(store), (double)day / 1e6);
	printf("buys: %" PRIu64 " trades, %" PRIu64 " shares, %.2f\n", buys.trades, buys.shares, buys.notional);
	printf("sells: %" PRIu64 " trades, %" PRIu64 " shares, %.2f\n", sells.trades, sells.shares, sells.notional);
	printf("tickers: %zu; busiest %s (%" PRIu64 " trades, %" PRIu64 " shares); widest %s (%.2f .. %.2f)\n",
	       symbols, busiest->code, busiest->trades, busiest->shares, widest->code, widest->low, widest->high);
	printf("window: %" PRIu64 " trades, %" PRIu64 " shares, vwap %.4f\n", window.trades, window.shares,
	       window.shares > 0 ? window.notional / (double)window.shares : 0.0);
	printf("checksum: %016" PRIx64 "\n", checksum);
	status = fflush(stdout) == 0 ? 0 : 1;
	goto out;
lost:
	fprintf(stderr, "trades: store_get failed on a record the store should hold\n");
	goto out;
oom:
	fprintf(stderr, "trades: out of memory\n");
out:
	free(groups);
	store_release(store);
	tape_close(&tape);
	return status;
}
