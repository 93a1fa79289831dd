/*
 * alternatives/cheat-lean-wrong.c - lean but wrong: the reference's
 * iterators with the enrich stage left out, so every line goes out with
 * region "??", tier "bronze" and no tax.  It streams, and its peak is the
 * reference's; but the report is wrong, and memory criteria need every
 * test (needs = tests): a pipeline that does not do the job earns no
 * memory points for being small.
 * Neighbours: ../pipeline.c.
 * kind: cheat
 * expect-score: 0 20
 * expect-fail: tests output memcheck peak-at-largest peak-growth
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
		record_free(*out);
		*out = NULL;
	}
	return ret;
}

/* enriched(rs) */
static int enrich_next(struct stage *self, struct record **out)
{
	int ret = self->up->next(self->up, out);

	/* "enrichment can wait": the lines go out without region, tax, tier */
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
