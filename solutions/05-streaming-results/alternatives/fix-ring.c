/*
 * alternatives/fix-ring.c - a correct fix done otherwise than the
 * reference: two stages with a ring buffer of RING_SLOTS records between
 * them, as between two threads or two processes of a real pipeline (a Go
 * channel with a buffer, a pipe's 64 KiB).  The producer parses and
 * filters until the ring is full or the source ends; the consumer then
 * enriches, formats and writes until it is empty; and again.  The ring is
 * one malloc'd array of slots, allocated once: memory is bounded by the
 * ring's size, never by the stream's (256 records x 112 B + 2 KiB of slots).
 * Neighbours: ../pipeline.c (the reference: no buffer at all),
 * fix-batch64.c.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-at-largest peak-growth
 */
#include "pipeline.h"

#include <errno.h>
#include <stdlib.h>

#define RING_SLOTS 256 /* a power of two: indices wrap with a mask */

struct ring {
	struct record **slot;
	size_t head, tail; /* free-running counts: tail - head records are held */
};

static int ring_full(const struct ring *q)  { return q->tail - q->head == RING_SLOTS; }
static int ring_empty(const struct ring *q) { return q->tail == q->head; }

/* The producer: 1 while the source may have more, 0 at its end, -1. */
static int produce(struct ring *q, struct source *src, struct pipeline_stats *st)
{
	char line[RECORD_LINE_MAX + 1];

	while (!ring_full(q)) {
		struct record *r;
		int ret;

		if (source_next(src, line) < 0)
			return 0;
		st->records++;
		ret = record_parse(line, &r);
		if (ret < 0)
			return -1;
		if (ret > 0) {
			st->malformed++;
		} else if (!record_keep(r)) {
			st->dropped++;
			record_free(r);
		} else {
			q->slot[q->tail++ & (RING_SLOTS - 1)] = r;
		}
	}
	return 1;
}

/* The consumer: 0, or -1 when the sink refuses. */
static int consume(struct ring *q, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	char text[REPORT_LINE_MAX + 1];

	while (!ring_empty(q)) {
		struct record *r = q->slot[q->head++ & (RING_SLOTS - 1)];
		size_t len;

		record_enrich(r);
		len = record_format(r, text);
		record_free(r);
		if (sink(ctx, text, len) != 0) {
			errno = EIO;
			return -1;
		}
		st->written++;
		st->bytes += len;
	}
	return 0;
}

int pipeline_run(struct source *src, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	struct ring q = { NULL, 0, 0 };
	int more = 1, ret = -1;

	*st = (struct pipeline_stats){ 0 };
	q.slot = calloc(RING_SLOTS, sizeof *q.slot);
	if (q.slot == NULL) {
		errno = ENOMEM;
		return -1;
	}
	while (more) {
		more = produce(&q, src, st);
		if (more < 0 || consume(&q, sink, ctx, st) != 0)
			goto out;
	}
	ret = 0;
out:
	while (!ring_empty(&q))
		record_free(q.slot[q.head++ & (RING_SLOTS - 1)]);
	free(q.slot);
	return ret;
}
