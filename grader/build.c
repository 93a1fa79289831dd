/*
 * build.c - sets a grading up and builds what it measures (see grade.h).
 *
 * Nothing is built in the source tree.  The scratch folder holds two
 * copies of the lab (with lab.mk and common/):
 *   trusted/  (root only) the pitfall, whose output is the expected answer
 *             and whose memory is a baseline, and the reference solution;
 *   student/  (the runner user's) the lab with the submitted file in the
 *             student file's place: the submission and its tests are built
 *             and run here, as the runner, and cannot see trusted/.
 * The submission is built with warnings allowed (a student's warning is not
 * a build failure); its own file is also compiled alone, so that its object
 * can be checked for code that runs before main and for valgrind client
 * requests (elfscan.c).
 */
#include "grade.h"

#include "child.h"
#include "elfscan.h"
#include "fsutil.h"

#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const impl_dirs[IMPL_COUNT] = { "build/submission", "build/pitfall", "build/reference" };

void grading_flag(struct grading *g, const char *name, bool deny_tests, const char *fmt, ...)
{
	va_list ap;

	g->deny_memory = true;
	g->deny_tests |= deny_tests;
	for (unsigned i = 0; i < g->nflags; i++)
		if (strcmp(g->flags[i].name, name) == 0)
			return; /* said once is enough */
	if (g->nflags == FLAGS_MAX)
		return;
	struct flag *f = &g->flags[g->nflags++];
	snprintf(f->name, sizeof f->name, "%s", name);
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof f->detail, fmt, ap);
	va_end(ap);
}

void grading_note(struct grading *g, const char *fmt, ...)
{
	va_list ap;

	if (g->nnotes == sizeof g->notes / sizeof g->notes[0])
		return;
	va_start(ap, fmt);
	vsnprintf(g->notes[g->nnotes++], sizeof g->notes[0], fmt, ap);
	va_end(ap);
}

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

/* Copies the lab (with lab.mk and common/) into dir/labs/<lab>. */
static int copy_lab(const struct grading *g, const char *lab_real, const char *dir)
{
	static const char *const skip[] = { "build", "grade-out", "out", NULL };
	char from[PATH_CAP], to[PATH_CAP];

	return fs_path(to, sizeof to, "%s/labs", dir) != 0 || fs_mkdirs(to) != 0 ||
	       fs_path(from, sizeof from, "%s/labs/lab.mk", g->root) != 0 ||
	       fs_path(to, sizeof to, "%s/labs/lab.mk", dir) != 0 || fs_copy_file(from, to) != 0 ||
	       fs_path(from, sizeof from, "%s/labs/common", g->root) != 0 ||
	       fs_path(to, sizeof to, "%s/labs/common", dir) != 0 || fs_copy_tree(from, to, NULL) != 0 ||
	       fs_path(to, sizeof to, "%s/labs/%s", dir, g->lab_name) != 0 ||
	       fs_copy_tree(lab_real, to, skip) != 0 ? -1 : 0;
}

/* Can a user who is not the owner reach (search) every folder down to dir? */
static bool reachable(const char *dir)
{
	char path[PATH_CAP];
	struct stat st;

	if (realpath(dir, path) == NULL)
		return false;
	for (char *slash = path + strlen(path); slash != NULL;) {
		if (stat(path[0] ? path : "/", &st) != 0 || !(st.st_mode & S_IXOTH))
			return false;
		*slash = '\0';
		slash = strrchr(path, '/');
	}
	return true;
}

/*
 * Removes what an earlier grading wrote in the output folder, so no old
 * figure is mistaken for a new one.  Only the grader's own names: the
 * folder may be one the instructor keeps other things in.
 */
static void clear_outputs(const char *out)
{
	static const char *const ours[] = {
		"results.json", "report.txt", "tests.log", "build-submission.log", "build-pitfall.log",
		"build-reference.log", "massif", "memcheck", "callgrind", "baseline", "plots",
	};
	char path[PATH_CAP];

	for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++)
		if (fs_path(path, sizeof path, "%s/%s", out, ours[i]) == 0)
			fs_remove_tree(path);
}

