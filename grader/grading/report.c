/*
 * report.c - what a grading tells people: results.json in Gradescope's
 * format (score; tests[] with name, score, max_score, status, output; every
 * measured figure in extra_data) and a text report a student reads in one
 * glance: one line per criterion, pass or fail, the figure next to the
 * target.  Both are written atomically.  Neighbours: score.c decides,
 * plot.c draws, this file only tells.
 */
#include "grading/grade.h"

#include "base/fsutil.h"
#include "base/resultkeys.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static const char *const impl_keys[IMPL_COUNT] = { RJ_IMPL_SUBMISSION, RJ_IMPL_PITFALL, RJ_IMPL_REFERENCE };

/*
 * A text of results.json.  Paths hold the names of the submission's and
 * the output's folders, not always UTF-8 (class mode: the student's folder
 * name), and jansson takes nothing else: a text it refuses is given
 * printable (fs_printable), rather than left out.
 */
static json_t *json_text(const char *s)
{
	json_t *j = json_string(s);
	size_t cap = 4 * strlen(s) + 1;
	char *shown;

	if (j != NULL || (shown = malloc(cap)) == NULL)
		return j;
	j = json_string(fs_printable(s, false, shown, cap));
	free(shown);
	return j;
}

static json_t *runs_json(const struct grading *g, enum impl k)
{
	const struct spec *s = &g->spec;
	json_t *runs = json_array();

	for (size_t i = 0; runs != NULL && i < s->nsizes; i++) {
		const struct size_result *r = &g->impl[k].at[i];
		json_t *o = json_object();
		if (o == NULL || json_array_append_new(runs, o) != 0) {
			json_decref(runs);
			return NULL;
		}
		json_object_set_new(o, RJ_SIZE, json_integer((json_int_t)s->sizes[i]));
		if (r->measured[TOOL_MASSIF]) {
			json_object_set_new(o, RJ_PEAK_HEAP_BYTES, json_integer((json_int_t)r->peak_heap));
			json_object_set_new(o, RJ_TOTAL_ALLOC_BYTES, json_integer((json_int_t)r->total_alloc));
			json_object_set_new(o, RJ_HEAP_AT_EXIT_BYTES, json_integer((json_int_t)r->heap_at_exit));
			json_object_set_new(o, RJ_BLOCKS_ALLOCATED, json_integer((json_int_t)r->blocks_alloc));
		} else {
			json_object_set_new(o, RJ_PEAK_HEAP_BYTES, json_null());
			json_object_set_new(o, RJ_TOTAL_ALLOC_BYTES, json_null());
			json_object_set_new(o, RJ_HEAP_AT_EXIT_BYTES, json_null());
			json_object_set_new(o, RJ_BLOCKS_ALLOCATED, json_null());
			if (r->why[TOOL_MASSIF][0] != '\0')
				json_object_set_new(o, RJ_MASSIF_ERROR, json_text(r->why[TOOL_MASSIF]));
		}
		if (r->checkpoint_known)
			json_object_set_new(o, RJ_HEAP_AT_CHECKPOINT_BYTES, json_integer((json_int_t)r->heap_at_checkpoint));
		if (r->measured[TOOL_CALLGRIND])
			json_object_set_new(o, RJ_INSTRUCTIONS, json_integer((json_int_t)r->instructions));
		if (r->measured[TOOL_MEMCHECK]) {
			json_object_set_new(o, RJ_MEMCHECK_ERRORS, json_integer((json_int_t)r->memcheck.errors));
			json_object_set_new(o, RJ_DEFINITELY_LOST_BYTES, json_integer((json_int_t)r->memcheck.definitely_lost));
			json_object_set_new(o, RJ_INDIRECTLY_LOST_BYTES, json_integer((json_int_t)r->memcheck.indirectly_lost));
			json_object_set_new(o, RJ_POSSIBLY_LOST_BYTES, json_integer((json_int_t)r->memcheck.possibly_lost));
			json_object_set_new(o, RJ_FDS_OPEN_AT_EXIT, json_integer((json_int_t)r->memcheck.fds_open));
		}
		if (k == IMPL_SUBMISSION) {
			json_object_set_new(o, RJ_OUTPUT_OK, json_boolean(r->output_ok));
			if (!r->output_ok && r->output_why[0] != '\0')
				json_object_set_new(o, RJ_OUTPUT_ERROR, json_text(r->output_why));
			json_object_set_new(o, RJ_NATIVE_WALL_SECONDS, json_real(r->native_wall_s));
			json_object_set_new(o, RJ_NATIVE_MAX_RSS_BYTES, json_integer((json_int_t)r->native_rss_kib * 1024));
			json_object_set_new(o, RJ_NATIVE_MEMORY_PEAK_BYTES, r->memory_peak_known ?
					    json_integer((json_int_t)r->memory_peak) : json_null());
			if (r->massif_file[0] != '\0')
				json_object_set_new(o, RJ_MASSIF_FILE, json_text(r->massif_file));
		}
	}
	return runs;
}

