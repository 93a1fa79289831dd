/*
 * check_alternatives.c - every lab's verdicts on work nobody tuned the
 * grader to.  The files solutions/NN-name/alternatives/NAME.c are whole
 * student files, written apart from the reference solution: other correct
 * fixes (other buffer sizes, growth factors, data structures), half fixes,
 * and cheats.
 * Each opens with a comment that says what it is and what it deserves:
 *   kind: fix | half | cheat     a fix must get full marks (expect-score:
 *                                100 100); a half fix or a cheat must not
 *   expect-score: MIN MAX        and expect-pass/-fail/-flag/-note, as in
 *                                the corpus (tests/expectations.h)
 * Each is graded as a student's submission, by the lab's own lab.ini, and
 * checked.  The reference solution itself is graded by check_integration.
 * Run from grader/ (make check does); MEMLAB_ALTERNATIVES=NN-name runs
 * one lab's files only.
 */
#include "../child.h"
#include "../fsutil.h"
#include "../limits.h"
#include "../spec.h"
#include "expectations.h"

#include <check.h>
#include <glob.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define FILE_MAX (256 * 1024)
#define FILES_MAX 256

static glob_t files;
static char tmpdir[PATH_CAP];

static void setup(void)
{
	fs_path(tmpdir, sizeof tmpdir, "/tmp/memlab-alt-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ck_assert_int_eq(chmod(tmpdir, 0711), 0);
}

static void teardown(void)
{
	fs_remove_tree(tmpdir);
}

START_TEST(graded_as_it_deserves)
{
	static char text[FILE_MAX];
	char lab[PATH_CAP], ini[PATH_CAP], sub[PATH_CAP], file[PATH_CAP], out[PATH_CAP], log[PATH_CAP], err[1024];
	char kind[64], buf[256], who[PATH_CAP], flags[256];
	const char *path = files.gl_pathv[_i];
	struct spec s;
	json_error_t jerr;

	/* ../solutions/NN-name/alternatives/x.c: the lab is NN-name */
	snprintf(who, sizeof who, "%s", path + strlen("../solutions/"));
	snprintf(lab, sizeof lab, "../labs/%.*s", (int)strcspn(who, "/"), who);
	fs_path(ini, sizeof ini, "%s/lab.ini", lab);
	ck_assert_msg(spec_read(ini, &s, err, sizeof err) == 0, "%s", err);
	ck_assert_msg(fs_read_small(path, text, sizeof text) > 0, "cannot read %s", path);
	expect(text, "kind", kind, sizeof kind);
	double lo = -1, hi = -1;
	sscanf(expect(text, "expect-score", buf, sizeof buf), "%lf %lf", &lo, &hi);
	ck_assert_msg(strcmp(kind, "fix") == 0 || strcmp(kind, "half") == 0 || strcmp(kind, "cheat") == 0,
		      "%s: kind must be fix, half or cheat", who);
	ck_assert_msg(strcmp(kind, "fix") != 0 || (lo == 100 && hi == 100), "%s: a fix must expect 100 100", who);
	ck_assert_msg(strcmp(kind, "fix") == 0 || (hi >= 0 && hi < 100), "%s: a %s must expect less than 100", who, kind);

	fs_path(sub, sizeof sub, "%s/submission", tmpdir);
	fs_path(file, sizeof file, "%s/%s", sub, s.student);
	fs_path(out, sizeof out, "%s/out", tmpdir);
	fs_path(log, sizeof log, "%s/grade.log", tmpdir);
	ck_assert_int_eq(fs_mkdirs(sub), 0);
	ck_assert_int_eq(fs_copy_file(path, file), 0);

	struct child c;
	struct child *list[1] = { &c };
	memset(&c, 0, sizeof c);
	const char *argv[] = { "./grade", lab, "--submission", sub, "--no-baseline", "-j", "2", "--quiet", "--out", out,
			       NULL };
	memcpy(c.argv, argv, sizeof argv);
	c.stdout_path = log;
	c.stderr_path = log;
	c.timeout_s = 300;
	child_run_all(list, 1, 1, 0);
	ck_assert_msg(child_ok(&c), "%s: the grader did not end with status 0 (see %s)", who, log);
	fs_path(buf, sizeof buf, "%s/results.json", out);
	json_t *root = json_load_file(buf, 0, &jerr);
	ck_assert_msg(root != NULL, "%s: %s", who, jerr.text);
	check_expectations(root, text, who);
	printf("  %-58s %-5s %5.1f  %4.1fs  %s\n", who, kind, json_number_value(json_object_get(root, "score")),
	       c.wall_s, flags_of(root, flags, sizeof flags));
	json_decref(root);
}
END_TEST

int main(void)
{
	/* MEMLAB_ALTERNATIVES=02-concatenation: one lab's files only (while writing them) */
	const char *only = getenv("MEMLAB_ALTERNATIVES");
	char pattern[PATH_CAP];
	fs_path(pattern, sizeof pattern, "../solutions/%s/alternatives/*.c", only != NULL && *only ? only : "*");
	if (glob(pattern, 0, NULL, &files) != 0 || files.gl_pathc > FILES_MAX) {
		fprintf(stderr, "run-alternatives: no files in ../solutions/*/alternatives (run from grader/)\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	Suite *s = suite_create("alternatives");
	TCase *tc = tcase_create("graded");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 400);
	tcase_add_loop_test(tc, graded_as_it_deserves, 0, (int)files.gl_pathc);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("alternatives: %zu files\n", files.gl_pathc);
	globfree(&files);
	return failed == 0 ? 0 : 1;
}
