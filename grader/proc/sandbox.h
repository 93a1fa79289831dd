/*
 * sandbox.h - where untrusted children run.  The grader compiles and runs
 * code it cannot trust, as root; this decides, once per grading, how far
 * that code can be fenced in on this machine, and says so in the report.
 * Neighbours: child.c (puts each untrusted child in a seat of the sandbox),
 * build.c and measure.c (say which folders the children may see).
 *
 * The fences, each used where the kernel allows it (sandbox_init probes):
 *  - a user per child: every untrusted child that runs takes a seat, one of
 *    the SANDBOX_USERS runner users `make deps` made (memlab-runner,
 *    memlab-runner1, ...), locked while the child runs, machine-wide.  Two
 *    children alive at once never share a user, so none can signal, ptrace
 *    or read the files of another; when the child ends, every process of
 *    its user is killed, and only then are its outputs read and its user
 *    given back.
 *  - its own view of the file system: a mount namespace whose root is an
 *    empty tmpfs holding read-only /usr and /etc (and the /bin, /lib links
 *    or folders), a minimal /dev, a /proc that shows only its own user's
 *    processes (hidepid), the folders the grading binds (sandbox_bind), and
 *    a private /tmp, /var/tmp, /dev/shm and /run/lock: its run folder's
 *    tmp/, on the grading's capped tmpfs.  Nothing else exists for it: no
 *    other student's work, no gradebook, no reference solution, no real /tmp.
 *  - its own IPC and network namespaces: SysV IPC and POSIX queues die with
 *    it; no network, not even abstract unix sockets shared with anyone.
 *  - a cgroup of its own (v1 memory + pids, or v2), with a memory cap and a
 *    process cap, killed whole when it ends; its memory peak (which counts
 *    tmpfs, shared memory and pipe pages as well as the heap) is read then.
 *  - a seccomp filter: no memfd, no kernel keyrings, no new namespaces, no
 *    io_uring, bpf or perf events: kernel objects no lab needs, each a way to
 *    hide memory or to pass data to a later grading.
 *  - always: rlimits (CPU, file size, no core, processes; address space when
 *    there is no cgroup), a process group, no inherited file descriptors.
 * Without root (a student's own machine) only the last line applies, and
 * the description says so.
 *
 * Life cycle: sandbox_init() probes; sandbox_bind() names what children
 * may see; per child: sandbox_seat_take() ... sandbox_enter() in the child
 * ... sandbox_seat_leave(); sandbox_release() removes what it made.
 */
#ifndef GRADER_SANDBOX_H
#define GRADER_SANDBOX_H

#include "base/limits.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SANDBOX_USER          "memlab-runner"  /* seat 0; seat k > 0 is memlab-runner<k> */
#define SANDBOX_LOCK_DIR      "/run/lock"   /* where a seat is claimed (flock on memlab-<user>.lock) */

/* A folder of the real file system that children see, at the same path. */
struct sandbox_bind {
	char path[PATH_CAP];
	bool writable;         /* as far as its permissions allow; else read-only */
};

/* /usr, /etc, /bin...: a folder bound read-only, or a link made again. */
struct sandbox_system {
	char path[64];
	char link[64];         /* "" for a folder */
};

struct sandbox {
	bool root;             /* the grader runs as root: the fences below can be had */
	bool users;            /* runner users exist: untrusted children run as them */
	unsigned nusers;
	uid_t uids[SANDBOX_USERS];
	gid_t gids[SANDBOX_USERS];
	char names[SANDBOX_USERS][32];
	bool view;             /* children get their own file system view (mount namespace) */
	bool network_ns, ipc_ns;
	bool mount_ns;         /* the grader has a mount namespace of its own */
	bool disk_capped;      /* sandbox_disk() mounted the tmpfs */
	bool seccomp;          /* the filter was built */
	int cgroup_version;    /* 0: none, 1: v1 memory+pids, 2: v2 */
	char cg_root[2][SANDBOX_CGROUP_MAX]; /* v1: memory and pids parents of this grading; v2: [0] */
	unsigned next_id;      /* numbers the children's cgroups */
	char view_root[PATH_CAP];            /* an empty folder: each child's new root is mounted on it */
	struct sandbox_bind binds[SANDBOX_BINDS_MAX];
	unsigned nbinds;
	struct sandbox_system system[SANDBOX_SYSTEM_MAX];
	unsigned nsystem;
	void *filter;          /* struct sock_fprog, built once; NULL without seccomp */
	char description[512]; /* one line for the report */
};

