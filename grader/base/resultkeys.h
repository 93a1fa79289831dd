/*
 * resultkeys.h - the names of results.json's keys, written once.
 *
 * results.json is Gradescope's format (score, output, tests, ...) with
 * memlab's measurements under extra_data.  grading/report.c writes it;
 * class mode (class/classjob.c, class/classstudent.c) reads a grading's
 * and writes its own in the same format; summarize.c reads two side by
 * side; gradescope/run_autograder reads a few keys in shell.  All of them
 * spell a key through this header (the scripts by the quoted name, which
 * tests/result-keys finds here), so a key renamed here is renamed for
 * every reader, and a key nobody declared here fails `make check`.
 *
 * A key's macro is RJ_ and the key in capitals.  Sizes are bytes; a
 * figure that was not measured is JSON null, never 0.
 */
#ifndef MEMLAB_RESULTKEYS_H
#define MEMLAB_RESULTKEYS_H

/* The top level: Gradescope's own keys. */
#define RJ_SCORE                      "score"          /* points earned */
#define RJ_OUTPUT                     "output"         /* the text Gradescope shows */
#define RJ_EXECUTION_TIME             "execution_time" /* whole seconds */
#define RJ_VISIBILITY                 "visibility"
#define RJ_TESTS                      "tests"          /* one object a criterion */
#define RJ_EXTRA_DATA                 "extra_data"     /* memlab's own, below */

/* tests[]: one criterion (also RJ_SCORE, RJ_OUTPUT). */
#define RJ_NAME                       "name"
#define RJ_MAX_SCORE                  "max_score"
#define RJ_STATUS                     "status"         /* "passed" or "failed" */

/* extra_data: the grading. */
#define RJ_LAB                        "lab"            /* NN-name */
#define RJ_TITLE                      "title"
#define RJ_GRADED_FILE                "graded_file"
#define RJ_SEED                       "seed"
#define RJ_SIZE_UNIT                  "size_unit"
#define RJ_SIZES                      "sizes"
#define RJ_BUILD_OK                   "build_ok"
#define RJ_BUILD_ERROR                "build_error"
#define RJ_TESTS_PASSED               "tests_passed"
#define RJ_TESTS_TOTAL                "tests_total"
#define RJ_RUNS                       "runs"           /* one object a size, below */
#define RJ_PEAK_GROWTH_EXPONENT       "peak_growth_exponent"
#define RJ_PEAK_GROWTH_R2             "peak_growth_r2"
#define RJ_LEAKED_BYTES               "leaked_bytes"   /* worst size: definitely + indirectly lost */
#define RJ_MEMCHECK_ERRORS            "memcheck_errors"
#define RJ_BASELINES                  "baselines"      /* the lab's own builds, keyed by... */
#define RJ_IMPL_SUBMISSION            "submission"
#define RJ_IMPL_PITFALL               "pitfall"        /* ...these */
#define RJ_IMPL_REFERENCE             "reference"
#define RJ_FLAGS                      "flags"          /* RJ_NAME and RJ_DETAIL each */
#define RJ_DETAIL                     "detail"
#define RJ_NOTES                      "notes"
#define RJ_ISOLATION                  "isolation"
#define RJ_BASELINE_RSS_BYTES         "baseline_rss_bytes"
#define RJ_BASELINE_MEMORY_PEAK_BYTES "baseline_memory_peak_bytes"
#define RJ_HIDDEN_MARGIN_BYTES        "hidden_margin_bytes"
#define RJ_WORKLOAD_TEST              "workload_test"  /* RJ_SIZE, RJ_PEAK_HEAP_BYTES, RJ_TOTAL_ALLOC_BYTES */
#define RJ_ELAPSED_SECONDS            "elapsed_seconds"
#define RJ_GRADER_CPU_SECONDS         "grader_cpu_seconds"
#define RJ_TOOLS_CPU_SECONDS          "tools_cpu_seconds"
#define RJ_GRADER_STATUS              "grader_status"  /* no grade: "unfinished" or "failed" */
#define RJ_GRADER_ERROR               "grader_error"
#define RJ_MISSING                    "missing"        /* class mode: why a lab was not graded */
#define RJ_STUDENT                    "student"        /* class mode: a student's own results.json */

/* extra_data.runs[]: one size. */
#define RJ_SIZE                       "size"
#define RJ_PEAK_HEAP_BYTES            "peak_heap_bytes"
#define RJ_TOTAL_ALLOC_BYTES          "total_alloc_bytes"
#define RJ_HEAP_AT_EXIT_BYTES         "heap_at_exit_bytes"
#define RJ_BLOCKS_ALLOCATED           "blocks_allocated"
#define RJ_MASSIF_ERROR               "massif_error"
#define RJ_HEAP_AT_CHECKPOINT_BYTES   "heap_at_checkpoint_bytes"
#define RJ_INSTRUCTIONS               "instructions"
#define RJ_DEFINITELY_LOST_BYTES      "definitely_lost_bytes"
#define RJ_INDIRECTLY_LOST_BYTES      "indirectly_lost_bytes"
#define RJ_POSSIBLY_LOST_BYTES        "possibly_lost_bytes"
#define RJ_FDS_OPEN_AT_EXIT           "fds_open_at_exit"
#define RJ_OUTPUT_OK                  "output_ok"
#define RJ_OUTPUT_ERROR               "output_error"
#define RJ_NATIVE_WALL_SECONDS        "native_wall_seconds"
#define RJ_NATIVE_MAX_RSS_BYTES       "native_max_rss_bytes"
#define RJ_NATIVE_MEMORY_PEAK_BYTES   "native_memory_peak_bytes"
#define RJ_MASSIF_FILE                "massif_file"

#endif
