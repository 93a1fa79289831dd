/*
 * fix-ids.c - an alternative fix of lab 07, done apart from the
 * reference: events hold no pointers but 32-bit string numbers (ids), so
 * an event is 24 B.  The strings are numbered in order of first sight in
 * one growable array of owned copies; a separate open-addressing index of
 * ids (0: empty, id + 1 otherwise), with quadratic probing and an sdbm hash,
 * finds a string's id.  Queries compare ids.  Events grow in one array
 * doubled with realloc().
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-third bytes-per-event freed-at-end
 */
#include "evlog.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define INDEX_MIN  512 /* a power of two */
#define EVENTS_MIN 256
#define IDS_MAX    UINT32_MAX

struct event {
	uint64_t time;
	uint32_t status, bytes;
	uint32_t id[EV_NFIELDS];
	uint32_t pad;
};

struct evlog {
	char **str;      /* str[id]: the string numbered id */
	size_t nstr, str_cap;
	uint32_t *index; /* id + 1, or 0 */
	size_t index_n;
	struct event *ev;
	size_t count, cap;
};

static uint32_t sdbm(const char *s)
{
	uint32_t h = 0;

	while (*s != '\0')
		h = (unsigned char)*s++ + (h << 6) + (h << 16) - h;
	return h;
}

/* The index slot of s: holding its id + 1, or 0 where it would go. */
static uint32_t *slot_of(uint32_t *index, size_t n, char *const *str, const char *s)
{
	size_t i = sdbm(s) & (n - 1);

	for (size_t step = 1; index[i] != 0 && strcmp(str[index[i] - 1], s) != 0; step++)
		i = (i + step) & (n - 1); /* triangular steps visit every slot */
	return &index[i];
}

static int grow_index(struct evlog *log)
{
	size_t n = log->index_n == 0 ? INDEX_MIN : log->index_n;

	if (log->index_n != 0) {
		if (n > SIZE_MAX / sizeof(uint32_t) / 2)
			return -1;
		n *= 2;
	}
	uint32_t *fresh = calloc(n, sizeof *fresh);
	if (fresh == NULL)
		return -1;
	for (size_t id = 0; id < log->nstr; id++)
		*slot_of(fresh, n, log->str, log->str[id]) = (uint32_t)id + 1;
	free(log->index);
	log->index = fresh;
	log->index_n = n;
	return 0;
}

/* The id of s, numbered now if new; -1 when out of memory. */
static int64_t id_of(struct evlog *log, const char *s)
{
	if ((log->nstr + 1) * 2 > log->index_n && grow_index(log) != 0)
		return -1;
	uint32_t *at = slot_of(log->index, log->index_n, log->str, s);
	if (*at != 0)
		return *at - 1;
	if (log->nstr >= IDS_MAX - 1)
		return -1;
	if (log->nstr == log->str_cap) {
		size_t cap = log->str_cap == 0 ? 64 : log->str_cap * 2;
		if (cap > SIZE_MAX / sizeof(char *))
			return -1;
		char **grown = realloc(log->str, cap * sizeof *grown);
		if (grown == NULL)
			return -1;
		log->str = grown;
		log->str_cap = cap;
	}
	char *copy = strdup(s);
	if (copy == NULL)
		return -1;
	log->str[log->nstr] = copy;
	*at = (uint32_t)++log->nstr;
	return *at - 1;
}

struct evlog *evlog_create(void)
{
	return calloc(1, sizeof(struct evlog));
}

void evlog_release(struct evlog *log)
{
	if (log == NULL)
		return;
	for (size_t i = 0; i < log->nstr; i++)
		free(log->str[i]);
	free(log->str);
	free(log->index);
	free(log->ev);
	free(log);
}

int evlog_add(struct evlog *log, const struct ev *ev)
{
	int64_t id[EV_NFIELDS];

	for (int f = 0; f < EV_NFIELDS; f++)
		if (ev->field[f] == NULL) {
			errno = EINVAL;
			return -1;
		}
	if (log->count == log->cap) {
		size_t cap = log->cap == 0 ? EVENTS_MIN : log->cap;
		if (log->cap != 0) {
			if (cap > SIZE_MAX / sizeof *log->ev / 2)
				goto nomem;
			cap *= 2;
		}
		struct event *grown = realloc(log->ev, cap * sizeof *grown);
		if (grown == NULL)
			goto nomem;
		log->ev = grown;
		log->cap = cap;
	}
	for (int f = 0; f < EV_NFIELDS; f++)
		if ((id[f] = id_of(log, ev->field[f])) < 0)
			goto nomem;
	struct event *e = &log->ev[log->count++];
	e->time = ev->time;
	e->status = ev->status;
	e->bytes = ev->bytes;
	for (int f = 0; f < EV_NFIELDS; f++)
		e->id[f] = (uint32_t)id[f];
	e->pad = 0;
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
	out->time = log->ev[i].time;
	out->status = log->ev[i].status;
	out->bytes = log->ev[i].bytes;
	for (int f = 0; f < EV_NFIELDS; f++)
		out->field[f] = log->str[log->ev[i].id[f]];
	return 0;
}

struct ev_total evlog_total(const struct evlog *log, const char *const want[EV_NFIELDS])
{
	struct ev_total t = { 0, 0 };
	int64_t w[EV_NFIELDS] = { -1, -1, -1 };

	for (int f = 0; f < EV_NFIELDS; f++)
		if (want[f] != NULL) {
			if (log->index_n == 0)
				return t;
			uint32_t at = *slot_of(log->index, log->index_n, log->str, want[f]);
			if (at == 0)
				return t;
			w[f] = at - 1;
		}
	for (size_t i = 0; i < log->count; i++) {
		int f = 0;
		while (f < EV_NFIELDS && (w[f] < 0 || (uint32_t)w[f] == log->ev[i].id[f]))
			f++;
		if (f == EV_NFIELDS) {
			t.events++;
			t.bytes += log->ev[i].bytes;
		}
	}
	return t;
}
