/*
 * alternatives/half-getline.c - a half fix: it streams, line by line, with
 * getline() on a dup()ed, fdopen()ed descriptor, as `for line in f` would.
 * Right answers, and no copy of the file; but getline()'s buffer grows to
 * hold the longest line, and the logs hold probes whose URL alone is 70 to
 * 160 KiB: the peak is set by the longest line, not by the program, and a
 * log with a longer line would take more.  peak-at-largest fails (the
 * lesson's bound is 128 KiB).  Neighbours: ../logstats.c (lines in pieces),
 * fix-stdio-fgets.c (stdio too, with a fixed piece).
 * kind: half
 * expect-score: 0 95
 * expect-pass: tests errors output memcheck
 * expect-fail: peak-at-largest
 */
#include "logstats.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int logstats_read_fd(struct logstats *st, int fd)
{
	struct logline scan;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int copy, ret = -1, saved;
	FILE *f;

	copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (copy < 0)
		return -1;
	f = fdopen(copy, "r");
	if (f == NULL) {
		saved = errno;
		close(copy);
		errno = saved;
		return -1;
	}
	logline_start(&scan);
	while ((n = getline(&line, &cap, f)) > 0) {
		size_t len = (size_t)n;

		st->bytes += len;
		if (line[len - 1] == '\n') {
			len--;
			logline_feed(&scan, line, len);
			if (len > 0 && line[len - 1] == '\r')
				len--;
		} else {
			logline_feed(&scan, line, len);
		}
		logstats_add_line(st, &scan, len);
	}
	if (cap > st->buffer_bytes)
		st->buffer_bytes = cap;
	if (ferror(f))
		goto out;
	ret = 0;
out:
	saved = errno;
	free(line);
	fclose(f);
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
