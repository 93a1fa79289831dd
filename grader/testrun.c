/*
 * testrun.c - the first round of a grading (see grade.h): the Check tests
 * of the submission and of the pitfall, and the input file of every size.
 * Neighbours: measure.c runs the second round; labs/common/check_main.c is
 * the other half of the test protocol.
 *
 * Check's word alone is not taken: Check counts a test that calls exit(0)
 * halfway as passed, and the test program can write any file it likes.  A
 * test passes only if, in order,
 *   - the pitfall's tests (trusted) list it: that is the set of tests;
 *   - the submission's TAP file says "ok" for it;
 *   - the trusted end-of-test marker was written after its body ran to the
 *     end, carrying the secret this grading handed the test program on fd 3.
 */
#include "grade.h"

#include "child.h"
#include "fsutil.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

/* Check's TAP lines, in order: ok[i], and the "tcase:test" of each in names. */
static int read_tap(const char *path, bool *ok, char (*names)[128], int max)
{
	char line[1024], err[256];
	int n = 0;
	FILE *f = fs_open_regular(path, TOOL_FILE_MAX, err, sizeof err);

	while (f != NULL && n < max && fs_read_line(f, line, sizeof line) >= 0) {
		bool pass = strncmp(line, "ok ", 3) == 0;
		if (!pass && strncmp(line, "not ok ", 7) != 0)
			continue;
		/* "ok 3 - file.c:tcase:test: message" (failures add ":line:F" fields before tcase) */
		const char *dash = strstr(line, " - ");
		ok[n] = pass;
		snprintf(names[n], 128, "%s", dash != NULL ? dash + 3 : "");
		n++;
	}
	if (f != NULL)
		fclose(f);
	return n;
}

/* "tests/x.c:tcase:test: Passed" -> ":tcase:test:" (what a failing line must contain too) */
static void test_key(const char *tap_name, char *key, size_t cap)
{
	const char *c1 = strchr(tap_name, ':');
	const char *c3 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
	c3 = c3 != NULL ? strchr(c3 + 1, ':') : NULL;
	if (c1 == NULL || c3 == NULL)
		snprintf(key, cap, "%s", tap_name);
	else
		snprintf(key, cap, "%.*s", (int)(c3 - c1 + 1), c1);
}

/* Scores the submission's tests against the pitfall's list and the end markers. */
static void judge_tests(struct grading *g, const char *trusted_tap, const char *tap, const char *marks,
			const char *nonce, const struct child *run)
{
	enum { MAX_TESTS = 512 };
	static bool want_ok[MAX_TESTS], got_ok[MAX_TESTS];
	static char want[MAX_TESTS][128], got[MAX_TESTS][128];
	char what[128], err[256], line[256], end[128];
	int nwant = read_tap(trusted_tap, want_ok, want, MAX_TESTS);
	int ngot = read_tap(tap, got_ok, got, MAX_TESTS);
	int segment = -1, passed = 0;
	static bool ended[MAX_TESTS];

	memset(ended, 0, sizeof ended);
	snprintf(end, sizeof end, "E %s", nonce);
	FILE *f = fs_open_regular(marks, TOOL_FILE_MAX, err, sizeof err);
	while (f != NULL && fs_read_line(f, line, sizeof line) >= 0) {
		if (strcmp(line, "S") == 0)
			segment++;
		else if (strcmp(line, end) == 0 && segment >= 0 && segment < MAX_TESTS)
			ended[segment] = true;
	}
	if (f != NULL)
		fclose(f);
	g->tests_total = nwant;
	for (int i = 0; i < nwant && i < ngot; i++) {
		char key[128];
		test_key(want[i], key, sizeof key);
		if (got_ok[i] && ended[i] && strstr(got[i], key) != NULL)
			passed++;
	}
	g->tests_passed = passed;
	if (nwant == 0)
		snprintf(g->tests_why, sizeof g->tests_why, "the lab's own tests reported nothing");
	else if (run->timed_out)
		snprintf(g->tests_why, sizeof g->tests_why, "the tests %s", child_describe(run, what, sizeof what));
	else if (ngot < nwant)
		snprintf(g->tests_why, sizeof g->tests_why, "only %d of %d tests reported (%s)", ngot, nwant,
			 child_describe(run, what, sizeof what));
	else if (passed < nwant) {
		int early = 0;
		for (int i = 0; i < nwant; i++)
			early += got_ok[i] && !ended[i];
		if (early > 0)
			snprintf(g->tests_why, sizeof g->tests_why, "%d test%s ended early (exit inside a tested function?)",
				 early, early == 1 ? "" : "s");
	}
}

