/*
 * testrun.c - the Check tests of a grading (see grade.h: struct
 * tests_round).  Neighbours: measure.c runs these children in its round;
 * labs/common/check_main.c and memlab_check.h write the transcripts read
 * here.
 *
 * A test's verdict is not taken from inside the process that runs the
 * code under test: that code can find and forge anything there.  Instead
 * the same tests, on the same seeded inputs, run three times: against the
 * submission (untrusted), against the lab's pitfall.c and against the
 * reference solution (trusted).  Each writes a transcript, one line per
 * assertion holding the values an equality saw; a submission's test
 * passes when its lines equal, in full and to its end, those of the
 * pitfall's or the reference's run of the same test.  To forge a pass, a
 * program must print the values a correct implementation computes, on
 * inputs drawn from this grading's seed.
 *
 * The tests also run once more, built with AddressSanitizer and UBSan,
 * for memory errors: the second detector besides memcheck.
 */
#include "grading/grade.h"

#include "proc/child.h"
#include "base/fsutil.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TESTS_MAX 512                 /* tests in one lab */
#define TRANSCRIPT_LINE_MAX 1024      /* check_main.c writes at most 512 */

static const char *const run_names[TESTS_RUNS] = { "submission", "sanitized", "pitfall", "reference" };

/* Every sanitizer report ends the run with this status, so a report cannot pass for a clean exit. */
#define SANITIZER_EXIT "86"
static const char asan_options[] = "ASAN_OPTIONS=exitcode=" SANITIZER_EXIT ":abort_on_error=0:halt_on_error=1:"
				   "detect_leaks=0:allocator_may_return_null=1:color=never";
static const char ubsan_options[] = "UBSAN_OPTIONS=exitcode=" SANITIZER_EXIT ":halt_on_error=1:print_stacktrace=1:"
				    "color=never";

int tests_plan(struct grading *g, struct tests_round *t, char *err, size_t errlen)
{
	char build[PATH_CAP];

	memset(t, 0, sizeof *t);
	for (int k = 0; k < TESTS_RUNS; k++) {
		enum impl impl = k == TESTS_PITFALL ? IMPL_PITFALL : k == TESTS_REFERENCE ? IMPL_REFERENCE : IMPL_SUBMISSION;
		struct child *c = &t->c[k];
		bool untrusted = impl == IMPL_SUBMISSION;
		int e = 0;

		if (!g->impl[impl].present)
			continue;
		t->used[k] = true;
		grading_build_dir(g, impl, build);
		if (fs_path(t->keep[k], PATH_CAP, "%s/runs/tests-%s", g->trusted, run_names[k]) != 0 ||
		    fs_mkdirs(t->keep[k]) != 0 || chmod(t->keep[k], 0700) != 0 ||
		    fs_path(t->out[k], PATH_CAP, "%s/stdout", t->keep[k]) != 0 ||
		    fs_path(t->err[k], PATH_CAP, "%s/stderr", t->keep[k]) != 0 ||
		    fs_path(t->transcript[k], PATH_CAP, "%s/transcript", t->keep[k]) != 0 ||
		    fs_path(t->prog[k], PATH_CAP, "%s/%s", build, k == TESTS_SANITIZED ? "asan/tests" : "tests") != 0)
			goto fail;
		/* every run of the tests in the same conditions: as a runner user, in the sandbox (a test of an
		 * unreadable file must not pass as root) */
		if (fs_path(t->run_dir[k], PATH_CAP, "%s%s/tests-%s", untrusted ? g->student : g->trusted_runs,
			    untrusted ? "/runs" : "", run_names[k]) != 0 ||
		    fs_mkdirs(t->run_dir[k]) != 0 || chmod(t->run_dir[k], 0700) != 0)
			goto fail;
		/* a trusted build runs from a copy in its run folder, which only its seat's user can enter:
		 * no runner ever reaches the trusted folder, view or not */
		if (!untrusted) {
			char copy[PATH_CAP];
			if (fs_path(copy, sizeof copy, "%s/tests", t->run_dir[k]) != 0 || fs_copy_file(t->prog[k], copy) != 0)
				goto fail;
			snprintf(t->prog[k], PATH_CAP, "%s", copy);
		}
		c->argv[0] = t->prog[k];
		c->cwd = g->impl[IMPL_SUBMISSION].lab; /* the same test sources, read-only */
		c->stdout_path = t->out[k];
		c->stderr_path = t->err[k];
		c->timeout_s = g->spec.timeout_s;
		c->sandbox = &g->sandbox;
		c->run_dir = t->run_dir[k];
		fs_path(t->env[k][0], PATH_CAP, "MEMLAB_TEST_SEED=%" PRIu64, g->seed);
		c->env[e++] = t->env[k][0];
		if (k == TESTS_SANITIZED) {
			c->env[e++] = asan_options;
			c->env[e++] = ubsan_options;
		} else {
			/* the transcript: fd 3, a pipe the grader keeps */
			c->env[e++] = "MEMLAB_TRANSCRIPT_FD=3";
			c->extra[0].fd = 3;
			c->extra[0].path = t->transcript[k];
			c->extra[0].cap = TRANSCRIPT_KEEP;
		}
		if (k == TESTS_PITFALL) { /* which tests there are, by name: Check's TAP, through fd 4 */
			if (fs_path(t->tap, PATH_CAP, "%s/tests.tap", t->keep[k]) != 0)
				goto fail;
			c->env[e++] = "MEMLAB_TAP=/proc/self/fd/4";
			c->extra[1].fd = 4;
			c->extra[1].path = t->tap;
		}
		c->env[e] = NULL;
	}
	return 0;
fail:
	snprintf(err, errlen, "cannot set up the tests' folders in %s", g->scratch);
	return -1;
}

