/*
 * classreport.c - the class at a glance (see class.h): class-report.txt
 * and, per lab, two charts drawn by gnuplot (plots/class-scores.gp: the
 * scores in tenths of the points; plots/class-peaks.gp: every student's
 * peak heap at the largest size against the pitfall's and the reference's).
 * The text says, per lab: who was scored, graded, missing, not built or
 * could not be graded; mean, median and range of the scores; a histogram;
 * and where the class's peaks sit between the reference and the pitfall.
 * A chart that cannot be drawn is said in the report, never an error.
 */
#include "class/class.h"

#include "proc/child.h"
#include "base/fsutil.h"
#include "tools/gnuplot.h"
#include "grading/grade.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BINS      10   /* the histogram: tenths of the points */
#define BAR_CHARS 30   /* its longest bar */

struct lab_view {
	double *scores, *peaks;        /* scored students; measured peaks (sorted) */
	size_t nscores, npeaks;
	unsigned graded, missing, failed, unbuilt;
	unsigned bins[BINS];
};

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(const double *v, size_t n)
{
	return n == 0 ? NAN : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int view_of(const struct class *k, size_t l, struct lab_view *v)
{
	double max = k->labs[l].spec.max_score;

	memset(v, 0, sizeof *v);
	v->scores = calloc(k->nstudents + 1, sizeof *v->scores);
	v->peaks = calloc(k->nstudents + 1, sizeof *v->peaks);
	if (v->scores == NULL || v->peaks == NULL)
		return -1;
	for (size_t s = 0; s < k->nstudents; s++) {
		const struct class_entry *e = class_entry_at(k, s, l);
		v->graded += e->state == ENTRY_GRADED;
		v->missing += e->state == ENTRY_MISSING;
		v->failed += e->state == ENTRY_FAILED;
		v->unbuilt += e->state == ENTRY_GRADED && !e->built;
		if (e->state == ENTRY_FAILED)
			continue;
		v->scores[v->nscores++] = e->score;
		int bin = max > 0 ? (int)(e->score / max * BINS) : 0;
		v->bins[bin < 0 ? 0 : bin >= BINS ? BINS - 1 : bin]++;
		if (e->state == ENTRY_GRADED && e->has_peak)
			v->peaks[v->npeaks++] = e->peak;
	}
	qsort(v->scores, v->nscores, sizeof *v->scores, by_value);
	qsort(v->peaks, v->npeaks, sizeof *v->peaks, by_value);
	return 0;
}

static const char *bytes(double v, char *buf, size_t cap)
{
	if (isnan(v)) {
		snprintf(buf, cap, "not measured");
		return buf;
	}
	return measure_format(v, MEASURE_PEAK_HEAP, buf, cap);
}

static double baseline_peak(const struct class_lab *lab, enum class_baseline b)
{
	const struct class_entry *e = &lab->baseline[b];
	return e->state == ENTRY_GRADED && e->has_peak ? e->peak : NAN;
}

static void lab_text(FILE *f, const struct class *k, size_t l, const struct lab_view *v)
{
	const struct class_lab *lab = &k->labs[l];
	double max = lab->spec.max_score, sum = 0, pit = baseline_peak(lab, BASELINE_PITFALL);
	double ref = baseline_peak(lab, BASELINE_REFERENCE);
	unsigned most = 1, nearer_ref = 0;
	char a[32], b[32], c[32];

	for (size_t i = 0; i < v->nscores; i++)
		sum += v->scores[i];
	fprintf(f, "%s: %s (of %g)\n", lab->name, lab->spec.title, max);
	fprintf(f, "  scored %zu of %zu: %u graded (%u did not build), %u missing; %u could not be graded\n",
		v->nscores, k->nstudents, v->graded, v->unbuilt, v->missing, v->failed);
	if (v->nscores > 0)
		fprintf(f, "  mean %.1f  median %.1f  lowest %.1f  highest %.1f\n", sum / (double)v->nscores,
			median(v->scores, v->nscores), v->scores[0], v->scores[v->nscores - 1]);
	for (int i = 0; i < BINS; i++)
		most = v->bins[i] > most ? v->bins[i] : most;
	for (int i = 0; i < BINS; i++) {
		char bar[BAR_CHARS + 1];
		unsigned len = v->bins[i] * BAR_CHARS / most;
		memset(bar, '#', len);
		bar[len] = '\0';
		fprintf(f, "  %6.1f -%6.1f%s| %-*s %u\n", max * i / BINS, max * (i + 1) / BINS, i == BINS - 1 ? "]" : ")",
			BAR_CHARS, bar, v->bins[i]);
	}
	fprintf(f, "  peak heap at %llu %s: reference %s, pitfall %s\n",
		(unsigned long long)lab->spec.sizes[lab->spec.nsizes - 1], lab->spec.unit, bytes(ref, a, sizeof a),
		bytes(pit, b, sizeof b));
	if (v->npeaks > 0) {
		fprintf(f, "    the class (%zu measured): median %s, lowest %s, highest %s\n", v->npeaks,
			bytes(median(v->peaks, v->npeaks), a, sizeof a), bytes(v->peaks[0], b, sizeof b),
			bytes(v->peaks[v->npeaks - 1], c, sizeof c));
		if (!isnan(pit) && !isnan(ref) && pit > 0 && ref > 0) {
			/* nearer on a log scale: memory grows by factors */
			for (size_t i = 0; i < v->npeaks; i++)
				nearer_ref += fabs(log(v->peaks[i] / ref)) < fabs(log(v->peaks[i] / pit));
			fprintf(f, "    nearer the reference than the pitfall: %u of %zu\n", nearer_ref, v->npeaks);
		}
	}
}

/* One chart of the class report: what it shows, and where it goes. */
struct class_chart {
	struct chart ch;
	size_t lab;
	const char *kind;              /* "scores" or "peaks" */
};

/* Data files and gnuplot children for one lab's charts, into c[]; returns how many. */
static unsigned lab_charts(const struct class *k, size_t l, const struct lab_view *v, struct class_chart *c,
			   struct chart_room *room)
{
	const struct class_lab *lab = &k->labs[l];
	char dat[PATH_CAP], name[SPEC_NAME_MAX + 16], title[2 * SPEC_TEXT_MAX], max[32], pitv[32], refv[32];
	unsigned n = 0;
	FILE *f;

	snprintf(title, sizeof title, "%s: scores of %zu students", lab->name, v->nscores);
	snprintf(max, sizeof max, "%g", lab->spec.max_score);
	snprintf(name, sizeof name, "%zu-scores", l);
	const char *score_args[] = { title, max, NULL };
	if (chart_prepare(&c[n].ch, &room->sb, room->work, name, k->root, "class-scores.gp", score_args) == 0 &&
	    fs_path(dat, sizeof dat, "%s/data.dat", c[n].ch.dir) == 0 && (f = fopen(dat, "we")) != NULL) {
		double w = lab->spec.max_score / BINS;
		fprintf(f, "# bin centre, students, bin start, bin end (points)\n");
		for (int i = 0; i < BINS; i++)
			fprintf(f, "%g %u %g %g\n", w * (i + 0.5), v->bins[i], w * i, w * (i + 1));
		c[n].kind = "scores";
		c[n].lab = l;
		if (fclose(f) == 0)
			n++;
	}
	if (v->npeaks == 0)
		return n;
	snprintf(title, sizeof title, "%s: peak heap at %llu %s, %zu students", lab->name,
		 (unsigned long long)lab->spec.sizes[lab->spec.nsizes - 1], lab->spec.unit, v->npeaks);
	double pit = baseline_peak(lab, BASELINE_PITFALL), ref = baseline_peak(lab, BASELINE_REFERENCE);
	bool in_mib = v->peaks[v->npeaks - 1] >= 4 * MIB || (!isnan(pit) && pit >= 4 * MIB);
	snprintf(pitv, sizeof pitv, "%.0f", isnan(pit) ? 0 : pit);
	snprintf(refv, sizeof refv, "%.0f", isnan(ref) ? 0 : ref);
	snprintf(name, sizeof name, "%zu-peaks", l);
	const char *peak_args[] = { title, pitv, refv, in_mib ? "MiB" : "KiB", in_mib ? "1048576" : "1024", NULL };
	if (chart_prepare(&c[n].ch, &room->sb, room->work, name, k->root, "class-peaks.gp", peak_args) == 0 &&
	    fs_path(dat, sizeof dat, "%s/data.dat", c[n].ch.dir) == 0 && (f = fopen(dat, "we")) != NULL) {
		fprintf(f, "# rank, peak heap (bytes), smallest first\n");
		for (size_t i = 0; i < v->npeaks; i++)
			fprintf(f, "%zu %.0f\n", i + 1, v->peaks[i]);
		c[n].kind = "peaks";
		c[n].lab = l;
		if (fclose(f) == 0)
			n++;
	}
	return n;
}

/* The report's first lines: the class, this run's counts and what its CPU went to. */
static void report_heading(FILE *f, const struct class *k)
{
	fprintf(f, "memlab class report: %zu students, %zu labs", k->nstudents, k->nlabs);
	if (k->shard_n > 0)
		fprintf(f, " (shard %u of 0..%u)", k->shard_i, k->shard_n - 1);
	fprintf(f, "\nthis run: %u graded, %u unchanged since an earlier run, %u could not be graded, %.0f s\n",
		k->run.graded, k->run.reused, k->run.failed, k->run.wall_s);
	if (k->run.graded + k->run.failed > 0)
		fprintf(f, "  CPU: the grader %.1f s, its tools (make, tests, valgrind, gnuplot) %.1f s: the grader's own %.1f%%\n",
			k->run.grader_cpu_s, k->run.tools_cpu_s,
			100 * k->run.grader_cpu_s / (k->run.grader_cpu_s + k->run.tools_cpu_s + 1e-9));
	fputc('\n', f);
}

/* One chart drawn by gnuplot: collected into dir as _plots/<lab>-<kind>.png and .svg, or why not. */
static void report_chart(FILE *f, const struct class *k, struct class_chart *c, const char *dir, const char *unwatched)
{
	char png[PATH_CAP], svg[PATH_CAP], why[256];
	const char *lab = k->labs[c->lab].name;

	if (unwatched[0] != '\0')
		fprintf(f, "  chart %s not drawn: %s\n", c->kind, unwatched);
	else if (fs_path(png, sizeof png, "%s/%s-%s.png", dir, lab, c->kind) == 0 &&
		 fs_path(svg, sizeof svg, "%s/%s-%s.svg", dir, lab, c->kind) == 0 &&
		 chart_collect(&c->ch, "png", png) == 0 && chart_collect(&c->ch, "svg", svg) == 0)
		fprintf(f, "  chart: _plots/%s-%s.png (and .svg)\n", lab, c->kind);
	else
		fprintf(f, "  chart %s not drawn: %s\n", c->kind, chart_why(&c->ch, why, sizeof why));
}

int class_report(const struct class *k, char *err, size_t errlen)
{
	struct lab_view *views = calloc(k->nlabs, sizeof *views);
	struct class_chart *charts = calloc(2 * k->nlabs, sizeof *charts);
	struct child *list[2 * CLASS_LABS_MAX];
	struct chart_room room;
	bool have_room = false;
	char dir[PATH_CAP], path[PATH_CAP], *text = NULL, why[256];
	unsigned n = 0;
	size_t len = 0;
	FILE *f = NULL;
	int rc = -1;

	if (views == NULL || charts == NULL || (f = open_memstream(&text, &len)) == NULL ||
	    fs_path(dir, sizeof dir, "%s/_plots", k->out) != 0 || fs_mkdirs(dir) != 0) {
		snprintf(err, errlen, "cannot write the class report in %s", k->out);
		goto out;
	}
	have_room = chart_room_open(&room, why, sizeof why) == 0;
	for (size_t l = 0; l < k->nlabs; l++) {
		if (view_of(k, l, &views[l]) != 0) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		if (have_room)
			n += lab_charts(k, l, &views[l], &charts[n], &room);
	}
	for (unsigned i = 0; i < n; i++)
		list[i] = &charts[i].ch.c;
	char unwatched[128] = "";  /* every gnuplot was stopped: no chart is collected */
	if (child_run_all(list, n, k->jobs > 0 ? k->jobs : 1, 0) != 0)
		snprintf(unwatched, sizeof unwatched, "the class could not watch gnuplot (%s)", strerror(errno));

	report_heading(f, k);
	for (size_t l = 0; l < k->nlabs; l++) {
		lab_text(f, k, l, &views[l]);
		for (unsigned i = 0; i < n; i++)
			if (charts[i].lab == l)
				report_chart(f, k, &charts[i], dir, unwatched);
		if (!have_room)
			fprintf(f, "  charts not drawn: %s\n", why);
		fputc('\n', f);
	}
	if (k->nproblems > 0)
		fprintf(f, "problems with the class folder:\n");
	for (unsigned i = 0; i < k->nproblems; i++)
		fprintf(f, "  %s\n", k->problems[i]);
	fprintf(f, "per student: gradebook.csv (scores, notes), <student>/report.txt, <student>/<lab>/report.txt\n");
	int closed = fclose(f);
	f = NULL;
	if (closed != 0 || fs_path(path, sizeof path, "%s/class-report.txt", k->out) != 0 ||
	    fs_write_atomic(path, text, len) != 0) {
		snprintf(err, errlen, "cannot write %s/class-report.txt", k->out);
		goto out;
	}
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	free(text);
	for (size_t l = 0; views != NULL && l < k->nlabs; l++) {
		free(views[l].scores);
		free(views[l].peaks);
	}
	free(views);
	free(charts);
	if (have_room)
		chart_room_close(&room);
	return rc;
}
