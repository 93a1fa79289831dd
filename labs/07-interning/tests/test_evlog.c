/*
 * tests/test_evlog.c - Check tests of evlog.h, run against evlog.c,
 * pitfall.c or a solution (lab.mk links one of them), and lab_suite().
 * They hold for every correct store, whether it copies each string or
 * keeps one copy of each: what comes back, what a query counts, how long a
 * string stays valid.  Which of the two a store does is for the memory
 * grade to judge.  Neighbours: test_workload.c (the "workload" case),
 * ../../common/check_main.c (runs lab_suite()).
 */
#include "evlog.h"
#include "splitmix.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TCase *workload_tests(void);

#define MODEL_EVENTS 3000

static const char *const countries[] = { "Peru", "Per", "peru", "Peru ", "", "Germany", "Chad" };
static const char *const browsers[] = { "curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
	"Mozilla/5.0", "", "Wget/1.21.4" };
static const char *const paths[] = { "/", "/a", "/a/", "/a/b", "", "/index.html", "/index.htm", "/x", "/y", "/z",
	"/shop/garden/smart-hose-17" };
#define NCOUNTRIES (sizeof countries / sizeof countries[0])
#define NBROWSERS (sizeof browsers / sizeof browsers[0])
#define NPATHS (sizeof paths / sizeof paths[0])

static uint64_t rng;

static uint64_t rnd(void)
{
	return splitmix_next(&rng);
}

/* An event whose strings live in buf (so that the caller can clobber them). */
static struct ev make(char buf[EV_NFIELDS][256], uint64_t t, const char *c, const char *b, const char *p)
{
	struct ev ev = { t, 200 + (uint32_t)(t % 3), (uint32_t)(t * 7), { buf[0], buf[1], buf[2] } };

	snprintf(buf[0], 256, "%s", c);
	snprintf(buf[1], 256, "%s", b);
	snprintf(buf[2], 256, "%s", p);
	return ev;
}

START_TEST(empty_store)
{
	struct evlog *log = evlog_create();
	const char *const any[EV_NFIELDS] = { NULL, NULL, NULL };
	struct ev ev;

	ck_assert_ptr_nonnull(log);
	ck_assert_uint_eq(evlog_count(log), 0);
	ck_assert_int_eq(evlog_get(log, 0, &ev), -1);
	struct ev_total t = evlog_total(log, any);
	ck_assert_uint_eq(t.events, 0);
	ck_assert_uint_eq(t.bytes, 0);
	evlog_release(log);
	evlog_release(NULL);
}
END_TEST

START_TEST(events_come_back)
{
	struct evlog *log = evlog_create();
	char buf[EV_NFIELDS][256];
	struct ev in, out;

	ck_assert_ptr_nonnull(log);
	for (uint64_t i = 0; i < 3; i++) {
		in = make(buf, 1000 + i, countries[i], browsers[i], paths[i]);
		ck_assert_int_eq(evlog_add(log, &in), 0);
	}
	ck_assert_uint_eq(evlog_count(log), 3);
	for (uint64_t i = 0; i < 3; i++) {
		ck_assert_int_eq(evlog_get(log, i, &out), 0);
		ck_assert_uint_eq(out.time, 1000 + i);
		ck_assert_uint_eq(out.status, 200 + (1000 + i) % 3);
		ck_assert_uint_eq(out.bytes, (1000 + i) * 7);
		ck_assert_str_eq(out.field[EV_COUNTRY], countries[i]);
		ck_assert_str_eq(out.field[EV_BROWSER], browsers[i]);
		ck_assert_str_eq(out.field[EV_PATH], paths[i]);
	}
	ck_assert_int_eq(evlog_get(log, 3, &out), -1);
	evlog_release(log);
}
END_TEST

/* The caller's strings are the caller's: overwritten right after the add. */
START_TEST(strings_are_copied)
{
	struct evlog *log = evlog_create();
	char buf[EV_NFIELDS][256];
	struct ev in = make(buf, 1, "Germany", "curl/8.5.0", "/a/b"), out;

	ck_assert_int_eq(evlog_add(log, &in), 0);
	memset(buf, 'x', sizeof buf);
	buf[0][5] = buf[1][5] = buf[2][5] = '\0';
	in = make(buf, 2, "Chad", "Wget/1.21.4", "/");
	ck_assert_int_eq(evlog_add(log, &in), 0);
	ck_assert_int_eq(evlog_get(log, 0, &out), 0);
	ck_assert_str_eq(out.field[EV_COUNTRY], "Germany");
	ck_assert_str_eq(out.field[EV_BROWSER], "curl/8.5.0");
	ck_assert_str_eq(out.field[EV_PATH], "/a/b");
	ck_assert_int_eq(evlog_get(log, 1, &out), 0);
	ck_assert_str_eq(out.field[EV_COUNTRY], "Chad");
	evlog_release(log);
}
END_TEST

