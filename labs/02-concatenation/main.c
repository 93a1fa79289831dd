/*
 * main.c - the driver of lab 02 (trusted lab code: students do not edit
 * it).  It builds the CSV report of report.h, one small piece at a time,
 * into a textbuf, then prints what it built:
 *
 *     report --size 1 --seed 2     (1 KiB of CSV: 73 rows)
 *     rows: 73
 *     bytes: 1033
 *     fnv1a64: 72cfd5426a9f59a4
 *
 * Usage: report --size KIB [--seed S]
 * stdout, the same for every correct textbuf (the grader compares it):
 *     rows / bytes: the text's length / fnv1a64: a digest of the text
 * stderr: what the growth policy did (grows, bytes carried, capacity),
 * which differs from one implementation to the next.
 * Neighbours: report.h (the report), textbuf.h (the API it uses),
 * ../common/workload.h (the command line), lab.ini (the sizes graded).
 */
#include "report.h"
#include "textbuf.h"
#include "workload.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "--size KIB [--seed S]"

int main(int argc, char **argv)
{
	struct workload w;
	struct textbuf report = TEXTBUF_INIT;
	int status = EXIT_FAILURE;

	if (workload_init(argc, argv, &w, USAGE) != 0)
		return EXIT_FAILURE;
	if (w.size == 0 || w.size > REPORT_MAX_KIB) {
		fprintf(stderr, "report: --size must be 1 to %u KiB\n", REPORT_MAX_KIB);
		return EXIT_FAILURE;
	}
	if (w.input != NULL) {
		fprintf(stderr, "report: takes no input file (got %s)\n", w.input);
		return EXIT_FAILURE;
	}

	if (report_build(&report, w.size, w.seed) != 0) {
		fprintf(stderr, "report: cannot build the report: %s\n", strerror(errno));
		goto out;
	}
	/* A textbuf that drops or adds bytes is caught here, not by luck. */
	uint64_t rows = report_rows(w.size), expected = report_length(rows);
	if (report.len != expected || strlen(textbuf_str(&report)) != report.len) {
		fprintf(stderr, "report: the textbuf holds %zu bytes, %" PRIu64 " were appended\n",
			report.len, expected);
		goto out;
	}
	printf("rows: %" PRIu64 "\n", rows);
	printf("bytes: %zu\n", report.len);
	printf("fnv1a64: %016" PRIx64 "\n", report_digest(report.buf, report.len));
	if (fflush(stdout) != 0) {
		fprintf(stderr, "report: cannot write the result: %s\n", strerror(errno));
		goto out;
	}
	/* What the growth policy decided: differs between textbufs, so stderr. */
	fprintf(stderr, "textbuf: %" PRIu64 " appends, %" PRIu64 " grows, %" PRIu64
		" bytes carried over, capacity %zu for %zu bytes\n",
		REPORT_APPENDS(rows), report.grows, report.copied, report.alloc, report.len);
	status = EXIT_SUCCESS;
out:
	textbuf_release(&report);
	return status;
}
