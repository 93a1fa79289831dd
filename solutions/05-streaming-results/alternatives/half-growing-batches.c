/*
 * alternatives/half-growing-batches.c - a half fix: batches, but batches
 * that grow with the input.  The first batch holds FIRST_BATCH records and
 * each next one twice as many ("fewer, bigger batches are faster"), so the
 * last batch holds about half the stream: the peak is still proportional
 * to the stream's length, it just grows in steps.  Compare fix-batch64.c,
 * whose batch size is fixed.
 * Neighbours: ../pipeline.c (the fix), fix-batch64.c.
 * kind: half
 * expect-score: 40 40
 * expect-pass: tests output memcheck
 * expect-fail: peak-at-largest peak-growth
 */
#include "pipeline.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#define FIRST_BATCH 64

static void free_from(struct record **recs, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++)
		record_free(recs[i]);
}

int pipeline_run(struct source *src, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	char line[RECORD_LINE_MAX + 1], text[REPORT_LINE_MAX + 1];
	struct record **recs = NULL;
	size_t cap = 0, batch = FIRST_BATCH, n = 0;
	int more = 1, ret = -1;

	*st = (struct pipeline_stats){ 0 };
	while (more) {
		if (batch > cap) {
			struct record **grown;
			if (batch > SIZE_MAX / sizeof *grown) {
				errno = ENOMEM;
				goto out;
			}
			grown = realloc(recs, batch * sizeof *grown);
			if (grown == NULL) {
				errno = ENOMEM;
				goto out;
			}
			recs = grown;
			cap = batch;
		}
		n = 0;
		while (n < batch) {                 /* parse and filter a batch */
			struct record *r;
			int p;
			if (source_next(src, line) < 0) {
				more = 0;
				break;
			}
			st->records++;
			p = record_parse(line, &r);
			if (p < 0)
				goto out;
			if (p > 0)
				st->malformed++;
			else if (!record_keep(r)) {
				st->dropped++;
				record_free(r);
			} else {
				recs[n++] = r;
			}
		}
		for (size_t i = 0; i < n; i++) {    /* then enrich, format and write it */
			record_enrich(recs[i]);
			size_t len = record_format(recs[i], text);
			if (sink(ctx, text, len) != 0) {
				free_from(recs, i, n);
				n = 0;
				errno = EIO;
				goto out;
			}
			record_free(recs[i]);
			st->written++;
			st->bytes += len;
		}
		n = 0;
		batch *= 2;
	}
	ret = 0;
out:
	free_from(recs, 0, n);
	free(recs);
	return ret;
}
