/*
 * classjob.c - one grading of a class run (see class.h): the grader run
 * as a supervised child on one student's lab, or on a lab's pitfall or
 * reference (the class report's baselines); its outcome read back from
 * its results.json; its key recorded once that file is known good.
 * Also the other side: class_grading_hook(), run by that child.
 * Neighbours: classrun.c runs these, N at a time; roster.c made the keys.
 */
#include "class/class.h"

#include "proc/child.h"
#include "base/fsutil.h"
#include "base/resultkeys.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static char cpu_file[PATH_CAP]; /* in a grading: where class_grading_hook's atexit writes */

static double seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static void write_cpu(void)
{
	struct rusage self, children;
	char text[128];

	if (getrusage(RUSAGE_SELF, &self) != 0 || getrusage(RUSAGE_CHILDREN, &children) != 0)
		return;
	int n = snprintf(text, sizeof text, "%.3f %.3f\n", seconds(self.ru_utime) + seconds(self.ru_stime),
			 seconds(children.ru_utime) + seconds(children.ru_stime));
	fs_write_atomic(cpu_file, text, (size_t)n);
}

void class_grading_hook(void)
{
	const char *parent = getenv(CLASS_ENV_PARENT), *cpu = getenv(CLASS_ENV_CPU);

	if (parent == NULL)
		return;
	/* the class run may have died before this line: then die now */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != (pid_t)atol(parent))
		raise(SIGTERM);
	if (cpu != NULL && fs_path(cpu_file, sizeof cpu_file, "%s", cpu) == 0)
		atexit(write_cpu);
}

const char *class_job_name(const struct class *k, const struct class_job *j, char *buf, size_t cap)
{
	const char *lab = k->labs[j->lab].name;
	char shown[CLASS_SHOWN_MAX];

	if (j->student == SIZE_MAX)
		snprintf(buf, cap, "%s (%s)", lab, j->baseline == BASELINE_PITFALL ? "pitfall" : "reference");
	else
		snprintf(buf, cap, "%s %s", class_shown(k->students[j->student].name, shown), lab);
	return buf;
}

/* Where the grading writes, and the folder it grades (--submission). */
static int job_paths(const struct class *k, const struct class_job *j, char *out, char *sub)
{
	const struct class_lab *lab = &k->labs[j->lab];

	if (j->student == SIZE_MAX) {
		if (fs_path(out, PATH_CAP, "%s/_baseline/%s/%s", k->out, lab->name,
			    j->baseline == BASELINE_PITFALL ? "pitfall" : "reference") != 0)
			return -1;
		return fs_path(sub, PATH_CAP, "%s/solutions/%s", k->root, lab->name);
	}
	const struct class_student *st = &k->students[j->student];
	if (fs_path(out, PATH_CAP, "%s/%s/%s", k->out, st->name, lab->name) != 0)
		return -1;
	if (j->e->from_archive)
		return fs_path(sub, PATH_CAP, "%s/%s", st->archive_dir, lab->name);
	return fs_path(sub, PATH_CAP, "%s/%s/%s", k->submissions_abs, st->name, lab->name);
}

/*
 * Appends the grader's "did not build" to e's note, with the output
 * folder's path taken out ("see build-submission.log"): the gradebook must
 * not depend on where the class was graded (merged shards equal one run).
 * The path as it is, or as results.json shows it when it is not UTF-8
 * (the grader's json_text: fs_printable without escaped backslashes).
 */
static void note_build_error(struct class_entry *e, const char *out, const char *said)
{
	char text[CLASS_NOTE_MAX], prefix[PATH_CAP], shown[4 * PATH_CAP];
	size_t n = 0, plen, slen;

	if (said == NULL)
		said = "?";
	plen = (size_t)snprintf(prefix, sizeof prefix, "%s/", out);
	slen = strlen(fs_printable(prefix, false, shown, sizeof shown));
	while (*said && n + 1 < sizeof text) {
		if (strncmp(said, prefix, plen) == 0) {
			said += plen;
			continue;
		}
		if (strncmp(said, shown, slen) == 0) {
			said += slen;
			continue;
		}
		text[n++] = *said++;
	}
	text[n] = '\0';
	class_note(e->note, "did not build: %s", text);
}