/* One transcript, test by test: a hash of each test's lines and whether it reached its end. */
struct transcript {
	int n;
	uint64_t hash[TESTS_MAX];
	bool ended[TESTS_MAX];
	bool ok;                          /* read whole and well formed */
};

static uint64_t fnv_add(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return (h ^ '\n') * 1099511628211ull;
}

static void read_transcript(const char *path, struct transcript *t)
{
	char line[TRANSCRIPT_LINE_MAX], err[256];
	FILE *f = fs_open_regular(path, TRANSCRIPT_KEEP, err, sizeof err);
	long len;
	int cur = -1;

	memset(t, 0, sizeof *t);
	t->ok = f != NULL;
	while (f != NULL && (len = fs_read_line(f, line, sizeof line)) != -1) {
		if (len == -2) { /* no line of check_main.c is this long: a forged or broken transcript */
			t->ok = false;
			break;
		}
		if (strcmp(line, "S") == 0) {
			if (t->n == TESTS_MAX)
				break;
			cur = t->n++;
			t->hash[cur] = 14695981039346656037ull;
		} else if (cur >= 0 && strcmp(line, "E") == 0) {
			t->ended[cur] = true;
			cur = -1; /* lines after E and before the next S belong to no test */
		} else if (cur >= 0) {
			t->hash[cur] = fnv_add(t->hash[cur], line, (size_t)len);
		}
	}
	if (f != NULL)
		fclose(f);
}

/* Check's TAP lines (trusted: the pitfall's): the "tcase:test" name of each, in order. */
static int read_names(const char *path, char (*names)[128], int max)
{
	char line[1024], err[256];
	int n = 0;
	FILE *f = fs_open_regular(path, TOOL_FILE_MAX, err, sizeof err);

	while (f != NULL && n < max && fs_read_line(f, line, sizeof line) >= 0) {
		if (strncmp(line, "ok ", 3) != 0 && strncmp(line, "not ok ", 7) != 0)
			continue;
		/* "ok 3 - tests/x.c:tcase:test: Passed" */
		const char *dash = strstr(line, " - ");
		const char *c1 = dash != NULL ? strchr(dash, ':') : NULL;
		const char *c3 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
		c3 = c3 != NULL ? strchr(c3 + 1, ':') : NULL;
		if (c1 != NULL && c3 != NULL)
			snprintf(names[n], 128, "%.*s", (int)(c3 - c1 - 1), c1 + 1);
		else
			snprintf(names[n], 128, "test %d", n + 1);
		n++;
	}
	if (f != NULL)
		fclose(f);
	return n;
}

