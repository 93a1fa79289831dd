/*
 * fix-chaining.c - an alternative fix of lab 07, done apart from the
 * reference: the intern table is a chained hash set whose nodes carry the
 * string inline (one malloc per distinct string: link, hash, bytes), with a
 * djb2 hash, the chain's stored hash compared before any strcmp(), and a
 * bucket array that doubles at load 1; events live in one array that
 * realloc() doubles (no blocks), so the peak holds up to twice the events'
 * room.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-third bytes-per-event freed-at-end
 */
#include "evlog.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS_MIN 256 /* a power of two */
#define EVENTS_MIN  4096

struct node {
	struct node *next;
	uint32_t hash;
	char s[];        /* the one copy */
};

struct event {
	uint64_t time;
	uint32_t status, bytes;
	const char *field[EV_NFIELDS];
};

struct evlog {
	struct event *ev;
	size_t count, cap;
	struct node **bucket;
	size_t nbuckets, nstrings;
};

static uint32_t djb2(const char *s)
{
	uint32_t h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static struct node *lookup(const struct evlog *log, const char *s, uint32_t h)
{
	if (log->nbuckets == 0)
		return NULL;
	for (struct node *n = log->bucket[h & (log->nbuckets - 1)]; n != NULL; n = n->next)
		if (n->hash == h && strcmp(n->s, s) == 0)
			return n;
	return NULL;
}

static int rehash(struct evlog *log)
{
	size_t n = log->nbuckets == 0 ? BUCKETS_MIN : log->nbuckets;

	if (log->nbuckets != 0) {
		if (n > SIZE_MAX / sizeof(struct node *) / 2)
			return -1;
		n *= 2;
	}
	struct node **fresh = calloc(n, sizeof *fresh);
	if (fresh == NULL)
		return -1;
	for (size_t i = 0; i < log->nbuckets; i++)
		for (struct node *e = log->bucket[i], *next; e != NULL; e = next) {
			next = e->next;
			e->next = fresh[e->hash & (n - 1)];
			fresh[e->hash & (n - 1)] = e;
		}
	free(log->bucket);
	log->bucket = fresh;
	log->nbuckets = n;
	return 0;
}

static const char *intern(struct evlog *log, const char *s)
{
	uint32_t h = djb2(s);
	struct node *n = lookup(log, s, h);

	if (n != NULL)
		return n->s;
	if (log->nstrings >= log->nbuckets && rehash(log) != 0)
		return NULL;
	size_t len = strlen(s);
	if (len > SIZE_MAX - sizeof *n - 1)
		return NULL;
	n = malloc(sizeof *n + len + 1);
	if (n == NULL)
		return NULL;
	memcpy(n->s, s, len + 1);
	n->hash = h;
	n->next = log->bucket[h & (log->nbuckets - 1)];
	log->bucket[h & (log->nbuckets - 1)] = n;
	log->nstrings++;
	return n->s;
}

struct evlog *evlog_create(void)
{
	return calloc(1, sizeof(struct evlog));
}

void evlog_release(struct evlog *log)
{
	if (log == NULL)
		return;
	for (size_t i = 0; i < log->nbuckets; i++)
		for (struct node *e = log->bucket[i], *next; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	free(log->bucket);
	free(log->ev);
	free(log);
}

int evlog_add(struct evlog *log, const struct ev *ev)
{
	const char *s[EV_NFIELDS];

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
		if ((s[f] = intern(log, ev->field[f])) == NULL)
			goto nomem;
	struct event *e = &log->ev[log->count++];
	e->time = ev->time;
	e->status = ev->status;
	e->bytes = ev->bytes;
	memcpy(e->field, s, sizeof s);
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
	memcpy(out->field, log->ev[i].field, sizeof out->field);
	return 0;
}

struct ev_total evlog_total(const struct evlog *log, const char *const want[EV_NFIELDS])
{
	struct ev_total t = { 0, 0 };
	const char *w[EV_NFIELDS] = { NULL, NULL, NULL };

	for (int f = 0; f < EV_NFIELDS; f++)
		if (want[f] != NULL) {
			struct node *n = lookup(log, want[f], djb2(want[f]));
			if (n == NULL)
				return t;
			w[f] = n->s;
		}
	for (size_t i = 0; i < log->count; i++) {
		const struct event *e = &log->ev[i];
		if ((w[0] == NULL || e->field[0] == w[0]) && (w[1] == NULL || e->field[1] == w[1]) &&
		    (w[2] == NULL || e->field[2] == w[2])) {
			t.events++;
			t.bytes += e->bytes;
		}
	}
	return t;
}
