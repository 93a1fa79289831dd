/*
 * tests/test_streaming.c - the traps a streaming reader meets and a
 * whole-file reader never sees: a line cut in two by the read boundary, a
 * line longer than the buffer, a "\r\n" whose '\r' ends one read and '\n'
 * starts the next, reads that return short pieces.  The files put these
 * exactly on the LOGSTATS_CHUNK boundary that logstats.h names.
 * Neighbours: testlib.h, test_logstats.c (adds these to lab_suite()).
 */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * A padding line, then records placed so that byte `cut` of the first one
 * is the first byte of the second read: every cut from the first byte to the
 * '\n' (and the '\r' before it).
 */
START_TEST(record_across_reads)
{
	const char *end = _i % 2 ? "\r\n" : "\n";
	size_t rec = strlen(RECORD) + strlen(end);
	size_t n = LOGSTATS_CHUNK + 2 * rec;
	char *data = xmalloc(n);

	for (size_t cut = 0; cut <= rec; cut++) {
		size_t pad = LOGSTATS_CHUNK - cut - 1;  /* '\n' ends it */

		memset(data, 'p', pad);
		data[pad] = '\n';
		memcpy(data + pad + 1, RECORD, strlen(RECORD));
		memcpy(data + pad + 1 + strlen(RECORD), end, strlen(end));
		memcpy(data + pad + 1 + rec, data + pad + 1, rec);
		check_data(data, pad + 1 + 2 * rec);
	}
	free(data);
}
END_TEST

START_TEST(crlf_across_reads)
{
	char *data = xmalloc(LOGSTATS_CHUNK + 8);
	struct logstats st;

	/* '\r' is the last byte of the first read, '\n' the first of the next */
	memset(data, 'x', LOGSTATS_CHUNK - 1);
	memcpy(data + LOGSTATS_CHUNK - 1, "\r\nab\n", 5);
	ck_assert_int_eq(read_data(&st, data, LOGSTATS_CHUNK + 4), 0);
	ck_assert_uint_eq(st.lines, 2);
	ck_assert_uint_eq(st.longest_line, LOGSTATS_CHUNK - 1);

	/* the same '\r', but what follows is no '\n': it is content */
	memcpy(data + LOGSTATS_CHUNK - 1, "\rab\n", 4);
	ck_assert_int_eq(read_data(&st, data, LOGSTATS_CHUNK + 3), 0);
	ck_assert_uint_eq(st.lines, 1);
	ck_assert_uint_eq(st.longest_line, LOGSTATS_CHUNK + 2);
	free(data);
}
END_TEST

/* A 414 probe whose URL alone is 3.x reads long, ended three ways. */
START_TEST(line_longer_than_buffer)
{
	static const char *const ends[] = { "\n", "\r\n", "" };
	const char *head = "203.0.113.5 - - [01/Mar/2024:10:00:00 +0000] \"GET /";
	const char *tail = " HTTP/1.1\" 414 226 \"-\" \"masscan\"";
	size_t url = 3 * LOGSTATS_CHUNK + 17;
	size_t len = strlen(head) + url + strlen(tail);
	char *data = xmalloc(len + 2 + strlen(RECORD) + 1);
	struct logstats st;

	memcpy(data, head, strlen(head));
	memset(data + strlen(head), 'A', url);
	memcpy(data + strlen(head) + url, tail, strlen(tail));
	for (int i = 0; i < 3; i++) {
		size_t n = len;
		memcpy(data + n, ends[i], strlen(ends[i]));
		n += strlen(ends[i]);
		if (i < 2) { /* then an ordinary record */
			memcpy(data + n, RECORD, strlen(RECORD));
			n += strlen(RECORD);
		}
		ck_assert_int_eq(read_data(&st, data, n), 0);
		ck_assert_uint_eq(st.bytes, n);
		ck_assert_uint_eq(st.lines, i < 2 ? 2 : 1);
		ck_assert_uint_eq(st.longest_line, len);
		ck_assert_uint_eq(st.records, i < 2 ? 2 : 1);
		ck_assert_uint_eq(st.status[414 - LOGSTATS_STATUS_MIN], 1);
		ck_assert_uint_eq(st.served_bytes, i < 2 ? 226 + 1234 : 226);
	}
	free(data);
}
END_TEST

