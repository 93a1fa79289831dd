/*
 * tests/test_store.c - Check tests of store.h, run against store.c,
 * pitfall.c or the solution (lab.mk links one of them).  Every store
 * passes them, fat or lean: they check what comes back, bit for bit;
 * how much memory it took is lab.ini's to judge.  Neighbours: store.h
 * (the contract), tape.h (the workload case reads the driver's tape).
 */
#include "store.h"
#include "tape.h"
#include "workload.h"

#include <check.h>
#include <stdint.h>
#include <string.h>

#define MANY 100003          /* records in the big round trip: past any first array */
#define WORKLOAD_TRADES 5000 /* the workload case's size in an ordinary run */

static struct store *make(void)
{
	struct store *s = store_create();

	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(store_count(s), 0);
	return s;
}

static struct record trade(char side, int64_t time, uint32_t qty, double price, const char *code)
{
	struct record r;

	memset(&r, 0, sizeof r);
	r.side = side;
	r.time = time;
	r.qty = qty;
	r.price = price;
	memcpy(r.code, code, strlen(code) + 1);
	return r;
}

/* Field by field, the price by its bits (-0.0 and NaN compare by value otherwise). */
static int same(const struct record *a, const struct record *b)
{
	return a->side == b->side && a->time == b->time && a->qty == b->qty &&
	       memcmp(&a->price, &b->price, sizeof a->price) == 0 &&
	       memcmp(a->code, b->code, sizeof a->code) == 0;
}

static void get_ok(const struct store *s, size_t i, const struct record *want)
{
	struct record got;

	memset(&got, 0x5a, sizeof got);
	ck_assert_int_eq(store_get(s, i, &got), 0);
	ck_assert_int_eq(got.side, want->side);
	ck_assert_int_eq(got.time, want->time);
	ck_assert_uint_eq(got.qty, want->qty);
	ck_assert_mem_eq(&got.price, &want->price, sizeof got.price);
	ck_assert_mem_eq(got.code, want->code, sizeof got.code);
}

START_TEST(test_empty)
{
	struct store *s = make();
	struct record out = trade('X', 7, 7, 7.0, "KEEP");
	const struct record before = out;

	ck_assert_int_eq(store_get(s, 0, &out), -1);
	ck_assert(same(&out, &before)); /* untouched */
	store_release(s);
	store_release(NULL);
}
END_TEST

/* Every field at its edges comes back exactly, in the order added. */
START_TEST(test_fields_round_trip)
{
	double nan, negzero = -0.0;
	uint64_t nan_bits = UINT64_C(0x7ff8000000c0ffee);
	memcpy(&nan, &nan_bits, sizeof nan);
	const struct record r[] = {
		trade('B', 0, 1, 1.25, "A"),
		trade('S', INT64_MAX, UINT32_MAX, 1e308, "ABCDEFG"),
		trade('B', INT64_MIN, 0, negzero, ""),
		trade('S', -1, 100, nan, "BRK.B"),
		trade('\x7f', 42, 65536, 4.9e-324, "z9"),
	};
	struct store *s = make();
	struct record out;

	for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) {
		ck_assert_int_eq(store_add(s, &r[i]), 0);
		ck_assert_uint_eq(store_count(s), i + 1);
	}
	for (size_t i = sizeof r / sizeof r[0]; i-- > 0;)
		get_ok(s, i, &r[i]);
	out = r[0];
	ck_assert_int_eq(store_get(s, sizeof r / sizeof r[0], &out), -1);
	ck_assert(same(&out, &r[0]));
	store_release(s);
}
END_TEST

/* A code is at most RECORD_CODE_MAX bytes; what follows its NUL is not part of it. */
START_TEST(test_codes)
{
	struct store *s = make();
	struct record r = trade('B', 1, 2, 3.0, "AB"), longer = r, want = r;

	memcpy(r.code, "AB\0XYZW", RECORD_CODE_CAP); /* bytes after the NUL */
	memset(longer.code, 'Q', sizeof longer.code); /* no NUL at all */
	ck_assert_int_eq(store_add(s, &longer), -1);
	ck_assert_uint_eq(store_count(s), 0);
	ck_assert_int_eq(store_add(s, &r), 0);
	ck_assert_int_eq(store_add(s, &longer), -1);
	ck_assert_uint_eq(store_count(s), 1);
	get_ok(s, 0, &want); /* NUL-padded */
	store_release(s);
}
END_TEST

