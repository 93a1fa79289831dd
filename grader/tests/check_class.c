/*
 * check_class.c - class mode end to end (grade --class, grade --merge) on
 * the real labs 02 and 04, the quickest to grade.  The class:
 *   alice                      both labs, the reference solutions
 *   bob, "the" builder         02 does not compile; 04 is the pitfall
 *   carol                      a .zip of carol/02-concatenation/ (a wrapping
 *                              folder), and a stray notes.txt
 *   dave                       a .tar.gz with a '..' entry: refused
 *   README.txt, _reserved/     not students
 * Tests, in order (each uses what the one before left):
 *   the gradebook holds the right scores, CSV-quoted names and notes;
 *   a rerun grades nothing, in under 5 s; a changed file is graded alone;
 *   an interrupted run (SIGINT) keeps what finished and leaves no grading
 *   running, and the next run grades only the rest;
 *   two shards, merged, give the same gradebook; parts that overlap or
 *   disagree on the labs are refused.
 * Then a second class of odd names, lab 02 only:
 *   st<ff>ud                   not UTF-8; 02 does not compile
 *   '";$(x),                   quotes, shell, comma; the reference
 *   new<LF>line                a line break; the reference
 * each in the gradebook, in class.json with its exact bytes, through two
 * shards and a merge; the class run's TMPDIR is where a grading's scratch
 * goes; --help anywhere on a class command line is the class-mode help.
 * Also main() for run-class, which adds check_unpack.c's and
 * check_gradescope.c's cases.  Run from grader/ (make check does);
 * KEEP_CLASS_TEST=1 keeps the temporary folder, to look at what was made.
 */
#include "class_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BOB "bob, \"the\" builder"

TCase *unpack_tcase(void);       /* check_unpack.c */
TCase *gradescope_tcase(void);   /* check_gradescope.c */

static char tmp[PATH_CAP], klass[PATH_CAP], out[PATH_CAP];
static char odd_class[PATH_CAP], odd_out[PATH_CAP]; /* the class of odd names, below */

/*
 * grade --class on the test class, labs 02 and 04, -j 2, plus extra
 * arguments.  One seed for all: a score may depend on it (lab 04's pitfall
 * has scored 47.5 and 50), and shards must grade as the whole class did.
 */
static void grade_class(const char *out_dir, const char *a1, const char *a2, struct ran *r)
{
	char log[PATH_CAP];
	const char *argv[] = { "./grade", "--class", klass, "--labs", "02,04", "--seed", "1", "-j", "2", "--out", out_dir,
			       a1, a2, NULL };
	fs_path(log, sizeof log, "%s/log", tmp);
	run_in(".", argv, NULL, log, 900, r);
}

static void make_class(void)
{
	char path[PATH_CAP], sol02[PATH_CAP], sol04[PATH_CAP];
	static char text[TEXT_MAX];

	fs_path(sol02, sizeof sol02, "../solutions/02-concatenation/textbuf.c");
	fs_path(sol04, sizeof sol04, "../solutions/04-unbounded-cache/cache.c");
	fs_path(path, sizeof path, "%s/alice/02-concatenation/textbuf.c", klass);
	put_copy(sol02, path);
	fs_path(path, sizeof path, "%s/alice/04-unbounded-cache/cache.c", klass);
	put_copy(sol04, path);
	fs_path(path, sizeof path, "%s/%s/02-concatenation/textbuf.c", klass, BOB);
	put_file(path, "this is not C;\n");
	fs_path(path, sizeof path, "%s/%s/04-unbounded-cache/cache.c", klass, BOB);
	put_copy("../labs/04-unbounded-cache/pitfall.c", path);
	fs_path(path, sizeof path, "%s/carol/notes.txt", klass);
	put_file(path, "my notes\n");
	struct item carol[] = { { "carol/02-concatenation/textbuf.c", 'f', text_of_file(sol02, text), 0 }, { NULL, 0, NULL, 0 } };
	fs_path(path, sizeof path, "%s/carol/carol.zip", klass);
	make_archive(path, true, carol);
	struct item dave[] = { { "02-concatenation/textbuf.c", 'f', "int x;\n", 0 }, { "../evil.c", 'f', "x", 0 },
			       { NULL, 0, NULL, 0 } };
	fs_path(path, sizeof path, "%s/dave", klass);
	ck_assert_int_eq(fs_mkdirs(path), 0);
	fs_path(path, sizeof path, "%s/dave/dave.tar.gz", klass);
	make_archive(path, false, dave);
	fs_path(path, sizeof path, "%s/README.txt", klass);
	put_file(path, "the class\n");
	fs_path(path, sizeof path, "%s/_reserved/x", klass);
	put_file(path, "x\n");
}

