/*
 * alternatives/half-keep-lines.c - a half fix: it streams through one
 * LOGSTATS_CHUNK buffer like the reference, but keeps every line's length
 * in an array that doubles ("to find the longest line at the end"): 8
 * bytes per line, about 21 KiB per MiB of log, so its peak still follows
 * the log.  The smallest share of the file a reader can keep and still be
 * caught: at 16 MiB the lengths alone are over 300 KiB.
 * Neighbours: ../logstats.c (longest_line needs no history),
 * half-pipe-slurp.c.
 * kind: half
 * expect-score: 0 60
 * expect-pass: tests errors output memcheck
 * expect-fail: peak-at-largest peak-growth
 */
#include "logstats.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct reader {
	struct logline scan;
	uint64_t length;
	int last_cr;
	uint64_t *lengths; /* every line's length so far */
	size_t nlengths, cap;
	int failed;        /* an allocation failed: errno says why */
};

/* Keep one more line's length, doubling the array when it is full. */
static void keep_length(struct reader *r, uint64_t length)
{
	if (r->nlengths == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 1024;
		uint64_t *bigger = ncap > SIZE_MAX / sizeof *bigger ? NULL
				   : realloc(r->lengths, ncap * sizeof *bigger);
		if (bigger == NULL) {
			r->failed = 1;
			return;
		}
		r->lengths = bigger;
		r->cap = ncap;
	}
	r->lengths[r->nlengths++] = length;
}

/* Take in one piece of the current line: no '\n' in it. */
static void take_piece(struct reader *r, const char *p, size_t n)
{
	if (n == 0)
		return;
	logline_feed(&r->scan, p, n);
	r->length += n;
	r->last_cr = p[n - 1] == '\r';
}

/* Count the current line; its end is "\n" when ended_by_newline. */
static void end_line(struct logstats *st, struct reader *r,
		     int ended_by_newline)
{
	uint64_t length = r->length;

	if (ended_by_newline && r->last_cr)
		length--; /* "\r\n": the '\r' belongs to the end */
	keep_length(r, length);
	logstats_add_line(st, &r->scan, length);
	r->length = 0;
	r->last_cr = 0;
}

/* Split one buffer's worth of bytes into lines and pieces of lines. */
static void take_bytes(struct logstats *st, struct reader *r,
		       const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL) {
			take_piece(r, p, (size_t)(end - p));
			return; /* the line goes on in the next read */
		}
		take_piece(r, p, (size_t)(nl - p));
		end_line(st, r, 1);
		p = nl + 1;
	}
}

int logstats_read_fd(struct logstats *st, int fd)
{
	struct reader r = { .length = 0, .last_cr = 0, .lengths = NULL, .nlengths = 0, .cap = 0, .failed = 0 };
	char *buf;
	int ret = -1, saved;

	buf = malloc(LOGSTATS_CHUNK);
	if (buf == NULL)
		return -1;
	if (LOGSTATS_CHUNK > st->buffer_bytes)
		st->buffer_bytes = LOGSTATS_CHUNK;
	logline_start(&r.scan);
	for (;;) {
		ssize_t n = read(fd, buf, LOGSTATS_CHUNK);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		st->read_calls++;
		if (n == 0)
			break;
		st->bytes += (uint64_t)n;
		take_bytes(st, &r, buf, (size_t)n);
	}
	/* No final newline: the bytes after the last '\n' are a line too,
	 * and a '\r' at its end is content (no '\n' follows it). */
	if (r.length > 0)
		end_line(st, &r, 0);
	if (r.failed)
		goto out;
	ret = 0;
out:
	saved = errno;
	free(r.lengths);
	free(buf);
	errno = saved;
	return ret;
}

int logstats_read_file(struct logstats *st, const char *path)
{
	int fd, ret, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = logstats_read_fd(st, fd);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}
