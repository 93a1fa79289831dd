/*
 * tests/testlib.h - what the lab's test files share.  Neighbours:
 * testlib.c (the helpers), test_logstats.c (lab_suite(): lines and
 * records), test_streaming.c (the traps of reading in pieces),
 * test_errors.c (bad input, and freeing on every path).
 */
#ifndef LOGSTATS_TESTLIB_H
#define LOGSTATS_TESTLIB_H

#include "logstats.h"

#include <check.h>
#include <stddef.h>

/* One ordinary record: status 200, size 1234; 84 bytes, no line end. */
#define RECORD "192.0.2.7 - - [01/Mar/2024:10:00:00 +0000] " \
	       "\"GET /a HTTP/1.1\" 200 1234 \"-\" \"curl/8.0\""

/* A temporary file holding data[0..n); the caller unlinks path. */
void make_file(char *path, size_t cap, const char *data, size_t n);

/* logstats_init(st), then the reader under test on a file of data. */
int read_data(struct logstats *st, const char *data, size_t n);
int read_str(struct logstats *st, const char *s);

/* The invariants of logstats.h the obvious way: one byte at a time. */
void reference(struct logstats *st, const char *data, size_t n);

/* Fail unless every statistic (not read_calls, buffer_bytes) agrees. */
void expect_same(const struct logstats *got, const struct logstats *want);

/* Read data with the reader under test; compare with reference(). */
void check_data(const char *data, size_t n);

/* Read s; fail unless bytes, lines, longest_line and records are these. */
void expect(const char *s, uint64_t lines, uint64_t longest,
	    uint64_t records);

/* malloc that fails the test instead of returning NULL. */
char *xmalloc(size_t n);

TCase *streaming_tests(void);
TCase *error_tests(void);
TCase *workload_tests(void);

#endif