START_TEST(class_is_graded_into_a_gradebook)
{
	static char text[TEXT_MAX];
	char path[PATH_CAP];
	struct ran r;

	make_class();
	grade_class(out, NULL, NULL, &r);
	ck_assert_msg(r.status == 0, "grade --class: status %d (%s)", r.status, text_of_file(r.err, text));
	fs_path(path, sizeof path, "%s/gradebook.csv", out);
	ck_assert_int_eq(parse_csv(text_of_file(path, text)), 5);
	const char *want[5][5] = {
		{ "student", "02-concatenation", "04-unbounded-cache", "total", "notes" },
		{ "alice", "100", "100", "200", "" },
		{ BOB, "0", "20", "20", NULL },
		{ "carol", "100", "0", "100", NULL },
		{ "dave", "0", "0", "0", NULL },
	};
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 5; j++)
			if (want[i][j] != NULL)
				ck_assert_msg(strcmp(cells[i][j], want[i][j]) == 0, "row %d, column %d: '%s', not '%s'\n%s", i,
					      j, cells[i][j], want[i][j], text);
	ck_assert(strstr(text, "\"bob, \"\"the\"\" builder\"") != NULL);  /* quoted, quotes doubled */
	ck_assert(strstr(cells[2][4], "02-concatenation: did not build") != NULL);
	ck_assert(strstr(cells[3][4], "stray file 'notes.txt'") && strstr(cells[3][4], "no 04-unbounded-cache folder"));
	ck_assert_msg(strstr(cells[4][4], "refused") && strstr(cells[4][4], "'..'"), "%s", cells[4][4]);
	/* every entry has its results.json, missing ones too; the class report says what is not a student */
	const char *who[] = { "alice", BOB, "carol", "dave" };
	for (int i = 0; i < 4; i++)
		for (int l = 0; l < 2; l++) {
			fs_path(path, sizeof path, "%s/%s/%s/results.json", out, who[i], l ? "04-unbounded-cache" : "02-concatenation");
			ck_assert_msg(fs_is_file(path), "no %s", path);
		}
	fs_path(path, sizeof path, "%s/alice/results.json", out);  /* each student's, one test per lab */
	ck_assert_msg(strstr(text_of_file(path, text), "\"score\": 200") != NULL, "%s", text);
	fs_path(path, sizeof path, "%s/class-report.txt", out);
	text_of_file(path, text);
	ck_assert(strstr(text, "'README.txt': a stray file") && strstr(text, "'_reserved'"));
	ck_assert(strstr(text, "mean") && strstr(text, "pitfall") && strstr(text, "reference"));
	fs_path(path, sizeof path, "%s/_plots/04-unbounded-cache-peaks.png", out);
	ck_assert_msg(fs_is_file(path), "no %s", path);
}
END_TEST

