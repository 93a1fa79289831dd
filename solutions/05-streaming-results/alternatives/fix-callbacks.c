/*
 * alternatives/fix-callbacks.c - a correct fix done otherwise than the
 * reference: push instead of pull.  The source loop hands each line to the
 * first stage, and each stage calls the next one with its record (a chain
 * of callbacks, like a Unix pipe or a SAX parser), so the records flow
 * downstream one at a time and nothing asks for them.  A stage that fails
 * returns -1 and every stage above it stops.  Peak heap: one record.
 * Neighbours: ../pipeline.c (the reference: iterators), fix-batch64.c.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests output memcheck peak-at-largest peak-growth
 */
#include "pipeline.h"

#include <errno.h>

struct flow {
	pipeline_sink sink;
	void *ctx;
	struct pipeline_stats *st;
};

typedef int (*stage_fn)(struct flow *f, struct record *r); /* takes r; 0, or -1 with errno */

static int write_stage(struct flow *f, struct record *r)
{
	char text[REPORT_LINE_MAX + 1];
	size_t len = record_format(r, text);

	record_free(r);
	if (f->sink(f->ctx, text, len) != 0) {
		errno = EIO;
		return -1;
	}
	f->st->written++;
	f->st->bytes += len;
	return 0;
}

static int enrich_stage(struct flow *f, struct record *r)
{
	record_enrich(r);
	return write_stage(f, r);
}

static int filter_stage(struct flow *f, struct record *r)
{
	if (!record_keep(r)) {
		f->st->dropped++;
		record_free(r);
		return 0;
	}
	return enrich_stage(f, r);
}

static int parse_stage(struct flow *f, const char *line, stage_fn next)
{
	struct record *r;
	int ret = record_parse(line, &r);

	if (ret < 0)
		return -1;
	if (ret > 0) {
		f->st->malformed++;
		return 0;
	}
	return next(f, r);
}

int pipeline_run(struct source *src, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	struct flow f = { sink, ctx, st };
	char line[RECORD_LINE_MAX + 1];

	*st = (struct pipeline_stats){ 0 };
	while (source_next(src, line) >= 0) {
		st->records++;
		if (parse_stage(&f, line, filter_stage) != 0)
			return -1;
	}
	return 0;
}
