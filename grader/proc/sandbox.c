/*
 * sandbox.c - fences for untrusted children (see sandbox.h).
 *
 * Everything is probed, nothing assumed: a cgroup is used only if this
 * process can make one, a namespace only if a test child could enter one,
 * a view only if a test child could build one, runner users only if the
 * grader is root and they exist.  The report prints sandbox.description,
 * so a grade always says under which fences it was measured.
 *
 * What runs between fork and exec (sandbox_enter and the view it builds)
 * uses only system calls and the stack: the parent may have other threads
 * (class mode), so no malloc, no stdio there.
 */
#include "proc/sandbox.h"

#include "base/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pwd.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* ---- cgroups ---- */

/* Our own cgroup path for a v1 controller ("memory") or v2 (""), from /proc/self/cgroup. */
static int own_cgroup(const char *controller, char *out, size_t cap)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[512];
	int rc = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		char *a = strchr(line, ':'), *b = a != NULL ? strchr(a + 1, ':') : NULL;
		if (b == NULL)
			continue;
		*b = '\0';
		b[1 + strcspn(b + 1, "\n")] = '\0';
		if (strcmp(a + 1, controller) == 0) {
			snprintf(out, cap, "%s", strcmp(b + 1, "/") == 0 ? "" : b + 1);
			rc = 0;
			break;
		}
	}
	fclose(f);
	return rc;
}

/* A process's start time (clock ticks since boot), from /proc/PID/stat: with the pid, it names one process. */
static unsigned long long start_time(long pid)
{
	char path[64], text[1024];
	unsigned long long t = 0;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	long n = fs_read_small(path, text, sizeof text);
	const char *p = n > 0 ? strrchr(text, ')') : NULL;  /* the name may hold spaces and ')' */
	/* after ") ": state is field 3; starttime is field 22 */
	for (int field = 2; p != NULL && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p != NULL)
		t = strtoull(p + 1, NULL, 10);
	return t;
}

/* This grading's cgroup name: memlab-<pid>-<start time>, so a stale one is known by a dead owner. */
static void cgroup_name(char *out, size_t cap)
{
	snprintf(out, cap, "memlab-%ld-%llu", (long)getpid(), start_time((long)getpid()));
}

static void probe_cgroups(struct sandbox *sb)
{
	char mem[SANDBOX_CGROUP_MAX], pids[SANDBOX_CGROUP_MAX], path[SANDBOX_CGROUP_MAX], name[64];

	cgroup_name(name, sizeof name);
	/* v1: the memory and pids controllers, each in its own hierarchy. */
	if (own_cgroup("memory", mem, sizeof mem) == 0 && own_cgroup("pids", pids, sizeof pids) == 0 &&
	    fs_path(sb->cg_root[0], SANDBOX_CGROUP_MAX, "/sys/fs/cgroup/memory%s/%s", mem, name) == 0 &&
	    fs_path(sb->cg_root[1], SANDBOX_CGROUP_MAX, "/sys/fs/cgroup/pids%s/%s", pids, name) == 0 &&
	    mkdir(sb->cg_root[0], 0755) == 0) {
		if (mkdir(sb->cg_root[1], 0755) == 0) {
			sb->cgroup_version = 1;
			return;
		}
		rmdir(sb->cg_root[0]);
	}
	/* v2: one hierarchy; the controllers must be enabled for our children. */
	if (own_cgroup("", mem, sizeof mem) == 0 && fs_is_file("/sys/fs/cgroup/cgroup.controllers") &&
	    fs_path(sb->cg_root[0], SANDBOX_CGROUP_MAX, "/sys/fs/cgroup%s/%s", mem, name) == 0 &&
	    mkdir(sb->cg_root[0], 0755) == 0) {
		if (fs_path(path, sizeof path, "%s/cgroup.subtree_control", sb->cg_root[0]) == 0 &&
		    write_text(path, "+memory +pids") == 0) {
			sb->cgroup_version = 2;
			sb->cg_root[1][0] = '\0';
			return;
		}
		rmdir(sb->cg_root[0]);
	}
	sb->cg_root[0][0] = sb->cg_root[1][0] = '\0';
}

