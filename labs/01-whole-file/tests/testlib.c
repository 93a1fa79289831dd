/*
 * tests/testlib.c - helpers shared by the lab's tests: temporary files, and
 * reference(), which states logstats.h's invariants the slow, obvious way
 * (one byte at a time, no buffer) for the readers to be compared with.
 * Neighbours: testlib.h, test_*.c.
 */
#include "testlib.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A temporary file holding data[0..n); the caller unlinks path. */
void make_file(char *path, size_t cap, const char *data, size_t n)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, cap, "%s/logstats-test-XXXXXX", dir ? dir : "/tmp");
	fd = mkstemp(path);
	ck_assert_msg(fd >= 0, "mkstemp: %s", strerror(errno));
	for (size_t done = 0; done < n;) {
		ssize_t k = write(fd, data + done, n - done);
		ck_assert_msg(k > 0, "write: %s", strerror(errno));
		done += (size_t)k;
	}
	ck_assert_int_eq(close(fd), 0);
}

/* Read data through a file with the reader under test. */
int read_data(struct logstats *st, const char *data, size_t n)
{
	char path[512];
	int ret, saved;

	make_file(path, sizeof path, data, n);
	logstats_init(st);
	ret = logstats_read_file(st, path);
	saved = errno;
	unlink(path);
	errno = saved;
	return ret;
}

int read_str(struct logstats *st, const char *s)
{
	return read_data(st, s, strlen(s));
}

/* The invariants of logstats.h the obvious way: one byte at a time. */
void reference(struct logstats *st, const char *d, size_t n)
{
	struct logline scan;
	uint64_t len = 0;

	logstats_init(st);
	logline_start(&scan);
	st->bytes = n;
	for (size_t i = 0; i < n; i++) {
		if (d[i] != '\n') {
			logline_feed(&scan, &d[i], 1);
			len++;
			continue;
		}
		logstats_add_line(st, &scan, len > 0 && d[i - 1] == '\r' ?
				  len - 1 : len);
		len = 0;
	}
	if (len > 0)
		logstats_add_line(st, &scan, len);
}

void expect_same(const struct logstats *got,
			const struct logstats *want)
{
	ck_assert_uint_eq(got->bytes, want->bytes);
	ck_assert_uint_eq(got->lines, want->lines);
	ck_assert_uint_eq(got->longest_line, want->longest_line);
	ck_assert_uint_eq(got->records, want->records);
	ck_assert_uint_eq(got->served_bytes, want->served_bytes);
	for (int i = 0; i < LOGSTATS_NSTATUS; i++)
		ck_assert_msg(got->status[i] == want->status[i],
			      "status %d: %llu, want %llu",
			      i + LOGSTATS_STATUS_MIN,
			      (unsigned long long)got->status[i],
			      (unsigned long long)want->status[i]);
}

/* Read data and compare with reference(). */
void check_data(const char *data, size_t n)
{
	struct logstats got, want;

	ck_assert_int_eq(read_data(&got, data, n), 0);
	reference(&want, data, n);
	expect_same(&got, &want);
}

void expect(const char *s, uint64_t lines, uint64_t longest,
		   uint64_t records)
{
	struct logstats st;

	ck_assert_int_eq(read_str(&st, s), 0);
	ck_assert_uint_eq(st.bytes, strlen(s));
	ck_assert_msg(st.lines == lines, "%s: %llu lines, want %llu", s,
		      (unsigned long long)st.lines, (unsigned long long)lines);
	ck_assert_msg(st.longest_line == longest, "%s: longest %llu, want %llu",
		      s, (unsigned long long)st.longest_line,
		      (unsigned long long)longest);
	ck_assert_msg(st.records == records, "%s: %llu records, want %llu", s,
		      (unsigned long long)st.records,
		      (unsigned long long)records);
}

char *xmalloc(size_t n)
{
	char *p = malloc(n);

	ck_assert_ptr_nonnull(p);
	return p;
}