/* Reads a grading's results.json into e; -1 with why (its "output") if it holds no grade. */
static int read_outcome(const char *out, struct class_entry *e, char *why, size_t cap)
{
	char path[PATH_CAP], err[256];
	json_error_t jerr;
	json_t *root = NULL, *t;
	size_t i;
	int rc = -1;

	snprintf(why, cap, "no readable results.json");
	FILE *f = fs_path(path, sizeof path, "%s/results.json", out) == 0 ? fs_open_regular(path, CLASS_JSON_MAX, err, sizeof err) : NULL;
	if (f == NULL || (root = json_loadf(f, 0, &jerr)) == NULL)
		goto out;
	json_t *extra = json_object_get(root, RJ_EXTRA_DATA), *score = json_object_get(root, RJ_SCORE);
	if (!json_is_object(extra) || !json_is_number(score)) {
		const char *said = json_string_value(json_object_get(root, RJ_OUTPUT));
		snprintf(why, cap, "%s", said != NULL ? said : "results.json holds no grade");
		goto out;
	}
	e->score = json_number_value(score);
	e->max = 0;
	json_array_foreach(json_object_get(root, RJ_TESTS), i, t)
		e->max += json_number_value(json_object_get(t, RJ_MAX_SCORE));
	e->built = json_is_true(json_object_get(extra, RJ_BUILD_OK));
	e->elapsed_s = json_number_value(json_object_get(extra, RJ_ELAPSED_SECONDS));
	json_t *runs = json_object_get(extra, RJ_RUNS);
	json_t *peak = json_object_get(json_array_get(runs, json_array_size(runs) - 1), RJ_PEAK_HEAP_BYTES);
	e->has_peak = json_is_integer(peak);
	e->peak = e->has_peak ? (double)json_integer_value(peak) : 0;
	e->note[0] = '\0';
	if (!e->built)
		note_build_error(e, out, json_string_value(json_object_get(extra, RJ_BUILD_ERROR)));
	json_array_foreach(json_object_get(extra, RJ_FLAGS), i, t)
		if (json_is_string(json_object_get(t, RJ_NAME)))
			class_note(e->note, "FLAG %s", json_string_value(json_object_get(t, RJ_NAME)));
	e->state = ENTRY_GRADED;
	rc = 0;
out:
	json_decref(root);
	if (f != NULL)
		fclose(f);
	return rc;
}

/*
 * A grading's deadline.  child.c gives a child a CPU limit of its deadline
 * plus a margin, and a limit above our own hard one cannot be set (the
 * child would not start): a class run started under a CPU limit (a test
 * harness, a batch system) keeps within it.
 */
static unsigned grading_timeout(void)
{
	struct rlimit cpu;
	rlim_t most = CLASS_GRADING_TIMEOUT_S + CPU_LIMIT_MARGIN_S;

	if (getrlimit(RLIMIT_CPU, &cpu) != 0 || cpu.rlim_max == RLIM_INFINITY || cpu.rlim_max >= most)
		return CLASS_GRADING_TIMEOUT_S;
	return cpu.rlim_max > CPU_LIMIT_MARGIN_S + 1 ? (unsigned)(cpu.rlim_max - CPU_LIMIT_MARGIN_S) : 1;
}

static bool key_matches(const char *out, const char *key)
{
	char path[PATH_CAP], text[HASH_HEX_LEN + 8];
	return fs_path(path, sizeof path, "%s/%s", out, CLASS_KEY_FILE) == 0 &&
	       fs_read_small(path, text, sizeof text) == HASH_HEX_LEN + 1 &&
	       strncmp(text, key, HASH_HEX_LEN) == 0 && text[HASH_HEX_LEN] == '\n';
}