static int ncgroups(const struct sandbox *sb)
{
	return sb->cgroup_version == 1 ? 2 : sb->cgroup_version == 2 ? 1 : 0;
}

/*
 * Kills what a cgroup's cgroup.procs lists; returns how many it found.  A
 * listed pid may end and be reused before we signal it, so each is pinned
 * with a pidfd first and signalled only if /proc still shows it in this
 * very cgroup (the line's path equal to ours, not merely containing it).
 */
static int kill_listed(const char *dir, const char *mount_prefix)
{
	char procs[SANDBOX_CGROUP_MAX + 16], path[64], line[512];
	const char *rel = dir + strlen(mount_prefix);  /* the cgroup's path inside its hierarchy */
	long pid;
	int n = 0;

	snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
	FILE *f = fopen(procs, "re");
	while (f != NULL && fscanf(f, "%ld", &pid) == 1) {
		n++;
		int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
		if (pidfd < 0)
			continue;
		snprintf(path, sizeof path, "/proc/%ld/cgroup", pid);
		FILE *cg = fopen(path, "re");
		bool in_ours = false;
		while (cg != NULL && !in_ours && fgets(line, sizeof line, cg) != NULL) {
			char *p = strchr(line, ':');
			p = p != NULL ? strchr(p + 1, ':') : NULL;
			if (p != NULL) {
				p[1 + strcspn(p + 1, "\n")] = '\0';
				in_ours = strcmp(p + 1, rel) == 0;
			}
		}
		if (cg != NULL)
			fclose(cg);
		if (in_ours)
			syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
		close(pidfd);
	}
	if (f != NULL)
		fclose(f);
	return n;
}

/* "/sys/fs/cgroup/memory" of "/sys/fs/cgroup/memory/a/b": where a v1 or v2 hierarchy is mounted. */
static const char *hierarchy_of(const struct sandbox *sb, int k)
{
	if (sb->cgroup_version == 2)
		return "/sys/fs/cgroup";
	return k == 0 ? "/sys/fs/cgroup/memory" : "/sys/fs/cgroup/pids";
}

/* Kills every process in dir (a cgroup) and removes it, trying for up to a second. */
static void remove_cgroup(const struct sandbox *sb, int k, const char *dir, void (*reap)(void))
{
	char file[SANDBOX_CGROUP_MAX + 16];
	struct timespec pause = { 0, 10 * 1000 * 1000 };

	if (sb->cgroup_version == 2 && fs_path(file, sizeof file, "%s/cgroup.kill", dir) == 0)
		write_text(file, "1");
	/* killed processes leave the cgroup once reaped */
	for (int tries = 0; tries < 100; tries++) {
		if (kill_listed(dir, hierarchy_of(sb, k)) == 0 && (rmdir(dir) == 0 || errno == ENOENT))
			return;
		if (reap != NULL)
			reap();
		nanosleep(&pause, NULL);
	}
}

/* ---- users ---- */

/* Live processes owned by uid, counted from /proc (zombies are dead: only a reaping parent holds them). */
static unsigned count_processes(uid_t uid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	unsigned n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char path[64], text[512];
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, 0) != 0 || st.st_uid != uid)
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		const char *state = fs_read_small(path, text, sizeof text) > 0 ? strrchr(text, ')') : NULL;
		if (state == NULL || state[1] != ' ' || (state[2] != 'Z' && state[2] != 'X'))
			n++;
	}
	closedir(d);
	return n;
}

