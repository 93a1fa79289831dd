/*
 * fread-fixed-buffer.c - lab 09, another correct fix: read first, then
 * parse.  One fread() of up to IMPORT_FILE_MAX bytes into a buffer on the
 * stack (the header promises those bytes decide the answer), fclose()
 * right after, in the one place the FILE is ever held.  Then the bytes
 * are checked in a first pass that allocates nothing, and only a file
 * found good gets a record, allocated in one block (station and readings
 * inside it): there is nothing to release on any error path.
 * kind: fix
 * expect-score: 100 100
 */
#include "importer.h"

#include <errno.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cursor {
	const char *p, *end;
	const char *line; /* the current line, and its length */
	size_t len;
};

static int next_line(struct cursor *c)
{
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	size_t avail = (size_t)((nl != NULL ? nl : c->end) - c->p);

	if (avail > IMPORT_LINE_MAX)
		return IMPORT_ETOOLONG;
	if (nl == NULL)
		return IMPORT_ETRUNCATED;
	if (memchr(c->p, '\0', avail) != NULL)
		return IMPORT_EFORMAT;
	c->line = c->p;
	c->len = avail;
	c->p = nl + 1;
	return IMPORT_OK;
}

static int is(const struct cursor *c, const char *text)
{
	return c->len == strlen(text) && memcmp(c->line, text, c->len) == 0;
}

static int after(const struct cursor *c, const char *key, const char **rest, size_t *len)
{
	size_t k = strlen(key);

	if (c->len < k || memcmp(c->line, key, k) != 0)
		return 0;
	*rest = c->line + k;
	*len = c->len - k;
	return 1;
}

static int reading(const char *s, size_t len, int64_t *v)
{
	size_t i = len > 0 && s[0] == '-';
	int64_t x = 0;

	if (len - i == 0 || len - i > IMPORT_VALUE_DIGITS)
		return IMPORT_EFORMAT;
	for (size_t k = i; k < len; k++) {
		if (s[k] < '0' || s[k] > '9')
			return IMPORT_EFORMAT;
		x = x * 10 + (s[k] - '0');
	}
	*v = i ? -x : x;
	return IMPORT_OK;
}

/* Parses buf; with r NULL only checks, else fills r.  *n, *name, *name_len: what it found. */
static int parse(const char *buf, size_t size, struct record *r, size_t *n, const char **name, size_t *name_len)
{
	struct cursor c = { buf, buf + size, NULL, 0 };
	const char *s;
	size_t len;
	int64_t v;
	int rc;

	if ((rc = next_line(&c)) != IMPORT_OK)
		return rc;
	if (!is(&c, IMPORT_HEADER))
		return IMPORT_EHEADER;
	if ((rc = next_line(&c)) != IMPORT_OK)
		return rc;
	if (!after(&c, "station: ", name, name_len) || *name_len == 0)
		return IMPORT_EFORMAT;
	if ((rc = next_line(&c)) != IMPORT_OK)
		return rc;
	if (!after(&c, "readings: ", &s, &len) || len == 0)
		return IMPORT_EFORMAT;
	*n = 0;
	for (size_t k = 0; k < len; k++) {
		if (s[k] < '0' || s[k] > '9')
			return IMPORT_EFORMAT;
		if (*n <= IMPORT_READINGS_MAX)
			*n = *n * 10 + (size_t)(s[k] - '0');
	}
	if (*n > IMPORT_READINGS_MAX)
		return IMPORT_ETOOLONG;
	for (size_t i = 0; i < *n; i++) {
		if ((rc = next_line(&c)) != IMPORT_OK || (rc = reading(c.line, c.len, &v)) != IMPORT_OK)
			return rc;
		if (r != NULL)
			r->readings[i] = v;
	}
	if ((rc = next_line(&c)) != IMPORT_OK)
		return rc;
	return is(&c, "end") ? IMPORT_OK : IMPORT_EFORMAT;
}

int import_file(const char *path, struct record **out)
{
	char buf[IMPORT_FILE_MAX];
	const char *name;
	size_t size, n, name_len;
	int rc, err;
	FILE *f;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL)
		return IMPORT_EOPEN;
	size = fread(buf, 1, sizeof buf, f);
	rc = ferror(f) ? IMPORT_EREAD : IMPORT_OK;
	err = errno;
	fclose(f); /* the FILE's one and only release */
	if (rc != IMPORT_OK) {
		errno = err;
		return rc;
	}
	if ((rc = parse(buf, size, NULL, &n, &name, &name_len)) != IMPORT_OK)
		return rc;
	/* one block: the record, its readings, then its station (sizes bounded by the limits) */
	size_t readings_at = (sizeof(struct record) + alignof(int64_t) - 1) / alignof(int64_t) * alignof(int64_t);
	size_t station_at = readings_at + n * sizeof(int64_t);
	struct record *r = malloc(station_at + name_len + 1);
	if (r == NULL)
		return IMPORT_ENOMEM;
	r->count = n;
	r->readings = n > 0 ? (int64_t *)((char *)r + readings_at) : NULL;
	r->station = (char *)r + station_at;
	memcpy(r->station, name, name_len);
	r->station[name_len] = '\0';
	parse(buf, size, r, &n, &name, &name_len); /* the second pass, filling in: good, as the first said */
	*out = r;
	return IMPORT_OK;
}

void record_free(struct record *r)
{
	free(r); /* station and readings live inside the same block */
}
