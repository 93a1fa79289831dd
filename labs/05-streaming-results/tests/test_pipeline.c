/*
 * tests/test_pipeline.c - Check tests of pipeline.h, run against
 * pipeline.c, pitfall.c or the solution (lab.mk links one of them), and of
 * the trusted stages they chain.  Every correct pipeline passes them, the
 * list-building pitfall too: whether a pipeline streams is for the memory
 * grade to judge (lab.ini), not for these tests.  Neighbours: ../pipeline.h
 * (the contract), ../stages.c, ../main.c (the driver's sink, which the
 * "workload" case copies).
 */
#include "pipeline.h"
#include "workload.h"

#include <check.h>
#include <errno.h>
#include <string.h>

#define TEXT_MAX   8192 /* bytes of output a collecting sink keeps */
#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME  UINT64_C(0x100000001b3)

/* A sink that checks the lines it is lent, digests them, keeps the first
 * TEXT_MAX bytes, and refuses call number fail_at (0: never). */
struct collect {
	uint64_t calls, bytes, hash, fail_at, bad;
	size_t len;
	char text[TEXT_MAX + 1];
};

static int collect_line(void *ctx, const char *line, size_t len)
{
	struct collect *c = ctx;

	c->calls++;
	if (len == 0 || len > REPORT_LINE_MAX || line[len - 1] != '\n' || line[len] != '\0' ||
	    memchr(line, '\n', len - 1) != NULL)
		c->bad++;
	for (size_t i = 0; i < len; i++)
		c->hash = (c->hash ^ (unsigned char)line[i]) * FNV_PRIME;
	c->bytes += len;
	if (c->len + len <= TEXT_MAX) {
		memcpy(c->text + c->len, line, len);
		c->len += len;
		c->text[c->len] = '\0';
	}
	return c->fail_at != 0 && c->calls == c->fail_at;
}

/* static: an 8 KiB sink is no business of the heap the workload case measures */
static struct collect sink_state;

static struct collect *fresh_sink(uint64_t fail_at)
{
	memset(&sink_state, 0, sizeof sink_state);
	sink_state.hash = FNV_OFFSET;
	sink_state.fail_at = fail_at;
	return &sink_state;
}

static void check_stats(const struct pipeline_stats *st, uint64_t records, uint64_t malformed,
			uint64_t dropped, uint64_t written, uint64_t bytes)
{
	ck_assert_uint_eq(st->records, records);
	ck_assert_uint_eq(st->malformed, malformed);
	ck_assert_uint_eq(st->dropped, dropped);
	ck_assert_uint_eq(st->written, written);
	ck_assert_uint_eq(st->bytes, bytes);
}

/* Each kind of line once: orders, a refund, a test order, an unknown
 * country, and five malformed lines. */
static const char *const mixed[] = {
	"1042,1700000123,u8812,DE,12999,3",
	"1043,1700000200,alice,US,60000,1",
	"1044,1700000300,bob,FR,-500,1",        /* refund: dropped */
	"1045,1700000400,test_user,ZZ,5000,2",  /* test order: dropped */
	"1046,1700000500,carol,QQ,999,1",
	"",                                     /* malformed, all five */
	"1047,1700000600,dave,de,100,1",
	"1048,1700000700,Eve,DE,100,1",
	"1049,1700000800,frank,JP,12345,0",
	"1050,1700000900,grace,JP,12345,2,extra",
	"1051,1700001000,heidi,JP,12345,2",
};
#define NMIXED (sizeof mixed / sizeof mixed[0])

static const char mixed_report[] =
	"2023-11-14 #1042 u8812 DE/EU silver 154.69\n"
	"2023-11-14 #1043 alice US/NA gold 600.00\n"
	"2023-11-14 #1046 carol QQ/?? bronze 9.99\n"
	"2023-11-14 #1051 heidi JP/AP silver 135.80\n";

START_TEST(test_mixed_lines)
{
	struct source src;
	struct pipeline_stats st;
	struct collect *c = fresh_sink(0);

	source_lines(&src, mixed, NMIXED);
	ck_assert_int_eq(pipeline_run(&src, collect_line, c, &st), 0);
	ck_assert_str_eq(c->text, mixed_report);
	ck_assert_uint_eq(c->bad, 0);
	ck_assert_uint_eq(c->calls, 4);
	check_stats(&st, NMIXED, 5, 2, 4, strlen(mixed_report));
	ck_assert_uint_eq(src.left, 0);
}
END_TEST

START_TEST(test_empty_and_nothing_kept)
{
	static const char *const none[] = { "1044,1700000300,bob,FR,-500,1", "x", "1,2,zz,ZZ,5,5" };
	struct source src;
	struct pipeline_stats st;
	struct collect *c = fresh_sink(0);

	source_lines(&src, none, 0);
	ck_assert_int_eq(pipeline_run(&src, collect_line, c, &st), 0);
	check_stats(&st, 0, 0, 0, 0, 0);
	source_lines(&src, none, 3);
	ck_assert_int_eq(pipeline_run(&src, collect_line, c, &st), 0);
	check_stats(&st, 3, 1, 2, 0, 0);
	ck_assert_uint_eq(c->calls, 0);
}
END_TEST