int grading_prepare(struct grading *g, char *err, size_t errlen)
{
	char lab_real[PATH_CAP], path[PATH_CAP], from[PATH_CAP], to[PATH_CAP];
	const char *tmp = getenv("TMPDIR");

	if (find_root(g, err, errlen) != 0)
		return -1;
	if (realpath(g->lab_dir, lab_real) == NULL || !fs_is_dir(lab_real)) {
		snprintf(err, errlen, "%s: not a lab folder", g->lab_dir);
		return -1;
	}
	snprintf(g->lab_name, sizeof g->lab_name, "%s", basename(lab_real));
	const char *spec_path = g->spec_path;
	if (spec_path == NULL && fs_path(path, sizeof path, "%s/lab.ini", lab_real) == 0)
		spec_path = path;
	if (spec_read(spec_path != NULL ? spec_path : "", &g->spec, err, errlen) != 0)
		return -1;
	if (g->timeout_s != 0)
		g->spec.timeout_s = g->timeout_s;
	/* The output folder is the grader's: private when untrusted code runs beside it as another user. */
	if (fs_mkdirs(g->out_dir) != 0 || realpath(g->out_dir, g->out_abs) == NULL) {
		snprintf(err, errlen, "%s: cannot make the output folder: %s", g->out_dir, strerror(errno));
		return -1;
	}
	g->out_dir = g->out_abs;
	clear_outputs(g->out_dir);
	sandbox_init(&g->sandbox);
	if (g->sandbox.as_user)
		chmod(g->out_dir, 0700);

	/* The file to grade. */
	if (g->grade_pitfall)
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/pitfall.c", lab_real);
	else if (g->submission_dir != NULL)
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/%s", g->submission_dir, g->spec.student);
	else
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/%s", lab_real, g->spec.student);

	/* The scratch folder: traversable by the runner, listable by no one else. */
	if (g->sandbox.as_user && !reachable(tmp != NULL && *tmp ? tmp : "/tmp")) {
		snprintf(err, errlen, "TMPDIR=%s: the runner user %s cannot reach it (every folder on the "
			 "way must be searchable by others)", tmp, g->sandbox.user);
		return -1;
	}
	if (fs_path(g->scratch, sizeof g->scratch, "%s/memlab-grade-XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp") != 0 ||
	    mkdtemp(g->scratch) == NULL || chmod(g->scratch, 0711) != 0) {
		snprintf(err, errlen, "cannot make a scratch folder: %s", strerror(errno));
		g->scratch[0] = '\0';
		return -1;
	}
	fs_path(g->trusted, sizeof g->trusted, "%s/trusted", g->scratch);
	fs_path(g->student, sizeof g->student, "%s/student", g->scratch);
	if (fs_mkdirs(g->student) == 0)
		sandbox_disk(&g->sandbox, g->student);
	if (fs_mkdirs(g->trusted) != 0 || chmod(g->trusted, 0700) != 0 ||
	    copy_lab(g, lab_real, g->trusted) != 0 || copy_lab(g, lab_real, g->student) != 0 ||
	    fs_path(to, sizeof to, "%s/tmp", g->student) != 0 || fs_mkdirs(to) != 0 ||
	    fs_path(to, sizeof to, "%s/runs", g->student) != 0 || fs_mkdirs(to) != 0 ||
	    fs_path(to, sizeof to, "%s/runs", g->scratch) != 0 || fs_mkdirs(to) != 0 || chmod(to, 0711) != 0 ||
	    fs_path(to, sizeof to, "%s/inputs", g->scratch) != 0 || fs_mkdirs(to) != 0 || chmod(to, 0755) != 0) {
		snprintf(err, errlen, "cannot copy the lab into %s: %s", g->scratch, strerror(errno));
		return -1;
	}
	/* The submitted file takes the student file's place; a missing one fails the build. */
	fs_path(to, sizeof to, "%s/labs/%s/%s", g->student, g->lab_name, g->spec.student);
	unlink(to);
	if (fs_is_file(g->submitted_file) && fs_copy_file(g->submitted_file, to) != 0) {
		snprintf(err, errlen, "cannot copy %s: %s", g->submitted_file, strerror(errno));
		return -1;
	}
	if (sandbox_give(&g->sandbox, g->student) != 0) {
		snprintf(err, errlen, "cannot give %s to the runner user: %s", g->student, strerror(errno));
		return -1;
	}
	/* The reference solution, if the course ships it here: trusted side only. */
	fs_path(from, sizeof from, "%s/solutions/%s/%s", g->root, g->lab_name, g->spec.student);
	g->impl[IMPL_REFERENCE].present = fs_is_file(from);
	if (g->impl[IMPL_REFERENCE].present &&
	    (fs_path(to, sizeof to, "%s/reference", g->trusted) != 0 || fs_mkdirs(to) != 0 ||
	     fs_path(to, sizeof to, "%s/reference/%s", g->trusted, g->spec.student) != 0 ||
	     fs_copy_file(from, to) != 0)) {
		snprintf(err, errlen, "cannot copy the reference solution: %s", strerror(errno));
		return -1;
	}
	g->impl[IMPL_SUBMISSION].present = g->impl[IMPL_PITFALL].present = true;
	for (int i = 0; i < IMPL_COUNT; i++) {
		snprintf(g->impl[i].build_dir, sizeof g->impl[i].build_dir, "%s", impl_dirs[i]);
		fs_path(g->impl[i].lab, PATH_CAP, "%s/labs/%s", i == IMPL_SUBMISSION ? g->student : g->trusted,
			g->lab_name);
	}
	return 0;
}

