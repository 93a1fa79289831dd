/*
 * measure.c - runs the submission and takes its measures (see grade.h).
 *
 * Two rounds of children, each run in parallel (grading.jobs at a time):
 *   1. the input file of every size (the lab's input tool, trusted);
 *   2. the Check tests (testrun.c), then, smallest size first: the pitfall
 *      natively (its stdout is the expected output); the submission
 *      natively (its memory peak from its cgroup), under massif (peak;
 *      bytes allocated and live at exit from --xtree-memory), memcheck,
 *      callgrind and its sanitizer build where the spec asks; the
 *      submission doing no work (--size 0: the baseline of its memory);
 *      the pitfall and the reference under massif (the baselines the plots
 *      compare with), and the lab's own pitfall under every tool the spec
 *      uses at its smallest size: the canaries, which prove the tools work.
 * A run of the submission that times out skips the same tool's larger
 * sizes; nothing untrusted runs past the grading's deadline.
 *
 * What a run writes comes back through pipes into trusted files
 * (child.h): valgrind writes to /proc/self/fd/N for a descriptor above the
 * program's own limit, which valgrind keeps out of the program's reach.
 * Integrity rules, each a flag that denies the memory points:
 *   - memory kept out of malloc's sight (mmap, static arrays, tmpfs files,
 *     shared memory...): the native run's cgroup peak, beyond the baseline,
 *     must not exceed massif's heap peak by more than the lab's margin;
 *   - a memory error the sanitizer build finds and memcheck does not: one
 *     of the two was fooled.
 * If the lab's own pitfall, a canary or a trusted output fails, the
 * grading fails (the grader's fault, exit 2): no student is blamed.
 */
#include "grading/grade.h"

#include "proc/child.h"
#include "base/fsutil.h"
#include "tools/kcg.h"
#include "tools/massif.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum run_kind { RUN_NATIVE, RUN_MASSIF, RUN_MEMCHECK, RUN_CALLGRIND, RUN_SANITIZED, RUN_WORKLOAD_TEST, RUN_KINDS };
static const char *const kind_names[RUN_KINDS] = { "native", "massif", "memcheck", "callgrind", "sanitized",
						   "workload-test" };

/* The runs of one round: per size, at most the 9 below, plus the baseline and the canaries. */
#define RUNS_PER_SIZE 9
#define ROUND_MAX (SPEC_MAX_SIZES * RUNS_PER_SIZE + 4)

struct job {
	struct child c;
	struct grading *g;
	enum impl impl;
	enum run_kind kind;
	size_t size_i;           /* SIZE_MAX: the --size 0 baseline */
	bool canary;             /* a trusted run whose failure means a tool is broken */
	char keep[PATH_CAP];     /* trusted: its outputs, kept */
	char run_dir[PATH_CAP];  /* untrusted: its own folder */
	char out[PATH_CAP], err[PATH_CAP], tool[PATH_CAP], xtree[PATH_CAP], log[PATH_CAP], checkpoint[PATH_CAP];
	char arg[8][PATH_CAP];
	char words[2 * PATH_CAP];   /* the program's arguments, NUL-terminated each, on CHILD_ARGS_FD */
};

void grading_input_path(const struct grading *g, size_t i, char *buf)
{
	fs_path(buf, PATH_CAP, "%s/input-%" PRIu64, g->inputs, g->spec.sizes[i]);
}

static uint64_t size_of(const struct grading *g, size_t i)
{
	return i == SIZE_MAX ? 0 : g->spec.sizes[i];
}

/* One line per finished run, so that a grading never goes quiet for long. */
static void tell(struct child *c, void *arg)
{
	const struct job *j = arg;
	char what[128];

	if (j->impl != IMPL_SUBMISSION && child_ok(c))
		return;
	if (c->skipped)
		grading_progress(j->g, "%s %s at %" PRIu64 " %s: %s", grading_impl_name(j->impl), kind_names[j->kind],
				 size_of(j->g, j->size_i), j->g->spec.unit, child_describe(c, what, sizeof what));
	else
		grading_progress(j->g, "%s %s at %" PRIu64 " %s: %.1f s%s%s", grading_impl_name(j->impl), kind_names[j->kind],
				 size_of(j->g, j->size_i), j->g->spec.unit, c->wall_s, child_ok(c) ? "" : ", ",
				 child_ok(c) ? "" : child_describe(c, what, sizeof what));
}