/* Kills every process of uid: as uid, kill(-1) reaches all of them and nothing else. */
static void sweep_uid(uid_t uid, gid_t gid)
{
	struct timespec pause = { 0, 5 * 1000 * 1000 };

	for (int round = 0; round < 200 && count_processes(uid) > 0; round++) {
		pid_t pid = fork();
		if (pid == 0) {
			if (setgroups(0, NULL) == 0 && setgid(gid) == 0 && setuid(uid) == 0)
				kill(-1, SIGKILL);
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
		nanosleep(&pause, NULL);
	}
}

/*
 * The folder of seat locks: root's, and sticky if others may write there
 * (/run/lock is), so nobody can replace another's lock file.  Untrusted
 * children never see it: their /run/lock is their own.
 */
static int lock_dir(void)
{
	struct stat st;

	if (lstat(SANDBOX_LOCK_DIR, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != 0 ||
	    ((st.st_mode & 022) != 0 && (st.st_mode & S_ISVTX) == 0)) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

const char *sandbox_user_name(int k, char *buf, size_t cap)
{
	if (k == 0)
		snprintf(buf, cap, "%s", SANDBOX_USER);
	else
		snprintf(buf, cap, "%s%d", SANDBOX_USER, k);
	return buf;
}

static void load_users(struct sandbox *sb)
{
	for (int k = 0; k < SANDBOX_USERS; k++) {
		char name[32];
		struct passwd *pw = getpwnam(sandbox_user_name(k, name, sizeof name));
		if (pw == NULL || pw->pw_uid == 0 || pw->pw_gid == 0)
			continue;
		sb->uids[sb->nusers] = pw->pw_uid;
		sb->gids[sb->nusers] = pw->pw_gid;
		snprintf(sb->names[sb->nusers], sizeof sb->names[0], "%s", name);
		sb->nusers++;
	}
	sb->users = sb->nusers > 0 && lock_dir() == 0;
}

int sandbox_seat_take(struct sandbox *sb, struct sandbox_seat *seat)
{
	char lock[PATH_CAP], dir[SANDBOX_CGROUP_MAX], file[SANDBOX_CGROUP_MAX + 32], value[32];

	memset(seat, 0, sizeof *seat);
	seat->slot = -1;
	seat->lock_fd = -1;
	seat->uid = geteuid();
	seat->gid = getegid();
	if (sb->users) {
		for (unsigned k = 0; k < sb->nusers && seat->slot < 0; k++) {
			if (fs_path(lock, sizeof lock, "%s/memlab-%s.lock", SANDBOX_LOCK_DIR, sb->names[k]) != 0)
				continue;
			int fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
			if (fd < 0)
				continue;
			if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
				close(fd);
				continue;
			}
			seat->slot = (int)k;
			seat->lock_fd = fd;
			seat->uid = sb->uids[k];
			seat->gid = sb->gids[k];
		}
		if (seat->slot < 0)
			return 1; /* every user busy: the caller tries again soon */
		sweep_uid(seat->uid, seat->gid); /* what a grading that died left running */
	}
	for (int k = 0; k < ncgroups(sb); k++) {
		if (k == 0)
			seat->cgroup_id = ++sb->next_id;
		if (fs_path(dir, sizeof dir, "%s/c%u", sb->cg_root[k], seat->cgroup_id) != 0 || mkdir(dir, 0755) != 0)
			break;
		bool memory = sb->cgroup_version == 2 || k == 0, procs = sb->cgroup_version == 2 || k == 1;
		if (memory) {
			snprintf(value, sizeof value, "%llu", SANDBOX_MEMORY_CAP);
			fs_path(file, sizeof file, "%s/%s", dir, sb->cgroup_version == 1 ? "memory.limit_in_bytes" : "memory.max");
			write_text(file, value);
			if (sb->cgroup_version == 2) { /* no swap: memory hidden in swap is memory too */
				fs_path(file, sizeof file, "%s/memory.swap.max", dir);
				write_text(file, "0");
			}
		}
		if (procs) {
			snprintf(value, sizeof value, "%d", SANDBOX_PROCESS_CAP);
			fs_path(file, sizeof file, "%s/pids.max", dir);
			write_text(file, value);
		}
		fs_path(seat->cgroup_procs[seat->ncgroups++], SANDBOX_CGROUP_MAX, "%s/cgroup.procs", dir);
	}
	return 0;
}

/* The cgroup's memory peak, bytes: v1 max_usage_in_bytes, v2 memory.peak (Linux 5.19). */
static bool read_peak(const struct sandbox *sb, const char *dir, uint64_t *peak)
{
	char file[SANDBOX_CGROUP_MAX + 32], text[64];

	fs_path(file, sizeof file, "%s/%s", dir, sb->cgroup_version == 1 ? "memory.max_usage_in_bytes" : "memory.peak");
	if (fs_read_small(file, text, sizeof text) <= 0)
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (errno != 0 || end == text)
		return false;
	*peak = v;
	return true;
}

void sandbox_seat_end(struct sandbox *sb, struct sandbox_seat *seat, void (*reap)(void))
{
	char dir[SANDBOX_CGROUP_MAX], file[SANDBOX_CGROUP_MAX + 16];

	/* everything of the child first: its cgroup (v2 kills it whole), then its user */
	if (seat->cgroup_id != 0 && sb->cgroup_version == 2 &&
	    fs_path(file, sizeof file, "%s/c%u/cgroup.kill", sb->cg_root[0], seat->cgroup_id) == 0)
		write_text(file, "1");
	if (seat->slot >= 0)
		sweep_uid(seat->uid, seat->gid);
	for (int k = 0; seat->cgroup_id != 0 && k < ncgroups(sb); k++) {
		if (fs_path(dir, sizeof dir, "%s/c%u", sb->cg_root[k], seat->cgroup_id) != 0)
			continue;
		if (sb->cgroup_version == 2 || k == 0) /* the memory controller's cgroup */
			seat->memory_peak_known = read_peak(sb, dir, &seat->memory_peak);
		remove_cgroup(sb, k, dir, reap);
	}
	seat->cgroup_id = 0;
	seat->ncgroups = 0;
}

void sandbox_seat_leave(struct sandbox *sb, struct sandbox_seat *seat)
{
	(void)sb;
	if (seat->lock_fd >= 0)
		close(seat->lock_fd);
	seat->lock_fd = -1;
	seat->slot = -1;
}

/* ---- the seccomp filter ---- */

/*
 * Kernel objects no lab needs, each a way to keep memory out of every
 * measure (memfd, SysV shared memory), to pass data to a later grading
 * (keyrings outlive processes), or to reach past the other fences (new
 * namespaces, io_uring, bpf).  Denied with EPERM; clone3 with ENOSYS, so
 * that the C library falls back to clone, whose flags a filter can see.
 */
static const int denied[] = {
	SCMP_SYS(memfd_create), SCMP_SYS(memfd_secret), SCMP_SYS(shmget), SCMP_SYS(keyctl), SCMP_SYS(add_key),
	SCMP_SYS(request_key), SCMP_SYS(userfaultfd), SCMP_SYS(perf_event_open), SCMP_SYS(bpf),
	SCMP_SYS(io_uring_setup), SCMP_SYS(io_uring_enter), SCMP_SYS(io_uring_register), SCMP_SYS(unshare),
	SCMP_SYS(setns), SCMP_SYS(mount), SCMP_SYS(umount2), SCMP_SYS(pivot_root), SCMP_SYS(chroot),
	SCMP_SYS(open_tree), SCMP_SYS(move_mount), SCMP_SYS(fsopen), SCMP_SYS(fsmount), SCMP_SYS(fspick),
	SCMP_SYS(mount_setattr), SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev), SCMP_SYS(kexec_load),
	SCMP_SYS(kexec_file_load), SCMP_SYS(init_module), SCMP_SYS(finit_module), SCMP_SYS(delete_module),
	SCMP_SYS(swapon), SCMP_SYS(swapoff), SCMP_SYS(acct), SCMP_SYS(open_by_handle_at), SCMP_SYS(quotactl),
};
static const unsigned long namespace_flags[] = {
	CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWCGROUP,
};

static void build_filter(struct sandbox *sb)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	struct sock_fprog *prog = NULL;
	int p[2] = { -1, -1 };
	bool ok = ctx != NULL && seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0) == 0;

	for (size_t i = 0; ok && i < sizeof denied / sizeof denied[0]; i++)
		ok = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), denied[i], 0) == 0;
	for (size_t i = 0; ok && i < sizeof namespace_flags / sizeof namespace_flags[0]; i++)
		ok = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
				      SCMP_A0(SCMP_CMP_MASKED_EQ, namespace_flags[i], namespace_flags[i])) == 0;
	ok = ok && seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) == 0;
	/* the filter as the kernel takes it, through a pipe (it is small: a few hundred bytes) */
	ok = ok && pipe2(p, O_CLOEXEC) == 0 && seccomp_export_bpf(ctx, p[1]) == 0;
	if (p[1] >= 0)
		close(p[1]);
	if (ok) {
		static struct sock_filter code[1024];
		ssize_t n = read(p[0], code, sizeof code);
		ok = n > 0 && n % (ssize_t)sizeof code[0] == 0 && n < (ssize_t)sizeof code &&
		     (prog = calloc(1, sizeof *prog)) != NULL;
		if (ok) {
			prog->len = (unsigned short)(n / (ssize_t)sizeof code[0]);
			prog->filter = code;
		}
	}
	if (p[0] >= 0)
		close(p[0]);
	if (ctx != NULL)
		seccomp_release(ctx);
	sb->filter = ok ? prog : NULL;
	sb->seccomp = ok;
	if (!ok)
		free(prog);
}

