/*
 * classstudent.c - what a class run leaves each student (see class.h):
 *   <student>/report.txt     each lab's score, where its report is, what
 *                            went wrong; the total
 *   <student>/results.json   the same in Gradescope's format, one test per
 *                            lab, for a platform that takes one file per
 *                            student
 * next to each lab's own folder (<student>/<lab>/report.txt, results.json).
 * Both written atomically.  Neighbours: gradebook.c (the class's files).
 */
#include "class/class.h"

#include "base/fsutil.h"
#include "base/resultkeys.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_report(const struct class *k, size_t s, double total, double max)
{
	char *text = NULL, path[PATH_CAP], shown[CLASS_SHOWN_MAX];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc = -1;

	if (f == NULL)
		return -1;
	fprintf(f, "memlab class: %s\n\n", class_shown(k->students[s].name, shown));
	for (size_t l = 0; l < k->nlabs; l++) {
		const struct class_entry *e = class_entry_at(k, s, l);
		if (e->state == ENTRY_FAILED)
			fprintf(f, "  %-24s  could not be graded (tried again at the next run): %s\n", k->labs[l].name,
				e->note);
		else
			fprintf(f, "  %-24s %6.1f/%-4g %s/report.txt%s%s\n", k->labs[l].name, e->score, e->max,
				k->labs[l].name, e->note[0] ? "  - " : "", e->note);
	}
	fprintf(f, "  %-24s %6.1f/%g\n", "total", total, max);
	if (k->students[s].notes[0] != '\0')
		fprintf(f, "\n  your folder: %s\n", k->students[s].notes);
	if (fclose(f) == 0 && fs_path(path, sizeof path, "%s/%s/report.txt", k->out, k->students[s].name) == 0 &&
	    fs_write_atomic(path, text, len) == 0)
		rc = 0;
	free(text);
	return rc;
}

static int write_results(const struct class *k, size_t s, double total, double max)
{
	json_t *root = json_object(), *tests = json_array(), *extra = NULL;
	char path[PATH_CAP], summary[CLASS_SHOWN_MAX + 64], shown[CLASS_SHOWN_MAX], *text = NULL;
	int rc = -1;

	if (root == NULL || tests == NULL)
		goto out;
	snprintf(summary, sizeof summary, "%s: %.1f / %g over %zu lab%s", class_shown(k->students[s].name, shown), total,
		 max, k->nlabs, k->nlabs == 1 ? "" : "s");
	json_object_set_new(root, RJ_SCORE, json_real(total));
	json_object_set_new(root, RJ_OUTPUT, json_string(summary));
	json_object_set_new(root, RJ_VISIBILITY, json_string("visible"));
	json_object_set(root, RJ_TESTS, tests);
	for (size_t l = 0; l < k->nlabs; l++) {
		const struct class_entry *e = class_entry_at(k, s, l);
		char said[CLASS_NOTE_MAX + PATH_CAP];
		bool failed = e->state == ENTRY_FAILED;
		snprintf(said, sizeof said, "%s%s%s%s", failed ? "could not be graded: " : "", e->note,
			 e->note[0] && !failed ? "; " : "", failed ? "" : "details in the lab's report.txt");
		json_array_append_new(tests, json_pack("{s:s, s:f, s:f, s:s, s:s}", RJ_NAME, k->labs[l].name, RJ_SCORE,
						       failed ? 0.0 : e->score, RJ_MAX_SCORE, k->labs[l].spec.max_score,
						       RJ_STATUS, !failed && e->score >= e->max ? "passed" : "failed",
						       RJ_OUTPUT, said));
	}
	/* the folder's name exactly, as in class.json: student_hex when it is not UTF-8 */
	if (json_object_set_new(root, RJ_EXTRA_DATA, extra = json_object()) != 0 ||
	    class_json_set_text(extra, RJ_STUDENT, k->students[s].name) != 0 ||
	    class_json_set_text(extra, RJ_NOTES, k->students[s].notes) != 0)
		goto out;
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text != NULL && fs_path(path, sizeof path, "%s/%s/results.json", k->out, k->students[s].name) == 0 &&
	    fs_write_atomic(path, text, strlen(text)) == 0)
		rc = 0;
out:
	free(text);
	json_decref(tests);
	json_decref(root);
	return rc;
}

int class_write_student(const struct class *k, size_t s)
{
	char dir[PATH_CAP];
	double total = 0, max = 0;

	for (size_t l = 0; l < k->nlabs; l++) {
		const struct class_entry *e = class_entry_at(k, s, l);
		total += e->state == ENTRY_FAILED ? 0 : e->score;
		max += k->labs[l].spec.max_score;
	}
	if (fs_path(dir, sizeof dir, "%s/%s", k->out, k->students[s].name) != 0 || fs_mkdirs(dir) != 0)
		return -1;
	return write_report(k, s, total, max) == 0 && write_results(k, s, total, max) == 0 ? 0 : -1;
}
