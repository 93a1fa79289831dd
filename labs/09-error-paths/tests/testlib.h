/*
 * tests/testlib.h - what lab 09's tests share: writing a report into a
 * file of its own and importing it.  Neighbours: testlib.c,
 * test_importer.c, test_workload.c, ../importer.h.
 */
#ifndef LAB09_TESTLIB_H
#define LAB09_TESTLIB_H

#include "importer.h"

#include <check.h>
#include <stddef.h>

#define TEST_PATH_MAX 512

/* A good report's first lines, and a whole one. */
#define HEAD    IMPORT_HEADER "\n"
#define STATION "station: harbour-3\n"
#define GOOD    HEAD STATION "readings: 3\n12\n-7\n0\nend\n"

/* Writes len bytes of text into a new file; its path into path. */
void write_file(char *path, size_t cap, const char *text, size_t len);

/* Writes text (len bytes) into a file, imports it, removes the file:
 * import_file()'s answer, and its record in *out (the caller frees it). */
int import_bytes(const char *text, size_t len, struct record **out);

/* The same for a NUL-terminated text, freeing the record: the answer only. */
int import_text(const char *text);

TCase *importer_tests(void);
TCase *workload_tests(void);

#endif
