/*
 * alternatives/fix-carry-8k.c - a correct fix done otherwise than the
 * reference: an 8 KiB line buffer that carries the unfinished line over.
 * Each read() appends after what is left of the current line; whole lines
 * go to the scanner, and the rest is moved to the front for the next read.
 * A line that fills the buffer with no '\n' is fed but for its last byte,
 * which stays, so that when the '\n' comes the byte before it (a '\r'?) is
 * still at hand.  Peak heap: 8 KiB.
 * Neighbours: ../logstats.c (the reference keeps no bytes across reads,
 * only a flag), fix-16k-memchr.c.
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests errors output memcheck peak-at-largest peak-at-every peak-growth
 */
#include "logstats.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CARRY_BUF (8 * 1024)

/* Count the lines that end in buf[0..*have); keep the unfinished rest at the front. */
static void take_lines(struct logstats *st, struct logline *scan, uint64_t *fed, char *buf, size_t *have)
{
	char *p = buf, *end = buf + *have, *nl;
	size_t left;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		size_t n = (size_t)(nl - p);
		uint64_t length = *fed + n;

		if (n > 0 && nl[-1] == '\r')
			length--; /* "\r\n" */
		logline_feed(scan, p, n);
		logstats_add_line(st, scan, length);
		*fed = 0;
		p = nl + 1;
	}
	left = (size_t)(end - p);
	if (left == CARRY_BUF) { /* one line fills the buffer: feed all but its last byte */
		logline_feed(scan, p, left - 1);
		*fed += left - 1;
		p += left - 1;
		left = 1;
	}
	memmove(buf, p, left);
	*have = left;
}

int logstats_read_fd(struct logstats *st, int fd)
{
	struct logline scan;
	uint64_t fed = 0;   /* bytes of the current line already fed, not in buf */
	size_t have = 0;    /* bytes of the current line in buf[0..have) */
	char *buf = malloc(CARRY_BUF);
	int ret = -1, saved;

	if (buf == NULL)
		return -1;
	if (CARRY_BUF > st->buffer_bytes)
		st->buffer_bytes = CARRY_BUF;
	logline_start(&scan);
	for (;;) {
		ssize_t n = read(fd, buf + have, CARRY_BUF - have);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		st->read_calls++;
		if (n == 0)
			break;
		st->bytes += (uint64_t)n;
		have += (size_t)n;
		take_lines(st, &scan, &fed, buf, &have);
	}
	if (fed + have > 0) { /* no final '\n': a '\r' at the end is content */
		logline_feed(&scan, buf, have);
		logstats_add_line(st, &scan, fed + have);
	}
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