static json_t *fit_json(const struct impl_result *r)
{
	return r->fitted ? json_real(r->peak_fit.exponent) : json_null();
}

/* tests[]: one object a criterion of the spec, as Gradescope lists them */
static void criteria_json(const struct grading *g, json_t *tests)
{
	const struct spec *s = &g->spec;

	for (size_t k = 0; k < s->ncrit; k++) {
		json_t *t = json_object();
		if (t == NULL || json_array_append_new(tests, t) != 0)
			break;
		json_object_set_new(t, RJ_NAME, json_text(s->crit[k].name));
		json_object_set_new(t, RJ_SCORE, json_real(g->crit[k].score));
		json_object_set_new(t, RJ_MAX_SCORE, json_real(s->crit[k].points));
		json_object_set_new(t, RJ_STATUS, json_text(g->crit[k].passed ? "passed" : "failed"));
		json_object_set_new(t, RJ_OUTPUT, json_text(g->crit[k].detail));
	}
}

/* memcheck's verdict: the worst size it ran at (null when it ran at none) */
static void memcheck_json(const struct impl_result *sub, size_t nsizes, json_t *extra)
{
	uint64_t leaked = 0, errors = 0;
	bool any = false;

	for (size_t i = 0; i < nsizes; i++) {
		const struct size_result *r = &sub->at[i];
		if (!r->measured[TOOL_MEMCHECK])
			continue;
		uint64_t l = r->memcheck.definitely_lost + r->memcheck.indirectly_lost;
		leaked = l > leaked ? l : leaked;
		errors = r->memcheck.errors > errors ? r->memcheck.errors : errors;
		any = true;
	}
	json_object_set_new(extra, RJ_LEAKED_BYTES, any ? json_integer((json_int_t)leaked) : json_null());
	json_object_set_new(extra, RJ_MEMCHECK_ERRORS, any ? json_integer((json_int_t)errors) : json_null());
}

/* baselines: the lab's own builds (pitfall, reference), measured beside the submission */
static json_t *baselines_json(const struct grading *g)
{
	json_t *baselines = json_object();

	for (int k = IMPL_PITFALL; baselines != NULL && k < IMPL_COUNT; k++) {
		if (!g->impl[k].present)
			continue;
		json_t *b = json_object();
		json_object_set_new(baselines, impl_keys[k], b);
		json_object_set_new(b, RJ_RUNS, runs_json(g, (enum impl)k));
		json_object_set_new(b, RJ_PEAK_GROWTH_EXPONENT, fit_json(&g->impl[k]));
		json_object_set_new(b, RJ_SEED, json_integer((json_int_t)g->seed));
	}
	return baselines;
}

/* flags (each withholds memory points) and notes (said, scoring nothing) */
static void flags_notes_json(const struct grading *g, json_t *extra)
{
	json_t *flags = json_array();
	for (unsigned i = 0; flags != NULL && i < g->nflags; i++) {
		json_t *f = json_object();
		json_object_set_new(f, RJ_NAME, json_text(g->flags[i].name));
		json_object_set_new(f, RJ_DETAIL, json_text(g->flags[i].detail));
		json_array_append_new(flags, f);
	}
	json_object_set_new(extra, RJ_FLAGS, flags);
	json_t *notes = json_array();
	for (unsigned i = 0; notes != NULL && i < g->nnotes; i++)
		json_array_append_new(notes, json_text(g->notes[i]));
	json_object_set_new(extra, RJ_NOTES, notes);
}

