/*
 * sandbox.c - fences for untrusted children (see sandbox.h).
 *
 * Everything is probed, nothing assumed: a cgroup is used only if this
 * process can make one, a network namespace only if a test child could
 * enter one, the runner user only if the grader is root and the user
 * exists.  The report prints sandbox.description, so a grade always says
 * under which fences it was measured.
 */
#include "sandbox.h"

#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
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

/* Our own cgroup path for a v1 controller ("memory") or v2 (""), from /proc/self/cgroup. */
static int own_cgroup(const char *controller, char *out, size_t cap)
{
	FILE *f = fopen("/proc/self/cgroup", "r");
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
			snprintf(out, cap, "%s", b + 1);
			rc = 0;
			break;
		}
	}
	fclose(f);
	return rc;
}

static void probe_cgroups(struct sandbox *sb)
{
	char mem[SANDBOX_CGROUP_MAX], pids[SANDBOX_CGROUP_MAX], path[SANDBOX_CGROUP_MAX];

	/* v1: the memory and pids controllers, each in its own hierarchy. */
	if (own_cgroup("memory", mem, sizeof mem) == 0 && own_cgroup("pids", pids, sizeof pids) == 0 &&
	    fs_path(sb->cg_root[0], SANDBOX_CGROUP_MAX, "/sys/fs/cgroup/memory%s/memlab-%ld",
		    strcmp(mem, "/") == 0 ? "" : mem, (long)getpid()) == 0 &&
	    fs_path(sb->cg_root[1], SANDBOX_CGROUP_MAX, "/sys/fs/cgroup/pids%s/memlab-%ld",
		    strcmp(pids, "/") == 0 ? "" : pids, (long)getpid()) == 0 &&
	    mkdir(sb->cg_root[0], 0755) == 0) {
		if (mkdir(sb->cg_root[1], 0755) == 0) {
			sb->cgroup_version = 1;
			return;
		}
		rmdir(sb->cg_root[0]);
	}
	/* v2: one hierarchy; the controllers must be enabled for our children. */
	if (own_cgroup("", mem, sizeof mem) == 0 && fs_is_file("/sys/fs/cgroup/cgroup.controllers") &&
	    fs_path(sb->cg_root[0], SANDBOX_CGROUP_MAX, "/sys/fs/cgroup%s/memlab-%ld",
		    strcmp(mem, "/") == 0 ? "" : mem, (long)getpid()) == 0 &&
	    mkdir(sb->cg_root[0], 0755) == 0) {
		if (fs_path(path, sizeof path, "%s/cgroup.subtree_control", sb->cg_root[0]) == 0 &&
		    write_text(path, "+memory +pids") == 0) {
			sb->cgroup_version = 2;
			return;
		}
		rmdir(sb->cg_root[0]);
	}
	sb->cg_root[0][0] = sb->cg_root[1][0] = '\0';
}

static bool probe_network_namespace(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(unshare(CLONE_NEWNET) == 0 ? 0 : 1);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * Claims a runner user for this grading: the first free slot, or, when all
 * are taken, waits for the first one.  Returns the user's entry or NULL.
 */
static struct passwd *claim_user(struct sandbox *sb)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int slot = 0; slot < SANDBOX_SLOTS; slot++) {
			char name[32], lock[128];
			struct passwd *pw;
			if (slot == 0)
				snprintf(name, sizeof name, "%s", SANDBOX_USER);
			else
				snprintf(name, sizeof name, "%s%d", SANDBOX_USER, slot);
			if ((pw = getpwnam(name)) == NULL || pw->pw_uid == 0)
				continue;
			snprintf(lock, sizeof lock, "%s/memlab-%s.lock", SANDBOX_LOCK_DIR, name);
			int fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
			if (fd < 0)
				continue;
			/* first pass: take a free one; second: wait for one */
			if (flock(fd, pass == 0 ? LOCK_EX | LOCK_NB : LOCK_EX) == 0) {
				sb->lock_fd = fd;
				snprintf(sb->user, sizeof sb->user, "%s", name);
				return pw;
			}
			close(fd);
		}
	}
	return NULL;
}