/* The generated stream, against the obvious loop: same lines, same order. */
START_TEST(test_generated_stream)
{
	const uint64_t n = 5000, seed = memlab_test_seed();
	struct source src;
	struct pipeline_stats st, want = { 0 };
	char line[RECORD_LINE_MAX + 1], text[REPORT_LINE_MAX + 1];
	uint64_t hash = FNV_OFFSET;
	struct collect *c;

	source_generate(&src, seed, n);
	while (source_next(&src, line) >= 0) {
		struct record *r;
		int ret = record_parse(line, &r);

		want.records++;
		ck_assert_int_ge(ret, 0);
		if (ret > 0) {
			want.malformed++;
		} else if (!record_keep(r)) {
			want.dropped++;
		} else {
			record_enrich(r);
			size_t len = record_format(r, text);
			for (size_t i = 0; i < len; i++)
				hash = (hash ^ (unsigned char)text[i]) * FNV_PRIME;
			want.written++;
			want.bytes += len;
		}
		record_free(r);
	}
	/* the stream's mix, as pipeline.h says */
	ck_assert_uint_ge(want.malformed, n / 50);
	ck_assert_uint_le(want.malformed, n / 25);
	ck_assert_uint_ge(want.dropped, n / 8);
	ck_assert_uint_le(want.dropped, n / 4);

	c = fresh_sink(0);
	source_generate(&src, seed, n);
	ck_assert_int_eq(pipeline_run(&src, collect_line, c, &st), 0);
	check_stats(&st, want.records, want.malformed, want.dropped, want.written, want.bytes);
	ck_assert_uint_eq(c->hash, hash);
	ck_assert_uint_eq(c->calls, want.written);
	ck_assert_uint_eq(c->bad, 0);
}
END_TEST

/* A sink that refuses a line stops the pipeline: it gets no line after it. */
START_TEST(test_sink_refuses)
{
	static const uint64_t fail_at[] = { 1, 2, 4, 700 };
	struct source src;
	struct pipeline_stats st;
	struct collect *c = fresh_sink(fail_at[_i]);

	if (fail_at[_i] <= 4)
		source_lines(&src, mixed, NMIXED);
	else
		source_generate(&src, memlab_test_seed(), 2000);
	errno = 0;
	ck_assert_int_eq(pipeline_run(&src, collect_line, c, &st), -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_uint_eq(c->calls, fail_at[_i]);
}
END_TEST

/* The trusted stages at their limits. */
START_TEST(test_stages)
{
	struct record *r = NULL;
	char text[REPORT_LINE_MAX + 1];

	ck_assert_int_eq(record_parse("18446744073709551615,253402300799,u,US,1000000000000,999", &r), 0);
	record_enrich(r);
	ck_assert_str_eq(r->tier, "gold");
	ck_assert_uint_eq(record_format(r, text), strlen(text));
	ck_assert_str_eq(text, "9999-12-31 #18446744073709551615 u US/NA gold 10000000000.00\n");
	record_free(r);
	ck_assert_int_eq(record_parse("18446744073709551616,1,u,US,1,1", &r), 1);
	ck_assert_ptr_null(r);
	ck_assert_int_eq(record_parse("1,1,u,US,1000000000001,1", &r), 1);
	ck_assert_int_eq(record_parse("1,1,abcdefghijklmnopq,US,1,1", &r), 1);
	ck_assert_int_eq(record_parse("1,1,abcdefghijklmnop,US,1,1", &r), 0);
	record_free(r);
	ck_assert_int_eq(record_parse("1,-1,u,US,1,1", &r), 1);
	ck_assert_int_eq(record_parse("1,1,u,US,-1,1", &r), 0);
	ck_assert_int_eq(record_keep(r), 0);
	record_free(r);
	record_free(NULL);
}
END_TEST

/* The driver's run through the API: the grader runs this case alone under
 * massif at a graded size (memlab_workload()) and compares its heap with
 * the graded run's; in an ordinary run it takes 20000 records. */
START_TEST(test_workload)
{
	const struct workload *w = memlab_workload();
	struct source src;
	struct pipeline_stats st;
	struct collect *c = fresh_sink(0);

	source_generate(&src, w != NULL ? w->seed : 1, w != NULL ? w->size : 20000);
	memlab_quiet(1); /* the figures are the grader's to compare */
	ck_assert_int_eq(pipeline_run(&src, collect_line, c, &st), 0);
	ck_assert_uint_eq(st.written, c->calls);
	memlab_quiet(0);
	ck_assert_uint_eq(c->bad, 0);
}
END_TEST

Suite *lab_suite(void)
{
	Suite *s = suite_create("pipeline");
	TCase *contract = tcase_create("contract");
	TCase *stages = tcase_create("stages");
	TCase *workload = tcase_create("workload");

	tcase_add_test(contract, test_mixed_lines);
	tcase_add_test(contract, test_empty_and_nothing_kept);
	tcase_add_test(contract, test_generated_stream);
	tcase_add_loop_test(contract, test_sink_refuses, 0, 4);
	suite_add_tcase(s, contract);
	tcase_add_test(stages, test_stages);
	suite_add_tcase(s, stages);
	tcase_add_test(workload, test_workload);
	suite_add_tcase(s, workload);
	return s;
}