/* The job's folders and files: trusted ones for what it leaves, and, for the submission, one of its own to run in. */
static int plan_files(const struct grading *g, struct job *j, const char *name, bool untrusted)
{
	if (fs_path(j->keep, PATH_CAP, "%s/runs/%s", g->trusted, name) != 0 || fs_mkdirs(j->keep) != 0 ||
	    chmod(j->keep, 0700) != 0)
		return -1;
	if (untrusted && (fs_path(j->run_dir, PATH_CAP, "%s/runs/%s", g->student, name) != 0 ||
			  fs_mkdirs(j->run_dir) != 0 || chmod(j->run_dir, 0700) != 0))
		return -1;
	fs_path(j->out, PATH_CAP, "%s/stdout", j->keep);
	fs_path(j->err, PATH_CAP, "%s/stderr", j->keep);
	fs_path(j->tool, PATH_CAP, "%s/%s.out", j->keep, kind_names[j->kind]);
	fs_path(j->xtree, PATH_CAP, "%s/xtree.kcg", j->keep);
	fs_path(j->log, PATH_CAP, "%s/memcheck.log", j->keep);
	return 0;
}

/* Before the program: valgrind and its tool's options, or the sanitizers' environment; *nargv, *narg, *nenv: counts. */
static void plan_tool(const struct grading *g, struct job *j, int *nargv, int *narg, int *nenv)
{
	enum run_kind kind = j->kind;
	int n = 0, a = 0, e = 0;

	if (kind != RUN_NATIVE && kind != RUN_SANITIZED) {
		j->c.argv[n++] = g->valgrind;
		fs_path(j->arg[a], PATH_CAP, "--tool=%s", kind == RUN_WORKLOAD_TEST ? "massif" : kind_names[kind]);
		j->c.argv[n++] = j->arg[a++];
		/* no gdbserver: its files are named by pid in /tmp, where they could collide */
		j->c.argv[n++] = "--vgdb=no";
		/* valgrind's output: a pipe above the program's descriptor limit, out of its reach */
		j->c.extra[0] = (struct child_stream){ .fd = CHILD_HIGH_FD, .path = j->tool, .cap = TOOL_OUTPUT_KEEP };
	}
	switch (kind) {
	case RUN_WORKLOAD_TEST:
	case RUN_MASSIF:
		j->c.argv[n++] = "--peak-inaccuracy=0";
		j->c.argv[n++] = "--time-unit=B";
		j->c.argv[n++] = "--max-snapshots=" STRINGIFY(MASSIF_MAX_SNAPSHOTS);
		j->c.argv[n++] = "--massif-out-file=/proc/self/fd/" STRINGIFY(CHILD_HIGH_FD);
		j->c.argv[n++] = "--xtree-memory=full";
		j->c.argv[n++] = "--xtree-memory-file=/proc/self/fd/" STRINGIFY(CHILD_HIGH_FD_2);
		j->c.extra[1] = (struct child_stream){ .fd = CHILD_HIGH_FD_2, .path = j->xtree, .cap = TOOL_OUTPUT_KEEP };
		break;
	case RUN_MEMCHECK:
		j->c.argv[n++] = "--leak-check=full";
		j->c.argv[n++] = "--show-leak-kinds=all"; /* every loss record: together, the heap in use */
		j->c.argv[n++] = "--errors-for-leak-kinds=none";
		j->c.argv[n++] = "--track-fds=yes"; /* measure fds_at_exit (in the text log only, in 3.19) */
		j->c.argv[n++] = "--xml=yes";
		j->c.argv[n++] = "--xml-fd=" STRINGIFY(CHILD_HIGH_FD);
		j->c.argv[n++] = "--log-fd=" STRINGIFY(CHILD_HIGH_FD_2);
		j->c.extra[1] = (struct child_stream){ .fd = CHILD_HIGH_FD_2, .path = j->log, .cap = TOOL_OUTPUT_KEEP };
		break;
	case RUN_CALLGRIND:
		j->c.argv[n++] = "--callgrind-out-file=/proc/self/fd/" STRINGIFY(CHILD_HIGH_FD);
		break;
	case RUN_SANITIZED:
		j->c.env[e++] = "ASAN_OPTIONS=exitcode=86:abort_on_error=0:halt_on_error=1:detect_leaks=1:"
				"allocator_may_return_null=1:color=never";
		j->c.env[e++] = "UBSAN_OPTIONS=exitcode=86:halt_on_error=1:print_stacktrace=1:color=never";
		break;
	default:
		break;
	}
	bool valgrind = kind != RUN_NATIVE && kind != RUN_SANITIZED;
	if (valgrind)
		j->c.argv[n++] = "--";
	*nargv = n;
	*narg = a;
	*nenv = e;
}

