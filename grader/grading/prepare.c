/*
 * prepare.c - sets a grading up and takes it down again (see grade.h).
 *
 * Nothing is built in the source tree.  The scratch folder (root's, 0700
 * when children have their own view of the file system) holds:
 *   trusted/  the lab's own copy: the pitfall (whose output is the expected
 *             answer and whose tests write the trusted transcript), the
 *             reference solution, and every output kept from any run;
 *   student/  a tmpfs capped at SANDBOX_DISK_CAP: the lab copy with the
 *             submitted file in the student file's place (read-only to the
 *             runners), and runs/, one folder per untrusted run, the only
 *             places a runner may write (its /tmp is its folder's tmp/);
 *   inputs/   the workload's input files (read-only to the runners);
 *   view/     an empty folder: each untrusted child mounts its root there.
 * Untrusted children see student/ and inputs/ and nothing else of it.
 * grading_release() removes all of it.  Neighbours: build.c builds in
 * these folders, buildcache.c keeps the lab's own builds between gradings.
 */
#include "grading/grade.h"

#include "grading/buildcache.h"
#include "base/fsutil.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int find_root(struct grading *g, char *err, size_t errlen)
{
	char exe[PATH_CAP];
	const char *env = getenv("MEMLAB_ROOT");

	if (env != NULL && *env != '\0') {
		if (realpath(env, g->root) == NULL) {
			snprintf(err, errlen, "MEMLAB_ROOT=%s: %s", env, strerror(errno));
			return -1;
		}
		return 0;
	}
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0) {
		snprintf(err, errlen, "cannot find the grader's own folder: %s", strerror(errno));
		return -1;
	}
	exe[n] = '\0';
	/* <root>/grader/grade */
	snprintf(g->root, sizeof g->root, "%s", dirname(dirname(exe)));
	return 0;
}

/* Copies the lab (with lab.mk and common/) into dir/labs/<lab>. */
static int copy_lab(const struct grading *g, const char *lab_real, const char *dir)
{
	static const char *const skip[] = { "build", "grade-out", "out", NULL };
	char from[PATH_CAP], to[PATH_CAP];

	return fs_path(to, sizeof to, "%s/labs", dir) != 0 || fs_mkdirs(to) != 0 ||
	       fs_path(from, sizeof from, "%s/labs/lab.mk", g->root) != 0 ||
	       fs_path(to, sizeof to, "%s/labs/lab.mk", dir) != 0 || fs_copy_file(from, to) != 0 ||
	       fs_path(from, sizeof from, "%s/labs/common", g->root) != 0 ||
	       fs_path(to, sizeof to, "%s/labs/common", dir) != 0 || fs_copy_tree(from, to, NULL) != 0 ||
	       fs_path(to, sizeof to, "%s/labs/%s", dir, g->lab_name) != 0 ||
	       fs_copy_tree(lab_real, to, skip) != 0 ? -1 : 0;
}

/* Can a user who is not the owner reach (search) every folder down to dir? */
static bool reachable(const char *dir)
{
	char path[PATH_CAP];
	struct stat st;

	if (realpath(dir, path) == NULL)
		return false;
	for (char *slash = path + strlen(path); slash != NULL;) {
		if (stat(path[0] ? path : "/", &st) != 0 || !(st.st_mode & S_IXOTH))
			return false;
		*slash = '\0';
		slash = strrchr(path, '/');
	}
	return true;
}

/*
 * Each grading draws its sizes: sizes[i] becomes a whole number in
 * [sizes[i], sizes[i] * (1 + jitter%)), from the seed, still ascending.  A
 * program cannot know the size of a graded run in advance, nor be tuned to
 * the spec's exact figures; the same seed draws the same sizes again.
 */
static void jitter_sizes(struct spec *s, uint64_t seed)
{
	uint64_t state = seed;

	for (size_t i = 0; s->jitter > 0 && i < s->nsizes; i++) {
		uint64_t z = (state += 0x9e3779b97f4a7c15u); /* splitmix64 */
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
		z ^= z >> 31;
		uint64_t room = s->sizes[i] * s->jitter / 100;
		uint64_t drawn = s->sizes[i] + (room > 0 ? z % room : 0);
		uint64_t next = i + 1 < s->nsizes ? s->sizes[i + 1] : UINT64_MAX;
		s->sizes[i] = drawn < next ? drawn : s->sizes[i];
	}
}

