/*
 * grade.h - one grading: the options it was asked for, the lab's spec,
 * and everything measured and decided, in the order the grader fills it:
 *     main.c     options, then the steps below, then the exit status
 *     build.c    a scratch copy of the lab with the submission in it, built
 *                three ways: the submission, the pitfall (the expected
 *                output and a baseline), the reference solution (a baseline)
 *     measure.c  Check tests; the workload at every size, natively and
 *                under massif, memcheck and callgrind; the growth fits
 *     score.c    each criterion of the spec, judged
 *     report.c   the text report and results.json
 *     plot.c     gnuplot charts
 * Life cycle: grading_init(), the steps, grading_release().
 */
#ifndef GRADER_GRADE_H
#define GRADER_GRADE_H

#include "fit.h"
#include "limits.h"
#include "memcheck.h"
#include "spec.h"

#include <stdbool.h>
#include <stdint.h>

/* One implementation of the lab's API at one size. */
struct size_result {
	bool ran[TOOL_COUNT];             /* the tool was run at this size */
	bool measured[TOOL_COUNT];        /* ...and its output file was read */
	char why[TOOL_COUNT][256];        /* why not, when it was run but not measured */
	uint64_t peak_heap, total_alloc, heap_at_exit; /* massif + its xtree */
	uint64_t instructions;            /* callgrind */
	struct memcheck_result memcheck;
	bool output_ok;                   /* every run at this size printed the expected output */
	char output_why[256];
	double native_wall_s;
	long native_rss_kib;
	char massif_file[PATH_CAP];       /* kept copy, in the output folder */
};

enum impl { IMPL_SUBMISSION, IMPL_PITFALL, IMPL_REFERENCE, IMPL_COUNT };

struct impl_result {
	bool present;                     /* built (or, for the reference, exists) */
	bool built;
	char build_dir[32];               /* "build/submission" ... relative to the lab's scratch copy */
	struct size_result at[SPEC_MAX_SIZES];
	bool fitted;                      /* peak heap growth */
	struct fit peak_fit;
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

	/* where things are */
	char root[PATH_CAP];              /* memlab's top folder (plots/ lives there) */
	char lab_name[SPEC_NAME_MAX];
	char submitted_file[PATH_CAP];    /* the file graded */
	char scratch[PATH_CAP];           /* fresh folder, removed at the end */
	char scratch_lab[PATH_CAP];       /* scratch/labs/<lab> */
	struct spec spec;

	/* build and tests */
	bool build_ok;
	char build_why[REPORT_DETAIL_MAX];
	int tests_passed, tests_total;
	char tests_why[REPORT_DETAIL_MAX];

	struct impl_result impl[IMPL_COUNT];
	double elapsed_s;

	/* scores */
	struct criterion_result crit[SPEC_MAX_CRITERIA];
	double score;
	char plots[4][PATH_CAP];          /* files written by plot.c, for the report */
	unsigned nplots;
	char plot_note[REPORT_DETAIL_MAX];
};

/* Steps; each returns 0, or -1 with a one-line reason in err (could not grade). */
int grading_prepare(struct grading *g, char *err, size_t errlen);   /* build.c */
int grading_build(struct grading *g, char *err, size_t errlen);     /* build.c */
int grading_measure(struct grading *g, char *err, size_t errlen);   /* measure.c */
void grading_score(struct grading *g);                               /* score.c */
int grading_plot(struct grading *g);                                 /* plot.c */
int grading_write(struct grading *g, char *err, size_t errlen);     /* report.c */
void grading_print_report(const struct grading *g, bool terminal);  /* report.c */
void grading_release(struct grading *g);                             /* build.c */

/* Human figures: "64.0 MiB", "1.2 G instructions". */
const char *fmt_quantity(double v, enum measure m, char *buf, size_t cap);

#endif
