/*
 * alternatives/fix-4k-bytewise.c - a correct fix done otherwise than the
 * reference: a 4 KiB buffer (a page, not LOGSTATS_CHUNK) and no memchr:
 * one pass over each read's bytes, byte by byte, that hands the scanner
 * the runs between '\n's.  A '\r' is held back, not fed, until the next
 * byte says what it was: content (fed then) or part of a "\r\n" end.  Peak
 * heap: 4 KiB at every size, through a file or a pipe.
 * Neighbours: ../logstats.c (the reference: 64 KiB, memchr, a last_cr
 * flag), labs/01-whole-file/logstats.h (the contract).
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests errors output memcheck peak-at-largest peak-at-every peak-growth
 */
#include "logstats.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define BYTEWISE_BUF 4096 /* bytes per read(): one page */

struct line_state {
	struct logline scan;
	uint64_t length;  /* content fed so far, the held '\r' not counted */
	int held_cr;      /* a '\r' seen last, not yet fed */
};

/* The held '\r' turned out to be content: feed it. */
static void release_cr(struct line_state *ls)
{
	if (ls->held_cr) {
		logline_feed(&ls->scan, "\r", 1);
		ls->length++;
		ls->held_cr = 0;
	}
}

static void scan_block(struct logstats *st, struct line_state *ls, const char *buf, size_t n)
{
	size_t run = 0; /* start of the bytes not yet fed */

	for (size_t i = 0; i < n; i++) {
		char c = buf[i];

		if (c != '\n' && c != '\r')
			continue;
		if (i > run) { /* content before c: a held '\r' was content too */
			release_cr(ls);
			logline_feed(&ls->scan, buf + run, i - run);
			ls->length += i - run;
		}
		run = i + 1;
		if (c == '\r') {
			release_cr(ls); /* "\r\r": the first is content */
			ls->held_cr = 1;
			continue;
		}
		ls->held_cr = 0; /* "\r\n": the '\r' belongs to the end */
		logstats_add_line(st, &ls->scan, ls->length);
		ls->length = 0;
	}
	if (n > run) {
		release_cr(ls);
		logline_feed(&ls->scan, buf + run, n - run);
		ls->length += n - run;
	}
}

int logstats_read_fd(struct logstats *st, int fd)
{
	struct line_state ls = { .length = 0, .held_cr = 0 };
	char *buf = malloc(BYTEWISE_BUF);
	int ret = -1, saved;

	if (buf == NULL)
		return -1;
	if (BYTEWISE_BUF > st->buffer_bytes)
		st->buffer_bytes = BYTEWISE_BUF;
	logline_start(&ls.scan);
	for (;;) {
		ssize_t n = read(fd, buf, BYTEWISE_BUF);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		st->read_calls++;
		if (n == 0)
			break;
		st->bytes += (uint64_t)n;
		scan_block(st, &ls, buf, (size_t)n);
	}
	release_cr(&ls); /* no '\n' after it: content */
	if (ls.length > 0)
		logstats_add_line(st, &ls.scan, ls.length);
	ret = 0;
out:
	saved = errno;
	free(buf);
	errno = saved;
	return ret;
}

int logstats_read_file(struct logstats *st, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret, saved;

	if (fd < 0)
		return -1;
	ret = logstats_read_fd(st, fd);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}
