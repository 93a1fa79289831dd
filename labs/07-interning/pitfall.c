/*
 * pitfall.c - the store where every event owns its own strings (trusted lab
 * code: the expected answers come from this file; students do not edit it).
 * Neighbours: evlog.h (the contract), main.c (the driver), evlog.c (the
 * starter: this file with TODOs), ../../solutions/07-interning/evlog.c
 * (the fix).
 *
 * This is the C twin of the Python habit
 *
 *	events = []
 *	for line in f:
 *	    t, status, size, country, browser, path = line.rstrip("\n").split("\t")
 *	    events.append((int(t), int(status), int(size), country, browser, path))
 *
 * where every split() makes new string objects: a million events from
 * "Germany" are a million separate "Germany"s.  Here evlog_add() strdup()s
 * each field.  It is correct, and simple: each event frees what it owns.
 * But the strings are the log's bulk: an event's numbers and pointers take
 * 40 B, its three copies another ~230 B as massif counts them (a 110-byte
 * user agent is a 112-byte block plus malloc's 8 B of bookkeeping), though
 * the whole file holds only a few thousand distinct strings.  Queries pay
 * too: every match is a strcmp() over bytes that are nearly always equal.
 */
#include "evlog.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct event {
	uint64_t time;
	uint32_t status, bytes;
	char *field[EV_NFIELDS]; /* THE PITFALL: each event's own copies */
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
	for (size_t i = 0; i < log->count; i++) {
		struct event *e = &log->blocks[i / EVLOG_BLOCK][i % EVLOG_BLOCK];
		for (int f = 0; f < EV_NFIELDS; f++)
			free(e->field[f]);
	}
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
	for (f = 0; f < EV_NFIELDS; f++) {
		e->field[f] = strdup(ev->field[f]);
		if (e->field[f] == NULL)
			goto nomem;
	}
	e->time = ev->time;
	e->status = ev->status;
	e->bytes = ev->bytes;
	log->count++;
	return 0;
nomem:
	while (f-- > 0)
		free(e->field[f]);
	/* a block just made for this event stays, empty, for the next one */
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
