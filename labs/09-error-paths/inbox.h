/*
 * inbox.h - the batch importer's inbox: a private folder of report files,
 * written a batch at a time for the importer to read, the same files for
 * the same seed.  Trusted lab code (students never edit it), shared by the
 * driver and the tests' workload case.  Neighbours: inbox.c, main.c (the
 * driver), importer.h (the format), tests/test_workload.c.
 *
 * File i of a run (i = 0, 1, ...) depends on the seed and i alone.  About
 * 70 in 100 are good reports; the rest are cut short (8), have a bad
 * header (7), a field too long (8) or a line out of place (7): each
 * malformed kind in several variants, as real exports go wrong.
 *
 * Life cycle
 *	struct inbox in;
 *	if (inbox_open(&in) != 0) ...              a new folder under $TMPDIR, or /tmp
 *	for each batch: inbox_fill(&in, seed, first, n); ...inbox_path(&in, k, ...)...; inbox_empty(&in);
 *	inbox_close(&in);                          removes what is left and the folder
 * Nothing is allocated: the inbox uses a static buffer and open/write/close,
 * so the heap a run shows is the importer's alone, and no descriptor of
 * the inbox's stays open between calls.
 */
#ifndef MEMLAB_INBOX_H
#define MEMLAB_INBOX_H

#include <stddef.h>
#include <stdint.h>

#define INBOX_BATCH     50    /* files in the folder at once */
#define INBOX_DIR_MAX   512   /* bytes of the folder's path */
#define INBOX_PATH_MAX  (INBOX_DIR_MAX + 32)
#define INBOX_FILES_MAX 1000000

struct inbox {
	char dir[INBOX_DIR_MAX];
	uint64_t first;  /* the batch now in the folder: files first .. first + count - 1 */
	unsigned count;
};

/* Makes the folder (mkdtemp).  0, or -1 with errno set. */
int inbox_open(struct inbox *in);

/* Writes files first .. first + n - 1 (n <= INBOX_BATCH) of the run with
 * this seed, after emptying the folder.  0, or -1 with errno set. */
int inbox_fill(struct inbox *in, uint64_t seed, uint64_t first, unsigned n);

/* The path of the batch's k-th file (k < n) into buf, NUL-terminated. */
void inbox_path(const struct inbox *in, unsigned k, char *buf, size_t cap);

/* Removes the batch's files. */
void inbox_empty(struct inbox *in);

/* Removes the batch's files and the folder.  0, or -1 with errno set. */
int inbox_close(struct inbox *in);

#endif
