/*
 * owner-struct.c - lab 09, another correct fix: everything one import
 * holds lives in one struct (the FILE, the line buffer, the record being
 * built), and one function, release(), gives back whatever of it is set.
 * Every path ends in `return finish(&im, rc)`.  Lines are read a byte at
 * a time with getc() into a malloc'd buffer; the readings array grows by
 * doubling (realloc) instead of being sized from N.
 * kind: fix
 * expect-score: 100 100
 */
#include "importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READINGS_FIRST  8  /* first capacity of the readings array */
#define READINGS_GROWTH 2

struct import {
	FILE *f;
	char *line;        /* IMPORT_LINE_MAX + 1 bytes */
	size_t len;        /* of the current line */
	struct record *r;  /* being built: handed over on success only */
	size_t cap;        /* of r->readings */
};

/* Whatever im still holds, in reverse order of taking it. */
static void release(struct import *im)
{
	record_free(im->r);
	free(im->line);
	if (im->f != NULL)
		fclose(im->f);
	memset(im, 0, sizeof *im);
}

static int finish(struct import *im, int rc, struct record **out)
{
	if (rc == IMPORT_OK) {
		*out = im->r;
		im->r = NULL;
	}
	release(im);
	return rc;
}

static int next_line(struct import *im)
{
	int c;

	im->len = 0;
	while ((c = getc(im->f)) != EOF && c != '\n') {
		if (im->len == IMPORT_LINE_MAX)
			return IMPORT_ETOOLONG;
		im->line[im->len++] = (char)c;
	}
	im->line[im->len] = '\0';
	if (c == '\n')
		return IMPORT_OK;
	return ferror(im->f) ? IMPORT_EREAD : IMPORT_ETRUNCATED;
}

static int only_digits(const char *p)
{
	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

static int add_reading(struct import *im, int64_t v)
{
	struct record *r = im->r;

	if (r->count == im->cap) {
		size_t cap = im->cap == 0 ? READINGS_FIRST : im->cap * READINGS_GROWTH; /* <= 2 * IMPORT_READINGS_MAX */
		int64_t *grown = realloc(r->readings, cap * sizeof *grown);
		if (grown == NULL)
			return IMPORT_ENOMEM;
		r->readings = grown;
		im->cap = cap;
	}
	r->readings[r->count++] = v;
	return IMPORT_OK;
}

int import_file(const char *path, struct record **out)
{
	struct import im = { 0 };
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((im.f = fopen(path, "r")) == NULL)
		return IMPORT_EOPEN;
	if ((im.line = malloc(IMPORT_LINE_MAX + 1)) == NULL || (im.r = calloc(1, sizeof *im.r)) == NULL)
		return finish(&im, IMPORT_ENOMEM, out);
	if ((rc = next_line(&im)) != IMPORT_OK)
		return finish(&im, rc, out);
	if (strcmp(im.line, IMPORT_HEADER) != 0)
		return finish(&im, IMPORT_EHEADER, out);
	if ((rc = next_line(&im)) != IMPORT_OK)
		return finish(&im, rc, out);
	if (strncmp(im.line, "station: ", 9) != 0 || im.len == 9)
		return finish(&im, IMPORT_EFORMAT, out);
	if ((im.r->station = malloc(im.len - 9 + 1)) == NULL)
		return finish(&im, IMPORT_ENOMEM, out);
	memcpy(im.r->station, im.line + 9, im.len - 9 + 1);
	if ((rc = next_line(&im)) != IMPORT_OK)
		return finish(&im, rc, out);
	if (strncmp(im.line, "readings: ", 10) != 0 || !only_digits(im.line + 10))
		return finish(&im, IMPORT_EFORMAT, out);
	for (const char *p = im.line + 10; *p != '\0'; p++)
		if ((n = n * 10 + (size_t)(*p - '0')) > IMPORT_READINGS_MAX)
			return finish(&im, IMPORT_ETOOLONG, out);
	while (im.r->count < n) {
		if ((rc = next_line(&im)) != IMPORT_OK)
			return finish(&im, rc, out);
		const char *digits = im.line + (im.line[0] == '-');
		if (!only_digits(digits) || strlen(digits) > IMPORT_VALUE_DIGITS)
			return finish(&im, IMPORT_EFORMAT, out);
		int64_t v = strtoll(digits, NULL, 10);
		if ((rc = add_reading(&im, im.line[0] == '-' ? -v : v)) != IMPORT_OK)
			return finish(&im, rc, out);
	}
	if ((rc = next_line(&im)) != IMPORT_OK)
		return finish(&im, rc, out);
	return finish(&im, strcmp(im.line, "end") == 0 ? IMPORT_OK : IMPORT_EFORMAT, out);
}

void record_free(struct record *r)
{
	if (r == NULL)
		return;
	free(r->station);
	free(r->readings);
	free(r);
}
