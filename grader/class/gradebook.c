/*
 * gradebook.c - what a class run leaves for the instructor (see class.h):
 *   gradebook.csv   one row per student: each lab's score, the total, notes
 *   class.json      everything the gradebook and the class report are made
 *                   of, so that --merge can join shards without regrading
 * then each student's summary (classstudent.c) and class-report.txt and its charts (classreport.c).  Every file is
 * written atomically.  class_load() reads a class.json back, for a merge.
 */
#include "class/class.h"

#include "base/fsutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[] = { "pending", "graded", "missing", "failed" };
static const char *const baseline_names[CLASS_BASELINES] = { "pitfall", "reference" };

/* A score as few digits as it needs: 100, 87.5, 33.33. */
static const char *score_text(double v, char *buf, size_t cap)
{
	snprintf(buf, cap, "%.2f", v);
	char *end = buf + strlen(buf);
	while (end[-1] == '0')
		*--end = '\0';
	if (end[-1] == '.')
		end[-1] = '\0';
	return buf;
}

/*
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line
 * break or edge spaces, quotes doubled.  Text a spreadsheet would run as a
 * formula (= + - @ first) gets a leading apostrophe: the names are the
 * students' own.
 */
static void csv_field(FILE *f, const char *s, bool last)
{
	bool formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
	size_t len = strlen(s);
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL || (len > 0 && (s[0] == ' ' || s[len - 1] == ' '));

	if (quote)
		fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
	fputs(last ? "\n" : ",", f);
}

/* All that went wrong for student s, one line: the folder's notes, then each lab's. */
static void student_notes(const struct class *k, size_t s, char *out, size_t cap)
{
	snprintf(out, cap, "%s", k->students[s].notes);
	for (size_t l = 0; l < k->nlabs; l++) {
		const struct class_entry *e = class_entry_at(k, s, l);
		if (e->note[0] == '\0')
			continue;
		size_t len = strlen(out);
		snprintf(out + len, cap - len, "%s%s: %s%s", len > 0 ? "; " : "", k->labs[l].name,
			 e->state == ENTRY_FAILED ? "could not grade: " : "", e->note);
	}
}

/* Writes text (from a memstream) atomically to OUT/name; frees it. */
static int commit(const struct class *k, const char *name, FILE *mem, char **text, size_t *len)
{
	char path[PATH_CAP];
	int rc = fclose(mem) != 0 || fs_path(path, sizeof path, "%s/%s", k->out, name) != 0 ||
		 fs_write_atomic(path, *text, *len) != 0 ? -1 : 0;
	free(*text);
	*text = NULL;
	return rc;
}

static int write_gradebook(const struct class *k)
{
	char *text = NULL, buf[64], notes[CLASS_NOTE_MAX * (CLASS_LABS_MAX + 1)];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return -1;
	csv_field(f, "student", false);
	for (size_t l = 0; l < k->nlabs; l++)
		csv_field(f, k->labs[l].name, false);
	csv_field(f, "total", false);
	csv_field(f, "notes", true);
	for (size_t s = 0; s < k->nstudents; s++) {
		double total = 0;
		csv_field(f, k->students[s].name, false);
		for (size_t l = 0; l < k->nlabs; l++) {
			const struct class_entry *e = class_entry_at(k, s, l);
			bool scored = e->state == ENTRY_GRADED || e->state == ENTRY_MISSING;
			total += scored ? e->score : 0;
			csv_field(f, scored ? score_text(e->score, buf, sizeof buf) : "", false);
		}
		csv_field(f, score_text(total, buf, sizeof buf), false);
		student_notes(k, s, notes, sizeof notes);
		csv_field(f, notes, true);
	}
	return commit(k, "gradebook.csv", f, &text, &len);
}

