/*
 * pipeline.h - a pipeline that turns a stream of order records into report
 * lines: parse, filter, enrich, format, write.  This header is the manual.
 * Neighbours: stages.c (the source and the four stages, one record at a
 * time: trusted, do not edit), pipeline.c (wires them together: yours to
 * fix), pitfall.c (wires them list by list), main.c (the driver: a source
 * of --size records, a sink that digests the lines), tests/.
 *
 * The stream.  A source gives raw lines like "1042,1700000123,u8812,DE,
 * 12999,3" (id, time in seconds since 1970, user, country, amount in cents,
 * items) one at a time, as a Python generator or range() would: it makes
 * each line when asked, so the stream costs no memory, however long it is.
 *
 * What pipeline_run() must do, whoever writes it (the invariants):
 *  - Every line the source gives is one record of the stream, in order.
 *  - record_parse() judges each line: a malformed line counts in malformed
 *    and goes no further.
 *  - record_keep() judges each parsed record: a refused one counts in
 *    dropped and goes no further.
 *  - Each kept record is record_enrich()'ed, then record_format()'ed into
 *    one line, which is given to the sink: lines reach the sink in the
 *    order of their records, each exactly once, with its length.
 *  - records = malformed + dropped + written; bytes adds up the lengths.
 *  - Every record is record_free()'d once it is no longer needed, and
 *    whatever pipeline_run() allocated is freed before it returns, on every
 *    path.
 * Nothing here needs more than one record in memory at a time: that is the
 * lab (README.md).
 *
 * Life cycle
 *	struct source src;
 *	struct pipeline_stats st;
 *	source_generate(&src, seed, count);       (or source_lines() in tests)
 *	if (pipeline_run(&src, sink, ctx, &st) != 0)   ... errno says why
 * Ownership: the source and the sink belong to the caller; a line given to
 * the sink is only lent for the call (copy it to keep it); a record belongs
 * to whoever got it from record_parse(), until record_free().
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Limits.  A source line is at most RECORD_LINE_MAX bytes (no '\n'), a
 * user name at most RECORD_USER_MAX, a formatted line at most
 * REPORT_LINE_MAX bytes with its '\n'.  Buffers one byte bigger hold the
 * NUL too.
 */
#define RECORD_LINE_MAX 80
#define RECORD_USER_MAX 16
#define REPORT_LINE_MAX 96

/*
 * Growth constants of the list-building pipelines (pitfall.c and the
 * starter): a list starts with PIPELINE_LIST_MIN slots and is multiplied by
 * PIPELINE_LIST_GROWTH when full, like a Python list's append().
 */
#define PIPELINE_LIST_MIN    16
#define PIPELINE_LIST_GROWTH 2

/* ---- the source (stages.c) ---- */

struct source {
	uint64_t state;            /* the generator's PRNG state */
	uint64_t left;             /* lines still to give */
	uint64_t given;            /* lines given so far */
	const char *const *lines;  /* source_lines(): the lines, else NULL */
};

/* A source of count generated lines, the same for the same seed.  About 3%
 * of them are malformed, and about 17% are refunds or test orders that
 * record_keep() drops. */
void source_generate(struct source *src, uint64_t seed, uint64_t count);

/* A source of the n given lines (each at most RECORD_LINE_MAX bytes; they
 * must outlive the source). */
void source_lines(struct source *src, const char *const *lines, size_t n);

/*
 * Writes the next line, NUL-terminated, into line[0 .. RECORD_LINE_MAX]
 * and returns its length; returns -1 when the stream has ended.
 */
int source_next(struct source *src, char line[RECORD_LINE_MAX + 1]);

/* ---- one record, and the four stages (stages.c) ---- */

struct record {
	/* parsed from the line */
	uint64_t id;
	int64_t time;        /* seconds since 1970-01-01 UTC */
	char *user;          /* malloc'd, owned by the record */
	char country[3];     /* two capital letters */
	int64_t amount;      /* cents; < 0 for a refund */
	unsigned items;
	/* filled in by record_enrich() */
	const char *region;  /* "EU", "NA", ... or "??": static strings */
	const char *tier;    /* "gold", "silver" or "bronze" */
	int64_t tax;         /* cents */
	int64_t total;       /* amount + tax */
};

/*
 * Parse one source line into a new record (two allocations: the record and
 * its user name).  Returns 0 and sets *out; 1 when the line is malformed
 * (*out = NULL); -1 with errno = ENOMEM (*out = NULL).
 */
int record_parse(const char *line, struct record **out);

/* Frees a record and what it owns.  NULL is allowed. */
void record_free(struct record *r);

/* The filter: 1 to keep the record, 0 to drop it (refunds, test orders). */
int record_keep(const struct record *r);

/* Fills in region, tier, tax and total.  Allocates nothing. */
void record_enrich(struct record *r);

/*
 * Formats an enriched record as one report line ending in '\n' into
 * buf[0 .. REPORT_LINE_MAX], NUL-terminated; returns its length (at most
 * REPORT_LINE_MAX).
 */
size_t record_format(const struct record *r, char buf[REPORT_LINE_MAX + 1]);

/* ---- the pipeline (pipeline.c, pitfall.c, the solution) ---- */

/*
 * Where the lines go.  Called once per line, in order; line[0 .. len) ends
 * in '\n' (line[len] is NUL) and is lent only for the call.  Returns 0 to
 * go on; anything else stops the pipeline.
 */
typedef int (*pipeline_sink)(void *ctx, const char *line, size_t len);

struct pipeline_stats {
	uint64_t records;   /* lines the source gave */
	uint64_t malformed; /* of them, lines record_parse() refused */
	uint64_t dropped;   /* parsed records record_keep() refused */
	uint64_t written;   /* lines given to the sink */
	uint64_t bytes;     /* their bytes */
};

/*
 * Runs src through the stages into sink(ctx, ...) until src ends, and
 * fills *st.  Returns 0; or -1 with errno = ENOMEM when memory runs out,
 * or errno = EIO when the sink returned nonzero (then the sink has had its
 * lines up to and including the one it refused, and no more; *st is
 * unspecified).  Either way everything it allocated is freed.
 */
int pipeline_run(struct source *src, pipeline_sink sink, void *ctx,
		 struct pipeline_stats *st);

#endif
