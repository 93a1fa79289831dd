/*
 * summarize.c - grader/summarize: one table row per results.json, for
 * `make demo` and `make bench`: lab, what was graded, score, peak heap at
 * the largest size, its growth exponent, bytes leaked, grading time.
 * Reads the files with jansson; a file it cannot read is one row saying so.
 *
 * usage: summarize LABEL=results.json...
 *        summarize --compare PITFALL_RESULTS SOLUTION_RESULTS
 * The second form prints one lab's figures side by side at its largest
 * size, with their ratio, and the growth exponents fitted over all sizes:
 * the table `make bench` shows.
 */
#include "base/fit.h"
#include "base/limits.h"
#include "base/resultkeys.h"

#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *human(double v, char *buf, size_t cap)
{
	if (v >= MIB) snprintf(buf, cap, "%.2f MiB", v / MIB);
	else if (v >= KIB) snprintf(buf, cap, "%.1f KiB", v / KIB);
	else snprintf(buf, cap, "%.0f B", v);
	return buf;
}

/* runs[].key of one run; "leaked" is what the grader scores: definitely + indirectly lost. */
static json_t *figure(json_t *run, const char *key, json_int_t *sum)
{
	if (strcmp(key, "leaked") != 0)
		return json_object_get(run, key);
	json_t *d = json_object_get(run, RJ_DEFINITELY_LOST_BYTES), *i = json_object_get(run, RJ_INDIRECTLY_LOST_BYTES);
	if (!json_is_integer(d) || !json_is_integer(i))
		return NULL;
	*sum = json_integer_value(d) + json_integer_value(i);
	return d;
}

static double value(json_t *run, const char *key)
{
	json_int_t sum = 0;
	json_t *v = figure(run, key, &sum);
	if (!json_is_integer(v))
		return NAN;
	return strcmp(key, "leaked") == 0 ? (double)sum : (double)json_integer_value(v);
}

/* runs[].key over all sizes, fitted; NAN if any size lacks it. */
static double growth(json_t *runs, const char *key)
{
	double x[64], y[64];
	size_t i, n = json_array_size(runs);
	json_t *r;
	struct fit f;

	if (n < 2 || n > 64)
		return NAN;
	json_array_foreach(runs, i, r) {
		y[i] = value(r, key);
		if (isnan(y[i]))
			return NAN;
		x[i] = (double)json_integer_value(json_object_get(r, RJ_SIZE));
	}
	return fit_power(x, y, n, &f) == 0 ? f.exponent : NAN;
}

/* runs[].key at the largest size that has it; *size says which. */
static double at_largest(json_t *runs, const char *key, json_int_t *size)
{
	for (size_t i = json_array_size(runs); i-- > 0;) {
		json_t *r = json_array_get(runs, i);
		double v = value(r, key);
		if (!isnan(v)) {
			*size = json_integer_value(json_object_get(r, RJ_SIZE));
			return v;
		}
	}
	return NAN;
}

static void cell(double v, bool bytes, char *buf, size_t cap)
{
	if (isnan(v))
		snprintf(buf, cap, "-");
	else if (bytes)
		human(v, buf, cap);
	else if (v >= 1e6)
		snprintf(buf, cap, "%.2f M", v / 1e6);
	else
		snprintf(buf, cap, "%.0f", v);
}

/* One row a figure: pitfall and solution at the largest size they were measured at, their ratio, their growth. */
static void print_figures(json_t *pr, json_t *sr, json_t *sizes)
{
	static const struct { const char *label, *key; bool bytes; } rows[] = {
		{ "peak heap", RJ_PEAK_HEAP_BYTES, true },
		{ "bytes allocated", RJ_TOTAL_ALLOC_BYTES, true },
		{ "live at exit", RJ_HEAP_AT_EXIT_BYTES, true },
		{ "live at checkpoint", RJ_HEAP_AT_CHECKPOINT_BYTES, true },
		{ "blocks allocated", RJ_BLOCKS_ALLOCATED, false },
		{ "instructions", RJ_INSTRUCTIONS, false },
		{ "leaked (memcheck)", "leaked", true },  /* not a key: see figure() */
		{ "fds open at exit", RJ_FDS_OPEN_AT_EXIT, false },
	};
	size_t n = json_array_size(sizes);

	printf("  %-20s %12s %12s %10s %9s %9s\n", "measure", "pitfall", "solution", "ratio", "b pitfall", "b solution");
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		json_int_t at = 0, largest = json_integer_value(json_array_get(sizes, n - 1));
		double p = at_largest(pr, rows[k].key, &at), s = at_largest(sr, rows[k].key, &at);
		char a[32], b[32], r[32] = "-", gp[16] = "-", gs[16] = "-", label[64];
		if (isnan(p) && isnan(s))
			continue;
		cell(p, rows[k].bytes, a, sizeof a);
		cell(s, rows[k].bytes, b, sizeof b);
		if (!isnan(p) && !isnan(s) && s > 0)
			snprintf(r, sizeof r, p / s < 10 ? "%.2fx" : "%.0fx", p / s);
		double g1 = growth(pr, rows[k].key), g2 = growth(sr, rows[k].key);
		if (!isnan(g1)) snprintf(gp, sizeof gp, "%.2f", g1);
		if (!isnan(g2)) snprintf(gs, sizeof gs, "%.2f", g2);
		if (at != largest)
			snprintf(label, sizeof label, "%s@%" JSON_INTEGER_FORMAT, rows[k].label, at);
		else
			snprintf(label, sizeof label, "%s", rows[k].label);
		printf("  %-20s %12s %12s %10s %9s %9s\n", label, a, b, r, gp, gs);
	}
}

