/*
 * fix-sorted-array.c - an alternative fix of lab 07, done apart from the
 * reference: no hash at all.  The distinct strings sit in one array kept
 * sorted by strcmp(), found by binary search; a new string is inserted in
 * its place with memmove() (O(distinct) per new string, but there are only
 * a few thousand, each inserted once).  The strings themselves are
 * malloc'd one by one; events live in chunks of 512 behind a list of chunk
 * pointers grown by half each time.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-third bytes-per-event freed-at-end
 */
#include "evlog.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK     512 /* events per chunk */
#define SORTED_MIN 64 /* first room in the sorted array */

struct event {
	const char *field[EV_NFIELDS];
	uint64_t time;
	uint32_t status, bytes;
};

struct evlog {
	char **sorted; /* nsorted distinct strings, ascending */
	size_t nsorted, sorted_cap;
	struct event **chunk;
	size_t nchunks, chunk_cap, count;
};

/* The index of s in the sorted array, or where it would go (*found 0). */
static size_t search(const struct evlog *log, const char *s, int *found)
{
	size_t lo = 0, hi = log->nsorted;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(log->sorted[mid], s);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

static const char *intern(struct evlog *log, const char *s)
{
	int found;
	size_t at = search(log, s, &found);

	if (found)
		return log->sorted[at];
	if (log->nsorted == log->sorted_cap) {
		size_t cap = log->sorted_cap == 0 ? SORTED_MIN : log->sorted_cap;
		if (cap > SIZE_MAX / sizeof(char *) / 2)
			return NULL;
		cap = log->sorted_cap == 0 ? cap : cap * 2;
		char **grown = realloc(log->sorted, cap * sizeof *grown);
		if (grown == NULL)
			return NULL;
		log->sorted = grown;
		log->sorted_cap = cap;
	}
	char *copy = strdup(s);
	if (copy == NULL)
		return NULL;
	memmove(&log->sorted[at + 1], &log->sorted[at], (log->nsorted - at) * sizeof(char *));
	log->sorted[at] = copy;
	log->nsorted++;
	return copy;
}

struct evlog *evlog_create(void)
{
	return calloc(1, sizeof(struct evlog));
}

void evlog_release(struct evlog *log)
{
	if (log == NULL)
		return;
	for (size_t i = 0; i < log->nsorted; i++)
		free(log->sorted[i]);
	free(log->sorted);
	for (size_t i = 0; i < log->nchunks; i++)
		free(log->chunk[i]);
	free(log->chunk);
	free(log);
}

static struct event *slot(const struct evlog *log, size_t i)
{
	return &log->chunk[i / CHUNK][i % CHUNK];
}

int evlog_add(struct evlog *log, const struct ev *ev)
{
	const char *s[EV_NFIELDS];

	for (int f = 0; f < EV_NFIELDS; f++)
		if (ev->field[f] == NULL) {
			errno = EINVAL;
			return -1;
		}
	for (int f = 0; f < EV_NFIELDS; f++)
		if ((s[f] = intern(log, ev->field[f])) == NULL)
			goto nomem;
	if (log->count == log->nchunks * CHUNK) {
		if (log->nchunks == log->chunk_cap) {
			size_t cap = log->chunk_cap < 8 ? 8 : log->chunk_cap;
			if (cap > SIZE_MAX / sizeof *log->chunk / 2)
				goto nomem;
			cap += log->chunk_cap < 8 ? 0 : cap / 2;
			struct event **grown = realloc(log->chunk, cap * sizeof *grown);
			if (grown == NULL)
				goto nomem;
			log->chunk = grown;
			log->chunk_cap = cap;
		}
		if ((log->chunk[log->nchunks] = malloc(CHUNK * sizeof(struct event))) == NULL)
			goto nomem;
		log->nchunks++;
	}
	struct event *e = slot(log, log->count++);
	memcpy(e->field, s, sizeof s);
	e->time = ev->time;
	e->status = ev->status;
	e->bytes = ev->bytes;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

size_t evlog_count(const struct evlog *log)
{
	return log->count;
}

int evlog_get(const struct evlog *log, size_t i, struct ev *out)
{
	if (i >= log->count)
		return -1;
	const struct event *e = slot(log, i);
	memcpy(out->field, e->field, sizeof out->field);
	out->time = e->time;
	out->status = e->status;
	out->bytes = e->bytes;
	return 0;
}

struct ev_total evlog_total(const struct evlog *log, const char *const want[EV_NFIELDS])
{
	struct ev_total t = { 0, 0 };
	const char *w[EV_NFIELDS] = { NULL, NULL, NULL };
	int found;

	for (int f = 0; f < EV_NFIELDS; f++)
		if (want[f] != NULL) {
			size_t at = search(log, want[f], &found);
			if (!found)
				return t;
			w[f] = log->sorted[at];
		}
	for (size_t i = 0; i < log->count; i++) {
		const struct event *e = slot(log, i);
		int f = 0;
		while (f < EV_NFIELDS && (w[f] == NULL || w[f] == e->field[f]))
			f++;
		if (f == EV_NFIELDS) {
			t.events++;
			t.bytes += e->bytes;
		}
	}
	return t;
}
