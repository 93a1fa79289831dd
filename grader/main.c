/*
 * main.c - grader/grade: grades one lab's submission and says so three
 * ways (a report on stdout, report.txt and results.json, plots).  Only this
 * file decides to exit; every step returns an error instead.
 *
 * Exit status: 0 graded; 1 graded, below --min-score; 2 could not grade
 * (bad usage, a broken lab spec, a missing tool), always with one line on
 * stderr saying why.
 */
#include "grading/grade.h"

#include "proc/child.h"
#include "class/class.h"
#include "base/cli.h"
#include "base/fsutil.h"
#include "base/numbers.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
"usage: grade LAB_DIR [options]\n"
"Grades the student's file of the lab in LAB_DIR (e.g. labs/01-whole-file):\n"
"builds it in a scratch folder, runs its Check tests, runs the workload at\n"
"every size of LAB_DIR/lab.ini natively and under valgrind (massif, memcheck,\n"
"callgrind), checks the output, fits how memory grows, scores by the spec,\n"
"and writes report.txt, results.json (Gradescope's format) and plots.\n"
"\n"
"options (in any order, before or after LAB_DIR; --opt VALUE or --opt=VALUE):\n"
"  --submission DIR  grade DIR/<student file> (e.g. solutions/01-whole-file)\n"
"                    instead of the one in LAB_DIR\n"
"  --pitfall         grade the lab's pitfall.c in the student file's place\n"
"  --out DIR         where results go (default: grade-out/<lab>)\n"
"  --min-score N     exit 1 when the score is below N\n"
"  --json            print results.json instead of the report\n"
"  -j N              children run at once (default: the number of cores)\n"
"  --seed N          the workload's seed (default: a new one each grading;\n"
"                    it is recorded in results.json, to grade again the same)\n"
"  --spec FILE       grade by FILE instead of LAB_DIR/lab.ini (same format)\n"
"  --timeout S       seconds allowed to each run (default: the spec's)\n"
"  --no-baseline     skip the pitfall's and reference's massif runs (faster;\n"
"                    the plots then show the submission alone)\n"
"  --keep-scratch    keep the scratch folder and say where it is (as root the\n"
"                    submission's part is a tmpfs that ends with the grader)\n"
"  --quiet           no progress lines on stderr\n"
"  -h, --help        this text\n"
"\n"
"environment: TMPDIR (where the scratch folder goes), MEMLAB_VALGRIND (valgrind\n"
"elsewhere than in PATH), MEMLAB_ROOT (memlab's folder, if not the grader's).\n"
"\n"
"exit status: 0 graded, 1 graded below --min-score, 2 could not grade.\n"
"A whole class at once: grade --class SUBMISSIONS_DIR ... (grade --class --help).\n"
"Lab spec format: docs/lab-spec.md.  How to read the report: docs/student-guide.md.\n";

static bool in_path(const char *prog)
{
	const char *path = "/usr/local/bin:/usr/bin:/bin";
	char buf[PATH_CAP];

	for (const char *p = path; *p;) {
		size_t len = strcspn(p, ":");
		if (fs_path(buf, sizeof buf, "%.*s/%s", (int)len, p, prog) == 0 && access(buf, X_OK) == 0)
			return true;
		p += len + (p[len] == ':');
	}
	return false;
}

/* The long options; each has a short code for getopt_long's switch. */
enum { OPT_SUBMISSION = 256, OPT_PITFALL, OPT_OUT, OPT_MIN_SCORE, OPT_JSON, OPT_SEED, OPT_SPEC,
       OPT_TIMEOUT, OPT_NO_BASELINE, OPT_KEEP_SCRATCH, OPT_QUIET };
static const struct option options[] = {
	{ "submission", required_argument, NULL, OPT_SUBMISSION },
	{ "pitfall", no_argument, NULL, OPT_PITFALL },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "min-score", required_argument, NULL, OPT_MIN_SCORE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "spec", required_argument, NULL, OPT_SPEC },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "no-baseline", no_argument, NULL, OPT_NO_BASELINE },
	{ "keep-scratch", no_argument, NULL, OPT_KEEP_SCRATCH },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* What the options leave to a default: a new seed, and grade-out/<lab> (written into out_default, cap
 * bytes).  -1 to go on, or 2 (said on stderr). */
static int fill_defaults(struct grading *g, char *out_default, size_t cap)
{
	if (g->seed == 0) {
		uint32_t r = 0;
		if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
			r = (uint32_t)time(NULL) ^ (uint32_t)getpid();
		g->seed = (r & 0x7fffffff) + 1;
	}
	if (g->out_dir == NULL) {
		const char *slash = strrchr(g->lab_dir, '/');
		const char *name = slash != NULL && slash[1] != '\0' ? slash + 1 : g->lab_dir;
		if (fs_path(out_default, cap, "grade-out/%s", name) != 0) {
			fprintf(stderr, "grade: lab path too long\n");
			return 2;
		}
		g->out_dir = out_default;
	}
	return -1;
}

/* After the options: one LAB_DIR, and options that go together.  -1 to go on, or 2 (said on stderr). */
static int read_operands(int argc, char **argv, struct grading *g, char *out_default, size_t cap)
{
	if (optind < argc)
		g->lab_dir = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "grade: one lab at a time: '%s' is one too many (grade --help)\n", argv[optind]);
		return 2;
	}
	if (g->lab_dir == NULL) {
		fprintf(stderr, "grade: which lab? (grade --help)\n");
		return 2;
	}
	if (g->grade_pitfall && g->submission_dir != NULL) {
		fprintf(stderr, "grade: --pitfall and --submission exclude each other\n");
		return 2;
	}
	return fill_defaults(g, out_default, cap);
}

