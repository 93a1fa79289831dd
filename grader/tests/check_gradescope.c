/*
 * check_gradescope.c - the Gradescope autograder of a lab, as Gradescope
 * runs it, in a temporary folder laid out like Gradescope's
 * (MEMLAB_AUTOGRADER_ROOT): gradescope/make-zip packs lab 02; the zip is
 * extracted into source/ (by unpack.c: it must hold no link); setup.sh
 * builds the grader there; run_autograder grades what is in submission/
 * and must write results/results.json, valid JSON in Gradescope's format,
 * every time: a submission that does not compile, an empty one, the
 * reference solution inside a repository's folders, and a grader that is
 * not there at all.  Part of run-class (check_class.c has main).
 */
#include "class_util.h"
#include "tools/unpack.h"

#include <jansson.h>
#include <stdlib.h>
#include <unistd.h>

static char gs[PATH_CAP];

static void setup(void)
{
	fs_path(gs, sizeof gs, "/tmp/memlab-gradescope-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(gs));
}

static void teardown(void)
{
	fs_remove_tree(gs);
}

/* Runs run_autograder on a submission holding `file` (or nothing) at `where`; returns score, output. */
static double autograde(const char *where, const char *file_text, const char *copy_of, char *output, size_t cap)
{
	char path[PATH_CAP], env[PATH_CAP + 32], script[PATH_CAP], log[PATH_CAP];
	json_error_t jerr;
	struct ran r;

	fs_path(path, sizeof path, "%s/submission", gs);
	fs_remove_tree(path);
	ck_assert_int_eq(fs_mkdirs(path), 0);
	fs_path(path, sizeof path, "%s/submission/%s", gs, where);
	if (file_text != NULL)
		put_file(path, file_text);
	if (copy_of != NULL)
		put_copy(copy_of, path);
	fs_path(env, sizeof env, "MEMLAB_AUTOGRADER_ROOT=%s", gs);
	fs_path(script, sizeof script, "%s/source/run_autograder", gs);
	fs_path(log, sizeof log, "%s/run", gs);
	const char *argv[] = { "bash", script, NULL }, *envs[] = { env, NULL };
	run_in(gs, argv, envs, log, 600, &r);
	ck_assert_int_eq(r.status, 0);
	fs_path(path, sizeof path, "%s/results/results.json", gs);
	json_t *root = json_load_file(path, 0, &jerr);
	ck_assert_msg(root != NULL, "%s: %s", path, jerr.text);
	ck_assert(json_is_number(json_object_get(root, "score")) && json_is_array(json_object_get(root, "tests")));
	double score = json_number_value(json_object_get(root, "score"));
	snprintf(output, cap, "%s", json_string_value(json_object_get(root, "output")));
	json_decref(root);
	return score;
}

START_TEST(autograder_always_writes_results)
{
	char zipdir[PATH_CAP], zip[PATH_CAP], source[PATH_CAP], env[PATH_CAP + 32], script[PATH_CAP], log[PATH_CAP];
	char err[512], said[1024], grade[PATH_CAP], hidden[PATH_CAP];
	static char text[TEXT_MAX];
	struct ran r;

	fs_path(zipdir, sizeof zipdir, "%s/zip", gs);
	fs_path(log, sizeof log, "%s/make-zip", gs);
	const char *make_zip[] = { "../gradescope/make-zip", "02-concatenation", zipdir, NULL };
	run_in(".", make_zip, NULL, log, 120, &r);
	ck_assert_msg(r.status == 0, "make-zip: %s", text_of_file(r.err, text));
	fs_path(zip, sizeof zip, "%s/memlab-02-concatenation.zip", zipdir);
	fs_path(source, sizeof source, "%s/source", gs);
	ck_assert_msg(unpack_archive(zip, source, err, sizeof err) == 0, "%s", err);

	fs_path(env, sizeof env, "MEMLAB_AUTOGRADER_ROOT=%s", gs);
	fs_path(script, sizeof script, "%s/setup.sh", source);
	fs_path(log, sizeof log, "%s/setup", gs);
	const char *setup_argv[] = { "bash", script, NULL }, *envs[] = { env, NULL };
	run_in(gs, setup_argv, envs, log, 600, &r);
	ck_assert_msg(r.status == 0, "setup.sh: %s", text_of_file(r.err, text));

	ck_assert(autograde("textbuf.c", "this is not C;\n", NULL, said, sizeof said) == 0);
	ck_assert_msg(strstr(said, "build failed") != NULL, "%s", said);
	ck_assert(autograde("other.c", "int x;\n", NULL, said, sizeof said) == 0);
	ck_assert_msg(strstr(said, "no textbuf.c") != NULL, "%s", said);
	ck_assert(autograde("my-repo/labs/02-concatenation/textbuf.c", NULL, "../solutions/02-concatenation/textbuf.c",
			    said, sizeof said) == 100);
	/* no grader at all: still a results.json, saying so */
	fs_path(grade, sizeof grade, "%s/memlab/grader/grade", source);
	fs_path(hidden, sizeof hidden, "%s.away", grade);
	ck_assert_int_eq(rename(grade, hidden), 0);
	ck_assert(autograde("textbuf.c", "int x;\n", NULL, said, sizeof said) == 0);
	ck_assert_msg(strstr(said, "not built") != NULL, "%s", said);
}
END_TEST

TCase *gradescope_tcase(void)
{
	TCase *tc = tcase_create("gradescope");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, autograder_always_writes_results);
	return tc;
}
