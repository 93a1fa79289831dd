/*
 * build.c - sets a grading up and builds what it measures (see grade.h).
 *
 * Nothing is built in the source tree: the lab (with lab.mk and common/)
 * is copied into a fresh scratch folder, the submitted file is put in the
 * student file's place, and the lab's own Makefile builds three programs
 * there, side by side: the submission (warnings allowed: a student's
 * warning is not a build failure), the pitfall (its output is the expected
 * answer; its memory is the baseline the plots compare with) and, when
 * solutions/<lab>/ has it, the reference solution.
 */
#include "grade.h"

#include "child.h"
#include "fsutil.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const impl_dirs[IMPL_COUNT] = { "build/submission", "build/pitfall", "build/reference" };

static int find_root(struct grading *g, char *err, size_t errlen)
{
	char exe[PATH_CAP];
	const char *env = getenv("MEMLAB_ROOT");

	if (env != NULL && *env != '\0') {
		if (realpath(env, g->root) == NULL) {
			snprintf(err, errlen, "MEMLAB_ROOT=%s: %s", env, strerror(errno));
			return -1;
		}
		return 0;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0) {
		snprintf(err, errlen, "cannot find the grader's own folder: %s", strerror(errno));
		return -1;
	}
	exe[n] = '\0';
	/* <root>/grader/grade */
	snprintf(g->root, sizeof g->root, "%s", dirname(dirname(exe)));
	return 0;
}

int grading_prepare(struct grading *g, char *err, size_t errlen)
{
	char lab_real[PATH_CAP], path[PATH_CAP], tmpl[PATH_CAP];
	const char *tmp = getenv("TMPDIR");
	static const char *const skip[] = { "build", "grade-out", "out", NULL };

	if (find_root(g, err, errlen) != 0)
		return -1;
	if (realpath(g->lab_dir, lab_real) == NULL || !fs_is_dir(lab_real)) {
		snprintf(err, errlen, "%s: not a lab folder", g->lab_dir);
		return -1;
	}
	snprintf(g->lab_name, sizeof g->lab_name, "%s", basename(lab_real));
	if (fs_path(path, sizeof path, "%s/lab.ini", lab_real) != 0 ||
	    spec_read(path, &g->spec, err, errlen) != 0)
		return -1;
	if (fs_mkdirs(g->out_dir) != 0) {
		snprintf(err, errlen, "%s: cannot make the output folder: %s", g->out_dir, strerror(errno));
		return -1;
	}

	/* The file to grade. */
	if (g->grade_pitfall)
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/pitfall.c", lab_real);
	else if (g->submission_dir != NULL)
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/%s", g->submission_dir, g->spec.student);
	else
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/%s", lab_real, g->spec.student);

	/* The scratch copy. */
	if (fs_path(tmpl, sizeof tmpl, "%s/memlab-grade-XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp") != 0 ||
	    mkdtemp(tmpl) == NULL) {
		snprintf(err, errlen, "cannot make a scratch folder: %s", strerror(errno));
		return -1;
	}
	snprintf(g->scratch, sizeof g->scratch, "%s", tmpl);
	fs_path(g->scratch_lab, sizeof g->scratch_lab, "%s/labs/%s", g->scratch, g->lab_name);
	char from[PATH_CAP], to[PATH_CAP];
	if (fs_path(from, sizeof from, "%s/labs/lab.mk", g->root) != 0 ||
	    fs_path(to, sizeof to, "%s/labs", g->scratch) != 0 || fs_mkdirs(to) != 0 ||
	    fs_path(to, sizeof to, "%s/labs/lab.mk", g->scratch) != 0 || fs_copy_file(from, to) != 0 ||
	    fs_path(from, sizeof from, "%s/labs/common", g->root) != 0 ||
	    fs_path(to, sizeof to, "%s/labs/common", g->scratch) != 0 || fs_copy_tree(from, to, NULL) != 0 ||
	    fs_copy_tree(lab_real, g->scratch_lab, skip) != 0 ||
	    fs_path(to, sizeof to, "%s/tmp", g->scratch) != 0 || fs_mkdirs(to) != 0 ||
	    fs_path(to, sizeof to, "%s/runs", g->scratch) != 0 || fs_mkdirs(to) != 0) {
		snprintf(err, errlen, "cannot copy the lab into %s: %s", g->scratch, strerror(errno));
		return -1;
	}
	/* The submitted file takes the student file's place; a missing one fails the build. */
	fs_path(to, sizeof to, "%s/%s", g->scratch_lab, g->spec.student);
	unlink(to);
	if (fs_is_file(g->submitted_file) && fs_copy_file(g->submitted_file, to) != 0) {
		snprintf(err, errlen, "cannot copy %s: %s", g->submitted_file, strerror(errno));
		return -1;
	}
	/* The reference solution, if the course ships it here. */
	fs_path(from, sizeof from, "%s/solutions/%s/%s", g->root, g->lab_name, g->spec.student);
	g->impl[IMPL_REFERENCE].present = fs_is_file(from);
	if (g->impl[IMPL_REFERENCE].present) {
		fs_path(to, sizeof to, "%s/reference", g->scratch);
		if (fs_mkdirs(to) != 0 ||
		    fs_path(to, sizeof to, "%s/reference/%s", g->scratch, g->spec.student) != 0 ||
		    fs_copy_file(from, to) != 0) {
			snprintf(err, errlen, "cannot copy the reference solution: %s", strerror(errno));
			return -1;
		}
	}
	g->impl[IMPL_SUBMISSION].present = g->impl[IMPL_PITFALL].present = true;
	for (int i = 0; i < IMPL_COUNT; i++)
		snprintf(g->impl[i].build_dir, sizeof g->impl[i].build_dir, "%s", impl_dirs[i]);
	return 0;
}

