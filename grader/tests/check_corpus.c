/*
 * check_corpus.c - the grader against hostile and broken submissions.
 *
 * Each file in tests/corpus/ (but lab.ini) is one submission for lab 01:
 * the reference solution with its two entry points wrapped by the case's
 * code (the frame is built here), and, in its opening comment, the verdict
 * it deserves:
 *   expect-score: MIN MAX        the score, out of 100
 *   expect-pass: / expect-fail:  criteria that must pass / fail
 *   expect-flag: NAME            a flag results.json must carry
 *   expect-seconds: N            a bound on the grading's wall time (40)
 *   needs-root: yes              only meaningful with the sandbox's user
 * @ROOT@ and @OUT@ in a case become memlab's folder and the grading's
 * output folder, so an attack knows where to aim.  Each case is graded
 * with tests/corpus/lab.ini (small sizes, short timeout), and then nothing
 * may be left behind: no process of the user it ran as, no scratch folder,
 * no cgroup.  Run from grader/ (make check does).
 */
#include "../child.h"
#include "../fsutil.h"
#include "../limits.h"

#include <check.h>
#include <dirent.h>
#include <glob.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CASE_MAX (64 * 1024)
#define CORPUS_MAX 64

static glob_t cases;
static char tmpdir[PATH_CAP];

static const char frame_head[] =
	"/* built by check_corpus.c: the reference solution, entry points renamed */\n"
	"#define _GNU_SOURCE\n"
	"#define logstats_read_fd corpus_real_read_fd\n"
	"#define logstats_read_file corpus_real_read_file\n";
static const char frame_middle[] =
	"#undef logstats_read_fd\n#undef logstats_read_file\n"
	"#include <fcntl.h>\n#include <signal.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
	"#include <string.h>\n#include <sys/mman.h>\n#include <unistd.h>\n"
	"int logstats_read_fd(struct logstats *st, int fd);\n"
	"int logstats_read_file(struct logstats *st, const char *path);\n";
static const char frame_tail[] =
	"\n#ifndef CASE_OWN_ENTRY_POINTS\n"
	"int logstats_read_fd(struct logstats *st, int fd) { hostile(); return corpus_real_read_fd(st, fd); }\n"
	"int logstats_read_file(struct logstats *st, const char *path)\n"
	"{ hostile(); return corpus_real_read_file(st, path); }\n#endif\n";

static void setup(void)
{
	fs_path(tmpdir, sizeof tmpdir, "/tmp/memlab-corpus-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	ck_assert_int_eq(chmod(tmpdir, 0711), 0); /* the runner user must reach the grader's scratch */
}

static void teardown(void)
{
	fs_remove_tree(tmpdir);
}

static long slurp(const char *path, char *buf, size_t cap)
{
	long n = fs_read_small(path, buf, cap);
	ck_assert_msg(n >= 0, "cannot read %s", path);
	return n;
}

/* Writes text with @ROOT@ and @OUT@ replaced. */
static void put_replaced(FILE *f, const char *text, const char *root, const char *out)
{
	for (const char *p = text; *p;) {
		if (strncmp(p, "@ROOT@", 6) == 0) {
			fputs(root, f);
			p += 6;
		} else if (strncmp(p, "@OUT@", 5) == 0) {
			fputs(out, f);
			p += 5;
		} else {
			fputc(*p++, f);
		}
	}
}

/* The words after "key:" in the case's header, or "" (into buf). */
static const char *expect(const char *text, const char *key, char *buf, size_t cap)
{
	char pattern[64];
	snprintf(pattern, sizeof pattern, " * %s:", key);
	const char *end_of_header = strstr(text, "*/");
	const char *p = strstr(text, pattern);
	buf[0] = '\0';
	if (p == NULL || (end_of_header != NULL && p > end_of_header))
		return buf;
	p += strlen(pattern);
	while (*p == ' ')
		p++;
	snprintf(buf, cap, "%.*s", (int)strcspn(p, "\n"), p);
	return buf;
}

static json_t *criterion(json_t *root, const char *name)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(root, "tests"), i, t)
		if (strcmp(json_string_value(json_object_get(t, "name")), name) == 0)
			return t;
	return NULL;
}

static void check_statuses(json_t *root, const char *names, const char *want, const char *who)
{
	char list[256];
	snprintf(list, sizeof list, "%s", names);
	for (char *name = strtok(list, " "); name != NULL; name = strtok(NULL, " ")) {
		json_t *t = criterion(root, name);
		ck_assert_msg(t != NULL, "%s: no criterion %s", who, name);
		const char *status = json_string_value(json_object_get(t, "status"));
		ck_assert_msg(strcmp(status, want) == 0, "%s: %s %s, expected %s (%s)", who, name, status, want,
			      json_string_value(json_object_get(t, "output")));
	}
}

/* Processes whose owner is uid, and folders under dir whose name starts with prefix. */
static int count_processes(long uid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;
	while (d != NULL && (e = readdir(d)) != NULL) {
		struct stat st;
		char path[64];
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s", e->d_name);
		if (stat(path, &st) == 0 && (long)st.st_uid == uid)
			n++;
	}
	if (d != NULL)
		closedir(d);
	return n;
}

