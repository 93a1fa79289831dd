/*
 * plot.c - draws a grading with gnuplot: peak heap against size (log-log,
 * the submission with the pitfall and the reference, fitted exponents in
 * the legend) and heap over the run at the largest size (pitfall against
 * submission, peaks marked).  The scripts live in plots/; this file writes
 * their data files and runs gnuplot as a supervised child.  A chart that
 * cannot be drawn is said in the report; it never changes the grade.
 */
#include "grading/grade.h"

#include "proc/child.h"
#include "base/fsutil.h"
#include "tools/gnuplot.h"
#include "tools/massif.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The massif measures a chart can show against size. */
static uint64_t massif_value(const struct size_result *r, enum measure m)
{
	return m == MEASURE_TOTAL_ALLOC ? r->total_alloc : m == MEASURE_HEAP_AT_EXIT ? r->heap_at_exit : r->peak_heap;
}

/* "pitfall: total_alloc ~ size^2.01", fitted over the sizes massif measured. */
static void legend(const struct grading *g, enum impl k, enum measure m, const char *name, char *buf, size_t cap)
{
	const struct spec *s = &g->spec;
	double x[SPEC_MAX_SIZES], y[SPEC_MAX_SIZES];
	size_t n = 0;
	struct fit f;

	for (size_t i = 0; i < s->nsizes; i++)
		if (g->impl[k].at[i].measured[TOOL_MASSIF]) {
			x[n] = (double)s->sizes[i];
			y[n++] = (double)massif_value(&g->impl[k].at[i], m);
		}
	if (n == s->nsizes && fit_power(x, y, n, &f) == 0)
		snprintf(buf, cap, "%s: %s ~ size^%.2f", name, m == MEASURE_PEAK_HEAP ? "peak" : measure_name(m), f.exponent);
	else
		snprintf(buf, cap, "%s", name);
}

/* Writes the chart's data; *zero tells whether a value is 0 (then the y axis is linear). */
static int write_measure_data(const struct grading *g, enum measure m, const char *path, bool *zero)
{
	const struct spec *s = &g->spec;
	FILE *f = fopen(path, "w");

	*zero = false;
	if (f == NULL)
		return -1;
	fprintf(f, "# size  submission  pitfall  reference   (%s, bytes)\n", measure_name(m));
	for (size_t i = 0; i < s->nsizes; i++) {
		fprintf(f, "%" PRIu64, s->sizes[i]);
		for (int k = 0; k < IMPL_COUNT; k++) {
			const struct size_result *r = &g->impl[k].at[i];
			if (g->impl[k].present && r->measured[TOOL_MASSIF]) {
				fprintf(f, " %" PRIu64, massif_value(r, m));
				*zero |= massif_value(r, m) == 0;
			} else
				fprintf(f, " ?");
		}
		fputc('\n', f);
	}
	return fclose(f);
}

/* Besides peak heap, the massif measure the spec fits, if any (lab 02: total_alloc). */
static bool fitted_measure(const struct spec *s, enum measure *m)
{
	for (size_t k = 0; k < s->ncrit; k++) {
		const struct criterion *c = &s->crit[k];
		if (c->kind == CRIT_MEASURE && c->fit && measure_tool(c->measure) == TOOL_MASSIF &&
		    c->measure != MEASURE_PEAK_HEAP) {
			*m = c->measure;
			return true;
		}
	}
	return false;
}

static int write_time_data(const char *massif_file, const char *path)
{
	struct massif_profile p;
	char err[256];

	if (massif_file[0] == '\0' || massif_read(massif_file, &p, err, sizeof err) != 0)
		return -1;
	FILE *f = fopen(path, "w");
	if (f == NULL) {
		massif_release(&p);
		return -1;
	}
	double end = p.n > 0 && p.snaps[p.n - 1].time > 0 ? (double)p.snaps[p.n - 1].time : 1;
	fprintf(f, "# progress%%  heap_bytes  is_peak   (from %s)\n", massif_file);
	for (size_t i = 0; i < p.n; i++)
		fprintf(f, "%.4f %" PRIu64 " %d\n", 100.0 * (double)p.snaps[i].time / end,
			p.snaps[i].heap + p.snaps[i].extra, i == p.peak_index);
	massif_release(&p);
	return fclose(f);
}

/* The three charts of a grading. */
enum { CHART_PEAK, CHART_TIME, CHART_EXTRA, CHARTS };
static const char *const chart_names[CHARTS] = { "peak", "heap-over-time", NULL };

/* A massif measure against size (peak-vs-size.gp), the three implementations fitted: true if it can be drawn. */
static bool prepare_against_size(struct grading *g, struct chart *ch, const char *parent, const char *name,
				 enum measure m, const char *title, const char *ylabel, const char *note)
{
	const struct spec *s = &g->spec;
	char path[PATH_CAP], sub[128], pit[128], ref[128];
	bool zero = false;

	legend(g, IMPL_SUBMISSION, m, "submission", sub, sizeof sub);
	legend(g, IMPL_PITFALL, m, "pitfall", pit, sizeof pit);
	legend(g, IMPL_REFERENCE, m, "reference", ref, sizeof ref);
	const char *args[] = { title, s->unit, sub, pit, ref, ylabel, note, "log", NULL };
	if (chart_prepare(ch, &g->sandbox, parent, name, g->root, "peak-vs-size.gp", args) != 0 ||
	    fs_path(path, sizeof path, "%s/data.dat", ch->dir) != 0 || write_measure_data(g, m, path, &zero) != 0)
		return false;
	if (zero) /* a log axis cannot draw 0 B */
		snprintf(ch->args[7], sizeof ch->args[7], "linear");
	return true;
}