/*
 * The first line of test `which` where the submission's transcript differs
 * from the trusted one: "at tests/x.c:42 expected '== 8 8', got '== 7 8'".
 */
static void first_difference(const char *sub, const char *want, int which, char *out, size_t cap)
{
	char a[TRANSCRIPT_LINE_MAX], b[TRANSCRIPT_LINE_MAX], err[256];
	FILE *fa = fs_open_regular(sub, TRANSCRIPT_KEEP, err, sizeof err);
	FILE *fb = fs_open_regular(want, TRANSCRIPT_KEEP, err, sizeof err);
	long la = 0, lb = 0;

	snprintf(out, cap, "its assertions saw other values");
	/* move both to the start of test `which` */
	for (int seen = -1; fa != NULL && seen < which && (la = fs_read_line(fa, a, sizeof a)) >= 0;)
		seen += strcmp(a, "S") == 0;
	for (int seen = -1; fb != NULL && seen < which && (lb = fs_read_line(fb, b, sizeof b)) >= 0;)
		seen += strcmp(b, "S") == 0;
	while (fa != NULL && fb != NULL) {
		la = fs_read_line(fa, a, sizeof a);
		lb = fs_read_line(fb, b, sizeof b);
		if (lb < 0 || strcmp(b, "E") == 0) {
			if (la >= 0 && strcmp(a, "E") != 0)
				snprintf(out, cap, "it went on after its last assertion");
			break;
		}
		if (la < 0 || strcmp(a, "S") == 0) {
			char *space = strchr(b, ' ');
			snprintf(out, cap, "it ended before %.*s (a crash, exit() or a timeout)",
				 space != NULL ? (int)(space - b) : (int)strlen(b), b);
			break;
		}
		if (strcmp(a, b) != 0) {
			char *sa = strchr(a, ' '), *sb = strchr(b, ' ');
			if (sa != NULL && sb != NULL && sa - a == sb - b && strncmp(a, b, (size_t)(sa - a)) == 0)
				snprintf(out, cap, "at %.*s: expected '%s', got '%s'", (int)(sb - b), b, sb + 1, sa + 1);
			else
				snprintf(out, cap, "at %s: its assertions took another path", b);
			break;
		}
	}
	if (fa != NULL)
		fclose(fa);
	if (fb != NULL)
		fclose(fb);
}

/* The first line a sanitizer wrote into a run's stderr, or NULL: its report, for the student. */
static bool sanitizer_report(const char *path, char *out, size_t cap)
{
	static const char *const marks[] = { "ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:" };
	char line[1024], err[256];
	FILE *f = fs_open_regular(path, CHILD_OUTPUT_KEEP, err, sizeof err);
	bool found = false;
	long n;

	while (f != NULL && !found && (n = fs_read_line(f, line, sizeof line)) != -1)
		for (size_t i = 0; n >= 0 && i < sizeof marks / sizeof marks[0] && !found; i++)
			if (strstr(line, marks[i]) != NULL) {
				const char *p = strstr(line, marks[i]);
				snprintf(out, cap, "%s", p);
				found = true;
			}
	if (f != NULL)
		fclose(f);
	return found;
}