static int write_key(const char *out, const char *key)
{
	char path[PATH_CAP], text[HASH_HEX_LEN + 2];
	snprintf(text, sizeof text, "%s\n", key);
	return fs_path(path, sizeof path, "%s/%s", out, CLASS_KEY_FILE) != 0 ? -1 : fs_write_atomic(path, text, strlen(text));
}

bool class_job_reusable(const struct class *k, struct class_job *j)
{
	char out[PATH_CAP], sub[PATH_CAP], why[CLASS_NOTE_MAX];

	if (job_paths(k, j, out, sub) != 0 || !key_matches(out, j->e->key))
		return false;
	if (j->e->state == ENTRY_MISSING) {
		j->e->max = k->labs[j->lab].spec.max_score;
		return true;
	}
	return read_outcome(out, j->e, why, sizeof why) == 0;
}

/*
 * What the grading child left: its CPU, and its verdict or why there is none
 * (the entry becomes FAILED).  unwatched: 0, or the errno of a child_run_all
 * that could not watch the grading (it was stopped, killed and reaped).
 */
static void record_outcome(struct class_job *j, const struct child *c, int unwatched, const char *out,
			   const char *log, const char *cpu)
{
	struct class_entry *e = j->e;
	char what[128], text[64], why[CLASS_NOTE_MAX];
	double self = 0, children = 0;

	if (fs_read_small(cpu, text, sizeof text) > 0 && sscanf(text, "%lf %lf", &self, &children) == 2) {
		j->grader_cpu_s = self;
		j->tools_cpu_s = children;
	}
	bool exited = unwatched == 0 && c->started && !c->timed_out && WIFEXITED(c->status);
	if (exited && WEXITSTATUS(c->status) <= 1 && read_outcome(out, e, why, sizeof why) == 0) {
		if (write_key(out, e->key) != 0)
			class_note(e->note, "its key could not be recorded: it will be graded again");
		return;
	}
	e->state = ENTRY_FAILED;
	e->note[0] = '\0';
	if (unwatched != 0)
		class_note(e->note, "the class could not watch the grading (%s): it will be graded again", strerror(unwatched));
	else if (exited && WEXITSTATUS(c->status) == 2 && read_outcome(out, e, why, sizeof why) != 0)
		class_note(e->note, "%s", why);  /* the grader's own "could not grade: ..." */
	else
		class_note(e->note, "the grading %s (see %s)", child_describe(c, what, sizeof what), log);
}

void class_job_run(const struct class *k, struct class_job *j)
{
	const struct class_lab *lab = &k->labs[j->lab];
	struct class_entry *e = j->e;
	char out[PATH_CAP], sub[PATH_CAP], log[PATH_CAP], cpu[PATH_CAP];
	char env_root[PATH_CAP + 16], env_cpu[PATH_CAP + 32], env_parent[64], env_tmp[PATH_CAP + 16];
	struct child c;
	struct child *list[1] = { &c };
	int n = 0;

	memset(&c, 0, sizeof c);
	if (job_paths(k, j, out, sub) != 0 || fs_mkdirs(out) != 0 ||
	    fs_path(log, sizeof log, "%s/%s", out, CLASS_LOG_FILE) != 0 ||
	    fs_path(cpu, sizeof cpu, "%s/%s", out, CLASS_CPU_FILE) != 0) {
		e->state = ENTRY_FAILED;
		e->note[0] = '\0';
		class_note(e->note, "cannot make its output folder under %s", k->out);
		return;
	}
	/* from here until the new key is written, this folder holds no finished grading */
	char key_path[PATH_CAP];
	if (fs_path(key_path, sizeof key_path, "%s/%s", out, CLASS_KEY_FILE) == 0)
		unlink(key_path);
	unlink(cpu);
	c.argv[n++] = k->exe;
	c.argv[n++] = lab->dir;
	c.argv[n++] = "--out";
	c.argv[n++] = out;
	c.argv[n++] = "-j";
	c.argv[n++] = "1";
	c.argv[n++] = "--no-baseline";
	if (j->student == SIZE_MAX && j->baseline == BASELINE_PITFALL) {
		c.argv[n++] = "--pitfall";
	} else {
		c.argv[n++] = "--submission";
		c.argv[n++] = sub;
	}
	if (j->student == SIZE_MAX || k->seed_text[0] != '\0') {
		c.argv[n++] = "--seed";  /* baselines: seed 1, as the grader's own baselines */
		c.argv[n++] = j->student == SIZE_MAX ? "1" : k->seed_text;
	}
	c.argv[n] = NULL;
	snprintf(env_root, sizeof env_root, "MEMLAB_ROOT=%s", k->root);
	snprintf(env_cpu, sizeof env_cpu, "%s=%s", CLASS_ENV_CPU, cpu);
	snprintf(env_parent, sizeof env_parent, "%s=%ld", CLASS_ENV_PARENT, (long)getpid());
	c.env[0] = env_root;
	c.env[1] = env_cpu;
	c.env[2] = env_parent;
	c.env[3] = NULL;
	/* child.c scrubs the environment: the class run's TMPDIR (checked by class.c) is where scratch goes */
	if (k->tmpdir[0] != '\0' && fs_path(env_tmp, sizeof env_tmp, "TMPDIR=%s", k->tmpdir) == 0) {
		c.env[3] = env_tmp;
		c.env[4] = NULL;
	}
	c.cwd = k->root;
	c.stderr_path = log;
	c.timeout_s = grading_timeout();
	int unwatched = child_run_all(list, 1, 1, 0) != 0 ? errno : 0;

	record_outcome(j, &c, unwatched, out, log, cpu);
}

