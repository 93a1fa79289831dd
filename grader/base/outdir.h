/*
 * outdir.h - a grading's output folder: results.json, report.txt, the kept
 * valgrind files, the plots.  The folder is the caller's (an instructor's,
 * Gradescope's /autograder/results, a student's grade-out/), so the grader
 * treats it as a guest:
 *  - it refuses a folder that holds the project itself (`--out .` at the top
 *    would otherwise write, and later remove, among tracked files);
 *  - it locks the folder while it writes, so two gradings never mix or
 *    remove each other's files;
 *  - it lists every file and folder it makes in OUT_MANIFEST, and the next
 *    grading of the folder removes exactly those, nothing else.
 * Neighbours: build.c (opens it first), measure.c, testrun.c, plot.c and
 * report.c (write through outdir_file()), main.c (closes it last).
 *
 * Life cycle: outdir_open(), outdir_file() for each file, outdir_close().
 */
#ifndef GRADER_OUTDIR_H
#define GRADER_OUTDIR_H

#include "base/limits.h"

#include <stdbool.h>
#include <stddef.h>

struct outdir {
	char path[PATH_CAP];          /* absolute */
	int lock_fd;                  /* -1: not open */
	unsigned n;
	char (*made)[128];            /* relative paths made, "f name" or "d name" */
};

/*
 * Makes (if needed) and locks the folder at path, refusing one that holds
 * root (the project), and removes what the last grading there listed.
 * 0, or -1 with a reason in err.
 */
int outdir_open(struct outdir *o, const char *path, const char *root, char *err, size_t errlen);

/*
 * The absolute path of rel (e.g. "massif/massif.out.64") into abs, with its
 * folders made and all of it recorded as this grading's.  0, or -1.
 */
int outdir_file(struct outdir *o, const char *rel, char *abs);

/* Writes the list of what was made, unlocks.  Safe to call twice or after a failed open. */
void outdir_close(struct outdir *o);

#endif
