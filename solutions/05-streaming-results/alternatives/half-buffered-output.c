/*
 * alternatives/half-buffered-output.c - a half fix: the stages stream,
 * one record at a time, but the output is buffered to the end: every line
 * is appended to one growing report buffer (doubling, like a
 * StringIO's), which is handed to the sink when the stream is over.  The
 * records no longer pile up; the output does: ~46 B per record kept, plus
 * the doubling's slack.  The peak still grows with the stream.
 * Neighbours: ../pipeline.c (the fix), fix-bounded-output.c (the same
 * buffer, bounded).
 * kind: half
 * expect-score: 40 40
 * expect-pass: tests output memcheck
 * expect-fail: peak-at-largest peak-growth
 */
#include "pipeline.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_MIN 4096

struct report {
	char *buf;
	size_t used, cap;
};

/* Appends text[0..len] (its NUL too, so each line can be lent as it is). */
static int report_add(struct report *rp, const char *text, size_t len)
{
	if (rp->cap - rp->used < len + 1) {
		size_t cap = rp->cap == 0 ? REPORT_MIN : rp->cap;
		char *grown;

		while (cap - rp->used < len + 1) {
			if (cap > SIZE_MAX / 2) {
				errno = ENOMEM;
				return -1;
			}
			cap *= 2;
		}
		grown = realloc(rp->buf, cap);
		if (grown == NULL) {
			errno = ENOMEM;
			return -1;
		}
		rp->buf = grown;
		rp->cap = cap;
	}
	memcpy(rp->buf + rp->used, text, len + 1);
	rp->used += len + 1;
	return 0;
}

int pipeline_run(struct source *src, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	struct report rp = { NULL, 0, 0 };
	char line[RECORD_LINE_MAX + 1], text[REPORT_LINE_MAX + 1];
	int ret = -1;

	*st = (struct pipeline_stats){ 0 };
	while (source_next(src, line) >= 0) {
		struct record *r;
		int p = record_parse(line, &r);

		st->records++;
		if (p < 0)
			goto out;
		if (p > 0) {
			st->malformed++;
			continue;
		}
		if (!record_keep(r)) {
			st->dropped++;
			record_free(r);
			continue;
		}
		record_enrich(r);
		size_t len = record_format(r, text);
		record_free(r);
		if (report_add(&rp, text, len) != 0)
			goto out;
	}
	for (size_t at = 0; at < rp.used;) {    /* out.write(report.getvalue()) */
		size_t len = strlen(rp.buf + at);
		if (sink(ctx, rp.buf + at, len) != 0) {
			errno = EIO;
			goto out;
		}
		st->written++;
		st->bytes += len;
		at += len + 1;
	}
	ret = 0;
out:
	free(rp.buf);
	return ret;
}