/* what the grading cost: its wall time, the grader's CPU against its tools' (compiler, tests, valgrind, gnuplot) */
static void costs_json(const struct grading *g, json_t *extra)
{
	struct rusage self, children;

	json_object_set_new(extra, RJ_ELAPSED_SECONDS, json_real(g->elapsed_s));
	if (getrusage(RUSAGE_SELF, &self) != 0 || getrusage(RUSAGE_CHILDREN, &children) != 0)
		return;
	json_object_set_new(extra, RJ_GRADER_CPU_SECONDS, json_real(
		(double)self.ru_utime.tv_sec + self.ru_utime.tv_usec / 1e6 +
		(double)self.ru_stime.tv_sec + self.ru_stime.tv_usec / 1e6));
	json_object_set_new(extra, RJ_TOOLS_CPU_SECONDS, json_real(
		(double)children.ru_utime.tv_sec + children.ru_utime.tv_usec / 1e6 +
		(double)children.ru_stime.tv_sec + children.ru_stime.tv_usec / 1e6));
}

/* extra_data: every figure measured, memlab's own keys */
static void extra_json(const struct grading *g, json_t *extra)
{
	const struct spec *s = &g->spec;
	const struct impl_result *sub = &g->impl[IMPL_SUBMISSION];
	json_t *sizes = json_array();

	for (size_t i = 0; sizes != NULL && i < s->nsizes; i++)
		json_array_append_new(sizes, json_integer((json_int_t)s->sizes[i]));
	json_object_set_new(extra, RJ_LAB, json_text(g->lab_name));
	json_object_set_new(extra, RJ_TITLE, json_text(s->title));
	json_object_set_new(extra, RJ_GRADED_FILE, json_text(g->submitted_file));
	json_object_set_new(extra, RJ_SEED, json_integer((json_int_t)g->seed));
	json_object_set_new(extra, RJ_SIZE_UNIT, json_text(s->unit));
	json_object_set_new(extra, RJ_SIZES, sizes);
	json_object_set_new(extra, RJ_BUILD_OK, json_boolean(g->build_ok));
	if (!g->build_ok)
		json_object_set_new(extra, RJ_BUILD_ERROR, json_text(g->build_why));
	json_object_set_new(extra, RJ_TESTS_PASSED, json_integer(g->tests_passed));
	json_object_set_new(extra, RJ_TESTS_TOTAL, json_integer(g->tests_total));
	json_object_set_new(extra, RJ_RUNS, runs_json(g, IMPL_SUBMISSION));
	json_object_set_new(extra, RJ_PEAK_GROWTH_EXPONENT, fit_json(sub));
	json_object_set_new(extra, RJ_PEAK_GROWTH_R2, sub->fitted ? json_real(sub->peak_fit.r2) : json_null());
	memcheck_json(sub, s->nsizes, extra);
	json_object_set_new(extra, RJ_BASELINES, baselines_json(g));
	flags_notes_json(g, extra);
	json_object_set_new(extra, RJ_ISOLATION, json_text(g->sandbox.description));
	json_object_set_new(extra, RJ_BASELINE_RSS_BYTES, json_integer((json_int_t)g->baseline_rss_kib * 1024));
	json_object_set_new(extra, RJ_BASELINE_MEMORY_PEAK_BYTES, g->baseline_peak_known ?
			    json_integer((json_int_t)g->baseline_memory_peak) : json_null());
	json_object_set_new(extra, RJ_HIDDEN_MARGIN_BYTES, json_integer((json_int_t)s->hidden_margin));
	if (s->has_workload_test) {
		json_t *w = json_object();
		json_object_set_new(w, RJ_SIZE, json_integer((json_int_t)s->sizes[s->workload_test]));
		json_object_set_new(w, RJ_PEAK_HEAP_BYTES, g->workload_known ? json_integer((json_int_t)g->workload_peak) : json_null());
		json_object_set_new(w, RJ_TOTAL_ALLOC_BYTES, g->workload_known ? json_integer((json_int_t)g->workload_total)
					: json_null());
		json_object_set_new(extra, RJ_WORKLOAD_TEST, w);
	}
	costs_json(g, extra);
}