START_TEST(rerun_grades_nothing)
{
	static char before[TEXT_MAX], after[TEXT_MAX], said[TEXT_MAX];
	char path[PATH_CAP];
	struct ran r;

	fs_path(path, sizeof path, "%s/gradebook.csv", out);
	text_of_file(path, before);
	grade_class(out, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(strstr(text_of_file(r.out, said), "this run: 0 graded") != NULL, "%s", said);
	ck_assert_msg(r.wall_s < 5, "a rerun with nothing to grade took %.1f s", r.wall_s);
	ck_assert_str_eq(text_of_file(path, after), before);
	printf("  class rerun, nothing changed: %.2f s\n", r.wall_s);
}
END_TEST

/* When results.json of who's lab was last written, in ns. */
static long long mtime(const char *who, const char *lab)
{
	char path[PATH_CAP];
	struct stat st;
	fs_path(path, sizeof path, "%s/%s/%s/results.json", out, who, lab);
	return stat(path, &st) == 0 ? st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec : 0;
}

START_TEST(a_changed_file_is_graded_alone)
{
	static char said[TEXT_MAX];
	char path[PATH_CAP];
	struct ran r;

	long long other = mtime("alice", "04-unbounded-cache"), same = mtime("alice", "02-concatenation");
	fs_path(path, sizeof path, "%s/alice/02-concatenation/textbuf.c", klass);
	FILE *f = fopen(path, "a");
	ck_assert_ptr_nonnull(f);
	fputs("/* one more comment: new bytes, a new key */\n", f);
	fclose(f);
	grade_class(out, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 0);
	ck_assert_msg(strstr(text_of_file(r.out, said), "this run: 1 graded") != NULL, "%s", said);
	ck_assert(mtime("alice", "04-unbounded-cache") == other && mtime("alice", "02-concatenation") != same);
}
END_TEST

static int keys_in(const char *dir)
{
	const char *who[] = { "alice", BOB, "carol" };
	char path[PATH_CAP];
	int n = 0;
	for (int i = 0; i < 3; i++)
		n += fs_path(path, sizeof path, "%s/%s/02-concatenation/graded.key", dir, who[i]) == 0 && fs_is_file(path);
	return n;
}

/*
 * Started by hand, not through child.h: the test must signal the class run
 * in the middle, and child_run_all() returns only at its end.
 */
START_TEST(an_interrupted_run_keeps_what_finished)
{
	static char said[TEXT_MAX];
	char out2[PATH_CAP], from[PATH_CAP], to[PATH_CAP], log[PATH_CAP];
	int status;
	struct ran r;

	fs_path(out2, sizeof out2, "%s/interrupted", tmp);
	fs_path(from, sizeof from, "%s/_baseline", out);
	fs_path(to, sizeof to, "%s/_baseline", out2);
	ck_assert_int_eq(fs_copy_tree(from, to, NULL), 0); /* same keys: reused, only students graded */
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		execl("./grade", "./grade", "--class", klass, "--labs", "02", "--seed", "1", "-j", "1", "--out", out2,
		      (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 3000 && keys_in(out2) == 0; i++)
		usleep(100 * 1000);
	ck_assert_msg(keys_in(out2) > 0, "no grading finished in 300 s");
	kill(pid, SIGINT);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT);
	for (int i = 0; i < 100 && running_with(out2); i++)
		usleep(100 * 1000);
	ck_assert_msg(!running_with(out2), "a grading of %s still runs after the class run died", out2);
	int kept = keys_in(out2);
	const char *argv[] = { "./grade", "--class", klass, "--labs", "02", "--seed", "1", "-j", "1", "--out", out2, NULL };
	fs_path(log, sizeof log, "%s/resume", tmp);
	run_in(".", argv, NULL, log, 900, &r);
	ck_assert_int_eq(r.status, 0);
	char want[64];
	snprintf(want, sizeof want, "this run: %d graded", 3 - kept);
	ck_assert_msg(strstr(text_of_file(r.out, said), want) != NULL, "kept %d; %s", kept, said);
	ck_assert_int_eq(keys_in(out2), 3);
	printf("  interrupted after %d of 3 gradings: the next run graded the other %d\n", kept, 3 - kept);
}
END_TEST

START_TEST(shards_merge_into_the_same_gradebook)
{
	static char whole[TEXT_MAX], merged[TEXT_MAX], said[TEXT_MAX];
	char part[2][PATH_CAP], from[PATH_CAP], to[PATH_CAP], path[PATH_CAP], dest[PATH_CAP], log[PATH_CAP];
	struct ran r;

	for (int i = 0; i < 2; i++) {
		char shard[8];
		snprintf(shard, sizeof shard, "%d/2", i);
		fs_path(part[i], PATH_CAP, "%s/shard-%d", tmp, i);
		fs_path(from, sizeof from, "%s/_baseline", out);
		fs_path(to, sizeof to, "%s/_baseline", part[i]);
		ck_assert_int_eq(fs_copy_tree(from, to, NULL), 0);
		grade_class(part[i], "--shard", shard, &r);
		ck_assert_msg(r.status == 0, "shard %s: %s", shard, text_of_file(r.err, said));
		fs_path(path, sizeof path, "%s/gradebook.csv", part[i]);
		ck_assert_int_eq(parse_csv(text_of_file(path, said)), 3); /* FNV-1a: bob, carol | alice, dave */
	}
	fs_path(dest, sizeof dest, "%s/merged", tmp);
	fs_path(log, sizeof log, "%s/merge", tmp);
	const char *argv[] = { "./grade", "--merge", part[0], part[1], "--out", dest, NULL };
	run_in(".", argv, NULL, log, 120, &r);
	ck_assert_msg(r.status == 0, "merge: %s", text_of_file(r.err, said));
	fs_path(path, sizeof path, "%s/gradebook.csv", out);
	text_of_file(path, whole);
	fs_path(path, sizeof path, "%s/gradebook.csv", dest);
	ck_assert_str_eq(text_of_file(path, merged), whole);
	fs_path(path, sizeof path, "%s/dave/02-concatenation/results.json", dest);
	ck_assert(fs_is_file(path));
	fs_path(path, sizeof path, "%s/_plots/02-concatenation-peaks.png", dest);
	ck_assert_msg(fs_is_file(path), "the merge drew no chart: %s", path);

	/* a part given twice overlaps; a part of other labs (another key) disagrees */
	const char *twice[] = { "./grade", "--merge", part[0], part[0], "--out", dest, NULL };
	run_in(".", twice, NULL, log, 120, &r);
	ck_assert_int_eq(r.status, 2);
	fs_path(to, sizeof to, "%s/other", tmp);
	ck_assert_int_eq(fs_copy_tree(part[1], to, NULL), 0);
	fs_path(path, sizeof path, "%s/class.json", to);
	char *key = strstr(text_of_file(path, merged), "\"key\": \"");
	ck_assert_ptr_nonnull(key);
	key[8] = key[8] == '0' ? '1' : '0';
	put_file(path, merged);
	const char *other[] = { "./grade", "--merge", part[0], to, "--out", dest, NULL };
	run_in(".", other, NULL, log, 120, &r);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(text_of_file(r.err, said), "different labs") != NULL, "%s", said);
}
END_TEST

