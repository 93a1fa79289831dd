/*
 * check_main.c - the main() of every lab's Check test program, and the
 * transcript half of memlab_check.h.  A lab's tests/ files define
 * lab_suite(); lab.mk links them with this file and with the
 * implementation under test (the student's file, pitfall.c, or the
 * reference solution).  Neighbours: memlab_check.h (the assertions that
 * write the transcript), fence.c (what the tests may not do),
 * grader/grading/testrun.c (reads the transcript).
 *
 * Each test runs in its own forked process (Check's CK_FORK), so a crash in
 * one test fails that test only.  When MEMLAB_TRANSCRIPT_FD names an open
 * descriptor (the grader's pipe), every test writes there, with single
 * write() calls (atomic on a pipe, and nothing buffered is lost when a test
 * dies):
 *     S                      a test begins (a fixture lab.mk's
 *                            --wrap=suite_add_tcase adds to every test case)
 *     tests/x.c:42 == 8 8    one line per assertion (memlab_check.h)
 *     E                      its body ran to its end
 * A test that crashes, times out or calls exit() halfway writes no E.
 * Without it (a student's `make test`) nothing is written.
 */
#include "fence.h"
#include "memlab_check.h"
#include "workload.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RECORD_MAX       512   /* one transcript line, bytes */
#define RECORD_TEXT_MAX  160   /* bytes of a string or memory block shown in it; the rest is hashed */

Suite *lab_suite(void);
void __real_suite_add_tcase(Suite *s, TCase *tc);

static int transcript = -1;
static int quiet;              /* memlab_quiet(): assertions write nothing */
static const char *last_file;  /* the assertion recorded last: its "ok" would say nothing new */
static int last_line;

static void put_line(const char *text, size_t len)
{
	if (transcript >= 0 && write(transcript, text, len) != (ssize_t)len) {
		/* a line that cannot be written makes the transcript differ: the test does not count */
	}
}

static void record(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void record(const char *file, int line, const char *fmt, ...)
{
	char text[RECORD_MAX];
	va_list ap;

	if (transcript < 0 || quiet)
		return;
	last_file = file;
	last_line = line;
	int n = snprintf(text, sizeof text, "%s:%d ", file, line);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof text)
		n += vsnprintf(text + n, sizeof text - (size_t)n, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof text - 1)
		n = (int)sizeof text - 2;
	text[n++] = '\n';
	put_line(text, (size_t)n);
}

void memlab_pass(const char *file, int line)
{
	if (file != last_file || line != last_line)
		record(file, line, "ok");
	last_file = NULL;
	_mark_point(file, line);
}

/* Only equality records its values: any other assertion's truth is its "ok" line (or the test's end). */
static bool is_eq(const char *op)
{
	return op[0] == '=' && op[1] == '=' && op[2] == '\0';
}

void memlab_record_int(const char *file, int line, const char *op, intmax_t x, intmax_t y)
{
	if (is_eq(op))
		record(file, line, "== %jd %jd", x, y);
}

void memlab_record_uint(const char *file, int line, const char *op, uintmax_t x, uintmax_t y)
{
	if (is_eq(op))
		record(file, line, "== %ju %ju", x, y);
}