/* ---- the view (between fork and exec: system calls and the stack only) ---- */

/* dst = a + b, or -1 if it does not fit. */
static int join(char *dst, size_t cap, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la + lb + 1 > cap)
		return -1;
	memcpy(dst, a, la);
	memcpy(dst + la, b, lb + 1);
	return 0;
}

static int mkdir_p(const char *path, mode_t mode)
{
	char buf[PATH_CAP];
	size_t len = strlen(path);

	if (len >= sizeof buf)
		return -1;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, mode) != 0 && errno != EEXIST ? -1 : 0;
}

/* Binds src onto dst (made), read-only unless writable; never setuid, never devices. */
static int bind_at(const char *src, const char *dst, bool writable, bool is_dir)
{
	if (is_dir ? mkdir_p(dst, 0755) != 0 : (close(open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0644)), 0) != 0)
		return -1;
	if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) != 0)
		return -1;
	struct mount_attr attr = {
		.attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (writable ? 0 : MOUNT_ATTR_RDONLY),
	};
	if (syscall(SYS_mount_setattr, AT_FDCWD, dst, AT_RECURSIVE, &attr, sizeof attr) == 0)
		return 0;
	/* before Linux 5.12: the top mount only */
	return mount(NULL, dst, NULL, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | (writable ? 0 : MS_RDONLY), NULL);
}

