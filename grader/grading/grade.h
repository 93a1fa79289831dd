/*
 * grade.h - one grading: the options it was asked for, the lab's spec,
 * and everything measured and decided, in the order the grader fills it:
 *     main.c     options, then the steps below, then the exit status
 *     build.c    a scratch copy of the lab with the submission in it, built
 *                three ways: the submission, the pitfall (the expected
 *                output and a baseline), the reference solution (a baseline)
 *     measure.c  the workload at every size, natively and under massif,
 *                memcheck and callgrind; the growth fits (testrun.c: the
 *                Check tests, judged against trusted end markers)
 *     score.c    each criterion of the spec, judged
 *     report.c   the text report and results.json
 *     plot.c     gnuplot charts
 * Life cycle: grading_init(), the steps, grading_release().
 */
#ifndef GRADER_GRADE_H
#define GRADER_GRADE_H

#include "proc/child.h"
#include "base/fit.h"
#include "base/hash.h"
#include "base/limits.h"
#include "tools/memcheck.h"
#include "base/outdir.h"
#include "proc/sandbox.h"
#include "grading/spec.h"

#include <stdbool.h>
#include <stdint.h>

/* One implementation of the lab's API at one size. */
struct size_result {
	bool ran[TOOL_COUNT];             /* the tool was run at this size */
	bool measured[TOOL_COUNT];        /* ...and its output file was read */
	char why[TOOL_COUNT][256];        /* why not, when it was run but not measured */
	uint64_t peak_heap, total_alloc, heap_at_exit; /* massif + its xtree */
	uint64_t blocks_alloc;            /* the xtree's totBk: blocks allocated over the run */
	bool checkpoint_known;            /* the driver marked its checkpoint, once, under massif */
	uint64_t heap_at_checkpoint;      /* mem_heap_B + mem_heap_extra_B then */
	char checkpoint_why[128];         /* why not, if it was expected */
	uint64_t instructions;            /* callgrind */
	struct memcheck_result memcheck;
	bool output_ok;                   /* every run at this size printed the expected output */
	char output_why[256];
	double native_wall_s;
	long native_rss_kib;
	bool memory_peak_known;           /* the native run's cgroup peak (all its memory, not just heap) */
	uint64_t memory_peak;
	bool asan_ran;                    /* AddressSanitizer + UBSan build at this size */
	bool asan_clean;
	char asan_why[256];               /* what the sanitizer said, its first line */
	char massif_file[PATH_CAP];       /* kept copy, in the output folder */
};

enum impl { IMPL_SUBMISSION, IMPL_PITFALL, IMPL_REFERENCE, IMPL_COUNT };

struct impl_result {
	bool present;                     /* built (or, for the reference, exists) */
	bool built;
	char lab[PATH_CAP];               /* the lab copy it is built in: scratch/student/... or scratch/trusted/... */
	char build_dir[PATH_CAP];         /* absolute: scratch/student/runs/build/out, or LAB/build/pitfall ... */
	struct size_result at[SPEC_MAX_SIZES];
	bool fitted;                      /* peak heap growth */
	struct fit peak_fit;
};

/*
 * Something the grader caught that a score alone would hide: memory kept
 * out of malloc's sight, a program that knows it runs under valgrind, code
 * that runs before main.  A flag denies the memory points (and, for code
 * before main, the test points) and says why.
 */
struct flag {
	char name[32];
	char detail[REPORT_DETAIL_MAX];
};

struct criterion_result {
	double score;
	bool passed;
	char detail[REPORT_DETAIL_MAX];   /* the measured figure next to the target */
};

struct grading {
	/* options */
	const char *lab_dir;
	const char *submission_dir;       /* NULL: the lab's own student file */
	bool grade_pitfall;
	const char *out_dir;
	double min_score;
	bool json;
	unsigned jobs;
	uint64_t seed;
	bool keep_scratch;
	const char *spec_path;            /* NULL: LAB_DIR/lab.ini */
	unsigned timeout_s;               /* 0: the spec's */
	bool no_baseline;                 /* skip the pitfall's and reference's massif runs */
	bool quiet;                       /* no progress lines on stderr */
	const char *valgrind;             /* MEMLAB_VALGRIND, or "valgrind" (searched in PATH) */

	/* where things are */
	char root[PATH_CAP];              /* memlab's top folder (plots/ lives there) */
	struct outdir out;                /* the output folder, locked while we write it */
	char lab_name[SPEC_NAME_MAX];
	char submitted_file[PATH_CAP];    /* the file graded */
	char scratch[PATH_CAP];           /* fresh folder (0711), removed at the end */
	int scratch_lock;                 /* flock on scratch/.lock while the grading lives */
	char trusted[PATH_CAP];           /* scratch/trusted (0700): the lab's own builds, every kept output */
	char student[PATH_CAP];           /* scratch/student: the submission's lab copy (read-only) and runs */
	char inputs[PATH_CAP];            /* scratch/inputs: the workload's input files (read-only to runners) */
	char trusted_runs[PATH_CAP];      /* scratch/trusted-runs: the lab's own tests' run folders, a disk apart */
	struct spec spec;
	struct sandbox sandbox;           /* how untrusted children are fenced in */
	double started;                   /* now_s() when the grading began */
	double deadline;                  /* no untrusted child runs past it */

