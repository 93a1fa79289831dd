/*
 * tests/test_errors.c - bad input: a missing file, a directory, a file that
 * cannot be read, a bad descriptor.  Each must give -1 and the right errno,
 * and no path, good or bad, may keep any heap.  Neighbours: testlib.h,
 * test_logstats.c (adds these to lab_suite()).
 */
#include "testlib.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

START_TEST(missing_file)
{
	struct logstats st;
	int ret, err;

	logstats_init(&st);
	ret = logstats_read_file(&st, "/nonexistent/access.log");
	err = errno; /* before any check can touch it */
	ck_assert_int_eq(ret, -1);
	ck_assert_int_eq(err, ENOENT);
}
END_TEST

START_TEST(directory)
{
	struct logstats st;
	int ret, err;

	logstats_init(&st);
	ret = logstats_read_file(&st, ".");
	err = errno; /* before any check can touch it */
	ck_assert_int_eq(ret, -1);
	ck_assert_int_eq(err, EISDIR);
}
END_TEST

START_TEST(unreadable_file)
{
	char path[512];
	struct logstats st;
	int ret, saved;

	if (geteuid() == 0)
		return; /* root reads anything: nothing to test */
	make_file(path, sizeof path, RECORD "\n", strlen(RECORD) + 1);
	ck_assert_int_eq(chmod(path, 0), 0);
	logstats_init(&st);
	ret = logstats_read_file(&st, path);
	saved = errno;
	unlink(path);
	ck_assert_int_eq(ret, -1);
	ck_assert_int_eq(saved, EACCES);
}
END_TEST

START_TEST(bad_descriptor)
{
	struct logstats st;
	int ret, err;

	logstats_init(&st);
	ret = logstats_read_fd(&st, -1);
	err = errno; /* before any check can touch it */
	ck_assert_int_eq(ret, -1);
	ck_assert_int_eq(err, EBADF);
}
END_TEST

/* Bytes the C library's malloc has handed out (glibc's mallinfo2). */
static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

/*
 * One call of each kind, good and bad; after each, the heap in use must be
 * what it was before.  The first round only warms up: the C library may
 * keep a little memory the first time a function is used (stdio does).
 */
#define EXPECT_HEAP(what) \
	ck_assert_msg(!check || heap_in_use() == before, \
		      "%s: heap in use %zu bytes, was %zu", what, \
		      heap_in_use(), before)

static void calls_free_everything(const char *data, size_t n, int check)
{
	struct logstats st;
	size_t before = heap_in_use();
	char path[512];
	int fds[2], ret;

	logstats_init(&st);
	make_file(path, sizeof path, data, n);
	ret = logstats_read_file(&st, path);
	unlink(path);
	ck_assert_int_eq(ret, 0);
	EXPECT_HEAP("reading a file");
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], data, 1000), 1000);
	close(fds[1]);
	ret = logstats_read_fd(&st, fds[0]);
	close(fds[0]);
	ck_assert_int_eq(ret, 0);
	EXPECT_HEAP("reading a pipe");
	ck_assert_int_eq(logstats_read_file(&st, "."), -1);
	EXPECT_HEAP("failing on a directory");
	ck_assert_int_eq(logstats_read_file(&st, "/nonexistent"), -1);
	EXPECT_HEAP("failing on a missing file");
	ck_assert_int_eq(logstats_read_fd(&st, -1), -1);
	EXPECT_HEAP("failing on a bad descriptor");
}

/* Whatever a reader allocates, it frees before it returns: errors too. */
START_TEST(frees_everything)
{
	size_t n = 5 * LOGSTATS_CHUNK / 2;
	char *data = xmalloc(n);

	for (size_t i = 0; i < n; i++)
		data[i] = i % 97 == 96 ? '\n' : 'x';
	calls_free_everything(data, n, 0);
	calls_free_everything(data, n, 1);
	free(data);
}
END_TEST

TCase *error_tests(void)
{
	TCase *tc = tcase_create("errors");

	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, directory);
	tcase_add_test(tc, unreadable_file);
	tcase_add_test(tc, bad_descriptor);
	tcase_add_test(tc, frees_everything);
	return tc;
}
