/*
 * report.c - the report of report.h: rows of seq, station and reading,
 * appended piece by piece.  Trusted lab code, linked into the driver
 * (main.c) and the tests (tests/test_workload.c).
 */
#include "report.h"
#include "splitmix.h"

#include <stddef.h>
#include <stdint.h>

#define READING_WIDTH 5 /* "+07.3": sign, two digits, point, one digit */
#define READING_MAX 399 /* tenths of a degree: -39.9 .. +39.9 */
#define STATION_WIDTH 4
#define STATIONS 16
#define ROW_FIXED (1 + STATION_WIDTH + 1 + READING_WIDTH + 1) /* a row's bytes besides seq's digits */

static const char stations[STATIONS][STATION_WIDTH + 1] = {
	"oslo", "lima", "rome", "kyiv", "baku", "doha", "riga", "nuuk",
	"apia", "bern", "cork", "graz", "kobe", "lodz", "male", "suva",
};

/* splitmix64: a small, well-mixed generator; the whole run follows from seed. */
static uint64_t next_random(uint64_t *state)
{
	return splitmix_next(state);
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

uint64_t report_length(uint64_t rows)
{
	uint64_t len = sizeof REPORT_HEADER - 1 + rows * ROW_FIXED;

	/* The digits of seq = 1..rows: all have a first digit, those from 10
	 * on a second, those from 100 on a third... */
	for (uint64_t from = 1; from <= rows; from *= 10)
		len += rows - from + 1;
	return len;
}

uint64_t report_rows(uint64_t kib)
{
	uint64_t want = kib * 1024, lo = 0, hi = want; /* a row is at least one byte */

	while (lo < hi) { /* the fewest rows whose length reaches want */
		uint64_t mid = lo + (hi - lo) / 2;
		if (report_length(mid) >= want)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
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

int report_build(struct textbuf *tb, uint64_t kib, uint64_t seed)
{
	uint64_t rng = seed, rows = report_rows(kib);

	if (textbuf_append_str(tb, REPORT_HEADER) != 0)
		return -1;
	for (uint64_t seq = 1; seq <= rows; seq++)
		if (append_row(tb, seq, &rng) != 0)
			return -1;
	return 0;
}

uint64_t report_digest(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3u;
	}
	return h;
}
