/*
 * build.c - builds what a grading measures (see grade.h), in the folders
 * prepare.c made.  The submission is built as a runner, into
 * runs/build/out, with warnings allowed (a student's warning is not a
 * build failure); its own file is also compiled alone and checked
 * (elfscan.c): code that runs before main, functions that replace the C
 * library's, talk to a memory checker are refused before anything of it
 * runs.  The lab's own builds come from buildcache.c when they can.
 */
#include "grading/grade.h"

#include "grading/buildcache.h"
#include "proc/child.h"
#include "tools/elfscan.h"
#include "base/fsutil.h"
#include "base/numbers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

	snprintf(name, sizeof name, "build-%s.log", grading_impl_name(i));
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
	g->deadline = now_s() + g->spec.deadline_s; /* the first untrusted child starts now */
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
		fs_path(logs[i][0], PATH_CAP, "%s/runs/build-%s.out", g->trusted, grading_impl_name(i));
		fs_path(logs[i][1], PATH_CAP, "%s/runs/build-%s.err", g->trusted, grading_impl_name(i));
		/* alone (the lab's own builds cached), the submission's build takes every core */
		make_child(g, &c[n], (enum impl)i, args[i], run_dir, cached && g->jobs > 0 ? g->jobs : 1);
		c[n].stdout_path = logs[i][0];
		c[n].stderr_path = logs[i][1];
		running[n] = &c[n];
		order[n++] = (enum impl)i;
	}
	if (child_run_all(running, n, g->jobs, g->deadline) != 0) {
		snprintf(err, errlen, "the grader could not watch the builds (poll: %s)", strerror(errno));
		return -1;
	}
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
