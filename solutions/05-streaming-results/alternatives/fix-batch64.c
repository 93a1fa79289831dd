/*
 * alternatives/fix-batch64.c - a correct fix done otherwise than the
 * reference: each stage works on a batch of BATCH records at a time (what
 * numpy code or a database's vectorised executor does: the loop overhead
 * is paid per batch), then hands the whole batch on.  The batch has a fixed
 * size, so memory does not grow with the stream: at most BATCH records
 * (64 x 112 B as massif counts them) and the line buffers on the stack.
 * A refusing sink stops the batch at that line; the records not yet
 * written are freed.
 * Neighbours: ../pipeline.c (the reference: one record), fix-ring.c.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-at-largest peak-growth
 */
#include "pipeline.h"

#include <errno.h>
#include <stddef.h>

#define BATCH 64

/* Fills recs[] with up to BATCH parsed records; *n of them.  Returns 1
 * while the source may have more, 0 at its end, -1 on failure. */
static int parse_batch(struct source *src, struct record **recs, size_t *n, struct pipeline_stats *st)
{
	char lines[BATCH][RECORD_LINE_MAX + 1];
	size_t got = 0;
	int more = 1;

	*n = 0;
	while (got < BATCH) {
		if (source_next(src, lines[got]) < 0) {
			more = 0;
			break;
		}
		got++;
	}
	st->records += got;
	for (size_t i = 0; i < got; i++) {
		int ret = record_parse(lines[i], &recs[*n]);

		if (ret < 0)
			return -1;
		if (ret > 0)
			st->malformed++;
		else
			(*n)++;
	}
	return more;
}

/* Keeps the records record_keep() accepts, in order; frees the others. */
static size_t filter_batch(struct record **recs, size_t n, struct pipeline_stats *st)
{
	size_t kept = 0;

	for (size_t i = 0; i < n; i++) {
		if (record_keep(recs[i])) {
			recs[kept++] = recs[i];
		} else {
			st->dropped++;
			record_free(recs[i]);
		}
	}
	return kept;
}

static void free_batch(struct record **recs, size_t from, size_t n)
{
	for (size_t i = from; i < n; i++)
		record_free(recs[i]);
}

int pipeline_run(struct source *src, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	struct record *recs[BATCH];
	char text[REPORT_LINE_MAX + 1];
	size_t n;
	int more;

	*st = (struct pipeline_stats){ 0 };
	do {
		more = parse_batch(src, recs, &n, st);
		if (more < 0) {
			free_batch(recs, 0, n);
			return -1;
		}
		n = filter_batch(recs, n, st);
		for (size_t i = 0; i < n; i++)
			record_enrich(recs[i]);
		for (size_t i = 0; i < n; i++) {
			size_t len = record_format(recs[i], text);

			if (sink(ctx, text, len) != 0) {
				free_batch(recs, i, n);
				errno = EIO;
				return -1;
			}
			record_free(recs[i]);
			st->written++;
			st->bytes += len;
		}
	} while (more);
	return 0;
}
