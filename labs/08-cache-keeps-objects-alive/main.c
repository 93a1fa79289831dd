/*
 * main.c - lab 08's driver (trusted lab code: students do not edit it).
 * Neighbours: session.h (the run it makes: open, ask, close), doc.h (the
 * API), doc.c / pitfall.c / the solution (whichever is linked),
 * ../common/workload.c (the command line and the checkpoint).
 *
 *	docs --size DOCS --seed S
 *
 * Opens DOCS documents over one run, SESSION_OPEN_MAX at most at once,
 * asks SESSION_QUESTIONS questions per document opened, and closes them
 * all.  Then, with every document closed and before anything else is
 * freed, it marks workload_checkpoint(): the driver holds no heap, so
 * whatever is live there, the library kept for documents that are gone
 * (lab.ini: freed-at-close).  Only then doc_library_shutdown().
 *
 * stdout is the graded output, the same for every correct doc.c: the
 * answers' checksum, and the hits and misses, which follow from doc.h's
 * rule (one doc_work() per distinct pair asked of an open document);
 * doc_work()'s own count of calls must agree with the misses.
 */
#include "doc.h"
#include "session.h"
#include "workload.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct workload w;
	struct session_run run;
	struct doc_stats st;
	int status = 1;

	if (workload_init(argc, argv, &w, "--size DOCS --seed S") != 0)
		return 1;
	if (w.input != NULL) {
		fprintf(stderr, "docs: reads no input file (got %s)\n", w.input);
		return 1;
	}
	if (w.size == 0 || w.size > SESSION_DOCS_MAX) {
		fprintf(stderr, "docs: --size must be 1 .. %" PRIu64 " documents\n", SESSION_DOCS_MAX);
		return 1;
	}
	int failed = session_run(w.size, w.seed, &run);
	workload_checkpoint(); /* every document closed, nothing else freed yet */
	doc_read_stats(&st);
	doc_library_shutdown();
	if (failed != 0) {
		fprintf(stderr, "docs: out of memory after %" PRIu64 " documents\n", run.opened);
		return 1;
	}
	printf("documents: %" PRIu64 "\n", run.opened);
	printf("questions: %" PRIu64 "\n", run.questions);
	printf("checksum: %016" PRIx64 "\n", run.checksum);
	printf("hits: %" PRIu64 "\nmisses: %" PRIu64 "\n", st.hits, st.misses);
	printf("work: %" PRIu64 "%s\n", doc_work_calls(),
	       doc_work_calls() == st.misses ? "" : " (not the misses)");
	printf("opened: %" PRIu64 " closed: %" PRIu64 "\n", st.opened, st.closed);
	status = 0;
	if (fflush(stdout) != 0) {
		fprintf(stderr, "docs: writing the answers: %s\n", strerror(errno));
		status = 1;
	}
	return status;
}
