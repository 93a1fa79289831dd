/*
 * logstats.c - the reader of an access log: YOUR FILE.
 *
 * It works: `make test` passes.  But it is Python's
 *
 *	for line in f.readlines(): ...
 *
 * in C: it holds the whole file, and an index of its lines, before it
 * counts anything, so its peak heap grows with the log, and `make grade`
 * takes its memory points away.  Make it stream: one buffer of
 * LOGSTATS_CHUNK bytes, filled by read() again and again, whatever the
 * size of the file.  The lines marked TODO are the ones to rethink.
 *
 * Neighbours: logstats.h (the contract: read its invariants first),
 * logline.c (the record scanner: it takes a line in pieces), pitfall.c (this
 * same reader, with the reasons it hurts), tests/test_logstats.c.
 */
#include "logstats.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct line {
	const char *start;
	size_t len; /* up to the '\n', which is not included */
};

/* buf moved to a block LOGSTATS_GROWTH times bigger, or NULL (buf kept). */
static void *grow(void *buf, size_t *cap, size_t elem)
{
	size_t ncap = *cap * LOGSTATS_GROWTH;
	void *p;

	if (ncap / LOGSTATS_GROWTH != *cap || ncap > SIZE_MAX / elem) {
		errno = ENOMEM;
		return NULL;
	}
	p = realloc(buf, ncap * elem);
	if (p != NULL)
		*cap = ncap;
	return p;
}

/* All of fd into *data: f.read(). */
static int slurp(struct logstats *st, int fd, char **data, size_t *len,
		 size_t *cap)
{
	struct stat sb;

	*data = NULL;
	*len = 0;
	*cap = LOGSTATS_SLURP_MIN;
	if (fstat(fd, &sb) != 0)
		return -1;
	if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
		if ((uintmax_t)sb.st_size >= SIZE_MAX) {
			errno = EFBIG;
			return -1;
		}
		/* TODO: a buffer as big as the file.  To count one line, how
		 * much of the file must be in memory at the same time? */
		*cap = (size_t)sb.st_size + 1;
	}
	*data = malloc(*cap);
	if (*data == NULL)
		return -1;
	for (;;) {
		if (*len == *cap) {
			/* TODO: with a pipe, this grows (and copies) the buffer
			 * until it holds everything: the same peak again. */
			char *bigger = grow(*data, cap, 1);
			if (bigger == NULL)
				return -1;
			*data = bigger;
		}
		ssize_t n = read(fd, *data + *len, *cap - *len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		st->read_calls++;
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	st->bytes += *len;
	return 0;
}

/* Every line of data, found before any is counted: f.readlines(). */
static int index_lines(const char *data, size_t len, struct line **lines,
		       size_t *nlines, size_t *cap)
{
	const char *p = data, *end = data + len;
	size_t n = 0;

	*cap = LOGSTATS_INDEX_MIN;
	/* TODO: 16 bytes for each line of the file, kept to the end.  Could
	 * a line be counted as soon as its '\n' is found, and forgotten? */
	*lines = malloc(*cap * sizeof **lines);
	if (*lines == NULL)
		return -1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl != NULL ? nl : end;

		if (n == *cap) {
			struct line *bigger = grow(*lines, cap, sizeof **lines);
			if (bigger == NULL)
				return -1;
			*lines = bigger;
		}
		(*lines)[n].start = p;
		(*lines)[n].len = (size_t)(stop - p);
		n++;
		p = nl != NULL ? nl + 1 : end;
	}
	*nlines = n;
	return 0;
}

int logstats_read_fd(struct logstats *st, int fd)
{
	char *data = NULL;
	struct line *lines = NULL;
	size_t len, data_cap, nlines = 0, lines_cap, held;
	struct logline scan;
	int ret = -1, saved;

	if (slurp(st, fd, &data, &len, &data_cap) != 0)
		goto out;
	if (index_lines(data, len, &lines, &nlines, &lines_cap) != 0)
		goto out;
	held = data_cap + lines_cap * sizeof *lines;
	if (held > st->buffer_bytes)
		st->buffer_bytes = held;

	logline_start(&scan);
	for (size_t i = 0; i < nlines; i++) {
		const struct line *l = &lines[i];
		int has_newline = l->start + l->len < data + len;
		size_t length = l->len;

		/* TODO: here every line is whole.  When a read stops in the
		 * middle of a line, what must you remember to finish it after
		 * the next read?  (A line can be longer than your buffer, and
		 * its "\r\n" can be split: '\r' last in one read, '\n' first
		 * in the next.) */
		if (has_newline && length > 0 && l->start[length - 1] == '\r')
			length--; /* "\r\n": the '\r' is part of the end */
		logline_feed(&scan, l->start, l->len);
		logstats_add_line(st, &scan, length);
	}
	ret = 0;
out:
	saved = errno;
	free(lines);
	free(data);
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
