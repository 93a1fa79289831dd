/*
 * classmerge.c - grade --merge (see class.h): joins the outputs of a class
 * graded in shards (grade --class ... --shard I/N, one per Slurm array
 * task or CI matrix job) into one, as if graded at once: each student's
 * folder copied, the baselines of the first part that has them, and the
 * gradebook, class.json and class report written from the parts'
 * class.json files.  Nothing is graded again.  The parts must agree on
 * the labs (same names and keys: same grader, same lab sources) and share
 * no student; a shard missing from a sharded set is said, not refused
 * (a class can be merged as its shards come in).
 * Also class_summary(), the few lines both commands end with.
 */
#include "class/class.h"

#include "base/fsutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row {
	const struct class *part;
	size_t student;
};

static int by_student(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	return strcmp(x->part->students[x->student].name, y->part->students[y->student].name);
}

/* Do the parts agree on the labs, and on the sharding? */
static int check_parts(struct class *k, struct class *parts, unsigned n, const char *const *dirs, char *err,
		       size_t errlen)
{
	bool seen[CLASS_PARTS_MAX] = { false };

	for (unsigned p = 1; p < n; p++) {
		bool same = parts[p].nlabs == parts[0].nlabs;
		for (size_t l = 0; same && l < parts[0].nlabs; l++)
			same = strcmp(parts[p].labs[l].name, parts[0].labs[l].name) == 0 &&
			       strcmp(parts[p].labs[l].key, parts[0].labs[l].key) == 0;
		if (!same) {
			snprintf(err, errlen, "%s and %s graded different labs, or other versions of them (or another grader)",
				 dirs[0], dirs[p]);
			return -1;
		}
		if (parts[p].shard_n != parts[0].shard_n) {
			snprintf(err, errlen, "%s and %s are not shards of one split (%u and %u shards)", dirs[0], dirs[p],
				 parts[0].shard_n, parts[p].shard_n);
			return -1;
		}
	}
	for (unsigned p = 0; p < n && parts[0].shard_n > 0; p++) {
		unsigned i = parts[p].shard_i;
		if (i >= parts[0].shard_n || i >= CLASS_PARTS_MAX || seen[i]) {
			snprintf(err, errlen, "%s: shard %u given twice", dirs[p], i);
			return -1;
		}
		seen[i] = true;
	}
	for (unsigned i = 0; i < parts[0].shard_n && i < CLASS_PARTS_MAX; i++)
		if (!seen[i]) {
			class_problem(k, "shard %u of 0..%u is not in this merge: its students are missing", i,
				      parts[0].shard_n - 1);
			fprintf(stderr, "grade: warning: shard %u of 0..%u is not in this merge\n", i, parts[0].shard_n - 1);
		}
	return 0;
}

/* Copies a folder of part `from` into k's output, replacing what was there. */
static int copy_in(const struct class *k, const char *from_dir, const char *name)
{
	char from[PATH_CAP], to[PATH_CAP];

	if (fs_path(from, sizeof from, "%s/%s", from_dir, name) != 0 || fs_path(to, sizeof to, "%s/%s", k->out, name) != 0)
		return -1;
	if (!fs_is_dir(from))
		return 0; /* nothing to copy: the merged report says what the part said */
	fs_remove_tree(to);
	return fs_copy_tree(from, to, NULL);
}

