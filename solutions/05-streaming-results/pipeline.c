/*
 * pipeline.c - the reference fix: a pipeline of iterators, the C twin of
 * Python generators.  Neighbours: labs/05-streaming-results/pipeline.h (the
 * contract), stages.c (the stages), pitfall.c (the same stages list by
 * list), alternatives/ (other fixes, and half fixes).
 *
 *	def parsed(src):   for l in src:    r = parse(l); if r: yield r
 *	def kept(rs):      for r in rs:     if keep(r): yield r
 *	def enriched(rs):  for r in rs:     yield enrich(r)
 *	for r in enriched(kept(parsed(source))):
 *	    out.write(format(r))                        # written as it is made
 *
 * Each stage is a struct with a next() that pulls ONE record from the stage
 * before it, works on it and hands it on: the caller owns it from then on.
 * The writer at the end asks for a record, formats it into one buffer,
 * gives the line to the sink and frees the record before it asks for the
 * next.  So at any moment the pipeline holds one source line, one record
 * (two malloc blocks) and one output line, whatever the stream's length:
 * peak heap is constant, and the first line reaches the sink before the
 * second record is even generated.
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
