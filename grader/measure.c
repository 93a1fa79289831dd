/*
 * measure.c - runs the submission and takes its measures (see grade.h).
 *
 * Two rounds of children, each run in parallel (grading.jobs at a time):
 *   1. the Check tests, and the input file of every size (lab's input tool);
 *   2. at every size: the pitfall natively (its stdout is the expected
 *      output), the submission natively, under massif (peak, and through
 *      --xtree-memory the bytes allocated and still live at exit), under
 *      memcheck and callgrind where the spec asks; and the pitfall and the
 *      reference under massif, as the baselines the plots compare with.
 * Every run gets a fresh folder; valgrind writes its files there and they
 * are read only after the run's whole process group is gone.  A run whose
 * output differs from the expected output, or that does not exit 0, fails
 * the output check at its size.
 */
#include "grade.h"

#include "child.h"
#include "fsutil.h"
#include "kcg.h"
#include "massif.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum run_kind { RUN_NATIVE, RUN_MASSIF, RUN_MEMCHECK, RUN_CALLGRIND, RUN_KINDS };
static const char *const kind_names[RUN_KINDS] = { "native", "massif", "memcheck", "callgrind" };
static const char *const impl_names[IMPL_COUNT] = { "submission", "pitfall", "reference" };

struct job {
	struct child c;
	enum impl impl;
	enum run_kind kind;
	size_t size_i;
	char dir[PATH_CAP];
	char out[PATH_CAP], err[PATH_CAP], tool_file[PATH_CAP], xtree_file[PATH_CAP];
	char arg[8][PATH_CAP];
};

static void input_path(const struct grading *g, size_t i, char *buf)
{
	fs_path(buf, PATH_CAP, "%s/inputs/input-%" PRIu64, g->scratch, g->spec.sizes[i]);
}

/* Fills j to run one implementation at size i under one tool. */
static int plan_run(struct grading *g, struct job *j, enum impl impl, enum run_kind kind, size_t i)
{
	const struct spec *s = &g->spec;
	int n = 0, a = 0;
	uint64_t seed = impl == IMPL_SUBMISSION || kind == RUN_NATIVE ? g->seed : 1;

	memset(j, 0, sizeof *j);
	j->impl = impl;
	j->kind = kind;
	j->size_i = i;
	if (fs_path(j->dir, PATH_CAP, "%s/runs/%s-%s-%" PRIu64, g->scratch, impl_names[impl],
		    kind_names[kind], s->sizes[i]) != 0 || fs_mkdirs(j->dir) != 0)
		return -1;
	fs_path(j->out, PATH_CAP, "%s/stdout", j->dir);
	fs_path(j->err, PATH_CAP, "%s/stderr", j->dir);
	if (kind != RUN_NATIVE) {
		j->c.argv[n++] = "valgrind";
		fs_path(j->arg[a], PATH_CAP, "--tool=%s", kind_names[kind]);
		j->c.argv[n++] = j->arg[a++];
	}
	switch (kind) {
	case RUN_MASSIF:
		fs_path(j->tool_file, PATH_CAP, "%s/massif.out", j->dir);
		fs_path(j->xtree_file, PATH_CAP, "%s/xtree.kcg", j->dir);
		j->c.argv[n++] = "--peak-inaccuracy=0";
		j->c.argv[n++] = "--time-unit=B";
		j->c.argv[n++] = "--max-snapshots=" STRINGIFY(MASSIF_MAX_SNAPSHOTS);
		j->c.argv[n++] = "--xtree-memory=full";
		fs_path(j->arg[a], PATH_CAP, "--xtree-memory-file=%s", j->xtree_file);
		j->c.argv[n++] = j->arg[a++];
		fs_path(j->arg[a], PATH_CAP, "--massif-out-file=%s", j->tool_file);
		j->c.argv[n++] = j->arg[a++];
		break;
	case RUN_MEMCHECK:
		fs_path(j->tool_file, PATH_CAP, "%s/memcheck.log", j->dir);
		j->c.argv[n++] = "--leak-check=full";
		j->c.argv[n++] = "--show-leak-kinds=definite,indirect,possible";
		j->c.argv[n++] = "--errors-for-leak-kinds=none";
		fs_path(j->arg[a], PATH_CAP, "--log-file=%s", j->tool_file);
		j->c.argv[n++] = j->arg[a++];
		break;
	case RUN_CALLGRIND:
		fs_path(j->tool_file, PATH_CAP, "%s/callgrind.out", j->dir);
		fs_path(j->arg[a], PATH_CAP, "--callgrind-out-file=%s", j->tool_file);
		j->c.argv[n++] = j->arg[a++];
		break;
	default:
		break;
	}
	if (kind != RUN_NATIVE)
		j->c.argv[n++] = "--";
	fs_path(j->arg[a], PATH_CAP, "%s/%s/%s", g->scratch_lab, g->impl[impl].build_dir, s->program);
	j->c.argv[n++] = j->arg[a++];
	j->c.argv[n++] = "--size";
	fs_path(j->arg[a], PATH_CAP, "%" PRIu64, s->sizes[i]);
	j->c.argv[n++] = j->arg[a++];
	j->c.argv[n++] = "--seed";
	fs_path(j->arg[a], PATH_CAP, "%" PRIu64, seed);
	j->c.argv[n++] = j->arg[a++];
	if (s->input[0] != '\0') {
		input_path(g, i, j->arg[a]);
		j->c.argv[n++] = j->arg[a++];
	}
	j->c.argv[n] = NULL;
	j->c.cwd = j->dir;
	j->c.stdout_path = j->out;
	j->c.stderr_path = j->err;
	j->c.timeout_s = kind == RUN_NATIVE ? TIMEOUT_NATIVE_S : s->timeout_s;
	return 0;
}