/* The odd class: names that are not UTF-8, that a shell or a CSV would take apart, that break a line. */
#define ODD_BYTES "st\xff" "ud"
#define ODD_SHELL "'\";$(x),"
#define ODD_LINE  "new\nline"
static const char *const odd[3] = { ODD_SHELL, ODD_LINE, ODD_BYTES }; /* in byte order: gradebook order */

/* grade --class on the odd class into out_dir, lab 02 (its baselines copied from the first class's). */
static void grade_odd(const char *out_dir, const char *a1, const char *a2, struct ran *r)
{
	char from[PATH_CAP], to[PATH_CAP], log[PATH_CAP];
	const char *argv[] = { "./grade", "--class", odd_class, "--labs", "02", "--seed", "1", "-j", "2", "--out", out_dir,
			       a1, a2, NULL };

	fs_path(from, sizeof from, "%s/_baseline", out);
	fs_path(to, sizeof to, "%s/_baseline", out_dir);
	if (fs_is_dir(from) && !fs_is_dir(to))  /* none: the run grades them */
		ck_assert_int_eq(fs_copy_tree(from, to, NULL), 0);
	fs_path(log, sizeof log, "%s/odd-log", tmp);
	run_in(".", argv, NULL, log, 900, r);
}

/* The students of dir/class.json, their names decoded (name_hex if there is one, else name), into names[3]. */
static size_t class_json_names(const char *dir, char names[3][CLASS_NAME_MAX])
{
	char path[PATH_CAP];
	json_error_t jerr;
	json_t *st;
	size_t i;

	fs_path(path, sizeof path, "%s/class.json", dir);
	json_t *root = json_load_file(path, 0, &jerr);
	ck_assert_msg(root != NULL, "%s: %s", path, jerr.text);
	json_t *students = json_object_get(root, "students");
	json_array_foreach(students, i, st) {
		const char *hex = json_string_value(json_object_get(st, "name_hex"));
		const char *name = json_string_value(json_object_get(st, "name"));
		ck_assert_ptr_nonnull(name);
		if (i >= 3)
			continue;
		if (hex == NULL) {
			snprintf(names[i], CLASS_NAME_MAX, "%s", name);
			continue;
		}
		size_t n = strlen(hex);
		ck_assert(n % 2 == 0 && n / 2 < CLASS_NAME_MAX);
		for (size_t b = 0; b < n / 2; b++) {
			unsigned v;
			ck_assert_int_eq(sscanf(hex + 2 * b, "%2x", &v), 1);
			names[i][b] = (char)v;
		}
		names[i][n / 2] = '\0';
	}
	size_t count = json_array_size(students);
	json_decref(root);
	return count;
}