/* A string given out stays valid while thousands of others come in. */
START_TEST(strings_stay_valid)
{
	struct evlog *log = evlog_create();
	char buf[EV_NFIELDS][256], path[64], country[32];
	struct ev in = make(buf, 1, "Peru", "Mozilla/5.0", "/first"), first, again;

	ck_assert_int_eq(evlog_add(log, &in), 0);
	ck_assert_int_eq(evlog_get(log, 0, &first), 0);
	for (uint64_t i = 0; i < 20000; i++) {
		snprintf(path, sizeof path, "/page/%llu/%0*u", (unsigned long long)i, (int)(i % 40), 7u);
		snprintf(country, sizeof country, "country %llu", (unsigned long long)(i % 500));
		in = make(buf, i, country, browsers[i % NBROWSERS], path);
		ck_assert_int_eq(evlog_add(log, &in), 0);
	}
	ck_assert_str_eq(first.field[EV_COUNTRY], "Peru");
	ck_assert_str_eq(first.field[EV_BROWSER], "Mozilla/5.0");
	ck_assert_str_eq(first.field[EV_PATH], "/first");
	ck_assert_int_eq(evlog_get(log, 20000, &again), 0);
	ck_assert_str_eq(again.field[EV_COUNTRY], "country 499");
	ck_assert_str_eq(again.field[EV_PATH], path); /* the last one made */
	ck_assert_uint_eq(evlog_count(log), 20001);
	evlog_release(log);
}
END_TEST

START_TEST(null_field_refused)
{
	struct evlog *log = evlog_create();
	char buf[EV_NFIELDS][256];
	struct ev in = make(buf, 1, "Peru", "curl/8.5.0", "/"), out;

	for (int f = 0; f < EV_NFIELDS; f++) {
		struct ev bad = in;
		bad.field[f] = NULL;
		errno = 0;
		ck_assert_int_eq(evlog_add(log, &bad), -1);
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_uint_eq(evlog_count(log), 0);
	}
	ck_assert_int_eq(evlog_add(log, &in), 0);
	ck_assert_int_eq(evlog_get(log, 0, &out), 0);
	ck_assert_str_eq(out.field[EV_PATH], "/");
	evlog_release(log);
}
END_TEST

START_TEST(long_strings)
{
	static char big[3][20000];
	struct evlog *log = evlog_create();
	struct ev in = { 5, 200, 9, { big[0], big[1], big[2] } }, out;

	for (int f = 0; f < 3; f++) {
		memset(big[f], 'a' + f, sizeof big[f] - 1 - (size_t)f);
		big[f][sizeof big[f] - 1 - (size_t)f] = '\0';
	}
	ck_assert_int_eq(evlog_add(log, &in), 0);
	ck_assert_int_eq(evlog_add(log, &in), 0);
	ck_assert_int_eq(evlog_get(log, 1, &out), 0);
	for (int f = 0; f < 3; f++)
		ck_assert_str_eq(out.field[f], big[f]);
	struct ev_total t = evlog_total(log, (const char *const[EV_NFIELDS]){ NULL, big[1], NULL });
	ck_assert_uint_eq(t.events, 2);
	evlog_release(log);
}
END_TEST

/* Model: which of the random events match want[]. */
static struct ev_total model_total(const unsigned pick[][EV_NFIELDS], size_t n, const int want[EV_NFIELDS])
{
	struct ev_total t = { 0, 0 };

	for (size_t i = 0; i < n; i++) {
		int f = 0;
		while (f < EV_NFIELDS && (want[f] < 0 || (unsigned)want[f] == pick[i][f]))
			f++;
		if (f == EV_NFIELDS) {
			t.events++;
			t.bytes += (uint32_t)(i * 7);
		}
	}
	return t;
}

static const char *const *vocab[EV_NFIELDS] = { countries, browsers, paths };
static const size_t nvocab[EV_NFIELDS] = { NCOUNTRIES, NBROWSERS, NPATHS };

/* Asks the store for the values numbered want[] (-1: any), each from a
 * buffer of the test's own, and compares with the model. */
static void check_total(const struct evlog *log, const unsigned pick[][EV_NFIELDS], size_t n,
			const int want[EV_NFIELDS])
{
	char own[EV_NFIELDS][256];
	const char *ask[EV_NFIELDS];

	for (int f = 0; f < EV_NFIELDS; f++) {
		ask[f] = NULL;
		if (want[f] >= 0) {
			snprintf(own[f], sizeof own[f], "%s", vocab[f][want[f]]);
			ask[f] = own[f];
		}
	}
	struct ev_total got = evlog_total(log, ask), exp = model_total(pick, n, want);
	ck_assert_uint_eq(got.events, exp.events);
	ck_assert_uint_eq(got.bytes, exp.bytes);
}