/* Fills c to run make in an implementation's lab copy. */
static void make_child(struct grading *g, struct child *c, enum impl which, char (*args)[PATH_CAP])
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
		fs_path(args[a], PATH_CAP, "IMPL=%s/reference/%s", g->trusted, s->student);
		c->argv[n++] = args[a++];
	}
	fs_path(args[a], PATH_CAP, "%s/%s", impl_dirs[which], s->program);
	c->argv[n++] = args[a++];
	if (which != IMPL_REFERENCE) {
		/* the pitfall's tests list what the submission's must report */
		fs_path(args[a], PATH_CAP, "%s/tests", impl_dirs[which]);
		c->argv[n++] = args[a++];
	}
	if (which == IMPL_SUBMISSION) {
		fs_path(args[a], PATH_CAP, "%s/impl.o", impl_dirs[which]);
		c->argv[n++] = args[a++];
	}
	if (which == IMPL_PITFALL && s->input[0] != '\0') {
		fs_path(args[a], PATH_CAP, "%s/%s", impl_dirs[which], s->input);
		c->argv[n++] = args[a++];
	}
	c->argv[n] = NULL;
	c->cwd = g->impl[which].lab;
	c->timeout_s = TIMEOUT_BUILD_S;
	c->sandbox = which == IMPL_SUBMISSION ? &g->sandbox : NULL;
}

/* The submission's own object: no code before main, no talking to valgrind. */
static void scan_object(struct grading *g)
{
	char obj[PATH_CAP], err[256];
	struct elfscan scan;

	fs_path(obj, sizeof obj, "%s/%s/impl.o", g->impl[IMPL_SUBMISSION].lab, impl_dirs[IMPL_SUBMISSION]);
	if (elfscan_object(obj, &scan, err, sizeof err) != 0) {
		grading_flag(g, "unreadable-object", true, "the submission's object file could not be checked: %s", err);
		return;
	}
	if (scan.has_init_code)
		grading_flag(g, "code-before-main", true,
			     "the submission has a constructor or destructor (%s): code that runs outside the "
			     "tested functions is not allowed", scan.init_section);
	if (scan.client_requests > 0)
		grading_flag(g, "valgrind-aware", false,
			     "the submission's code contains %u valgrind client request%s (valgrind.h): it can "
			     "change what valgrind measures", scan.client_requests, scan.client_requests == 1 ? "" : "s");
}

int grading_build(struct grading *g, char *err, size_t errlen)
{
	struct child c[IMPL_COUNT];
	struct child *running[IMPL_COUNT];
	char args[IMPL_COUNT][5][PATH_CAP], logs[IMPL_COUNT][2][PATH_CAP], what[128];
	unsigned n = 0;
	enum impl order[IMPL_COUNT];

	memset(c, 0, sizeof c);
	for (int i = 0; i < IMPL_COUNT; i++) {
		if (!g->impl[i].present)
			continue;
		/* make's stdout and stderr are kept apart (each stream has its cap), then joined */
		fs_path(logs[i][0], PATH_CAP, "%s/build-%s.log", g->out_dir, impl_dirs[i] + 6);
		fs_path(logs[i][1], PATH_CAP, "%s/build-%s.err", g->out_dir, impl_dirs[i] + 6);
		make_child(g, &c[n], (enum impl)i, args[i]);
		c[n].stdout_path = logs[i][0];
		c[n].stderr_path = logs[i][1];
		running[n] = &c[n];
		order[n++] = (enum impl)i;
	}
	child_run_all(running, n, g->jobs);
	sandbox_sweep(&g->sandbox); /* nothing the build started outlives it */
	for (unsigned k = 0; k < n; k++) {
		enum impl i = order[k];
		char prog[PATH_CAP], buf[4096];
		FILE *out = fopen(logs[i][0], "a"), *in = fopen(logs[i][1], "r");
		size_t got;
		while (out != NULL && in != NULL && (got = fread(buf, 1, sizeof buf, in)) > 0)
			fwrite(buf, 1, got, out);
		if (in != NULL) fclose(in);
		if (out != NULL) fclose(out);
		unlink(logs[i][1]);
		fs_path(prog, sizeof prog, "%s/%s/%s", g->impl[i].lab, impl_dirs[i], g->spec.program);
		g->impl[i].built = child_ok(&c[k]) && fs_is_file(prog);
		if (i == IMPL_SUBMISSION && (c[k].out_cut || c[k].err_cut))
			grading_note(g, "the build printed %llu bytes; %s keeps the first %llu of each stream",
				     (unsigned long long)(c[k].out_bytes + c[k].err_bytes), logs[i][0],
				     (unsigned long long)CHILD_OUTPUT_KEEP);
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
	if (g->build_ok)
		scan_object(g);
	return 0;
}

void grading_release(struct grading *g)
{
	sandbox_sweep(&g->sandbox);
	if (g->scratch[0] != '\0' && !g->keep_scratch) {
		sandbox_undisk(&g->sandbox, g->student);
		fs_remove_tree(g->scratch);
	}
	sandbox_release(&g->sandbox);
}