START_TEST(odd_names_are_graded_like_any_other)
{
	static char text[TEXT_MAX], said[TEXT_MAX];
	char path[PATH_CAP], names[3][CLASS_NAME_MAX];
	struct ran r;

	fs_path(path, sizeof path, "%s/%s/02-concatenation/textbuf.c", odd_class, ODD_BYTES);
	put_file(path, "this is not C;\n");
	for (int i = 0; i < 2; i++) {
		fs_path(path, sizeof path, "%s/%s/02-concatenation/textbuf.c", odd_class, odd[i]);
		put_copy("../solutions/02-concatenation/textbuf.c", path);
	}
	grade_odd(odd_out, NULL, NULL, &r);
	ck_assert_msg(r.status == 0, "grade --class: status %d (%s)", r.status, text_of_file(r.err, said));

	/* the gradebook: every name exactly, RFC 4180 */
	fs_path(path, sizeof path, "%s/gradebook.csv", odd_out);
	ck_assert_int_eq(parse_csv(text_of_file(path, text)), 4);
	const char *scores[3] = { "100", "100", "0" };
	for (int i = 0; i < 3; i++) {
		ck_assert_msg(strcmp(cells[i + 1][0], odd[i]) == 0, "row %d: '%s', not '%s'\n%s", i + 1, cells[i + 1][0], odd[i], text);
		ck_assert_msg(strcmp(cells[i + 1][1], scores[i]) == 0, "%s: %s\n%s", odd[i], cells[i + 1][1], text);
	}
	/* its note names the log where the class put it, not where this run did (the grader showed the path escaped) */
	ck_assert_msg(strstr(cells[3][3], "did not build: the build failed") && strstr(cells[3][3], "see build-submission.log") &&
		      strstr(cells[3][3], odd_out) == NULL, "%s", cells[3][3]);

	/* class.json: every student, the exact bytes; printable names as they are, the others shown and in hex */
	ck_assert_int_eq(class_json_names(odd_out, names), 3);
	for (int i = 0; i < 3; i++)
		ck_assert_msg(strcmp(names[i], odd[i]) == 0, "class.json student %d is not '%s'", i, odd[i]);
	fs_path(path, sizeof path, "%s/class.json", odd_out);
	text_of_file(path, text);
	ck_assert_msg(strstr(text, "\"name\": \"st\\\\xffud\",\n   \"name_hex\": \"7374ff7564\"") != NULL, "%s", text);
	ck_assert_msg(strstr(text, "\"name\": \"'\\\";$(x),\",\n   \"notes\"") != NULL, "%s", text);

	/* what people read shows them escaped, on one line */
	fs_path(path, sizeof path, "%s/%s/report.txt", odd_out, ODD_LINE);
	ck_assert_msg(strncmp(text_of_file(path, text), "memlab class: new\\x0aline\n", 26) == 0, "%s", text);
	fs_path(path, sizeof path, "%s/%s/report.txt", odd_out, ODD_BYTES);
	ck_assert_msg(strncmp(text_of_file(path, text), "memlab class: st\\xffud\n", 23) == 0, "%s", text);
	ck_assert_msg(strstr(text_of_file(r.err, said), "st\\xffud 02-concatenation: 0.0/100") != NULL, "%s", said);
	fs_path(path, sizeof path, "%s/class-report.txt", odd_out);
	ck_assert(strchr(text_of_file(path, text), '\xff') == NULL);

	/* each one's own results.json, and its lab's, whole */
	for (int i = 0; i < 3; i++) {
		fs_path(path, sizeof path, "%s/%s/results.json", odd_out, odd[i]);
		ck_assert_msg(strstr(text_of_file(path, text), "\"student\"") != NULL, "%s: %s", path, text);
		fs_path(path, sizeof path, "%s/%s/02-concatenation/results.json", odd_out, odd[i]);
		ck_assert_msg(strstr(text_of_file(path, text), "\"graded_file\"") != NULL, "%s: %s", path, text);
	}
	fs_path(path, sizeof path, "%s/%s/results.json", odd_out, ODD_BYTES);
	ck_assert_msg(strstr(text_of_file(path, text), "\"student_hex\": \"7374ff7564\"") != NULL, "%s", text);
}
END_TEST

