/*
 * half-never-freed.c - a half fix of lab 07: the intern table is right,
 * but evlog_release() frees the events and the table's slot array and
 * forgets the strings the slots point to.  Every distinct string is lost
 * when the store goes: memcheck counts them, and the heap is not empty
 * after the release.
 * kind: half
 * expect-score: 70 85
 * expect-pass: tests output peak-third bytes-per-event
 * expect-fail: memcheck freed-at-end
 */
#include "evlog.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define INTERN_SLOTS_MIN 1024 /* first table size, a power of two */
#define INTERN_LOAD_DEN  2    /* grow when more than 1/2 full */

struct intern {
	char **slot;   /* nslots entries: NULL, or a string the table owns */
	size_t nslots; /* a power of two */
	size_t count;  /* strings held */
};

struct event {
	uint64_t time;
	uint32_t status, bytes;
	const char *field[EV_NFIELDS]; /* the intern table's strings */
};

struct evlog {
	struct event **blocks; /* blocks of EVLOG_BLOCK events */
	size_t nblocks;        /* blocks allocated */
	size_t nblocks_max;    /* room in blocks[] */
	size_t count;          /* events added */
	struct intern strings; /* every distinct string of every field */
};

/* FNV-1a, 64 bits. */
static uint64_t hash_str(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(0x100000001b3);
	return h;
}

/* The slot that holds s, or the empty slot where s would go. */
static char **probe(char **slot, size_t nslots, const char *s)
{
	size_t i = (size_t)hash_str(s) & (nslots - 1);

	while (slot[i] != NULL && strcmp(slot[i], s) != 0)
		i = (i + 1) & (nslots - 1);
	return &slot[i];
}

/* The table's copy of s, or NULL: a lookup never inserts. */
static const char *intern_find(const struct intern *t, const char *s)
{
	return t->nslots == 0 ? NULL : *probe(t->slot, t->nslots, s);
}

/* Twice the slots (INTERN_SLOTS_MIN at first), every string moved over. */
static int intern_grow(struct intern *t)
{
	size_t n = t->nslots == 0 ? INTERN_SLOTS_MIN : t->nslots;

	if (t->nslots != 0) {
		if (n > SIZE_MAX / sizeof *t->slot / 2)
			return -1;
		n *= 2;
	}
	char **fresh = calloc(n, sizeof *fresh);
	if (fresh == NULL)
		return -1;
	for (size_t i = 0; i < t->nslots; i++)
		if (t->slot[i] != NULL)
			*probe(fresh, n, t->slot[i]) = t->slot[i];
	free(t->slot);
	t->slot = fresh;
	t->nslots = n;
	return 0;
}

/* The table's copy of s, made on first sight; NULL when out of memory. */
static const char *intern(struct intern *t, const char *s)
{
	const char *have = intern_find(t, s);

	if (have != NULL)
		return have;
	if ((t->count + 1) * INTERN_LOAD_DEN > t->nslots && intern_grow(t) != 0)
		return NULL;
	char **at = probe(t->slot, t->nslots, s);
	*at = strdup(s);
	if (*at == NULL)
		return NULL;
	t->count++;
	return *at;
}

static void intern_free(struct intern *t)
{
	free(t->slot); /* the strings? */
}

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
	intern_free(&log->strings);
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
				return NULL;
			n = log->nblocks_max * EVLOG_GROWTH;
		}
		struct event **grown = realloc(log->blocks, n * sizeof *grown);
		if (grown == NULL)
			return NULL;
		log->blocks = grown;
		log->nblocks_max = n;
	}
	log->blocks[b] = malloc(EVLOG_BLOCK * sizeof(struct event));
	if (log->blocks[b] == NULL)
		return NULL;
	log->nblocks++;
	return log->blocks[b];
}

int evlog_add(struct evlog *log, const struct ev *ev)
{
	const char *s[EV_NFIELDS];

	for (int f = 0; f < EV_NFIELDS; f++)
		if (ev->field[f] == NULL) {
			errno = EINVAL;
			return -1;
		}
	/* strings first: one that fails leaves no event half made (the
	 * strings already in the table stay, for the events to come) */
	for (int f = 0; f < EV_NFIELDS; f++) {
		s[f] = intern(&log->strings, ev->field[f]);
		if (s[f] == NULL)
			goto nomem;
	}
	struct event *e = next_slot(log);
	if (e == NULL)
		goto nomem;
	e->time = ev->time;
	e->status = ev->status;
	e->bytes = ev->bytes;
	for (int f = 0; f < EV_NFIELDS; f++)
		e->field[f] = s[f];
	log->count++;
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
	const struct event *e = &log->blocks[i / EVLOG_BLOCK][i % EVLOG_BLOCK];
	out->time = e->time;
	out->status = e->status;
	out->bytes = e->bytes;
	for (int f = 0; f < EV_NFIELDS; f++)
		out->field[f] = e->field[f];
	return 0;
}

/* Each wanted value looked up once; then a pointer comparison per event. */
struct ev_total evlog_total(const struct evlog *log,
			    const char *const want[EV_NFIELDS])
{
	struct ev_total t = { 0, 0 };
	const char *w[EV_NFIELDS];

	for (int f = 0; f < EV_NFIELDS; f++) {
		w[f] = NULL;
		if (want[f] != NULL && (w[f] = intern_find(&log->strings, want[f])) == NULL)
			return t; /* a value no event has */
	}
	for (size_t i = 0; i < log->count; i++) {
		const struct event *e = &log->blocks[i / EVLOG_BLOCK][i % EVLOG_BLOCK];
		int f = 0;
		while (f < EV_NFIELDS && (w[f] == NULL || e->field[f] == w[f]))
			f++;
		if (f == EV_NFIELDS) {
			t.events++;
			t.bytes += e->bytes;
		}
	}
	return t;
}
