/*
 * measure.c - runs the submission and takes its measures (see grade.h).
 *
 * Two rounds of children, each run in parallel (grading.jobs at a time):
 *   1. the Check tests of the submission and of the pitfall (which lists
 *      the tests the submission must report), and the input file of every
 *      size (the lab's input tool);
 *   2. at every size: the pitfall natively (its stdout is the expected
 *      output); the submission natively, under massif (peak; bytes
 *      allocated and live at exit from --xtree-memory), under memcheck and
 *      callgrind where the spec asks; the submission doing no work (--size
 *      0: the baseline of its resident memory); and the pitfall and the
 *      reference under massif, the baselines the plots compare with.
 * The submission's children run in the sandbox.  Each run has a fresh
 * folder; after a round every process of the runner is killed, and only
 * then are the files read, each checked to be a regular file this run's
 * user wrote after the round began.  Integrity rules, each a flag that
 * denies the memory points:
 *   - valgrind follows forks and execs (--trace-children=yes, one file per
 *     process): a program that starts another under the tool is flagged;
 *   - memory kept out of malloc's sight (mmap, static arrays, alloca): the
 *     native run's peak resident memory, beyond the baseline, must not
 *     exceed massif's heap peak by more than HIDDEN_MARGIN (limits.h).
 * The first round (tests and inputs) is testrun.c's.
 */
#include "grade.h"

#include "child.h"
#include "fsutil.h"
#include "kcg.h"
#include "massif.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* At most 7 runs a size (pitfall native; submission native, massif, memcheck,
 * callgrind; two baselines) and the --size 0 run must fit one round. */
_Static_assert(SPEC_MAX_SIZES * 7 + 1 <= JOBS_MAX, "JOBS_MAX too small for SPEC_MAX_SIZES");

enum run_kind { RUN_NATIVE, RUN_MASSIF, RUN_MEMCHECK, RUN_CALLGRIND, RUN_KINDS };
static const char *const kind_names[RUN_KINDS] = { "native", "massif", "memcheck", "callgrind" };
/* what valgrind names its files (with %p: one per process) */
static const char *const tool_prefix[RUN_KINDS] = { NULL, "massif.out.", "memcheck.", "callgrind.out." };
static const char *const impl_names[IMPL_COUNT] = { "submission", "pitfall", "reference" };

struct job {
	struct child c;
	enum impl impl;
	enum run_kind kind;
	size_t size_i;     /* SIZE_MAX: the --size 0 baseline */
	char dir[PATH_CAP];
	char out[PATH_CAP], err[PATH_CAP];
	char arg[10][PATH_CAP];
};

void grading_input_path(const struct grading *g, size_t i, char *buf)
{
	fs_path(buf, PATH_CAP, "%s/inputs/input-%" PRIu64, g->scratch, g->spec.sizes[i]);
}

/* A fresh folder for one run; the submission's belongs to the runner. */
static int run_dir(struct grading *g, enum impl impl, const char *name, char *dir)
{
	if (fs_path(dir, PATH_CAP, "%s/runs/%s-%s", impl == IMPL_SUBMISSION ? g->student : g->scratch,
		    impl_names[impl], name) != 0 ||
	    fs_mkdirs(dir) != 0 || chmod(dir, 0700) != 0)
		return -1;
	return impl == IMPL_SUBMISSION ? sandbox_give(&g->sandbox, dir) : 0;
}

