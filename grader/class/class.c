/*
 * class.c - class mode's command line and the order of its steps (see
 * class.h): grade --class ... finds the labs and students (roster.c),
 * grades what is not graded yet (classrun.c), and writes the gradebook and
 * the class report (gradebook.c, classreport.c); grade --merge joins the
 * outputs of shards (classmerge.c).  Only class_main() decides the exit
 * status; the steps return errors.
 */
#include "class/class.h"

#include "base/cli.h"
#include "base/fsutil.h"
#include "base/numbers.h"
#include "proc/sandbox.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
"usage: grade --class SUBMISSIONS_DIR [--labs LIST] [-j N] [--out DIR] [--shard I/N] [--seed N]\n"
"       grade --merge OUT1 OUT2 ... --out DIR\n"
"Grades a whole class: SUBMISSIONS_DIR/<student>/<lab>/<the student's file>,\n"
"or a student folder holding one .zip or .tar.gz of that shape.  Each\n"
"(student, lab) is graded as `grade LAB --submission ...`, N at a time, into\n"
"OUT/<student>/<lab>/; then OUT/gradebook.csv, OUT/class-report.txt and charts\n"
"in OUT/_plots/.  A rerun grades only what is new or changed (by content).\n"
"\n"
"  --labs LIST    comma-separated labs, by name or number (02,04-unbounded-cache);\n"
"                 default: every lab\n"
"  -j N           gradings at once (default: the number of cores; as root at\n"
"                 most " STRINGIFY(SANDBOX_USERS) ", one runner user each)\n"
"  --out DIR      where results go (default: class-out)\n"
"  --shard I/N    grade only the students whose shard is I, from 0 to N-1\n"
"                 (FNV-1a of the folder name, mod N); join with --merge\n"
"  --seed N       the workload's seed for every grading (default: a new one each)\n"
"  --merge        join the outputs of shards into one (they must agree on labs\n"
"                 and share no student)\n"
"  -h, --help     this text\n"
"\n"
"Each grading's scratch folder goes in $TMPDIR (an absolute path), or /tmp.\n"
"exit status: 0 every grading done, 1 some could not be graded (run again to\n"
"retry them), 2 could not run.  Layout and examples: docs/instructor-guide.md.\n";

static void on_signal(int sig)
{
	static const char said[] = "\nclass: interrupted; every finished grading is kept: "
				   "run the same command again to go on\n";
	if (write(STDERR_FILENO, said, sizeof said - 1) < 0) { /* nothing more to do */ }
	/* the gradings die with us (class_grading_hook), and stop their own children */
	signal(sig, SIG_DFL);
	raise(sig);
}

bool class_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--class") == 0 || strncmp(argv[i], "--class=", 8) == 0 ||
		    strcmp(argv[i], "--merge") == 0)
			return true;
	return false;
}

/*
 * The grader binary and memlab's top folder (MEMLAB_ROOT, or the binary's
 * grandparent).  Gradings run /proc/PID/exe, the very file this run
 * started as: a grader rebuilt in the middle of a class run (make, a
 * colleague) must not grade half of it under keys that name the other.
 */
static int find_places(struct class *k, char *err, size_t errlen)
{
	const char *env = getenv("MEMLAB_ROOT");
	char path[PATH_CAP];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);

	if (n <= 0) {
		snprintf(err, errlen, "cannot find the grader binary: %s", strerror(errno));
		return -1;
	}
	path[n] = '\0';
	snprintf(k->exe, sizeof k->exe, "/proc/%ld/exe", (long)getpid());
	if (env != NULL && *env != '\0') {
		if (realpath(env, k->root) == NULL) {
			snprintf(err, errlen, "MEMLAB_ROOT=%s: %s", env, strerror(errno));
			return -1;
		}
		return 0;
	}
	/* <root>/grader/grade, or "<root>/grader/grade (deleted)" once replaced */
	snprintf(k->root, sizeof k->root, "%s", dirname(dirname(path)));
	return 0;
}