static int build_view(const struct sandbox *sb, const char *tmp, const char **step)
{
	static const char *const devices[] = { "null", "zero", "full", "random", "urandom" };
	static const char *const dev_links[][2] = {
		{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
		{ "stderr", "/proc/self/fd/2" },
	};
	static const char *const private_tmp[] = { "/tmp", "/var/tmp", "/run/lock", "/dev/shm" };
	const char *root = sb->view_root;
	char dst[PATH_CAP], src[64];

	*step = "mount propagation";
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return -1;
	*step = "the view's tmpfs";
	if (mount("memlab-view", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=4096,mode=0755") != 0)
		return -1;
	*step = "system folders";
	for (unsigned i = 0; i < sb->nsystem; i++) {
		const struct sandbox_system *s = &sb->system[i];
		if (join(dst, sizeof dst, root, s->path) != 0)
			return -1;
		if (s->link[0] != '\0' ? symlink(s->link, dst) != 0 : bind_at(s->path, dst, false, true) != 0)
			return -1;
	}
	*step = "/dev";
	if (join(dst, sizeof dst, root, "/dev") != 0 || mkdir(dst, 0755) != 0 ||
	    mount("memlab-dev", dst, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,nr_inodes=64,mode=0755") != 0)
		return -1;
	for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
		if (join(src, sizeof src, "/dev/", devices[i]) != 0 || join(dst, sizeof dst, root, src) != 0)
			return -1;
		if (mount(src, (close(open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0666)), dst), NULL, MS_BIND, NULL) != 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof dev_links / sizeof dev_links[0]; i++)
		if (join(src, sizeof src, "/dev/", dev_links[i][0]) != 0 || join(dst, sizeof dst, root, src) != 0 ||
		    symlink(dev_links[i][1], dst) != 0)
			return -1;
	*step = "/proc (hidepid)";
	if (join(dst, sizeof dst, root, "/proc") != 0 || mkdir(dst, 0555) != 0 ||
	    (mount("proc", dst, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=invisible") != 0 &&
	     mount("proc", dst, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") != 0))
		return -1;
	/* the private /tmp first: the grading's folders are often in the real /tmp, and go on top of it */
	*step = "private /tmp";
	for (size_t i = 0; tmp != NULL && i < sizeof private_tmp / sizeof private_tmp[0]; i++)
		if (join(dst, sizeof dst, root, private_tmp[i]) != 0 || bind_at(tmp, dst, true, true) != 0)
			return -1;
	*step = "the grading's folders";
	for (unsigned i = 0; i < sb->nbinds; i++)
		if (join(dst, sizeof dst, root, sb->binds[i].path) != 0 ||
		    bind_at(sb->binds[i].path, dst, sb->binds[i].writable, true) != 0)
			return -1;
	*step = "pivot_root";
	if (mount(NULL, root, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0 || chdir(root) != 0 ||
	    syscall(SYS_pivot_root, ".", ".") != 0 || umount2(".", MNT_DETACH) != 0 || chdir("/") != 0)
		return -1;
	return 0;
}

int sandbox_enter(const struct sandbox *sb, const struct sandbox_seat *seat, const char *cwd,
		  const char *tmp, const char **step)
{
	char pid[24];
	int len = 0;

	*step = "cgroup";
	/* getpid() as text, without stdio */
	for (long v = (long)getpid(); v > 0; v /= 10)
		pid[len++] = (char)('0' + v % 10);
	for (int i = 0; i < len / 2; i++) {
		char t = pid[i];
		pid[i] = pid[len - 1 - i];
		pid[len - 1 - i] = t;
	}
	for (int k = 0; k < seat->ncgroups; k++) {
		int fd = open(seat->cgroup_procs[k], O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, pid, (size_t)len) != len) {
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	int flags = (sb->view ? CLONE_NEWNS : 0) | (sb->ipc_ns ? CLONE_NEWIPC : 0) | (sb->network_ns ? CLONE_NEWNET : 0);
	*step = "namespaces";
	if (flags != 0 && unshare(flags) != 0)
		return -1;
	if (sb->view && build_view(sb, tmp, step) != 0)
		return -1;
	*step = "working folder";
	if (cwd != NULL && chdir(cwd) != 0)
		return -1;
	*step = "rlimits";
	if (seat->ncgroups == 0) {
		struct rlimit as = { SANDBOX_MEMORY_CAP, SANDBOX_MEMORY_CAP };
		if (setrlimit(RLIMIT_AS, &as) != 0)
			return -1;
	}
	if (seat->slot >= 0) {
		/* the user is this child's alone: its own processes are all it counts */
		struct rlimit nproc = { SANDBOX_PROCESS_CAP, SANDBOX_PROCESS_CAP };
		*step = "becoming the runner user";
		if (setrlimit(RLIMIT_NPROC, &nproc) != 0 || setgroups(0, NULL) != 0 || setgid(seat->gid) != 0 ||
		    setuid(seat->uid) != 0)
			return -1;
	}
	*step = "seccomp";
	if (sb->filter != NULL &&
	    (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, sb->filter) != 0))
		return -1;
	return 0;
}

/* ---- probes and the rest ---- */

/* Does a child manage flags (namespaces) and, if view, a whole view?  The probe runs no program. */
static bool probe(struct sandbox *sb, int flags, bool view)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		const char *step;
		_exit(unshare(flags) == 0 && (!view || build_view(sb, NULL, &step) == 0) ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Records /usr, /etc and the /bin, /lib ... folders or links a child's view needs. */
static void find_system(struct sandbox *sb)
{
	static const char *const paths[] = {
		"/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/var/cache/fontconfig",
	};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0] && sb->nsystem < SANDBOX_SYSTEM_MAX; i++) {
		struct sandbox_system *s = &sb->system[sb->nsystem];
		struct stat st;
		if (lstat(paths[i], &st) != 0)
			continue;
		snprintf(s->path, sizeof s->path, "%s", paths[i]);
		s->link[0] = '\0';
		if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlink(paths[i], s->link, sizeof s->link - 1);
			if (n <= 0)
				continue;
			s->link[n] = '\0';
		} else if (!S_ISDIR(st.st_mode)) {
			continue;
		}
		sb->nsystem++;
	}
}

static void describe(struct sandbox *sb)
{
	char *d = sb->description;
	size_t cap = sizeof sb->description, len;

	if (sb->users)
		snprintf(d, cap, "a runner user per child (%u users)", sb->nusers);
	else if (sb->root)
		snprintf(d, cap, "AS ROOT: no user %s (run make deps), so process limits do not bind", SANDBOX_USER);
	else
		snprintf(d, cap, "your own user (not root: no user switch)");
	len = strlen(d);
	if (sb->cgroup_version != 0)
		snprintf(d + len, cap - len, ", cgroup v%d (memory cap %llu MiB, %d processes)", sb->cgroup_version,
			 SANDBOX_MEMORY_CAP >> 20, SANDBOX_PROCESS_CAP);
	else
		snprintf(d + len, cap - len, ", rlimits (address space %llu MiB)", SANDBOX_MEMORY_CAP >> 20);
	len = strlen(d);
	snprintf(d + len, cap - len, ", %s, %s, %s, %s, %s", sb->view ? "own file system view" : "file system not fenced",
		 sb->network_ns ? "no network" : "network not fenced", sb->ipc_ns ? "own IPC" : "IPC shared",
		 sb->disk_capped ? "disk cap " SANDBOX_DISK_CAP " (tmpfs)" : "disk: files up to 1 GiB each",
		 sb->seccomp ? "seccomp" : "no seccomp");
}

void sandbox_init(struct sandbox *sb)
{
	memset(sb, 0, sizeof *sb);
	sb->root = geteuid() == 0;
	if (sb->root) {
		load_users(sb);
		probe_cgroups(sb);
		/* a mount namespace of our own: what we mount dies with us */
		/* (source and type are ignored for a propagation change; named for memcheck) */
		sb->mount_ns = unshare(CLONE_NEWNS) == 0 && mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == 0;
		find_system(sb);
		build_filter(sb);
	}
	sb->network_ns = probe(sb, CLONE_NEWNET, false);
	sb->ipc_ns = probe(sb, CLONE_NEWIPC, false);
	describe(sb);
}

int sandbox_bind(struct sandbox *sb, const char *path, bool writable)
{
	if (sb->nbinds == SANDBOX_BINDS_MAX || strlen(path) >= sizeof sb->binds[0].path || path[0] != '/')
		return -1;
	snprintf(sb->binds[sb->nbinds].path, sizeof sb->binds[0].path, "%s", path);
	sb->binds[sb->nbinds++].writable = writable;
	return 0;
}

void sandbox_view_at(struct sandbox *sb, const char *dir)
{
	if (!sb->root || !sb->mount_ns || snprintf(sb->view_root, sizeof sb->view_root, "%s", dir) >= (int)sizeof sb->view_root)
		return;
	sb->view = probe(sb, CLONE_NEWNS, true);
	describe(sb);
}

bool sandbox_disk(struct sandbox *sb, const char *dir, const char *size)
{
	char options[64];

	snprintf(options, sizeof options, "size=%s,nr_inodes=" SANDBOX_INODE_CAP ",mode=0755", size);
	bool ok = sb->mount_ns && mount("memlab", dir, "tmpfs", MS_NOSUID | MS_NODEV, options) == 0;
	if (ok && strcmp(size, SANDBOX_DISK_CAP) == 0) {
		sb->disk_capped = true;
		describe(sb);
	}
	return ok;
}

void sandbox_undisk(struct sandbox *sb, const char *dir)
{
	if (sb->mount_ns)
		umount2(dir, MNT_DETACH); /* EINVAL when nothing is mounted there: nothing to undo */
}

static uid_t give_uid;
static gid_t give_gid;

static int give_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)flag; (void)ftw;
	if (lchown(path, give_uid, give_gid) != 0)
		return -1;
	/* handed back to root: nobody else may write it (links have no mode of their own) */
	if (give_uid == 0 && !S_ISLNK(st->st_mode) && chmod(path, st->st_mode & 07755 & ~(mode_t)022) != 0)
		return -1;
	return 0;
}

int sandbox_give(const struct sandbox *sb, const struct sandbox_seat *seat, const char *path)
{
	if (!sb->users)
		return 0;
	give_uid = seat != NULL ? seat->uid : 0;
	give_gid = seat != NULL ? seat->gid : 0;
	return nftw(path, give_one, 16, FTW_PHYS);
}

void sandbox_clean_stale(const struct sandbox *sb)
{
	/* every runner user nobody holds: whatever a dead grading left running as it */
	for (unsigned k = 0; sb->users && k < sb->nusers; k++) {
		char lock[PATH_CAP];
		int fd;
		if (fs_path(lock, sizeof lock, "%s/memlab-%s.lock", SANDBOX_LOCK_DIR, sb->names[k]) != 0 ||
		    (fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			sweep_uid(sb->uids[k], sb->gids[k]);
		close(fd);
	}
	for (int k = 0; k < ncgroups(sb); k++) {
		char parent[SANDBOX_CGROUP_MAX], dir[SANDBOX_CGROUP_MAX * 2], child[SANDBOX_CGROUP_MAX * 3];
		snprintf(parent, sizeof parent, "%s", sb->cg_root[k]);
		char *slash = strrchr(parent, '/');
		if (slash == NULL)
			continue;
		*slash = '\0';
		DIR *d = opendir(parent);
		struct dirent *e;
		while (d != NULL && (e = readdir(d)) != NULL) {
			long pid;
			unsigned long long started;
			if (sscanf(e->d_name, "memlab-%ld-%llu", &pid, &started) != 2 ||
			    strcmp(e->d_name, strrchr(sb->cg_root[k], '/') + 1) == 0 || start_time(pid) == started)
				continue; /* not ours, this grading's, or its grading still runs */
			snprintf(dir, sizeof dir, "%s/%s", parent, e->d_name);
			DIR *c = opendir(dir);
			struct dirent *ce;
			while (c != NULL && (ce = readdir(c)) != NULL)
				if (ce->d_name[0] == 'c' && ce->d_name[1] >= '0' && ce->d_name[1] <= '9' &&
				    snprintf(child, sizeof child, "%s/%s", dir, ce->d_name) < (int)sizeof child)
					remove_cgroup(sb, k, child, NULL);
			if (c != NULL)
				closedir(c);
			rmdir(dir);
		}
		if (d != NULL)
			closedir(d);
	}
}

void sandbox_release(struct sandbox *sb)
{
	for (int k = 0; k < 2; k++)
		if (sb->cg_root[k][0] != '\0')
			rmdir(sb->cg_root[k]);
	free(sb->filter);
	sb->filter = NULL;
}
