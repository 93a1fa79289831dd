/*
 * summarize.c - grader/summarize: one table row per results.json, for
 * `make demo` and `make bench`: lab, what was graded, score, peak heap at
 * the largest size, its growth exponent, bytes leaked, grading time.
 * Reads the files with jansson; a file it cannot read is one row saying so.
 *
 * usage: summarize LABEL=results.json...
 */
#include "limits.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *human(double v, char *buf, size_t cap)
{
	if (v >= MIB) snprintf(buf, cap, "%.2f MiB", v / MIB);
	else if (v >= KIB) snprintf(buf, cap, "%.1f KiB", v / KIB);
	else snprintf(buf, cap, "%.0f B", v);
	return buf;
}

int main(int argc, char **argv)
{
	int rc = 0;

	printf("%-22s %-11s %9s %12s %9s %10s %8s\n", "lab", "graded", "score", "peak@max", "growth", "leaked", "time");
	for (int i = 1; i < argc; i++) {
		char label[128], lab[64] = "?", peak[32] = "-", growth[16] = "-", leaked[32] = "-";
		const char *eq = strchr(argv[i], '=');
		const char *path = eq != NULL ? eq + 1 : argv[i];
		json_error_t jerr;
		snprintf(label, sizeof label, "%.*s", eq != NULL ? (int)(eq - argv[i]) : 0, argv[i]);
		json_t *root = json_load_file(path, 0, &jerr);
		json_t *extra = json_object_get(root, "extra_data");
		json_t *score = json_object_get(root, "score");
		if (root == NULL || !json_is_object(extra) || !json_is_number(score)) {
			printf("%-22s %-11s cannot read %s: %s\n", "?", label, path, root == NULL ? jerr.text : "not a results.json");
			json_decref(root);
			rc = 1;
			continue;
		}
		double max = 0;
		size_t k;
		json_t *t;
		json_array_foreach(json_object_get(root, "tests"), k, t)
			max += json_number_value(json_object_get(t, "max_score"));
		snprintf(lab, sizeof lab, "%s", json_string_value(json_object_get(extra, "lab")));
		json_t *runs = json_object_get(extra, "runs");
		json_t *last = json_array_get(runs, json_array_size(runs) - 1);
		json_t *p = json_object_get(last, "peak_heap_bytes");
		if (json_is_integer(p))
			human((double)json_integer_value(p), peak, sizeof peak);
		json_t *b = json_object_get(extra, "peak_growth_exponent");
		if (json_is_number(b))
			snprintf(growth, sizeof growth, "%.2f", json_number_value(b));
		json_t *l = json_object_get(extra, "leaked_bytes");
		if (json_is_integer(l))
			human((double)json_integer_value(l), leaked, sizeof leaked);
		printf("%-22s %-11s %5.1f/%-3.0f %12s %9s %10s %7.1fs\n", lab, label, json_number_value(score), max,
		       peak, growth, leaked, json_number_value(json_object_get(extra, "elapsed_seconds")));
		json_decref(root);
	}
	return rc;
}