int class_job_write_missing(const struct class *k, struct class_job *j)
{
	const struct class_lab *lab = &k->labs[j->lab];
	char out[PATH_CAP], sub[PATH_CAP], path[PATH_CAP], summary[CLASS_NOTE_MAX + 128];
	json_t *root = json_object(), *tests = json_array();
	char *json = NULL, *report = NULL;
	size_t len = 0;
	int rc = -1;

	j->e->score = 0;
	j->e->max = lab->spec.max_score;
	if (root == NULL || tests == NULL || job_paths(k, j, out, sub) != 0)
		goto out;
	fs_remove_tree(out); /* what an earlier grading left there is no longer this student's */
	if (fs_mkdirs(out) != 0)
		goto out;
	snprintf(summary, sizeof summary, "%s: 0 / %g - not graded: %s", lab->name, lab->spec.max_score, j->e->note);
	json_object_set_new(root, RJ_SCORE, json_real(0));
	json_object_set_new(root, RJ_OUTPUT, json_string(summary));
	json_object_set_new(root, RJ_VISIBILITY, json_string("visible"));
	for (size_t i = 0; i < lab->spec.ncrit; i++) {
		json_t *t = json_pack("{s:s, s:f, s:f, s:s, s:s}", RJ_NAME, lab->spec.crit[i].name, RJ_SCORE, 0.0,
				      RJ_MAX_SCORE, lab->spec.crit[i].points, RJ_STATUS, "failed", RJ_OUTPUT, j->e->note);
		json_array_append_new(tests, t);
	}
	json_object_set(root, RJ_TESTS, tests);
	json_object_set_new(root, RJ_EXTRA_DATA, json_pack("{s:s, s:s}", RJ_LAB, lab->name, RJ_MISSING, j->e->note));
	FILE *mem = open_memstream(&report, &len);
	if (mem == NULL)
		goto out;
	fprintf(mem, "memlab: %s (%s)\n\n  NOT GRADED  %s\n  %5.1f/%g\n", lab->name, lab->spec.title, j->e->note, 0.0,
		lab->spec.max_score);
	if (fclose(mem) != 0 || (json = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) == NULL ||
	    fs_path(path, sizeof path, "%s/results.json", out) != 0 || fs_write_atomic(path, json, strlen(json)) != 0 ||
	    fs_path(path, sizeof path, "%s/report.txt", out) != 0 || fs_write_atomic(path, report, len) != 0 ||
	    write_key(out, j->e->key) != 0)
		goto out;
	rc = 0;
out:
	free(report);
	free(json);
	json_decref(tests);
	json_decref(root);
	return rc;
}