/* The program j runs (the lab's, its sanitizer build or its tests) and the words it reads; -1 if they do not fit. */
static int plan_program(const struct grading *g, struct job *j, int *nargv, int *narg)
{
	const struct spec *s = &g->spec;
	enum run_kind kind = j->kind;
	size_t i = j->size_i;
	char build[PATH_CAP];
	int n = *nargv, a = *narg;

	grading_build_dir(g, j->impl, build);
	if (kind == RUN_WORKLOAD_TEST)
		fs_path(j->arg[a], PATH_CAP, "%s/tests", build);
	else
		fs_path(j->arg[a], PATH_CAP, "%s/%s%s", build, kind == RUN_SANITIZED ? "asan/" : "", s->program);
	j->c.argv[n++] = j->arg[a++];
	/* the words a driver reads: never on its command line, where the program could read its size */
	char input[PATH_CAP] = "";
	bool pipe = s->input[0] != '\0' && i != SIZE_MAX && s->pipe_at[i] && kind != RUN_WORKLOAD_TEST;
	if (s->input[0] != '\0' && i != SIZE_MAX)
		grading_input_path(g, i, input);
	size_t len = 0;
	char sizes[2][24];
	snprintf(sizes[0], sizeof sizes[0], "%" PRIu64, size_of(g, i));
	snprintf(sizes[1], sizeof sizes[1], "%" PRIu64, g->seed);
	const char *words[] = { kind == RUN_WORKLOAD_TEST ? "workload" : "--size", sizes[0],
				kind == RUN_WORKLOAD_TEST ? NULL : "--seed", sizes[1],
				input[0] == '\0' ? NULL : pipe ? "-" : input };
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		if (words[w] == NULL)
			continue;
		size_t l = strlen(words[w]) + 1;
		if (len + l > sizeof j->words)
			return -1;
		memcpy(j->words + len, words[w], l);
		len += l;
	}
	j->c.args_text = j->words;
	j->c.args_len = len;
	if (pipe) { /* the input through a pipe: a reader that slurps what it cannot fstat is seen */
		snprintf(j->arg[a], PATH_CAP, "%s", input);
		j->c.stdin_path = j->arg[a++];
	}
	*nargv = n;
	*narg = a;
	return 0;
}