/* Expected output of size i: the pitfall's native run, with the submission's seed. */
static bool same_output(const struct job *j, const struct job *expected, char *why, size_t cap)
{
	static char a[CHILD_OUTPUT_KEEP + 1], b[CHILD_OUTPUT_KEEP + 1];
	char what[128];

	if (!child_ok(&j->c)) {
		snprintf(why, cap, "%s run %s", kind_names[j->kind], child_describe(&j->c, what, sizeof what));
		return false;
	}
	if (j->c.out_cut) {
		snprintf(why, cap, "%s run printed %" PRIu64 " bytes, more than the %llu kept",
			 kind_names[j->kind], j->c.out_bytes, (unsigned long long)CHILD_OUTPUT_KEEP);
		return false;
	}
	long na = fs_read_small(j->out, a, sizeof a), nb = fs_read_small(expected->out, b, sizeof b);
	if (na < 0 || nb < 0 || na != nb || memcmp(a, b, (size_t)na) != 0) {
		snprintf(why, cap, "%s run printed something else than expected (see runs/)", kind_names[j->kind]);
		return false;
	}
	return true;
}

/* Keeps a run's files in the output folder, for the student to open. */
static void keep(struct grading *g, const struct job *j, const char *from, const char *name)
{
	char dir[PATH_CAP], to[PATH_CAP];

	if (j->impl == IMPL_SUBMISSION)
		fs_path(dir, sizeof dir, "%s/%s", g->out_dir, kind_names[j->kind]);
	else
		fs_path(dir, sizeof dir, "%s/baseline/%s", g->out_dir, impl_names[j->impl]);
	if (fs_mkdirs(dir) == 0 && fs_path(to, sizeof to, "%s/%s.%" PRIu64, dir, name, g->spec.sizes[j->size_i]) == 0 &&
	    fs_copy_file(from, to) == 0 && j->kind == RUN_MASSIF)
		snprintf(g->impl[j->impl].at[j->size_i].massif_file, PATH_CAP, "%s", to);
}

static void collect(struct grading *g, struct job *j)
{
	struct size_result *r = &g->impl[j->impl].at[j->size_i];
	char err[256], what[128];

	if (j->kind == RUN_NATIVE) {
		r->native_wall_s = j->c.wall_s;
		r->native_rss_kib = j->c.max_rss_kib;
		return;
	}
	enum tool t = j->kind == RUN_MASSIF ? TOOL_MASSIF : j->kind == RUN_MEMCHECK ? TOOL_MEMCHECK : TOOL_CALLGRIND;
	r->ran[t] = true;
	if (!j->c.started || j->c.timed_out) {
		snprintf(r->why[t], sizeof r->why[t], "%s", child_describe(&j->c, what, sizeof what));
		return;
	}
	if (t == TOOL_MASSIF) {
		struct massif_profile p;
		if (massif_read(j->tool_file, &p, err, sizeof err) != 0 ||
		    kcg_total(j->xtree_file, "totB", &r->total_alloc, err, sizeof err) != 0 ||
		    kcg_total(j->xtree_file, "curB", &r->heap_at_exit, err, sizeof err) != 0) {
			snprintf(r->why[t], sizeof r->why[t], "%s", err);
			return;
		}
		r->peak_heap = p.peak;
		massif_release(&p);
		keep(g, j, j->tool_file, "massif.out");
	} else if (t == TOOL_MEMCHECK) {
		if (memcheck_read(j->tool_file, &r->memcheck, err, sizeof err) != 0) {
			snprintf(r->why[t], sizeof r->why[t], "%s", err);
			return;
		}
		keep(g, j, j->tool_file, "memcheck.log");
	} else {
		if (kcg_total(j->tool_file, "Ir", &r->instructions, err, sizeof err) != 0) {
			snprintf(r->why[t], sizeof r->why[t], "%s", err);
			return;
		}
		keep(g, j, j->tool_file, "callgrind.out");
	}
	r->measured[t] = true;
}

