/*
 * kcg.h - reads the totals of a file in callgrind's format: what callgrind
 * writes (event Ir: instructions executed) and what --xtree-memory=full
 * writes beside a massif run (curB: bytes live at exit, totB: bytes
 * allocated over the run).  Neighbours: massif.h (the same run's
 * snapshots), measure.c (which asks for them).
 *
 * Only the header's "events:" line and the "totals:" (or "summary:") line
 * are read; the per-function lines are skipped.  "totals: (null)", which
 * valgrind writes for a program that allocated nothing, reads as 0.
 */
#ifndef GRADER_KCG_H
#define GRADER_KCG_H

#include <stddef.h>
#include <stdint.h>

/*
 * Stores in *value the total of event `name` (e.g. "Ir", "curB", "totB").
 * Returns 0, or -1 with a one-line reason in err.
 */
int kcg_total(const char *path, const char *name, uint64_t *value, char *err, size_t errlen);

#endif