START_TEST(hostile_submission)
{
	static char text[CASE_MAX], solution[CASE_MAX];
	char root[PATH_CAP], sub[PATH_CAP], file[PATH_CAP], out[PATH_CAP], path[PATH_CAP], log[PATH_CAP];
	char scratch[PATH_CAP], tmpenv[PATH_CAP];
	char buf[256], who[128];
	const char *name = strrchr(cases.gl_pathv[_i], '/') + 1;
	json_error_t jerr;

	snprintf(who, sizeof who, "%s", name);
	slurp(cases.gl_pathv[_i], text, sizeof text);
	if (strcmp(expect(text, "needs-root", buf, sizeof buf), "yes") == 0 && geteuid() != 0) {
		printf("  %-40s skipped: needs the sandbox's user (root)\n", name);
		return;
	}
	ck_assert_ptr_nonnull(realpath("..", root));
	slurp("../solutions/01-whole-file/logstats.c", solution, sizeof solution);
	fs_path(sub, sizeof sub, "%s/submission", tmpdir);
	fs_path(out, sizeof out, "%s/out", tmpdir);
	fs_path(file, sizeof file, "%s/logstats.c", sub);
	fs_path(scratch, sizeof scratch, "%s/tmp", tmpdir);
	fs_path(tmpenv, sizeof tmpenv, "TMPDIR=%s", scratch);
	ck_assert_int_eq(fs_mkdirs(sub), 0);
	ck_assert_int_eq(fs_mkdirs(scratch), 0);
	FILE *f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fputs(frame_head, f);
	fputs(solution, f);
	fputs(frame_middle, f);
	put_replaced(f, text, root, out);
	fputs(frame_tail, f);
	ck_assert_int_eq(fclose(f), 0);

	struct child c;
	struct child *list[1] = { &c };
	memset(&c, 0, sizeof c);
	const char *argv[] = { "./grade", "../labs/01-whole-file", "--submission", sub, "--spec", "tests/corpus/lab.ini",
			       "--no-baseline", "-j", "2", "--out", out, NULL };
	memcpy(c.argv, argv, sizeof argv);
	fs_path(log, sizeof log, "%s/grade.log", tmpdir);
	c.stdout_path = log;
	c.stderr_path = log;
	c.env[0] = tmpenv; /* the grader's scratch folders go here: it must be empty afterwards */
	c.timeout_s = 300;
	child_run_all(list, 1, 1, 0);
	ck_assert_msg(child_ok(&c), "%s: the grader did not end with status 0 (see %s)", who, log);

	fs_path(path, sizeof path, "%s/results.json", out);
	json_t *root_json = json_load_file(path, 0, &jerr);
	ck_assert_msg(root_json != NULL, "%s: %s", who, jerr.text);
	double score = json_number_value(json_object_get(root_json, "score")), lo = 0, hi = 100;
	sscanf(expect(text, "expect-score", buf, sizeof buf), "%lf %lf", &lo, &hi);
	ck_assert_msg(score >= lo && score <= hi, "%s: score %.1f, expected %g..%g", who, score, lo, hi);
	check_statuses(root_json, expect(text, "expect-pass", buf, sizeof buf), "passed", who);
	check_statuses(root_json, expect(text, "expect-fail", buf, sizeof buf), "failed", who);
	json_t *extra = json_object_get(root_json, "extra_data");
	char flags[256] = "";
	size_t k;
	json_t *fl;
	json_array_foreach(json_object_get(extra, "flags"), k, fl) {
		strncat(flags, json_string_value(json_object_get(fl, "name")), sizeof flags - strlen(flags) - 2);
		strcat(flags, " ");
	}
	expect(text, "expect-flag", buf, sizeof buf);
	ck_assert_msg(buf[0] == '\0' || strstr(flags, buf) != NULL, "%s: no flag %s (flags: %s)", who, buf, flags);
	double bound = 40;
	sscanf(expect(text, "expect-seconds", buf, sizeof buf), "%lf", &bound);
	ck_assert_msg(c.wall_s <= bound, "%s: took %.1f s, more than %g", who, c.wall_s, bound);

	/* nothing left behind */
	const char *isolation = json_string_value(json_object_get(extra, "isolation"));
	const char *uid = isolation != NULL ? strstr(isolation, "(uid ") : NULL;
	int left = uid != NULL ? count_processes(atol(uid + 5)) : 0;
	ck_assert_msg(left == 0, "%s: %d processes of the runner left", who, left);
	glob_t found;
	char pattern[PATH_CAP];
	fs_path(pattern, sizeof pattern, "/sys/fs/cgroup/*/*/*/memlab-%ld", (long)c.pid);
	ck_assert_msg(glob(pattern, 0, NULL, &found) == GLOB_NOMATCH, "%s: its cgroup is left", who);
	fs_path(pattern, sizeof pattern, "%s/*", scratch);
	ck_assert_msg(glob(pattern, 0, NULL, &found) == GLOB_NOMATCH, "%s: files left in %s", who, scratch);
	printf("  %-40s %5.1f  %5.1fs  %s%s\n", name, score, c.wall_s, flags[0] ? "flags: " : "", flags);
	json_decref(root_json);
}
END_TEST

int main(void)
{
	if (glob("tests/corpus/[0-9]*.c", 0, NULL, &cases) != 0 || cases.gl_pathc > CORPUS_MAX) {
		fprintf(stderr, "run-corpus: no cases in tests/corpus (run from grader/)\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	Suite *s = suite_create("corpus");
	TCase *tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 400);
	tcase_add_loop_test(tc, hostile_submission, 0, (int)cases.gl_pathc);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("corpus: %zu cases\n", cases.gl_pathc);
	globfree(&cases);
	return failed == 0 ? 0 : 1;
}
