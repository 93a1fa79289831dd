/*
 * pitfall.c - the pipeline built list by list (trusted lab code: the
 * expected output comes from this file; students do not edit it).
 * Neighbours: pipeline.h (the contract), stages.c (the stages it chains),
 * main.c (the driver), ../../solutions/05-streaming-results/pipeline.c (the
 * fix).
 *
 * This is the C twin of the most natural Python pipeline:
 *
 *	lines    = list(source)                          # every line
 *	records  = [parse(l) for l in lines if ok(l)]    # every record
 *	kept     = [r for r in records if keep(r)]
 *	enriched = [enrich(r) for r in kept]
 *	texts    = [format(r) for r in enriched]         # every output line
 *	for t in texts:
 *	    out.write(t)                                  # written at the end
 *
 * Each stage is a comprehension: it returns a complete list before the
 * next stage starts, and the output is written only when the last list is
 * complete.  It is correct, and each step is easy to test.  But between
 * two stages the whole stream is in memory, so the peak grows with the
 * stream's length: twice as many records, twice the heap.  A stream of
 * events never ends; a pipeline like this one dies the day it gets big.
 *
 * How it hurts, concretely: each record costs its raw line (a malloc'd
 * copy), a parsed record and its user name (two blocks), a formatted line
 * (another copy), and a slot in each list (8 B, with up to half of a list
 * unused after it doubles), plus malloc's bookkeeping on every block.  Each
 * stage frees the list before it once it is done, as `del lines` would;
 * the peak is where two big lists are alive together.
 */
#include "pipeline.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A Python list: a growable array of pointers. */
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

/* lines = list(source) */
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

/* texts = [format(r) for r in enriched] */
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
