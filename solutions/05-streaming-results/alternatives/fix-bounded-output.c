/*
 * alternatives/fix-bounded-output.c - a correct fix done otherwise than
 * the reference: one fused loop (no stage structs at all), with its two
 * working buffers malloc'd once, and the output gathered in a fixed
 * OUTBUF-byte buffer that is handed to the sink, line by line, whenever
 * the next line would not fit, and at the end: what stdio's buffered
 * FILE does for write().  Output still leaves as it is made, a few KiB at
 * a time, so memory is bounded: 4 KiB + two line buffers + one record.
 * Each line in the buffer keeps its NUL, for the sink's line[len].
 * Neighbours: ../pipeline.c (the reference), fix-callbacks.c.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-at-largest peak-growth
 */
#include "pipeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define OUTBUF 4096 /* bytes; holds many lines of at most REPORT_LINE_MAX + 1 */

struct out {
	char *buf;
	size_t used;
	pipeline_sink sink;
	void *ctx;
	struct pipeline_stats *st;
};

/* Gives every line held to the sink.  0, or -1 when it refuses one. */
static int flush(struct out *o)
{
	size_t at = 0;

	while (at < o->used) {
		size_t len = strlen(o->buf + at);

		if (o->sink(o->ctx, o->buf + at, len) != 0) {
			errno = EIO;
			return -1;
		}
		o->st->written++;
		o->st->bytes += len;
		at += len + 1;
	}
	o->used = 0;
	return 0;
}

int pipeline_run(struct source *src, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	struct out o = { malloc(OUTBUF), 0, sink, ctx, st };
	char *line = malloc(RECORD_LINE_MAX + 1), *text = malloc(REPORT_LINE_MAX + 1);
	int ret = -1;

	*st = (struct pipeline_stats){ 0 };
	if (o.buf == NULL || line == NULL || text == NULL) {
		errno = ENOMEM;
		goto out;
	}
	while (source_next(src, line) >= 0) {
		struct record *r;
		int parsed = record_parse(line, &r);
		size_t len;

		st->records++;
		if (parsed < 0)
			goto out;
		if (parsed > 0) {
			st->malformed++;
			continue;
		}
		if (!record_keep(r)) {
			st->dropped++;
			record_free(r);
			continue;
		}
		record_enrich(r);
		len = record_format(r, text);
		record_free(r);
		if (o.used + len + 1 > OUTBUF && flush(&o) != 0)
			goto out;
		memcpy(o.buf + o.used, text, len + 1);
		o.used += len + 1;
	}
	if (flush(&o) != 0)
		goto out;
	ret = 0;
out:
	free(o.buf);
	free(line);
	free(text);
	return ret;
}