/*
 * The hidden-memory cross-check (measure.c): at every size, the native
 * run's memory (its cgroup's peak, else resident) beyond doing nothing, as
 * a share of what the lab allows; the worst size.  ex[] and runs[] are the
 * pitfall's and the solution's extra_data and runs.
 */
static void print_hidden_memory(json_t *const ex[2], json_t *const runs[2], size_t n)
{
	double used[2] = { 0, 0 }, grown[2] = { 0, 0 };
	const char *how = "cgroup";

	for (int k = 0; k < 2; k++) {
		double margin = (double)json_integer_value(json_object_get(ex[k], RJ_HIDDEN_MARGIN_BYTES));
		json_t *idle_cg = json_object_get(ex[k], RJ_BASELINE_MEMORY_PEAK_BYTES);
		for (size_t i = 0; i < n; i++) {
			json_t *r = json_array_get(runs[k], i), *cg = json_object_get(r, RJ_NATIVE_MEMORY_PEAK_BYTES);
			double mem, idle;
			if (json_is_integer(cg) && json_is_integer(idle_cg)) {
				mem = (double)json_integer_value(cg);
				idle = (double)json_integer_value(idle_cg);
			} else {
				mem = (double)json_integer_value(json_object_get(r, RJ_NATIVE_MAX_RSS_BYTES));
				idle = (double)json_integer_value(json_object_get(ex[k], RJ_BASELINE_RSS_BYTES));
				how = "resident";
			}
			double peak = (double)json_integer_value(json_object_get(r, RJ_PEAK_HEAP_BYTES));
			double share = 100 * (mem - idle) / (peak * (1 + HIDDEN_MARGIN_PERCENT / 100.0) + margin);
			if (i == 0 || share > used[k]) {
				used[k] = share;
				grown[k] = mem - idle;
			}
		}
	}
	char a[32], b[32], m[32];
	human(grown[0] > 0 ? grown[0] : 0, a, sizeof a);
	human(grown[1] > 0 ? grown[1] : 0, b, sizeof b);
	human((double)json_integer_value(json_object_get(ex[1], RJ_HIDDEN_MARGIN_BYTES)), m, sizeof m);
	printf("  %-20s %12s %12s   (%s memory beyond doing nothing, at the worst size)\n", "memory beyond heap", a, b, how);
	printf("  %-20s %11.0f%% %11.0f%%   (flagged above 100%%: heap peak +%d%% + %s)\n", "of hidden-mem limit",
	       used[0], used[1], HIDDEN_MARGIN_PERCENT, m);
}