START_TEST(totals_match_a_model)
{
	static unsigned pick[MODEL_EVENTS][EV_NFIELDS];
	struct evlog *log = evlog_create();
	char buf[EV_NFIELDS][256];

	rng = memlab_test_seed();
	for (size_t i = 0; i < MODEL_EVENTS; i++) {
		for (int f = 0; f < EV_NFIELDS; f++)
			pick[i][f] = (unsigned)(rnd() % nvocab[f]);
		struct ev in = make(buf, i, countries[pick[i][0]], browsers[pick[i][1]], paths[pick[i][2]]);
		in.bytes = (uint32_t)(i * 7);
		ck_assert_int_eq(evlog_add(log, &in), 0);
	}
	check_total(log, pick, MODEL_EVENTS, (const int[EV_NFIELDS]){ -1, -1, -1 });
	for (int f = 0; f < EV_NFIELDS; f++)
		for (size_t v = 0; v < nvocab[f]; v++) {
			int want[EV_NFIELDS] = { -1, -1, -1 };
			want[f] = (int)v;
			check_total(log, pick, MODEL_EVENTS, want);
		}
	for (size_t c = 0; c < NCOUNTRIES; c++)
		for (size_t p = 0; p < NPATHS; p++)
			check_total(log, pick, MODEL_EVENTS, (const int[EV_NFIELDS]){ (int)c, -1, (int)p });
	for (int k = 0; k < 50; k++)
		check_total(log, pick, MODEL_EVENTS, (const int[EV_NFIELDS]){ (int)(rnd() % NCOUNTRIES),
			(int)(rnd() % NBROWSERS), (int)(rnd() % NPATHS) });
	evlog_release(log);
}
END_TEST

/* Values no event has count nothing, and asking for one changes nothing. */
START_TEST(absent_values)
{
	struct evlog *log = evlog_create();
	char buf[EV_NFIELDS][256];
	struct ev in = make(buf, 1, "Peru", "curl/8.5.0", "/a");
	const char *const atlantis[EV_NFIELDS] = { "Atlantis", NULL, NULL };

	ck_assert_int_eq(evlog_add(log, &in), 0);
	ck_assert_uint_eq(evlog_total(log, atlantis).events, 0);
	ck_assert_uint_eq(evlog_total(log, (const char *const[EV_NFIELDS]){ "Peru", "curl/8.5", NULL }).events, 0);
	ck_assert_uint_eq(evlog_total(log, (const char *const[EV_NFIELDS]){ "Peru", NULL, "/a/" }).events, 0);
	ck_assert_uint_eq(evlog_total(log, (const char *const[EV_NFIELDS]){ NULL, NULL, "/a" }).events, 1);
	ck_assert_uint_eq(evlog_count(log), 1);
	in = make(buf, 2, "Atlantis", "curl/8.5.0", "/a");
	ck_assert_int_eq(evlog_add(log, &in), 0);
	ck_assert_uint_eq(evlog_total(log, atlantis).events, 1);
	ck_assert_uint_eq(evlog_total(log, (const char *const[EV_NFIELDS]){ NULL, NULL, "/a" }).events, 2);
	evlog_release(log);
}
END_TEST

/* The same string in two fields is one value in each. */
START_TEST(fields_are_separate)
{
	struct evlog *log = evlog_create();
	char buf[EV_NFIELDS][256];
	struct ev in = make(buf, 1, "x", "x", "x"), out;

	ck_assert_int_eq(evlog_add(log, &in), 0);
	in = make(buf, 2, "x", "y", "z");
	ck_assert_int_eq(evlog_add(log, &in), 0);
	ck_assert_uint_eq(evlog_total(log, (const char *const[EV_NFIELDS]){ NULL, "x", NULL }).events, 1);
	ck_assert_uint_eq(evlog_total(log, (const char *const[EV_NFIELDS]){ "x", NULL, NULL }).events, 2);
	ck_assert_uint_eq(evlog_total(log, (const char *const[EV_NFIELDS]){ "x", "y", "z" }).events, 1);
	ck_assert_int_eq(evlog_get(log, 1, &out), 0);
	ck_assert_str_eq(out.field[EV_BROWSER], "y");
	evlog_release(log);
}
END_TEST

Suite *lab_suite(void)
{
	Suite *s = suite_create("evlog");
	TCase *basics = tcase_create("basics");
	TCase *queries = tcase_create("queries");

	tcase_add_test(basics, empty_store);
	tcase_add_test(basics, events_come_back);
	tcase_add_test(basics, strings_are_copied);
	tcase_add_test(basics, strings_stay_valid);
	tcase_add_test(basics, null_field_refused);
	tcase_add_test(basics, long_strings);
	tcase_add_test(queries, totals_match_a_model);
	tcase_add_test(queries, absent_values);
	tcase_add_test(queries, fields_are_separate);
	suite_add_tcase(s, basics);
	suite_add_tcase(s, queries);
	suite_add_tcase(s, workload_tests());
	return s;
}