/* The lab folder and its spec: checked before anything is made, so a typo leaves nothing behind. */
static int read_lab(struct grading *g, char *lab_real, char *err, size_t errlen)
{
	char path[PATH_CAP];

	if (realpath(g->lab_dir, lab_real) == NULL || !fs_is_dir(lab_real) ||
	    fs_path(path, sizeof path, "%s/lab.ini", lab_real) != 0 ||
	    (g->spec_path == NULL && !fs_is_file(path))) {
		snprintf(err, errlen, "%s: not a lab folder (no lab.ini there); the labs are in labs/", g->lab_dir);
		return -1;
	}
	snprintf(g->lab_name, sizeof g->lab_name, "%s", basename(lab_real));
	if (spec_read(g->spec_path != NULL ? g->spec_path : path, &g->spec, err, errlen) != 0)
		return -1;
	jitter_sizes(&g->spec, g->seed);
	if (g->timeout_s != 0)
		g->spec.timeout_s = g->timeout_s;
	return 0;
}

/* The scratch folder and its parts (see the top of this file). */
static int make_scratch(struct grading *g, const char *lab_real, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char lock[PATH_CAP], view[PATH_CAP], to[PATH_CAP];

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	fs_clean_stale(tmp, "memlab-grade-");
	if (fs_path(g->scratch, sizeof g->scratch, "%s/memlab-grade-XXXXXX", tmp) != 0 || mkdtemp(g->scratch) == NULL) {
		snprintf(err, errlen, "cannot make a scratch folder in %s: %s", tmp, strerror(errno));
		g->scratch[0] = '\0';
		return -1;
	}
	/* held for the grading's life: a grading that died leaves it free, and the next removes the folder */
	if (fs_path(lock, sizeof lock, "%s/.lock", g->scratch) != 0 ||
	    (g->scratch_lock = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0 ||
	    flock(g->scratch_lock, LOCK_EX | LOCK_NB) != 0) {
		snprintf(err, errlen, "cannot lock the scratch folder %s: %s", g->scratch, strerror(errno));
		return -1;
	}
	fs_path(g->trusted, sizeof g->trusted, "%s/trusted", g->scratch);
	fs_path(g->student, sizeof g->student, "%s/student", g->scratch);
	fs_path(g->inputs, sizeof g->inputs, "%s/inputs", g->scratch);
	fs_path(g->trusted_runs, sizeof g->trusted_runs, "%s/trusted-runs", g->scratch);
	fs_path(view, sizeof view, "%s/view", g->scratch);
	if (fs_mkdirs(g->student) == 0)
		sandbox_disk(&g->sandbox, g->student, SANDBOX_DISK_CAP);
	if (fs_mkdirs(g->trusted_runs) == 0)
		sandbox_disk(&g->sandbox, g->trusted_runs, SANDBOX_TRUSTED_DISK_CAP);
	if (fs_mkdirs(g->trusted) != 0 || chmod(g->trusted, 0700) != 0 || fs_mkdirs(view) != 0 ||
	    copy_lab(g, lab_real, g->trusted) != 0 || copy_lab(g, lab_real, g->student) != 0 ||
	    fs_path(to, sizeof to, "%s/runs", g->student) != 0 || fs_mkdirs(to) != 0 || chmod(to, 0711) != 0 ||
	    fs_path(to, sizeof to, "%s/runs", g->trusted) != 0 || fs_mkdirs(to) != 0 ||
	    fs_mkdirs(g->inputs) != 0 || chmod(g->inputs, 0755) != 0 || chmod(g->student, 0755) != 0 ||
	    chmod(g->trusted_runs, 0711) != 0) {
		snprintf(err, errlen, "cannot copy the lab into %s: %s", g->scratch, strerror(errno));
		return -1;
	}
	/* what untrusted children see of it */
	if (sandbox_bind(&g->sandbox, g->student, true) != 0 || sandbox_bind(&g->sandbox, g->inputs, false) != 0 ||
	    sandbox_bind(&g->sandbox, g->trusted_runs, true) != 0) {
		snprintf(err, errlen, "too many folders for the sandbox");
		return -1;
	}
	sandbox_view_at(&g->sandbox, view);
	/* without a view of their own, runners reach their folders through the real path */
	bool open_path = g->sandbox.users && !g->sandbox.view;
	if (chmod(g->scratch, open_path ? 0711 : 0700) != 0) {
		snprintf(err, errlen, "%s: %s", g->scratch, strerror(errno));
		return -1;
	}
	if (open_path && !reachable(tmp)) {
		snprintf(err, errlen, "TMPDIR=%s: the runner users cannot reach it (every folder on the way must be "
			 "searchable by others)", tmp);
		return -1;
	}
	return 0;
}

int grading_prepare(struct grading *g, char *err, size_t errlen)
{
	char lab_real[PATH_CAP], from[PATH_CAP], to[PATH_CAP];

	g->scratch_lock = -1;
	if (find_root(g, err, errlen) != 0 || read_lab(g, lab_real, err, errlen) != 0)
		return -1;
	/* The output folder: a guest folder, locked, cleaned of the last grading's files only (outdir.h). */
	if (outdir_open(&g->out, g->out_dir, g->root, err, errlen) != 0)
		return -1;
	g->out_dir = g->out.path;
	grading_write_placeholder(g);
	sandbox_init(&g->sandbox);
	sandbox_clean_stale(&g->sandbox);

	/* The file to grade. */
	if (g->grade_pitfall)
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/pitfall.c", lab_real);
	else if (g->submission_dir != NULL)
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/%s", g->submission_dir, g->spec.student);
	else
		fs_path(g->submitted_file, sizeof g->submitted_file, "%s/%s", lab_real, g->spec.student);
	if (make_scratch(g, lab_real, err, errlen) != 0)
		return -1;

	/* The submitted file takes the student file's place; a missing one fails the build. */
	fs_path(to, sizeof to, "%s/labs/%s/%s", g->student, g->lab_name, g->spec.student);
	unlink(to);
	if (fs_is_file(g->submitted_file) && fs_copy_file(g->submitted_file, to) != 0) {
		snprintf(err, errlen, "cannot copy %s: %s", g->submitted_file, strerror(errno));
		return -1;
	}
	/* The reference solution, if the course ships it here: trusted side only. */
	fs_path(from, sizeof from, "%s/solutions/%s/%s", g->root, g->lab_name, g->spec.student);
	g->impl[IMPL_REFERENCE].present = fs_is_file(from);
	if (g->impl[IMPL_REFERENCE].present &&
	    (fs_path(to, sizeof to, "%s/reference", g->trusted) != 0 || fs_mkdirs(to) != 0 ||
	     fs_path(to, sizeof to, "%s/reference/%s", g->trusted, g->spec.student) != 0 ||
	     fs_copy_file(from, to) != 0)) {
		snprintf(err, errlen, "cannot copy the reference solution: %s", strerror(errno));
		return -1;
	}
	g->impl[IMPL_SUBMISSION].present = g->impl[IMPL_PITFALL].present = true;
	for (int i = 0; i < IMPL_COUNT; i++) {
		fs_path(g->impl[i].lab, PATH_CAP, "%s/labs/%s", i == IMPL_SUBMISSION ? g->student : g->trusted, g->lab_name);
		grading_build_dir(g, (enum impl)i, g->impl[i].build_dir);
	}
	if (buildcache_key(g, lab_real, g->build_key) != 0)
		g->build_key[0] = '\0';
	/* a runner reads the lab copy, never writes it */
	if (sandbox_give(&g->sandbox, NULL, g->student) != 0) {
		snprintf(err, errlen, "cannot make %s read-only: %s", g->student, strerror(errno));
		return -1;
	}
	return 0;
}


void grading_release(struct grading *g)
{
	if (g->scratch[0] != '\0' && !g->keep_scratch) {
		sandbox_undisk(&g->sandbox, g->student);
		sandbox_undisk(&g->sandbox, g->trusted_runs);
		fs_remove_tree(g->scratch);
	}
	if (g->scratch_lock >= 0)
		close(g->scratch_lock);
	g->scratch_lock = -1;
	sandbox_release(&g->sandbox);
	outdir_close(&g->out);
}