/* --compare: one lab's pitfall and solution gradings, figure by figure. */
static int compare(const char *pit_path, const char *sol_path)
{
	json_error_t jerr;
	json_t *pit = json_load_file(pit_path, 0, &jerr), *sol = json_load_file(sol_path, 0, &jerr);
	int rc = 1;

	if (pit == NULL || sol == NULL) {
		fprintf(stderr, "summarize: cannot read %s\n", pit == NULL ? pit_path : sol_path);
		goto out;
	}
	json_t *pe = json_object_get(pit, RJ_EXTRA_DATA), *se = json_object_get(sol, RJ_EXTRA_DATA);
	json_t *pr = json_object_get(pe, RJ_RUNS), *sr = json_object_get(se, RJ_RUNS);
	json_t *sizes = json_object_get(se, RJ_SIZES);
	size_t n = json_array_size(sizes);
	if (n == 0 || json_array_size(pr) != n || json_array_size(sr) != n) {
		fprintf(stderr, "summarize: %s and %s are not gradings of one lab\n", pit_path, sol_path);
		goto out;
	}
	const char *unit = json_string_value(json_object_get(se, RJ_SIZE_UNIT));
	printf("%s: figures at %" JSON_INTEGER_FORMAT " %s; growth over %" JSON_INTEGER_FORMAT "..%" JSON_INTEGER_FORMAT "\n",
	       json_string_value(json_object_get(se, RJ_LAB)), json_integer_value(json_array_get(sizes, n - 1)), unit,
	       json_integer_value(json_array_get(sizes, 0)), json_integer_value(json_array_get(sizes, n - 1)));
	print_figures(pr, sr, sizes);
	json_t *const ex[2] = { pe, se }, *const runs[2] = { pr, sr };
	print_hidden_memory(ex, runs, n);
	printf("  %-20s %11.1f %11.1f    (of %g)\n", "score",
	       json_number_value(json_object_get(pit, RJ_SCORE)), json_number_value(json_object_get(sol, RJ_SCORE)), 100.0);
	printf("  %-20s %10.1fs %10.1fs\n\n", "grading time", json_number_value(json_object_get(pe, RJ_ELAPSED_SECONDS)),
	       json_number_value(json_object_get(se, RJ_ELAPSED_SECONDS)));
	rc = 0;
out:
	json_decref(pit);
	json_decref(sol);
	return rc;
}

static const char usage[] =
"usage: summarize LABEL=results.json...\n"
"       summarize --compare PITFALL_RESULTS SOLUTION_RESULTS\n"
"One row per results.json (lab, what was graded, score, peak heap at the\n"
"largest size, its growth, bytes leaked, time); --compare: one lab's figures\n"
"side by side with their ratio (the table of make bench).\n";

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "compare", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool comparing = false;
	int rc = 0, o;

	while ((o = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (o == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (o != 'c') { /* getopt said what was wrong */
			fputs(usage, stderr);
			return 2;
		}
		comparing = true;
	}
	if (comparing ? argc - optind != 2 : argc - optind < 1) {
		fputs(usage, stderr);
		return 2;
	}
	if (comparing)
		return compare(argv[optind], argv[optind + 1]);

	printf("%-28s %-11s %9s %12s %9s %10s %8s\n", "lab", "graded", "score", "peak@max", "growth", "leaked", "time");
	for (int i = optind; i < argc; i++) {
		char label[128], lab[64] = "?", peak[32] = "-", growth[16] = "-", leaked[32] = "-";
		const char *eq = strchr(argv[i], '=');
		const char *path = eq != NULL ? eq + 1 : argv[i];
		json_error_t jerr;
		snprintf(label, sizeof label, "%.*s", eq != NULL ? (int)(eq - argv[i]) : 0, argv[i]);
		json_t *root = json_load_file(path, 0, &jerr);
		json_t *extra = json_object_get(root, RJ_EXTRA_DATA);
		json_t *score = json_object_get(root, RJ_SCORE);
		if (root == NULL || !json_is_object(extra) || !json_is_number(score)) {
			printf("%-28s %-11s cannot read %s: %s\n", "?", label, path, root == NULL ? jerr.text : "not a results.json");
			json_decref(root);
			rc = 1;
			continue;
		}
		double max = 0;
		size_t k;
		json_t *t;
		json_array_foreach(json_object_get(root, RJ_TESTS), k, t)
			max += json_number_value(json_object_get(t, RJ_MAX_SCORE));
		snprintf(lab, sizeof lab, "%s", json_string_value(json_object_get(extra, RJ_LAB)));
		json_t *runs = json_object_get(extra, RJ_RUNS);
		json_t *last = json_array_get(runs, json_array_size(runs) - 1);
		json_t *p = json_object_get(last, RJ_PEAK_HEAP_BYTES);
		if (json_is_integer(p))
			human((double)json_integer_value(p), peak, sizeof peak);
		json_t *b = json_object_get(extra, RJ_PEAK_GROWTH_EXPONENT);
		if (json_is_number(b))
			snprintf(growth, sizeof growth, "%.2f", json_number_value(b));
		json_t *l = json_object_get(extra, RJ_LEAKED_BYTES);
		if (json_is_integer(l))
			human((double)json_integer_value(l), leaked, sizeof leaked);
		printf("%-28s %-11s %5.1f/%-3.0f %12s %9s %10s %7.1fs\n", lab, label, json_number_value(score), max,
		       peak, growth, leaked, json_number_value(json_object_get(extra, RJ_ELAPSED_SECONDS)));
		json_decref(root);
	}
	return rc;
}
