/*
 * alternatives/half-leaks-dropped.c - a half fix: the reference's
 * iterators, but the filter forgets to free the records it drops (it only
 * stops pointing at them, as if a garbage collector would come by).  In C
 * nothing comes by: every refund and test order stays allocated to the
 * end, ~17% of the stream at 112 B each, so memcheck finds the leak and
 * the peak grows with the stream again.
 * Neighbours: ../pipeline.c (frees them).
 * kind: half
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-fail: memcheck peak-at-largest peak-growth
 */
#include "pipeline.h"

#include <errno.h>
#include <stdlib.h>

/*
 * An iterator over records.  next() returns 1 and sets *out to the next
 * record (the caller's to free); 0 at the end of the stream; -1 with errno
 * set on failure.
 */
struct stage {
	int (*next)(struct stage *self, struct record **out);
	struct stage *up;          /* the stage records come from; NULL for the parser */
	struct source *src;        /* the parser's */
	struct pipeline_stats *st; /* the counts each stage keeps */
};

/* parsed(src): one line from the source, parsed; malformed lines skipped. */
static int parse_next(struct stage *self, struct record **out)
{
	char line[RECORD_LINE_MAX + 1];

	while (source_next(self->src, line) >= 0) {
		int ret;

		self->st->records++;
		ret = record_parse(line, out);
		if (ret <= 0)
			return ret == 0 ? 1 : -1;
		self->st->malformed++;
	}
	return 0;
}

/* kept(rs): the next record record_keep() accepts; the others freed. */
static int filter_next(struct stage *self, struct record **out)
{
	int ret;

	while ((ret = self->up->next(self->up, out)) == 1) {
		if (record_keep(*out))
			return 1;
		self->st->dropped++;
		*out = NULL; /* the record is simply forgotten: a leak */
	}
	return ret;
}

/* enriched(rs) */
static int enrich_next(struct stage *self, struct record **out)
{
	int ret = self->up->next(self->up, out);

	if (ret == 1)
		record_enrich(*out);
	return ret;
}

int pipeline_run(struct source *src, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	struct stage parse = { parse_next, NULL, src, st };
	struct stage filter = { filter_next, &parse, NULL, st };
	struct stage enrich = { enrich_next, &filter, NULL, st };
	char text[REPORT_LINE_MAX + 1];
	struct record *r = NULL;
	int got, ret = -1;

	*st = (struct pipeline_stats){ 0 };
	while ((got = enrich.next(&enrich, &r)) == 1) {
		size_t len = record_format(r, text);

		record_free(r);
		r = NULL;
		if (sink(ctx, text, len) != 0) {
			errno = EIO;
			goto out;
		}
		st->written++;
		st->bytes += len;
	}
	if (got == 0)
		ret = 0;
out:
	record_free(r);
	return ret;
}