/*
 * Reads the command line into g (getopt_long: options in any order, before
 * or after LAB_DIR, --opt=value or --opt value).  Returns -1 to go on, or
 * the exit status: 0 after --help, 2 after a usage error (said on stderr).
 */
static int read_options(int argc, char **argv, struct grading *g, char *out_default, size_t cap, bool *have_min)
{
	uint64_t v;
	int o;

	opterr = 0; /* our messages, not getopt's */
	while ((o = getopt_long(argc, argv, ":hj:", options, NULL)) != -1) {
		switch (o) {
		case 'h':
			fputs(usage, stdout);
			return 0;
		case OPT_SUBMISSION: g->submission_dir = optarg; break;
		case OPT_PITFALL: g->grade_pitfall = true; break;
		case OPT_OUT: g->out_dir = optarg; break;
		case OPT_MIN_SCORE: {
			char *end;
			g->min_score = strtod(optarg, &end);
			if (*end != '\0' || end == optarg) {
				fprintf(stderr, "grade: --min-score takes a number, not '%s'\n", optarg);
				return 2;
			}
			*have_min = true;
			break;
		}
		case OPT_JSON: g->json = true; break;
		case 'j':
			if (parse_u64(optarg, &v) != 0 || v == 0 || v > JOBS_MAX) {
				fprintf(stderr, "grade: -j takes a whole number from 1 to %d\n", JOBS_MAX);
				return 2;
			}
			g->jobs = (unsigned)v;
			break;
		case OPT_SEED:
			if (parse_u64(optarg, &g->seed) != 0 || g->seed == 0) {
				fprintf(stderr, "grade: --seed takes a whole number above 0\n");
				return 2;
			}
			break;
		case OPT_SPEC: g->spec_path = optarg; break;
		case OPT_TIMEOUT:
			if (parse_u64(optarg, &v) != 0 || v == 0 || v > 3600) {
				fprintf(stderr, "grade: --timeout takes seconds from 1 to 3600\n");
				return 2;
			}
			g->timeout_s = (unsigned)v;
			break;
		case OPT_NO_BASELINE: g->no_baseline = true; break;
		case OPT_KEEP_SCRATCH: g->keep_scratch = true; break;
		case OPT_QUIET: g->quiet = true; break;
		default: /* '?' unknown, ':' its value missing */
			cli_refused_option(argv, "grade --help");
			return 2;
		}
	}
	return read_operands(argc, argv, g, out_default, cap);
}

int main(int argc, char **argv)
{
	static struct grading g;
	char err[1024], out_default[PATH_CAP];
	int rc;
	bool have_min = false;

	class_grading_hook();               /* a grading that --class started: dies with it */
	if (class_wanted(argc, argv))       /* --class, --merge: class.h */
		return class_main(argc, argv);
	g.jobs = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (g.jobs == 0)
		g.jobs = 1;
	rc = read_options(argc, argv, &g, out_default, sizeof out_default, &have_min);
	if (rc >= 0)
		return rc;
	rc = 2;
	child_install_signal_handlers();
	child_adopt_orphans(); /* what a child leaves comes back to us to reap, not to a PID 1 that may not */
	g.started = now_s();
	g.out.lock_fd = -1;
	if (grading_prepare(&g, err, sizeof err) != 0)
		goto failed;
	/* the instructor's valgrind elsewhere (or, in the grader's tests, a broken one) */
	g.valgrind = getenv("MEMLAB_VALGRIND") != NULL && *getenv("MEMLAB_VALGRIND") != '\0' ? getenv("MEMLAB_VALGRIND")
											     : "valgrind";
	const char *const needed[] = { g.valgrind, "make", "cc" };
	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
		if (needed[i][0] == '/' ? access(needed[i], X_OK) != 0 : !in_path(needed[i])) {
			snprintf(err, sizeof err, "%s is not installed (run 'make deps' at the top of memlab)", needed[i]);
			goto failed;
		}
	if (grading_build(&g, err, sizeof err) != 0 || grading_measure(&g, err, sizeof err) != 0)
		goto failed;
	grading_score(&g);
	grading_plot(&g);
	if (child_interrupted())
		goto failed;
	g.elapsed_s = now_s() - g.started;
	if (grading_write(&g, err, sizeof err) != 0) {
		fprintf(stderr, "grade: %s\n", err);
		goto out;
	}
	grading_print_report(&g, isatty(STDOUT_FILENO));
	rc = have_min && g.score < g.min_score ? 1 : 0;
	goto out;
failed:
	if (child_interrupted())
		snprintf(err, sizeof err, "interrupted by signal %d (SIG%s) before it ended", child_interrupted(),
			 sigabbrev_np(child_interrupted()) != NULL ? sigabbrev_np(child_interrupted()) : "?");
	fprintf(stderr, "grade: could not grade: %s\n", err);
	if (g.out.lock_fd >= 0)
		grading_write_failure(&g, err);
out:
	if (g.keep_scratch && g.scratch[0] != '\0')
		fprintf(stderr, "grade: scratch folder kept: %s\n", g.scratch);
	grading_release(&g);
	if (child_interrupted()) {
		/* cleaned up: now end the way the signal meant */
		signal(child_interrupted(), SIG_DFL);
		raise(child_interrupted());
	}
	return rc;
}
