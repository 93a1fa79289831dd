/*
 * main.c - the driver of lab 02 (trusted lab code: students do not edit
 * it).  It builds a CSV report of temperature readings, one small piece
 * at a time, the way a Python script does `out += field; out += ","`:
 *
 *     seq,station,celsius          (report --size 3 --seed 2)
 *     1,male,-32.7
 *     2,rome,-00.7
 *     3,suva,+28.9
 *
 * Each row is six appends (seq, ",", station, ",", reading, "\n"), about
 * 2.6 bytes each.  Stations and readings come from the seed; every field
 * but seq has a fixed width, so the report's length (and every allocation
 * a textbuf makes) depends on --size alone: see report_length().
 *
 * Usage: report --size ROWS [--seed S]
 * stdout, the same for every correct textbuf (the grader compares it):
 *     rows: N / bytes: text length / fnv1a64: digest of the text
 * stderr: what the growth policy did (grows, bytes carried, capacity),
 * which differs from one implementation to the next.
 * Neighbours: textbuf.h (the API it uses), ../common/workload.h (the
 * command line), lab.ini (the sizes the grader runs).
 */
#include "textbuf.h"
#include "workload.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "--size ROWS [--seed S]"
#define REPORT_MAX_ROWS 100000u /* the pitfall needs minutes at this size */
#define REPORT_HEADER "seq,station,celsius\n"
#define READING_WIDTH 5 /* "+07.3": sign, two digits, point, one digit */
#define READING_MAX 399 /* tenths of a degree: -39.9 .. +39.9 */
#define STATION_WIDTH 4
#define STATIONS 16
#define REPORT_APPENDS(rows) (1 + 6 * (uint64_t)(rows)) /* header, then six per row */

static const char stations[STATIONS][STATION_WIDTH + 1] = {
	"oslo", "lima", "rome", "kyiv", "baku", "doha", "riga", "nuuk",
	"apia", "bern", "cork", "graz", "kobe", "lodz", "male", "suva",
};

/* splitmix64: a small, well-mixed generator; the whole run follows from seed. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Writes v in decimal at out (no '\0'); returns the number of digits. */
static size_t put_decimal(char out[20], uint64_t v)
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/* Writes tenths (|tenths| <= READING_MAX) as "+07.3" or "-12.0". */
static void put_reading(char out[READING_WIDTH], int tenths)
{
	unsigned a = (unsigned)(tenths < 0 ? -tenths : tenths);

	out[0] = tenths < 0 ? '-' : '+';
	out[1] = (char)('0' + a / 100);
	out[2] = (char)('0' + a / 10 % 10);
	out[3] = '.';
	out[4] = (char)('0' + a % 10);
}

/* The report's length in bytes for `rows` rows, whatever the seed. */
static uint64_t report_length(uint64_t rows)
{
	uint64_t len = sizeof REPORT_HEADER - 1;

	len += rows * (1 + STATION_WIDTH + 1 + READING_WIDTH + 1);
	/* The digits of seq = 1..rows: all have a first digit, those from 10
	 * on a second, those from 100 on a third... */
	for (uint64_t from = 1; from <= rows; from *= 10)
		len += rows - from + 1;
	return len;
}

/* Six appends: the habit this lab is about. Returns 0 or -1 (errno set). */
static int append_row(struct textbuf *tb, uint64_t seq, uint64_t *rng)
{
	uint64_t r = next_random(rng);
	char digits[20], reading[READING_WIDTH];
	size_t ndigits = put_decimal(digits, seq);

	put_reading(reading, (int)((r >> 32) % (2 * READING_MAX + 1)) - READING_MAX);
	if (textbuf_append(tb, digits, ndigits) != 0 ||
	    textbuf_append(tb, ",", 1) != 0 ||
	    textbuf_append(tb, stations[r % STATIONS], STATION_WIDTH) != 0 ||
	    textbuf_append(tb, ",", 1) != 0 ||
	    textbuf_append(tb, reading, READING_WIDTH) != 0 ||
	    textbuf_append(tb, "\n", 1) != 0)
		return -1;
	return 0;
}

/* FNV-1a, 64 bits: a cheap digest, so we print 16 hex digits, not the text. */
static uint64_t fnv1a64(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3u;
	}
	return h;
}

/* The whole report, header then rows.  Returns 0 or -1 (errno set). */
static int build_report(struct textbuf *tb, uint64_t rows, uint64_t seed)
{
	uint64_t rng = seed;

	if (textbuf_append_str(tb, REPORT_HEADER) != 0)
		return -1;
	for (uint64_t seq = 1; seq <= rows; seq++)
		if (append_row(tb, seq, &rng) != 0)
			return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct workload w;
	struct textbuf report = TEXTBUF_INIT;
	int status = EXIT_FAILURE;

	if (workload_init(argc, argv, &w, USAGE) != 0)
		return EXIT_FAILURE;
	if (w.size == 0 || w.size > REPORT_MAX_ROWS) {
		fprintf(stderr, "report: --size must be 1 to %u rows\n", REPORT_MAX_ROWS);
		return EXIT_FAILURE;
	}
	if (w.input != NULL) {
		fprintf(stderr, "report: takes no input file (got %s)\n", w.input);
		return EXIT_FAILURE;
	}

	if (build_report(&report, w.size, w.seed) != 0) {
		fprintf(stderr, "report: cannot build the report: %s\n", strerror(errno));
		goto out;
	}
	/* A textbuf that drops or adds bytes is caught here, not by luck. */
	uint64_t expected = report_length(w.size);
	if (report.len != expected || strlen(textbuf_str(&report)) != report.len) {
		fprintf(stderr, "report: the textbuf holds %zu bytes, %" PRIu64 " were appended\n",
			report.len, expected);
		goto out;
	}
	printf("rows: %" PRIu64 "\n", w.size);
	printf("bytes: %zu\n", report.len);
	printf("fnv1a64: %016" PRIx64 "\n", fnv1a64(report.buf, report.len));
	if (fflush(stdout) != 0) {
		fprintf(stderr, "report: cannot write the result: %s\n", strerror(errno));
		goto out;
	}
	/* What the growth policy decided: differs between textbufs, so stderr. */
	fprintf(stderr, "textbuf: %" PRIu64 " appends, %" PRIu64 " grows, %" PRIu64
		" bytes carried over, capacity %zu for %zu bytes\n",
		REPORT_APPENDS(w.size), report.grows, report.copied, report.alloc, report.len);
	status = EXIT_SUCCESS;
out:
	textbuf_release(&report);
	return status;
}
