/*
 * logstats.h - statistics of a web server's access log, read from a file.
 * This header is the manual.  Neighbours: logstats.c (the reader: yours to
 * fix), logline.c (what one line means: trusted, do not edit), main.c (the
 * driver that prints the statistics), loggen.c (writes test logs).
 *
 * The log is in Apache's "combined" format, one request per line:
 *
 *   203.0.113.9 - - [01/Mar/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8.0"
 *   host     ident user  [date]                   "request"     status size referer agent
 *
 * Invariants: what the numbers mean, whoever computes them
 *  - bytes is every byte of the input, line ends included: the file's size.
 *  - A line ends at '\n'.  The bytes after the last '\n', if there are any,
 *    are one more line (a log cut while it was being written has no final
 *    newline).  So "" has 0 lines, "\n\n" has 2 (empty) lines, "a\nb" has 2.
 *  - A line's length counts its content only, not its end: the end is "\n",
 *    or "\r\n" when a '\r' comes just before the '\n'.  Any other '\r' is
 *    content, including one that ends a file with no final newline.
 *    longest_line is the greatest such length (0 when there are no lines).
 *  - A line is a record when it starts host SP ident SP user SP [date] SP
 *    "request" SP status SP size, where host, ident and user are one or more
 *    bytes other than SP, date holds no ']', request holds no '"', status is
 *    3 digits from 100 to 599, and size is digits or "-" (no body: 0 bytes),
 *    followed by SP, '\r' or the line's end.  What follows is not read.
 *    Every other line is malformed (empty lines too): lines = records +
 *    malformed.
 *  - status[s - LOGSTATS_STATUS_MIN] counts the records whose status is s;
 *    served_bytes adds up their sizes (modulo 2^64).
 * None of these needs more than one line in memory, nor even one whole line:
 * a line can be given to the scanner in as many pieces as you like.
 *
 * Life cycle
 *	struct logstats st;
 *	logstats_init(&st);
 *	if (logstats_read_file(&st, path) != 0)   ...errno says why
 * There is nothing to release: struct logstats owns no memory.  A reader
 * allocates what it needs and frees all of it before it returns, on errors
 * too.
 */
#ifndef LOGSTATS_H
#define LOGSTATS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Limits and growth constants.
 *
 * LOGSTATS_CHUNK: the bytes a streaming reader asks read() for at a time, and
 * so the size of its one buffer (64 KiB: big enough that system calls are
 * few, small enough to fit in L2 cache).  Lines may be longer than this.
 *
 * A whole-file reader (pitfall.c and the starter) sizes its buffer from
 * fstat() plus one byte (the read that finds the end needs room), or starts
 * at LOGSTATS_SLURP_MIN when the size is unknown (a pipe), and multiplies by
 * LOGSTATS_GROWTH when the buffer fills.  Its index of lines starts at
 * LOGSTATS_INDEX_MIN entries and grows the same way.
 */
#define LOGSTATS_CHUNK     (64 * 1024)
#define LOGSTATS_SLURP_MIN (8 * 1024)
#define LOGSTATS_INDEX_MIN 1024
#define LOGSTATS_GROWTH    2

#define LOGSTATS_STATUS_MIN 100
#define LOGSTATS_STATUS_MAX 599
#define LOGSTATS_NSTATUS    (LOGSTATS_STATUS_MAX - LOGSTATS_STATUS_MIN + 1)

struct logstats {
	/* The statistics: the same for every correct reader (see above). */
	uint64_t bytes;
	uint64_t lines;
	uint64_t longest_line;
	uint64_t records;
	uint64_t served_bytes;
	uint64_t status[LOGSTATS_NSTATUS];

	/* What the reader decided: these differ between readers, so the
	 * driver shows them on stderr, not in its answer. */
	uint64_t read_calls;   /* read() calls that returned data or end */
	uint64_t buffer_bytes; /* most bytes of buffers held at once */
};

/*
 * The record scanner: the state of one line, fed in pieces.  It keeps where
 * it is in the line's fields, never the bytes themselves.
 */
struct logline {
	unsigned state;  /* which field the next byte belongs to */
	unsigned count;  /* bytes seen in that field */
	unsigned status; /* the status field, once read */
	uint64_t size;   /* the size field so far */
};

/* Trusted operations (logline.c). */

/* Zero every count. */
void logstats_init(struct logstats *st);

/* Start scanning a new line. */
void logline_start(struct logline *line);

/*
 * Scan the next n bytes of the current line's content.  The pieces of a
 * line may be cut anywhere.  Never give it a '\n'; the '\r' of a "\r\n" end
 * may be fed or not: the record is judged the same either way.
 */
void logline_feed(struct logline *line, const char *p, size_t n);

/*
 * Count the current line: a line with `length` bytes of content (see the
 * invariants: without its "\n" or "\r\n") whose bytes were fed to `line`.
 * Adds to lines, longest_line and, for a record, to records, status[] and
 * served_bytes; then starts `line` afresh for the next line.  Does not
 * touch bytes, read_calls or buffer_bytes: those are the reader's.
 */
void logstats_add_line(struct logstats *st, struct logline *line,
		       uint64_t length);

/* The reader (logstats.c, pitfall.c, the solution). */

/*
 * Read fd from where it is to its end and add what it holds to *st.  fd can
 * be a file or a pipe; it stays open.  Returns 0, or -1 with errno set when
 * a read or an allocation fails (then *st may hold part of the input).
 */
int logstats_read_fd(struct logstats *st, int fd);

/*
 * Open path, logstats_read_fd() it and close it.  Returns 0, or -1 with
 * errno set (ENOENT, EACCES, EISDIR for a directory, ENOMEM...).
 */
int logstats_read_file(struct logstats *st, const char *path);

#endif