/* FNV-1a: what a long value adds beyond the bytes shown. */
static uint64_t fnv(const unsigned char *p, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

/* bytes as text: printable ASCII as is, the rest \xHH; long ones cut and hashed. */
static void show(char *out, size_t cap, const unsigned char *p, size_t n, bool hex)
{
	size_t o = 0, i;
	for (i = 0; i < n && o + 32 < cap && i < RECORD_TEXT_MAX; i++) {
		if (!hex && p[i] > ' ' && p[i] < 0x7f && p[i] != '\\')
			out[o++] = (char)p[i];
		else
			o += (size_t)snprintf(out + o, cap - o, hex ? "%02x" : "\\x%02x", p[i]);
	}
	if (i < n) /* cut: the hash of all of it stands for the rest */
		o += (size_t)snprintf(out + o, cap - o, "...#%016" PRIx64, fnv(p, n));
	out[o] = '\0';
}

void memlab_record_str(const char *file, int line, const char *op, const char *x, const char *y)
{
	char a[RECORD_MAX / 2 - 32], b[RECORD_MAX / 2 - 32];

	if (!is_eq(op))
		return;
	if (x != NULL)
		show(a, sizeof a, (const unsigned char *)x, strlen(x), false);
	if (y != NULL)
		show(b, sizeof b, (const unsigned char *)y, strlen(y), false);
	record(file, line, "== %s%s%s %s%s%s", x ? "\"" : "", x ? a : "(null)", x ? "\"" : "",
	       y ? "\"" : "", y ? b : "(null)", y ? "\"" : "");
}

void memlab_record_mem(const char *file, int line, const char *op, const void *x, const void *y, size_t n)
{
	char a[RECORD_MAX / 2 - 32], b[RECORD_MAX / 2 - 32];

	if (!is_eq(op))
		return;
	show(a, sizeof a, x, n, true);
	show(b, sizeof b, y, n, true);
	record(file, line, "== %s %s", a, b);
}

void memlab_quiet(int on)
{
	quiet = on;
	last_file = NULL;
}

uint64_t memlab_test_seed(void)
{
	const char *text = getenv("MEMLAB_TEST_SEED");
	char *end;

	if (text == NULL || *text < '0' || *text > '9')
		return 1;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	return errno == 0 && *end == '\0' && v != 0 ? (uint64_t)v : 1;
}

static void test_begins(void)
{
	put_line("S\n", 2);
}

static void test_ended(void)
{
	put_line("E\n", 2);
}

void __wrap_suite_add_tcase(Suite *s, TCase *tc)
{
	tcase_add_checked_fixture(tc, test_begins, test_ended);
	__real_suite_add_tcase(s, tc);
}

static struct workload requested;     /* the grader's workload run, if it asked for one */
static bool workload_requested;

const struct workload *memlab_workload(void)
{
	return workload_requested ? &requested : NULL;
}

/* The grader's request on WORKLOAD_ARGS_FD: "workload" SIZE SEED [INPUT], NUL-terminated words. */
static void read_request(void)
{
	static char text[WORKLOAD_ARGS_MAX + 1];
	char *words[8], *end;
	ssize_t got = 0, r;
	int n = 0;

	while (got < WORKLOAD_ARGS_MAX && (r = read(WORKLOAD_ARGS_FD, text + got, WORKLOAD_ARGS_MAX - (size_t)got)) > 0)
		got += r;
	if (got <= 0)
		return;
	close(WORKLOAD_ARGS_FD);
	text[got] = '\0';
	for (ssize_t i = 0; i < got && n < 8; i += (ssize_t)strlen(text + i) + 1)
		words[n++] = text + i;
	if (n < 3 || strcmp(words[0], "workload") != 0)
		return;
	requested.size = strtoull(words[1], &end, 10);
	requested.seed = strtoull(words[2], &end, 10);
	requested.input = n > 3 ? words[3] : NULL;
	workload_requested = true;
}

static void open_transcript(void)
{
	const char *fd = getenv("MEMLAB_TRANSCRIPT_FD");

	if (fd == NULL || *fd < '0' || *fd > '9')
		return;
	transcript = atoi(fd);
	if (transcript < 3 || write(transcript, "", 0) != 0)
		transcript = -1;
}

int main(void)
{
	open_transcript();
	read_request();
	/* the tests may fork (CK_FORK), never exec; where seccomp is missing, Check alone */
	fence_process(true);
	SRunner *sr = srunner_create(lab_suite());
	const char *tap = getenv("MEMLAB_TAP");

	if (tap != NULL && *tap != '\0')
		srunner_set_tap(sr, tap);
	if (workload_requested) {
		/* the workload test alone, in this process: massif follows no fork */
		srunner_set_fork_status(sr, CK_NOFORK);
		srunner_run(sr, NULL, "workload", CK_SILENT);
	} else {
		srunner_set_fork_status(sr, CK_FORK);
		srunner_run_all(sr, CK_NORMAL);
	}
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
