/*
 * child.h - runs the grader's children under supervision: the compiler,
 * the Check tests, the lab's program natively and under valgrind, gnuplot.
 * Neighbours: limits.h (every number used here), sandbox.h (where an
 * untrusted child runs), build.c, testrun.c, measure.c, plot.c (callers).
 *
 * Every child runs in its own process group, in its own working folder,
 * with stdin from /dev/null (or a trusted file fed through a pipe), a
 * scrubbed environment, no core dumps, a CPU limit, a file-size limit and a
 * wall-clock deadline; past the deadline its whole group is killed.  An
 * untrusted child (one given a sandbox) also takes a seat there: a runner
 * user of its own while it runs, its cgroup, its namespaces and view; when
 * it ends, every process of that user is killed, and only then does the
 * caller's on_end() read what it left, before the user is given back.
 *
 * Everything a child writes that the grader keeps goes through pipes the
 * grader drains into files of its own: stdout, stderr, and up to
 * CHILD_EXTRA_STREAMS more (a valgrind output file named /proc/self/fd/N, a
 * test transcript).  The first `cap` bytes of each are kept, the rest is
 * drained and counted, so a child printing forever neither blocks nor fills
 * a disk, and no file the child could reach is ever opened by the grader.
 * If the grader cannot keep what it was asked to (its own disk is full),
 * the stream says `lost`: the caller's failure, never the child's.
 *
 * Life cycle: fill the "set by the caller" part of each struct child, call
 * child_run_all() (which runs them, at most `parallel` at a time, and
 * returns when all are done or skipped), read the outcome.  Nothing to
 * release.
 */
#ifndef GRADER_CHILD_H
#define GRADER_CHILD_H

#include "base/limits.h"
#include "proc/sandbox.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>


/* One output of a child: a pipe on fd `fd` in the child, kept in `path`. */
struct child_stream {
	int fd;                    /* its number in the child (1, 2, or CHILD_HIGH_FD_BASE + k, or 3) */
	const char *path;          /* where the grader keeps it; NULL: counted only */
	uint64_t cap;              /* bytes kept; 0: CHILD_OUTPUT_KEEP */
	/* the outcome */
	uint64_t bytes;            /* everything written, kept or not */
	bool cut;                  /* more than cap, or still open when the child was done */
	bool lost;                 /* the grader could not keep its share (its own disk) */
	/* private to child.c */
	int pipe, file, child_end;
};

struct child {
	/* set by the caller */
	const char *argv[CHILD_MAX_ARGS + 1]; /* NULL-terminated; argv[0] is searched in PATH */
	const char *cwd;           /* working folder (must exist) */
	const char *stdout_path;   /* kept stdout goes here; NULL: counted only */
	const char *stderr_path;   /* kept stderr goes here; NULL: counted only */
	struct child_stream extra[CHILD_EXTRA_STREAMS]; /* more outputs: set fd (> 2) and path; fd 0 = unused */
	const char *stdin_path;    /* a trusted file fed to stdin through a pipe; NULL: /dev/null */
	const char *args_text;     /* if set: args_len bytes on a pipe at CHILD_ARGS_FD (a lab driver's words) */
	size_t args_len;
	const char *env[CHILD_ENV_MAX + 1]; /* NULL-terminated extra "KEY=value" entries */
	unsigned timeout_s;        /* wall clock; CPU limit is this plus a margin */
	unsigned nofile;           /* if set: its descriptor limit, soft and hard (no extra streams) */
	struct sandbox *sandbox;   /* NULL: trusted (the grader's own tools and the lab's code) */
	const char *run_dir;       /* untrusted: its own folder, given to its user while it runs;
				    * its tmp/ (made here) is the child's /tmp */
	const struct child *after; /* not started if `after` timed out or was not run */
	void (*on_end)(struct child *c, void *arg); /* after it and its user's processes are gone */
	void *arg;
	bool graceful;             /* on Ctrl-C, SIGTERM first, SIGKILL CHILD_TERM_GRACE_S later */

	/* the outcome */
	bool started;              /* false: could not start (start_error), or not run (skipped) */
	bool skipped;              /* not run: skip_why says why */
	char skip_why[128];
	int start_error;           /* errno of fork/pipe/exec or of the sandbox step named below */
	const char *start_step;    /* the sandbox step that failed, or NULL */
	int status;                /* wait status */
	bool timed_out;            /* killed at the deadline */
	bool cut_by_deadline;      /* not run, or killed, because the grading's deadline came (not its own timeout) */
	double wall_s;
	long max_rss_kib;          /* ru_maxrss of the child */
	bool memory_peak_known;    /* its cgroup's memory peak (heap, stack, tmpfs, shared memory) */
	uint64_t memory_peak;      /* bytes */
	uint64_t out_bytes, err_bytes; /* everything it wrote on stdout, stderr */
	bool out_cut, err_cut;     /* it wrote more than was kept */
	bool lost;                 /* some stream could not be kept whole by the grader */

	/* private to child.c */
	struct child_stream streams[2 + CHILD_EXTRA_STREAMS];
	unsigned nstreams;
	pid_t pid, parent;
	int pidfd, in_pipe, in_file;
	struct sandbox_seat seat;
	bool reaped, ended;
	double started_at, reaped_at, waiting_since;
	unsigned effective_timeout_s;
	char tmp_dir[PATH_CAP];    /* run_dir/tmp: the child's /tmp */
	char tmp_env[PATH_CAP + 8]; /* TMPDIR=/tmp (its view's), or TMPDIR=tmp_dir */
};

/*
 * Runs n children, at most `parallel` at once, in order (one whose `after`
 * still runs waits for its end); none starts after
 * `deadline` (CLOCK_MONOTONIC seconds, 0: none) and none runs past it.
 * Returns 0; errors are per child.  Returns -1 with errno only when it
 * could not watch the children (poll failed): then, as on Ctrl-C, every
 * running child has been killed and reaped and the rest skipped, so that
 * nothing is left running, and no child's result may be used as a verdict.
 */
int child_run_all(struct child *const *c, unsigned n, unsigned parallel, double deadline);

/* Did the child run to its end and exit 0? */
bool child_ok(const struct child *c);

/* One line saying how the child ended ("exit 0", "killed by SIGSEGV", "timed out after 30 s"). */
const char *child_describe(const struct child *c, char *buf, unsigned cap);


/*
 * Makes this process the reaper of its children's orphans (a daemon a
 * child left, a test's writer whose test ended): they come back to us,
 * not to PID 1 (which, in a container, may never reap them: zombies count
 * against the runner's process limits).  child_run_all() then reaps every
 * child it does not run itself.  For a process with one supervisor thread
 * only: a grading, not class mode's pool.
 */
void child_adopt_orphans(void);

/* Reaps the orphans that have ended (a no-op unless child_adopt_orphans() was called). */
void child_reap_orphans(void);

/*
 * Makes SIGINT, SIGTERM and SIGHUP kill every running child's group at
 * once (graceful children: SIGTERM first); from then on no child is
 * started, and child_interrupted() returns the signal, so the grader can
 * clean up and then die of it.
 */
void child_install_signal_handlers(void);
int child_interrupted(void);

#endif
