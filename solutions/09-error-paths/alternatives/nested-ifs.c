/*
 * nested-ifs.c - lab 09, another correct fix: no goto and no early
 * return.  Each resource is taken in an `if` whose body is all the work
 * that needs it, and it is given back right after that body: the nesting
 * is the order of release.  Lines go into a buffer on the stack (fgets),
 * so the only heap is the record itself.
 * kind: fix
 * expect-score: 100 100
 */
#include "importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_line(FILE *f, char *line, size_t cap)
{
	int rc = ferror(f) ? IMPORT_EREAD : IMPORT_ETRUNCATED;

	if (fgets(line, (int)cap, f) != NULL) {
		size_t len = strlen(line);
		if (len > 0 && line[len - 1] == '\n') {
			line[len - 1] = '\0';
			rc = IMPORT_OK;
		} else if (len > IMPORT_LINE_MAX) {
			rc = IMPORT_ETOOLONG;
		} else {
			rc = ferror(f) ? IMPORT_EREAD : IMPORT_ETRUNCATED;
		}
	} else if (ferror(f)) {
		rc = IMPORT_EREAD;
	}
	return rc;
}

/* A signed reading, or IMPORT_EFORMAT. */
static int parse_value(const char *s, int64_t *v)
{
	int neg = *s == '-', rc = IMPORT_EFORMAT;
	size_t digits = strspn(s + neg, "0123456789");

	if (digits > 0 && digits <= IMPORT_VALUE_DIGITS && s[neg + digits] == '\0') {
		*v = strtoll(s + neg, NULL, 10) * (neg ? -1 : 1);
		rc = IMPORT_OK;
	}
	return rc;
}

/* Readings and "end" into r (whose readings array holds n). */
static int read_readings(FILE *f, char *line, size_t cap, struct record *r, size_t n)
{
	int rc = IMPORT_OK;

	while (rc == IMPORT_OK && r->count < n)
		if ((rc = read_line(f, line, cap)) == IMPORT_OK && (rc = parse_value(line, &r->readings[r->count])) == IMPORT_OK)
			r->count++;
	if (rc == IMPORT_OK && (rc = read_line(f, line, cap)) == IMPORT_OK && strcmp(line, "end") != 0)
		rc = IMPORT_EFORMAT;
	return rc;
}

/* From the station line on, into r. */
static int read_record(FILE *f, char *line, size_t cap, struct record *r)
{
	int rc = read_line(f, line, cap);

	if (rc == IMPORT_OK) {
		if (strncmp(line, "station: ", 9) != 0 || line[9] == '\0') {
			rc = IMPORT_EFORMAT;
		} else if ((r->station = strdup(line + 9)) == NULL) {
			rc = IMPORT_ENOMEM;
		} else if ((rc = read_line(f, line, cap)) == IMPORT_OK) {
			size_t digits = strspn(line + 10, "0123456789"), n = 0;
			if (strncmp(line, "readings: ", 10) != 0 || digits == 0 || line[10 + digits] != '\0') {
				rc = IMPORT_EFORMAT;
			} else {
				for (size_t i = 0; i < digits && n <= IMPORT_READINGS_MAX; i++)
					n = n * 10 + (size_t)(line[10 + i] - '0');
				if (n > IMPORT_READINGS_MAX)
					rc = IMPORT_ETOOLONG;
				else if (n > 0 && (r->readings = calloc(n, sizeof *r->readings)) == NULL)
					rc = IMPORT_ENOMEM;
				else
					rc = read_readings(f, line, cap, r, n);
			}
		}
	}
	return rc;
}

int import_file(const char *path, struct record **out)
{
	char line[IMPORT_LINE_MAX + 2];
	int rc = IMPORT_EOPEN;
	FILE *f;

	*out = NULL;
	if ((f = fopen(path, "r")) != NULL) {
		struct record *r = calloc(1, sizeof *r);
		if (r == NULL) {
			rc = IMPORT_ENOMEM;
		} else {
			if ((rc = read_line(f, line, sizeof line)) == IMPORT_OK) {
				if (strcmp(line, IMPORT_HEADER) != 0)
					rc = IMPORT_EHEADER;
				else
					rc = read_record(f, line, sizeof line, r);
			}
			if (rc == IMPORT_OK)
				*out = r;
			else
				record_free(r);
		}
		fclose(f);
	}
	return rc;
}

void record_free(struct record *r)
{
	if (r != NULL) {
		free(r->station);
		free(r->readings);
		free(r);
	}
}