	/* build and tests */
	char build_key[HASH_HEX_LEN + 1]; /* of the trusted builds, for the build cache; "" if none */
	bool build_ok;
	char build_why[REPORT_DETAIL_MAX];
	uint64_t static_bytes;            /* the submission's .data + .bss (elfscan) */
	int tests_passed, tests_total;
	char tests_why[REPORT_DETAIL_MAX];
	bool asan_tests_clean;            /* the sanitizer build of the tests found no error */
	int ntests;                       /* each test, by name (the pitfall's TAP), and whether it passed */
	char (*test_names)[128];
	bool *test_passed;
	bool workload_known;              /* the tests' workload case, measured under massif */
	uint64_t workload_peak, workload_total;
	char asan_tests_why[256];

	struct impl_result impl[IMPL_COUNT];
	double elapsed_s;
	long baseline_rss_kib;            /* the submission's build doing no work (--size 0) */
	bool baseline_peak_known;         /* ...and its cgroup's memory peak */
	uint64_t baseline_memory_peak;
	struct flag flags[FLAGS_MAX];
	unsigned nflags;
	char notes[4][REPORT_DETAIL_MAX]; /* what the report should mention: output that was cut */
	unsigned nnotes;
	bool deny_memory, deny_tests;

	/* scores */
	struct criterion_result crit[SPEC_MAX_CRITERIA];
	double score;
	char plots[4][PATH_CAP];          /* files written by plot.c, for the report */
	unsigned nplots;
	char plot_note[REPORT_DETAIL_MAX];
};

/* Steps; each returns 0, or -1 with a one-line reason in err (could not grade). */
int grading_prepare(struct grading *g, char *err, size_t errlen);   /* prepare.c */
int grading_build(struct grading *g, char *err, size_t errlen);     /* build.c */
int grading_measure(struct grading *g, char *err, size_t errlen);   /* measure.c */
void grading_score(struct grading *g);                               /* score.c */
int grading_plot(struct grading *g);                                 /* plot.c */
int grading_write(struct grading *g, char *err, size_t errlen);     /* report.c */
/* results.json saying "not graded yet": a grading's first act, so no old grade outlives it (report.c) */
void grading_write_placeholder(struct grading *g);
/* results.json saying the grader failed, blaming no one (report.c) */
void grading_write_failure(struct grading *g, const char *why);
void grading_print_report(const struct grading *g, bool terminal);  /* report.c */
void grading_release(struct grading *g);                             /* prepare.c */

/* grading.c: services every step uses. */

/* Raises a flag (see struct flag); memory points are denied, and test points too if deny_tests. */
void grading_flag(struct grading *g, const char *name, bool deny_tests, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Adds a line the report shows under the criteria (no effect on the score). */
void grading_note(struct grading *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One progress line on stderr ("massif at 16 MiB of log: 0.6 s"), unless quiet. */
void grading_progress(const struct grading *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Where an implementation's programs are: its build folder (absolute). */
const char *grading_build_dir(const struct grading *g, enum impl k, char *buf);

/* "submission", "pitfall" or "reference": the name of its folders and progress lines. */
const char *grading_impl_name(enum impl k);

/* The input file of size i (labs with an input tool). */
void grading_input_path(const struct grading *g, size_t i, char *buf);

/*
 * The Check tests of a grading, run in the measuring round (testrun.c):
 * the submission's and its sanitizer build's (untrusted), the pitfall's
 * and the reference's (trusted: their transcripts are what a correct
 * implementation writes).  tests_plan() fills the children; after the
 * round, tests_judge() compares transcripts test by test: -1 with err when
 * the lab's own tests fail (the grader's failure, not the student's).
 */
enum { TESTS_SUBMISSION, TESTS_SANITIZED, TESTS_PITFALL, TESTS_REFERENCE, TESTS_RUNS };
struct tests_round {
	struct child c[TESTS_RUNS];
	bool used[TESTS_RUNS];
	char keep[TESTS_RUNS][PATH_CAP];        /* trusted folder of kept outputs */
	char run_dir[TESTS_RUNS][PATH_CAP];     /* untrusted runs' own folder */
	char out[TESTS_RUNS][PATH_CAP], err[TESTS_RUNS][PATH_CAP], transcript[TESTS_RUNS][PATH_CAP];
	char prog[TESTS_RUNS][PATH_CAP], tap[PATH_CAP];
	char env[TESTS_RUNS][6][PATH_CAP];
};
int tests_plan(struct grading *g, struct tests_round *t, char *err, size_t errlen);
int tests_judge(struct grading *g, struct tests_round *t, char *err, size_t errlen);


#endif