/* Fills j to run one implementation at size i (SIZE_MAX: --size 0) under one tool. */
static int plan_run(struct grading *g, struct job *j, enum impl impl, enum run_kind kind, size_t i)
{
	const struct spec *s = &g->spec;
	char name[64];
	int n = 0, a = 0;
	uint64_t seed = g->seed; /* baselines too: labs with an input tool share one input per size */
	uint64_t size = i == SIZE_MAX ? 0 : s->sizes[i];

	memset(j, 0, sizeof *j);
	j->impl = impl;
	j->kind = kind;
	j->size_i = i;
	snprintf(name, sizeof name, "%s-%" PRIu64, kind_names[kind], size);
	if (run_dir(g, impl, name, j->dir) != 0)
		return -1;
	fs_path(j->out, PATH_CAP, "%s/stdout", j->dir);
	fs_path(j->err, PATH_CAP, "%s/stderr", j->dir);
	if (kind != RUN_NATIVE) {
		j->c.argv[n++] = "valgrind";
		fs_path(j->arg[a], PATH_CAP, "--tool=%s", kind_names[kind]);
		j->c.argv[n++] = j->arg[a++];
		j->c.argv[n++] = "--trace-children=yes";
		/* no gdbserver: its files in the shared /tmp are named by pid, and a
		 * stale one of another user at a recycled pid made valgrind exit 1 */
		j->c.argv[n++] = "--vgdb=no";
	}
	switch (kind) {
	case RUN_MASSIF:
		j->c.argv[n++] = "--peak-inaccuracy=0";
		j->c.argv[n++] = "--time-unit=B";
		j->c.argv[n++] = "--max-snapshots=" STRINGIFY(MASSIF_MAX_SNAPSHOTS);
		j->c.argv[n++] = "--xtree-memory=full";
		fs_path(j->arg[a], PATH_CAP, "--xtree-memory-file=%s/xtree.%%p.kcg", j->dir);
		j->c.argv[n++] = j->arg[a++];
		fs_path(j->arg[a], PATH_CAP, "--massif-out-file=%s/massif.out.%%p", j->dir);
		j->c.argv[n++] = j->arg[a++];
		break;
	case RUN_MEMCHECK:
		j->c.argv[n++] = "--leak-check=full";
		j->c.argv[n++] = "--show-leak-kinds=definite,indirect,possible";
		j->c.argv[n++] = "--errors-for-leak-kinds=none";
		fs_path(j->arg[a], PATH_CAP, "--log-file=%s/memcheck.%%p", j->dir);
		j->c.argv[n++] = j->arg[a++];
		break;
	case RUN_CALLGRIND:
		fs_path(j->arg[a], PATH_CAP, "--callgrind-out-file=%s/callgrind.out.%%p", j->dir);
		j->c.argv[n++] = j->arg[a++];
		break;
	default:
		break;
	}
	if (kind != RUN_NATIVE)
		j->c.argv[n++] = "--";
	fs_path(j->arg[a], PATH_CAP, "%s/%s/%s", g->impl[impl].lab, g->impl[impl].build_dir, s->program);
	j->c.argv[n++] = j->arg[a++];
	j->c.argv[n++] = "--size";
	fs_path(j->arg[a], PATH_CAP, "%" PRIu64, size);
	j->c.argv[n++] = j->arg[a++];
	j->c.argv[n++] = "--seed";
	fs_path(j->arg[a], PATH_CAP, "%" PRIu64, seed);
	j->c.argv[n++] = j->arg[a++];
	if (s->input[0] != '\0' && i != SIZE_MAX) {
		grading_input_path(g, i, j->arg[a]);
		j->c.argv[n++] = j->arg[a++];
	}
	j->c.argv[n] = NULL;
	/* the run's own folder for any temporary file (valgrind's too), not the shared /tmp */
	fs_path(j->arg[a], PATH_CAP, "TMPDIR=%s", j->dir);
	j->c.env[0] = j->arg[a++];
	j->c.cwd = j->dir;
	j->c.stdout_path = j->out;
	j->c.stderr_path = j->err;
	j->c.timeout_s = s->timeout_s;
	j->c.sandbox = impl == IMPL_SUBMISSION ? &g->sandbox : NULL;
	return 0;
}

/* Does j's output equal the expected output? */
static bool same_output(const struct job *j, const struct job *expected, char *why, size_t cap)
{
	static char a[CHILD_OUTPUT_KEEP + 1], b[CHILD_OUTPUT_KEEP + 1];
	char what[128];

	if (!child_ok(&j->c)) {
		snprintf(why, cap, "%s run %s", kind_names[j->kind], child_describe(&j->c, what, sizeof what));
		return false;
	}
	if (j->c.out_cut) {
		snprintf(why, cap, "%s run printed %" PRIu64 " bytes, more than the %llu kept: output cut",
			 kind_names[j->kind], j->c.out_bytes, (unsigned long long)CHILD_OUTPUT_KEEP);
		return false;
	}
	long na = fs_read_small(j->out, a, sizeof a), nb = fs_read_small(expected->out, b, sizeof b);
	if (na < 0 || nb < 0 || na != nb || memcmp(a, b, (size_t)na) != 0) {
		snprintf(why, cap, "%s run printed something else than expected", kind_names[j->kind]);
		return false;
	}
	return true;
}

