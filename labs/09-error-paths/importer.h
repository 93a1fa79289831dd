/*
 * importer.h - reads one station report from a file, as a batch importer
 * meets them: most are good, some are cut short, some are not reports at
 * all, some have a field too long.  This header is the manual.
 * Neighbours: importer.c (the importer: yours to fix), pitfall.c (the
 * leaky version, explained), main.c (the driver: imports a whole inbox),
 * inbox.h (writes the inbox: trusted), tests/ (the Check tests).
 *
 * The format: text, one field a line, every line ending in '\n'.
 *
 *	memlab-report 1        the header: exactly these bytes
 *	station: NAME          NAME: one byte or more, any but '\n'
 *	readings: N            N: decimal digits only, N <= IMPORT_READINGS_MAX
 *	VALUE                  N lines, each an optional '-' and 1 to 18 digits
 *	end
 *
 * What follows the "end" line is not read.  Lines are read from the top,
 * and the first line that is wrong decides the answer:
 *  - a line of more than IMPORT_LINE_MAX bytes (its '\n' not counted),
 *    whether or not it ends before the file does:          IMPORT_ETOOLONG
 *  - the file ends where a line should start, or in the middle of a line
 *    (bytes with no '\n' after them; an empty file too):  IMPORT_ETRUNCATED
 *  - a first line that is not the header:                  IMPORT_EHEADER
 *  - a readings line whose N is above IMPORT_READINGS_MAX: IMPORT_ETOOLONG
 *  - any other line not as above:                          IMPORT_EFORMAT
 * So the first IMPORT_FILE_MAX bytes of a file always decide it (a longer
 * file is decided before its end).  A file holding a NUL byte gets any
 * answer but IMPORT_OK; '\r' is an ordinary byte ("end\r" is not "end").
 *
 * Ownership: the caller owns the record import_file() returns (release it
 * with record_free()); on any error the importer keeps nothing, no
 * memory and no open file.
 *
 * Life cycle
 *	struct record *r;
 *	int rc = import_file(path, &r);
 *	if (rc == IMPORT_OK) { ...r->station, r->readings[0 .. r->count)...; record_free(r); }
 *	else                 { ...rc says why (errno too, for EOPEN and EREAD)... }
 * A program imports thousands of files in a run: every file it opens must
 * be closed again, or it runs out of descriptors (the grader allows it 64).
 */
#ifndef MEMLAB_IMPORTER_H
#define MEMLAB_IMPORTER_H

#include <stddef.h>
#include <stdint.h>

/* Limits.  IMPORT_FILE_MAX: no line is more than IMPORT_LINE_MAX + 1 bytes
 * before it is decided, and a good report has at most
 * IMPORT_READINGS_MAX + 4 lines. */
#define IMPORT_HEADER       "memlab-report 1"
#define IMPORT_LINE_MAX     80   /* bytes of a line, its '\n' not counted */
#define IMPORT_READINGS_MAX 50   /* readings of one report */
#define IMPORT_VALUE_DIGITS 18   /* digits of one reading: always fits int64_t */
#define IMPORT_FILE_MAX     ((IMPORT_READINGS_MAX + 4) * (IMPORT_LINE_MAX + 1))

/* import_file()'s answers. */
enum import_status {
	IMPORT_OK = 0,
	IMPORT_EOPEN,      /* the file cannot be opened: errno says why */
	IMPORT_EREAD,      /* reading failed (a directory: EISDIR): errno says why */
	IMPORT_ETRUNCATED, /* the file ends before its "end" line */
	IMPORT_EHEADER,    /* the first line is not IMPORT_HEADER */
	IMPORT_ETOOLONG,   /* a line, or N, over its limit */
	IMPORT_EFORMAT,    /* a line that is not what its place needs */
	IMPORT_ENOMEM,     /* an allocation failed */
	IMPORT_NSTATUS
};

/* One good report. */
struct record {
	char *station;     /* NAME, NUL-terminated: owned by the record */
	size_t count;      /* N */
	int64_t *readings; /* the N values in file order: owned; NULL when N is 0 */
};

/*
 * Reads the report at path.  IMPORT_OK: *out is a new record, yours (see
 * Ownership).  Anything else: *out is NULL, and nothing is left allocated
 * or open.
 */
int import_file(const char *path, struct record **out);

/* Frees r and what it owns.  NULL is allowed. */
void record_free(struct record *r);

#endif