/* The merged class: labs from the first part, baselines from the first that has them, students sorted. */
static int join(struct class *k, struct class *parts, unsigned n, const char *const *dirs, char *err, size_t errlen)
{
	size_t total = 0, r = 0;
	struct row *rows = NULL;
	int rc = -1;

	for (unsigned p = 0; p < n; p++)
		total += parts[p].nstudents;
	k->nlabs = parts[0].nlabs;
	k->labs = calloc(k->nlabs, sizeof *k->labs);
	k->students = calloc(total + 1, sizeof *k->students);
	k->entries = calloc(total * k->nlabs + 1, sizeof *k->entries);
	rows = calloc(total + 1, sizeof *rows);
	if (total > CLASS_STUDENTS_MAX || k->labs == NULL || k->students == NULL || k->entries == NULL || rows == NULL) {
		snprintf(err, errlen, total > CLASS_STUDENTS_MAX ? "more than " STRINGIFY(CLASS_STUDENTS_MAX) " students"
								 : "out of memory");
		goto out;
	}
	memcpy(k->labs, parts[0].labs, k->nlabs * sizeof *k->labs);
	unsigned from = n; /* the part whose baselines are taken */
	for (unsigned p = 0; p < n && from == n; p++)
		if (parts[p].labs[0].baseline[BASELINE_PITFALL].state == ENTRY_GRADED)
			from = p;
	for (size_t l = 0; from < n && l < k->nlabs; l++)
		memcpy(k->labs[l].baseline, parts[from].labs[l].baseline, sizeof k->labs[l].baseline);
	if (from < n && copy_in(k, dirs[from], "_baseline") != 0) {
		snprintf(err, errlen, "cannot copy %s/_baseline into %s", dirs[from], k->out);
		goto out;
	}
	for (unsigned p = 0; p < n; p++) {
		for (size_t s = 0; s < parts[p].nstudents; s++)
			rows[r++] = (struct row){ &parts[p], s };
		for (unsigned i = 0; i < parts[p].nproblems; i++)
			class_problem(k, "%s", parts[p].problems[i]);
		k->run.graded += parts[p].run.graded;
		k->run.reused += parts[p].run.reused;
		k->run.failed += parts[p].run.failed;
		k->run.grader_cpu_s += parts[p].run.grader_cpu_s;
		k->run.tools_cpu_s += parts[p].run.tools_cpu_s;
		if (parts[p].run.wall_s > k->run.wall_s)
			k->run.wall_s = parts[p].run.wall_s; /* the parts ran side by side */
	}
	qsort(rows, total, sizeof *rows, by_student);
	for (size_t i = 0; i < total; i++) {
		const struct class *part = rows[i].part;
		const char *name = part->students[rows[i].student].name, *why = class_bad_name(name);
		char shown[CLASS_SHOWN_MAX];
		class_shown(name, shown);
		if (i > 0 && strcmp(name, k->students[i - 1].name) == 0) {
			snprintf(err, errlen, "student '%s' is in two parts", shown);
			goto out;
		}
		if (why != NULL) {
			snprintf(err, errlen, "a part lists '%s': %s", shown, why);
			goto out;
		}
		k->students[i] = part->students[rows[i].student];
		memcpy(class_entry_at(k, i, 0), class_entry_at(part, rows[i].student, 0), k->nlabs * sizeof *k->entries);
		if (copy_in(k, dirs[part - parts], name) != 0) {
			snprintf(err, errlen, "cannot copy %s/%s into %s", dirs[part - parts], shown, k->out);
			goto out;
		}
	}
	k->nstudents = total;
	rc = 0;
out:
	free(rows);
	return rc;
}

int class_merge(struct class *k, const char *const *dirs, unsigned n, char *err, size_t errlen)
{
	struct class *parts = calloc(n + 1, sizeof *parts);
	char real[PATH_CAP];
	int rc = -1;

	if (parts == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (n == 0) {
		snprintf(err, errlen, "which outputs? grade --merge OUT1 OUT2 ... --out DIR");
		goto out;
	}
	for (unsigned p = 0; p < n; p++) {
		parts[p].lock_fd = -1;
		if (class_load(&parts[p], dirs[p], err, errlen) != 0)
			goto out;
	}
	if (class_claim_out(k, err, errlen) != 0)
		goto out;
	for (unsigned p = 0; p < n; p++)
		if (realpath(dirs[p], real) != NULL && strcmp(real, k->out) == 0) {
			snprintf(err, errlen, "--out %s is one of the parts: merge into a new folder", k->out_dir);
			goto out;
		}
	if (check_parts(k, parts, n, dirs, err, errlen) != 0 || join(k, parts, n, dirs, err, errlen) != 0 ||
	    class_write(k, err, errlen) != 0)
		goto out;
	class_summary(k, stdout);
	rc = 0;
out:
	for (unsigned p = 0; p < n; p++)
		class_release(&parts[p]);
	free(parts);
	return rc;
}

void class_summary(const struct class *k, FILE *f)
{
	unsigned scored = 0, failed = 0;
	double cpu = k->run.grader_cpu_s + k->run.tools_cpu_s;

	for (size_t i = 0; i < k->nstudents * k->nlabs; i++) {
		scored += k->entries[i].state == ENTRY_GRADED || k->entries[i].state == ENTRY_MISSING;
		failed += k->entries[i].state == ENTRY_FAILED;
	}
	fprintf(f, "class: %zu student%s x %zu lab%s: %u scored, %u could not be graded%s\n", k->nstudents,
		k->nstudents == 1 ? "" : "s", k->nlabs, k->nlabs == 1 ? "" : "s", scored, failed,
		failed > 0 ? " (run again to retry them)" : "");
	fprintf(f, "  this run: %u graded, %u unchanged, %.1f s\n", k->run.graded, k->run.reused, k->run.wall_s);
	if (k->run.graded + k->run.failed > 0)
		fprintf(f, "  cpu: grader %.2f s, tools %.2f s, grader's own %.1f%%\n", k->run.grader_cpu_s,
			k->run.tools_cpu_s, cpu > 0 ? 100 * k->run.grader_cpu_s / cpu : 0.0);
	fprintf(f, "  gradebook:    %s/gradebook.csv\n", k->out);
	fprintf(f, "  class report: %s/class-report.txt (charts in %s/_plots/)\n", k->out, k->out);
	if (k->nproblems > 0)
		fprintf(f, "  %u problem%s with the class folder: see the class report\n", k->nproblems,
			k->nproblems == 1 ? "" : "s");
}
