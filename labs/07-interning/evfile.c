/*
 * evfile.c - reads a file of events (evgen.c writes them) into a store.
 * Trusted lab code: do not edit.  Neighbours: evlog.h (the format and the
 * store's API), main.c and tests/test_workload.c (call evfile_load()).
 *
 * One static line buffer, refilled with read(): no heap at all, so every
 * byte massif sees belongs to the store.  The struct ev handed to
 * evlog_add() points into that buffer, which the next line overwrites: a
 * store must copy what it keeps.
 */
#include "evlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EVFILE_CHUNK (64 * 1024) /* bytes per read() */

static char buf[EVFILE_CHUNK + EVFILE_LINE_MAX];

/* s, all of it a decimal number no larger than max, into *out. */
static int number(char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

/* Splits line (its '\n' replaced by NUL) in place into *ev. */
static int parse(char *line, struct ev *ev)
{
	char *part[3 + EV_NFIELDS];
	uint64_t t, status, bytes;
	int n = 0;

	part[n++] = line;
	for (char *p = line; *p != '\0'; p++)
		if (*p == '\t') {
			if (n == 3 + EV_NFIELDS)
				return -1;
			*p = '\0';
			part[n++] = p + 1;
		}
	if (n != 3 + EV_NFIELDS || number(part[0], UINT64_MAX, &t) != 0 ||
	    number(part[1], 999, &status) != 0 || number(part[2], UINT32_MAX, &bytes) != 0)
		return -1;
	ev->time = t;
	ev->status = (uint32_t)status;
	ev->bytes = (uint32_t)bytes;
	for (int f = 0; f < EV_NFIELDS; f++)
		ev->field[f] = part[3 + f];
	return 0;
}

int evfile_load(struct evlog *log, const char *path, uint64_t *bad_line)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	size_t start = 0, have = 0; /* the unread bytes are buf[start .. have) */
	uint64_t lineno = 0;
	int status = -1, saved = 0, eof = 0;

	if (fd < 0)
		return -1;
	*bad_line = 0;
	while (!eof || start < have) {
		char *line = buf + start, *nl = memchr(line, '\n', have - start);
		if (nl == NULL && !eof && have - start < EVFILE_LINE_MAX) {
			/* the partial line to the front, then more after it */
			memmove(buf, line, have - start);
			have -= start;
			start = 0;
			ssize_t n = read(fd, buf + have, EVFILE_CHUNK);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				saved = errno;
				goto out;
			}
			eof = n == 0;
			have += (size_t)n;
			continue;
		}
		lineno++;
		/* a line too long, or a last line with no '\n' */
		if (nl == NULL || (size_t)(nl - line) + 1 > EVFILE_LINE_MAX) {
			*bad_line = lineno;
			saved = EINVAL;
			goto out;
		}
		*nl = '\0';
		struct ev ev;
		if (parse(line, &ev) != 0) {
			*bad_line = lineno;
			saved = EINVAL;
			goto out;
		}
		if (evlog_add(log, &ev) != 0) {
			saved = errno;
			goto out;
		}
		start = (size_t)(nl - buf) + 1;
	}
	status = 0;
out:
	if (fd != 0)
		close(fd);
	if (status != 0)
		errno = saved;
	return status;
}
