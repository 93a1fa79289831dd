/*
 * numbers.c - a whole number read strictly, and the monotonic clock (see
 * numbers.h).  Command lines, lab specs, valgrind's files and class mode's
 * records all read their numbers through parse_u64.
 */
#include "base/numbers.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

int parse_u64(const char *s, uint64_t *out)
{
	char *end;

	/* strtoull alone would take " 12", "+12", "-1" (as a huge number) and "12abc" */
	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > UINT64_MAX)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