void sandbox_init(struct sandbox *sb)
{
	memset(sb, 0, sizeof *sb);
	sb->lock_fd = -1;
	if (geteuid() == 0) {
		struct passwd *pw = claim_user(sb);
		if (pw != NULL) {
			sb->as_user = true;
			sb->uid = pw->pw_uid;
			sb->gid = pw->pw_gid;
		}
		probe_cgroups(sb);
		/* a mount namespace of our own: what we mount dies with us */
		/* (source and type are ignored for a propagation change; named for memcheck) */
		sb->mount_ns = unshare(CLONE_NEWNS) == 0 && mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == 0;
	}
	sb->network_ns = probe_network_namespace();
	if (sb->as_user)
		snprintf(sb->description, sizeof sb->description, "user %s (uid %ld)", sb->user, (long)sb->uid);
	else if (geteuid() == 0)
		snprintf(sb->description, sizeof sb->description,
			 "AS ROOT: no user %s (run make deps), so process limits do not bind", SANDBOX_USER);
	else
		snprintf(sb->description, sizeof sb->description, "your own user (not root: no user switch)");
	size_t len = strlen(sb->description);
	if (sb->cgroup_version != 0)
		snprintf(sb->description + len, sizeof sb->description - len,
			 ", cgroup v%d (memory cap %llu MiB, %d processes)", sb->cgroup_version,
			 SANDBOX_MEMORY_CAP >> 20, SANDBOX_PROCESS_CAP);
	else
		snprintf(sb->description + len, sizeof sb->description - len,
			 ", rlimits (address space %llu MiB%s)", SANDBOX_MEMORY_CAP >> 20,
			 sb->as_user ? ", process count" : "");
	len = strlen(sb->description);
	snprintf(sb->description + len, sizeof sb->description - len, ", %s, %s, %s",
		 sb->network_ns ? "no network" : "network not fenced",
		 sb->mount_ns ? "disk cap " SANDBOX_DISK_CAP " (tmpfs)" : "disk: files up to 1 GiB each",
		 sb->as_user ? "sweep of the runner's processes" : "process-group kill only");
}

void sandbox_disk(struct sandbox *sb, const char *dir)
{
	if (sb->mount_ns)
		sb->disk_capped = mount("memlab", dir, "tmpfs", MS_NOSUID | MS_NODEV,
					"size=" SANDBOX_DISK_CAP ",nr_inodes=" SANDBOX_INODE_CAP ",mode=0755") == 0;
}

void sandbox_undisk(struct sandbox *sb, const char *dir)
{
	if (sb->disk_capped && umount2(dir, MNT_DETACH) == 0)
		sb->disk_capped = false;
}

static int cgroup_dir(const struct sandbox *sb, int which, unsigned id, char *out)
{
	return fs_path(out, SANDBOX_CGROUP_MAX, "%s/c%u", sb->cg_root[which], id);
}

int sandbox_cgroup_make(struct sandbox *sb, unsigned id, char paths[3][SANDBOX_CGROUP_MAX])
{
	char dir[SANDBOX_CGROUP_MAX], file[SANDBOX_CGROUP_MAX], value[32];
	int n = 0;
	int ncg = sb->cgroup_version == 1 ? 2 : sb->cgroup_version == 2 ? 1 : 0;

	for (int k = 0; k < ncg; k++) {
		if (cgroup_dir(sb, k, id, dir) != 0 || mkdir(dir, 0755) != 0)
			return n;
		bool memory = sb->cgroup_version == 2 || k == 0, procs = sb->cgroup_version == 2 || k == 1;
		if (memory) {
			snprintf(value, sizeof value, "%llu", SANDBOX_MEMORY_CAP);
			fs_path(file, sizeof file, "%s/%s", dir, sb->cgroup_version == 1 ? "memory.limit_in_bytes" : "memory.max");
			write_text(file, value);
		}
		if (procs) {
			snprintf(value, sizeof value, "%d", SANDBOX_PROCESS_CAP);
			fs_path(file, sizeof file, "%s/pids.max", dir);
			write_text(file, value);
		}
		fs_path(paths[n++], SANDBOX_CGROUP_MAX, "%s/cgroup.procs", dir);
	}
	return n;
}

/*
 * Kills what cgroup.procs lists; returns how many it found.  A listed pid
 * may end and be reused before we signal it, so each is pinned with a
 * pidfd first and signalled only if /proc still shows it in our cgroup
 * (if the pinned process died meanwhile, the signal goes nowhere).
 */
static int kill_listed(const char *procs, const char *cgroup_dir)
{
	FILE *f = fopen(procs, "r");
	const char *name = strrchr(cgroup_dir, '/'); /* ".../memlab-<grader>/c<id>": the tail is ours alone */
	char path[64], line[512];
	long pid;
	int n = 0;

	if (f == NULL || name == NULL)
		goto out;
	const char *ours = name - 1;
	while (ours > cgroup_dir && *ours != '/')
		ours--;
	while (fscanf(f, "%ld", &pid) == 1) {
		n++;
		int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
		if (pidfd < 0)
			continue;
		snprintf(path, sizeof path, "/proc/%ld/cgroup", pid);
		FILE *cg = fopen(path, "r");
		bool in_ours = false;
		while (cg != NULL && !in_ours && fgets(line, sizeof line, cg) != NULL)
			in_ours = strstr(line, ours) != NULL;
		if (cg != NULL)
			fclose(cg);
		if (in_ours)
			syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
		close(pidfd);
	}
out:
	if (f != NULL)
		fclose(f);
	return n;
}