/* Fills j to run one implementation at size i (SIZE_MAX: --size 0) under one tool. */
static int plan_run(struct grading *g, struct job *j, enum impl impl, enum run_kind kind, size_t i, bool canary)
{
	const struct spec *s = &g->spec;
	char name[96];
	int n = 0, a = 0, e = 0;
	uint64_t size = size_of(g, i);
	bool untrusted = impl == IMPL_SUBMISSION;

	memset(j, 0, sizeof *j);
	j->g = g;
	j->impl = impl;
	j->kind = kind;
	j->size_i = i;
	j->canary = canary;
	snprintf(name, sizeof name, "%s-%s-%" PRIu64 "%s", grading_impl_name(impl), kind_names[kind], size, canary ? "-canary" : "");
	if (plan_files(g, j, name, untrusted) != 0)
		return -1;
	plan_tool(g, j, &n, &a, &e);
	if (plan_program(g, j, &n, &a) != 0)
		return -1;
	/* the driver's checkpoint (workload_checkpoint): its snapshot, by valgrind, on CHILD_CHECKPOINT_FD */
	if (kind == RUN_MASSIF) {
		fs_path(j->checkpoint, PATH_CAP, "%s/checkpoint.out", j->keep);
		j->c.extra[2] = (struct child_stream){ .fd = CHILD_CHECKPOINT_FD, .path = j->checkpoint, .cap = TOOL_OUTPUT_KEEP };
	}
	j->c.argv[n] = NULL;
	j->c.env[e] = NULL;
	j->c.cwd = kind == RUN_WORKLOAD_TEST ? g->impl[IMPL_SUBMISSION].lab : untrusted ? j->run_dir : j->keep;
	j->c.run_dir = untrusted ? j->run_dir : NULL;
	j->c.stdout_path = j->out;
	j->c.stderr_path = j->err;
	j->c.timeout_s = s->timeout_s;
	/* the lab's descriptor limit, natively only: valgrind takes 12 of a limit for itself, and its
	 * output descriptors sit above CHILD_NOFILE */
	j->c.nofile = kind == RUN_NATIVE ? s->nofile : 0;
	j->c.sandbox = untrusted ? &g->sandbox : NULL;
	j->c.on_end = tell;
	j->c.arg = j;
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
	if (!child_ok(&expected->c)) { /* only when the deadline cut it (check_trusted) */
		snprintf(why, cap, "not judged: the grading's deadline came before the expected output was made");
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
	char rel[256], to[PATH_CAP];

	if (j->canary)
		return;
	if (j->impl == IMPL_SUBMISSION)
		snprintf(rel, sizeof rel, "%s/%s.%" PRIu64, kind_names[j->kind], name, g->spec.sizes[j->size_i]);
	else
		snprintf(rel, sizeof rel, "baseline/%s/%s.%" PRIu64, grading_impl_name(j->impl), name, g->spec.sizes[j->size_i]);
	if (outdir_file(&g->out, rel, to) == 0 && fs_copy_file(from, to) == 0 && j->kind == RUN_MASSIF)
		snprintf(g->impl[j->impl].at[j->size_i].massif_file, PATH_CAP, "%s", to);
}

/* Why a tool's output of j cannot be used, or NULL. */
static const char *unusable_output(const struct job *j, char *buf, size_t cap)
{
	char what[128];

	if (!j->c.started || j->c.timed_out || j->c.skipped) {
		snprintf(buf, cap, "%s", child_describe(&j->c, what, sizeof what));
		return buf;
	}
	for (int k = 0; k < CHILD_EXTRA_STREAMS; k++)
		if (j->c.extra[k].fd != 0 && (j->c.extra[k].cut || j->c.extra[k].lost)) {
			snprintf(buf, cap, "valgrind's output was %s", j->c.extra[k].lost ? "not kept whole by the grader"
				 : "larger than " STRINGIFY(TOOL_OUTPUT_KEEP) " bytes");
			return buf;
		}
	if (!WIFEXITED(j->c.status)) {
		/* killed: valgrind wrote nothing of its own, whatever the program wrote in its place */
		snprintf(buf, cap, "%s", child_describe(&j->c, what, sizeof what));
		return buf;
	}
	return NULL;
}

/* The snapshot the driver's checkpoint made (workload_checkpoint), if it made one, once. */
static void read_checkpoint(const struct job *j, struct size_result *r)
{
	struct massif_profile p;
	char err[256];

	r->checkpoint_known = false;
	snprintf(r->checkpoint_why, sizeof r->checkpoint_why, "the driver's checkpoint was not reached");
	if (j->c.extra[2].bytes == 0)
		return;
	if (massif_read(j->checkpoint, &p, err, sizeof err) != 0) {
		snprintf(r->checkpoint_why, sizeof r->checkpoint_why, "its checkpoint: %s", err);
		return;
	}
	if (p.n != 1) /* the driver marks it once: more is the program's doing */
		snprintf(r->checkpoint_why, sizeof r->checkpoint_why, "the checkpoint was marked %zu times", p.n);
	else {
		r->heap_at_checkpoint = p.snaps[0].heap + p.snaps[0].extra;
		r->checkpoint_known = true;
	}
	massif_release(&p);
}

/*
 * The same workload where the tests drive the code (the lab's "workload"
 * test case, run alone under massif) against the graded run at the same
 * size: a file that behaves better when graded than when tested is flagged.
 */
static void cross_check_workload(struct grading *g, const struct job *w)
{
	const struct size_result *r = &g->impl[IMPL_SUBMISSION].at[w->size_i];
	struct massif_profile p;
	char err[256], why[256], a[64], b[64], c[64], d[64];

	if (unusable_output(w, why, sizeof why) != NULL || !child_ok(&w->c)) {
		grading_note(g, "the tests' workload case could not be measured (%s)",
			     unusable_output(w, why, sizeof why) != NULL ? why : child_describe(&w->c, why, sizeof why));
		return;
	}
	if (massif_read(w->tool, &p, err, sizeof err) != 0) {
		grading_note(g, "the tests' workload case: %s", err);
		return;
	}
	g->workload_peak = p.peak;
	massif_release(&p);
	if (kcg_total(w->xtree, "totB", &g->workload_total, err, sizeof err) != 0) {
		grading_note(g, "the tests' workload case: %s", err);
		return;
	}
	g->workload_known = true;
	if (!r->measured[TOOL_MASSIF] || !r->output_ok)
		return;
	if (g->workload_peak > WORKLOAD_FACTOR * r->peak_heap + WORKLOAD_SLACK ||
	    g->workload_total > WORKLOAD_FACTOR * r->total_alloc + WORKLOAD_SLACK)
		grading_flag(g, "behaves-differently", false,
			     "at %" PRIu64 " %s, where the tests drive it, the code took a heap peak of %s and allocated %s; "
			     "in the graded run of the same workload, %s and %s: a program that behaves better when it is "
			     "graded loses the memory points", g->spec.sizes[w->size_i], g->spec.unit,
			     measure_format((double)g->workload_peak, MEASURE_PEAK_HEAP, a, sizeof a),
			     measure_format((double)g->workload_total, MEASURE_TOTAL_ALLOC, b, sizeof b),
			     measure_format((double)r->peak_heap, MEASURE_PEAK_HEAP, c, sizeof c),
			     measure_format((double)r->total_alloc, MEASURE_TOTAL_ALLOC, d, sizeof d));
}

static void collect(struct grading *g, struct job *j)
{
	struct size_result *r = &g->impl[j->impl].at[j->size_i];
	char err[256];

	/* a run that failed: its stderr says why */
	if (j->impl == IMPL_SUBMISSION && !child_ok(&j->c) && !j->c.skipped)
		keep(g, j, j->err, "stderr");
	if (j->kind == RUN_NATIVE) {
		r->native_wall_s = j->c.wall_s;
		r->native_rss_kib = j->c.max_rss_kib;
		r->memory_peak_known = j->c.memory_peak_known;
		r->memory_peak = j->c.memory_peak;
		return;
	}
	if (j->kind == RUN_SANITIZED) {
		char what[128];
		r->asan_ran = j->c.started && !j->c.skipped;
		r->asan_clean = child_ok(&j->c);
		if (!r->asan_clean) {
			FILE *f = fs_open_regular(j->err, CHILD_OUTPUT_KEEP, err, sizeof err);
			char line[512];
			snprintf(r->asan_why, sizeof r->asan_why, "%s", child_describe(&j->c, what, sizeof what));
			while (f != NULL && fs_read_line(f, line, sizeof line) != -1) {
				const char *p = strstr(line, "ERROR: ");
				if (p == NULL)
					p = strstr(line, "runtime error:");
				if (p != NULL) {
					snprintf(r->asan_why, sizeof r->asan_why, "%s", p);
					break;
				}
			}
			if (f != NULL)
				fclose(f);
			keep(g, j, j->err, "sanitizer");
		}
		return;
	}
	enum tool t = j->kind == RUN_MASSIF ? TOOL_MASSIF : j->kind == RUN_MEMCHECK ? TOOL_MEMCHECK : TOOL_CALLGRIND;
	r->ran[t] = true;
	if (unusable_output(j, r->why[t], sizeof r->why[t]) != NULL)
		return;
	if (t == TOOL_MASSIF) {
		struct massif_profile p;
		if (massif_read(j->tool, &p, err, sizeof err) != 0) {
			snprintf(r->why[t], sizeof r->why[t], "%s", err);
			return;
		}
		r->peak_heap = p.peak;
		massif_release(&p);
		read_checkpoint(j, r);
		if (kcg_total(j->xtree, "totB", &r->total_alloc, err, sizeof err) != 0 ||
		    kcg_total(j->xtree, "curB", &r->heap_at_exit, err, sizeof err) != 0 ||
		    kcg_total(j->xtree, "totBk", &r->blocks_alloc, err, sizeof err) != 0) {
			snprintf(r->why[t], sizeof r->why[t], "%s", err);
			return;
		}
		keep(g, j, j->tool, "massif.out");
	} else if (t == TOOL_MEMCHECK) {
		if (memcheck_read(j->tool, j->log, &r->memcheck, err, sizeof err) != 0) {
			snprintf(r->why[t], sizeof r->why[t], "%s", err);
			return;
		}
		keep(g, j, j->tool, "memcheck.xml");
		keep(g, j, j->log, "memcheck.log");
	} else {
		if (kcg_total(j->tool, "Ir", &r->instructions, err, sizeof err) != 0) {
			snprintf(r->why[t], sizeof r->why[t], "%s", err);
			return;
		}
		keep(g, j, j->tool, "callgrind.out");
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

/*
 * Memory the heap does not explain: the native run's peak (its cgroup's,
 * else its resident memory) beyond the run doing no work, against massif's
 * heap peak at the same size.  And static data beyond the margin.
 */
static void cross_check_memory(struct grading *g)
{
	const struct spec *s = &g->spec;
	char a[64], b[64];

	if (g->static_bytes > STATIC_DATA_MAX) {
		grading_flag(g, "hidden-memory", false, "the submission keeps %s of static data (.data, .bss), more than "
			     "the %s allowed: memory kept out of malloc's sight is not allowed",
			     measure_format((double)g->static_bytes, MEASURE_PEAK_HEAP, a, sizeof a),
			     measure_format((double)STATIC_DATA_MAX, MEASURE_PEAK_HEAP, b, sizeof b));
		return;
	}
	for (size_t i = 0; i < s->nsizes; i++) {
		const struct size_result *r = &g->impl[IMPL_SUBMISSION].at[i];
		double excess;
		const char *how;
		if (!r->measured[TOOL_MASSIF])
			continue;
		if (r->memory_peak_known && g->baseline_peak_known) {
			excess = (double)r->memory_peak - (double)g->baseline_memory_peak;
			how = "memory (its cgroup's peak)";
		} else if (r->native_rss_kib != 0 && g->baseline_rss_kib != 0) {
			excess = ((double)r->native_rss_kib - (double)g->baseline_rss_kib) * 1024.0;
			how = "resident memory";
		} else {
			continue;
		}
		double allowed = (double)r->peak_heap * (1 + HIDDEN_MARGIN_PERCENT / 100.0) + (double)s->hidden_margin;
		if (excess > allowed) {
			grading_flag(g, "hidden-memory", false,
				     "at %" PRIu64 " %s the program's %s grew by %s beyond doing nothing, "
				     "but massif saw a heap peak of %s: memory kept out of malloc's sight "
				     "(mmap, static arrays, alloca, files in /tmp or /dev/shm, shared memory) is not allowed",
				     s->sizes[i], s->unit, how, measure_format(excess, MEASURE_PEAK_HEAP, a, sizeof a),
				     measure_format((double)r->peak_heap, MEASURE_PEAK_HEAP, b, sizeof b));
			return;
		}
	}
}

/* A memory error only the sanitizer build saw: memcheck was fooled (or the reverse, for leaks). */
static void cross_check_detectors(struct grading *g)
{
	const struct spec *s = &g->spec;

	for (size_t i = 0; i < s->nsizes; i++) {
		const struct size_result *r = &g->impl[IMPL_SUBMISSION].at[i];
		if (!r->asan_ran || r->asan_clean || !r->measured[TOOL_MEMCHECK] || !r->output_ok)
			continue;
		uint64_t lost = r->memcheck.definitely_lost + r->memcheck.indirectly_lost;
		if (r->memcheck.errors == 0 && lost == 0) {
			grading_flag(g, "detectors-disagree", false,
				     "at %" PRIu64 " %s memcheck saw no error but the AddressSanitizer build did (%s): "
				     "a program that hides from one detector loses the memory points", s->sizes[i], s->unit,
				     r->asan_why);
			return;
		}
	}
}

/* Round 1: the input files, made by the lab's trusted input tool. */
static int make_inputs(struct grading *g, char *err, size_t errlen)
{
	const struct spec *s = &g->spec;
	struct child c[SPEC_MAX_SIZES];
	struct child *running[SPEC_MAX_SIZES];
	char arg[SPEC_MAX_SIZES][4][PATH_CAP], build[PATH_CAP], what[128];

	if (s->input[0] == '\0')
		return 0;
	memset(c, 0, sizeof c);
	grading_build_dir(g, IMPL_PITFALL, build);
	for (size_t i = 0; i < s->nsizes; i++) {
		fs_path(arg[i][0], PATH_CAP, "%s/%s", build, s->input);
		fs_path(arg[i][1], PATH_CAP, "%" PRIu64, s->sizes[i]);
		fs_path(arg[i][2], PATH_CAP, "%" PRIu64, g->seed);
		grading_input_path(g, i, arg[i][3]);
		const char *argv[] = { arg[i][0], "--size", arg[i][1], "--seed", arg[i][2], arg[i][3], NULL };
		memcpy(c[i].argv, argv, sizeof argv);
		c[i].cwd = g->inputs;
		c[i].timeout_s = TIMEOUT_INPUT_S;
		running[i] = &c[i];
	}
	if (child_run_all(running, (unsigned)s->nsizes, g->jobs, 0) != 0) {
		snprintf(err, errlen, "the grader could not watch the lab's input tool (poll: %s)", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < s->nsizes; i++) {
		if (!child_ok(&c[i])) {
			snprintf(err, errlen, "the lab's input tool failed (%s)", child_describe(&c[i], what, sizeof what));
			return -1;
		}
		if (chmod(arg[i][3], 0644) != 0) { /* readable by the runners */
			snprintf(err, errlen, "%s: %s", arg[i][3], strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Plans round 2 into jobs[]; returns how many, or -1.  expected[i]: the pitfall's native run at size i. */
static int plan_round(struct grading *g, struct job *jobs, struct job **expected, struct job **baseline,
		      struct job **workload)
{
	const struct spec *s = &g->spec;
	struct job *last[RUN_KINDS] = { NULL };  /* the submission's previous size, per tool */
	unsigned n = 0;
	bool canary[TOOL_COUNT] = { false };

#define PLAN(impl, kind, i, is_canary) \
	do { if (n == ROUND_MAX || plan_run(g, &jobs[n++], (impl), (kind), (i), (is_canary)) != 0) return -1; } while (0)
	*baseline = &jobs[n];
	PLAN(IMPL_SUBMISSION, RUN_NATIVE, SIZE_MAX, false);
	/* the same workload where the tests drive the code: the lab's "workload" test case, under massif;
	 * planned early, so that a grading short of time still compares the two */
	*workload = NULL;
	if (s->has_workload_test) {
		*workload = &jobs[n];
		PLAN(IMPL_SUBMISSION, RUN_WORKLOAD_TEST, s->workload_test, false);
	}
	enum impl answers = s->expected == EXPECTED_REFERENCE ? IMPL_REFERENCE : IMPL_PITFALL;
	for (size_t i = 0; i < s->nsizes; i++) {
		expected[i] = &jobs[n];
		PLAN(answers, RUN_NATIVE, i, false);
		for (enum run_kind k = RUN_NATIVE; k < RUN_KINDS; k++) {
			bool wanted = k == RUN_NATIVE || k == RUN_MASSIF ||
				      (k == RUN_MEMCHECK && s->tool_at[TOOL_MEMCHECK][i]) ||
				      (k == RUN_CALLGRIND && s->tool_at[TOOL_CALLGRIND][i]) ||
				      (k == RUN_SANITIZED && s->tool_at[TOOL_MEMCHECK][i]);
			if (!wanted)
				continue;
			struct job *j = &jobs[n];
			PLAN(IMPL_SUBMISSION, k, i, false);
			j->c.after = last[k] != NULL ? &last[k]->c : NULL; /* a timeout skips the larger sizes */
			last[k] = j;
		}
		/* the canaries: the lab's own pitfall under each tool, at the tool's smallest size */
		for (enum tool t = TOOL_MASSIF; t < TOOL_COUNT; t++)
			if (s->tool_at[t][i] && !canary[t]) {
				canary[t] = true;
				bool is_baseline = t == TOOL_MASSIF && !g->no_baseline && !g->grade_pitfall && s->baseline_at[i];
				if (!is_baseline)
					PLAN(IMPL_PITFALL, t == TOOL_MASSIF ? RUN_MASSIF : t == TOOL_MEMCHECK ? RUN_MEMCHECK
					     : RUN_CALLGRIND, i, true);
			}
		/* baselines; grading the pitfall itself, its runs are the pitfall's baseline */
		if (!g->no_baseline && !g->grade_pitfall && s->baseline_at[i])
			PLAN(IMPL_PITFALL, RUN_MASSIF, i, false);
		if (!g->no_baseline && g->impl[IMPL_REFERENCE].present && s->baseline_at[i])
			PLAN(IMPL_REFERENCE, RUN_MASSIF, i, false);
	}
#undef PLAN
	return (int)n;
}

/* A trusted run that failed: the grader's own failure.  0, or -1 with why. */
static int check_trusted(struct grading *g, const struct job *j, char *err, size_t errlen)
{
	char what[128], why[256];

	if (j->impl == IMPL_SUBMISSION)
		return 0;
	bool tool = j->kind != RUN_NATIVE && j->kind != RUN_SANITIZED;
	/* the grading ran out of time (a slow submission, a loaded machine): the lab's own run is
	 * missing, not broken; what needed it (a baseline, the expected output) is left unmeasured */
	if (j->c.cut_by_deadline) {
		grading_note(g, "the grading's deadline came before the lab's own %s %s run at size %" PRIu64
			     " ended: %s", j->impl == IMPL_PITFALL ? "pitfall" : "reference", kind_names[j->kind],
			     size_of(g, j->size_i), j->c.skipped ? j->c.skip_why : "killed");
		return 0;
	}
	if (!child_ok(&j->c) || j->c.lost || j->c.out_cut) {
		snprintf(err, errlen, "%s%s failed on the lab's own %s at size %" PRIu64 " (%s%s): the grader cannot "
			 "measure here%s", tool ? "valgrind --tool=" : "", tool ? kind_names[j->kind] : "a native run",
			 j->impl == IMPL_PITFALL ? "pitfall.c" : "reference solution", size_of(g, j->size_i),
			 child_describe(&j->c, what, sizeof what),
			 j->c.lost ? ", its output not kept whole: is the grader's disk full?" :
			 j->c.out_cut ? ", its output cut" : "", tool ? " (is valgrind installed and working? make deps)" : "");
		return -1;
	}
	const struct size_result *r = &g->impl[j->impl].at[j->size_i];
	enum tool t = j->kind == RUN_MASSIF ? TOOL_MASSIF : j->kind == RUN_MEMCHECK ? TOOL_MEMCHECK : TOOL_CALLGRIND;
	if (j->kind != RUN_NATIVE && j->kind != RUN_SANITIZED && (j->canary || j->impl == IMPL_PITFALL) &&
	    !r->measured[t]) {
		snprintf(why, sizeof why, "%s", r->why[t]);
		snprintf(err, errlen, "valgrind --tool=%s cannot measure the lab's own %s at size %" PRIu64 " (%s): "
			 "is valgrind installed and working? (make deps)", kind_names[j->kind],
			 j->impl == IMPL_PITFALL ? "pitfall.c" : "reference", size_of(g, j->size_i), why);
		return -1;
	}
	return 0;
}

int grading_measure(struct grading *g, char *err, size_t errlen)
{
	const struct spec *s = &g->spec;
	struct job *jobs = NULL, *expected[SPEC_MAX_SIZES], *baseline = NULL, *workload = NULL;
	struct tests_round *tests = NULL;
	static struct child *running[ROUND_MAX + TESTS_RUNS];
	unsigned n = 0;
	int rc = -1, planned;

	if (!g->build_ok)
		return 0; /* nothing to measure: every criterion says why */
	jobs = calloc(ROUND_MAX, sizeof *jobs);
	tests = calloc(1, sizeof *tests);
	if (jobs == NULL || tests == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (make_inputs(g, err, errlen) != 0)
		goto out;
	/* Every run's folder is made now, before any runs: a submission that
	 * fills its own disk then fails its runs, instead of stopping the grading. */
	if (tests_plan(g, tests, err, errlen) != 0)
		goto out;
	if (s->expected == EXPECTED_REFERENCE && !g->impl[IMPL_REFERENCE].present) {
		snprintf(err, errlen, "this lab's expected output is the reference solution's, and %s/solutions/%s has none",
			 g->root, g->lab_name);
		goto out;
	}
	if ((planned = plan_round(g, jobs, expected, &baseline, &workload)) < 0) {
		snprintf(err, errlen, "cannot set up the runs in %s", g->scratch);
		goto out;
	}
	for (int k = 0; k < TESTS_RUNS; k++)
		if (tests->used[k])
			running[n++] = &tests->c[k];
	for (int k = 0; k < planned; k++)
		running[n++] = &jobs[k].c;
	grading_progress(g, "running the tests and %d runs, %u at a time", planned, g->jobs);
	if (child_run_all(running, n, g->jobs, g->deadline) != 0) {
		snprintf(err, errlen, "the grader could not watch its runs (poll: %s)", strerror(errno));
		goto out;
	}
	if (child_interrupted()) {
		snprintf(err, errlen, "interrupted");
		goto out;
	}
	for (size_t i = 0; i < s->nsizes; i++)
		g->impl[IMPL_SUBMISSION].at[i].output_ok = true; /* until a run says otherwise */
	g->baseline_rss_kib = baseline->c.max_rss_kib;
	g->baseline_peak_known = baseline->c.memory_peak_known;
	g->baseline_memory_peak = baseline->c.memory_peak;
	for (int k = 0; k < planned; k++) {
		struct job *j = &jobs[k];
		if (j == baseline || j == workload)
			continue;
		collect(g, j);
		if (check_trusted(g, j, err, errlen) != 0)
			goto out;
		struct size_result *r = &g->impl[j->impl].at[j->size_i];
		if (j->impl == IMPL_SUBMISSION && j->kind != RUN_SANITIZED && r->output_ok &&
		    !same_output(j, expected[j->size_i], r->output_why, sizeof r->output_why))
			r->output_ok = false;
	}
	if (tests_judge(g, tests, err, errlen) != 0)
		goto out;
	if (g->grade_pitfall)
		for (size_t i = 0; i < s->nsizes; i++)
			g->impl[IMPL_PITFALL].at[i] = g->impl[IMPL_SUBMISSION].at[i];
	fit_peaks(g);
	if (workload != NULL)
		cross_check_workload(g, workload);
	cross_check_memory(g);
	cross_check_detectors(g);
	rc = 0;
out:
	free(tests);
	free(jobs);
	return rc;
}