/* Round 1: the tests, and the inputs. */
static int run_tests_and_inputs(struct grading *g, char *err, size_t errlen)
{
	const struct spec *s = &g->spec;
	struct child *c = calloc(SPEC_MAX_SIZES + 1, sizeof *c);
	char (*arg)[4][PATH_CAP] = calloc(SPEC_MAX_SIZES + 1, sizeof *arg);
	char tap[PATH_CAP], tapenv[PATH_CAP], tmpenv[PATH_CAP], log[PATH_CAP], what[128];
	unsigned n = 0;
	int rc = -1;

	if (c == NULL || arg == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	fs_path(tap, sizeof tap, "%s/tests.tap", g->scratch);
	fs_path(tapenv, sizeof tapenv, "MEMLAB_TAP=%s", tap);
	fs_path(tmpenv, sizeof tmpenv, "TMPDIR=%s/tmp", g->scratch);
	fs_path(log, sizeof log, "%s/tests.log", g->out_dir);
	{
		fs_path(arg[n][0], PATH_CAP, "%s/%s/tests", g->scratch_lab, g->impl[IMPL_SUBMISSION].build_dir);
		c[n].argv[0] = arg[n][0];
		c[n].env[0] = tapenv;
		c[n].env[1] = tmpenv;
		c[n].cwd = g->scratch_lab;
		c[n].stdout_path = log;
		c[n].timeout_s = TIMEOUT_TESTS_S;
		n++;
	}
	unsigned first_input = n;
	if (s->input[0] != '\0') {
		fs_path(arg[n][0], PATH_CAP, "%s/inputs", g->scratch);
		if (fs_mkdirs(arg[n][0]) != 0) {
			snprintf(err, errlen, "cannot make %s", arg[n][0]);
			goto out;
		}
		for (size_t i = 0; i < s->nsizes; i++, n++) {
			fs_path(arg[n][0], PATH_CAP, "%s/build/pitfall/%s", g->scratch_lab, s->input);
			fs_path(arg[n][1], PATH_CAP, "%" PRIu64, s->sizes[i]);
			fs_path(arg[n][2], PATH_CAP, "%" PRIu64, g->seed);
			input_path(g, i, arg[n][3]);
			const char *argv[] = { arg[n][0], "--size", arg[n][1], "--seed", arg[n][2], arg[n][3], NULL };
			memcpy(c[n].argv, argv, sizeof argv);
			c[n].cwd = g->scratch;
			c[n].timeout_s = TIMEOUT_INPUT_S;
		}
	}
	struct child *running[SPEC_MAX_SIZES + 1];
	for (unsigned k = 0; k < n; k++)
		running[k] = &c[k];
	child_run_all(running, n, g->jobs);
	for (unsigned k = first_input; k < n; k++)
		if (!child_ok(&c[k])) {
			snprintf(err, errlen, "the lab's input tool failed (%s)", child_describe(&c[k], what, sizeof what));
			goto out;
		}
	{
		/* TAP: "ok N - ..." / "not ok N - ..."; a test that never reported is not passed. */
		FILE *f = fopen(tap, "r");
		char line[1024];
		int ok = 0, bad = 0, plan = 0;
		while (f != NULL && fgets(line, sizeof line, f) != NULL) {
			if (strncmp(line, "ok ", 3) == 0) ok++;
			else if (strncmp(line, "not ok ", 7) == 0) bad++;
			else if (strncmp(line, "1..", 3) == 0) plan = atoi(line + 3);
		}
		if (f != NULL)
			fclose(f);
		g->tests_passed = ok;
		g->tests_total = plan > ok + bad ? plan : ok + bad;
		if (g->tests_total == 0)
			snprintf(g->tests_why, sizeof g->tests_why, "no test reported a result (%s)",
				 child_describe(&c[0], what, sizeof what));
		else if (c[0].timed_out)
			snprintf(g->tests_why, sizeof g->tests_why, "the tests %s", child_describe(&c[0], what, sizeof what));
	}
	rc = 0;
out:
	free(arg);
	free(c);
	return rc;
}

static void fit_peaks(struct grading *g)
{
	const struct spec *s = &g->spec;

	for (int k = 0; k < IMPL_COUNT; k++) {
		double x[SPEC_MAX_SIZES], y[SPEC_MAX_SIZES];
		size_t n = 0;
		for (size_t i = 0; i < s->nsizes; i++)
			if (g->impl[k].at[i].measured[TOOL_MASSIF]) {
				x[n] = (double)s->sizes[i];
				y[n++] = (double)g->impl[k].at[i].peak_heap;
			}
		g->impl[k].fitted = n == s->nsizes && fit_power(x, y, n, &g->impl[k].peak_fit) == 0;
	}
}

int grading_measure(struct grading *g, char *err, size_t errlen)
{
	const struct spec *s = &g->spec;
	struct job *jobs = NULL, *expected[SPEC_MAX_SIZES];
	unsigned n = 0;
	int rc = -1;

	if (!g->build_ok)
		return 0; /* nothing to measure: every criterion says why */
	if (run_tests_and_inputs(g, err, errlen) != 0)
		return -1;
	jobs = calloc(JOBS_MAX, sizeof *jobs);
	if (jobs == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* Largest sizes first: the longest runs start early and the rest fill in. */
	for (size_t r = 0; r < s->nsizes; r++) {
		size_t i = s->nsizes - 1 - r;
		expected[i] = &jobs[n];
		if (plan_run(g, &jobs[n++], IMPL_PITFALL, RUN_NATIVE, i) != 0)
			goto fail;
		if (plan_run(g, &jobs[n++], IMPL_SUBMISSION, RUN_NATIVE, i) != 0 ||
		    plan_run(g, &jobs[n++], IMPL_SUBMISSION, RUN_MASSIF, i) != 0 ||
		    (s->tool_at[TOOL_MEMCHECK][i] && plan_run(g, &jobs[n++], IMPL_SUBMISSION, RUN_MEMCHECK, i) != 0) ||
		    (s->tool_at[TOOL_CALLGRIND][i] && plan_run(g, &jobs[n++], IMPL_SUBMISSION, RUN_CALLGRIND, i) != 0))
			goto fail;
		/* Baselines; grading the pitfall itself, its runs are the pitfall's baseline. */
		if (!g->grade_pitfall && plan_run(g, &jobs[n++], IMPL_PITFALL, RUN_MASSIF, i) != 0)
			goto fail;
		if (g->impl[IMPL_REFERENCE].present && plan_run(g, &jobs[n++], IMPL_REFERENCE, RUN_MASSIF, i) != 0)
			goto fail;
	}
	struct child *running[JOBS_MAX];
	for (unsigned k = 0; k < n; k++)
		running[k] = &jobs[k].c;
	child_run_all(running, n, g->jobs);
	for (size_t i = 0; i < s->nsizes; i++) {
		char what[128];
		if (!child_ok(&expected[i]->c)) {
			snprintf(err, errlen, "the lab's pitfall.c failed at size %" PRIu64 " (%s)", s->sizes[i],
				 child_describe(&expected[i]->c, what, sizeof what));
			goto out;
		}
		g->impl[IMPL_SUBMISSION].at[i].output_ok = true; /* until a run says otherwise */
	}
	for (unsigned k = 0; k < n; k++) {
		struct job *j = &jobs[k];
		struct size_result *r = &g->impl[j->impl].at[j->size_i];
		collect(g, j);
		if (j->impl == IMPL_SUBMISSION && r->output_ok &&
		    !same_output(j, expected[j->size_i], r->output_why, sizeof r->output_why))
			r->output_ok = false;
	}
	if (g->grade_pitfall)
		for (size_t i = 0; i < s->nsizes; i++)
			g->impl[IMPL_PITFALL].at[i] = g->impl[IMPL_SUBMISSION].at[i];
	fit_peaks(g);
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "cannot set up the runs in %s", g->scratch);
out:
	free(jobs);
	return rc;
}
