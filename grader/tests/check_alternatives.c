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
 * Each is graded as a student's submission, by the lab's own lab.ini (all
 * of them first, as many at once as check_jobs.h allows), then checked.
 * The reference solution itself is graded by check_integration.
 * Run from grader/ (make check does); MEMLAB_ALTERNATIVES=NN-name runs
 * one lab's files only.
 */
#include "proc/child.h"
#include "base/fsutil.h"
#include "base/limits.h"
#include "grading/spec.h"
#include "expectations.h"
#include "check_jobs.h"

#include <check.h>
#include <errno.h>
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
static struct child gradings[FILES_MAX];

/* tmpdir/N/{submission,out,grade.log}: file N's grading */
static void grading_path(char *buf, size_t cap, unsigned n, const char *what)
{
	fs_path(buf, cap, "%s/%u/%s", tmpdir, n, what);
}

/*
 * Every file is graded before any is judged (check_jobs.h: how many at
 * once).  Returns 0, or -1 with a message on stderr.
 */
static int grade_all(void)
{
	static char argv_bufs[FILES_MAX][4][PATH_CAP];
	struct child *list[FILES_MAX];
	char err[1024], file[PATH_CAP], who[PATH_CAP];
	struct spec s;

	for (unsigned n = 0; n < files.gl_pathc; n++) {
		struct child *c = &gradings[n];
		char *lab = argv_bufs[n][0], *sub = argv_bufs[n][1], *out = argv_bufs[n][2], *log = argv_bufs[n][3];
		const char *path = files.gl_pathv[n];

		/* ../solutions/NN-name/alternatives/x.c: the lab is NN-name */
		snprintf(who, sizeof who, "%s", path + strlen("../solutions/"));
		fs_path(lab, PATH_CAP, "../labs/%.*s", (int)strcspn(who, "/"), who);
		fs_path(file, sizeof file, "%s/lab.ini", lab);
		if (spec_read(file, &s, err, sizeof err) != 0) {
			fprintf(stderr, "run-alternatives: %s\n", err);
			return -1;
		}
		grading_path(sub, PATH_CAP, n, "submission");
		grading_path(out, PATH_CAP, n, "out");
		grading_path(log, PATH_CAP, n, "grade.log");
		fs_path(file, sizeof file, "%s/%s", sub, s.student);
		if (fs_mkdirs(sub) != 0 || fs_copy_file(path, file) != 0) {
			fprintf(stderr, "run-alternatives: cannot copy %s to %s\n", path, file);
			return -1;
		}
		memset(c, 0, sizeof *c);
		const char *argv[] = { "./grade", lab, "--submission", sub, "--no-baseline", "-j", CHECK_JOBS_PER_GRADING,
				       "--quiet", "--out", out, NULL };
		memcpy(c->argv, argv, sizeof argv);
		c->stdout_path = log;
		c->stderr_path = log;
		c->timeout_s = 300;
		list[n] = c;
	}
	/* not a test yet (main calls this before srunner_run): no ck_assert here */
	if (child_run_all(list, (unsigned)files.gl_pathc, check_gradings_at_once(), 0) != 0) {
		fprintf(stderr, "run-alternatives: cannot run the gradings: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

START_TEST(graded_as_it_deserves)
{
	static char text[FILE_MAX];
	char buf[256], kind[64], who[PATH_CAP], flags[256], log[PATH_CAP];
	const char *path = files.gl_pathv[_i];
	const struct child *c = &gradings[_i];
	json_error_t jerr;

	snprintf(who, sizeof who, "%s", path + strlen("../solutions/"));
	ck_assert_msg(fs_read_small(path, text, sizeof text) > 0, "cannot read %s", path);
	expect(text, "kind", kind, sizeof kind);
	double lo = -1, hi = -1;
	sscanf(expect(text, "expect-score", buf, sizeof buf), "%lf %lf", &lo, &hi);
	ck_assert_msg(strcmp(kind, "fix") == 0 || strcmp(kind, "half") == 0 || strcmp(kind, "cheat") == 0,
		      "%s: kind must be fix, half or cheat", who);
	ck_assert_msg(strcmp(kind, "fix") != 0 || (lo == 100 && hi == 100), "%s: a fix must expect 100 100", who);
	ck_assert_msg(strcmp(kind, "fix") == 0 || (hi >= 0 && hi < 100), "%s: a %s must expect less than 100", who, kind);

	grading_path(log, sizeof log, (unsigned)_i, "grade.log");
	ck_assert_msg(child_ok(c), "%s: the grader did not end with status 0 (see %s)", who, log);
	grading_path(buf, sizeof buf, (unsigned)_i, "out/results.json");
	json_t *root = json_load_file(buf, 0, &jerr);
	ck_assert_msg(root != NULL, "%s: %s", who, jerr.text);
	check_expectations(root, text, who);
	printf("  %-58s %-5s %5.1f  %5.1fs  %s\n", who, kind, json_number_value(json_object_get(root, "score")),
	       c->wall_s, flags_of(root, flags, sizeof flags));
	json_decref(root);
}
END_TEST

int main(void)
{
	/* MEMLAB_ALTERNATIVES=02-concatenation: one lab's files only (while writing them) */
	const char *only = getenv("MEMLAB_ALTERNATIVES");
	char pattern[PATH_CAP];
	int failed = 1;

	fs_path(pattern, sizeof pattern, "../solutions/%s/alternatives/*.c", only != NULL && *only ? only : "*");
	if (glob(pattern, 0, NULL, &files) != 0 || files.gl_pathc > FILES_MAX) {
		fprintf(stderr, "run-alternatives: no files in ../solutions/*/alternatives (run from grader/)\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	fs_path(tmpdir, sizeof tmpdir, "/tmp/memlab-alt-XXXXXX");
	if (mkdtemp(tmpdir) == NULL || chmod(tmpdir, 0711) != 0) {
		perror("run-alternatives: mkdtemp");
		goto out_glob;
	}
	printf("grading %zu files, %u at a time...\n", files.gl_pathc, check_gradings_at_once());
	if (grade_all() != 0)
		goto out_tmp;

	Suite *s = suite_create("alternatives");
	TCase *tc = tcase_create("graded");
	tcase_add_loop_test(tc, graded_as_it_deserves, 0, (int)files.gl_pathc);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("alternatives: %zu files\n", files.gl_pathc);
out_tmp:
	fs_remove_tree(tmpdir);
out_glob:
	globfree(&files);
	return failed == 0 ? 0 : 1;
}
