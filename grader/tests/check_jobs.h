/*
 * check_jobs.h - how many gradings the test programs that grade many
 * submissions (check_integration.c, check_alternatives.c) run at once.
 * Each grading gets -j 2, as a student's `make grade` does on 2 cores, and
 * a grading's deadline (limits.h: GRADING_DEADLINE_S_DEFAULT) is set for
 * that: so one grading per two cores, never more runs than cores (on CI's
 * 2 cores: one at a time).  Static functions: include once.
 */
#ifndef MEMLAB_CHECK_JOBS_H
#define MEMLAB_CHECK_JOBS_H

#include <unistd.h>

#define CHECK_JOBS_PER_GRADING "2"

static unsigned check_gradings_at_once(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	return cores >= 4 ? (unsigned)(cores / 2) : 1;
}

#endif
