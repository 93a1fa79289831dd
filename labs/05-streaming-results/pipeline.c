/*
 * pipeline.c - the pipeline: YOUR file.  It starts as pitfall.c does, each
 * stage building a complete list before the next starts and the output
 * written at the end, so the heap grows with the stream.  Make it stream:
 * one record at a time from the source to the sink (README.md, "The fix").
 * Neighbours: pipeline.h (the contract: read it first), stages.c (the
 * stages, one record each: trusted), pitfall.c (this file as handed out,
 * explained), main.c (the driver), tests/test_pipeline.c (make test).
 *
 *	lines    = list(source)                          # every line
 *	records  = [parse(l) for l in lines if ok(l)]    # every record
 *	kept     = [r for r in records if keep(r)]
 *	enriched = [enrich(r) for r in kept]
 *	texts    = [format(r) for r in enriched]         # every output line
 *	for t in texts:
 *	    out.write(t)                                  # written at the end
 *
 * TODO: replace the lists by stages that pass ONE record on at a time:
 * iterators (a struct per stage with a next() that pulls a record from the
 * stage before it, as a Python generator does) or callbacks (each stage
 * calls the next one with its record).  Give each line to the sink as soon
 * as it is formatted, and free each record as soon as its line is made.
 * `make run` shows the heap; `make test` checks you still do the job.
 */
#include "pipeline.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A Python list: a growable array of pointers.
 * TODO: a streaming pipeline needs no list at all. */
struct list {
	void **items;
	size_t n, cap;
};

static int list_append(struct list *l, void *item)
{
	if (l->n == l->cap) {
		size_t cap = l->cap == 0 ? PIPELINE_LIST_MIN : l->cap;
		void **grown;

		if (l->cap != 0 && cap > SIZE_MAX / sizeof *grown / PIPELINE_LIST_GROWTH)
			goto nomem;
		if (l->cap != 0)
			cap *= PIPELINE_LIST_GROWTH;
		grown = realloc(l->items, cap * sizeof *grown);
		if (grown == NULL)
			goto nomem;
		l->items = grown;
		l->cap = cap;
	}
	l->items[l->n++] = item;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

/* Frees the list, and its items with free_item (unless NULL). */
static void list_free(struct list *l, void (*free_item)(void *))
{
	if (free_item != NULL)
		for (size_t i = 0; i < l->n; i++)
			free_item(l->items[i]);
	free(l->items);
	*l = (struct list){ 0 };
}

static void free_record(void *r)
{
	record_free(r);
}

/* A malloc'd copy of s[0 .. len] (its NUL included), or NULL. */
static char *copy(const char *s, size_t len)
{
	char *c = malloc(len + 1);

	if (c != NULL)
		memcpy(c, s, len + 1);
	return c;
}

/* lines = list(source)
 * TODO: the whole stream, copied line by line: take one line at a time. */
static int read_all(struct source *src, struct list *lines, struct pipeline_stats *st)
{
	char buf[RECORD_LINE_MAX + 1];
	int len;

	while ((len = source_next(src, buf)) >= 0) {
		char *line = copy(buf, (size_t)len);
		if (line == NULL || list_append(lines, line) != 0) {
			free(line);
			errno = ENOMEM;
			return -1;
		}
		st->records++;
	}
	return 0;
}

/* records = [parse(l) for l in lines if ok(l)] */
static int parse_all(const struct list *lines, struct list *records, struct pipeline_stats *st)
{
	for (size_t i = 0; i < lines->n; i++) {
		struct record *r;
		int ret = record_parse(lines->items[i], &r);

		if (ret < 0)
			return -1;
		if (ret > 0) {
			st->malformed++;
			continue;
		}
		if (list_append(records, r) != 0) {
			record_free(r);
			return -1;
		}
	}
	return 0;
}

/* kept = [r for r in records if keep(r)]; the records move to kept (or
 * are freed), records is left empty. */
static int filter_all(struct list *records, struct list *kept, struct pipeline_stats *st)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < records->n; i++) {
		struct record *r = records->items[i];

		if (!record_keep(r)) {
			st->dropped++;
			record_free(r);
		} else if (list_append(kept, r) != 0) {
			ret = -1;
			break;
		}
	}
	for (; i < records->n; i++) /* after a failure: the records not moved */
		record_free(records->items[i]);
	records->n = 0;
	list_free(records, NULL);
	return ret;
}

/* enriched = [enrich(r) for r in kept]: in place, the list is returned */
static void enrich_all(struct list *kept)
{
	for (size_t i = 0; i < kept->n; i++)
		record_enrich(kept->items[i]);
}

/* texts = [format(r) for r in enriched]
 * TODO: every output line kept until the end: give each to the sink at once. */
static int format_all(const struct list *enriched, struct list *texts)
{
	char buf[REPORT_LINE_MAX + 1];

	for (size_t i = 0; i < enriched->n; i++) {
		size_t len = record_format(enriched->items[i], buf);
		char *text = copy(buf, len);

		if (text == NULL || list_append(texts, text) != 0) {
			free(text);
			errno = ENOMEM;
			return -1;
		}
	}
	return 0;
}

/* for t in texts: out.write(t) */
static int write_all(const struct list *texts, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	for (size_t i = 0; i < texts->n; i++) {
		const char *t = texts->items[i];
		size_t len = strlen(t);

		if (sink(ctx, t, len) != 0) {
			errno = EIO;
			return -1;
		}
		st->written++;
		st->bytes += len;
	}
	return 0;
}

/* TODO: one loop (or a chain of next() calls) from source to sink. */
int pipeline_run(struct source *src, pipeline_sink sink, void *ctx, struct pipeline_stats *st)
{
	struct list lines = { 0 }, records = { 0 }, kept = { 0 }, texts = { 0 };
	int ret = -1;

	*st = (struct pipeline_stats){ 0 };
	if (read_all(src, &lines, st) != 0)
		goto out;
	if (parse_all(&lines, &records, st) != 0)
		goto out;
	list_free(&lines, free); /* del lines */
	if (filter_all(&records, &kept, st) != 0)
		goto out;
	enrich_all(&kept);
	if (format_all(&kept, &texts) != 0)
		goto out;
	list_free(&kept, free_record); /* del enriched */
	if (write_all(&texts, sink, ctx, st) != 0)
		goto out;
	ret = 0;
out:
	list_free(&lines, free);
	list_free(&records, free_record);
	list_free(&kept, free_record);
	list_free(&texts, free);
	return ret;
}