/*
 * One untrusted child's place in the sandbox: its user, held while it runs,
 * and its cgroup.  Filled by sandbox_seat_take(), emptied by _leave().
 */
struct sandbox_seat {
	int slot;              /* index into the sandbox's users; -1: none (not root) */
	int lock_fd;
	uid_t uid;
	gid_t gid;
	unsigned cgroup_id;    /* 0: none */
	char cgroup_procs[2][SANDBOX_CGROUP_MAX]; /* the cgroup.procs files it joins */
	int ncgroups;
	uint64_t memory_peak;  /* bytes, the cgroup's peak; 0: not known */
	bool memory_peak_known;
};

/* The name of runner user k (0 .. SANDBOX_USERS-1): memlab-runner, memlab-runner1, ... */
const char *sandbox_user_name(int k, char *buf, size_t cap);

/* Probes this machine.  Never fails: what cannot be used is said in description. */
void sandbox_init(struct sandbox *sb);
void sandbox_release(struct sandbox *sb);

/*
 * Shows children the folder at path (it must exist), read-only or as its
 * permissions allow.  Before the first child starts.  0, or -1 if full.
 */
int sandbox_bind(struct sandbox *sb, const char *path, bool writable);

/* Uses dir (an empty folder the grader owns) as the mount point of children's views. */
void sandbox_view_at(struct sandbox *sb, const char *dir);

/*
 * Takes a free seat for a child about to start: a runner user nobody else
 * holds (its leftover processes killed), and a cgroup.  Returns 0; 1 if
 * every user is taken now (try again soon); -1 with errno on failure.
 * Without root: 0, with no user and no cgroup.
 */
int sandbox_seat_take(struct sandbox *sb, struct sandbox_seat *seat);

/*
 * After the child has ended: kills every process of the seat's user and
 * cgroup, reads the cgroup's memory peak into the seat, removes the cgroup
 * (calling reap, if not NULL, while it waits: the killed processes may be
 * the caller's orphans, in the cgroup until they are reaped).
 * The seat's user is still held: the caller reads what the child left,
 * then calls sandbox_seat_leave().
 */
void sandbox_seat_end(struct sandbox *sb, struct sandbox_seat *seat, void (*reap)(void));

/* Gives the seat's user back.  Safe on a seat never taken. */
void sandbox_seat_leave(struct sandbox *sb, struct sandbox_seat *seat);

/*
 * In the child, after fork and before exec (async-signal-safe): joins the
 * seat's cgroup, enters namespaces of its own, builds its view with tmp
 * (a folder the seat's user owns) as its /tmp, changes to cwd, applies
 * rlimits, becomes the seat's user and loads the seccomp filter.  Returns
 * 0, or -1 with errno set and *step naming what failed.
 */
int sandbox_enter(const struct sandbox *sb, const struct sandbox_seat *seat, const char *cwd,
		  const char *tmp, const char **step);

/* Gives path (a file or folder tree) to the seat's user (to root: seat NULL); 0 or -1. */
int sandbox_give(const struct sandbox *sb, const struct sandbox_seat *seat, const char *path);

/*
 * Caps the disk dir may use (an empty folder, before anything is put in
 * it): a tmpfs of `size` ("1g"), in the grader's own mount namespace, so it
 * vanishes with the grader however it ends.  Returns whether it could.
 */
bool sandbox_disk(struct sandbox *sb, const char *dir, const char *size);
/* Undoes sandbox_disk(), before dir is removed. */
void sandbox_undisk(struct sandbox *sb, const char *dir);

/*
 * Removes what gradings that died without cleaning up (SIGKILL, a crash)
 * left: processes of runner users nobody holds now, and their cgroups
 * beside ours.  Their scratch folders are fs_clean_stale's.
 */
void sandbox_clean_stale(const struct sandbox *sb);

#endif
