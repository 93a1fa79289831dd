/*
 * workload.h - the command line every lab driver accepts, so the grader can
 * run any lab the same way.  Neighbours: workload.c (the parser), lab.mk
 * (links it into every driver), grader/grading/measure.c (builds these argv's).
 *
 * Contract:  PROGRAM --size N --seed S [INPUT]
 *   --size N   how big the workload is, in the lab's unit (lab.ini: unit)
 *   --seed S   makes the workload deterministic; the same (N, S) must
 *              always print the same output
 *   INPUT      a file made by the lab's input tool, for labs that read one;
 *              "-" is stdin (the grader feeds some sizes through a pipe)
 * The grader gives no arguments: the same words come on descriptor
 * WORKLOAD_ARGS_FD, NUL-terminated each, read and closed before any of the
 * student's code runs.  So the student's code cannot learn the size of a
 * graded run from the command line (/proc/self/cmdline) or the
 * environment: it sees what ordinary use of its API shows, and no more.
 * The driver prints its result on stdout and exits 0; on bad input it prints
 * one line on stderr and exits 1.
 */
#ifndef MEMLAB_WORKLOAD_H
#define MEMLAB_WORKLOAD_H

#include <stdint.h>

#define WORKLOAD_DEFAULT_SEED 1u
#define WORKLOAD_STDOUT_BUFFER 4096 /* bytes; static, not heap */
#define WORKLOAD_ARGS_FD       5    /* the grader's arguments, when argv has none */
#define WORKLOAD_ARGS_MAX      4096 /* bytes of them */
#define WORKLOAD_CHECKPOINT_FD "1102" /* where valgrind writes the checkpoint's snapshot (grader/base/limits.h) */

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

/*
 * Marks the moment a lab's measure is taken at (lab 03: the structure's
 * last outside reference just released): under massif, the heap at this
 * instant is written, by valgrind, to the grader's descriptor; natively,
 * nothing happens.  Call it once per run.
 */
void workload_checkpoint(void);

#endif
