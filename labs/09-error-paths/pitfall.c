/*
 * pitfall.c - lab 09's pitfall: an importer that is right about every
 * file, and that leaves behind, on every error, whatever it had taken so
 * far: the line buffer, the half-built record and the open FILE.  Correct
 * by every unit test.  Never edited by students; the grader runs it as a
 * baseline.  Neighbours: importer.h (the contract), importer.c (the
 * student's copy, with TODOs), main.c (the driver).
 *
 * The Python habit it mirrors:
 *
 *     def import_file(path):
 *         f = open(path)              # no `with`: closed when f is collected
 *         if f.readline() != HEADER:
 *             raise BadHeader(path)   # ...and f is collected soon enough
 *
 * In CPython the file object's refcount drops to 0 when the exception
 * leaves the frame, and its finaliser closes it (with a ResourceWarning,
 * since 3.2).  C has no finaliser: a `return` is just a jump.  Each early
 * return below forgets the pointers it held, so memcheck calls their
 * blocks "definitely lost", and the FILE's descriptor stays open until
 * the process ends.  With 64 descriptors, a run dies after about 60
 * malformed files: fopen() fails with EMFILE ("Too many open files").
 * (The FILE itself and its 4 KiB buffer are not "lost": the C library
 * keeps every open FILE on a list, so memcheck counts them still
 * reachable.  Only the descriptor count, --track-fds=yes, sees them.)
 */
#include "importer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_BUFFER (IMPORT_LINE_MAX + 2) /* the longest line, its '\n', the NUL */

/* The next line into line, without its '\n': IMPORT_OK or why not. */
static int read_line(FILE *f, char *line)
{
	if (fgets(line, LINE_BUFFER, f) == NULL)
		return ferror(f) ? IMPORT_EREAD : IMPORT_ETRUNCATED;
	size_t len = strlen(line);
	if (len > 0 && line[len - 1] == '\n') {
		line[len - 1] = '\0';
		return IMPORT_OK;
	}
	if (len > IMPORT_LINE_MAX)
		return IMPORT_ETOOLONG;
	return ferror(f) ? IMPORT_EREAD : IMPORT_ETRUNCATED; /* cut in the middle of a line */
}

/* "readings: N" into *n. */
static int parse_count(const char *line, size_t *n)
{
	static const char key[] = "readings: ";
	const char *p = line + sizeof key - 1;
	size_t v = 0;

	if (strncmp(line, key, sizeof key - 1) != 0 || *p == '\0')
		return IMPORT_EFORMAT;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return IMPORT_EFORMAT;
		if (v <= IMPORT_READINGS_MAX) /* saturates just above the limit */
			v = v * 10 + (size_t)(*p - '0');
	}
	if (v > IMPORT_READINGS_MAX)
		return IMPORT_ETOOLONG;
	*n = v;
	return IMPORT_OK;
}

/* One reading: an optional '-' and 1 to IMPORT_VALUE_DIGITS digits. */
static int parse_value(const char *line, int64_t *value)
{
	const char *p = line + (line[0] == '-');
	int64_t v = 0;
	size_t digits = 0;

	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if (digits < IMPORT_VALUE_DIGITS)
			v = v * 10 + (*p - '0');
	if (*p != '\0' || digits == 0 || digits > IMPORT_VALUE_DIGITS)
		return IMPORT_EFORMAT;
	*value = line[0] == '-' ? -v : v;
	return IMPORT_OK;
}

/* The readings and the "end" line, into r. */
static int read_body(FILE *f, char *line, struct record *r)
{
	size_t n;
	int rc;

	if ((rc = read_line(f, line)) != IMPORT_OK)
		return rc;
	if ((rc = parse_count(line, &n)) != IMPORT_OK)
		return rc;
	if (n > 0) {
		r->readings = malloc(n * sizeof *r->readings); /* n <= IMPORT_READINGS_MAX */
		if (r->readings == NULL)
			return IMPORT_ENOMEM;
	}
	for (r->count = 0; r->count < n; r->count++) {
		if ((rc = read_line(f, line)) != IMPORT_OK)
			return rc;                /* the readings stay with r... */
		if ((rc = parse_value(line, &r->readings[r->count])) != IMPORT_OK)
			return rc;
	}
	if ((rc = read_line(f, line)) != IMPORT_OK)
		return rc;
	return strcmp(line, "end") == 0 ? IMPORT_OK : IMPORT_EFORMAT;
}

int import_file(const char *path, struct record **out)
{
	static const char key[] = "station: ";
	struct record *r;
	char *line;
	FILE *f;
	int rc;

	*out = NULL;
	f = fopen(path, "r");
	if (f == NULL)
		return IMPORT_EOPEN;
	line = malloc(LINE_BUFFER);
	if (line == NULL)
		return IMPORT_ENOMEM;            /* leaks: f */
	if ((rc = read_line(f, line)) != IMPORT_OK)
		return rc;                       /* leaks: f, line */
	if (strcmp(line, IMPORT_HEADER) != 0)
		return IMPORT_EHEADER;           /* leaks: f, line */
	r = calloc(1, sizeof *r);
	if (r == NULL)
		return IMPORT_ENOMEM;
	if ((rc = read_line(f, line)) != IMPORT_OK)
		return rc;                       /* leaks: f, line, r */
	if (strncmp(line, key, sizeof key - 1) != 0 || line[sizeof key - 1] == '\0')
		return IMPORT_EFORMAT;
	r->station = strdup(line + sizeof key - 1);
	if (r->station == NULL)
		return IMPORT_ENOMEM;
	if ((rc = read_body(f, line, r)) != IMPORT_OK)
		return rc;                       /* leaks: f, line, r, its station and readings */
	free(line);
	if (fclose(f) != 0) {
		record_free(r);
		return IMPORT_EREAD;
	}
	*out = r;
	return IMPORT_OK;
}

void record_free(struct record *r)
{
	if (r == NULL)
		return;
	free(r->station);
	free(r->readings);
	free(r);
}