static json_t *results_json(const struct grading *g)
{
	const struct spec *s = &g->spec;
	json_t *root = json_object(), *tests = json_array(), *extra = json_object();
	char summary[256];

	if (root == NULL || tests == NULL || extra == NULL) {
		json_decref(root); json_decref(tests); json_decref(extra);
		return NULL;
	}
	snprintf(summary, sizeof summary, "%s: %.1f / %.1f%s%s", g->lab_name, g->score, s->max_score,
		 g->build_ok ? "" : " - ", g->build_ok ? "" : g->build_why);
	json_object_set_new(root, RJ_SCORE, json_real(g->score));
	json_object_set_new(root, RJ_OUTPUT, json_text(summary));
	json_object_set_new(root, RJ_EXECUTION_TIME, json_integer((json_int_t)(g->elapsed_s + 0.5)));
	json_object_set_new(root, RJ_VISIBILITY, json_text("visible"));
	json_object_set_new(root, RJ_TESTS, tests);
	json_object_set_new(root, RJ_EXTRA_DATA, extra);
	criteria_json(g, tests);
	extra_json(g, extra);
	return root;
}

/* The report as text, into f. */
static void write_report(const struct grading *g, FILE *f, bool with_chart)
{
	const struct spec *s = &g->spec;
	const struct impl_result *sub = &g->impl[IMPL_SUBMISSION];
	char a[64], b[64], c[64];

	fprintf(f, "memlab: %s (%s)\n", g->lab_name, s->title);
	fprintf(f, "graded: %s\nseed %" PRIu64 ", sizes", g->submitted_file, g->seed);
	for (size_t i = 0; i < s->nsizes; i++)
		fprintf(f, " %" PRIu64, s->sizes[i]);
	fprintf(f, " (%s)\n\n", s->unit);
	if (!g->build_ok)
		fprintf(f, "  NOT BUILT  %s\n\n", g->build_why);
	for (size_t k = 0; k < s->ncrit; k++)
		fprintf(f, "  %s %5.1f/%-4g %-18s %s\n", g->crit[k].passed ? "PASS" : "FAIL", g->crit[k].score,
			s->crit[k].points, s->crit[k].name, g->crit[k].detail);
	fprintf(f, "  %-4s %5.1f/%-4g\n\n", "", g->score, s->max_score);
	for (unsigned i = 0; i < g->nnotes; i++)
		fprintf(f, "  note: %s\n%s", g->notes[i], i + 1 == g->nnotes ? "\n" : "");
	for (unsigned i = 0; i < g->nflags; i++)
		fprintf(f, "  FLAG %s: %s\n%s", g->flags[i].name, g->flags[i].detail, i + 1 == g->nflags ? "\n" : "");
	if (g->build_ok) {
		fprintf(f, "  %10s  %12s %12s %12s  %s\n", "size", "peak heap", "allocated", "live at exit", "output");
		for (size_t i = 0; i < s->nsizes; i++) {
			const struct size_result *r = &sub->at[i];
			if (r->measured[TOOL_MASSIF])
				fprintf(f, "  %10" PRIu64 "  %12s %12s %12s  %s\n", s->sizes[i],
					measure_format((double)r->peak_heap, MEASURE_PEAK_HEAP, a, sizeof a),
					measure_format((double)r->total_alloc, MEASURE_TOTAL_ALLOC, b, sizeof b),
					measure_format((double)r->heap_at_exit, MEASURE_HEAP_AT_EXIT, c, sizeof c),
					r->output_ok ? "ok" : "WRONG");
			else
				fprintf(f, "  %10" PRIu64 "  massif: %s\n", s->sizes[i],
					r->why[TOOL_MASSIF][0] ? r->why[TOOL_MASSIF] : "not measured");
		}
		fprintf(f, "\n  peak heap = largest mem_heap_B + mem_heap_extra_B of massif (--peak-inaccuracy=0)\n");
		fprintf(f, "  peak heap grows as size^b:");
		for (int k = 0; k < IMPL_COUNT; k++)
			if (g->impl[k].present && g->impl[k].fitted)
				fprintf(f, "  %s b=%.2f", impl_keys[k], g->impl[k].peak_fit.exponent);
		fprintf(f, "\n  massif files: %s/massif/massif.out.<size>  (ms_print %s/massif/massif.out.%" PRIu64 ")\n",
			g->out_dir, g->out_dir, s->sizes[s->nsizes - 1]);
	}
	for (unsigned k = 0; k < g->nplots; k++)
		fprintf(f, "  plot: %s\n", g->plots[k]);
	if (g->plot_note[0] != '\0')
		fprintf(f, "  plots: %s\n", g->plot_note);
	if (with_chart) {
		char path[PATH_CAP], chart[16 * 1024];
		fs_path(path, sizeof path, "%s/plots/peak.txt", g->out_dir);
		if (fs_read_small(path, chart, sizeof chart) > 0)
			fprintf(f, "%s", chart);
	}
	fprintf(f, "  isolation: %s\n", g->sandbox.description);
	fprintf(f, "  graded in %.1f s\n", g->elapsed_s);
}

