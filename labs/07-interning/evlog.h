/*
 * evlog.h - an event log kept in memory for queries: the events of a web
 * analytics export, each with a time, a status, a size and three strings
 * (the visitor's country, the browser's user agent, the page's path).
 * This header is the manual.  Neighbours: evlog.c (the store: yours to
 * fix), evfile.c (reads a file of events into a store: trusted), main.c (the
 * driver that loads and queries), evgen.c (writes event files),
 * pitfall.c (every event with its own copy of every string).
 *
 * Invariants: what every store must do, however it keeps the strings
 *  - Events are numbered 0 .. evlog_count() - 1 in the order added, and
 *    evlog_get() gives back exactly what evlog_add() was given: the same
 *    numbers, and strings with the same bytes.
 *  - A string is any NUL-terminated string, "" included.  The store never
 *    keeps the caller's pointers: the caller may overwrite or free its
 *    strings as soon as evlog_add() returns (main.c reuses one line buffer).
 *  - The strings evlog_get() points to belong to the store: they stay valid
 *    and unchanged, whatever is added later, until evlog_release().  Two
 *    events with equal strings may be given the same pointer, or not.
 *  - Two strings are equal when strcmp() says so: "Peru" is not "peru" nor
 *    "Per".  A query never changes the store.
 *
 * Life cycle
 *	struct evlog *log = evlog_create();
 *	if (log == NULL) ... out of memory ...
 *	... evlog_add() each event, then evlog_get(), evlog_total() ...
 *	evlog_release(log);
 * Ownership: the caller owns the store (evlog_release() frees it and every
 * byte it allocated); the store owns every string it gives out.
 */
#ifndef MEMLAB_EVLOG_H
#define MEMLAB_EVLOG_H

#include <stddef.h>
#include <stdint.h>

/*
 * Limits and growth constants (pitfall.c and the starter use them; your
 * store may choose its own).
 *
 * EVLOG_BLOCK: events are kept in blocks of this many, so adding one never
 * moves the others (1024 events of 40 B: 40 KiB a block).  The array of
 * block pointers starts at EVLOG_BLOCKS_MIN and grows by EVLOG_GROWTH.
 */
#define EVLOG_BLOCK      1024
#define EVLOG_BLOCKS_MIN 16
#define EVLOG_GROWTH     2

/* The string fields of an event. */
enum ev_field {
	EV_COUNTRY, /* "Germany": a few dozen values */
	EV_BROWSER, /* a user agent, ~100 bytes: about a thousand values */
	EV_PATH,    /* "/shop/garden/hose-42": a few thousand values */
	EV_NFIELDS
};

/* One event, as given to evlog_add() and as evlog_get() gives it back. */
struct ev {
	uint64_t time;    /* seconds since 1970 */
	uint32_t status;  /* the HTTP status */
	uint32_t bytes;   /* the response's size */
	const char *field[EV_NFIELDS];
};

/* What evlog_total() adds up over the events that match. */
struct ev_total {
	uint64_t events;
	uint64_t bytes;   /* the sum of their sizes */
};

struct evlog;

/* A new, empty store, or NULL when out of memory. */
struct evlog *evlog_create(void);

/* Frees the store and everything it holds.  NULL is allowed. */
void evlog_release(struct evlog *log);

/*
 * Appends a copy of *ev (its strings too, in whatever form the store keeps
 * them) as event number evlog_count().  Returns 0, or -1 with errno set and
 * the store unchanged: EINVAL when a field is NULL, ENOMEM.
 */
int evlog_add(struct evlog *log, const struct ev *ev);

/* The number of events added so far. */
size_t evlog_count(const struct evlog *log);

/*
 * Event number i into *out: its numbers, and pointers to its strings (see
 * the invariants: owned by the store).  Returns 0, or -1 when i >=
 * evlog_count() (then *out is untouched).
 */
int evlog_get(const struct evlog *log, size_t i, struct ev *out);

/*
 * The events whose field f equals want[f] for every f where want[f] is
 * not NULL (all NULL: every event), counted and their bytes added up.
 * want[f] can be any string, not only one the store gave out.
 */
struct ev_total evlog_total(const struct evlog *log,
			    const char *const want[EV_NFIELDS]);

/* Trusted (evfile.c): the lab's file format, one event a line. */

/* The longest line evfile_load() accepts, its '\n' included. */
#define EVFILE_LINE_MAX (16 * 1024)

/*
 * Reads the event file at path ("-": stdin) and evlog_add()s each of its
 * lines, in order:  TIME TAB STATUS TAB BYTES TAB COUNTRY TAB BROWSER TAB
 * PATH NEWLINE  (numbers in decimal; strings hold no tab or newline).
 * Returns 0, or -1 with errno set (EINVAL for a malformed line, its number in
 * *bad_line; what open(), read() or evlog_add() said).  Uses no heap.
 */
int evfile_load(struct evlog *log, const char *path, uint64_t *bad_line);

#endif
