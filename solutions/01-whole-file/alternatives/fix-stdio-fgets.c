/*
 * alternatives/fix-stdio-fgets.c - a correct fix done otherwise than the
 * reference: stdio does the reading.  The descriptor is dup()ed and
 * fdopen()ed (fclose() then closes the copy, never the caller's fd), and
 * fgets() hands out each line in pieces of at most PIECE_MAX - 1 bytes: a
 * long line is several pieces, the scanner's state carries over.  fgets()
 * says nothing of NUL bytes, so the buffer is filled with '\n' first and
 * the piece's end is found from where fgets() left its own '\0'.  Peak
 * heap: stdio's buffer (st_blksize, 4 KiB here) and its FILE.
 * Neighbours: ../logstats.c (the reference: read() into 64 KiB),
 * labs/01-whole-file/logstats.h (the contract).
 * kind: fix
 * expect-score: 100 100
 * expect-pass: tests errors output memcheck peak-at-largest peak-at-every peak-growth
 */
#include "logstats.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PIECE_MAX 512 /* bytes of a line fgets() may hand out at once, its '\0' included */

/*
 * The piece fgets() just put in piece[] (filled with '\n' before): its
 * length, and whether it ends its line.  fgets() stops after a '\n' and
 * writes '\0': a '\n' followed by '\0' is the line's end; otherwise the
 * first '\n' is filler just after the '\0' that ends the piece.
 */
static size_t piece_length(const char *piece, int *newline)
{
	const char *nl = memchr(piece, '\n', PIECE_MAX);

	*newline = 0;
	if (nl == NULL)
		return PIECE_MAX - 1; /* full: no room was left for filler */
	if (nl + 1 < piece + PIECE_MAX && nl[1] == '\0') {
		*newline = 1;
		return (size_t)(nl - piece);
	}
	return (size_t)(nl - piece) - 1;
}

int logstats_read_fd(struct logstats *st, int fd)
{
	char piece[PIECE_MAX];
	struct logline scan;
	uint64_t length = 0;
	int last_cr = 0, copy, ret = -1, saved;
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
	if (PIECE_MAX > st->buffer_bytes)
		st->buffer_bytes = PIECE_MAX;
	logline_start(&scan);
	for (;;) {
		int newline;
		size_t n;

		memset(piece, '\n', sizeof piece);
		if (fgets(piece, sizeof piece, f) == NULL)
			break;
		n = piece_length(piece, &newline);
		st->bytes += n + (size_t)newline;
		if (n > 0) {
			logline_feed(&scan, piece, n);
			length += n;
			last_cr = piece[n - 1] == '\r';
		}
		if (newline) {
			logstats_add_line(st, &scan, last_cr ? length - 1 : length);
			length = 0;
			last_cr = 0;
		}
	}
	if (ferror(f))
		goto out; /* errno: the failed read()'s */
	if (length > 0)
		logstats_add_line(st, &scan, length);
	ret = 0;
out:
	saved = errno;
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