/* Keeps a run's file in the output folder, for the student to open. */
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

/*
 * The one file a tool wrote in j's folder whose name starts with prefix,
 * checked to be this run's.  0, or -1 with why.  Two or more: the program
 * started another under the tool, which is flagged.
 */
static int tool_file(struct grading *g, const struct job *j, const char *prefix, time_t since,
		     char *path, char *why, size_t cap)
{
	DIR *d = opendir(j->dir);
	struct dirent *e;
	int found = 0;

	if (d == NULL) {
		snprintf(why, cap, "the run's folder is gone");
		return -1;
	}
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && found++ == 0)
			fs_path(path, PATH_CAP, "%s/%s", j->dir, e->d_name);
	closedir(d);
	if (found == 0) {
		snprintf(why, cap, "valgrind wrote no %s file", prefix);
		return -1;
	}
	if (found > 1 && j->impl == IMPL_SUBMISSION)
		grading_flag(g, "valgrind-escape", false, "under %s the program started %d processes (fork or exec): "
			     "what valgrind measured is not the whole program", kind_names[j->kind], found);
	uid_t owner = j->impl == IMPL_SUBMISSION && g->sandbox.as_user ? g->sandbox.uid : geteuid();
	return fs_check_fresh(path, owner, since, why, cap);
}