START_TEST(odd_names_survive_shards_and_a_merge)
{
	static char whole[TEXT_MAX], merged[TEXT_MAX], said[TEXT_MAX];
	char part[2][PATH_CAP], path[PATH_CAP], dest[PATH_CAP], log[PATH_CAP], names[3][CLASS_NAME_MAX];
	int rows[2] = { 3, 2 }; /* FNV-1a, mod 2: ODD_SHELL, ODD_BYTES | ODD_LINE */
	struct ran r;

	for (int i = 0; i < 2; i++) {
		char shard[8];
		snprintf(shard, sizeof shard, "%d/2", i);
		fs_path(part[i], PATH_CAP, "%s/odd-shard-%d", tmp, i);
		grade_odd(part[i], "--shard", shard, &r);
		ck_assert_msg(r.status == 0, "shard %s: %s", shard, text_of_file(r.err, said));
		fs_path(path, sizeof path, "%s/gradebook.csv", part[i]);
		ck_assert_int_eq(parse_csv(text_of_file(path, said)), rows[i]);
	}
	fs_path(dest, sizeof dest, "%s/odd-merged", tmp);
	fs_path(log, sizeof log, "%s/odd-merge", tmp);
	const char *argv[] = { "./grade", "--merge", part[0], part[1], "--out", dest, NULL };
	run_in(".", argv, NULL, log, 120, &r);
	ck_assert_msg(r.status == 0, "merge: %s", text_of_file(r.err, said));
	fs_path(path, sizeof path, "%s/gradebook.csv", odd_out);
	text_of_file(path, whole);
	fs_path(path, sizeof path, "%s/gradebook.csv", dest);
	ck_assert_str_eq(text_of_file(path, merged), whole);
	ck_assert_int_eq(class_json_names(dest, names), 3);
	for (int i = 0; i < 3; i++) {
		ck_assert_msg(strcmp(names[i], odd[i]) == 0, "merged class.json student %d is not '%s'", i, odd[i]);
		/* the merge found each one's folder by its exact name */
		fs_path(path, sizeof path, "%s/%s/02-concatenation/results.json", dest, odd[i]);
		ck_assert_msg(fs_is_file(path), "the merge has no %s", path);
	}
}
END_TEST

/* A grading's build log names the scratch folder it built in: the class run's TMPDIR, not /tmp. */
START_TEST(tmpdir_is_where_the_gradings_scratch_goes)
{
	static char said[TEXT_MAX], text[TEXT_MAX];
	char scratch[PATH_CAP], klass2[PATH_CAP], out2[PATH_CAP], path[PATH_CAP], env[PATH_CAP + 16], log[PATH_CAP];
	char from[PATH_CAP], to[PATH_CAP], want[PATH_CAP];
	struct ran r;

	fs_path(scratch, sizeof scratch, "%s/scratch", tmp);
	ck_assert_int_eq(fs_mkdirs(scratch), 0);
	ck_assert_int_eq(chmod(scratch, 0755), 0); /* as root, the runner user must reach it */
	fs_path(klass2, sizeof klass2, "%s/tmpdir-class", tmp);
	fs_path(out2, sizeof out2, "%s/tmpdir-out", tmp);
	fs_path(path, sizeof path, "%s/erin/02-concatenation/textbuf.c", klass2);
	put_copy("../solutions/02-concatenation/textbuf.c", path);
	fs_path(from, sizeof from, "%s/_baseline", out);
	fs_path(to, sizeof to, "%s/_baseline", out2);
	if (fs_is_dir(from))
		ck_assert_int_eq(fs_copy_tree(from, to, NULL), 0);
	fs_path(env, sizeof env, "TMPDIR=%s", scratch);
	fs_path(log, sizeof log, "%s/tmpdir", tmp);
	const char *argv[] = { "./grade", "--class", klass2, "--labs", "02", "--seed", "1", "-j", "1", "--out", out2, NULL };
	const char *envs[] = { env, NULL };
	run_in(".", argv, envs, log, 900, &r);
	ck_assert_msg(r.status == 0, "grade --class: status %d (%s)", r.status, text_of_file(r.err, said));
	fs_path(path, sizeof path, "%s/erin/02-concatenation/build-submission.log", out2);
	fs_path(want, sizeof want, "%s/memlab-grade-", scratch);
	ck_assert_msg(strstr(text_of_file(path, text), want) != NULL, "%s does not build under %s:\n%s", path, scratch, text);

	/* a TMPDIR a grading (run in memlab's folder) would read otherwise: refused, nothing graded */
	const char *rel[] = { "TMPDIR=scratch", NULL };
	run_in(".", argv, rel, log, 60, &r);
	ck_assert_int_eq(r.status, 2);
	ck_assert_msg(strstr(text_of_file(r.err, said), "TMPDIR=scratch: not an absolute path") != NULL, "%s", said);
}
END_TEST

