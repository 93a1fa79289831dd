/*
 * gnuplot.c - one chart, data passed as data (see gnuplot.h).
 */
#include "gnuplot.h"

#include "fsutil.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int chart_prepare(struct chart *ch, struct sandbox *sb, const char *parent, const char *name, const char *root,
		  const char *script, const char *const *args)
{
	char from[PATH_CAP], to[PATH_CAP];
	int n = 0;

	memset(ch, 0, sizeof *ch);
	if (fs_path(ch->dir, sizeof ch->dir, "%s/%s", parent, name) != 0 || fs_mkdirs(ch->dir) != 0 ||
	    chmod(ch->dir, 0700) != 0 || fs_path(from, sizeof from, "%s/plots/%s", root, script) != 0 ||
	    fs_path(to, sizeof to, "%s/chart.gp", ch->dir) != 0 || fs_copy_file(from, to) != 0 ||
	    fs_path(ch->err, sizeof ch->err, "%s/gnuplot.err", ch->dir) != 0)
		return -1;
	ch->c.argv[n++] = "gnuplot";
	ch->c.argv[n++] = "-c";
	ch->c.argv[n++] = "chart.gp";
	for (int i = 0; args[i] != NULL; i++) {
		if (i == CHART_ARGS_MAX) {
			errno = E2BIG;
			return -1;
		}
		snprintf(ch->args[i], sizeof ch->args[i], "%s", args[i]);
		ch->c.argv[n++] = ch->args[i];
	}
	ch->c.argv[n] = NULL;
	ch->c.cwd = ch->dir;
	ch->c.run_dir = sb != NULL ? ch->dir : NULL;
	ch->c.sandbox = sb;
	ch->c.timeout_s = TIMEOUT_GNUPLOT_S;
	ch->c.stderr_path = ch->err; /* gnuplot's own complaints: the first says why a chart is missing */
	return 0;
}

int chart_collect(const struct chart *ch, const char *ext, const char *to)
{
	char from[PATH_CAP];

	if (!child_ok(&ch->c) || fs_path(from, sizeof from, "%s/chart.%s", ch->dir, ext) != 0 || !fs_is_file(from))
		return -1;
	return fs_copy_file(from, to);
}

const char *chart_why(const struct chart *ch, char *buf, size_t cap)
{
	char what[128], line[256], err[256];

	if (!ch->c.started && !ch->c.skipped && ch->c.start_error == ENOENT) {
		snprintf(buf, cap, "gnuplot is not installed (make deps)");
		return buf;
	}
	snprintf(buf, cap, "gnuplot %s", child_describe(&ch->c, what, sizeof what));
	FILE *f = fs_open_regular(ch->err, CHILD_OUTPUT_KEEP, err, sizeof err);
	while (f != NULL && fs_read_line(f, line, sizeof line) >= 0)
		if (line[strspn(line, " ^")] != '\0') { /* gnuplot underlines the place with spaces and ^ */
			snprintf(buf + strlen(buf), cap - strlen(buf), ": %s", line);
			break;
		}
	if (f != NULL)
		fclose(f);
	return buf;
}
