/*
 * memlab_check.h - Check, as the lab tests use it, plus a transcript of
 * what every assertion saw.  lab.mk includes this in every test file (cc
 * -include), after <check.h>; check_main.c is the other half.  Neighbours:
 * grader/grading/testrun.c (compares transcripts), labs/NN-name/tests/ (the tests).
 *
 * Why a transcript: a test's pass or fail, decided inside the test process,
 * is only as honest as the code under test, which runs in that process and
 * can forge any verdict.  So the grader decides outside: the tests of the
 * student's file and of the lab's own pitfall.c run on the same inputs
 * (the same MEMLAB_TEST_SEED), each writing one line per assertion, and a
 * test passes when its lines equal the trusted run's, line for line.  An
 * equality assertion writes the value it saw (`tests/t.c:42 == 8 8`), any
 * other writes its truth (`tests/t.c:50 < 1`); so a forged transcript must
 * hold the right values, which only a correct implementation computes.
 * Pointer comparisons write their truth only (addresses differ run to run);
 * a test must not assert equality on a figure that two correct
 * implementations may compute differently (buffer sizes, call counts): use
 * <=, >= or ck_assert for those.
 *
 * Without MEMLAB_TRANSCRIPT_FD (a student's `make test`) nothing is written
 * and Check behaves exactly as it always does.
 */
#ifndef MEMLAB_CHECK_H
#define MEMLAB_CHECK_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

void memlab_pass(const char *file, int line);
void memlab_record_int(const char *file, int line, const char *op, intmax_t x, intmax_t y);
void memlab_record_uint(const char *file, int line, const char *op, uintmax_t x, uintmax_t y);
void memlab_record_str(const char *file, int line, const char *op, const char *x, const char *y);
void memlab_record_mem(const char *file, int line, const char *op, const void *x, const void *y, size_t n);

/* The seed of this run's random test inputs: MEMLAB_TEST_SEED, or 1. */
uint64_t memlab_test_seed(void);

/*
 * The "workload" test case: one test that runs the lab's own workload
 * through the API, as the driver does.  The grader runs it alone, under
 * massif, at a size of its choice (words on WORKLOAD_ARGS_FD: "workload",
 * then the driver's), to measure the student's code where the tests drive
 * it: a file that behaves better when it knows it is graded is caught by
 * the difference.  memlab_workload() gives that size, seed and input; in an
 * ordinary run of the tests, NULL: the test takes its own small size.
 */
struct workload;
const struct workload *memlab_workload(void);

/*
 * Between memlab_quiet(1) and memlab_quiet(0) assertions still stop a test
 * that fails, but write nothing: for a stretch whose path or figures two
 * correct implementations may take differently (which accepted branch,
 * how many hits a cache of another policy scores).  Its truth is the
 * test's E line; keep such stretches short.
 */
void memlab_quiet(int on);

#undef ck_assert_msg
#define ck_assert_msg(expr, ...) \
	((expr) ? memlab_pass(__FILE__, __LINE__) \
		: _ck_assert_failed(__FILE__, __LINE__, "Assertion '" #expr "' failed", ##__VA_ARGS__))

#undef _ck_assert_int
#define _ck_assert_int(X, OP, Y) do { \
	intmax_t _ck_x = (X); \
	intmax_t _ck_y = (Y); \
	memlab_record_int(__FILE__, __LINE__, #OP, _ck_x, _ck_y); \
	ck_assert_msg(_ck_x OP _ck_y, "Assertion '%s' failed: %s == %jd, %s == %jd", #X " " #OP " " #Y, #X, _ck_x, \
		      #Y, _ck_y); \
} while (0)

#undef _ck_assert_uint
#define _ck_assert_uint(X, OP, Y) do { \
	uintmax_t _ck_x = (X); \
	uintmax_t _ck_y = (Y); \
	memlab_record_uint(__FILE__, __LINE__, #OP, _ck_x, _ck_y); \
	ck_assert_msg(_ck_x OP _ck_y, "Assertion '%s' failed: %s == %ju, %s == %ju", #X " " #OP " " #Y, #X, _ck_x, \
		      #Y, _ck_y); \
} while (0)

#undef _ck_assert_str
#define _ck_assert_str(X, OP, Y, NULLEQ, NULLNE) do { \
	const char *_ck_x = (X); \
	const char *_ck_y = (Y); \
	memlab_record_str(__FILE__, __LINE__, #OP, _ck_x, _ck_y); \
	ck_assert_msg(((NULLEQ) && _ck_x == NULL && _ck_y == NULL) || \
		      ((NULLNE) && (_ck_x == NULL) != (_ck_y == NULL)) || \
		      (_ck_x != NULL && _ck_y != NULL && 0 OP strcmp(_ck_y, _ck_x)), \
		      "Assertion '%s' failed: %s == \"%s\", %s == \"%s\"", #X " " #OP " " #Y, #X, \
		      _ck_x ? _ck_x : "(null)", #Y, _ck_y ? _ck_y : "(null)"); \
} while (0)

#undef _ck_assert_mem
#define _ck_assert_mem(X, OP, Y, L) do { \
	const uint8_t *_ck_x = (const uint8_t *)(X); \
	const uint8_t *_ck_y = (const uint8_t *)(Y); \
	size_t _ck_l = (L); \
	memlab_record_mem(__FILE__, __LINE__, #OP, _ck_x, _ck_y, _ck_l); \
	ck_assert_msg(0 OP memcmp(_ck_y, _ck_x, _ck_l), "Assertion '%s' failed: %s and %s differ", \
		      #X " " #OP " " #Y, #X, #Y); \
} while (0)

#endif
