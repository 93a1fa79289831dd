/*
 * inbox.c - writes the importer's inbox (see inbox.h).  Trusted lab code.
 * Each file is made in a static buffer from its own random stream
 * (splitmix64 of the seed and the file's number), then written with one
 * open/write/close.
 */
#include "inbox.h"

#include "importer.h"
#include "splitmix.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEXT_MAX 4096           /* bytes of the longest file made */
#define LONG_FIELD_MIN (IMPORT_LINE_MAX + 1)
#define LONG_FIELD_MAX 400

static char text[TEXT_MAX];
static size_t used;
static uint64_t rng;

static uint64_t rnd(void)
{
	return splitmix_next(&rng);
}

static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

#define PICK(list) (list[below(sizeof list / sizeof list[0])])

/* Appends to text; stops quietly at its end. */
__attribute__((format(printf, 1, 2)))
static void put(const char *fmt, ...)
{
	size_t room = sizeof text - used;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text + used, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		used += (size_t)n < room ? (size_t)n : room - 1;
}

static void put_digits(size_t n)
{
	for (; n > 0 && used + 1 < sizeof text; n--)
		text[used++] = (char)('0' + below(10));
}

static void put_station(void)
{
	static const char *const places[] = { "north-ridge", "harbour", "airport", "old-mill", "summit",
		"river-gauge", "east-field", "lighthouse", "school-roof", "Pont-Neuf" };

	put("station: %s-%u\n", PICK(places), (unsigned)below(100));
}

/* One reading and its '\n', without printf (which would cost more than
 * the importing it is there to test, under valgrind): mostly small, a
 * few at the 18-digit limit. */
static void put_value(void)
{
	char digits[IMPORT_VALUE_DIGITS];
	size_t k = 0;
	int64_t v;

	if (below(100) == 0)
		v = (int64_t)(100000000000000000u + below(900000000000000000u)); /* 18 digits */
	else
		v = (int64_t)below(100001);
	if (below(2) && used + 1 < sizeof text)
		text[used++] = '-';
	do
		digits[k++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (k > 0 && used + 1 < sizeof text)
		text[used++] = digits[--k];
	if (used + 1 < sizeof text)
		text[used++] = '\n';
}

/* A good report with n readings; now and then a trailer after "end". */
static void put_good(size_t n, int trailer)
{
	put("%s\n", IMPORT_HEADER);
	put_station();
	put("readings: %zu\n", n);
	for (size_t i = 0; i < n; i++)
		put_value();
	put("end\n");
	if (trailer && below(10) == 0)
		put("# exported by memlab-inbox\n"); /* after "end": not read */
}

static void make_file(uint64_t seed, uint64_t i)
{
	static const char *const bad_headers[] = { "memlab-report 2", "MEMLAB-REPORT 1", "memlab-report 1 ",
		"memlab-report", "{\"station\": \"harbour-3\", \"readings\": [1, 2, 3]}", "<?xml version=\"1.0\"?>",
		"station,readings", "" };
	uint64_t kind;
	size_t n;

	rng = seed ^ (i * 0xd1b54a32d192ed03u);
	rnd();
	kind = below(100);
	n = (size_t)below(IMPORT_READINGS_MAX + 1);
	used = 0;
	if (kind < 70) {                      /* good */
		put_good(n, 1);
	} else if (kind < 78) {               /* cut short: the writer died */
		put_good(n, 0);
		used = (size_t)below(used);   /* anywhere before the last '\n' */
	} else if (kind < 85) {               /* not a report, or another version */
		put("%s\n", PICK(bad_headers));
		put_station();
		put("readings: %zu\n", n);
	} else if (kind < 93) {               /* a field over its limit */
		put("%s\n", IMPORT_HEADER);
		switch (below(4)) {
		case 0:                       /* a station name of a whole address */
			put("station: ");
			for (size_t k = LONG_FIELD_MIN + below(LONG_FIELD_MAX - LONG_FIELD_MIN); k > 0; k--)
				put("%c", "abcdefghijklmnopqrstuvwxyz -"[below(28)]);
			put("\n");
			break;
		case 1:                       /* too many readings */
			put_station();
			put("readings: %u\n", IMPORT_READINGS_MAX + 1 + (unsigned)below(5000));
			break;
		default:                      /* a reading of many digits, somewhere */
			put_station();
			put("readings: %zu\n", n + 1);
			for (size_t k = below(n + 1); k > 0; k--)
				put_value();
			put_digits(LONG_FIELD_MIN + below(LONG_FIELD_MAX - LONG_FIELD_MIN));
			put("\n");
			break;
		}
	} else {                              /* a line out of place */
		put("%s\n", IMPORT_HEADER);
		switch (below(4)) {
		case 0:
			put("station: \nreadings: 0\nend\n");
			break;
		case 1:
			put_station();
			put("readings: %s\n", below(2) ? "ten" : "-3");
			break;
		case 2:                       /* a reading that is not an integer */
			put_station();
			put("readings: %zu\n", n + 1);
			for (size_t k = below(n + 1); k > 0; k--)
				put_value();
			put("%s\n", below(2) ? "12.5" : "n/a");
			break;
		default:                      /* one reading more than it says */
			put_station();
			put("readings: %zu\n", n);
			for (size_t k = 0; k <= n; k++)
				put_value();
			put("end\n");
			break;
		}
	}
}

int inbox_open(struct inbox *in)
{
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	in->first = 0;
	in->count = 0;
	if (snprintf(in->dir, sizeof in->dir, "%s/memlab-inbox-XXXXXX", tmp) >= (int)sizeof in->dir) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return mkdtemp(in->dir) != NULL ? 0 : -1;
}

void inbox_path(const struct inbox *in, unsigned k, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/%07llu.report", in->dir, (unsigned long long)(in->first + k));
}

int inbox_fill(struct inbox *in, uint64_t seed, uint64_t first, unsigned n)
{
	char path[INBOX_PATH_MAX];

	inbox_empty(in);
	in->first = first;
	for (in->count = 0; in->count < n && in->count < INBOX_BATCH; in->count++) {
		make_file(seed, first + in->count);
		inbox_path(in, in->count, path, sizeof path);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0)
			return -1;
		ssize_t done = write(fd, text, used);
		int saved = errno;
		if (close(fd) != 0 || done != (ssize_t)used) {
			in->count++; /* written in part: removed with the rest */
			errno = done < 0 ? saved : EIO;
			return -1;
		}
	}
	return 0;
}

void inbox_empty(struct inbox *in)
{
	char path[INBOX_PATH_MAX];

	for (unsigned k = 0; k < in->count; k++) {
		inbox_path(in, k, path, sizeof path);
		unlink(path);
	}
	in->count = 0;
}

int inbox_close(struct inbox *in)
{
	inbox_empty(in);
	return rmdir(in->dir);
}
