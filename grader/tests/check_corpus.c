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
 *   expect-note: TEXT            text results.json's output or build error must hold
 *   expect-seconds: N            a bound on the grading's wall time (45)
 *   expect-plots: yes            the charts must be drawn
 *   needs-root: yes              only meaningful with the sandbox's users
 *   spec: lab                    graded by the lab's own lab.ini, not the corpus's
 *   out-name: NAME               the output folder's name (\n and \xHH escapes)
 *   marker: yes                  @MARKNAME@ is a unique name: nothing holding it may outlive the grading
 * @ROOT@, @OUT@ and @CLASSMATE@ in a case become memlab's folder, the
 * grading's output folder and a world-readable file of another "student",
 * so an attack knows where to aim.  After each case nothing may be left:
 * no process of any runner user, no cgroup of the grading, no scratch
 * folder, no mount, nothing with the marker in /tmp, /var/tmp, /dev/shm,
 * /run/lock, the unix sockets or SysV IPC.  A self-test shows each of these
 * checks finds what it looks for.  Then Ctrl-C: a grading interrupted in
 * any phase ends within 5 s, cleaned up.  Run from grader/ (make check
 * does).  Cases skipped (not root) are counted apart, never as passes.
 */
#include "proc/child.h"
#include "base/numbers.h"
#include "base/fsutil.h"
#include "base/limits.h"
#include "proc/sandbox.h"
#include "expectations.h"
#include "leftovers.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <jansson.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CASE_MAX (64 * 1024)
#define CORPUS_MAX 64

static glob_t cases;
static char tmpdir[PATH_CAP];
static int skipped;

static const char frame_head[] =
	"/* built by check_corpus.c: the reference solution, entry points renamed */\n"
	"#define _GNU_SOURCE\n"
	"#define logstats_read_fd corpus_real_read_fd\n"
	"#define logstats_read_file corpus_real_read_file\n";
static const char frame_middle[] =
	"#undef logstats_read_fd\n#undef logstats_read_file\n"
	"#include <errno.h>\n#include <fcntl.h>\n#include <signal.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
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
	ck_assert_int_eq(chmod(tmpdir, 0711), 0); /* reachable by path, as an instructor's folders often are */
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

/* Writes text with every @KEY@ of keys[] replaced by its value. */
static void put_replaced(FILE *f, const char *text, const char *const (*keys)[2])
{
	for (const char *p = text; *p;) {
		bool done = false;
		for (int k = 0; keys[k][0] != NULL && !done; k++)
			if (strncmp(p, keys[k][0], strlen(keys[k][0])) == 0) {
				fputs(keys[k][1], f);
				p += strlen(keys[k][0]);
				done = true;
			}
		if (!done)
			fputc(*p++, f);
	}
}

/* "a\nb\xff" as written in a header, as bytes. */
static void unescape(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	while (*in && n + 1 < cap) {
		if (in[0] == '\\' && in[1] == 'n') {
			out[n++] = '\n';
			in += 2;
		} else if (in[0] == '\\' && in[1] == 'x' && in[2] && in[3]) {
			char hex[3] = { in[2], in[3], 0 };
			out[n++] = (char)strtol(hex, NULL, 16);
			in += 4;
		} else {
			out[n++] = *in++;
		}
	}
	out[n] = '\0';
}

