/*
 * plot.c - draws a grading with gnuplot: peak heap against size (log-log,
 * the submission with the pitfall and the reference, fitted exponents in
 * the legend) and heap over the run at the largest size (pitfall against
 * submission, peaks marked).  The scripts live in plots/; this file writes
 * their data files and runs gnuplot as a supervised child.  A chart that
 * cannot be drawn is said in the report; it never changes the grade.
 */
#include "grade.h"

#include "child.h"
#include "fsutil.h"
#include "massif.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* gnuplot strings are single-quoted: keep quotes and backslashes out. */
static void clean(char *s)
{
	for (; *s; s++)
		if (*s == '\'' || *s == '\\' || *s == '"')
			*s = '`';
}

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
	clean(buf);
}

static int write_measure_data(const struct grading *g, enum measure m, const char *path)
{
	const struct spec *s = &g->spec;
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fprintf(f, "# size  submission  pitfall  reference   (%s, bytes)\n", measure_name(m));
	for (size_t i = 0; i < s->nsizes; i++) {
		fprintf(f, "%" PRIu64, s->sizes[i]);
		for (int k = 0; k < IMPL_COUNT; k++) {
			const struct size_result *r = &g->impl[k].at[i];
			if (g->impl[k].present && r->measured[TOOL_MASSIF])
				fprintf(f, " %" PRIu64, massif_value(r, m));
			else
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

int grading_plot(struct grading *g)
{
	const struct spec *s = &g->spec;
	char dir[PATH_CAP], peak_dat[PATH_CAP], sub_dat[PATH_CAP], pit_dat[PATH_CAP];
	char script[3][PATH_CAP], expr[3][4 * PATH_CAP], base[3][PATH_CAP], extra_dat[PATH_CAP];
	char sub[128], pit[128], ref[128], title[2 * SPEC_TEXT_MAX], unit[SPEC_TEXT_MAX];
	struct child c[3];
	enum measure extra;
	unsigned n = 0;
	size_t last = s->nsizes - 1;

	if (!g->build_ok) {
		snprintf(g->plot_note, sizeof g->plot_note, "none: nothing was measured");
		return 0;
	}
	memset(c, 0, sizeof c);
	if (fs_path(dir, sizeof dir, "%s/plots", g->out_dir) != 0 || fs_mkdirs(dir) != 0)
		return -1;
	fs_path(peak_dat, sizeof peak_dat, "%s/peak.dat", dir);
	fs_path(sub_dat, sizeof sub_dat, "%s/heap-time-submission.dat", dir);
	fs_path(pit_dat, sizeof pit_dat, "%s/heap-time-pitfall.dat", dir);
	legend(g, IMPL_SUBMISSION, MEASURE_PEAK_HEAP, "submission", sub, sizeof sub);
	legend(g, IMPL_PITFALL, MEASURE_PEAK_HEAP, "pitfall", pit, sizeof pit);
	legend(g, IMPL_REFERENCE, MEASURE_PEAK_HEAP, "reference", ref, sizeof ref);
	snprintf(unit, sizeof unit, "%s", s->unit);
	clean(unit);

	if (write_measure_data(g, MEASURE_PEAK_HEAP, peak_dat) == 0) {
		snprintf(title, sizeof title, "%s: peak heap against input size", g->lab_name);
		clean(title);
		fs_path(script[n], PATH_CAP, "%s/plots/peak-vs-size.gp", g->root);
		fs_path(base[n], PATH_CAP, "%s/peak", dir);
		fs_path(expr[n], sizeof expr[n], "datafile='%s'; out='%s'; title='%s'; unit='%s'; sub='%s'; pit='%s'; ref='%s'",
			peak_dat, base[n], title, unit, sub, pit, ref);
		n++;
	}
	if (write_time_data(g->impl[IMPL_SUBMISSION].at[last].massif_file, sub_dat) == 0) {
		/* without baselines (--no-baseline) the submission is drawn alone */
		if (write_time_data(g->impl[IMPL_PITFALL].at[last].massif_file, pit_dat) != 0)
			pit_dat[0] = '\0';
		snprintf(title, sizeof title, "%s: heap over the run at %" PRIu64 " %s", g->lab_name, s->sizes[last], s->unit);
		clean(title);
		fs_path(script[n], PATH_CAP, "%s/plots/heap-over-time.gp", g->root);
		fs_path(base[n], PATH_CAP, "%s/heap-over-time", dir);
		fs_path(expr[n], sizeof expr[n], "sub_file='%s'; pit_file='%s'; out='%s'; title='%s'; sub='submission'; pit='pitfall'",
			sub_dat, pit_dat, base[n], title);
		n++;
	}
	if (fitted_measure(s, &extra) && fs_path(extra_dat, sizeof extra_dat, "%s/%s.dat", dir, measure_name(extra)) == 0 &&
	    write_measure_data(g, extra, extra_dat) == 0) {
		legend(g, IMPL_SUBMISSION, extra, "submission", sub, sizeof sub);
		legend(g, IMPL_PITFALL, extra, "pitfall", pit, sizeof pit);
		legend(g, IMPL_REFERENCE, extra, "reference", ref, sizeof ref);
		snprintf(title, sizeof title, "%s: %s against input size", g->lab_name, measure_name(extra));
		clean(title);
		fs_path(script[n], PATH_CAP, "%s/plots/peak-vs-size.gp", g->root);
		fs_path(base[n], PATH_CAP, "%s/%s", dir, measure_name(extra));
		fs_path(expr[n], sizeof expr[n], "datafile='%s'; out='%s'; title='%s'; unit='%s'; sub='%s'; pit='%s'; "
			"ref='%s'; ylab='%s'; note='(%s: massif --xtree-memory=full)'", extra_dat, base[n], title, unit,
			sub, pit, ref, extra == MEASURE_TOTAL_ALLOC ? "bytes allocated over the run" : "heap live at exit",
			extra == MEASURE_TOTAL_ALLOC ? "bytes requested, totB" : "bytes still allocated, curB");
		n++;
	}
	struct child *running[3];
	for (unsigned k = 0; k < n; k++) {
		const char *argv[] = { "gnuplot", "-e", expr[k], script[k], NULL };
		memcpy(c[k].argv, argv, sizeof argv);
		c[k].cwd = dir;
		c[k].timeout_s = TIMEOUT_GNUPLOT_S;
		running[k] = &c[k];
	}
	child_run_all(running, n, g->jobs);
	for (unsigned k = 0; k < n; k++) {
		char what[128];
		if (!child_ok(&c[k])) {
			snprintf(g->plot_note, sizeof g->plot_note, "gnuplot failed (%s); is it installed? (make deps)",
				 child_describe(&c[k], what, sizeof what));
			continue;
		}
		fs_path(g->plots[g->nplots++], PATH_CAP, "%s.png (and .svg)", base[k]);
	}
	return 0;
}
