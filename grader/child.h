/*
 * child.h - runs the grader's children under supervision: the compiler,
 * the Check tests, the lab's program natively and under valgrind, gnuplot.
 * Neighbours: limits.h (every number used here), measure.c and main.c (the
 * callers).
 *
 * Every child runs in its own process group, in its own working folder,
 * with stdin from /dev/null, a scrubbed environment, no core dumps, a CPU
 * limit, a file-size limit and a wall-clock deadline; past the deadline its
 * whole group is killed.  An untrusted child (one given a sandbox: the
 * submission, its build, its tests and its valgrind runs) is also put
 * where sandbox.h says: another user, its own cgroup with memory and
 * process caps, no network; its cgroup is killed whole when it ends.  Its stdout and stderr are read through pipes: the
 * first CHILD_OUTPUT_KEEP bytes of each are kept in a file, the rest is
 * drained and counted (so a child printing forever neither blocks nor fills
 * the disk).  When it exits, whatever is left of its group is killed too.
 *
 * Life cycle: fill the "set by the caller" part of each struct child, call
 * child_run_all() (which runs them, at most `parallel` at a time, and
 * returns when all are done), read the outcome.  Nothing to release.
 */
#ifndef GRADER_CHILD_H
#define GRADER_CHILD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct sandbox;

struct child {
	/* set by the caller */
	const char *argv[32 + 1];  /* NULL-terminated; argv[0] is searched in PATH */
	const char *cwd;           /* working folder (must exist) */
	const char *stdout_path;   /* kept stdout goes here; NULL: counted only */
	const char *stderr_path;   /* kept stderr goes here; NULL: counted only */
	const char *env[8 + 1];    /* NULL-terminated extra "KEY=value" entries */
	unsigned timeout_s;        /* wall clock; CPU limit is this plus a margin */
	struct sandbox *sandbox;   /* NULL: trusted (the grader's own tools and the lab's code) */
	const char *fd3_data;      /* if set: fd 3 of the child is a pipe holding this text */

	/* the outcome */
	bool started;              /* false: could not start (see start_error) */
	int start_error;           /* errno of fork/pipe/exec */
	int status;                /* wait status */
	bool timed_out;            /* killed at the deadline */
	double wall_s;
	long max_rss_kib;          /* ru_maxrss of the child */
	uint64_t out_bytes, err_bytes; /* everything it wrote, kept or not */
	bool out_cut, err_cut;     /* it wrote more than was kept */

	/* private to child.c */
	pid_t pid;
	int pidfd, pipes[2], keep[2];
	unsigned cgroup_id;        /* 0: none */
	bool reaped;
	double started_at, reaped_at;
};

/* Runs n children, at most `parallel` at once.  Returns 0; errors are per child. */
int child_run_all(struct child *const *c, unsigned n, unsigned parallel);

/* Did the child run to its end and exit 0? */
bool child_ok(const struct child *c);

/* One line saying how the child ended ("exit 0", "killed by SIGSEGV", "timed out after 30 s"). */
const char *child_describe(const struct child *c, char *buf, unsigned cap);

/*
 * Makes SIGINT, SIGTERM and SIGHUP kill every running child's group at
 * once; from then on no child is started, and child_interrupted() returns
 * the signal, so the grader can clean up and then die of it.
 */
void child_install_signal_handlers(void);
int child_interrupted(void);

#endif
