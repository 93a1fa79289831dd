/*
 * main.c - lab 09's driver: a batch importer.  Trusted lab code: students
 * never edit it.  Neighbours: importer.h (the API it calls), inbox.h (the
 * files it imports), ../common/workload.c (its command line).
 *
 *	importer --size N --seed S        (N: files to import)
 *
 * Makes a private inbox folder, and then, INBOX_BATCH files at a time,
 * writes the next files of the run (inbox.h: about 30 in 100 malformed),
 * imports each with import_file(), and removes them.  stdout holds what
 * every correct importer says alike: how many files of each kind, and
 * sums and a checksum over every good record, so the answer depends on
 * reading every file right.  A file the importer cannot open or read is
 * the end of the run (exit 1): the driver wrote it a moment ago, so the
 * likely reason is a limit, such as the 64 descriptors the grader allows,
 * used up by files opened and never closed.
 */
#include "importer.h"
#include "inbox.h"
#include "workload.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FNV_OFFSET 14695981039346656037ull
#define FNV_PRIME  1099511628211ull

static const char *const status_names[IMPORT_NSTATUS] = {
	"imported", "cannot_open", "read_error", "truncated", "bad_header", "too_long", "bad_format", "out_of_memory",
};

struct totals {
	uint64_t files[IMPORT_NSTATUS];
	uint64_t readings;
	uint64_t reading_sum;     /* modulo 2^64 */
	uint64_t longest_station;
	uint64_t checksum;        /* FNV-1a over each file's status and each good record's bytes */
};

static void mix(struct totals *t, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		t->checksum = (t->checksum ^ b[i]) * FNV_PRIME;
}

static void add_record(struct totals *t, const struct record *r)
{
	size_t len = strlen(r->station);

	mix(t, r->station, len + 1);
	if (len > t->longest_station)
		t->longest_station = len;
	for (size_t i = 0; i < r->count; i++) {
		uint64_t v = (uint64_t)r->readings[i];
		mix(t, &v, sizeof v);
		t->reading_sum += v;
	}
	t->readings += r->count;
}

/* Imports one batch.  0, or -1 after saying why on stderr. */
static int import_batch(const struct inbox *in, struct totals *t)
{
	char path[INBOX_PATH_MAX];

	for (unsigned k = 0; k < in->count; k++) {
		struct record *r = NULL;
		unsigned char code;

		inbox_path(in, k, path, sizeof path);
		errno = 0;
		int rc = import_file(path, &r);
		if (rc < 0 || rc >= IMPORT_NSTATUS || (rc == IMPORT_OK) != (r != NULL)) {
			fprintf(stderr, "importer: %s: import_file() said %d (record %s): not in importer.h\n", path,
				rc, r != NULL ? "set" : "NULL");
			return -1;
		}
		if (rc == IMPORT_EOPEN || rc == IMPORT_EREAD || rc == IMPORT_ENOMEM) {
			fprintf(stderr, "importer: %s (file %" PRIu64 " of the run): %s: %s\n", path, in->first + k,
				status_names[rc], strerror(errno));
			return -1;
		}
		t->files[rc]++;
		code = (unsigned char)rc;
		mix(t, &code, 1);
		if (r != NULL)
			add_record(t, r);
		record_free(r);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct workload w;
	struct totals t = { .checksum = FNV_OFFSET };
	struct inbox in;
	int status = EXIT_FAILURE;

	if (workload_init(argc, argv, &w, "--size FILES --seed S") != 0)
		return EXIT_FAILURE;
	if (w.input != NULL || w.size < 1 || w.size > INBOX_FILES_MAX) {
		fprintf(stderr, "importer: need --size 1..%d (files) and no input file\n", INBOX_FILES_MAX);
		return EXIT_FAILURE;
	}
	if (inbox_open(&in) != 0) {
		fprintf(stderr, "importer: cannot make the inbox folder: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}
	for (uint64_t first = 0; first < w.size; first += INBOX_BATCH) {
		uint64_t left = w.size - first;
		if (inbox_fill(&in, w.seed, first, left < INBOX_BATCH ? (unsigned)left : INBOX_BATCH) != 0) {
			fprintf(stderr, "importer: writing the inbox %s: %s\n", in.dir, strerror(errno));
			goto out;
		}
		if (import_batch(&in, &t) != 0)
			goto out;
	}
	printf("files: %" PRIu64 "\n", w.size);
	for (int s = 0; s < IMPORT_NSTATUS; s++)
		if (s == IMPORT_OK || s >= IMPORT_ETRUNCATED)
			if (s != IMPORT_ENOMEM)
				printf("%s: %" PRIu64 "\n", status_names[s], t.files[s]);
	printf("readings: %" PRIu64 "\nreading_sum: %" PRIu64 "\nlongest_station: %" PRIu64 "\n",
	       t.readings, t.reading_sum, t.longest_station);
	printf("checksum: %016" PRIx64 "\n", t.checksum);
	status = EXIT_SUCCESS;
out:
	if (inbox_close(&in) != 0) {
		fprintf(stderr, "importer: removing the inbox %s: %s\n", in.dir, strerror(errno));
		status = EXIT_FAILURE;
	}
	if (fflush(stdout) != 0)
		status = EXIT_FAILURE;
	return status;
}
