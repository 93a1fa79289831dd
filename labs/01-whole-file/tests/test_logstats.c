/*
 * tests/test_logstats.c - Check tests of the logstats API (logstats.h):
 * lab_suite(), and the tests of what lines and records are.  They run
 * against every reader (the starter, pitfall.c, the solution), so they test
 * behaviour, never memory use: `make grade` measures that.  Neighbours:
 * testlib.h (helpers), test_streaming.c (the traps of reading in pieces),
 * test_errors.c (bad input), ../../common/check_main.c (runs lab_suite()).
 */
#include "testlib.h"

#include <string.h>

START_TEST(empty_file)
{
	expect("", 0, 0, 0);
}
END_TEST

START_TEST(only_newlines)
{
	expect("\n", 1, 0, 0);
	expect("\n\n\n\n", 4, 0, 0);
	expect("\r\n\r\n", 2, 0, 0);
}
END_TEST

START_TEST(no_final_newline)
{
	expect("abc\nhello", 2, 5, 0);
	expect("x", 1, 1, 0);
	expect(RECORD, 1, strlen(RECORD), 1);
	expect("\n" RECORD, 2, strlen(RECORD), 1);
}
END_TEST

START_TEST(crlf_line_ends)
{
	expect("ab\r\nabcd\r\n", 2, 4, 0);
	expect("x\ry\n", 1, 3, 0);          /* a lone '\r' is content */
	expect("abc\r", 1, 4, 0);           /* no '\n' follows: content */
	expect("abc\r\r\n", 1, 4, 0);       /* only one '\r' is the end */
	expect(RECORD "\r\n" RECORD "\n", 2, strlen(RECORD), 2);
}
END_TEST

START_TEST(ordinary_log)
{
	const char *log =
		"10.0.0.1 - - [01/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"\n"
		"10.0.0.2 - bob [01/Mar/2024:10:00:01 +0000] \"GET /x HTTP/1.1\" 404 150 \"-\" \"Wget\"\n"
		"10.0.0.1 - - [01/Mar/2024:10:00:02 +0000] \"GET / HTTP/1.1\" 304 - \"-\" \"curl/8.0\"\n"
		"\n"
		"10.0.0.3 - - [01/Mar/2024:10:00:03 +0000] \"POST /api HTTP/2.0\" 200 1000\n"
		"garbage that is no record\n"
		"10.0.0.4 - - [01/Mar/2024:10:00:04 +0000] \"GET / HTTP/1.1\" 503 38 \"-\" \"x\"\r\n"
		"10.0.0.5 - - [01/Mar/2024:10:00:0";   /* cut: malformed */
	struct logstats st;

	ck_assert_int_eq(read_str(&st, log), 0);
	ck_assert_uint_eq(st.bytes, strlen(log));
	ck_assert_uint_eq(st.lines, 8);
	ck_assert_uint_eq(st.records, 5);
	ck_assert_uint_eq(st.served_bytes, 512 + 150 + 1000 + 38);
	ck_assert_uint_eq(st.status[200 - LOGSTATS_STATUS_MIN], 2);
	ck_assert_uint_eq(st.status[304 - LOGSTATS_STATUS_MIN], 1);
	ck_assert_uint_eq(st.status[404 - LOGSTATS_STATUS_MIN], 1);
	ck_assert_uint_eq(st.status[503 - LOGSTATS_STATUS_MIN], 1);
	ck_assert_uint_eq(st.longest_line, 81);  /* the first line */
	check_data(log, strlen(log));
}
END_TEST

/* One line each; the second column says whether it is a record. */
static const struct { const char *line; int record; } fields[] = {
	{ "h i u [d] \"r\" 100 0", 1 },
	{ "h i u [d] \"r\" 599 -", 1 },
	{ "h i u [d] \"r\" 200 7\r", 1 },
	{ "h i u [d] \"\" 200 7 rest \"of\" [line", 1 },
	{ "h i u [d] \"r\" 099 7", 0 },     /* status below 100 */
	{ "h i u [d] \"r\" 600 7", 0 },     /* status above 599 */
	{ "h i u [d] \"r\" 20 7", 0 },
	{ "h i u [d] \"r\" 2000 7", 0 },
	{ "h i u [d] \"r\" 200 -5", 0 },
	{ "h i u [d] \"r\" 200 12a", 0 },
	{ "h i u [d] \"r\" 200 ", 0 },      /* empty size */
	{ "h i u [d] \"r\" 200 99999999999999999999", 0 }, /* > 2^64 */
	{ " i u [d] \"r\" 200 7", 0 },      /* empty host */
	{ "h i u d \"r\" 200 7", 0 },       /* no [ */
	{ "h i u [d \"r\" 200 7", 0 },      /* no ] */
	{ "h i u [d] r 200 7", 0 },         /* no quotes */
	{ "h i u [d] \"r 200 7", 0 },       /* no closing quote */
	{ "h i u [d]  \"r\" 200 7", 0 },    /* two spaces */
};

START_TEST(record_fields)
{
	struct logstats st;
	const char *line = fields[_i].line;

	ck_assert_int_eq(read_str(&st, line), 0);
	ck_assert_msg(st.records == (uint64_t)fields[_i].record,
		      "'%s': %s", line, fields[_i].record ?
		      "is a record" : "is malformed");
}
END_TEST

Suite *lab_suite(void)
{
	Suite *s = suite_create("logstats");
	TCase *lines = tcase_create("lines");
	TCase *records = tcase_create("records");

	tcase_add_test(lines, empty_file);
	tcase_add_test(lines, only_newlines);
	tcase_add_test(lines, no_final_newline);
	tcase_add_test(lines, crlf_line_ends);
	tcase_add_test(records, ordinary_log);
	tcase_add_loop_test(records, record_fields, 0,
			    (int)(sizeof fields / sizeof fields[0]));
	suite_add_tcase(s, lines);
	suite_add_tcase(s, records);
	suite_add_tcase(s, streaming_tests());
	suite_add_tcase(s, error_tests());
	suite_add_tcase(s, workload_tests());
	return s;
}