/* The heap over the run at the largest size (heap-over-time.gp): true if it can be drawn. */
static bool prepare_over_time(struct grading *g, struct chart *t, const char *parent)
{
	const struct spec *s = &g->spec;
	char path[PATH_CAP], title[2 * SPEC_TEXT_MAX];
	size_t last = s->nsizes - 1;

	snprintf(title, sizeof title, "%s: heap over the run at %" PRIu64 " %s", g->lab_name, s->sizes[last], s->unit);
	const char *time_args[] = { title, "submission", "pitfall", "no", NULL };
	if (chart_prepare(t, &g->sandbox, parent, "plot-time", g->root, "heap-over-time.gp", time_args) != 0 ||
	    fs_path(path, sizeof path, "%s/sub.dat", t->dir) != 0 ||
	    write_time_data(g->impl[IMPL_SUBMISSION].at[last].massif_file, path) != 0)
		return false;
	/* without baselines (--no-baseline) the submission is drawn alone */
	if (fs_path(path, sizeof path, "%s/pit.dat", t->dir) == 0 &&
	    write_time_data(g->impl[IMPL_PITFALL].at[last].massif_file, path) == 0)
		snprintf(t->args[3], sizeof t->args[3], "yes");
	return true;
}

/* Keeps what gnuplot drew of one chart, and the data drawn, in plots/; the report lists it or says why not. */
static void keep_chart(struct grading *g, const struct chart *ch, const char *name)
{
	char why[256], rel[128], png[PATH_CAP], path[PATH_CAP];
	static const char *const exts[] = { "png", "svg", "txt" };
	bool drew = false;

	for (size_t e = 0; e < sizeof exts / sizeof exts[0]; e++) {
		snprintf(rel, sizeof rel, "plots/%s.%s", name, exts[e]);
		if (fs_path(path, sizeof path, "%s/chart.%s", ch->dir, exts[e]) == 0 && fs_is_file(path) &&
		    outdir_file(&g->out, rel, e == 0 ? png : path) == 0 &&
		    chart_collect(ch, exts[e], e == 0 ? png : path) == 0)
			drew |= e == 0;
	}
	/* the data drawn, beside the chart: any figure can be checked by hand */
	static const char *const data[][2] = { { "data.dat", "" }, { "sub.dat", "-submission" }, { "pit.dat", "-pitfall" } };
	for (size_t d = 0; d < sizeof data / sizeof data[0]; d++) {
		snprintf(rel, sizeof rel, "plots/%s%s.dat", name, data[d][1]);
		if (fs_path(path, sizeof path, "%s/%s", ch->dir, data[d][0]) == 0 && fs_is_file(path) &&
		    outdir_file(&g->out, rel, path) == 0)
			chart_collect_file(ch, data[d][0], path);
	}
	if (!drew) {
		snprintf(g->plot_note, sizeof g->plot_note, "%s not drawn: %s", name, chart_why(ch, why, sizeof why));
		return;
	}
	snprintf(g->plots[g->nplots++], PATH_CAP, "%s (and .svg)", png);
}

int grading_plot(struct grading *g)
{
	const struct spec *s = &g->spec;
	static struct chart charts[CHARTS];
	struct child *running[CHARTS];
	char parent[PATH_CAP], title[2 * SPEC_TEXT_MAX];
	bool used[CHARTS] = { false };
	enum measure extra = MEASURE_PEAK_HEAP;
	unsigned n = 0;

	if (!g->build_ok) {
		snprintf(g->plot_note, sizeof g->plot_note, "none: nothing was measured");
		return 0;
	}
	/* the charts' folders: where the sandbox's children may work */
	if (fs_path(parent, sizeof parent, "%s/runs", g->student) != 0)
		return -1;
	snprintf(title, sizeof title, "%s: peak heap against input size", g->lab_name);
	used[CHART_PEAK] = prepare_against_size(g, &charts[CHART_PEAK], parent, "plot-peak", MEASURE_PEAK_HEAP, title,
						"peak heap",
						"(peak = largest mem_heap_B + mem_heap_extra_B over massif's snapshots)");
	used[CHART_TIME] = prepare_over_time(g, &charts[CHART_TIME], parent);
	if (fitted_measure(s, &extra)) {
		snprintf(title, sizeof title, "%s: %s against input size", g->lab_name, measure_name(extra));
		used[CHART_EXTRA] = prepare_against_size(
			g, &charts[CHART_EXTRA], parent, "plot-extra", extra, title,
			extra == MEASURE_TOTAL_ALLOC ? "bytes allocated over the run" : "heap live at exit",
			extra == MEASURE_TOTAL_ALLOC ? "(total_alloc: massif --xtree-memory=full, bytes requested, totB)"
						     : "(heap_at_exit: massif --xtree-memory=full, bytes still allocated, curB)");
	}
	for (int k = 0; k < CHARTS; k++)
		if (used[k])
			running[n++] = &charts[k].c;
	/* gnuplot unwatched (poll failed) was killed, and drew nothing to trust */
	if (child_run_all(running, n, g->jobs, 0) != 0) {
		snprintf(g->plot_note, sizeof g->plot_note, "none: the grader could not watch gnuplot (poll: %s)",
			 strerror(errno));
		return -1;
	}
	for (int k = 0; k < CHARTS; k++)
		if (used[k])
			keep_chart(g, &charts[k], chart_names[k] != NULL ? chart_names[k] : measure_name(extra));
	return 0;
}
