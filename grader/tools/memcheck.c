/*
 * memcheck.c - reads memcheck's log (see memcheck.h).
 *
 * Every line memcheck writes starts with "==PID== ".  We need four of them:
 *   in use at exit: N bytes in B blocks
 *   total heap usage: A allocs, F frees, N bytes allocated
 *   definitely lost: N bytes in B blocks        (and indirectly, possibly,
 *   still reachable), or "All heap blocks were freed -- no leaks are possible"
 *   ERROR SUMMARY: N errors from C contexts
 * and, with --track-fds=yes, one entry per descriptor open at exit:
 *   Open file descriptor 3: /path          (then the stack that opened it)
 *   Open file descriptor 7:
 *      <inherited from parent>             (the grader's: not counted)
 * Numbers carry thousands separators ("1,024").  A log without the HEAP
 * SUMMARY or the ERROR SUMMARY is from a run that did not finish.
 */
#include "tools/memcheck.h"

#include "base/fsutil.h"
#include "base/limits.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses "1,234,567" at s; returns the end, or NULL. */
static const char *parse_grouped(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	bool digit = false;

	for (; (*s >= '0' && *s <= '9') || (*s == ',' && digit); s++) {
		if (*s == ',')
			continue;
		if (v > (UINT64_MAX - 9) / 10)
			return NULL;
		v = v * 10 + (uint64_t)(*s - '0');
		digit = true;
	}
	if (!digit)
		return NULL;
	*out = v;
	return s;
}

/* If body starts with key, parses the number after it. 1 found, 0 not, -1 bad. */
static int field(const char *body, const char *key, uint64_t *out)
{
	size_t k = strlen(key);

	if (strncmp(body, key, k) != 0)
		return 0;
	body += k;
	while (*body == ' ')
		body++;
	return parse_grouped(body, out) != NULL ? 1 : -1;
}

int memcheck_read(const char *path, struct memcheck_result *m, char *err, size_t errlen)
{
	char *line = malloc(READ_LINE_MAX);
	bool heap_summary = false, error_summary = false, leak_summary = false, no_leaks = false;
	bool fd_pending = false; /* an "Open file descriptor" entry whose next line says whose it is */
	int rc = -1;
	long len;
	FILE *f = NULL;

	memset(m, 0, sizeof *m);
	if (line == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	f = fs_open_regular(path, TOOL_FILE_MAX, err, errlen);
	if (f == NULL)
		goto out;
	while ((len = fs_read_line(f, line, READ_LINE_MAX)) >= 0) {
		const char *body = line;
		/* "==1234== " prefix */
		if (strncmp(body, "==", 2) != 0)
			continue;
		body = strstr(body + 2, "== ");
		if (body == NULL)
			continue;
		body += 3;
		while (*body == ' ')
			body++;
		int r = 0;
		uint64_t fd; /* which one does not matter: each entry is one descriptor */
		if (fd_pending) { /* the line after the entry: inherited, or where the program opened it */
			fd_pending = false;
			if (strncmp(body, "<inherited from parent>", 23) != 0)
				m->fds_open++;
		}
		if ((r = field(body, "Open file descriptor", &fd)) != 0) {
			fd_pending = r > 0;
		} else if (strncmp(body, "Open AF_", 8) == 0 || strncmp(body, "Open pf-", 8) == 0) {
			fd_pending = true; /* a socket: "Open AF_UNIX socket 5: ..." */
		} else if ((r = field(body, "in use at exit:", &m->in_use_at_exit)) != 0) {
			heap_summary = r > 0;
		} else if (strncmp(body, "total heap usage:", 17) == 0) {
			const char *p = strstr(body, " frees, ");
			r = p != NULL && parse_grouped(p + 8, &m->allocated) != NULL ? 1 : -1;
		} else if ((r = field(body, "definitely lost:", &m->definitely_lost)) != 0 ||
			   (r = field(body, "indirectly lost:", &m->indirectly_lost)) != 0 ||
			   (r = field(body, "possibly lost:", &m->possibly_lost)) != 0 ||
			   (r = field(body, "still reachable:", &m->still_reachable)) != 0) {
			leak_summary = true;
		} else if (strncmp(body, "All heap blocks were freed", 26) == 0) {
			no_leaks = true;
		} else if ((r = field(body, "ERROR SUMMARY:", &m->errors)) != 0) {
			error_summary = r > 0;
		}
		if (r < 0) {
			snprintf(err, errlen, "%s: a summary line memcheck would not write: %.80s", path, body);
			goto out;
		}
	}
	if (len == -2) {
		snprintf(err, errlen, "%s: line too long", path);
		goto out;
	}
	if (!heap_summary || !error_summary || (!leak_summary && !no_leaks)) {
		snprintf(err, errlen, "%s: no %s (the run did not finish?)", path,
			 !heap_summary ? "HEAP SUMMARY" : !error_summary ? "ERROR SUMMARY" : "LEAK SUMMARY");
		goto out;
	}
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	free(line);
	return rc;
}
