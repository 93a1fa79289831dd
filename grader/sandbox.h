/*
 * sandbox.h - where untrusted children run.  The grader compiles and runs
 * code it cannot trust; this decides, once per grading, how far it can be
 * fenced in on this machine, and says so in the report.  Neighbours:
 * child.c (puts each untrusted child in it), build.c and measure.c (hand
 * the submission's folders to its user, sweep after each round).
 *
 * The fences, strongest first, each used where the kernel allows it:
 *  - user: when the grader runs as root, untrusted children run as an
 *    unprivileged user (made by `make deps`), so process limits bind and
 *    what the grader keeps private (the reference solution, the expected
 *    outputs, results) is unreadable to them.  Each grading claims a user
 *    of its own from a pool of SANDBOX_SLOTS (memlab-runner, memlab-runner1,
 *    ...) with a lock held while it runs, so that its sweep never touches
 *    another grading's processes and two students never share a user;
 *  - cgroup: each child in a cgroup of its own with a memory cap and a
 *    process cap, killed whole when the child ends (v2's cgroup.kill, or
 *    v1's memory and pids controllers and a kill of every pid listed);
 *  - network: a network namespace of its own, with no interfaces up;
 *  - disk: the submission's folder (its build, tests and runs) is a tmpfs of
 *    SANDBOX_DISK_CAP, mounted in a mount namespace private to this grading,
 *    so it vanishes with the grader however the grader ends;
 *  - always: rlimits (CPU, file size, no core; address space and process
 *    count when there is no cgroup), a process group, and after every
 *    round a sweep that kills every process of the runner user, including
 *    ones that called setsid() to escape their group.
 *
 * Life cycle: sandbox_init() probes; sandbox_release() removes what it
 * made.  Operations are safe to call from the child between fork and exec
 * where marked.
 */
#ifndef GRADER_SANDBOX_H
#define GRADER_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SANDBOX_USER          "memlab-runner"  /* slot 0; slot k > 0 is memlab-runner<k> */
#define SANDBOX_SLOTS         8             /* gradings that can run at once, each as its own user */
#define SANDBOX_LOCK_DIR      "/run/lock"   /* where a grading claims its user (flock) */
#define SANDBOX_MEMORY_CAP    (4ull << 30)  /* bytes, per child: cgroup memory, or RLIMIT_AS */
#define SANDBOX_PROCESS_CAP   64            /* processes per child (cgroup pids, or RLIMIT_NPROC) */
#define SANDBOX_CGROUP_MAX    256           /* path of one cgroup */
#define SANDBOX_DISK_CAP      "1g"          /* tmpfs size of the submission's folder */
#define SANDBOX_INODE_CAP     "65536"       /* files and folders it may hold */

struct sandbox {
	bool as_user;          /* children run as uid/gid below */
	char user[32];
	int lock_fd;           /* holds the claim on the user; -1 if none */
	uid_t uid;
	gid_t gid;
	bool network_ns;       /* children get an empty network namespace */
	bool mount_ns;         /* the grader has a mount namespace of its own */
	bool disk_capped;      /* sandbox_disk() mounted the tmpfs */
	int cgroup_version;    /* 0: none, 1: v1 memory+pids, 2: v2 */
	char cg_root[2][SANDBOX_CGROUP_MAX]; /* v1: memory and pids parents of this grading; v2: [0] */
	char cg_kill[SANDBOX_CGROUP_MAX];    /* v2 hierarchy used only for cgroup.kill, or "" */
	unsigned next_id;      /* numbers the children's cgroups */
	char description[256]; /* one line for the report */
};

/* Probes this machine.  Never fails: what cannot be used is said in description. */
void sandbox_init(struct sandbox *sb);
void sandbox_release(struct sandbox *sb);

/*
 * Makes the cgroup(s) of one child, numbered id; fills paths[] (the
 * cgroup.procs files the child must join) and returns how many, 0 if none.
 */
int sandbox_cgroup_make(struct sandbox *sb, unsigned id, char paths[3][SANDBOX_CGROUP_MAX]);

/* Kills every process in the child's cgroups and removes them. */
void sandbox_cgroup_end(const struct sandbox *sb, unsigned id);

/*
 * In the child, after fork and before exec (async-signal-safe): joins the
 * cgroups, leaves the network, applies the fallback rlimits, becomes the
 * runner.  Returns 0 or -1 (errno set).
 */
int sandbox_enter(const struct sandbox *sb, char paths[3][SANDBOX_CGROUP_MAX], int npaths);

/* Kills every process of the runner user.  Returns how many were left. */
unsigned sandbox_sweep(const struct sandbox *sb);

/* Caps the disk dir may use (an empty folder, before anything is put in it). */
void sandbox_disk(struct sandbox *sb, const char *dir);
/* Undoes sandbox_disk(), before dir is removed. */
void sandbox_undisk(struct sandbox *sb, const char *dir);

/* Gives path (a file or a folder tree) to the runner user; 0 or -1. */
int sandbox_give(const struct sandbox *sb, const char *path);

#endif
