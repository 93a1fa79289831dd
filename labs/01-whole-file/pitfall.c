/*
 * pitfall.c - the whole-file reader: Python's
 *
 *	for line in f.readlines(): ...
 *
 * written in C: read all of the file, index all of its lines, and only then
 * compute.  It is complete and correct (it passes every test, and the
 * grader takes its output as the expected answer); what is wrong with it is
 * its memory.  Students never edit it: they compare it with logstats.c.
 * Neighbours: logstats.h (the contract), logline.c (what a line means).
 *
 * Why it hurts:
 *  - Peak heap = the file + 16 bytes per line.  64 MiB of log costs 68 MiB
 *    of heap; a day of a busy server's log (tens of GiB) does not fit, and
 *    the program dies (or swaps) where a streaming reader would not notice.
 *  - The file is then in RAM twice: in the kernel's page cache and in this
 *    copy.  Nothing is computed until the last byte has arrived.
 *  - A pipe (zcat access.log.gz | logstats) has no size to ask for, so the
 *    buffer grows by LOGSTATS_GROWTH; each realloc copies everything read so
 *    far and, for a moment, holds the old block and the new one together.
 *  - The index points into the buffer, so neither can go before the end.
 * Counting a line needs none of this: only the line's own bytes, and (see
 * logline.c) not even all of those at once.
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

/*
 * Return buf (*cap elements of elem bytes) moved to a block LOGSTATS_GROWTH
 * times bigger and update *cap; or return NULL and leave buf as it was.
 * Never p = realloc(p, n): when that fails it loses the only pointer to the
 * block.  The multiplications are checked, so a huge count fails cleanly.
 */
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

/*
 * The f.read() step.  Like CPython, ask fstat() how big the file is and
 * allocate all of it at once: this one malloc is the peak that grows with
 * the log.  (The "+ 1" is room for the read that returns 0 at the end.)
 */
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
		*cap = (size_t)sb.st_size + 1;
	}
	*data = malloc(*cap);
	if (*data == NULL)
		return -1;
	for (;;) {
		if (*len == *cap) {
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

/*
 * The list readlines() returns: one struct line per line, every one of them
 * before the first is counted.  16 more bytes per line, and it points into
 * *data, which must therefore stay until the very end.
 */
static int index_lines(const char *data, size_t len, struct line **lines,
		       size_t *nlines, size_t *cap)
{
	const char *p = data, *end = data + len;
	size_t n = 0;

	*cap = LOGSTATS_INDEX_MIN;
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

	/* Only now, with everything in memory, does the work begin. */
	logline_start(&scan);
	for (size_t i = 0; i < nlines; i++) {
		const struct line *l = &lines[i];
		int has_newline = l->start + l->len < data + len;
		size_t length = l->len;

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