/* Lines of every length, empty to twice the buffer, ends of every kind. */
START_TEST(mixed_lines_many_reads)
{
	size_t cap = 6 * LOGSTATS_CHUNK, n = 0;
	char *data = xmalloc(cap);
	uint32_t x = 12345u + (uint32_t)_i;

	while (n + 2 * LOGSTATS_CHUNK + 200 < cap) {
		x = x * 1103515245u + 12345u;
		unsigned kind = (x >> 16) % 8;
		if (kind < 4) {            /* a record */
			memcpy(data + n, RECORD, strlen(RECORD));
			n += strlen(RECORD);
		} else {                   /* filler, sometimes huge */
			size_t k = (x >> 8) % (kind == 7 ? 2 * LOGSTATS_CHUNK : 300);
			memset(data + n, kind == 5 ? '\r' : 'f', k);
			n += k;
		}
		if ((x >> 4) % 3 == 0)
			data[n++] = '\r';
		data[n++] = '\n';
	}
	check_data(data, n);          /* ends with '\n' */
	check_data(data, n - 1);      /* ends with no '\n' */
	check_data(data, n - 100);    /* ends anywhere */
	free(data);
}
END_TEST

/* Counts add up over two files; longest is the longer of the two. */
START_TEST(two_files_add_up)
{
	char a[512], b[512];
	struct logstats st;
	int ret_a, ret_b;

	make_file(a, sizeof a, RECORD "\n", strlen(RECORD) + 1);
	make_file(b, sizeof b, "abc\n" RECORD, strlen(RECORD) + 4);
	logstats_init(&st);
	ret_a = logstats_read_file(&st, a);
	ret_b = logstats_read_file(&st, b);
	unlink(a);
	unlink(b);
	ck_assert_int_eq(ret_a, 0);
	ck_assert_int_eq(ret_b, 0);
	ck_assert_uint_eq(st.bytes, 2 * strlen(RECORD) + 5);
	ck_assert_uint_eq(st.lines, 3);
	ck_assert_uint_eq(st.records, 2);
	ck_assert_uint_eq(st.longest_line, strlen(RECORD));
	ck_assert_uint_eq(st.status[200 - LOGSTATS_STATUS_MIN], 2);
}
END_TEST

/* A pipe: no size to ask for, and reads that return short pieces. */
START_TEST(pipe_in_pieces)
{
	size_t n = 3 * LOGSTATS_CHUNK + 777, rec = strlen(RECORD) + 1;
	char *data = xmalloc(n);
	struct logstats got, want;
	int fds[2], status;
	pid_t child;

	for (size_t i = 0; i < n; i++)
		data[i] = i % rec == rec - 1 ? '\n' : RECORD[i % rec];
	ck_assert_int_eq(pipe(fds), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {        /* the writer: 1000 bytes at a time */
		close(fds[0]);
		for (size_t done = 0; done < n;) {
			size_t k = n - done < 1000 ? n - done : 1000;
			ssize_t w = write(fds[1], data + done, k);
			if (w <= 0)
				_exit(1);
			done += (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	logstats_init(&got);
	ck_assert_int_eq(logstats_read_fd(&got, fds[0]), 0);
	close(fds[0]);
	ck_assert(waitpid(child, &status, 0) == child);  /* the pid differs run to run: truth only */
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	reference(&want, data, n);
	expect_same(&got, &want);
	free(data);
}
END_TEST

TCase *streaming_tests(void)
{
	TCase *tc = tcase_create("streaming");

	tcase_add_loop_test(tc, record_across_reads, 0, 2);
	tcase_add_test(tc, crlf_across_reads);
	tcase_add_test(tc, line_longer_than_buffer);
	tcase_add_loop_test(tc, mixed_lines_many_reads, 0, 4);
	tcase_add_test(tc, two_files_add_up);
	tcase_add_test(tc, pipe_in_pieces);
	return tc;
}
