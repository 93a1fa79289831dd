/*
 * workload.h - the command line every lab driver accepts, so the grader can
 * run any lab the same way.  Neighbours: workload.c (the parser), lab.mk
 * (links it into every driver), grader/measure.c (builds these argv's).
 *
 * Contract:  PROGRAM --size N --seed S [INPUT]
 *   --size N   how big the workload is, in the lab's unit (lab.ini: unit)
 *   --seed S   makes the workload deterministic; the same (N, S) must
 *              always print the same output
 *   INPUT      a file made by the lab's input tool, for labs that read one
 * The driver prints its result on stdout and exits 0; on bad input it prints
 * one line on stderr and exits 1.
 */
#ifndef MEMLAB_WORKLOAD_H
#define MEMLAB_WORKLOAD_H

#include <stdint.h>

#define WORKLOAD_DEFAULT_SEED 1u
#define WORKLOAD_STDOUT_BUFFER 4096 /* bytes; static, not heap */

struct workload {
	uint64_t size;     /* in the lab's unit; 0 when not given */
	uint64_t seed;     /* WORKLOAD_DEFAULT_SEED when not given */
	const char *input; /* INPUT, or NULL; points into argv */
};

/*
 * Call first in every driver's main().  Parses argv into *w and gives stdout
 * a static buffer, so that stdio's own buffer (malloc'd on the first printf,
 * 1 KiB to 4 KiB depending on where stdout goes, and freed only at exit, if
 * at all) does not show in the heap the grader measures: what massif sees
 * is the lab's heap only, the same wherever the output goes.  Then fences
 * the process (fence.h: no exec, no fork).  Returns 0, or -1 after printing
 * one line of usage on stderr naming `usage` (the lab's own synopsis).
 * Never exits.
 */
int workload_init(int argc, char **argv, struct workload *w, const char *usage);

#endif
