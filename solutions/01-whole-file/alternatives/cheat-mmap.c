/*
 * alternatives/cheat-mmap.c - a cheat on the measure: a regular file is
 * mmap()ed whole and scanned in place, so malloc never sees it and massif's
 * peak heap is 0 B; only a pipe, which cannot be mapped, is streamed, through
 * a malloc'd LOGSTATS_CHUNK buffer.  The file is still all in the process's
 * memory as its pages are touched (its resident size grows with the log).
 * What the grader sees: 0 B at the file sizes, 64 KiB at the pipe, so the
 * growth fit fails (exponent 3.9 measured) and this scores 85.  It is caught
 * by accident: the same cheat with a static buffer for the pipe measured 0 B
 * everywhere and scored 100 with no flag (the mapped pages are tmpfs pages
 * the input tool wrote, charged to its cgroup, and massif counts no
 * mappings).  Seeing it needs the grader to measure resident memory (the
 * native run's ru_maxrss against its heap peak), not the lab.
 * Neighbours: ../logstats.c (the reference), half-file-slurp.c (the same
 * with malloc, which peak-at-every catches).
 * kind: cheat
 * expect-score: 0 90
 * expect-pass: tests errors output peak-at-largest
 * expect-fail: peak-growth
 */
#include "logstats.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct reader {
	struct logline scan;
	uint64_t length;
	int last_cr;
};

static void take_piece(struct reader *r, const char *p, size_t n)
{
	if (n == 0)
		return;
	logline_feed(&r->scan, p, n);
	r->length += n;
	r->last_cr = p[n - 1] == '\r';
}

static void end_line(struct logstats *st, struct reader *r, int newline)
{
	logstats_add_line(st, &r->scan, newline && r->last_cr ? r->length - 1 : r->length);
	r->length = 0;
	r->last_cr = 0;
}

static void take_bytes(struct logstats *st, struct reader *r, const char *p, size_t n)
{
	const char *end = p + n;

	st->bytes += n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			take_piece(r, p, (size_t)(end - p));
			return;
		}
		take_piece(r, p, (size_t)(nl - p));
		end_line(st, r, 1);
		p = nl + 1;
	}
}

static int stream(struct logstats *st, struct reader *r, int fd)
{
	char *buf = malloc(LOGSTATS_CHUNK);
	int ret = -1, saved;

	if (buf == NULL)
		return -1;
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
		take_bytes(st, r, buf, (size_t)n);
	}
	ret = 0;
out:
	saved = errno;
	free(buf);
	errno = saved;
	return ret;
}

int logstats_read_fd(struct logstats *st, int fd)
{
	struct reader r = { .length = 0, .last_cr = 0 };
	struct stat sb;
	off_t at;
	int ret = 0;

	if (fstat(fd, &sb) != 0)
		return -1;
	logline_start(&r.scan);
	at = S_ISREG(sb.st_mode) ? lseek(fd, 0, SEEK_CUR) : -1;
	if (at >= 0 && sb.st_size > at && (uintmax_t)sb.st_size < SIZE_MAX) {
		size_t len = (size_t)sb.st_size;
		char *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED)
			return -1;
		take_bytes(st, &r, map + at, len - (size_t)at);
		munmap(map, len);
		if (lseek(fd, 0, SEEK_END) < 0)
			return -1;
	} else if (at < 0 || sb.st_size <= at) {
		ret = stream(st, &r, fd); /* a pipe; or an empty file, or a directory: read() says */
	}
	if (ret == 0 && r.length > 0)
		end_line(st, &r, 0);
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
