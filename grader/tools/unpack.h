/*
 * unpack.h - extracts a student's archive (.zip, .tar.gz) for class mode,
 * trusting nothing in it.  A submission platform hands an instructor
 * whatever the student uploaded; one archive must not write outside its
 * folder, fill the disk, or plant a link the grader would later follow.
 * Neighbours: roster.c (finds the archives), limits.h (ARCHIVE_*).
 *
 * The rules, each a refusal of the whole archive with the entry named:
 *   - regular files and folders only: no symbolic or hard links, devices,
 *     fifos;
 *   - relative paths without ".." (a leading "./" and empty or "." parts
 *     are dropped), no control characters, at most ARCHIVE_PATH_MAX bytes;
 *   - at most ARCHIVE_MAX_ENTRIES entries and ARCHIVE_MAX_BYTES of file
 *     data in all, counted as written (a compressed bomb stops there);
 *   - no path twice, and no file where a folder must go.
 * It is extracted into a folder made fresh for it, so nothing there can
 * redirect a write; files get mode 0644, folders 0755, whatever the
 * archive says.
 */
#ifndef GRADER_UNPACK_H
#define GRADER_UNPACK_H

#include <stdbool.h>
#include <stddef.h>

/* Is name an archive class mode extracts: ends in .zip, .tar.gz or .tgz? */
bool unpack_is_archive(const char *name);

/*
 * Extracts the archive at path into dir, which must not exist yet.
 * Returns 0, or -1 with a one-line reason in err; on failure nothing of
 * dir is left.
 */
int unpack_archive(const char *path, const char *dir, char *err, size_t errlen);

#endif
