/*
 * alternatives/fix-16k-memchr.c - a correct fix done otherwise than the
 * reference: a 16 KiB buffer from calloc (a constant of its own, not
 * LOGSTATS_CHUNK), memchr for each '\n', one loop in one function, and the
 * line's last byte kept rather than a '\r' flag.  A line that runs past
 * the buffer is fed in pieces; the '\r' of a "\r\n" split across reads is
 * taken off the length when the '\n' comes, since logline_feed() judges a
 * record the same with or without it.  Peak heap: 16 KiB.
 * Neighbours: ../logstats.c (the reference), fix-4k-bytewise.c.
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

#define MEMCHR_BUF (16 * 1024)

struct pending {
	struct logline scan;
	uint64_t len;    /* bytes of the line so far, any '\r' included */
	char last;       /* its last byte, or 0 */
};

static void feed(struct pending *pl, const char *p, size_t n)
{
	if (n == 0)
		return;
	logline_feed(&pl->scan, p, n);
	pl->len += n;
	pl->last = p[n - 1];
}

static void finish(struct logstats *st, struct pending *pl, int newline)
{
	uint64_t len = pl->len;

	if (newline && pl->last == '\r')
		len--;
	logstats_add_line(st, &pl->scan, len);
	pl->len = 0;
	pl->last = 0;
}

int logstats_read_fd(struct logstats *st, int fd)
{
	struct pending pl = { .len = 0, .last = 0 };
	char *buf = calloc(1, MEMCHR_BUF);
	int ret = -1, saved;

	if (buf == NULL)
		return -1;
	if (MEMCHR_BUF > st->buffer_bytes)
		st->buffer_bytes = MEMCHR_BUF;
	logline_start(&pl.scan);
	for (;;) {
		ssize_t got = read(fd, buf, MEMCHR_BUF);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		st->read_calls++;
		if (got == 0)
			break;
		st->bytes += (uint64_t)got;
		const char *p = buf, *end = buf + got, *nl;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			feed(&pl, p, (size_t)(nl - p));
			finish(st, &pl, 1);
			p = nl + 1;
		}
		feed(&pl, p, (size_t)(end - p));
	}
	if (pl.len > 0)
		finish(st, &pl, 0);
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
