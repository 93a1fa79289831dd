/*
 * build.c - sets a grading up and builds what it measures (see grade.h).
 *
 * Nothing is built in the source tree.  The scratch folder (root's, 0700
 * when children have their own view of the file system) holds:
 *   trusted/  the lab's own copy: the pitfall (whose output is the expected
 *             answer and whose tests write the trusted transcript), the
 *             reference solution, and every output kept from any run;
 *   student/  a tmpfs capped at SANDBOX_DISK_CAP: the lab copy with the
 *             submitted file in the student file's place (read-only to the
 *             runners), and runs/, one folder per untrusted run, the only
 *             places a runner may write (its /tmp is its folder's tmp/);
 *   inputs/   the workload's input files (read-only to the runners);
 *   view/     an empty folder: each untrusted child mounts its root there.
 * Untrusted children see student/ and inputs/ and nothing else of it.
 * The submission is built as a runner, into runs/build/out, with warnings
 * allowed (a student's warning is not a build failure); its own file is
 * also compiled alone and checked (elfscan.c): code that runs before main,
 * functions that replace the C library's, talk to a memory checker are
 * refused before anything of it runs.
 */
#include "grade.h"

#include "buildcache.h"
#include "child.h"
#include "elfscan.h"
#include "fsutil.h"

#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const impl_names[IMPL_COUNT] = { "submission", "pitfall", "reference" };

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

void grading_progress(const struct grading *g, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (g->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "grade: %5.1f s  %s\n", child_now() - g->started, line);
}