/* The store copies: changing the caller's record later changes nothing. */
START_TEST(test_copies_in)
{
	struct store *s = make();
	struct record r = trade('S', 5, 6, 7.5, "MSFT");
	const struct record want = r;

	ck_assert_int_eq(store_add(s, &r), 0);
	r = trade('B', 9, 9, 9.0, "XXXXXXX");
	get_ok(s, 0, &want);
	store_release(s);
}
END_TEST

static struct record nth(size_t i)
{
	char code[RECORD_CODE_CAP] = "";

	for (size_t j = 0; j < 1 + i % RECORD_CODE_MAX; j++)
		code[j] = (char)('A' + (i * 7 + j) % 26);
	return trade(i % 3 ? 'B' : 'S', (int64_t)(i * 1000003) - 5000, (uint32_t)(i * 2654435761u),
		     (double)i / 8.0 - 1000.0, code);
}

/* Many records, two stores filled in turn: each holds its own, all of them.
 * (Checked quietly, then once: one assertion per record would cost a
 * message to Check each.) */
START_TEST(test_many)
{
	struct store *a = make(), *b = make();
	size_t bad = MANY;
	struct record got;

	for (size_t i = 0; i < MANY; i++) {
		struct record r = nth(i);
		if (store_add(i % 4 ? a : b, &r) != 0)
			ck_abort_msg("store_add failed at record %zu", i);
	}
	ck_assert_uint_eq(store_count(a), MANY - (MANY + 3) / 4);
	ck_assert_uint_eq(store_count(b), (MANY + 3) / 4);
	for (size_t i = 0, ia = 0, ib = 0; i < MANY && bad == MANY; i++) {
		struct record want = nth(i);
		if (store_get(i % 4 ? a : b, i % 4 ? ia++ : ib++, &got) != 0 || !same(&got, &want))
			bad = i;
	}
	ck_assert_uint_eq(bad, MANY); /* MANY: no record differs */
	store_release(a);
	store_release(b);
}
END_TEST

/* The driver's work through the API: the tape into a store, then read
 * back against a second copy of the same tape.  The grader runs this case
 * alone under massif at a graded size (memlab_workload()). */
START_TEST(test_the_workload)
{
	const struct workload *w = memlab_workload();
	uint64_t n = w != NULL ? w->size : WORKLOAD_TRADES, seed = w != NULL ? w->seed : 1, bad = n;
	struct tape in, check;
	struct record r, got;
	struct store *s = make();

	ck_assert_int_eq(tape_open(&in, seed), 0);
	for (uint64_t i = 0; i < n; i++) {
		tape_next(&in, &r);
		if (store_add(s, &r) != 0)
			ck_abort_msg("store_add failed at trade %llu", (unsigned long long)i);
	}
	tape_close(&in);
	ck_assert_uint_eq(store_count(s), n);
	ck_assert_int_eq(tape_open(&check, seed), 0);
	for (uint64_t i = 0; i < n && bad == n; i++) {
		tape_next(&check, &r);
		if (store_get(s, (size_t)i, &got) != 0 || !same(&got, &r))
			bad = i;
	}
	tape_close(&check);
	ck_assert_uint_eq(bad, n); /* n: every trade came back */
	store_release(s);
}
END_TEST

Suite *lab_suite(void)
{
	Suite *s = suite_create("store");
	TCase *contract = tcase_create("contract");
	TCase *workload = tcase_create("workload");

	tcase_add_test(contract, test_empty);
	tcase_add_test(contract, test_fields_round_trip);
	tcase_add_test(contract, test_codes);
	tcase_add_test(contract, test_copies_in);
	tcase_add_test(contract, test_many);
	suite_add_tcase(s, contract);

	tcase_add_test(workload, test_the_workload);
	suite_add_tcase(s, workload);
	return s;
}