static double cpu_s(int who)
{
	struct rusage ru;
	if (getrusage(who, &ru) != 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec / 1e6;
}

/* A whole number from 0 to max (parse_u64, then the range); 0 or -1. */
static int parse_number(const char *s, uint64_t max, uint64_t *out)
{
	return parse_u64(s, out) != 0 || *out > max ? -1 : 0;
}

/* "I/N" into the shard; 0 or -1. */
static int parse_shard(struct class *k, const char *text)
{
	char copy[64], *slash;
	uint64_t i, n;

	snprintf(copy, sizeof copy, "%s", text);
	if ((slash = strchr(copy, '/')) == NULL)
		return -1;
	*slash = '\0';
	if (parse_number(copy, CLASS_STUDENTS_MAX, &i) != 0 || parse_number(slash + 1, CLASS_STUDENTS_MAX, &n) != 0 ||
	    n == 0 || i >= n)
		return -1;
	k->shard_i = (unsigned)i;
	k->shard_n = (unsigned)n;
	return 0;
}

/*
 * Is help wanted, anywhere on the line?  Looked for before the options are
 * read: in `--class --help` it would be taken for SUBMISSIONS_DIR.
 */
static bool help_wanted(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	return false;
}

/*
 * The class run's TMPDIR into k->tmpdir, for the gradings' scratch
 * (child.c gives them a scrubbed environment).  It must be an absolute
 * path to a folder: a grading runs in ROOT, where a relative one would
 * point elsewhere, and a bad one would fail every grading, one by one.
 * Unset or empty: they use /tmp, as the grader does.  0, or -1 with why.
 */
static int take_tmpdir(struct class *k, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");

	k->tmpdir[0] = '\0';
	if (tmp == NULL || *tmp == '\0')
		return 0;
	if (tmp[0] != '/' || fs_path(k->tmpdir, sizeof k->tmpdir, "%s", tmp) != 0 || !fs_is_dir(k->tmpdir)) {
		char shown[PATH_CAP];
		snprintf(err, errlen, "TMPDIR=%s: not an absolute path to a folder (where each grading's scratch goes)",
			 fs_printable(tmp, true, shown, sizeof shown));
		k->tmpdir[0] = '\0';
		return -1;
	}
	return 0;
}

enum { OPT_CLASS = 256, OPT_MERGE, OPT_LABS, OPT_OUT, OPT_SEED, OPT_SHARD };
static const struct option options[] = {
	{ "class", required_argument, NULL, OPT_CLASS },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "labs", required_argument, NULL, OPT_LABS },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ NULL, 0, NULL, 0 },
};

/*
 * The command line into k (and the parts of a merge); -1 after saying why
 * on stderr.  getopt_long: options in any order, --opt=value; the
 * arguments left over are the outputs a --merge joins.
 */
static int parse(struct class *k, int argc, char **argv, const char **parts, unsigned *nparts, bool *merge)
{
	uint64_t v;
	int o;

	opterr = 0; /* our messages, not getopt's */
	while ((o = getopt_long(argc, argv, ":j:", options, NULL)) != -1) {
		switch (o) {
		case OPT_CLASS: k->submissions = optarg; break;
		case OPT_MERGE: *merge = true; break;
		case OPT_LABS: k->labs_option = optarg; break;
		case OPT_OUT: k->out_dir = optarg; break;
		case 'j':
			if (parse_number(optarg, CLASS_JOBS_MAX, &v) != 0 || v == 0) {
				fprintf(stderr, "grade: -j takes a whole number from 1 to %d\n", CLASS_JOBS_MAX);
				return -1;
			}
			k->jobs = (unsigned)v;
			break;
		case OPT_SEED:
			if (parse_number(optarg, 0x7fffffff, &v) != 0 || v == 0) {
				fprintf(stderr, "grade: --seed takes a whole number above 0\n");
				return -1;
			}
			k->seed = v;
			snprintf(k->seed_text, sizeof k->seed_text, "%llu", (unsigned long long)v);
			break;
		case OPT_SHARD:
			if (parse_shard(k, optarg) != 0) {
				fprintf(stderr, "grade: --shard takes I/N, I from 0 to N-1 (e.g. 0/4)\n");
				return -1;
			}
			break;
		default: /* '?' unknown, ':' its value missing */
			cli_refused_option(argv, "grade --class --help");
			return -1;
		}
	}
	for (; optind < argc; optind++) {
		if (!*merge) {
			fprintf(stderr, "grade: '%s' is not an option (grade --class --help)\n", argv[optind]);
			return -1;
		}
		if (*nparts == CLASS_PARTS_MAX) {
			fprintf(stderr, "grade: --merge joins at most %d outputs\n", CLASS_PARTS_MAX);
			return -1;
		}
		parts[(*nparts)++] = argv[optind];
	}
	return 0;
}