/* Writes the submission file: the reference solution in the corpus frame, around case (keys replaced). */
static void write_case(const char *file, const char *text, const char *const (*keys)[2])
{
	static char solution[CASE_MAX];
	slurp("../solutions/01-whole-file/logstats.c", solution, sizeof solution);
	FILE *f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fputs(frame_head, f);
	fputs(solution, f);
	fputs(frame_middle, f);
	put_replaced(f, text, keys);
	fputs(frame_tail, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* Runs the grader on a submission folder; its outcome in c. */
static void run_grader(struct child *c, const char *sub, const char *out, const char *spec, const char *log,
		       const char *tmpenv)
{
	struct child *list[1] = { c };
	memset(c, 0, sizeof *c);
	const char *argv[] = { "./grade", "../labs/01-whole-file", "--submission", sub, "--no-baseline", "-j", "2",
			       "--out", out, spec != NULL ? "--spec" : NULL, spec, NULL };
	memcpy(c->argv, argv, sizeof argv);
	c->stdout_path = log;
	c->stderr_path = log;
	c->env[0] = tmpenv; /* the grader's scratch folders go here: it must be empty afterwards */
	c->timeout_s = 300;
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
}

START_TEST(hostile_submission)
{
	static char text[CASE_MAX];
	char root[PATH_CAP], sub[PATH_CAP], file[PATH_CAP], out[PATH_CAP], path[PATH_CAP], log[PATH_CAP];
	char scratch[PATH_CAP], tmpenv[PATH_CAP], classmate[PATH_CAP], mark[64], outname[256];
	char buf[256], who[128], why[512];
	const char *name = strrchr(cases.gl_pathv[_i], '/') + 1;
	json_error_t jerr;

	snprintf(who, sizeof who, "%s", name);
	slurp(cases.gl_pathv[_i], text, sizeof text);
	if (strcmp(expect(text, "needs-root", buf, sizeof buf), "yes") == 0 && geteuid() != 0) {
		printf("  %-40s SKIPPED: needs the sandbox's users (root)\n", name);
		skipped++;
		return;
	}
	ck_assert_ptr_nonnull(realpath("..", root));
	unescape(expect(text, "out-name", buf, sizeof buf), outname, sizeof outname);
	snprintf(mark, sizeof mark, "memlab-corpus-mark-%ld", (long)getpid());
	fs_path(sub, sizeof sub, "%s/submission", tmpdir);
	fs_path(out, sizeof out, "%s/%s", tmpdir, outname[0] != '\0' ? outname : "out");
	fs_path(file, sizeof file, "%s/logstats.c", sub);
	fs_path(scratch, sizeof scratch, "%s/tmp", tmpdir);
	fs_path(tmpenv, sizeof tmpenv, "TMPDIR=%s", scratch);
	fs_path(classmate, sizeof classmate, "%s/classmate/01-whole-file/logstats.c", tmpdir);
	ck_assert_int_eq(fs_mkdirs(sub), 0);
	ck_assert_int_eq(fs_mkdirs(scratch), 0);
	/* another student's work, readable by anyone who can reach it by its path */
	fs_path(path, sizeof path, "%s/classmate/01-whole-file", tmpdir);
	ck_assert_int_eq(fs_mkdirs(path), 0);
	ck_assert_int_eq(fs_write_atomic(classmate, "a classmate's secret\n", 21), 0);
	chmod(classmate, 0644);
	const char *const keys[][2] = {
		{ "@ROOT@", root }, { "@OUT@", out }, { "@CLASSMATE@", classmate }, { "@MARKNAME@", mark }, { NULL, NULL },
	};
	write_case(file, text, keys);

	struct child c;
	bool own_spec = strcmp(expect(text, "spec", buf, sizeof buf), "lab") == 0;
	fs_path(log, sizeof log, "%s/grade.log", tmpdir);
	run_grader(&c, sub, out, own_spec ? NULL : "tests/corpus/lab.ini", log, tmpenv);
	ck_assert_msg(child_ok(&c), "%s: the grader did not end with status 0 (see %s)", who, log);

	fs_path(path, sizeof path, "%s/results.json", out);
	json_t *root_json = json_load_file(path, 0, &jerr);
	ck_assert_msg(root_json != NULL, "%s: %s", who, jerr.text);
	check_expectations(root_json, text, who);
	double score = json_number_value(json_object_get(root_json, "score"));
	char flags[256];
	flags_of(root_json, flags, sizeof flags);
	if (strcmp(expect(text, "expect-plots", buf, sizeof buf), "yes") == 0) {
		fs_path(path, sizeof path, "%s/plots/peak.png", out);
		ck_assert_msg(fs_is_file(path), "%s: no chart %s", who, path);
	}
	double bound = 45;
	sscanf(expect(text, "expect-seconds", buf, sizeof buf), "%lf", &bound);
	ck_assert_msg(c.wall_s <= bound, "%s: took %.1f s, more than %g", who, c.wall_s, bound);

	bool marked = strcmp(expect(text, "marker", buf, sizeof buf), "yes") == 0;
	leftovers((long)c.pid, scratch, marked ? mark : NULL, why, sizeof why);
	ck_assert_msg(why[0] == '\0', "%s: left behind: %s", who, why);
	printf("  %-40s %5.1f  %5.1fs  %s%s\n", name, score, c.wall_s, flags[0] ? "flags: " : "", flags);
	json_decref(root_json);
}
END_TEST

/*
 * The leftover checks find what they look for: a cgroup named as a
 * grading's, a process of a runner user, a marked file in /dev/shm.
 */
START_TEST(leftover_checks_can_fail)
{
	char why[512], cg[PATH_CAP], line[512], mark[64], shm[PATH_CAP], err[256];
	long fake = 4000000 + (long)getpid(); /* no such grader pid */

	if (geteuid() != 0) {
		printf("  leftover checks: SKIPPED (needs root)\n");
		skipped++;
		return;
	}
	/* a cgroup dir beside where gradings make theirs (our memory cgroup, v1, or v2's) */
	FILE *f = fs_open_regular("/proc/self/cgroup", 64 * KIB, err, sizeof err);
	cg[0] = '\0';
	while (f != NULL && fs_read_line(f, line, sizeof line) >= 0) {
		char *a = strchr(line, ':'), *b = a != NULL ? strchr(a + 1, ':') : NULL;
		if (b == NULL)
			continue;
		*b = '\0';
		if (strcmp(a + 1, "memory") == 0)
			fs_path(cg, sizeof cg, "/sys/fs/cgroup/memory%s/memlab-%ld-1", strcmp(b + 1, "/") ? b + 1 : "", fake);
		else if (a[1] == '\0' && cg[0] == '\0')
			fs_path(cg, sizeof cg, "/sys/fs/cgroup%s/memlab-%ld-1", strcmp(b + 1, "/") ? b + 1 : "", fake);
	}
	if (f != NULL)
		fclose(f);
	ck_assert_msg(cg[0] != '\0' && mkdir(cg, 0755) == 0, "cannot make %s", cg);
	leftovers(fake, tmpdir, NULL, why, sizeof why);
	rmdir(cg);
	ck_assert_msg(strstr(why, "cgroups") != NULL, "a cgroup %s was not found: '%s'", cg, why);

	pid_t pid = fork();
	if (pid == 0) {
		struct passwd *pw = getpwnam(SANDBOX_USER);
		if (pw != NULL && setgid(pw->pw_gid) == 0 && setuid(pw->pw_uid) == 0)
			pause();
		_exit(1);
	}
	struct timespec pause_ = { 0, 100 * 1000 * 1000 };
	nanosleep(&pause_, NULL);
	leftovers(fake, tmpdir, NULL, why, sizeof why);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	ck_assert_msg(strstr(why, "processes") != NULL, "a runner's process was not found: '%s'", why);

	snprintf(mark, sizeof mark, "memlab-corpus-selftest-%ld", (long)getpid());
	fs_path(shm, sizeof shm, "/dev/shm/%s", mark);
	ck_assert_int_eq(fs_write_atomic(shm, "x", 1), 0);
	leftovers(fake, tmpdir, mark, why, sizeof why);
	unlink(shm);
	ck_assert_msg(strstr(why, "/dev/shm") != NULL, "a marked file in /dev/shm was not found: '%s'", why);
	leftovers(fake, tmpdir, mark, why, sizeof why);
	ck_assert_msg(why[0] == '\0', "after the self-test: %s", why);
	printf("  leftover checks: each finds what it looks for\n");
}
END_TEST

/*
 * Ctrl-C (SIGINT, and SIGTERM as a batch system sends) at several moments
 * of a grading of a hung submission: the grader ends within 5 s, by the
 * signal, leaves a results.json that says so, and nothing else behind.
 */
static const double interrupt_at[] = { 0.3, 2.0, 6.0, 12.0 }; /* the build, the tests, the runs, a hang */

START_TEST(interrupted_in_any_phase)
{
	char sub[PATH_CAP], file[PATH_CAP], out[PATH_CAP], log[PATH_CAP], scratch[PATH_CAP], tmpenv[PATH_CAP];
	char path[PATH_CAP], why[512], text[4096];
	int sig = _i % 2 == 0 ? SIGINT : SIGTERM;

	fs_path(sub, sizeof sub, "%s/submission", tmpdir);
	fs_path(out, sizeof out, "%s/out", tmpdir);
	fs_path(file, sizeof file, "%s/logstats.c", sub);
	fs_path(scratch, sizeof scratch, "%s/tmp", tmpdir);
	fs_path(tmpenv, sizeof tmpenv, "TMPDIR=%s", scratch);
	fs_path(log, sizeof log, "%s/grade.log", tmpdir);
	ck_assert_int_eq(fs_mkdirs(sub), 0);
	ck_assert_int_eq(fs_mkdirs(scratch), 0);
	/* hangs in every tested call, with a FIFO where stderr once was */
	const char *const none[][2] = { { NULL, NULL } };
	write_case(file, "#include <sys/stat.h>\nstatic void hostile(void) { mkfifo(\"stderr\", 0666); "
		   "for (volatile int s = 1; s;) { } }\n", none);

	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		dup2(fd, 2);
		putenv(tmpenv);
		execl("./grade", "./grade", "../labs/01-whole-file", "--submission", sub, "-j", "2", "--out", out,
		      (char *)NULL);
		_exit(127);
	}
	double delay = interrupt_at[_i / 2], t0 = now_s();
	struct timespec d = { (time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9) };
	nanosleep(&d, NULL);
	kill(pid, sig);
	double sent = now_s();
	int status = 0;
	pid_t got = 0;
	while ((got = waitpid(pid, &status, WNOHANG)) == 0 && now_s() - sent < 30) {
		struct timespec tick = { 0, 20 * 1000 * 1000 };
		nanosleep(&tick, NULL);
	}
	double took = now_s() - sent;
	if (got == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	ck_assert_msg(got == pid && took <= 5.0, "SIG%s at %.1f s: the grader took %.1f s to end (see %s)",
		      sigabbrev_np(sig), delay, took, log);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig, "SIG%s at %.1f s: the grader ended otherwise",
		      sigabbrev_np(sig), delay);
	fs_path(path, sizeof path, "%s/results.json", out);
	long n = fs_read_small(path, text, sizeof text);
	ck_assert_msg(n > 0 && (strstr(text, "\"unfinished\"") != NULL || strstr(text, "interrupted") != NULL),
		      "SIG%s at %.1f s: results.json does not say the grading did not finish", sigabbrev_np(sig), delay);
	leftovers((long)pid, scratch, NULL, why, sizeof why);
	ck_assert_msg(why[0] == '\0', "SIG%s at %.1f s: left behind: %s", sigabbrev_np(sig), delay, why);
	printf("  SIG%-4s at %4.1f s: ended %.2f s later, cleaned up (%.1f s in all)\n", sigabbrev_np(sig), delay, took,
	       now_s() - t0);
}
END_TEST

int main(void)
{
	/* MEMLAB_CORPUS=47: the cases whose names start so, and only those (while writing one) */
	const char *only = getenv("MEMLAB_CORPUS");
	char pattern[PATH_CAP];
	fs_path(pattern, sizeof pattern, "tests/corpus/%s*.c", only != NULL && *only ? only : "[0-9]");
	if (glob(pattern, 0, NULL, &cases) != 0 || cases.gl_pathc > CORPUS_MAX) {
		fprintf(stderr, "run-corpus: no cases in tests/corpus (run from grader/)\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	Suite *s = suite_create("corpus");
	TCase *tc = tcase_create("hostile");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 400);
	tcase_add_loop_test(tc, hostile_submission, 0, (int)cases.gl_pathc);
	tcase_add_test(tc, leftover_checks_can_fail);
	suite_add_tcase(s, tc);
	tc = tcase_create("interrupted");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, interrupted_in_any_phase, 0, (int)(2 * sizeof interrupt_at / sizeof interrupt_at[0]));
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK); /* so that `skipped` is counted here */
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("corpus: %zu cases\n", cases.gl_pathc);
	if (skipped > 0)
		printf("SKIPPED: %d\n", skipped);
	globfree(&cases);
	return failed == 0 ? 0 : 1;
}