START_TEST(class_help_anywhere_is_the_class_help)
{
	static char said[TEXT_MAX];
	char log[PATH_CAP], help_out[PATH_CAP];
	struct ran r;

	fs_path(log, sizeof log, "%s/help", tmp);
	fs_path(help_out, sizeof help_out, "%s/help-out", tmp);
	const char *lines[][8] = {
		{ "./grade", "--class", "--help", NULL },
		{ "./grade", "--merge", "--help", NULL },
		{ "./grade", "--class", klass, "--labs", "02", "--out", help_out, "-h" },
		{ "./grade", "--merge", out, out, "--help", "--out", help_out, NULL },
	};
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		const char *argv[10] = { NULL };
		memcpy(argv, lines[i], sizeof lines[i]);
		run_in(".", argv, NULL, log, 60, &r);
		ck_assert_msg(r.status == 0, "line %zu: status %d (%s)", i, r.status, text_of_file(r.err, said));
		ck_assert_msg(strncmp(text_of_file(r.out, said), "usage: grade --class", 20) == 0, "line %zu: %s", i, said);
	}
	ck_assert_msg(!fs_is_dir(help_out), "--help graded or merged something into %s", help_out);
}
END_TEST

int main(void)
{
	fs_path(tmp, sizeof tmp, "/tmp/memlab-class-XXXXXX");
	if (mkdtemp(tmp) == NULL || chmod(tmp, 0755) != 0) {
		perror("run-class: temporary folder");
		return 1;
	}
	fs_path(klass, sizeof klass, "%s/class", tmp);
	fs_path(out, sizeof out, "%s/out", tmp);
	fs_path(odd_class, sizeof odd_class, "%s/odd", tmp);
	fs_path(odd_out, sizeof odd_out, "%s/odd-out", tmp);
	setvbuf(stdout, NULL, _IOLBF, 0);
	Suite *s = suite_create("class");
	TCase *tc = tcase_create("class");
	tcase_set_timeout(tc, 900);
	tcase_add_test(tc, class_is_graded_into_a_gradebook);
	tcase_add_test(tc, rerun_grades_nothing);
	tcase_add_test(tc, a_changed_file_is_graded_alone);
	tcase_add_test(tc, an_interrupted_run_keeps_what_finished);
	tcase_add_test(tc, shards_merge_into_the_same_gradebook);
	tcase_add_test(tc, odd_names_are_graded_like_any_other);
	tcase_add_test(tc, odd_names_survive_shards_and_a_merge);
	tcase_add_test(tc, tmpdir_is_where_the_gradings_scratch_goes);
	tcase_add_test(tc, class_help_anywhere_is_the_class_help);
	suite_add_tcase(s, unpack_tcase());
	suite_add_tcase(s, tc);
	suite_add_tcase(s, gradescope_tcase());
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (getenv("KEEP_CLASS_TEST") == NULL)
		fs_remove_tree(tmp);
	else
		printf("  kept %s\n", tmp);
	return failed == 0 ? 0 : 1;
}
