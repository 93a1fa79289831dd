/*
 * main.c - the pipeline lab's driver (trusted lab code: students do not
 * edit it).  Neighbours: pipeline.h (the API), stages.c (the source and
 * stages), pipeline.c / pitfall.c / the solution (whichever is linked),
 * ../common/workload.c.
 *
 *	report --size RECORDS --seed S
 *
 * Runs a generated stream of RECORDS order lines (seeded: the same S, the
 * same stream) through pipeline_run() into a sink that digests the report
 * instead of printing megabytes of it: stdout gets the counts, a checksum
 * of every byte of every line in order, and the first REPORT_SHOW lines.
 * That is the same for every correct pipeline.  stderr tells how many lines
 * reached the sink while the source still had records to give: all of them
 * (but the last few) for a pipeline that streams, none for one that writes
 * only at the end.
 */
#include "pipeline.h"
#include "workload.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RECORDS (UINT64_C(1) << 40)
#define REPORT_SHOW 3
#define FNV_OFFSET  UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME   UINT64_C(0x100000001b3)

struct digest {
	const struct source *src; /* to see whether the stream is still running */
	uint64_t lines, bytes, hash, early;
	char first[REPORT_SHOW][REPORT_LINE_MAX + 1];
};

static int digest_line(void *ctx, const char *line, size_t len)
{
	struct digest *d = ctx;

	if (len == 0 || len > REPORT_LINE_MAX || line[len - 1] != '\n' || line[len] != '\0')
		return -1;
	for (size_t i = 0; i < len; i++)
		d->hash = (d->hash ^ (unsigned char)line[i]) * FNV_PRIME;
	if (d->lines < REPORT_SHOW)
		memcpy(d->first[d->lines], line, len + 1);
	if (d->src->left > 0)
		d->early++;
	d->lines++;
	d->bytes += len;
	return 0;
}

int main(int argc, char **argv)
{
	struct workload w;
	struct source src;
	struct pipeline_stats st;
	static struct digest d; /* static: not on the heap the grader measures, nor a big stack frame */

	if (workload_init(argc, argv, &w, "--size RECORDS --seed S") != 0)
		return EXIT_FAILURE;
	if (w.input != NULL) {
		fprintf(stderr, "report: reads no input file (got %s)\n", w.input);
		return EXIT_FAILURE;
	}
	if (w.size == 0 || w.size > MAX_RECORDS) {
		fprintf(stderr, "report: --size must be 1 .. %" PRIu64 " records\n", MAX_RECORDS);
		return EXIT_FAILURE;
	}
	source_generate(&src, w.seed, w.size);
	d.src = &src;
	d.hash = FNV_OFFSET;
	if (pipeline_run(&src, digest_line, &d, &st) != 0) {
		fprintf(stderr, "report: pipeline: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}
	if (st.records != w.size || st.written != d.lines || st.bytes != d.bytes ||
	    st.malformed + st.dropped + st.written != st.records) {
		fprintf(stderr, "report: the statistics do not add up (%" PRIu64 " lines reached the sink)\n",
			d.lines);
		return EXIT_FAILURE;
	}
	printf("records: %" PRIu64 "\n", st.records);
	printf("malformed: %" PRIu64 "\n", st.malformed);
	printf("dropped: %" PRIu64 "\n", st.dropped);
	printf("written: %" PRIu64 "\n", st.written);
	printf("bytes: %" PRIu64 "\n", st.bytes);
	printf("checksum: %016" PRIx64 "\n", d.hash);
	for (uint64_t i = 0; i < d.lines && i < REPORT_SHOW; i++)
		printf("line %" PRIu64 ": %s", i + 1, d.first[i]);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "report: writing the result: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}
	fprintf(stderr, "streamed: %" PRIu64 " of %" PRIu64 " lines reached the sink before the source ended\n",
		d.early, d.lines);
	return EXIT_SUCCESS;
}
