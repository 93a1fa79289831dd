/*
 * alternatives/cheat-lean-wrong.c - lean but wrong: the reference's one
 * 64 KiB buffer, but each read's bytes are judged on their own, so a
 * "\r\n" whose '\r' ends one read and whose '\n' starts the next keeps
 * its '\r' as content (longest_line one too long).  Every log the grader
 * writes is read right unless a '\r' falls on a 64 KiB boundary; the
 * streaming tests put one there and fail.  Memory criteria need every test
 * (needs = tests): a reader that does not do the job earns no memory
 * points for being small.  Neighbours: ../logstats.c (keeps last_cr
 * across reads), labs/01-whole-file/tests/test_streaming.c.
 * kind: cheat
 * expect-score: 0 50
 * expect-pass: errors
 * expect-fail: tests memcheck peak-at-largest peak-at-every peak-growth
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
};

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
	struct reader r = { .length = 0, .last_cr = 0 };
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
		r.last_cr = 0; /* the bug: a '\r' from the last read is forgotten */
		take_bytes(st, &r, buf, (size_t)n);
	}
	/* No final newline: the bytes after the last '\n' are a line too,
	 * and a '\r' at its end is content (no '\n' follows it). */
	if (r.length > 0)
		end_line(st, &r, 0);
	ret = 0;
out:
	saved = errno;
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