int tests_judge(struct grading *g, struct tests_round *t, char *err, size_t errlen)
{
	static char names[TESTS_MAX][128];
	static bool verdicts[TESTS_MAX];
	static struct transcript sub, pit, ref;
	char what[128], log[PATH_CAP];

	for (int k = TESTS_PITFALL; k < TESTS_RUNS; k++) {
		const struct child *c = &t->c[k];
		if (!t->used[k])
			continue;
		if (!child_ok(c) || c->lost || c->extra[0].cut) {
			snprintf(err, errlen, "the lab's own tests fail on %s (%s%s)",
				 k == TESTS_PITFALL ? "pitfall.c" : "the reference solution",
				 child_describe(c, what, sizeof what), c->lost || c->extra[0].cut ? ", transcript not kept whole" : "");
			return -1;
		}
	}
	int ntests = read_names(t->tap, names, TESTS_MAX);
	read_transcript(t->transcript[TESTS_PITFALL], &pit);
	if (t->used[TESTS_REFERENCE])
		read_transcript(t->transcript[TESTS_REFERENCE], &ref);
	if (ntests == 0 || !pit.ok || pit.n != ntests || (t->used[TESTS_REFERENCE] && (!ref.ok || ref.n != ntests))) {
		snprintf(err, errlen, "the lab's own tests wrote %d transcripts for %d tests (is labs/common current?)",
			 pit.n, ntests);
		return -1;
	}
	read_transcript(t->transcript[TESTS_SUBMISSION], &sub);
	int passed = 0, first_fail = -1;
	g->ntests = ntests;
	g->test_names = names;
	g->test_passed = verdicts;
	for (int i = 0; i < ntests; i++) {
		bool pass = sub.ok && i < sub.n && sub.ended[i] &&
			    ((pit.ended[i] && sub.hash[i] == pit.hash[i]) ||
			     (t->used[TESTS_REFERENCE] && ref.ended[i] && sub.hash[i] == ref.hash[i]));
		verdicts[i] = pass;
		passed += pass;
		if (!pass && first_fail < 0)
			first_fail = i;
	}
	g->tests_total = ntests;
	g->tests_passed = passed;
	const struct child *c = &t->c[TESTS_SUBMISSION];
	if (first_fail >= 0) {
		char why[REPORT_DETAIL_MAX / 2];
		const char *want = t->used[TESTS_REFERENCE] ? t->transcript[TESTS_REFERENCE] : t->transcript[TESTS_PITFALL];
		if (c->timed_out || c->skipped)
			snprintf(why, sizeof why, "the tests %s", child_describe(c, what, sizeof what));
		else if (!sub.ok || c->extra[0].cut)
			snprintf(why, sizeof why, "their transcript was unreadable or too long (%s)",
				 child_describe(c, what, sizeof what));
		else if (first_fail >= sub.n)
			snprintf(why, sizeof why, "only %d of %d tests ran (%s)", sub.n, ntests,
				 child_describe(c, what, sizeof what));
		else
			first_difference(t->transcript[TESTS_SUBMISSION], want, first_fail, why, sizeof why);
		snprintf(g->tests_why, sizeof g->tests_why, "first failing: %s: %s", names[first_fail], why);
	}
	/* the student's copy of what Check printed */
	if (outdir_file(&g->out, "tests.log", log) == 0)
		fs_copy_file(t->out[TESTS_SUBMISSION], log);
	if (c->out_cut)
		grading_note(g, "the tests printed %llu bytes; tests.log keeps the first %llu",
			     (unsigned long long)c->out_bytes, (unsigned long long)CHILD_OUTPUT_KEEP);
	/* the second detector, on the tests */
	g->asan_tests_clean = true;
	if (t->used[TESTS_SANITIZED] && sanitizer_report(t->err[TESTS_SANITIZED], g->asan_tests_why,
							 sizeof g->asan_tests_why)) {
		g->asan_tests_clean = false;
		if (outdir_file(&g->out, "sanitizer-tests.log", log) == 0)
			fs_copy_file(t->err[TESTS_SANITIZED], log);
	}
	return 0;
}
