/*
 * report.h - the workload of lab 02 (trusted lab code: students do not
 * edit it): a CSV report of temperature readings, built one small piece
 * at a time into a textbuf, the way a Python script does
 * `out += field; out += ","`.  Neighbours: report.c (the code), main.c
 * (the driver the grader runs), tests/test_workload.c (the same report,
 * built from the tests), lab.ini (the sizes).
 *
 *     seq,station,celsius
 *     1,male,-32.7
 *     2,rome,-00.7
 *
 * The size is in KiB of text: the report has the fewest whole rows whose
 * text reaches size * 1024 bytes.  A row is six appends (seq, ",",
 * station, ",", reading, "\n"; 2.6 bytes a piece on average); every field
 * but seq has a fixed width, so the report's length, its pieces and every
 * allocation a textbuf makes depend on the size alone, never on the seed
 * (which picks stations and readings):
 *     length(rows) = 20 + 12 * rows + (digits of 1, 2, ... rows)
 */
#ifndef MEMLAB_REPORT_H
#define MEMLAB_REPORT_H

#include "textbuf.h"

#include <stdint.h>

#define REPORT_MAX_KIB 65536u /* 64 MiB of text; the graded sizes stop at 4.4 MiB */
#define REPORT_HEADER "seq,station,celsius\n"
#define REPORT_APPENDS(rows) (1 + 6 * (uint64_t)(rows)) /* header, then six per row */

/* The report's length in bytes for `rows` rows, whatever the seed. */
uint64_t report_length(uint64_t rows);

/* The rows of a report of `kib` KiB: the fewest whose length reaches kib * 1024 bytes. */
uint64_t report_rows(uint64_t kib);

/* Appends the whole report (header, then report_rows(kib) rows) to tb.  Returns 0 or -1 (errno set). */
int report_build(struct textbuf *tb, uint64_t kib, uint64_t seed);

/* FNV-1a, 64 bits, of n bytes at s: the digest the driver prints instead of the text. */
uint64_t report_digest(const char *s, size_t n);

#endif
