/*
 * gnuplot.h - one chart drawn by gnuplot, with nothing from outside ever
 * becoming gnuplot code.  Neighbours: plot.c (a grading's charts),
 * classreport.c (a class's), plots/NAME.gp (the scripts).
 *
 * A chart has a folder of its own, where every file has a fixed name: the
 * script (copied from plots/, as chart.gp), its data files (the caller's
 * fixed names), and what gnuplot writes (chart.png, chart.svg, chart.txt).
 * gnuplot runs as `gnuplot -c chart.gp ARG1 ARG2 ...` in that folder:
 * titles and legends arrive as gnuplot's ARGn strings, which are data, so
 * a quote, `$(...)`, a newline or invalid UTF-8 in them is drawn, never
 * run; no path is passed at all.  With a sandbox, gnuplot runs in it like
 * any untrusted child (a runner user, no network, its own view), so that
 * even a bug in gnuplot cannot act as root.
 *
 * Life cycle: chart_prepare(), write the data files into chart.dir, run
 * chart.c with child_run_all(), chart_collect() what it drew.
 */
#ifndef GRADER_GNUPLOT_H
#define GRADER_GNUPLOT_H

#include "proc/child.h"
#include "base/limits.h"


struct chart {
	struct child c;
	char dir[PATH_CAP];             /* its own folder */
	char err[PATH_CAP];             /* gnuplot's stderr, kept there */
	char args[CHART_ARGS_MAX][SPEC_TEXT_MAX * 2];
};

/*
 * Makes parent/name (parent must be visible to the sandbox's children),
 * copies root/plots/script into it, and fills ch->c to run gnuplot with
 * args (NULL-terminated, at most CHART_ARGS_MAX).  0, or -1 (errno).
 */
int chart_prepare(struct chart *ch, struct sandbox *sb, const char *parent, const char *name, const char *root,
		  const char *script, const char *const *args);

/* Copies what gnuplot drew, chart.<ext>, to the file `to`.  0, or -1 if it drew none. */
int chart_collect(const struct chart *ch, const char *ext, const char *to);

/* Copies a file of the chart's folder by its name (a data file, kept beside the chart).  0 or -1. */
int chart_collect_file(const struct chart *ch, const char *name, const char *to);

/* Why a chart was not drawn, for the report: gnuplot's own first error line, or how it ended. */
const char *chart_why(const struct chart *ch, char *buf, size_t cap);

/*
 * Where charts are drawn outside a grading (class mode): a sandbox and a
 * scratch folder of their own.  Call from a single-threaded moment (the
 * sandbox unshares the mount namespace).  Charts go under room.work.
 */
struct chart_room {
	struct sandbox sb;
	char scratch[PATH_CAP];
	char work[PATH_CAP];
};
int chart_room_open(struct chart_room *r, char *err, size_t errlen);
void chart_room_close(struct chart_room *r);

#endif
