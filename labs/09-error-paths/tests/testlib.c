/*
 * tests/testlib.c - lab 09's test helpers (see testlib.h) and the suite.
 * Files go in $TMPDIR (or /tmp), named by process and a counter, and are
 * removed right after the import.
 */
#include "testlib.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void write_file(char *path, size_t cap, const char *text, size_t len)
{
	static unsigned serial;
	const char *tmp = getenv("TMPDIR");

	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	ck_assert_int_lt(snprintf(path, cap, "%s/memlab-lab09-%ld-%u.report", tmp, (long)getpid(), serial++),
			 (int)cap);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert(write(fd, text, len) == (ssize_t)len);
	ck_assert_int_eq(close(fd), 0);
}

int import_bytes(const char *text, size_t len, struct record **out)
{
	char path[TEST_PATH_MAX];

	write_file(path, sizeof path, text, len);
	*out = (struct record *)&path; /* not NULL: import_file() must set it */
	int rc = import_file(path, out);
	unlink(path);
	ck_assert(rc == IMPORT_OK ? *out != NULL : *out == NULL);
	return rc;
}

int import_text(const char *text)
{
	struct record *r;
	int rc = import_bytes(text, strlen(text), &r);

	record_free(r);
	return rc;
}

Suite *lab_suite(void)
{
	Suite *s = suite_create("importer");

	suite_add_tcase(s, importer_tests());
	suite_add_tcase(s, workload_tests());
	return s;
}
