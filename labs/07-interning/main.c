/*
 * main.c - the evquery driver: loads an event file into a store and asks it
 * questions.  Trusted lab code: students never edit it.  Neighbours:
 * evlog.h (the API it calls), evfile.c (the loader), evgen.c (writes the
 * file), ../common/workload.c (its command line).
 *
 *	evquery --size N --seed S EVENTFILE      (EVENTFILE "-": stdin)
 *
 * --size and --seed name the workload (N events made by evgen with seed
 * S); the answers come from EVENTFILE alone.  After the load the store
 * holds every event at once, and the driver (like a dashboard) asks:
 *  - a checksum of every event, read back with evlog_get(): every string's
 *    bytes, and the numbers;
 *  - DRIVER_QUERIES totals (evlog_total()) for values taken from events
 *    picked with the seed: a country, a browser, a path, or a country and a
 *    path together; each value is copied first, so it reaches the store as
 *    a string of the driver's own, as a user's query would;
 *  - totals for values that are in no event ("Atlantis", a prefix of a
 *    country, "").
 * Then it releases the store and marks workload_checkpoint(): the driver
 * holds no heap of its own, so whatever is live then, the store left
 * behind.  stdout is the answer, the same for every correct store.
 */
#include "evlog.h"
#include "workload.h"
#include "splitmix.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DRIVER_QUERIES 16
#define DRIVER_EVENTS_MAX (UINT64_C(1) << 32)

static uint64_t rng_state;
static char wanted[EV_NFIELDS][EVFILE_LINE_MAX]; /* the queries' own strings */

static uint64_t rnd(void)
{
	return splitmix_next(&rng_state);
}

/* FNV-1a over n bytes. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	for (const unsigned char *b = p; n > 0; n--, b++)
		h = (h ^ *b) * UINT64_C(0x100000001b3);
	return h;
}

static uint64_t checksum(const struct evlog *log)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	size_t n = evlog_count(log);
	struct ev ev;

	for (size_t i = 0; i < n && evlog_get(log, i, &ev) == 0; i++) {
		h = mix(h, &ev.time, sizeof ev.time);
		h = mix(h, &ev.status, sizeof ev.status);
		h = mix(h, &ev.bytes, sizeof ev.bytes);
		for (int f = 0; f < EV_NFIELDS; f++)
			h = mix(h, ev.field[f], strlen(ev.field[f]) + 1);
	}
	return h;
}

static const char *const names[EV_NFIELDS] = { "country", "browser", "path" };

/* Asks for the total of want[] (NULL: any) and prints it on one line. */
static void ask(const struct evlog *log, int q, const char *const want[EV_NFIELDS])
{
	struct ev_total t = evlog_total(log, want);

	printf("q%d", q);
	for (int f = 0; f < EV_NFIELDS; f++)
		if (want[f] != NULL)
			printf(" %s=\"%s\"", names[f], want[f]);
	printf(": events %" PRIu64 ", bytes %" PRIu64 "\n", t.events, t.bytes);
}

/* Field f of a random event, copied into wanted[f]. */
static const char *pick(const struct evlog *log, int f)
{
	struct ev ev;

	if (evlog_get(log, (size_t)(rnd() % evlog_count(log)), &ev) != 0)
		return "";
	snprintf(wanted[f], sizeof wanted[f], "%s", ev.field[f]);
	return wanted[f];
}

static void queries(const struct evlog *log)
{
	int q = 1;

	for (int i = 0; i < DRIVER_QUERIES; i++) {
		const char *want[EV_NFIELDS] = { NULL, NULL, NULL };
		int kind = i % 4;
		if (kind == 3) {
			want[EV_COUNTRY] = pick(log, EV_COUNTRY);
			want[EV_PATH] = pick(log, EV_PATH);
		} else {
			want[kind] = pick(log, kind);
		}
		ask(log, q++, want);
	}
	ask(log, q++, (const char *const[EV_NFIELDS]){ "Atlantis", NULL, NULL });
	ask(log, q++, (const char *const[EV_NFIELDS]){ "Germ", NULL, NULL });
	ask(log, q++, (const char *const[EV_NFIELDS]){ NULL, "", NULL });
	ask(log, q++, (const char *const[EV_NFIELDS]){ NULL, NULL, NULL });
}

int main(int argc, char **argv)
{
	struct workload w;
	struct evlog *log = NULL;
	uint64_t bad_line = 0, sum;
	int status = EXIT_FAILURE;

	if (workload_init(argc, argv, &w, "--size EVENTS --seed S EVENTFILE") != 0)
		return EXIT_FAILURE;
	if (w.input == NULL) {
		fprintf(stderr, "evquery: no EVENTFILE given (evgen writes one)\n");
		return EXIT_FAILURE;
	}
	log = evlog_create();
	if (log == NULL) {
		fprintf(stderr, "evquery: out of memory\n");
		goto out;
	}
	if (evfile_load(log, w.input, &bad_line) != 0) {
		if (bad_line != 0)
			fprintf(stderr, "evquery: %s:%" PRIu64 ": not an event\n", w.input, bad_line);
		else
			fprintf(stderr, "evquery: %s: %s\n", w.input, strerror(errno));
		goto out;
	}
	if (evlog_count(log) == 0 || evlog_count(log) > DRIVER_EVENTS_MAX) {
		fprintf(stderr, "evquery: %s: %zu events\n", w.input, evlog_count(log));
		goto out;
	}
	rng_state = w.seed;
	sum = checksum(log);
	printf("events: %zu\nchecksum: %016" PRIx64 "\n", evlog_count(log), sum);
	queries(log);
	status = EXIT_SUCCESS;
out:
	evlog_release(log);
	log = NULL;
	workload_checkpoint();
	if (fflush(stdout) != 0) {
		fprintf(stderr, "evquery: writing the answers: %s\n", strerror(errno));
		status = EXIT_FAILURE;
	}
	return status;
}
