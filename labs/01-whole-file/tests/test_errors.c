/*
 * tests/test_errors.c - the "errors" test case, which lab.ini weighs on its
 * own: what cannot be read must be reported, never taken for an empty log.
 * A missing file, a directory (by path and by descriptor), a file that
 * cannot be read, descriptors that are bad, closed or open for writing
 * only, and a socket whose read fails after some data has come: each must
 * give -1 and the errno of the call that failed (for the write-only one,
 * any: read() says EBADF, fdopen() EINVAL).  No path, good or bad,
 * may keep heap or close the caller's descriptor.  Neighbours: testlib.h,
 * test_logstats.c (adds these to lab_suite()).
 */
#include "testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * read_fd(fd) must fail with errno want (0: any errno, but one must be
 * set), and leave fd as open as it was.
 */
static void expect_fd_error(int fd, int want)
{
	struct logstats st;
	int ret, err;

	logstats_init(&st);
	errno = 0;
	ret = logstats_read_fd(&st, fd);
	err = errno; /* before any check can touch it */
	ck_assert_int_eq(ret, -1);
	ck_assert_msg(want == 0 ? err != 0 : err == want,
		      "errno %d (%s), want %s", err, strerror(err),
		      want == 0 ? "one set" : strerror(want));
	ck_assert_msg(fd < 0 || want == EBADF || fcntl(fd, F_GETFD) != -1,
		      "the reader closed the caller's descriptor");
}

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
	expect_fd_error(-1, EBADF);
}
END_TEST

/* open() succeeds on a directory; the first read() fails with EISDIR. */
START_TEST(directory_descriptor)
{
	int fd = open(".", O_RDONLY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	expect_fd_error(fd, EISDIR);
	close(fd);
}
END_TEST

/*
 * A number that was a descriptor a moment ago: a high one, so that no
 * descriptor the reader itself opens (the lowest free number) takes it.
 */
START_TEST(closed_descriptor)
{
	int fds[2], fd;

	ck_assert_int_eq(pipe(fds), 0);
	fd = fcntl(fds[0], F_DUPFD, 1000);
	ck_assert_int_ge(fd, 1000);
	close(fds[1]);
	close(fds[0]);
	close(fd);
	expect_fd_error(fd, EBADF);
}
END_TEST

/*
 * fstat() works on a pipe's write end; read() does not (EBADF), nor does
 * fdopen(fd, "r") (EINVAL): any errno will do.
 */
START_TEST(write_only_descriptor)
{
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	expect_fd_error(fds[1], 0);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/*
 * A socket that gives n bytes of log, then fails: its peer closes with a
 * byte it never read, so once the data is read, read() returns -1 with
 * ECONNRESET (Linux, AF_UNIX).  A reader that takes a failed read() for the
 * end reports a short log as a whole one.  Returns the socket; *child is
 * the writer, to be reaped with reap().
 */
static int failing_socket(const char *data, size_t n, pid_t *child)
{
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	ck_assert_int_eq(write(sv[0], "!", 1), 1); /* unread when the peer closes */
	*child = fork();
	ck_assert_int_ge(*child, 0);
	if (*child == 0) {
		close(sv[0]);
		for (size_t done = 0; done < n;) {
			ssize_t w = write(sv[1], data + done, n - done);
			if (w <= 0)
				_exit(1);
			done += (size_t)w;
		}
		_exit(0);
	}
	close(sv[1]);
	return sv[0];
}

static void reap(pid_t child)
{
	int status;

	ck_assert(waitpid(child, &status, 0) == child);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Lines over several reads, one cut in the middle, then the error. */
START_TEST(error_after_data)
{
	size_t n = 2 * LOGSTATS_CHUNK + 1000, rec = strlen(RECORD) + 1;
	char *data = xmalloc(n);
	pid_t child;
	int fd;

	for (size_t i = 0; i < n; i++)
		data[i] = i % rec == rec - 1 ? '\n' : RECORD[i % rec];
	fd = failing_socket(data, n, &child);
	expect_fd_error(fd, ECONNRESET);
	close(fd);
	reap(child);
	free(data);
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
	int fd = open(".", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(logstats_read_fd(&st, fd), -1);
	close(fd);
	EXPECT_HEAP("failing on a directory's descriptor");
	pid_t child;
	fd = failing_socket(data, n, &child);
	ck_assert_int_eq(logstats_read_fd(&st, fd), -1);
	close(fd);
	reap(child);
	EXPECT_HEAP("failing after data");
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
	tcase_add_test(tc, directory_descriptor);
	tcase_add_test(tc, closed_descriptor);
	tcase_add_test(tc, write_only_descriptor);
	tcase_add_test(tc, error_after_data);
	tcase_add_test(tc, frees_everything);
	return tc;
}