/* Fills c to run make in the lab's scratch copy for one implementation. */
static void make_child(struct grading *g, struct child *c, enum impl which, char (*args)[PATH_CAP],
		       const char *log)
{
	const struct spec *s = &g->spec;
	int n = 0, a = 0;

	c->argv[n++] = "make";
	c->argv[n++] = "-k";
	c->argv[n++] = "--no-print-directory";
	c->argv[n++] = "WERROR=";
	fs_path(args[a], PATH_CAP, "BUILD=%s", impl_dirs[which]);
	c->argv[n++] = args[a++];
	if (which == IMPL_PITFALL)
		c->argv[n++] = "IMPL=pitfall.c";
	if (which == IMPL_REFERENCE) {
		fs_path(args[a], PATH_CAP, "IMPL=%s/reference/%s", g->scratch, s->student);
		c->argv[n++] = args[a++];
	}
	fs_path(args[a], PATH_CAP, "%s/%s", impl_dirs[which], s->program);
	c->argv[n++] = args[a++];
	if (which == IMPL_SUBMISSION) {
		fs_path(args[a], PATH_CAP, "%s/tests", impl_dirs[which]);
		c->argv[n++] = args[a++];
	}
	if (which == IMPL_PITFALL && s->input[0] != '\0') {
		fs_path(args[a], PATH_CAP, "%s/%s", impl_dirs[which], s->input);
		c->argv[n++] = args[a++];
	}
	c->argv[n] = NULL;
	c->cwd = g->scratch_lab;
	c->stdout_path = log;
	c->stderr_path = log;
	c->timeout_s = TIMEOUT_BUILD_S;
}

int grading_build(struct grading *g, char *err, size_t errlen)
{
	struct child c[IMPL_COUNT];
	char args[IMPL_COUNT][4][PATH_CAP], logs[IMPL_COUNT][2][PATH_CAP], what[128];
	unsigned n = 0;
	enum impl order[IMPL_COUNT];

	memset(c, 0, sizeof c);
	for (int i = 0; i < IMPL_COUNT; i++) {
		if (!g->impl[i].present)
			continue;
		/* stdout and stderr of make go to two files: the kept output is per stream */
		fs_path(logs[i][0], PATH_CAP, "%s/build-%s.log", g->out_dir, impl_dirs[i] + 6);
		fs_path(logs[i][1], PATH_CAP, "%s/build-%s.err", g->scratch, impl_dirs[i] + 6);
		make_child(g, &c[n], (enum impl)i, args[i], logs[i][0]);
		c[n].stderr_path = logs[i][1];
		order[n++] = (enum impl)i;
	}
	struct child *running[IMPL_COUNT];
	for (unsigned k = 0; k < n; k++)
		running[k] = &c[k];
	child_run_all(running, n, g->jobs);
	for (unsigned k = 0; k < n; k++) {
		enum impl i = order[k];
		char prog[PATH_CAP];
		/* Append make's stderr to its log, so the student sees one log. */
		char buf[4096];
		FILE *out = fopen(logs[i][0], "a"), *in = fopen(logs[i][1], "r");
		size_t got;
		while (out != NULL && in != NULL && (got = fread(buf, 1, sizeof buf, in)) > 0)
			fwrite(buf, 1, got, out);
		if (in != NULL) fclose(in);
		if (out != NULL) fclose(out);
		fs_path(prog, sizeof prog, "%s/%s/%s", g->scratch_lab, impl_dirs[i], g->spec.program);
		g->impl[i].built = child_ok(&c[k]) && fs_is_file(prog);
		if (i == IMPL_SUBMISSION && !g->impl[i].built) {
			if (!fs_is_file(g->submitted_file))
				snprintf(g->build_why, sizeof g->build_why, "no %s in the submission (%s)",
					 g->spec.student, g->submitted_file);
			else
				snprintf(g->build_why, sizeof g->build_why, "the build failed (%s): see %s",
					 child_describe(&c[k], what, sizeof what), logs[i][0]);
		}
		if (i == IMPL_PITFALL && !g->impl[i].built) {
			snprintf(err, errlen, "the lab's own pitfall.c does not build (%s): see %s",
				 child_describe(&c[k], what, sizeof what), logs[i][0]);
			return -1;
		}
		if (i == IMPL_REFERENCE && !g->impl[i].built)
			g->impl[i].present = false; /* only a baseline: the grade does not depend on it */
	}
	g->build_ok = g->impl[IMPL_SUBMISSION].built;
	return 0;
}

void grading_release(struct grading *g)
{
	if (g->scratch[0] != '\0' && !g->keep_scratch)
		fs_remove_tree(g->scratch);
}
