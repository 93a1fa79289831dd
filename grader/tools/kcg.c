/*
 * kcg.c - the totals of a callgrind-format file (see kcg.h).
 *
 * The file opens with "# callgrind format" (xtree) or "version: 1" /
 * "creator: ..." (callgrind), names its events on an "events:" line, and
 * carries one line of totals ("totals:" from xtree, "summary:" and
 * "totals:" from callgrind) with one number per event.
 */
#include "tools/kcg.h"

#include "base/fsutil.h"
#include "base/limits.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Splits s on blanks into at most max words; returns the count or -1. */
static int split(char *s, char **words, int max)
{
	int n = 0;

	for (char *tok = strtok(s, " \t"); tok != NULL; tok = strtok(NULL, " \t")) {
		if (n == max)
			return -1;
		words[n++] = tok;
	}
	return n;
}

int kcg_total(const char *path, const char *name, uint64_t *value, char *err, size_t errlen)
{
	char *line = NULL, *events[KCG_MAX_EVENTS], *nums[KCG_MAX_EVENTS];
	int nevents = -1, want = -1, rc = -1;
	bool found = false;
	long len;
	FILE *f = fs_open_regular(path, TOOL_FILE_MAX, err, errlen);

	if (f == NULL)
		return -1;
	line = malloc(READ_LINE_MAX);
	if (line == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	if ((len = fs_read_line(f, line, READ_LINE_MAX)) < 0 ||
	    (strcmp(line, "# callgrind format") != 0 && strncmp(line, "version: ", 9) != 0)) {
		snprintf(err, errlen, "%s: does not start as a callgrind-format file", path);
		goto out;
	}
	while ((len = fs_read_line(f, line, READ_LINE_MAX)) >= 0) {
		if (strncmp(line, "events:", 7) == 0 && nevents < 0) {
			nevents = split(line + 7, events, KCG_MAX_EVENTS);
			for (int i = 0; i < nevents; i++)
				if (strcmp(events[i], name) == 0)
					want = i;
			if (want < 0) {
				snprintf(err, errlen, "%s: no event %s", path, name);
				goto out;
			}
		} else if (strncmp(line, "totals:", 7) == 0 || strncmp(line, "summary:", 8) == 0) {
			char *rest = strchr(line, ':') + 1;
			/* valgrind writes "totals: (null)" when nothing happened: every event is 0 */
			if (strcmp(rest, " (null)") == 0 && nevents > 0) {
				*value = 0;
				found = true;
				continue;
			}
			int n = split(rest, nums, KCG_MAX_EVENTS);
			char *end;
			if (nevents < 0 || n != nevents) {
				snprintf(err, errlen, "%s: totals do not match the events line", path);
				goto out;
			}
			errno = 0;
			unsigned long long v = strtoull(nums[want], &end, 10);
			if (errno != 0 || *end != '\0' || nums[want][0] < '0' || nums[want][0] > '9') {
				snprintf(err, errlen, "%s: totals are not numbers", path);
				goto out;
			}
			if (found && v != *value) {
				snprintf(err, errlen, "%s: summary and totals disagree", path);
				goto out;
			}
			*value = v;
			found = true;
		}
	}
	if (len == -2) {
		snprintf(err, errlen, "%s: line too long", path);
		goto out;
	}
	if (!found) {
		snprintf(err, errlen, "%s: no totals line (the run did not finish?)", path);
		goto out;
	}
	rc = 0;
out:
	free(line);
	fclose(f);
	return rc;
}
