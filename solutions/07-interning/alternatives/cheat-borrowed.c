/*
 * cheat-borrowed.c - a cheat of lab 07: the leanest store of all keeps the
 * caller's pointers and copies nothing (no table, no strdup()).  It is
 * wrong: evfile.c hands every line in the same buffer, so each event's
 * strings change with the next line.  The tests see it, the output is
 * wrong, and with needs = tests its tiny heap earns no memory points.
 * kind: cheat
 * expect-score: 0 30
 * expect-fail: tests output memcheck peak-third bytes-per-event freed-at-end
 */
#include "evlog.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct event {
	uint64_t time;
	uint32_t status, bytes;
	const char *field[EV_NFIELDS]; /* the caller's */
};

struct evlog {
	struct event **blocks; /* blocks of EVLOG_BLOCK events */
	size_t nblocks;        /* blocks allocated */
	size_t nblocks_max;    /* room in blocks[] */
	size_t count;          /* events added */
};

struct evlog *evlog_create(void)
{
	return calloc(1, sizeof(struct evlog));
}

void evlog_release(struct evlog *log)
{
	if (log == NULL)
		return;
	for (size_t b = 0; b < log->nblocks; b++)
		free(log->blocks[b]);
	free(log->blocks);
	free(log);
}

/* Room for event number log->count: a new block when the last is full. */
static struct event *next_slot(struct evlog *log)
{
	size_t b = log->count / EVLOG_BLOCK;

	if (b < log->nblocks)
		return &log->blocks[b][log->count % EVLOG_BLOCK];
	if (log->nblocks == log->nblocks_max) {
		size_t n = EVLOG_BLOCKS_MIN;
		if (log->nblocks_max != 0) {
			if (log->nblocks_max > SIZE_MAX / sizeof *log->blocks / EVLOG_GROWTH)
				goto nomem;
			n = log->nblocks_max * EVLOG_GROWTH;
		}
		struct event **grown = realloc(log->blocks, n * sizeof *grown);
		if (grown == NULL)
			goto nomem;
		log->blocks = grown;
		log->nblocks_max = n;
	}
	log->blocks[b] = malloc(EVLOG_BLOCK * sizeof(struct event));
	if (log->blocks[b] == NULL)
		goto nomem;
	log->nblocks++;
	return log->blocks[b];
nomem:
	errno = ENOMEM;
	return NULL;
}

int evlog_add(struct evlog *log, const struct ev *ev)
{
	struct event *e;
	int f;

	for (f = 0; f < EV_NFIELDS; f++)
		if (ev->field[f] == NULL) {
			errno = EINVAL;
			return -1;
		}
	e = next_slot(log);
	if (e == NULL)
		return -1;
	/* THE PITFALL: a new copy of every string, however often it repeats */
	for (f = 0; f < EV_NFIELDS; f++)
		e->field[f] = ev->field[f];
	e->time = ev->time;
	e->status = ev->status;
	e->bytes = ev->bytes;
	log->count++;
	return 0;
}

size_t evlog_count(const struct evlog *log)
{
	return log->count;
}

int evlog_get(const struct evlog *log, size_t i, struct ev *out)
{
	if (i >= log->count)
		return -1;
	const struct event *e = &log->blocks[i / EVLOG_BLOCK][i % EVLOG_BLOCK];
	out->time = e->time;
	out->status = e->status;
	out->bytes = e->bytes;
	for (int f = 0; f < EV_NFIELDS; f++)
		out->field[f] = e->field[f];
	return 0;
}

/* Every event, every wanted field: a strcmp() each. */
struct ev_total evlog_total(const struct evlog *log,
			    const char *const want[EV_NFIELDS])
{
	struct ev_total t = { 0, 0 };

	for (size_t i = 0; i < log->count; i++) {
		const struct event *e = &log->blocks[i / EVLOG_BLOCK][i % EVLOG_BLOCK];
		int f = 0;
		while (f < EV_NFIELDS && (want[f] == NULL || strcmp(e->field[f], want[f]) == 0))
			f++;
		if (f == EV_NFIELDS) {
			t.events++;
			t.bytes += e->bytes;
		}
	}
	return t;
}
