/*
 * massif.c - a strict reader of massif's output files (see massif.h).
 *
 * The file is a header (desc:, cmd:, time_unit:) and then snapshots, each
 * between "#-----------" rulers:
 *     snapshot=N / time= / mem_heap_B= / mem_heap_extra_B= / mem_stacks_B= /
 *     heap_tree=empty|detailed|peak, then the tree lines of a detailed one.
 * Snapshot numbers count up from 0; at most one snapshot is the peak.
 * Anything else means the file is not massif's, and we say so.
 */
#include "tools/massif.h"

#include "base/fsutil.h"
#include "base/limits.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	FILE *f;
	char *line;
	long len;
	unsigned long lineno;
	const char *path;
	char *err;
	size_t errlen;
};

static int fail(struct reader *r, const char *what)
{
	snprintf(r->err, r->errlen, "%s:%lu: %s: not a massif file valgrind would write",
		 r->path, r->lineno, what);
	return -1;
}

static int next_line(struct reader *r)
{
	r->len = fs_read_line(r->f, r->line, READ_LINE_MAX);
	if (r->len == -2)
		return fail(r, "line too long");
	if (r->len >= 0)
		r->lineno++;
	return 0;
}

/* A key=value line whose value is a plain decimal number. */
static int expect_number(struct reader *r, const char *key, uint64_t *out)
{
	size_t klen = strlen(key);
	char *end;

	if (next_line(r) != 0)
		return -1;
	if (r->len < 0 || strncmp(r->line, key, klen) != 0 || r->line[klen] != '=')
		return fail(r, key);
	const char *v = r->line + klen + 1;
	if (*v < '0' || *v > '9')
		return fail(r, key);
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (errno != 0 || *end != '\0')
		return fail(r, key);
	*out = n;
	return 0;
}

static bool is_ruler(const char *s)
{
	return strcmp(s, "#-----------") == 0;
}

/* "  n3: 1234 description" as massif writes heap tree nodes. */
static bool is_tree_line(const char *s)
{
	while (*s == ' ')
		s++;
	if (*s++ != 'n' || *s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == ':';
}

static int read_header(struct reader *r, struct massif_profile *p)
{
	static const char *const keys[] = { "desc: ", "cmd: ", "time_unit: " };

	for (size_t i = 0; i < 3; i++) {
		if (next_line(r) != 0)
			return -1;
		if (r->len < 0 || strncmp(r->line, keys[i], strlen(keys[i])) != 0)
			return fail(r, "header");
	}
	const char *unit = r->line + strlen("time_unit: ");
	if (strcmp(unit, "B") != 0 && strcmp(unit, "i") != 0 && strcmp(unit, "ms") != 0)
		return fail(r, "time_unit");
	snprintf(p->time_unit, sizeof p->time_unit, "%s", unit);
	return next_line(r); /* the first ruler, checked by the caller */
}

static int read_snapshot(struct reader *r, struct massif_profile *p, bool *seen_peak)
{
	struct massif_snapshot s;
	uint64_t number;

	if (p->n >= MASSIF_MAX_SNAPSHOTS)
		return fail(r, "more snapshots than --max-snapshots allows");
	if (expect_number(r, "snapshot", &number) != 0)
		return -1;
	if (number != p->n)
		return fail(r, "snapshot numbers out of order");
	if (next_line(r) != 0)
		return -1;
	if (r->len < 0 || !is_ruler(r->line))
		return fail(r, "ruler");
	if (expect_number(r, "time", &s.time) != 0 ||
	    expect_number(r, "mem_heap_B", &s.heap) != 0 ||
	    expect_number(r, "mem_heap_extra_B", &s.extra) != 0 ||
	    expect_number(r, "mem_stacks_B", &s.stacks) != 0 ||
	    next_line(r) != 0)
		return -1;
	if (r->len < 0)
		return fail(r, "heap_tree");
	bool tree = false;
	if (strcmp(r->line, "heap_tree=peak") == 0) {
		if (*seen_peak)
			return fail(r, "two peak snapshots");
		*seen_peak = tree = true;
	} else if (strcmp(r->line, "heap_tree=detailed") == 0) {
		tree = true;
	} else if (strcmp(r->line, "heap_tree=empty") != 0) {
		return fail(r, "heap_tree");
	}
	if (s.heap > UINT64_MAX - s.extra)
		return fail(r, "heap size overflows");
	/* Tree lines (only after a detailed or peak snapshot), up to the next ruler. */
	for (;;) {
		if (next_line(r) != 0)
			return -1;
		if (r->len < 0 || is_ruler(r->line))
			break;
		if (!tree || !is_tree_line(r->line))
			return fail(r, "unexpected line");
	}
	if (p->n > 0 && s.time < p->snaps[p->n - 1].time)
		return fail(r, "time runs backwards");
	p->snaps[p->n] = s;
	if (p->n == 0 || s.heap + s.extra > p->peak) {
		p->peak = s.heap + s.extra;
		p->peak_index = p->n;
	}
	p->n++;
	return 0;
}

int massif_read(const char *path, struct massif_profile *p, char *err, size_t errlen)
{
	struct reader r = { .path = path, .err = err, .errlen = errlen };
	bool seen_peak = false;
	int rc = -1;

	memset(p, 0, sizeof *p);
	r.line = malloc(READ_LINE_MAX);
	p->snaps = calloc(MASSIF_MAX_SNAPSHOTS, sizeof *p->snaps);
	if (r.line == NULL || p->snaps == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	r.f = fs_open_regular(path, TOOL_FILE_MAX, err, errlen);
	if (r.f == NULL)
		goto out;
	if (read_header(&r, p) != 0)
		goto out;
	/* r.line holds a ruler before each snapshot; end of file ends the list. */
	while (r.len >= 0) {
		if (!is_ruler(r.line)) {
			fail(&r, "expected a snapshot");
			goto out;
		}
		if (read_snapshot(&r, p, &seen_peak) != 0)
			goto out;
	}
	if (ferror(r.f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto out;
	}
	if (p->n == 0) {
		fail(&r, "no snapshots");
		goto out;
	}
	rc = 0;
out:
	if (r.f != NULL)
		fclose(r.f);
	free(r.line);
	if (rc != 0)
		massif_release(p);
	return rc;
}

void massif_release(struct massif_profile *p)
{
	free(p->snaps);
	memset(p, 0, sizeof *p);
}
