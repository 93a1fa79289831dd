/*
 * elfscan.h - looks inside the object file compiled from a submission's
 * own source (not the lab's driver, not libc) for two things a fair
 * submission never needs:
 *  - code that runs before or after main: constructor and destructor
 *    sections (.init_array, .preinit_array, .ctors, .fini_array, .dtors),
 *    which could fake test results before the test harness starts;
 *  - valgrind client requests (valgrind.h's magic instruction sequence in
 *    executable code), which let a program ask valgrind whether it is
 *    watched, or tell it to look away.
 * Neighbours: build.c calls it after the build and raises flags.
 */
#ifndef GRADER_ELFSCAN_H
#define GRADER_ELFSCAN_H

#include <stdbool.h>
#include <stddef.h>

struct elfscan {
	bool has_init_code;
	char init_section[32];     /* the first such section found */
	unsigned client_requests;  /* valgrind preambles in executable sections */
};

/* Reads a 64-bit little-endian ELF relocatable object.  0, or -1 with a reason. */
int elfscan_object(const char *path, struct elfscan *out, char *err, size_t errlen);

#endif
