/*
 * alternatives/half-last-stage.c - a half fix: only the last stage
 * streams.  The lines, the parsed records and the kept records are still
 * complete lists, as in pitfall.c; only the formatting is done record by
 * record, each line going to the sink as it is made.  The list of output
 * lines is gone, but the lists before it still hold the whole stream:
 * about 150 B per record, so the peak still grows with the stream.  It
 * does the job (tests and output pass) and loses every peak point.
 * Neighbours: ../pipeline.c (the fix), labs/05-streaming-results/pitfall.c.
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

struct list {
	void **items;
	size_t n, cap;
};

static int append(struct list *l, void *item)
{
	if (l->n == l->cap) {
		size_t cap = l->cap == 0 ? PIPELINE_LIST_MIN : l->cap;
		void **grown;

		if (l->cap != 0 && cap > SIZE_MAX / sizeof *grown / PIPELINE_LIST_GROWTH) {
			errno = ENOMEM;
			return -1;
		}
		if (l->cap != 0)
			cap *= PIPELINE_LIST_GROWTH;
		grown = realloc(l->items, cap * sizeof *grown);
		if (grown == NULL) {
			errno = ENOMEM;
			return -1;
		}
		l->items = grown;
		l->cap = cap;
	}
	l->items[l->n++] = item;
	return 0;
}

static void drop(struct list *l, int records)
{
	for (size_t i = 0; i < l->n; i++) {
		if (records)
			record_free(l->items[i]);
		else
			free(l->items[i]);
	}
	free(l->items);
	*l = (struct list){ 0 };
}

int pipeline_run(struct source *src, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	struct list lines = { 0 }, recs = { 0 }, kept = { 0 };
	char buf[RECORD_LINE_MAX + 1], text[REPORT_LINE_MAX + 1];
	int len, ret = -1;
	size_t i;

	*st = (struct pipeline_stats){ 0 };
	while ((len = source_next(src, buf)) >= 0) {        /* lines = list(source) */
		char *copy = malloc((size_t)len + 1);
		if (copy == NULL || append(&lines, copy) != 0) {
			free(copy);
			errno = ENOMEM;
			goto out;
		}
		memcpy(copy, buf, (size_t)len + 1);
		st->records++;
	}
	for (i = 0; i < lines.n; i++) {                       /* records = [parse(l) ...] */
		struct record *r;
		int p = record_parse(lines.items[i], &r);
		if (p < 0)
			goto out;
		if (p > 0)
			st->malformed++;
		else if (append(&recs, r) != 0) {
			record_free(r);
			goto out;
		}
	}
	drop(&lines, 0);
	for (i = 0; i < recs.n; i++) {                        /* kept = [r ... if keep(r)] */
		struct record *r = recs.items[i];
		if (record_keep(r) && append(&kept, r) == 0) {
			recs.items[i] = NULL;
		} else if (record_keep(r)) {
			goto out;
		} else {
			st->dropped++;
		}
	}
	drop(&recs, 1);
	for (i = 0; i < kept.n; i++) {                        /* the one stage that streams */
		record_enrich(kept.items[i]);
		size_t n = record_format(kept.items[i], text);
		if (sink(ctx, text, n) != 0) {
			errno = EIO;
			goto out;
		}
		st->written++;
		st->bytes += n;
	}
	ret = 0;
out:
	drop(&lines, 0);
	drop(&recs, 1);
	drop(&kept, 1);
	return ret;
}
