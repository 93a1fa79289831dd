/*
 * cleanup-attribute.c - lab 09, another correct fix, systemd's way: GCC's
 * __attribute__((cleanup(fn))) calls fn(&variable) whenever the variable
 * goes out of scope, by any return.  So the early returns of the pitfall
 * can stay: each resource is declared with the function that releases
 * it, and the success path steals the record (sets the variable to NULL)
 * before returning it.  Lines are read with POSIX getline() into a buffer
 * it grows itself; a line longer than IMPORT_LINE_MAX is read whole, then
 * judged.
 * kind: fix
 * expect-score: 100 100
 */
#include "importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLEANUP(fn) __attribute__((cleanup(fn)))

static void close_file(FILE **f) { if (*f != NULL) fclose(*f); }
static void free_text(char **p) { free(*p); }
static void free_record(struct record **r) { record_free(*r); }

struct reader {
	FILE *f;
	char *line;   /* getline()'s buffer */
	size_t cap;
};

static int next_line(struct reader *rd)
{
	ssize_t n = getline(&rd->line, &rd->cap, rd->f);

	if (n < 0)
		return ferror(rd->f) ? IMPORT_EREAD : IMPORT_ETRUNCATED;
	size_t len = (size_t)n - (rd->line[n - 1] == '\n');
	if (len > IMPORT_LINE_MAX)
		return IMPORT_ETOOLONG;
	if (rd->line[n - 1] != '\n')
		return IMPORT_ETRUNCATED;
	rd->line[len] = '\0';
	return strlen(rd->line) == len ? IMPORT_OK : IMPORT_EFORMAT; /* or a NUL byte inside */
}

static int digits_only(const char *s, size_t min)
{
	size_t n = strspn(s, "0123456789");
	return n >= min && s[n] == '\0';
}

int import_file(const char *path, struct record **out)
{
	CLEANUP(close_file) FILE *f = NULL;
	CLEANUP(free_text) char *line = NULL;
	CLEANUP(free_record) struct record *r = NULL;
	struct reader rd;
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL)
		return IMPORT_EOPEN;
	rd = (struct reader){ f, NULL, 0 };
#define NEXT() do { rc = next_line(&rd); line = rd.line; if (rc != IMPORT_OK) return rc; } while (0)
	NEXT();
	if (strcmp(rd.line, IMPORT_HEADER) != 0)
		return IMPORT_EHEADER;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return IMPORT_ENOMEM;
	NEXT();
	if (strncmp(rd.line, "station: ", 9) != 0 || rd.line[9] == '\0')
		return IMPORT_EFORMAT;
	if ((r->station = strdup(rd.line + 9)) == NULL)
		return IMPORT_ENOMEM;
	NEXT();
	if (strncmp(rd.line, "readings: ", 10) != 0 || !digits_only(rd.line + 10, 1))
		return IMPORT_EFORMAT;
	for (const char *p = rd.line + 10; *p != '\0' && n <= IMPORT_READINGS_MAX; p++)
		n = n * 10 + (size_t)(*p - '0');
	if (n > IMPORT_READINGS_MAX)
		return IMPORT_ETOOLONG;
	if (n > 0 && (r->readings = calloc(n, sizeof *r->readings)) == NULL)
		return IMPORT_ENOMEM;
	for (; r->count < n; r->count++) {
		NEXT();
		const char *d = rd.line + (rd.line[0] == '-');
		if (!digits_only(d, 1) || strlen(d) > IMPORT_VALUE_DIGITS)
			return IMPORT_EFORMAT;
		r->readings[r->count] = strtoll(rd.line, NULL, 10);
	}
	NEXT();
#undef NEXT
	if (strcmp(rd.line, "end") != 0)
		return IMPORT_EFORMAT;
	*out = r; /* stolen: the cleanup of r now frees NULL */
	r = NULL;
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