void sandbox_cgroup_end(const struct sandbox *sb, unsigned id)
{
	char dir[SANDBOX_CGROUP_MAX], file[SANDBOX_CGROUP_MAX];
	int ncg = sb->cgroup_version == 1 ? 2 : sb->cgroup_version == 2 ? 1 : 0;
	struct timespec pause = { 0, 10 * 1000 * 1000 };

	for (int k = 0; k < ncg; k++) {
		if (cgroup_dir(sb, k, id, dir) != 0)
			continue;
		if (sb->cgroup_version == 2 && fs_path(file, sizeof file, "%s/cgroup.kill", dir) == 0)
			write_text(file, "1");
		fs_path(file, sizeof file, "%s/cgroup.procs", dir);
		/* Killed processes leave the cgroup once reaped: retry for up to a second. */
		for (int tries = 0; tries < 100; tries++) {
			if (kill_listed(file, dir) == 0 && rmdir(dir) == 0)
				break;
			nanosleep(&pause, NULL);
		}
	}
}

int sandbox_enter(const struct sandbox *sb, char paths[3][SANDBOX_CGROUP_MAX], int npaths)
{
	char pid[24];
	int len = 0;

	/* getpid() as text, without stdio (we are between fork and exec) */
	for (long v = (long)getpid(); v > 0; v /= 10)
		pid[len++] = (char)('0' + v % 10);
	for (int i = 0; i < len / 2; i++) {
		char t = pid[i];
		pid[i] = pid[len - 1 - i];
		pid[len - 1 - i] = t;
	}
	for (int k = 0; k < npaths; k++) {
		int fd = open(paths[k], O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, pid, (size_t)len) != len) {
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	if (sb->network_ns && unshare(CLONE_NEWNET) != 0)
		return -1;
	if (npaths == 0) {
		struct rlimit as = { SANDBOX_MEMORY_CAP, SANDBOX_MEMORY_CAP };
		if (setrlimit(RLIMIT_AS, &as) != 0)
			return -1;
	}
	if (sb->as_user) {
		/* RLIMIT_NPROC counts every process of the user: room for parallel runs */
		struct rlimit nproc = { 4 * SANDBOX_PROCESS_CAP, 4 * SANDBOX_PROCESS_CAP };
		if (setrlimit(RLIMIT_NPROC, &nproc) != 0 || setgroups(0, NULL) != 0 ||
		    setgid(sb->gid) != 0 || setuid(sb->uid) != 0)
			return -1;
	}
	return 0;
}

/* Processes owned by uid, counted from /proc. */
static unsigned count_processes(uid_t uid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	unsigned n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char path[64];
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s", e->d_name);
		if (stat(path, &st) == 0 && st.st_uid == uid)
			n++;
	}
	closedir(d);
	return n;
}

unsigned sandbox_sweep(const struct sandbox *sb)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };

	if (!sb->as_user)
		return 0;
	for (int round = 0; round < 50; round++) {
		if (count_processes(sb->uid) == 0)
			return 0;
		pid_t pid = fork();
		if (pid == 0) {
			/* As the runner, kill(-1) reaches every process of the runner and nothing else. */
			if (setgroups(0, NULL) == 0 && setgid(sb->gid) == 0 && setuid(sb->uid) == 0)
				kill(-1, SIGKILL);
			_exit(0);
		}
		if (pid > 0)
			waitpid(pid, NULL, 0);
		nanosleep(&pause, NULL);
	}
	return count_processes(sb->uid);
}

static uid_t give_uid;
static gid_t give_gid;

static int give_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return lchown(path, give_uid, give_gid);
}

int sandbox_give(const struct sandbox *sb, const char *path)
{
	if (!sb->as_user)
		return 0;
	give_uid = sb->uid;
	give_gid = sb->gid;
	return nftw(path, give_one, 16, FTW_PHYS);
}

void sandbox_release(struct sandbox *sb)
{
	if (sb->lock_fd >= 0)
		close(sb->lock_fd);
	sb->lock_fd = -1;
	for (int k = 0; k < 2; k++)
		if (sb->cg_root[k][0] != '\0')
			rmdir(sb->cg_root[k]);
}
