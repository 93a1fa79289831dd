/*
 * check_integration.c - the grader end to end, on the real labs:
 *   - every lab's reference solution gets full marks;
 *   - every lab's pitfall and untouched starter are functionally correct
 *     (tests and output pass) but lose memory points;
 *   - a submission that does not compile, or is missing, scores 0 and still
 *     gets a results.json;
 *   - exit statuses: 2 for bad usage and broken specs, 1 below --min-score;
 *   - the grader itself, run under memcheck, has 0 errors and 0 leaks.
 * Run from grader/ (make check does).  Each grading runs the lab's whole
 * workload, so this takes a few minutes.
 */
#include "proc/child.h"
#include "base/numbers.h"
#include "base/fsutil.h"
#include "tools/memcheck.h"
#include "grading/spec.h"
#include "leftovers.h"
#include "check_jobs.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <glob.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_LABS 32

static glob_t lab_specs;           /* ../labs/NN-name/lab.ini */
static char tmpdir[PATH_CAP];
static int skipped;                /* tests that could not run here: never counted as passes */

#define SKIP(what) do { printf("  %s: SKIPPED (needs root)\n", what); skipped++; return; } while (0)

static void setup(void)
{
	fs_path(tmpdir, sizeof tmpdir, "/tmp/memlab-int-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	fs_remove_tree(tmpdir);
}

/* Runs the grader with argv[1..] and env (NULL-terminated, or NULL); returns its exit status (or -1). */
static int grade_env(const char *const *args, const char *out_dir, const char *const *env)
{
	struct child c;
	struct child *list[1] = { &c };
	char log[PATH_CAP];
	int n = 0;

	memset(&c, 0, sizeof c);
	for (int i = 0; env != NULL && env[i] != NULL; i++)
		c.env[i] = env[i];
	c.argv[n++] = "./grade";
	for (int i = 0; args[i] != NULL; i++)
		c.argv[n++] = args[i];
	c.argv[n++] = "--out";
	c.argv[n++] = out_dir;
	c.argv[n] = NULL;
	fs_path(log, sizeof log, "%s/grade.log", tmpdir);
	c.stdout_path = log;
	c.stderr_path = log;
	c.timeout_s = 300;
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
	if (!c.started || c.timed_out || !WIFEXITED(c.status))
		return -1;
	return WEXITSTATUS(c.status);
}

static int grade(const char *const *args, const char *out_dir)
{
	return grade_env(args, out_dir, NULL);
}

struct verdict {
	double score, max;
	bool tests_ok, output_ok;   /* the criteria of those kinds all passed */
	bool memory_ok;             /* every memory criterion passed */
};

static void read_verdict(const char *lab_ini, const char *out_dir, struct verdict *v)
{
	char path[PATH_CAP], err[1024];
	struct spec s;
	json_error_t jerr;

	ck_assert_msg(spec_read(lab_ini, &s, err, sizeof err) == 0, "%s", err);
	fs_path(path, sizeof path, "%s/results.json", out_dir);
	json_t *root = json_load_file(path, 0, &jerr);
	ck_assert_msg(root != NULL, "%s: %s", path, jerr.text);
	memset(v, 0, sizeof *v);
	v->score = json_number_value(json_object_get(root, "score"));
	v->tests_ok = v->output_ok = v->memory_ok = true;
	json_t *tests = json_object_get(root, "tests");
	ck_assert_uint_eq(json_array_size(tests), s.ncrit);
	for (size_t k = 0; k < s.ncrit; k++) {
		json_t *t = json_array_get(tests, k);
		bool passed = strcmp(json_string_value(json_object_get(t, "status")), "passed") == 0;
		ck_assert_str_eq(json_string_value(json_object_get(t, "name")), s.crit[k].name);
		v->max += json_number_value(json_object_get(t, "max_score"));
		if (s.crit[k].kind == CRIT_TESTS)
			v->tests_ok &= passed;
		else if (s.crit[k].kind == CRIT_OUTPUT)
			v->output_ok &= passed;
		else
			v->memory_ok &= passed;
	}
	json_decref(root);
}

/*
 * Every lab's solution, pitfall and starter are graded before any test
 * runs (check_jobs.h: how many at once); the tests below judge what they
 * left in gradedir/NN-name-WHO.  The solution is graded with its
 * baselines (the charts' full path), the pitfall and starter without.
 */
enum { AS_SOLUTION, AS_PITFALL, AS_STARTER, AS_COUNT };
static const char *const as_name[AS_COUNT] = { "solution", "pitfall", "starter" };
static char gradedir[PATH_CAP];
static struct child lab_gradings[MAX_LABS][AS_COUNT];

static void lab_paths(int i, char *dir, char *name)
{
	snprintf(dir, PATH_CAP, "%s", lab_specs.gl_pathv[i]);
	*strrchr(dir, '/') = '\0';
	snprintf(name, PATH_CAP, "%s", strrchr(dir, '/') + 1);
}

static void lab_grading_path(char *buf, int i, int as, const char *what)
{
	char dir[PATH_CAP], name[PATH_CAP];
	lab_paths(i, dir, name);
	fs_path(buf, PATH_CAP, "%s/%s-%s%s", gradedir, name, as_name[as], what);
}

static int grade_labs(void)
{
	static char bufs[MAX_LABS][AS_COUNT][4][PATH_CAP];
	struct child *list[MAX_LABS * AS_COUNT];
	unsigned n = 0;

	for (int i = 0; i < (int)lab_specs.gl_pathc; i++) {
		for (int as = 0; as < AS_COUNT; as++) {
			struct child *c = &lab_gradings[i][as];
			char *dir = bufs[i][as][0], *sub = bufs[i][as][1], *out = bufs[i][as][2], *log = bufs[i][as][3];
			char name[PATH_CAP];
			int k = 0;

			lab_paths(i, dir, name);
			fs_path(sub, PATH_CAP, "../solutions/%s", name);
			lab_grading_path(out, i, as, "");
			lab_grading_path(log, i, as, ".log");
			memset(c, 0, sizeof *c);
			c->argv[k++] = "./grade";
			c->argv[k++] = dir;
			if (as == AS_SOLUTION) {
				c->argv[k++] = "--submission";
				c->argv[k++] = sub;
			} else {
				if (as == AS_PITFALL)
					c->argv[k++] = "--pitfall";
				c->argv[k++] = "--no-baseline";
			}
			c->argv[k++] = "-j";
			c->argv[k++] = CHECK_JOBS_PER_GRADING;
			c->argv[k++] = "--out";
			c->argv[k++] = out;
			c->argv[k] = NULL;
			c->stdout_path = log;
			c->stderr_path = log;
			c->timeout_s = 600;
			list[n++] = c;
		}
	}
	printf("grading %u labs' solution, pitfall and starter, %u at a time...\n", n / AS_COUNT, check_gradings_at_once());
	return child_run_all(list, n, check_gradings_at_once(), 0);
}

/* The grading of lab i as `as` ended with status 0 and left its verdict in *v. */
static void graded(int i, int as, struct verdict *v)
{
	char out[PATH_CAP], log[PATH_CAP];
	const struct child *c = &lab_gradings[i][as];

	lab_grading_path(out, i, as, "");
	lab_grading_path(log, i, as, ".log");
	ck_assert_msg(child_ok(c), "grading %s did not end with status 0 (see %s)", out, log);
	read_verdict(lab_specs.gl_pathv[i], out, v);
}

START_TEST(solution_gets_full_marks)
{
	char dir[PATH_CAP], name[PATH_CAP];
	struct verdict v;

	lab_paths(_i, dir, name);
	graded(_i, AS_SOLUTION, &v);
	ck_assert_msg(v.score == v.max, "%s solution: %.1f of %.1f", name, v.score, v.max);
	printf("  %-30s solution  %5.1f/%.0f  %5.1fs\n", name, v.score, v.max, lab_gradings[_i][AS_SOLUTION].wall_s);
}
END_TEST

static void check_naive(int i, bool pitfall)
{
	char dir[PATH_CAP], name[PATH_CAP], err[1024];
	struct verdict v;
	struct spec s;
	int as = pitfall ? AS_PITFALL : AS_STARTER;

	lab_paths(i, dir, name);
	graded(i, as, &v);
	ck_assert_msg(spec_read(lab_specs.gl_pathv[i], &s, err, sizeof err) == 0, "%s", err);
	/* functionally correct; where the expected output is the reference's, the pitfall may be too slow
	 * to print it at the largest sizes (lab 02's quadratic copying: minutes) */
	ck_assert_msg(v.tests_ok && (v.output_ok || s.expected == EXPECTED_REFERENCE), "%s %s is not functionally correct",
		      name, as_name[as]);
	ck_assert_msg(!v.memory_ok && v.score < v.max, "%s %s: full memory marks (%.1f)", name, as_name[as], v.score);
	printf("  %-30s %-8s  %5.1f/%.0f  %5.1fs\n", name, as_name[as], v.score, v.max, lab_gradings[i][as].wall_s);
}

START_TEST(pitfall_loses_memory_points) { check_naive(_i, true); }
END_TEST

START_TEST(starter_loses_memory_points) { check_naive(_i, false); }
END_TEST

START_TEST(broken_and_missing_submissions_score_zero)
{
	char dir[PATH_CAP], name[PATH_CAP], sub[PATH_CAP], out[PATH_CAP], err[1024], file[PATH_CAP];
	struct spec s;
	struct verdict v;

	lab_paths(0, dir, name);
	ck_assert_int_eq(spec_read(lab_specs.gl_pathv[0], &s, err, sizeof err), 0);
	/* a file that does not compile */
	fs_path(sub, sizeof sub, "%s/broken", tmpdir);
	ck_assert_int_eq(fs_mkdirs(sub), 0);
	fs_path(file, sizeof file, "%s/%s", sub, s.student);
	FILE *f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fputs("this is not C;\n", f);
	fclose(f);
	fs_path(out, sizeof out, "%s/out-broken", tmpdir);
	const char *args[] = { dir, "--submission", sub, NULL };
	ck_assert_int_eq(grade(args, out), 0);
	read_verdict(lab_specs.gl_pathv[0], out, &v);
	ck_assert(v.score == 0 && !v.tests_ok);
	/* no file at all */
	fs_path(sub, sizeof sub, "%s/empty", tmpdir);
	ck_assert_int_eq(fs_mkdirs(sub), 0);
	fs_path(out, sizeof out, "%s/out-empty", tmpdir);
	const char *args2[] = { dir, "--submission", sub, NULL };
	ck_assert_int_eq(grade(args2, out), 0);
	read_verdict(lab_specs.gl_pathv[0], out, &v);
	ck_assert(v.score == 0);
	/* and below --min-score, the status says so */
	const char *args3[] = { dir, "--submission", sub, "--min-score", "1", NULL };
	ck_assert_int_eq(grade(args3, out), 1);
}
END_TEST

/* Without --out, the grading goes to grade-out/<lab> under the folder it runs in. */
START_TEST(default_output_is_grade_out_of_the_lab)
{
	char dir[PATH_CAP], name[PATH_CAP], sub[PATH_CAP], exe[PATH_CAP], lab[PATH_CAP], log[PATH_CAP], path[PATH_CAP];
	struct child c;
	struct child *list[1] = { &c };
	struct stat st;

	lab_paths(0, dir, name);
	ck_assert_ptr_nonnull(realpath("./grade", exe));
	ck_assert_ptr_nonnull(realpath(dir, lab));
	fs_path(sub, sizeof sub, "%s/empty", tmpdir);
	ck_assert_int_eq(fs_mkdirs(sub), 0);
	fs_path(log, sizeof log, "%s/grade.log", tmpdir);
	memset(&c, 0, sizeof c);
	const char *argv[] = { exe, lab, "--submission", sub, "--quiet", NULL };
	memcpy(c.argv, argv, sizeof argv);
	c.cwd = tmpdir;
	c.stdout_path = log;
	c.stderr_path = log;
	c.timeout_s = 300;
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
	ck_assert_msg(child_ok(&c), "grade without --out did not end with status 0 (see %s)", log);
	fs_path(path, sizeof path, "%s/grade-out/%s/results.json", tmpdir, strrchr(lab, '/') + 1);
	ck_assert_msg(stat(path, &st) == 0 && S_ISREG(st.st_mode), "no %s", path);
}
END_TEST

START_TEST(could_not_grade_exits_2)
{
	char lab[PATH_CAP], out[PATH_CAP], path[PATH_CAP];

	fs_path(out, sizeof out, "%s/out", tmpdir);
	const char *no_lab[] = { "/nonexistent-lab", NULL };
	ck_assert_int_eq(grade(no_lab, out), 2);
	const char *bad_option[] = { "../labs", "--frobnicate", NULL };
	ck_assert_int_eq(grade(bad_option, out), 2);
	/* a lab whose spec is broken */
	fs_path(lab, sizeof lab, "%s/99-broken", tmpdir);
	ck_assert_int_eq(fs_mkdirs(lab), 0);
	fs_path(path, sizeof path, "%s/lab.ini", lab);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("[lab]\ntitle = x\n", f);
	fclose(f);
	const char *broken[] = { lab, NULL };
	ck_assert_int_eq(grade(broken, out), 2);
}
END_TEST

/*
 * valgrind's gdbserver used to leave /tmp/vgdb-pipe-shared-mem-vgdb-<pid>-...
 * files behind; one of another user at a recycled pid made valgrind exit 1
 * (pid_max is 32768 here).  With one at every pid, a grading must not care.
 */
START_TEST(stale_valgrind_files_in_tmp_do_not_matter)
{
	char dir[PATH_CAP], name[PATH_CAP], sub[PATH_CAP], out[PATH_CAP], path[PATH_CAP];
	struct verdict v;
	int made = 0;

	if (geteuid() != 0) {
		printf("  stale valgrind files: SKIPPED (needs root to plant another user's files)\n");
		skipped++;
		return;
	}
	for (int pid = 300; pid <= 32768; pid++) {
		fs_path(path, sizeof path, "/tmp/vgdb-pipe-shared-mem-vgdb-%d-by-memlab-test-on-x", pid);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
		if (fd < 0)
			continue;
		made += fchown(fd, 65534, 65534) == 0; /* nobody's */
		close(fd);
	}
	lab_paths(0, dir, name);
	fs_path(sub, sizeof sub, "../solutions/%s", name);
	fs_path(out, sizeof out, "%s/stale", tmpdir);
	const char *args[] = { dir, "--submission", sub, "--no-baseline", NULL };
	int status = grade(args, out);
	for (int pid = 300; pid <= 32768; pid++) {
		fs_path(path, sizeof path, "/tmp/vgdb-pipe-shared-mem-vgdb-%d-by-memlab-test-on-x", pid);
		unlink(path);
	}
	ck_assert_int_gt(made, 30000);
	ck_assert_int_eq(status, 0);
	read_verdict(lab_specs.gl_pathv[0], out, &v);
	ck_assert_msg(v.score == v.max, "with stale valgrind files in /tmp: %.1f of %.1f", v.score, v.max);
}
END_TEST

START_TEST(grader_is_memcheck_clean)
{
	char dir[PATH_CAP], name[PATH_CAP], sub[PATH_CAP], out[PATH_CAP], log[PATH_CAP], logarg[PATH_CAP], err[1024];
	char xml[PATH_CAP], xmlarg[PATH_CAP];
	char said[PATH_CAP];
	struct child c;
	struct child *list[1] = { &c };
	struct memcheck_result m;

	lab_paths(0, dir, name);
	fs_path(sub, sizeof sub, "../solutions/%s", name);
	fs_path(out, sizeof out, "%s/memcheck-out", tmpdir);
	fs_path(log, sizeof log, "%s/grader.memcheck", tmpdir);
	fs_path(logarg, sizeof logarg, "--log-file=%s", log);
	fs_path(xml, sizeof xml, "%s/grader.xml", tmpdir);
	fs_path(xmlarg, sizeof xmlarg, "--xml-file=%s", xml);
	memset(&c, 0, sizeof c);
	const char *argv[] = { "valgrind", "--leak-check=full", "--show-leak-kinds=all",
			       "--errors-for-leak-kinds=none", "--child-silent-after-fork=yes", "--xml=yes", xmlarg, logarg, "./grade", dir,
			       "--submission", sub,
			       "--out", out, NULL };
	memcpy(c.argv, argv, sizeof argv);
	fs_path(said, sizeof said, "%s/grader.log", tmpdir);
	c.stdout_path = said;
	c.stderr_path = said;
	c.timeout_s = 600;
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
	if (!child_ok(&c)) {
		static char text[64 * 1024];
		long n = fs_read_small(said, text, sizeof text);
		printf("the grader under memcheck: %s; it said:\n%s\n", child_describe(&c, err, sizeof err),
		       n > 0 ? text : "(nothing)");
	}
	ck_assert_msg(child_ok(&c), "the grader under memcheck failed (%s)", child_describe(&c, err, sizeof err));
	ck_assert_msg(memcheck_read(xml, NULL, &m, err, sizeof err) == 0, "%s", err);
	ck_assert_msg(m.errors == 0 && m.definitely_lost == 0 && m.indirectly_lost == 0 && m.possibly_lost == 0,
		      "grader under memcheck: %lu errors, %lu+%lu+%lu bytes lost (see %s)", (unsigned long)m.errors,
		      (unsigned long)m.definitely_lost, (unsigned long)m.indirectly_lost,
		      (unsigned long)m.possibly_lost, xml);
	printf("  grader under memcheck: 0 errors, 0 bytes lost (%lu bytes still reachable at exit)\n",
	       (unsigned long)m.still_reachable);
}
END_TEST

/* results.json of out, parsed (the caller decrefs). */
static json_t *results(const char *out)
{
	char path[PATH_CAP];
	json_error_t jerr;
	fs_path(path, sizeof path, "%s/results.json", out);
	json_t *root = json_load_file(path, 0, &jerr);
	ck_assert_msg(root != NULL, "%s: %s", path, jerr.text);
	return root;
}

static void write_text(const char *path, const char *text)
{
	ck_assert_int_eq(fs_write_atomic(path, text, strlen(text)), 0);
}

/*
 * When the grader cannot measure (valgrind broken or missing), it says so:
 * exit 2, a results.json that blames no one, and never an earlier grade.
 */
START_TEST(grader_failure_blames_no_one)
{
	char out[PATH_CAP], fake[PATH_CAP], env[PATH_CAP + 32];

	fs_path(out, sizeof out, "%s/out", tmpdir);
	fs_path(fake, sizeof fake, "%s/valgrind", tmpdir);
	write_text(fake, "#!/bin/sh\necho 'valgrind: broken on purpose' >&2\nexit 1\n");
	ck_assert_int_eq(chmod(fake, 0755), 0);
	ck_assert_int_eq(chmod(tmpdir, 0755), 0);
	fs_path(env, sizeof env, "MEMLAB_VALGRIND=%s", fake);
	const char *const envs[] = { env, NULL };
	const char *args[] = { "../labs/02-concatenation", "--submission", "../solutions/02-concatenation", NULL };
	ck_assert_int_eq(grade_env(args, out, envs), 2);
	json_t *root = results(out);
	json_t *extra = json_object_get(root, "extra_data");
	ck_assert_str_eq(json_string_value(json_object_get(extra, "grader_status")), "failed");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(extra, "grader_error")), "valgrind"));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(root, "output")), "not of your work"));
	ck_assert_uint_eq(json_array_size(json_object_get(root, "tests")), 0);
	json_decref(root);

	/* valgrind missing: an earlier grade in the folder does not outlive this grading */
	char path[PATH_CAP];
	fs_path(path, sizeof path, "%s/results.json", out);
	write_text(path, "{ \"score\": 100, \"tests\": [] }\n");
	const char *const missing[] = { "MEMLAB_VALGRIND=/nonexistent/valgrind", NULL };
	ck_assert_int_eq(grade_env(args, out, missing), 2);
	root = results(out);
	extra = json_object_get(root, "extra_data");
	ck_assert_str_eq(json_string_value(json_object_get(extra, "grader_status")), "failed");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(extra, "grader_error")), "not installed"));
	json_decref(root);
}
END_TEST

