/*
 * memcheck.h - reads the log memcheck writes with --log-file: its error
 * count and its leak summary.  Neighbours: measure.c (runs memcheck with
 * --leak-check=full --errors-for-leak-kinds=none, so that ERROR SUMMARY
 * counts real errors only and leaks are read from LEAK SUMMARY, and with
 * --track-fds=yes, whose "Open file descriptor N:" entries are counted).
 */
#ifndef GRADER_MEMCHECK_H
#define GRADER_MEMCHECK_H

#include <stddef.h>
#include <stdint.h>

struct memcheck_result {
	uint64_t errors;          /* ERROR SUMMARY: N errors */
	uint64_t definitely_lost; /* bytes */
	uint64_t indirectly_lost;
	uint64_t possibly_lost;
	uint64_t still_reachable;
	uint64_t in_use_at_exit;  /* HEAP SUMMARY */
	uint64_t allocated;       /* total heap usage: ... bytes allocated */
	uint64_t fds_open;        /* with --track-fds=yes: descriptors the program opened (not
				   * inherited), listed as open at exit; 0 without the option */
};

/* Returns 0, or -1 with a one-line reason in err. */
int memcheck_read(const char *path, struct memcheck_result *m, char *err, size_t errlen);

#endif