int class_main(int argc, char **argv)
{
	static struct class k;
	static const char *parts[CLASS_PARTS_MAX];
	char err[2048];
	unsigned nparts = 0;
	bool merge = false;
	int rc = 2;

	k.lock_fd = -1;
	k.jobs = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	k.out_dir = "class-out";
	if (help_wanted(argc, argv)) {
		fputs(usage, stdout);
		return fflush(stdout) == 0 ? 0 : 2;
	}
	if (parse(&k, argc, argv, parts, &nparts, &merge) != 0)
		return 2;
	if (merge == (k.submissions != NULL)) {
		fprintf(stderr, "grade: give --class SUBMISSIONS_DIR, or --merge OUT1 OUT2 ... --out DIR (grade --class --help)\n");
		return 2;
	}
	if (k.jobs == 0 || k.jobs > CLASS_JOBS_MAX)
		k.jobs = k.jobs == 0 ? 1 : CLASS_JOBS_MAX;
	if (find_places(&k, err, sizeof err) != 0) {  /* a merge too: the charts' scripts are in ROOT/plots */
		fprintf(stderr, "grade: %s\n", err);
		goto out;
	}
	if (merge) {
		rc = class_merge(&k, parts, nparts, err, sizeof err) == 0 ? 0 : 2;
		if (rc != 0)
			fprintf(stderr, "grade: cannot merge: %s\n", err);
		goto out;
	}
	if (geteuid() == 0 && k.jobs > SANDBOX_USERS) {
		fprintf(stderr, "grade: -j %u: at most %d gradings at once as root (one runner user each)\n", k.jobs,
			SANDBOX_USERS);
		k.jobs = SANDBOX_USERS;
	}
	double t0 = now_s();
	if (take_tmpdir(&k, err, sizeof err) != 0) {
		fprintf(stderr, "grade: %s\n", err);
		goto out;
	}
	if (realpath(k.submissions, k.submissions_abs) == NULL || !fs_is_dir(k.submissions_abs)) {
		fprintf(stderr, "grade: %s: not a folder of submissions\n", k.submissions);
		goto out;
	}
	if (class_claim_out(&k, err, sizeof err) != 0) {
		fprintf(stderr, "grade: %s\n", err);
		goto out;
	}
	k.submissions = k.submissions_abs;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	json_object_seed(0); /* before any thread: jansson seeds its hash tables once, not thread-safely */
	if (class_labs(&k, err, sizeof err) != 0 || class_roster(&k, err, sizeof err) != 0 ||
	    class_grade(&k, err, sizeof err) != 0) {
		fprintf(stderr, "grade: %s\n", err);
		goto out;
	}
	/* the gradings' own CPU was summed from what each reported; the rest of our children's is tools */
	double self = cpu_s(RUSAGE_SELF);
	k.run.tools_cpu_s = cpu_s(RUSAGE_CHILDREN) - k.run.grader_cpu_s;
	k.run.grader_cpu_s += self;
	k.run.wall_s = now_s() - t0;
	if (class_write(&k, err, sizeof err) != 0) {
		fprintf(stderr, "grade: %s\n", err);
		goto out;
	}
	class_summary(&k, stdout);
	rc = k.run.failed > 0 ? 1 : 0;
out:
	class_release(&k);
	return rc;
}