/*
 * The output folder is a guest's: the project itself is refused, a typo
 * makes no folder, files that are not the grader's stay, the grader's own
 * files of an earlier grading go, and two gradings never share a folder.
 */
START_TEST(output_folder_is_a_guest)
{
	char out[PATH_CAP], path[PATH_CAP], user[PATH_CAP];
	const char *sol[] = { "../labs/01-whole-file", "--submission", "../solutions/01-whole-file", NULL };

	/* the project's top folder (and so its tracked plots/NAME.gp) */
	ck_assert_int_eq(grade(sol, ".."), 2);
	ck_assert_msg(fs_is_file("../plots/peak-vs-size.gp"), "the grader removed a tracked file");
	/* a mistyped lab folder: an error, and no folder made */
	fs_path(out, sizeof out, "%s/typo-out", tmpdir);
	const char *typo[] = { "../labs/01-whole-fle", NULL };
	ck_assert_int_eq(grade(typo, out), 2);
	ck_assert_msg(!fs_is_dir(out), "a mistyped lab made the output folder %s", out);

	/* a folder with the user's own files, graded twice, the second time at fewer sizes */
	fs_path(out, sizeof out, "%s/mine", tmpdir);
	fs_path(path, sizeof path, "%s/plots", out);
	ck_assert_int_eq(fs_mkdirs(path), 0);
	fs_path(user, sizeof user, "%s/notes.txt", out);
	write_text(user, "mine\n");
	fs_path(path, sizeof path, "%s/plots/mine.txt", out);
	write_text(path, "mine too\n");
	const char *quick[] = { "../labs/01-whole-file", "--submission", "../solutions/01-whole-file", "--no-baseline", NULL };
	ck_assert_int_eq(grade(quick, out), 0);
	/* lab 01 jitters its sizes: the largest is 16 MiB or up to 20% more */
	char pattern[PATH_CAP];
	glob_t g;
	fs_path(pattern, sizeof pattern, "%s/massif/massif.out.1[6-9]", out);
	ck_assert_msg(glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc == 1, "no single %s", pattern);
	snprintf(path, sizeof path, "%s", g.gl_pathv[0]);
	globfree(&g);
	const char *fewer[] = { "../labs/01-whole-file", "--submission", "../solutions/01-whole-file", "--no-baseline",
				"--spec", "tests/corpus/lab.ini", NULL };
	ck_assert_int_eq(grade(fewer, out), 0);
	ck_assert_msg(!fs_is_file(path), "%s, the earlier grading's, outlived the next", path);
	fs_path(path, sizeof path, "%s/massif/massif.out.4", out);
	ck_assert_msg(fs_is_file(path), "no %s", path);
	ck_assert_msg(fs_is_file(user), "the grader removed the user's %s", user);
	fs_path(path, sizeof path, "%s/plots/mine.txt", out);
	ck_assert_msg(fs_is_file(path), "the grader removed the user's %s", path);

	/* two gradings, one folder: the second is refused at once */
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		execl("./grade", "./grade", "../labs/01-whole-file", "--submission", "../solutions/01-whole-file",
		      "--no-baseline", "--out", out, (char *)NULL);
		_exit(127);
	}
	struct timespec pause = { 1, 0 };
	nanosleep(&pause, NULL);
	double t0 = now_s();
	int second = grade(quick, out);
	double took = now_s() - t0;
	int status;
	waitpid(pid, &status, 0);
	ck_assert_int_eq(second, 2);
	ck_assert_msg(took < 5, "the second grading took %.1f s to be refused", took);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	char log[PATH_CAP], text[8192];
	fs_path(log, sizeof log, "%s/grade.log", tmpdir);
	ck_assert(fs_read_small(log, text, sizeof text) > 0 && strstr(text, "another grading") != NULL);
}
END_TEST

