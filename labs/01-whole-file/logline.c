/*
 * logline.c - what one line of the log means: the record scanner and the
 * per-line bookkeeping.  Trusted lab code, shared by every reader (the
 * starter, pitfall.c, the solution) so that they all judge lines alike.
 * Neighbours: logstats.h (the grammar, in its invariants), logstats.c (the
 * reader that feeds it).
 *
 * The scanner is a state machine over bytes.  It remembers which field it
 * is in and the two numbers it keeps (status, size), never the bytes it has
 * seen, so a line can reach it in pieces cut anywhere, and a 100 KiB URL
 * costs it no memory.  Once the size field has ended, the line is decided
 * and the rest (referer, user agent) is skipped without a look.
 */
#include "logstats.h"

#include <string.h>

enum {
	IN_HOST,       /* one or more non-SP bytes, then SP */
	IN_IDENT,      /* likewise */
	IN_USER,       /* likewise */
	AT_DATE,       /* '[' */
	IN_DATE,       /* anything up to ']' */
	AFTER_DATE,    /* SP */
	AT_REQUEST,    /* '"' */
	IN_REQUEST,    /* anything up to '"' */
	AFTER_REQUEST, /* SP */
	IN_STATUS,     /* 3 digits, then SP */
	IN_SIZE,       /* digits, or "-" */
	AFTER_DASH,    /* the size was "-": the field must end here */
	IS_RECORD,     /* decided: a record; the rest is not read */
	IS_MALFORMED,  /* decided: not a record */
};

void logstats_init(struct logstats *st)
{
	memset(st, 0, sizeof *st);
}

void logline_start(struct logline *line)
{
	line->state = IN_HOST;
	line->count = 0;
	line->status = 0;
	line->size = 0;
}

/* The size field ended at byte c (or at the line's end when c is -1). */
static unsigned size_ends(const struct logline *line, int c)
{
	if (line->count == 0)
		return IS_MALFORMED; /* empty size field */
	if (c == -1 || c == ' ' || c == '\r')
		return IS_RECORD;
	return IS_MALFORMED;
}

/* One step of the machine for a byte that is not skipped by memchr. */
static unsigned step(struct logline *line, unsigned char c)
{
	switch (line->state) {
	case IN_HOST:
	case IN_IDENT:
	case IN_USER:
		if (c != ' ') {
			line->count++;
			return line->state;
		}
		if (line->count == 0)
			return IS_MALFORMED;
		line->count = 0;
		return line->state + 1;
	case AT_DATE:
		return c == '[' ? IN_DATE : IS_MALFORMED;
	case AFTER_DATE:
	case AFTER_REQUEST:
		return c == ' ' ? line->state + 1 : IS_MALFORMED;
	case AT_REQUEST:
		return c == '"' ? IN_REQUEST : IS_MALFORMED;
	case IN_STATUS:
		if (line->count < 3 && c >= '0' && c <= '9') {
			line->status = line->status * 10 + (unsigned)(c - '0');
			line->count++;
			return IN_STATUS;
		}
		if (line->count == 3 && c == ' ' &&
		    line->status >= LOGSTATS_STATUS_MIN &&
		    line->status <= LOGSTATS_STATUS_MAX) {
			line->count = 0;
			return IN_SIZE;
		}
		return IS_MALFORMED;
	case IN_SIZE:
		if (c == '-' && line->count == 0) {
			line->count = 1; /* no body: the size stays 0 */
			return AFTER_DASH;
		}
		if (c >= '0' && c <= '9') {
			uint64_t d = (uint64_t)(c - '0');
			if (line->size > (UINT64_MAX - d) / 10)
				return IS_MALFORMED; /* does not fit: not a size */
			line->size = line->size * 10 + d;
			line->count++;
			return IN_SIZE;
		}
		return size_ends(line, c);
	case AFTER_DASH:
		return size_ends(line, c);
	default:
		return line->state;
	}
}

void logline_feed(struct logline *line, const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end && line->state < IS_RECORD) {
		/* The long fields are skipped at memchr's speed. */
		if (line->state == IN_DATE || line->state == IN_REQUEST) {
			int closing = line->state == IN_DATE ? ']' : '"';
			const char *q = memchr(p, closing, (size_t)(end - p));
			if (q == NULL)
				return;
			line->state++;
			p = q + 1;
			continue;
		}
		line->state = step(line, (unsigned char)*p++);
	}
}

void logstats_add_line(struct logstats *st, struct logline *line,
		       uint64_t length)
{
	if (line->state == IN_SIZE || line->state == AFTER_DASH)
		line->state = size_ends(line, -1);
	st->lines++;
	if (length > st->longest_line)
		st->longest_line = length;
	if (line->state == IS_RECORD) {
		st->records++;
		st->status[line->status - LOGSTATS_STATUS_MIN]++;
		st->served_bytes += line->size;
	}
	logline_start(line);
}
