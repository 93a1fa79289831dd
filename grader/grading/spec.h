/*
 * spec.h - a lab's grading spec, read from labs/NN-name/lab.ini (format:
 * docs/lab-spec.md).  The spec says how to run the lab's workload, which
 * measures to take at which sizes, and how each criterion turns a measure
 * into points.  Neighbours: measure.c runs what the spec asks; score.c
 * judges by it.
 *
 * Invariants after spec_read() succeeds: sizes ascend and there are at
 * least 3; memcheck and callgrind sizes are among them; every criterion
 * has points > 0 and, for a measure, a threshold, finite, with max >= min
 * if both are given, and for a fit a plain exponent; a criterion on a
 * measure names a tool that runs at some size.  A spec is plain data: no
 * release.
 */
#ifndef GRADER_SPEC_H
#define GRADER_SPEC_H

#include "base/limits.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum measure {
	MEASURE_PEAK_HEAP,      /* massif */
	MEASURE_TOTAL_ALLOC,    /* massif's xtree: totB */
	MEASURE_HEAP_AT_EXIT,   /* massif's xtree: curB */
	MEASURE_INSTRUCTIONS,   /* callgrind: Ir */
	MEASURE_LEAKED,         /* memcheck: definitely + indirectly lost */
	MEASURE_MEMCHECK_ERRORS,
	MEASURE_HEAP_AT_CHECKPOINT, /* massif: the heap when the driver marks its checkpoint */
	MEASURE_BLOCKS_ALLOC,   /* massif's xtree: totBk, blocks allocated over the run */
	MEASURE_FDS_AT_EXIT,    /* memcheck --track-fds=yes: descriptors the program opened, open at exit */
	MEASURE_COUNT
};

enum tool { TOOL_MASSIF, TOOL_MEMCHECK, TOOL_CALLGRIND, TOOL_COUNT };

enum criterion_kind { CRIT_TESTS, CRIT_OUTPUT, CRIT_MEMCHECK, CRIT_MEASURE };

struct criterion {
	char name[SPEC_NAME_MAX];
	enum criterion_kind kind;
	enum measure measure;   /* CRIT_MEASURE only */
	bool every;             /* judge each size (else the largest) */
	bool fit;               /* judge the growth exponent */
	bool per_size;          /* thresholds are per unit of size */
	bool has_max, has_min;
	double max, min;
	double points;
	size_t from;            /* judge (or fit) only sizes[from..]; 0 by default */
	char tcase[SPEC_NAME_MAX]; /* tests: only this test case's tests ("" all) */
	bool needs_tests;       /* a measure: points only if every test passes */
};

enum expected_from { EXPECTED_PITFALL, EXPECTED_REFERENCE };

struct spec {
	char title[SPEC_TEXT_MAX];
	char unit[SPEC_TEXT_MAX];
	char student[SPEC_NAME_MAX];  /* file name the student edits */
	char program[SPEC_NAME_MAX];  /* build/<program> */
	char input[SPEC_NAME_MAX];    /* input tool, or "" */
	uint64_t sizes[SPEC_MAX_SIZES];
	size_t nsizes;
	uint64_t default_size;
	bool tool_at[TOOL_COUNT][SPEC_MAX_SIZES]; /* does the tool run at sizes[i]? */
	unsigned timeout_s;           /* one run, wall clock */
	unsigned deadline_s;          /* every untrusted child of a grading, build included */
	uint64_t hidden_margin;       /* bytes of memory beyond the heap a run may use unflagged */
	bool pipe_at[SPEC_MAX_SIZES]; /* the input reaches the program through a pipe at sizes[i] */
	bool baseline_at[SPEC_MAX_SIZES]; /* the pitfall's massif baseline runs at sizes[i] */
	enum expected_from expected;  /* whose output is the expected output */
	unsigned jitter;              /* percent: each grading draws its sizes in [size, size * (1 + jitter)) */
	bool has_workload_test;       /* the tests' "workload" case is measured under massif ... */
	size_t workload_test;         /* ... at sizes[workload_test] */
	unsigned nofile;              /* the native runs' descriptor limit (RLIMIT_NOFILE); 0: CHILD_NOFILE */
	struct criterion crit[SPEC_MAX_CRITERIA];
	size_t ncrit;
	double max_score;             /* sum of points */
};

/*
 * Reads and checks path (a regular file, not a link, at most SPEC_FILE_MAX).
 * Returns 0, or -1 with a one-line reason in err: "PATH:LINE: [section]
 * key: why", without LINE for what is about the whole file.
 */
int spec_read(const char *path, struct spec *s, char *err, size_t errlen);

/* Names, for reports and JSON. */
const char *measure_name(enum measure m);
const char *measure_unit(enum measure m);     /* "bytes", "instructions", "errors" */
enum tool measure_tool(enum measure m);
/* A figure as people read it: "64.0 MiB", "1.2 G instructions", "3 descriptors". */
const char *measure_format(double v, enum measure m, char *buf, size_t cap);
const char *tool_name(enum tool t);

/*
 * Parses "128 KiB", "3.5M", "0.05", "1e6".  Returns 0 and the value, or -1.
 */
int spec_parse_quantity(const char *text, double *out);

#endif