/*
 * A grading killed with SIGKILL leaves its scratch folder, its cgroups and
 * its children; the next grading removes what is stale, and nothing of the
 * dead one runs on.
 */
START_TEST(a_killed_grading_is_cleaned_up_by_the_next)
{
	char scratch[PATH_CAP], env[PATH_CAP + 8], pattern[PATH_CAP], why[512], out[PATH_CAP];
	glob_t found;

	if (geteuid() != 0)
		SKIP("a killed grading's leftovers");
	fs_path(scratch, sizeof scratch, "%s/tmp", tmpdir);
	ck_assert_int_eq(fs_mkdirs(scratch), 0);
	ck_assert_int_eq(chmod(tmpdir, 0755), 0);
	fs_path(env, sizeof env, "TMPDIR=%s", scratch);
	fs_path(out, sizeof out, "%s/out", tmpdir);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		putenv(env);
		execl("./grade", "./grade", "../labs/01-whole-file", "--submission", "../solutions/01-whole-file", "--out",
		      out, (char *)NULL);
		_exit(127);
	}
	/* killed while its children run: 4 s is in the build or the first runs */
	struct timespec pause = { 4, 0 };
	nanosleep(&pause, NULL);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	fs_path(pattern, sizeof pattern, "%s/memlab-grade-*", scratch);
	ck_assert_msg(glob(pattern, 0, NULL, &found) == 0 && found.gl_pathc == 1, "no scratch folder was left to clean");
	/* as old as a stale one must be */
	char lock[PATH_CAP];
	fs_path(lock, sizeof lock, "%s/.lock", found.gl_pathv[0]);
	struct timespec old[2] = { { time(NULL) - 3600, 0 }, { time(NULL) - 3600, 0 } };
	ck_assert_int_eq(utimensat(AT_FDCWD, lock, old, AT_SYMLINK_NOFOLLOW), 0);
	globfree(&found);
	ck_assert_msg(cgroups_of((long)pid, "/sys/fs/cgroup", 0) > 0, "the killed grading left no cgroup to clean");

	const char *const envs[] = { env, NULL };
	const char *args[] = { "../labs/02-concatenation", "--submission", "../solutions/02-concatenation",
			       "--no-baseline", NULL };
	fs_path(out, sizeof out, "%s/out2", tmpdir);
	ck_assert_int_eq(grade_env(args, out, envs), 0);
	leftovers((long)pid, scratch, NULL, why, sizeof why);
	ck_assert_msg(why[0] == '\0', "after the next grading, left of the killed one: %s", why);
}
END_TEST

