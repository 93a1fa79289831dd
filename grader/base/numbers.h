/*
 * numbers.h - the two numbers every layer needs: a whole number read from
 * text, strictly, and the time on the monotonic clock.  Written once here;
 * fsutil.h is the other helper of base/ that everything above may use.
 */
#ifndef MEMLAB_NUMBERS_H
#define MEMLAB_NUMBERS_H

#include <stdint.h>

/* s as a decimal number: digits only, all of s, no sign, no overflow; 0, or -1 (out untouched). */
int parse_u64(const char *s, uint64_t *out);

/* Seconds on CLOCK_MONOTONIC: differences are durations; safe in any thread. */
double now_s(void);

#endif
