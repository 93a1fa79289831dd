/*
 * main.c - the logstats driver: reads one access log and prints its
 * statistics.  Trusted lab code: students never edit it.  Neighbours:
 * logstats.h (the API it calls), loggen.c (writes the log it reads),
 * ../common/workload.c (its command line).
 *
 *	logstats --size N --seed S LOGFILE      (LOGFILE "-": stdin)
 *
 * --size and --seed name the workload (N MiB of log made by loggen with seed
 * S); the statistics come from LOGFILE alone.  stdout holds the answer, the
 * same for every correct reader, as "key: value" lines.  stderr shows what
 * this reader decided (its read() calls and buffer bytes), which differs
 * from one reader to the next and so is never part of the answer.
 */
#include "logstats.h"
#include "workload.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_stats(const struct logstats *st)
{
	printf("bytes: %" PRIu64 "\n", st->bytes);
	printf("lines: %" PRIu64 "\n", st->lines);
	printf("longest_line: %" PRIu64 "\n", st->longest_line);
	printf("records: %" PRIu64 "\n", st->records);
	printf("malformed: %" PRIu64 "\n", st->lines - st->records);
	printf("served_bytes: %" PRIu64 "\n", st->served_bytes);
	for (int i = 0; i < LOGSTATS_NSTATUS; i++)
		if (st->status[i] != 0)
			printf("status_%d: %" PRIu64 "\n",
			       i + LOGSTATS_STATUS_MIN, st->status[i]);
}

int main(int argc, char **argv)
{
	struct workload w;
	struct logstats st;

	if (workload_init(argc, argv, &w, "--size MIB --seed S LOGFILE") != 0)
		return EXIT_FAILURE;
	if (w.input == NULL) {
		fprintf(stderr, "logstats: no LOGFILE given (loggen writes one)\n");
		return EXIT_FAILURE;
	}
	logstats_init(&st);
	/* "-": the log on stdin, a pipe (no size to ask fstat for) */
	if (strcmp(w.input, "-") == 0 ? logstats_read_fd(&st, 0) != 0 : logstats_read_file(&st, w.input) != 0) {
		fprintf(stderr, "logstats: %s: %s\n", w.input, strerror(errno));
		return EXIT_FAILURE;
	}
	print_stats(&st);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "logstats: writing the statistics: %s\n",
			strerror(errno));
		return EXIT_FAILURE;
	}
	fprintf(stderr, "read_calls: %" PRIu64 "\nbuffer_bytes: %" PRIu64 "\n",
		st.read_calls, st.buffer_bytes);
	return EXIT_SUCCESS;
}
