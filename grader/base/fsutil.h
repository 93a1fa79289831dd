/*
 * fsutil.h - the few file-system operations the grader needs, done the
 * careful way: files it reads are opened without following links and must
 * be regular files of bounded size; files it writes for others to read
 * (results.json, reports) are written atomically; scratch folders are made
 * fresh and removed without following links.  Neighbours: every reader
 * (massif.c, kcg.c, memcheck.c) and writer (report.c, plot.c).
 */
#ifndef GRADER_FSUTIL_H
#define GRADER_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

/*
 * Opens path for reading if it is a regular file (not a link) of at most
 * max_bytes.  Returns the stream, or NULL with a reason in err.  Caller
 * closes with fclose.
 */
FILE *fs_open_regular(const char *path, size_t max_bytes, char *err, size_t errlen);

/*
 * Reads one line into buf (at most cap - 1 bytes, without its newline).
 * Returns its length, -1 at end of file, -2 if the line does not fit.
 */
long fs_read_line(FILE *f, char *buf, size_t cap);

/* Reads a whole small file into buf (NUL-terminated); returns its length or -1. */
long fs_read_small(const char *path, char *buf, size_t cap);

/* Writes len bytes to path atomically (temporary file, fsync, rename). */
int fs_write_atomic(const char *path, const void *data, size_t len);

/* mkdir -p; returns 0 or -1 (errno set). */
int fs_mkdirs(const char *path);

/* Copies a regular file (mode kept); refuses links.  0 or -1. */
int fs_copy_file(const char *from, const char *to);

/*
 * Copies the directory tree `from` into `to` (created): regular files and
 * folders only, links skipped; names in `skip` (NULL-terminated) are left out
 * at the top level.  0 or -1.
 */
int fs_copy_tree(const char *from, const char *to, const char *const *skip);

/* rm -rf without following links; 0 or -1. */
int fs_remove_tree(const char *path);

/* Is path an existing regular file / directory (links not followed)? */
bool fs_is_file(const char *path);
bool fs_is_dir(const char *path);

/*
 * Removes the folders dir/<prefix>* that gradings which died (SIGKILL, a
 * crash) left: ours (same owner), whose .lock nobody holds, written more
 * than FS_STALE_AGE_S ago (a grading just starting has not locked it yet).
 */
void fs_clean_stale(const char *dir, const char *prefix);

/*
 * s (a file name: any bytes but '/' and NUL) as text safe to print on a
 * terminal, in a report line or a JSON string: valid UTF-8 is kept, and
 * each byte that is not, or is a control character (C0, DEL, C1, line
 * separators, bidirectional overrides), becomes \xHH; with `backslash` a
 * backslash becomes \\, so that an escape can be told from the text.
 * Cut to cap on a whole character.  Returns buf.
 */
const char *fs_printable(const char *s, bool backslash, char *buf, size_t cap);
/* Is s valid UTF-8 without those characters (what fs_printable keeps as it is, backslashes aside)? */
bool fs_is_printable(const char *s);

/* snprintf into buf, -1 (and buf empty) if it would not fit. */
int fs_path(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
