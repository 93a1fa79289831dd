/*
 * fix-arena.c - an alternative fix of lab 07, done apart from the
 * reference: one intern table per field (three small open-addressing
 * tables of {hash, string} pairs, kept at most 3/4 full, a multiply-rotate
 * hash that reads 8 bytes at a time), and the strings copied not into a
 * malloc block each but into an arena: 16 KiB chunks filled end to end, a
 * string longer than a chunk getting a chunk of its own.  The arena is
 * never realloc'd, so a string's address never changes.  Events sit in an
 * array grown by half each time with realloc().
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-third bytes-per-event freed-at-end
 */
#include "evlog.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (16 * 1024) /* bytes of strings per chunk */
#define TABLE_MIN   64          /* slots, a power of two */
#define EVENTS_MIN  1000

struct chunk {
	struct chunk *prev;
	size_t used, size;
	char bytes[];
};

struct slot {
	uint64_t hash;
	const char *s; /* NULL: empty */
};

struct table {
	struct slot *slot;
	size_t n, used; /* n a power of two */
};

struct event {
	uint64_t time;
	uint32_t status, bytes;
	const char *field[EV_NFIELDS];
};

struct evlog {
	struct table tab[EV_NFIELDS];
	struct chunk *arena; /* the newest chunk; ->prev the older ones */
	struct event *ev;
	size_t count, cap;
};

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0x243f6a8885a308d3u ^ len;

	for (; len >= 8; len -= 8, s += 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = ((h ^ w) * 0x9fb21c651e98df25u);
		h ^= h >> 29;
	}
	for (; len > 0; len--, s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h ^ (h >> 32);
}

/* A copy of s (len bytes and a NUL) in the arena. */
static const char *arena_copy(struct evlog *log, const char *s, size_t len)
{
	struct chunk *c = log->arena;

	if (c == NULL || c->size - c->used < len + 1) {
		size_t size = len + 1 > ARENA_CHUNK ? len + 1 : ARENA_CHUNK;
		if (size > SIZE_MAX - sizeof *c)
			return NULL;
		c = malloc(sizeof *c + size);
		if (c == NULL)
			return NULL;
		c->size = size;
		c->used = 0;
		/* a big string's own chunk goes behind the one being filled */
		if (size > ARENA_CHUNK && log->arena != NULL) {
			c->prev = log->arena->prev;
			log->arena->prev = c;
		} else {
			c->prev = log->arena;
			log->arena = c;
		}
	}
	char *at = c->bytes + c->used;
	memcpy(at, s, len + 1);
	c->used += len + 1;
	return at;
}

static struct slot *find(const struct table *t, const char *s, uint64_t h)
{
	for (size_t i = h & (t->n - 1);; i = (i + 1) & (t->n - 1))
		if (t->slot[i].s == NULL || (t->slot[i].hash == h && strcmp(t->slot[i].s, s) == 0))
			return &t->slot[i];
}

static int table_grow(struct table *t)
{
	size_t n = t->n == 0 ? TABLE_MIN : t->n;

	if (t->n != 0) {
		if (n > SIZE_MAX / sizeof(struct slot) / 2)
			return -1;
		n *= 2;
	}
	struct table fresh = { calloc(n, sizeof(struct slot)), n, t->used };
	if (fresh.slot == NULL)
		return -1;
	for (size_t i = 0; i < t->n; i++)
		if (t->slot[i].s != NULL)
			*find(&fresh, t->slot[i].s, t->slot[i].hash) = t->slot[i];
	free(t->slot);
	*t = fresh;
	return 0;
}

static const char *intern(struct evlog *log, int f, const char *s)
{
	struct table *t = &log->tab[f];
	size_t len = strlen(s);
	uint64_t h = hash_bytes(s, len);

	if ((t->used + 1) * 4 > t->n * 3 && table_grow(t) != 0)
		return NULL;
	struct slot *sl = find(t, s, h);
	if (sl->s != NULL)
		return sl->s;
	const char *copy = arena_copy(log, s, len);
	if (copy == NULL)
		return NULL;
	sl->hash = h;
	sl->s = copy;
	t->used++;
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
	for (struct chunk *c = log->arena, *prev; c != NULL; c = prev) {
		prev = c->prev;
		free(c);
	}
	for (int f = 0; f < EV_NFIELDS; f++)
		free(log->tab[f].slot);
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
		if (cap > SIZE_MAX / sizeof *log->ev / 2)
			goto nomem;
		cap += log->cap == 0 ? 0 : cap / 2;
		struct event *grown = realloc(log->ev, cap * sizeof *grown);
		if (grown == NULL)
			goto nomem;
		log->ev = grown;
		log->cap = cap;
	}
	for (int f = 0; f < EV_NFIELDS; f++)
		if ((s[f] = intern(log, f, ev->field[f])) == NULL)
			goto nomem;
	struct event *e = &log->ev[log->count++];
	*e = (struct event){ ev->time, ev->status, ev->bytes, { s[0], s[1], s[2] } };
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
	const struct event *e = &log->ev[i];
	*out = (struct ev){ e->time, e->status, e->bytes, { e->field[0], e->field[1], e->field[2] } };
	return 0;
}

struct ev_total evlog_total(const struct evlog *log, const char *const want[EV_NFIELDS])
{
	struct ev_total t = { 0, 0 };
	const char *w[EV_NFIELDS] = { NULL, NULL, NULL };

	for (int f = 0; f < EV_NFIELDS; f++) {
		if (want[f] == NULL)
			continue;
		if (log->tab[f].n == 0)
			return t;
		const struct slot *sl = find(&log->tab[f], want[f], hash_bytes(want[f], strlen(want[f])));
		if (sl->s == NULL)
			return t;
		w[f] = sl->s;
	}
	for (size_t i = 0; i < log->count; i++) {
		const struct event *e = &log->ev[i];
		if ((!w[0] || e->field[0] == w[0]) && (!w[1] || e->field[1] == w[1]) && (!w[2] || e->field[2] == w[2])) {
			t.events++;
			t.bytes += e->bytes;
		}
	}
	return t;
}