const char *grading_build_dir(const struct grading *g, enum impl k, char *buf)
{
	if (k == IMPL_SUBMISSION)
		fs_path(buf, PATH_CAP, "%s/runs/build/out", g->student);
	else
		fs_path(buf, PATH_CAP, "%s/build/%s", g->impl[k].lab, impl_names[k]);
	return buf;
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
 * Each grading draws its sizes: sizes[i] becomes a whole number in
 * [sizes[i], sizes[i] * (1 + jitter%)), from the seed, still ascending.  A
 * program cannot know the size of a graded run in advance, nor be tuned to
 * the spec's exact figures; the same seed draws the same sizes again.
 */
static void jitter_sizes(struct spec *s, uint64_t seed)
{
	uint64_t state = seed;

	for (size_t i = 0; s->jitter > 0 && i < s->nsizes; i++) {
		uint64_t z = (state += 0x9e3779b97f4a7c15u); /* splitmix64 */
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
		z ^= z >> 31;
		uint64_t room = s->sizes[i] * s->jitter / 100;
		uint64_t drawn = s->sizes[i] + (room > 0 ? z % room : 0);
		uint64_t next = i + 1 < s->nsizes ? s->sizes[i + 1] : UINT64_MAX;
		s->sizes[i] = drawn < next ? drawn : s->sizes[i];
	}
}

/* The lab folder and its spec: checked before anything is made, so a typo leaves nothing behind. */
static int read_lab(struct grading *g, char *lab_real, char *err, size_t errlen)
{
	char path[PATH_CAP];

	if (realpath(g->lab_dir, lab_real) == NULL || !fs_is_dir(lab_real) ||
	    fs_path(path, sizeof path, "%s/lab.ini", lab_real) != 0 ||
	    (g->spec_path == NULL && !fs_is_file(path))) {
		snprintf(err, errlen, "%s: not a lab folder (no lab.ini there); the labs are in labs/", g->lab_dir);
		return -1;
	}
	snprintf(g->lab_name, sizeof g->lab_name, "%s", basename(lab_real));
	if (spec_read(g->spec_path != NULL ? g->spec_path : path, &g->spec, err, errlen) != 0)
		return -1;
	jitter_sizes(&g->spec, g->seed);
	if (g->timeout_s != 0)
		g->spec.timeout_s = g->timeout_s;
	return 0;
}

/* The scratch folder and its parts (see the top of this file). */
static int make_scratch(struct grading *g, const char *lab_real, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char lock[PATH_CAP], view[PATH_CAP], to[PATH_CAP];

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	fs_clean_stale(tmp, "memlab-grade-");
	if (fs_path(g->scratch, sizeof g->scratch, "%s/memlab-grade-XXXXXX", tmp) != 0 || mkdtemp(g->scratch) == NULL) {
		snprintf(err, errlen, "cannot make a scratch folder in %s: %s", tmp, strerror(errno));
		g->scratch[0] = '\0';
		return -1;
	}
	/* held for the grading's life: a grading that died leaves it free, and the next removes the folder */
	if (fs_path(lock, sizeof lock, "%s/.lock", g->scratch) != 0 ||
	    (g->scratch_lock = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0 ||
	    flock(g->scratch_lock, LOCK_EX | LOCK_NB) != 0) {
		snprintf(err, errlen, "cannot lock the scratch folder %s: %s", g->scratch, strerror(errno));
		return -1;
	}
	fs_path(g->trusted, sizeof g->trusted, "%s/trusted", g->scratch);
	fs_path(g->student, sizeof g->student, "%s/student", g->scratch);
	fs_path(g->inputs, sizeof g->inputs, "%s/inputs", g->scratch);
	fs_path(g->trusted_runs, sizeof g->trusted_runs, "%s/trusted-runs", g->scratch);
	fs_path(view, sizeof view, "%s/view", g->scratch);
	if (fs_mkdirs(g->student) == 0)
		sandbox_disk(&g->sandbox, g->student, SANDBOX_DISK_CAP);
	if (fs_mkdirs(g->trusted_runs) == 0)
		sandbox_disk(&g->sandbox, g->trusted_runs, SANDBOX_TRUSTED_DISK_CAP);
	if (fs_mkdirs(g->trusted) != 0 || chmod(g->trusted, 0700) != 0 || fs_mkdirs(view) != 0 ||
	    copy_lab(g, lab_real, g->trusted) != 0 || copy_lab(g, lab_real, g->student) != 0 ||
	    fs_path(to, sizeof to, "%s/runs", g->student) != 0 || fs_mkdirs(to) != 0 || chmod(to, 0711) != 0 ||
	    fs_path(to, sizeof to, "%s/runs", g->trusted) != 0 || fs_mkdirs(to) != 0 ||
	    fs_mkdirs(g->inputs) != 0 || chmod(g->inputs, 0755) != 0 || chmod(g->student, 0755) != 0 ||
	    chmod(g->trusted_runs, 0711) != 0) {
		snprintf(err, errlen, "cannot copy the lab into %s: %s", g->scratch, strerror(errno));
		return -1;
	}
	/* what untrusted children see of it */
	if (sandbox_bind(&g->sandbox, g->student, true) != 0 || sandbox_bind(&g->sandbox, g->inputs, false) != 0 ||
	    sandbox_bind(&g->sandbox, g->trusted_runs, true) != 0) {
		snprintf(err, errlen, "too many folders for the sandbox");
		return -1;
	}
	sandbox_view_at(&g->sandbox, view);
	/* without a view of their own, runners reach their folders through the real path */
	bool open_path = g->sandbox.users && !g->sandbox.view;
	if (chmod(g->scratch, open_path ? 0711 : 0700) != 0) {
		snprintf(err, errlen, "%s: %s", g->scratch, strerror(errno));
		return -1;
	}
	if (open_path && !reachable(tmp)) {
		snprintf(err, errlen, "TMPDIR=%s: the runner users cannot reach it (every folder on the way must be "
			 "searchable by others)", tmp);
		return -1;
	}
	return 0;
}

int grading_prepare(struct grading *g, char *err, size_t errlen)
{
	char lab_real[PATH_CAP], from[PATH_CAP], to[PATH_CAP];

	g->scratch_lock = -1;
	if (find_root(g, err, errlen) != 0 || read_lab(g, lab_real, err, errlen) != 0)
		return -1;
	/* The output folder: a guest folder, locked, cleaned of the last grading's files only (outdir.h). */
	if (outdir_open(&g->out, g->out_dir, g->root, err, errlen) != 0)
		return -1;
	g->out_dir = g->out.path;
	grading_write_placeholder(g);
	sandbox_init(&g->sandbox);
	sandbox_clean_stale(&g->sandbox);

	/* The file to grade. */
	if (g->grade_pitfall)
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/pitfall.c", lab_real);
	else if (g->submission_dir != NULL)
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/%s", g->submission_dir, g->spec.student);
	else
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/%s", lab_real, g->spec.student);
	if (make_scratch(g, lab_real, err, errlen) != 0)
		return -1;

	/* The submitted file takes the student file's place; a missing one fails the build. */
	fs_path(to, sizeof to, "%s/labs/%s/%s", g->student, g->lab_name, g->spec.student);
	unlink(to);
	if (fs_is_file(g->submitted_file) && fs_copy_file(g->submitted_file, to) != 0) {
		snprintf(err, errlen, "cannot copy %s: %s", g->submitted_file, strerror(errno));
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
		fs_path(g->impl[i].lab, PATH_CAP, "%s/labs/%s", i == IMPL_SUBMISSION ? g->student : g->trusted, g->lab_name);
		grading_build_dir(g, (enum impl)i, g->impl[i].build_dir);
	}
	if (buildcache_key(g, lab_real, g->build_key) != 0)
		g->build_key[0] = '\0';
	/* a runner reads the lab copy, never writes it */
	if (sandbox_give(&g->sandbox, NULL, g->student) != 0) {
		snprintf(err, errlen, "cannot make %s read-only: %s", g->student, strerror(errno));
		return -1;
	}
	return 0;
}

/* Fills c to run make in an implementation's lab copy. */
static void make_child(struct grading *g, struct child *c, enum impl which, char (*args)[PATH_CAP], char *run_dir,
		       unsigned parallel)
{
	const struct spec *s = &g->spec;
	const char *build = g->impl[which].build_dir;
	int n = 0, a = 0;

	c->argv[n++] = "make";
	c->argv[n++] = "-k";
	snprintf(args[a], PATH_CAP, "-j%u", parallel); /* the objects are independent */
	c->argv[n++] = args[a++];
	c->argv[n++] = "--no-print-directory";
	c->argv[n++] = "WERROR=";
	fs_path(args[a], PATH_CAP, "BUILD=%s", build);
	c->argv[n++] = args[a++];
	if (which == IMPL_PITFALL)
		c->argv[n++] = "IMPL=pitfall.c";
	if (which == IMPL_REFERENCE) {
		fs_path(args[a], PATH_CAP, "IMPL=%s/reference/%s", g->trusted, s->student);
		c->argv[n++] = args[a++];
	}
	fs_path(args[a], PATH_CAP, "%s/%s", build, s->program);
	c->argv[n++] = args[a++];
	/* the tests of every implementation: the trusted ones write the transcripts a submission's must equal */
	fs_path(args[a], PATH_CAP, "%s/tests", build);
	c->argv[n++] = args[a++];
	if (which == IMPL_SUBMISSION) {
		fs_path(args[a], PATH_CAP, "%s/impl.o", build);
		c->argv[n++] = args[a++];
		fs_path(args[a], PATH_CAP, "%s/asan/%s", build, s->program);
		c->argv[n++] = args[a++];
		fs_path(args[a], PATH_CAP, "%s/asan/tests", build);
		c->argv[n++] = args[a++];
	}
	if (which == IMPL_PITFALL && s->input[0] != '\0') {
		fs_path(args[a], PATH_CAP, "%s/%s", build, s->input);
		c->argv[n++] = args[a++];
	}
	c->argv[n] = NULL;
	c->cwd = g->impl[which].lab;
	c->timeout_s = TIMEOUT_BUILD_S;
	if (which == IMPL_SUBMISSION) {
		c->sandbox = &g->sandbox;
		c->run_dir = run_dir;
	}
}

/*
 * The submission's own object: refused if it runs code before or after
 * main, replaces a library function or talks to a memory checker (each a
 * way to fake what the grader measures, none needed by a fair answer);
 * its static data is noted for the hidden-memory check.  Returns false if
 * refused, with why in build_why.
 */
static bool scan_object(struct grading *g)
{
	char obj[PATH_CAP], err[256];
	struct elfscan scan;

	fs_path(obj, sizeof obj, "%s/impl.o", g->impl[IMPL_SUBMISSION].build_dir);
	if (elfscan_object(obj, &scan, err, sizeof err) != 0) {
		snprintf(g->build_why, sizeof g->build_why, "refused: the submission's object file could not be checked: %s", err);
		return false;
	}
	if (scan.runs_before_main) {
		snprintf(g->build_why, sizeof g->build_why, "refused: %s has code that runs outside the tested functions, "
			 "before or after main (%s): only the functions the lab calls may run", g->spec.student,
			 scan.before_main_what);
		return false;
	}
	if (scan.interposes_count > 0) {
		snprintf(g->build_why, sizeof g->build_why, "refused: %s defines %s, which replaces a library's function "
			 "for the whole program: make your helpers static, or rename them", g->spec.student, scan.interposes);
		return false;
	}
	if (scan.instrumentation_count > 0) {
		snprintf(g->build_why, sizeof g->build_why, "refused: %s uses %s, which only a program that talks to a "
			 "memory checker, or looks up code at run time, needs", g->spec.student, scan.instrumentation);
		return false;
	}
	if (scan.client_requests > 0)
		grading_flag(g, "valgrind-aware", false,
			     "the submission's code contains %u valgrind client request%s (valgrind.h): it can "
			     "change what valgrind measures", scan.client_requests, scan.client_requests == 1 ? "" : "s");
	g->static_bytes = scan.static_data_bytes;
	return true;
}

/* Joins a make's kept stdout and stderr into the output folder's build-<impl>.log. */
static void keep_build_log(struct grading *g, enum impl i, const char *out, const char *err_path, char *log)
{
	char name[64], buf[4096];
	size_t got;

	snprintf(name, sizeof name, "build-%s.log", impl_names[i]);
	if (outdir_file(&g->out, name, log) != 0)
		return;
	FILE *to = fopen(log, "we"), *from;
	for (int k = 0; k < 2 && to != NULL; k++) {
		char e[256];
		if ((from = fs_open_regular(k == 0 ? out : err_path, CHILD_OUTPUT_KEEP, e, sizeof e)) == NULL)
			continue;
		while ((got = fread(buf, 1, sizeof buf, from)) > 0)
			fwrite(buf, 1, got, to);
		fclose(from);
	}
	if (to != NULL)
		fclose(to);
}

int grading_build(struct grading *g, char *err, size_t errlen)
{
	struct child c[IMPL_COUNT];
	struct child *running[IMPL_COUNT];
	char args[IMPL_COUNT][9][PATH_CAP], logs[IMPL_COUNT][2][PATH_CAP], log[PATH_CAP], run_dir[PATH_CAP], what[128];
	unsigned n = 0;
	enum impl order[IMPL_COUNT];

	memset(c, 0, sizeof c);
	g->deadline = child_now() + g->spec.deadline_s; /* the first untrusted child starts now */
	if (fs_path(run_dir, sizeof run_dir, "%s/runs/build", g->student) != 0 || fs_mkdirs(run_dir) != 0 ||
	    chmod(run_dir, 0700) != 0) {
		snprintf(err, errlen, "cannot make the build's folder in %s", g->student);
		return -1;
	}
	/* the lab's own builds, if an earlier grading made them from the same sources */
	bool cached = g->build_key[0] != '\0' && buildcache_fetch(g, g->build_key);
	grading_progress(g, "building %s%s", g->submitted_file, cached ? " (the lab's own builds: from the cache)"
			 : g->impl[IMPL_REFERENCE].present ? " (and the lab's pitfall and reference)" : " (and the lab's pitfall)");
	for (int i = 0; i < IMPL_COUNT; i++) {
		if (!g->impl[i].present || (cached && i != IMPL_SUBMISSION))
			continue;
		/* make's stdout and stderr are kept apart (each stream has its cap), then joined */
		fs_path(logs[i][0], PATH_CAP, "%s/runs/build-%s.out", g->trusted, impl_names[i]);
		fs_path(logs[i][1], PATH_CAP, "%s/runs/build-%s.err", g->trusted, impl_names[i]);
		/* alone (the lab's own builds cached), the submission's build takes every core */
		make_child(g, &c[n], (enum impl)i, args[i], run_dir, cached && g->jobs > 0 ? g->jobs : 1);
		c[n].stdout_path = logs[i][0];
		c[n].stderr_path = logs[i][1];
		running[n] = &c[n];
		order[n++] = (enum impl)i;
	}
	child_run_all(running, n, g->jobs, g->deadline);
	if (child_interrupted()) {
		snprintf(err, errlen, "interrupted");
		return -1;
	}
	/* the build is root's now (child.c gave it back), and every runner may run what it made */
	if (chmod(run_dir, 0755) != 0) {
		snprintf(err, errlen, "%s: %s", run_dir, strerror(errno));
		return -1;
	}
	for (unsigned k = 0; k < n; k++) {
		enum impl i = order[k];
		char prog[PATH_CAP];
		keep_build_log(g, i, logs[i][0], logs[i][1], log);
		fs_path(prog, sizeof prog, "%s/%s", g->impl[i].build_dir, g->spec.program);
		g->impl[i].built = child_ok(&c[k]) && fs_is_file(prog);
		if (i == IMPL_SUBMISSION && (c[k].out_cut || c[k].err_cut))
			grading_note(g, "the build printed %llu bytes; %s keeps the first %llu of each stream",
				     (unsigned long long)(c[k].out_bytes + c[k].err_bytes), log,
				     (unsigned long long)CHILD_OUTPUT_KEEP);
		if (i == IMPL_SUBMISSION && !g->impl[i].built) {
			if (!fs_is_file(g->submitted_file))
				snprintf(g->build_why, sizeof g->build_why, "no %s in the submission (%s)",
					 g->spec.student, g->submitted_file);
			else
				snprintf(g->build_why, sizeof g->build_why, "the build failed (%s): see %s",
					 child_describe(&c[k], what, sizeof what), log);
		}
		if (i != IMPL_SUBMISSION && (!g->impl[i].built || c[k].lost)) {
			snprintf(err, errlen, "the lab's own %s does not build (%s): see %s",
				 i == IMPL_PITFALL ? "pitfall.c" : "reference solution",
				 child_describe(&c[k], what, sizeof what), log);
			return -1;
		}
	}
	if (cached)
		for (int i = IMPL_PITFALL; i < IMPL_COUNT; i++)
			g->impl[i].built = g->impl[i].present;
	else if (g->build_key[0] != '\0')
		buildcache_store(g, g->build_key);
	g->build_ok = g->impl[IMPL_SUBMISSION].built && scan_object(g);
	grading_progress(g, "built: %s", g->build_ok ? "yes" : g->build_why);
	return 0;
}

void grading_release(struct grading *g)
{
	if (g->scratch[0] != '\0' && !g->keep_scratch) {
		sandbox_undisk(&g->sandbox, g->student);
		sandbox_undisk(&g->sandbox, g->trusted_runs);
		fs_remove_tree(g->scratch);
	}
	if (g->scratch_lock >= 0)
		close(g->scratch_lock);
	g->scratch_lock = -1;
	sandbox_release(&g->sandbox);
	outdir_close(&g->out);
}