/*
 * The grader's own disk, too small for its trusted files (the lab's copies,
 * the input files): the grading fails as the grader's, never as a score.
 */
START_TEST(grader_own_disk_full_is_its_failure)
{
	char small[PATH_CAP], env[PATH_CAP + 8], out[PATH_CAP];

	if (geteuid() != 0)
		SKIP("the grader's own disk full");
	fs_path(small, sizeof small, "%s/small", tmpdir);
	ck_assert_int_eq(fs_mkdirs(small), 0);
	ck_assert_msg(mount("memlab-test", small, "tmpfs", 0, "size=3m,mode=0755") == 0, "mount: %s", strerror(errno));
	ck_assert_int_eq(chmod(tmpdir, 0755), 0);
	fs_path(env, sizeof env, "TMPDIR=%s", small);
	fs_path(out, sizeof out, "%s/out", tmpdir);
	const char *const envs[] = { env, NULL };
	const char *args[] = { "../labs/01-whole-file", "--submission", "../solutions/01-whole-file", NULL };
	int status = grade_env(args, out, envs);
	umount2(small, MNT_DETACH);
	ck_assert_int_eq(status, 2);
	json_t *root = results(out);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "extra_data"), "grader_status")), "failed");
	json_decref(root);
}
END_TEST

int main(void)
{
	if (glob("../labs/*/lab.ini", 0, NULL, &lab_specs) != 0 || lab_specs.gl_pathc == 0 || lab_specs.gl_pathc > MAX_LABS) {
		fprintf(stderr, "run-integration: no labs under ../labs (run from grader/)\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	fs_path(gradedir, sizeof gradedir, "/tmp/memlab-int-labs-XXXXXX");
	if (mkdtemp(gradedir) == NULL) {
		perror("run-integration: mkdtemp");
		return 1;
	}
	if (grade_labs() != 0) {
		perror("run-integration: could not watch the gradings");
		return 1;
	}
	Suite *s = suite_create("integration");
	TCase *tc = tcase_create("labs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 900);
	int n = (int)lab_specs.gl_pathc;
	tcase_add_loop_test(tc, solution_gets_full_marks, 0, n);
	tcase_add_loop_test(tc, pitfall_loses_memory_points, 0, n);
	tcase_add_loop_test(tc, starter_loses_memory_points, 0, n);
	tcase_add_test(tc, broken_and_missing_submissions_score_zero);
	tcase_add_test(tc, default_output_is_grade_out_of_the_lab);
	tcase_add_test(tc, could_not_grade_exits_2);
	tcase_add_test(tc, stale_valgrind_files_in_tmp_do_not_matter);
	tcase_add_test(tc, grader_is_memcheck_clean);
	suite_add_tcase(s, tc);
	tc = tcase_create("fences");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, grader_failure_blames_no_one);
	tcase_add_test(tc, output_folder_is_a_guest);
	tcase_add_test(tc, a_killed_grading_is_cleaned_up_by_the_next);
	tcase_add_test(tc, grader_own_disk_full_is_its_failure);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK); /* so that `skipped` is counted here */
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (failed == 0)
		fs_remove_tree(gradedir);
	else
		printf("the gradings' reports and logs: %s\n", gradedir);
	globfree(&lab_specs);
	if (skipped > 0)
		printf("SKIPPED: %d\n", skipped);
	return failed == 0 ? 0 : 1;
}
