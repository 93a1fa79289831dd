/*
 * gnuplot.c - one chart, data passed as data (see gnuplot.h).
 */
#include "tools/gnuplot.h"

#include "base/fsutil.h"

#include <errno.h>
#include <stdlib.h>
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

int chart_collect_file(const struct chart *ch, const char *name, const char *to)
{
	char from[PATH_CAP];

	if (fs_path(from, sizeof from, "%s/%s", ch->dir, name) != 0 || !fs_is_file(from))
		return -1;
	return fs_copy_file(from, to);
}

/*
 * gnuplot echoes the failing command, underlines the place with spaces and
 * ^, then says why on a line naming the script ("chart.gp" line 32: ...).
 * That line is the cause; failing it, the first line that is not an echo
 * mark or a warning.
 */
const char *chart_why(const struct chart *ch, char *buf, size_t cap)
{
	char what[128], line[256], err[256], first[256] = "";

	if (!ch->c.started && !ch->c.skipped && ch->c.start_error == ENOENT) {
		snprintf(buf, cap, "gnuplot is not installed (make deps)");
		return buf;
	}
	snprintf(buf, cap, "gnuplot %s", child_describe(&ch->c, what, sizeof what));
	FILE *f = fs_open_regular(ch->err, CHILD_OUTPUT_KEEP, err, sizeof err);
	while (f != NULL && fs_read_line(f, line, sizeof line) >= 0) {
		if (strncmp(line, "\"chart.gp\"", 10) == 0) {
			snprintf(first, sizeof first, "%s", line);
			break;
		}
		if (first[0] == '\0' && line[strspn(line, " ^")] != '\0' && strncmp(line, "Warning:", 8) != 0)
			snprintf(first, sizeof first, "%s", line);
	}
	if (f != NULL)
		fclose(f);
	if (first[0] != '\0')
		snprintf(buf + strlen(buf), cap - strlen(buf), ": %s", first);
	return buf;
}

int chart_room_open(struct chart_room *r, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char view[PATH_CAP];

	memset(r, 0, sizeof *r);
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	sandbox_init(&r->sb);
	if (fs_path(r->scratch, sizeof r->scratch, "%s/memlab-charts-XXXXXX", tmp) != 0 || mkdtemp(r->scratch) == NULL ||
	    fs_path(r->work, sizeof r->work, "%s/work", r->scratch) != 0 || fs_mkdirs(r->work) != 0 ||
	    chmod(r->work, 0755) != 0 || fs_path(view, sizeof view, "%s/view", r->scratch) != 0 ||
	    fs_mkdirs(view) != 0 || sandbox_bind(&r->sb, r->work, true) != 0) {
		snprintf(err, errlen, "cannot make a folder for the charts in %s: %s", tmp, strerror(errno));
		if (r->scratch[0] != '\0')
			fs_remove_tree(r->scratch);
		r->scratch[0] = '\0';
		sandbox_release(&r->sb);
		return -1;
	}
	sandbox_view_at(&r->sb, view);
	/* without a view, the runners reach the work folder through the real path */
	chmod(r->scratch, r->sb.users && !r->sb.view ? 0711 : 0700);
	return 0;
}

void chart_room_close(struct chart_room *r)
{
	if (r->scratch[0] != '\0')
		fs_remove_tree(r->scratch);
	r->scratch[0] = '\0';
	sandbox_release(&r->sb);
}