static json_t *entry_json(const struct class_entry *e)
{
	json_t *o = json_pack("{s:s, s:f, s:f, s:b, s:o, s:f}", "state", state_names[e->state], "score", e->score, "max",
			      e->max, "built", e->built, "peak_heap_bytes", e->has_peak ? json_real(e->peak) : json_null(),
			      "elapsed_seconds", e->elapsed_s);

	if (o == NULL || class_json_set_text(o, "note", e->note) != 0 ||
	    json_object_set_new(o, "from_archive", json_boolean(e->from_archive)) != 0 ||
	    json_object_set_new(o, "reused", json_boolean(e->reused)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* o[key] as a string, "" if it is not one. */
static const char *text_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s != NULL ? s : "";
}

static void entry_read(json_t *o, struct class_entry *e)
{
	const char *state = json_string_value(json_object_get(o, "state"));
	json_t *peak = json_object_get(o, "peak_heap_bytes");

	e->state = ENTRY_FAILED;
	for (int i = 0; state != NULL && i < 4; i++)
		if (strcmp(state, state_names[i]) == 0)
			e->state = (enum entry_state)i;
	e->score = json_number_value(json_object_get(o, "score"));
	e->max = json_number_value(json_object_get(o, "max"));
	e->built = json_is_true(json_object_get(o, "built"));
	e->has_peak = json_is_number(peak);
	e->peak = json_number_value(peak);
	e->elapsed_s = json_number_value(json_object_get(o, "elapsed_seconds"));
	e->from_archive = json_is_true(json_object_get(o, "from_archive"));
	e->reused = json_is_true(json_object_get(o, "reused"));
	if (class_json_get_text(o, "note", e->note, sizeof e->note) != 0)
		e->note[0] = '\0';  /* a note is for reading: none rather than a wrong one */
}

static int write_json(const struct class *k)
{
	json_t *root = json_object(), *labs = json_array(), *students = json_array(), *problems = json_array();
	char path[PATH_CAP], *text = NULL;
	int rc = -1;

	if (root == NULL || labs == NULL || students == NULL || problems == NULL)
		goto out;
	json_object_set_new(root, "format", json_string("memlab-class-1"));
	json_object_set_new(root, "shard", k->shard_n ? json_pack("{s:i, s:i}", "index", (int)k->shard_i, "count", (int)k->shard_n)
						    : json_null());
	json_object_set(root, "labs", labs);
	for (size_t l = 0; l < k->nlabs; l++) {
		const struct class_lab *lab = &k->labs[l];
		const struct spec *sp = &lab->spec;
		json_t *b = json_object();
		for (int i = 0; b != NULL && i < CLASS_BASELINES; i++)
			json_object_set_new(b, baseline_names[i], entry_json(&lab->baseline[i]));
		json_array_append_new(labs, json_pack("{s:s, s:s, s:s, s:s, s:I, s:f, s:s, s:o}", "name", lab->name,
						      "title", sp->title, "unit", sp->unit, "student_file", sp->student,
						      "largest_size", (json_int_t)sp->sizes[sp->nsizes - 1], "max_score",
						      sp->max_score, "key", lab->key, "baselines", b));
	}
	json_object_set(root, "students", students);
	for (size_t s = 0; s < k->nstudents; s++) {
		/* every student, or no class.json: a merge must not lose one */
		json_t *st = json_object(), *row = NULL;
		if (json_array_append_new(students, st) != 0 ||  /* st is students' from here, row st's */
		    class_json_set_text(st, "name", k->students[s].name) != 0 ||
		    class_json_set_text(st, "notes", k->students[s].notes) != 0 ||
		    json_object_set_new(st, "labs", row = json_array()) != 0)
			goto out;
		for (size_t l = 0; l < k->nlabs; l++)
			if (json_array_append_new(row, entry_json(class_entry_at(k, s, l))) != 0)
				goto out;
	}
	json_object_set(root, "problems", problems);
	for (unsigned i = 0; i < k->nproblems; i++) {
		char shown[CLASS_NOTE_MAX];  /* problems are printable already (class_problem): this only makes sure */
		json_array_append_new(problems, json_string(fs_printable(k->problems[i], false, shown, sizeof shown)));
	}
	json_object_set_new(root, "run", json_pack("{s:i, s:i, s:i, s:f, s:f, s:f}", "graded", (int)k->run.graded, "reused",
						   (int)k->run.reused, "failed", (int)k->run.failed, "wall_seconds", k->run.wall_s,
						   "grader_cpu_seconds", k->run.grader_cpu_s, "tools_cpu_seconds",
						   k->run.tools_cpu_s));
	text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (text != NULL && fs_path(path, sizeof path, "%s/class.json", k->out) == 0 &&
	    fs_write_atomic(path, text, strlen(text)) == 0)
		rc = 0;
out:
	free(text);
	json_decref(labs);
	json_decref(students);
	json_decref(problems);
	json_decref(root);
	return rc;
}

int class_write(struct class *k, char *err, size_t errlen)
{
	char shown[CLASS_SHOWN_MAX];

	for (size_t s = 0; s < k->nstudents; s++)
		if (class_write_student(k, s) != 0) {
			snprintf(err, errlen, "cannot write %s/%s/report.txt or results.json", k->out,
				 class_shown(k->students[s].name, shown));
			return -1;
		}
	if (write_gradebook(k) != 0 || write_json(k) != 0) {
		snprintf(err, errlen, "cannot write gradebook.csv or class.json in %s", k->out);
		return -1;
	}
	return class_report(k, err, errlen);
}

/* One lab of class.json: what the report shows of its spec, and its baselines. */
static int load_lab(json_t *o, struct class_lab *lab, const char *dir, char *err, size_t errlen)
{
	struct spec *sp = &lab->spec;

	snprintf(lab->name, sizeof lab->name, "%s", text_of(o, "name"));
	/* a lab's name makes paths (charts): what labs/ can hold, no more */
	if (lab->name[0] == '\0' || lab->name[0] == '.' ||
	    strspn(lab->name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(lab->name)) {
		snprintf(err, errlen, "%s/class.json: '%.64s' is not a lab's name", dir, lab->name);
		return -1;
	}
	snprintf(lab->key, sizeof lab->key, "%s", text_of(o, "key"));
	snprintf(sp->title, sizeof sp->title, "%s", text_of(o, "title"));
	snprintf(sp->unit, sizeof sp->unit, "%s", text_of(o, "unit"));
	snprintf(sp->student, sizeof sp->student, "%s", text_of(o, "student_file"));
	sp->sizes[0] = (uint64_t)json_integer_value(json_object_get(o, "largest_size"));
	sp->nsizes = 1; /* a loaded spec keeps only what the report shows */
	sp->max_score = json_number_value(json_object_get(o, "max_score"));
	for (int b = 0; b < CLASS_BASELINES; b++)
		entry_read(json_object_get(json_object_get(o, "baselines"), baseline_names[b]), &lab->baseline[b]);
	return 0;
}

/* Student i of class.json: the name's exact bytes (or no merge: it is the student's folder), one entry a lab. */
static int load_student(struct class *k, size_t i, json_t *o, const char *dir, char *err, size_t errlen)
{
	json_t *row = json_object_get(o, "labs");
	char shown[CLASS_SHOWN_MAX];

	if (class_json_get_text(o, "name", k->students[i].name, CLASS_NAME_MAX) != 0) {
		snprintf(err, errlen, "%s/class.json: student %zu has no name, or a broken one", dir, i + 1);
		return -1;
	}
	if (class_json_get_text(o, "notes", k->students[i].notes, CLASS_NOTE_MAX) != 0)
		k->students[i].notes[0] = '\0';
	if (json_array_size(row) != k->nlabs) {
		snprintf(err, errlen, "%s/class.json: student %s has not one entry per lab", dir,
			 class_shown(k->students[i].name, shown));
		return -1;
	}
	for (size_t l = 0; l < k->nlabs; l++)
		entry_read(json_array_get(row, l), class_entry_at(k, i, l));
	return 0;
}

int class_load(struct class *k, const char *dir, char *err, size_t errlen)
{
	char path[PATH_CAP], why[256];
	json_error_t jerr;
	json_t *root = NULL, *o;
	size_t i;
	int rc = -1;
	FILE *f = fs_path(path, sizeof path, "%s/class.json", dir) == 0 ? fs_open_regular(path, CLASS_JSON_MAX, why, sizeof why) : NULL;

	if (f == NULL || (root = json_loadf(f, 0, &jerr)) == NULL ||
	    strcmp(text_of(root, "format"), "memlab-class-1") != 0) {
		snprintf(err, errlen, "%s/class.json: not the class.json of a class run", dir);
		goto out;
	}
	json_t *labs = json_object_get(root, "labs"), *students = json_object_get(root, "students");
	json_t *problems = json_object_get(root, "problems"), *run = json_object_get(root, "run");
	json_t *shard = json_object_get(root, "shard");
	k->nlabs = json_array_size(labs);
	k->nstudents = json_array_size(students);
	if (k->nlabs == 0 || k->nlabs > CLASS_LABS_MAX || k->nstudents > CLASS_STUDENTS_MAX) {
		snprintf(err, errlen, "%s/class.json: %zu labs, %zu students: out of bounds", dir, k->nlabs, k->nstudents);
		goto out;
	}
	k->shard_i = (unsigned)json_integer_value(json_object_get(shard, "index"));
	k->shard_n = (unsigned)json_integer_value(json_object_get(shard, "count"));
	k->labs = calloc(k->nlabs, sizeof *k->labs);
	k->students = calloc(k->nstudents + 1, sizeof *k->students);
	k->entries = calloc(k->nstudents * k->nlabs + 1, sizeof *k->entries);
	if (k->labs == NULL || k->students == NULL || k->entries == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	json_array_foreach(labs, i, o)
		if (load_lab(o, &k->labs[i], dir, err, errlen) != 0)
			goto out;
	json_array_foreach(students, i, o)
		if (load_student(k, i, o, dir, err, errlen) != 0)
			goto out;
	json_array_foreach(problems, i, o)
		class_problem(k, "%s", json_is_string(o) ? json_string_value(o) : "?");
	k->run.graded = (unsigned)json_integer_value(json_object_get(run, "graded"));
	k->run.reused = (unsigned)json_integer_value(json_object_get(run, "reused"));
	k->run.failed = (unsigned)json_integer_value(json_object_get(run, "failed"));
	k->run.wall_s = json_number_value(json_object_get(run, "wall_seconds"));
	k->run.grader_cpu_s = json_number_value(json_object_get(run, "grader_cpu_seconds"));
	k->run.tools_cpu_s = json_number_value(json_object_get(run, "tools_cpu_seconds"));
	rc = 0;
out:
	json_decref(root);
	if (f != NULL)
		fclose(f);
	return rc;
}