int grading_run_tests(struct grading *g, char *err, size_t errlen)
{
	const struct spec *s = &g->spec;
	struct child *c = calloc(SPEC_MAX_SIZES + 2, sizeof *c);
	struct child *running[SPEC_MAX_SIZES + 2];
	char (*arg)[4][PATH_CAP] = calloc(SPEC_MAX_SIZES + 2, sizeof *arg);
	char tap[2][PATH_CAP], tapenv[2][PATH_CAP], marks[PATH_CAP], marksenv[PATH_CAP], tmpenv[PATH_CAP];
	char log[PATH_CAP], nonce[40], what[128];
	uint64_t secret[2];
	unsigned n = 0;
	int rc = -1;

	if (c == NULL || arg == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (getrandom(secret, sizeof secret, 0) != (ssize_t)sizeof secret) {
		snprintf(err, errlen, "no random numbers for the test secret");
		goto out;
	}
	snprintf(nonce, sizeof nonce, "%016" PRIx64 "%016" PRIx64, secret[0], secret[1]);
	/* the submission's tests, in the sandbox, from its lab copy */
	fs_path(tap[0], PATH_CAP, "%s/tests.tap", g->student);
	fs_path(marks, sizeof marks, "%s/tests.marks", g->student);
	fs_path(tapenv[0], PATH_CAP, "MEMLAB_TAP=%s", tap[0]);
	fs_path(marksenv, sizeof marksenv, "MEMLAB_MARKS=%s", marks);
	fs_path(tmpenv, sizeof tmpenv, "TMPDIR=%s/tmp", g->student);
	fs_path(log, sizeof log, "%s/tests.log", g->out_dir);
	fs_path(arg[n][0], PATH_CAP, "%s/%s/tests", g->impl[IMPL_SUBMISSION].lab, g->impl[IMPL_SUBMISSION].build_dir);
	c[n].argv[0] = arg[n][0];
	c[n].env[0] = tapenv[0];
	c[n].env[1] = marksenv;
	c[n].env[2] = tmpenv;
	c[n].fd3_data = nonce;
	c[n].cwd = g->impl[IMPL_SUBMISSION].lab;
	c[n].stdout_path = log;
	c[n].timeout_s = s->timeout_s;
	c[n].sandbox = &g->sandbox;
	n++;
	/* the pitfall's tests: which tests there are */
	fs_path(tap[1], PATH_CAP, "%s/tests.tap", g->trusted);
	fs_path(tapenv[1], PATH_CAP, "MEMLAB_TAP=%s", tap[1]);
	fs_path(arg[n][0], PATH_CAP, "%s/build/pitfall/tests", g->impl[IMPL_PITFALL].lab);
	c[n].argv[0] = arg[n][0];
	c[n].env[0] = tapenv[1];
	c[n].cwd = g->impl[IMPL_PITFALL].lab;
	c[n].timeout_s = s->timeout_s;
	n++;
	unsigned first_input = n;
	for (size_t i = 0; s->input[0] != '\0' && i < s->nsizes; i++, n++) {
		fs_path(arg[n][0], PATH_CAP, "%s/build/pitfall/%s", g->impl[IMPL_PITFALL].lab, s->input);
		fs_path(arg[n][1], PATH_CAP, "%" PRIu64, s->sizes[i]);
		fs_path(arg[n][2], PATH_CAP, "%" PRIu64, g->seed);
		grading_input_path(g, i, arg[n][3]);
		const char *argv[] = { arg[n][0], "--size", arg[n][1], "--seed", arg[n][2], arg[n][3], NULL };
		memcpy(c[n].argv, argv, sizeof argv);
		c[n].cwd = g->scratch;
		c[n].timeout_s = TIMEOUT_INPUT_S;
	}
	for (unsigned k = 0; k < n; k++)
		running[k] = &c[k];
	child_run_all(running, n, g->jobs);
	sandbox_sweep(&g->sandbox);
	for (unsigned k = first_input; k < n; k++)
		if (!child_ok(&c[k])) {
			snprintf(err, errlen, "the lab's input tool failed (%s)", child_describe(&c[k], what, sizeof what));
			goto out;
		}
	if (!child_ok(&c[1])) {
		snprintf(err, errlen, "the lab's own tests fail on pitfall.c (%s)", child_describe(&c[1], what, sizeof what));
		goto out;
	}
	for (unsigned k = first_input; k < n; k++)
		chmod(c[k].argv[5], 0644); /* readable by the runner */
	judge_tests(g, tap[1], tap[0], marks, nonce, &c[0]);
	if (c[0].out_cut)
		grading_note(g, "the tests printed %llu bytes; tests.log keeps the first %llu",
			     (unsigned long long)c[0].out_bytes, (unsigned long long)CHILD_OUTPUT_KEEP);
	rc = 0;
out:
	free(arg);
	free(c);
	return rc;
}

