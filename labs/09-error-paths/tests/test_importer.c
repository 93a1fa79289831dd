/*
 * tests/test_importer.c - Check tests of importer.h, run against
 * importer.c, pitfall.c or the solution (lab.mk links one of them).
 * They hold an importer to the format and to which error comes first;
 * whether it gives back what it took on the way is for the grade to
 * measure (memcheck, descriptors, the 64-descriptor run), so the pitfall
 * passes them all.  Neighbours: testlib.h, test_workload.c.
 */
#include "testlib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* n copies of c, as a string (n < sizeof buf). */
static const char *run_of(char *buf, size_t cap, char c, size_t n)
{
	ck_assert_uint_lt(n, cap);
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

START_TEST(a_good_report)
{
	struct record *r;

	ck_assert_int_eq(import_bytes(GOOD, strlen(GOOD), &r), IMPORT_OK);
	ck_assert_str_eq(r->station, "harbour-3");
	ck_assert_uint_eq(r->count, 3);
	ck_assert_int_eq(r->readings[0], 12);
	ck_assert_int_eq(r->readings[1], -7);
	ck_assert_int_eq(r->readings[2], 0);
	record_free(r);
	record_free(NULL);

	/* no readings; a name with spaces and colons; what follows "end" is not read */
	const char *named = HEAD "station: Pont Neuf: quai 2 \nreadings: 0\nend\ngarbage\n\x01\x02";
	ck_assert_int_eq(import_bytes(named, strlen(named), &r), IMPORT_OK);
	ck_assert_str_eq(r->station, "Pont Neuf: quai 2 ");
	ck_assert_uint_eq(r->count, 0);
	ck_assert_ptr_null(r->readings);
	record_free(r);

	/* the widest readings, leading zeros, "-0" */
	const char *wide = HEAD STATION "readings: 004\n999999999999999999\n-999999999999999999\n-0\n0007\nend\n";
	ck_assert_int_eq(import_bytes(wide, strlen(wide), &r), IMPORT_OK);
	ck_assert_uint_eq(r->count, 4);
	ck_assert_int_eq(r->readings[0], 999999999999999999);
	ck_assert_int_eq(r->readings[1], -999999999999999999);
	ck_assert_int_eq(r->readings[2], 0);
	ck_assert_int_eq(r->readings[3], 7);
	record_free(r);
}
END_TEST

START_TEST(the_most_readings)
{
	char text[IMPORT_FILE_MAX + 1];
	size_t len = (size_t)snprintf(text, sizeof text, HEAD STATION "readings: %d\n", IMPORT_READINGS_MAX);
	struct record *r;

	for (int i = 0; i < IMPORT_READINGS_MAX; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%d\n", i * 1000 - 50000);
	len += (size_t)snprintf(text + len, sizeof text - len, "end\n");
	ck_assert_int_eq(import_bytes(text, len, &r), IMPORT_OK);
	ck_assert_uint_eq(r->count, IMPORT_READINGS_MAX);
	for (int i = 0; i < IMPORT_READINGS_MAX; i++)
		ck_assert_int_eq(r->readings[i], i * 1000 - 50000);
	record_free(r);
	ck_assert_int_eq(import_text(HEAD STATION "readings: 101\n"), IMPORT_ETOOLONG);
	/* leading zeros count for nothing: 1 reading, then "end" */
	ck_assert_int_eq(import_text(HEAD STATION "readings: 00000000000000000000000000000000000000001\n5\nend\n"),
			 IMPORT_OK);
	ck_assert_int_eq(import_text(HEAD STATION "readings: 18446744073709551617\n1\nend\n"), IMPORT_ETOOLONG);
}
END_TEST

START_TEST(cannot_open_or_read)
{
	struct record *r = (struct record *)&r;
	char dir[] = "/tmp/memlab-lab09-dir-XXXXXX";

	errno = 0;
	ck_assert_int_eq(import_file("/nonexistent/memlab/report", &r), IMPORT_EOPEN);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(r);
	/* a folder opens, and its first read fails */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	r = (struct record *)&r;
	errno = 0;
	ck_assert_int_eq(import_file(dir, &r), IMPORT_EREAD);
	ck_assert_int_eq(errno, EISDIR);
	ck_assert_ptr_null(r);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* Cut anywhere before the last '\n', a report is truncated. */
START_TEST(cut_short_anywhere)
{
	const char *good = HEAD STATION "readings: 2\n-12345\n678\nend\n";
	struct record *r;

	for (size_t cut = 0; cut < strlen(good); cut++)
		ck_assert_int_eq(import_bytes(good, cut, &r), IMPORT_ETRUNCATED);
	ck_assert_int_eq(import_bytes(good, strlen(good), &r), IMPORT_OK);
	record_free(r);
	ck_assert_int_eq(import_text(HEAD STATION "readings: 3\n1\n2\n"), IMPORT_ETRUNCATED);
}
END_TEST

START_TEST(bad_headers)
{
	static const char *const heads[] = { "memlab-report 2\n", "MEMLAB-REPORT 1\n", "memlab-report 1 \n",
		" memlab-report 1\n", "memlab-report\n", "memlab-report 10\n", "\n", "memlab-report 1\r\n",
		"{\"station\": \"x\"}\n" };
	char text[256];

	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
		snprintf(text, sizeof text, "%s" STATION "readings: 0\nend\n", heads[i]);
		ck_assert_int_eq(import_text(text), IMPORT_EHEADER);
	}
	/* the first wrong line decides: a bad header before a line too long */
	snprintf(text, sizeof text, "memlab-report 2\nstation: %s\n", run_of((char[200]){ 0 }, 200, 'x', 150));
	ck_assert_int_eq(import_text(text), IMPORT_EHEADER);
	ck_assert_int_eq(import_text("memlab-report 2"), IMPORT_ETRUNCATED); /* cut: no '\n' */
}
END_TEST

START_TEST(lines_too_long)
{
	char name[256], text[512];
	const size_t room = IMPORT_LINE_MAX - strlen("station: ");
	struct record *r;

	/* a station line of IMPORT_LINE_MAX bytes is fine; one more is not */
	snprintf(text, sizeof text, HEAD "station: %s\nreadings: 0\nend\n", run_of(name, sizeof name, 'n', room));
	ck_assert_int_eq(import_bytes(text, strlen(text), &r), IMPORT_OK);
	ck_assert_uint_eq(strlen(r->station), room);
	record_free(r);
	snprintf(text, sizeof text, HEAD "station: %s\nreadings: 0\nend\n", run_of(name, sizeof name, 'n', room + 1));
	ck_assert_int_eq(import_text(text), IMPORT_ETOOLONG);
	/* too long wins over cut short, and over a bad header */
	snprintf(text, sizeof text, HEAD "station: %s", run_of(name, sizeof name, 'n', room + 1));
	ck_assert_int_eq(import_text(text), IMPORT_ETOOLONG);
	snprintf(text, sizeof text, HEAD "station: %s", run_of(name, sizeof name, 'n', room));
	ck_assert_int_eq(import_text(text), IMPORT_ETRUNCATED);
	ck_assert_int_eq(import_text(run_of(name, sizeof name, 'm', IMPORT_LINE_MAX + 1)), IMPORT_ETOOLONG);
	ck_assert_int_eq(import_text(run_of(name, sizeof name, 'm', IMPORT_LINE_MAX)), IMPORT_ETRUNCATED);
	/* a reading of a hundred digits, and a long junk line where "end" should be */
	snprintf(text, sizeof text, HEAD STATION "readings: 2\n5\n%s\nend\n", run_of(name, sizeof name, '7', 100));
	ck_assert_int_eq(import_text(text), IMPORT_ETOOLONG);
	snprintf(text, sizeof text, HEAD STATION "readings: 0\n%s\n", run_of(name, sizeof name, 'e', 200));
	ck_assert_int_eq(import_text(text), IMPORT_ETOOLONG);
}
END_TEST

START_TEST(lines_out_of_place)
{
	static const char *const bad[] = {
		HEAD "station: \nreadings: 0\nend\n",            /* no name */
		HEAD "station:x\nreadings: 0\nend\n",
		HEAD "Station: x\nreadings: 0\nend\n",
		HEAD STATION "readings: ten\n",
		HEAD STATION "readings: -1\n",
		HEAD STATION "readings: \nend\n",
		HEAD STATION "readings: 1 \n1\nend\n",
		HEAD STATION "readings:1\n1\nend\n",
		HEAD STATION "readings: 1\n12.5\nend\n",
		HEAD STATION "readings: 1\n+5\nend\n",
		HEAD STATION "readings: 1\n-\nend\n",
		HEAD STATION "readings: 1\n--5\nend\n",
		HEAD STATION "readings: 1\n5 \nend\n",
		HEAD STATION "readings: 1\n\nend\n",
		HEAD STATION "readings: 1\n1234567890123456789\nend\n", /* 19 digits */
		HEAD STATION "readings: 1\n1\nEND\n",
		HEAD STATION "readings: 1\n1\nend\r\n",
		HEAD STATION "readings: 1\n1\n2\nend\n",          /* one more than it says */
		HEAD STATION "readings: 2\n1\nend\n",             /* "end" is no reading */
		HEAD STATION "readings: 1\nx\n",                  /* wrong, then cut: wrong first */
		HEAD "readings: 0\nend\n",                        /* no station line */
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_int_eq(import_text(bad[i]), IMPORT_EFORMAT);
}
END_TEST

/* Every kind of file, over and over, one after another: each answer the same every time. */
START_TEST(many_in_a_row)
{
	static const char *const files[] = { GOOD, HEAD STATION "readings: 2\n1\n", "memlab-report 3\n",
		HEAD STATION "readings: 9999\n", HEAD STATION "readings: 1\nx\n" };
	static const int want[] = { IMPORT_OK, IMPORT_ETRUNCATED, IMPORT_EHEADER, IMPORT_ETOOLONG, IMPORT_EFORMAT };
	int64_t sum = 0;

	for (int round = 0; round < 100; round++)
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
			struct record *r;
			int rc = import_bytes(files[i], strlen(files[i]), &r);

			if (rc != want[i])
				ck_assert_int_eq(rc, want[i]);
			if (r != NULL)
				sum += r->readings[0] + r->readings[1];
			record_free(r);
		}
	ck_assert_int_eq(sum, 500);
}
END_TEST

TCase *importer_tests(void)
{
	TCase *tc = tcase_create("importer");

	tcase_add_test(tc, a_good_report);
	tcase_add_test(tc, the_most_readings);
	tcase_add_test(tc, cannot_open_or_read);
	tcase_add_test(tc, cut_short_anywhere);
	tcase_add_test(tc, bad_headers);
	tcase_add_test(tc, lines_too_long);
	tcase_add_test(tc, lines_out_of_place);
	tcase_add_test(tc, many_in_a_row);
	return tc;
}