static void collect(struct grading *g, struct job *j, time_t since)
{
	struct size_result *r = &g->impl[j->impl].at[j->size_i];
	char err[256], what[128], file[PATH_CAP], xtree[PATH_CAP];

	/* a run that failed: its stderr says why (the run's folder goes with the scratch) */
	if (j->impl == IMPL_SUBMISSION && !child_ok(&j->c))
		keep(g, j, j->err, "stderr");

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
	if (tool_file(g, j, tool_prefix[j->kind], since, file, r->why[t], sizeof r->why[t]) != 0)
		return;
	if (t == TOOL_MASSIF) {
		struct massif_profile p;
		if (tool_file(g, j, "xtree.", since, xtree, r->why[t], sizeof r->why[t]) != 0)
			return;
		if (massif_read(file, &p, err, sizeof err) != 0 ||
		    kcg_total(xtree, "totB", &r->total_alloc, err, sizeof err) != 0 ||
		    kcg_total(xtree, "curB", &r->heap_at_exit, err, sizeof err) != 0) {
			snprintf(r->why[t], sizeof r->why[t], "%s", err);
			return;
		}
		r->peak_heap = p.peak;
		massif_release(&p);
		keep(g, j, file, "massif.out");
	} else if (t == TOOL_MEMCHECK) {
		if (memcheck_read(file, &r->memcheck, err, sizeof err) != 0) {
			snprintf(r->why[t], sizeof r->why[t], "%s", err);
			return;
		}
		keep(g, j, file, "memcheck.log");
	} else {
		if (kcg_total(file, "Ir", &r->instructions, err, sizeof err) != 0) {
			snprintf(r->why[t], sizeof r->why[t], "%s", err);
			return;
		}
		keep(g, j, file, "callgrind.out");
	}
	r->measured[t] = true;
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

/* Resident memory the heap does not explain: memory hidden from malloc. */
static void cross_check_memory(struct grading *g)
{
	const struct spec *s = &g->spec;

	for (size_t i = 0; i < s->nsizes; i++) {
		const struct size_result *r = &g->impl[IMPL_SUBMISSION].at[i];
		if (!r->measured[TOOL_MASSIF] || r->native_rss_kib == 0 || g->baseline_rss_kib == 0)
			continue;
		double excess = ((double)r->native_rss_kib - (double)g->baseline_rss_kib) * 1024.0;
		double allowed = (double)r->peak_heap * (1 + HIDDEN_MARGIN_PERCENT / 100.0) + HIDDEN_MARGIN_BYTES;
		if (excess > allowed) {
			char a[64], b[64];
			grading_flag(g, "hidden-memory", false,
				     "at %" PRIu64 " %s the program's resident memory grew by %s beyond doing nothing, "
				     "but massif saw a heap peak of %s: memory kept out of malloc's sight "
				     "(mmap, static arrays, alloca) is not allowed", s->sizes[i], s->unit,
				     fmt_quantity(excess, MEASURE_PEAK_HEAP, a, sizeof a),
				     fmt_quantity((double)r->peak_heap, MEASURE_PEAK_HEAP, b, sizeof b));
			return;
		}
	}
}

int grading_measure(struct grading *g, char *err, size_t errlen)
{
	const struct spec *s = &g->spec;
	struct job *jobs = NULL, *expected[SPEC_MAX_SIZES], *baseline = NULL;
	struct child *running[JOBS_MAX];
	unsigned n = 0;
	int rc = -1;

	if (!g->build_ok)
		return 0; /* nothing to measure: every criterion says why */
	jobs = calloc(JOBS_MAX, sizeof *jobs);
	if (jobs == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* Every run's folder is made now, before the tests: a submission that
	 * fills its own disk then fails its runs, instead of stopping the grading. */
	/* Largest sizes first: the longest runs start early and the rest fill in. */
	for (size_t r = 0; r < s->nsizes; r++) {
		size_t i = s->nsizes - 1 - r;
		expected[i] = &jobs[n];
		if (plan_run(g, &jobs[n++], IMPL_PITFALL, RUN_NATIVE, i) != 0 ||
		    plan_run(g, &jobs[n++], IMPL_SUBMISSION, RUN_NATIVE, i) != 0 ||
		    plan_run(g, &jobs[n++], IMPL_SUBMISSION, RUN_MASSIF, i) != 0 ||
		    (s->tool_at[TOOL_MEMCHECK][i] && plan_run(g, &jobs[n++], IMPL_SUBMISSION, RUN_MEMCHECK, i) != 0) ||
		    (s->tool_at[TOOL_CALLGRIND][i] && plan_run(g, &jobs[n++], IMPL_SUBMISSION, RUN_CALLGRIND, i) != 0))
			goto fail;
		/* Baselines; grading the pitfall itself, its runs are the pitfall's baseline. */
		if (!g->no_baseline && !g->grade_pitfall && plan_run(g, &jobs[n++], IMPL_PITFALL, RUN_MASSIF, i) != 0)
			goto fail;
		if (!g->no_baseline && g->impl[IMPL_REFERENCE].present &&
		    plan_run(g, &jobs[n++], IMPL_REFERENCE, RUN_MASSIF, i) != 0)
			goto fail;
	}
	baseline = &jobs[n];
	if (plan_run(g, &jobs[n++], IMPL_SUBMISSION, RUN_NATIVE, SIZE_MAX) != 0)
		goto fail;
	if (grading_run_tests(g, err, errlen) != 0)
		goto out;
	for (unsigned k = 0; k < n; k++)
		running[k] = &jobs[k].c;
	time_t since = time(NULL) - 1;
	child_run_all(running, n, g->jobs);
	/* Nothing of the submission may outlive the round, nor touch its files after it. */
	sandbox_sweep(&g->sandbox);
	g->baseline_rss_kib = baseline->c.max_rss_kib;
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
		if (j == baseline)
			continue;
		struct size_result *r = &g->impl[j->impl].at[j->size_i];
		collect(g, j, since);
		if (j->impl == IMPL_SUBMISSION && r->output_ok &&
		    !same_output(j, expected[j->size_i], r->output_why, sizeof r->output_why))
			r->output_ok = false;
	}
	if (g->grade_pitfall)
		for (size_t i = 0; i < s->nsizes; i++)
			g->impl[IMPL_PITFALL].at[i] = g->impl[IMPL_SUBMISSION].at[i];
	fit_peaks(g);
	cross_check_memory(g);
	rc = 0;
	goto out;
fail:
	snprintf(err, errlen, "cannot set up the runs in %s", g->scratch);
out:
	free(jobs);
	return rc;
}