/* results.json, atomically; 0 or -1. */
static int write_json(struct grading *g, json_t *root)
{
	char path[PATH_CAP];
	char *json = root != NULL ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	int rc = json != NULL && outdir_file(&g->out, "results.json", path) == 0 &&
		 fs_write_atomic(path, json, strlen(json)) == 0 ? 0 : -1;
	free(json);
	return rc;
}

/*
 * What results.json says when there is no grade: the grading has not
 * finished (written first of all, so no earlier grade outlives a grading
 * that dies), or the grader failed.  Gradescope shows "output"; the
 * score is 0 because Gradescope needs one, and the text says it is not
 * the student's.
 */
static void write_no_grade(struct grading *g, const char *status, const char *output, const char *why)
{
	/* a path in why need not be UTF-8 (class mode: a student's folder), and jansson takes nothing else */
	json_t *root = json_pack("{s:f, s:o, s:s, s:[], s:{s:s, s:o, s:o}}", RJ_SCORE, 0.0, RJ_OUTPUT, json_text(output),
				 RJ_VISIBILITY, "visible", RJ_TESTS, RJ_EXTRA_DATA, RJ_GRADER_STATUS, status,
				 RJ_GRADER_ERROR, json_text(why != NULL ? why : ""), RJ_LAB, json_text(g->lab_name));
	write_json(g, root);
	json_decref(root);
}

void grading_write_placeholder(struct grading *g)
{
	write_no_grade(g, "unfinished", "Not graded yet: the grading is running, or it was stopped before it ended.",
		       NULL);
}

void grading_write_failure(struct grading *g, const char *why)
{
	char output[1400];

	snprintf(output, sizeof output, "The grader could not grade this submission: %s. This is a problem of the "
		 "grader or of this machine, not of your work: tell your instructor.", why);
	write_no_grade(g, "failed", output, why);
}

int grading_write(struct grading *g, char *err, size_t errlen)
{
	char path[PATH_CAP];
	char *text = NULL;
	size_t len = 0;
	int rc = -1;
	json_t *root = results_json(g);

	if (root == NULL) {
		snprintf(err, errlen, "out of memory building results.json");
		return -1;
	}
	char *json = NULL;
	int written = write_json(g, root);
	json_decref(root);
	if (written != 0) {
		snprintf(err, errlen, "cannot write %s/results.json", g->out_dir);
		goto out;
	}
	FILE *mem = open_memstream(&text, &len);
	if (mem == NULL) {
		snprintf(err, errlen, "out of memory writing the report");
		goto out;
	}
	write_report(g, mem, false);
	if (fclose(mem) != 0 || outdir_file(&g->out, "report.txt", path) != 0 ||
	    fs_write_atomic(path, text, len) != 0) {
		snprintf(err, errlen, "cannot write %s/report.txt", g->out_dir);
		goto out;
	}
	rc = 0;
out:
	free(text);
	free(json);
	return rc;
}

void grading_print_report(const struct grading *g, bool terminal)
{
	if (g->json) {
		json_t *root = results_json(g);
		if (root != NULL)
			json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(root);
		putchar('\n');
		return;
	}
	write_report(g, stdout, terminal);
}
