/*
 * child.c - supervised children (see child.h).
 *
 * The loop: start children until `parallel` run; poll their pidfds and
 * output pipes, with a timeout that ends at the nearest deadline; copy what
 * they write (keeping the first CHILD_OUTPUT_KEEP bytes); reap those whose
 * pidfd fires and kill what is left of their process group; kill the group
 * of any child past its deadline.  A child is done when it is reaped and
 * its pipes are closed, or CHILD_KILL_GRACE_MS after it is reaped if
 * something it left behind still holds them.
 */
#include "child.h"

#include "limits.h"
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *const base_env[] = {
	"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "LANG=C", NULL,
};

/* Groups running now, for the signal handler. */
static volatile sig_atomic_t running_groups[JOBS_MAX];

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Claims (on) or frees a slot; atomic, because class mode runs supervisors in threads. */
static void track(pid_t pid, bool on)
{
	for (int i = 0; i < JOBS_MAX; i++) {
		sig_atomic_t expected = on ? 0 : pid;
		if (__atomic_compare_exchange_n(&running_groups[i], &expected, on ? pid : 0, false,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return;
	}
}

static volatile sig_atomic_t interrupted_by;

/*
 * SIGINT, SIGTERM, SIGHUP: kill every running group now, start no new
 * child, and let the grader clean up and then die of the signal
 * (child_interrupted()).
 */
static void on_fatal_signal(int sig)
{
	for (int i = 0; i < JOBS_MAX; i++)
		if (running_groups[i] > 0)
			kill(-(pid_t)running_groups[i], SIGKILL);
	interrupted_by = sig;
}

int child_interrupted(void)
{
	return interrupted_by;
}

void child_install_signal_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void become_child(const struct child *c, int out_w, int err_w, int report_w, int fd3,
			 char cgroups[3][SANDBOX_CGROUP_MAX], int ncgroups)
{
	char *env[8 + 4 + 1];
	int n = 0, err;
	struct rlimit cpu = { c->timeout_s + CPU_LIMIT_MARGIN_S, c->timeout_s + CPU_LIMIT_MARGIN_S }, inherited;
	struct rlimit core = { 0, 0 };
	struct rlimit fsize = { CHILD_FILE_LIMIT, CHILD_FILE_LIMIT };

	setpgid(0, 0);
	int in = open("/dev/null", O_RDONLY);
	if (in < 0 || dup2(in, 0) < 0 || dup2(out_w, 1) < 0 || dup2(err_w, 2) < 0)
		goto fail;
	if (fd3 >= 0 && dup2(fd3, 3) < 0)
		goto fail;
	if (c->sandbox != NULL && sandbox_enter(c->sandbox, cgroups, ncgroups) != 0)
		goto fail;
	if (c->cwd != NULL && chdir(c->cwd) != 0)
		goto fail;
	/* a grader started under a CPU limit (a batch system) cannot raise it */
	if (getrlimit(RLIMIT_CPU, &inherited) == 0 && inherited.rlim_max != RLIM_INFINITY &&
	    inherited.rlim_max < cpu.rlim_max)
		cpu.rlim_cur = cpu.rlim_max = inherited.rlim_max;
	if (setrlimit(RLIMIT_CPU, &cpu) != 0 || setrlimit(RLIMIT_CORE, &core) != 0 ||
	    setrlimit(RLIMIT_FSIZE, &fsize) != 0)
		goto fail;
	for (int i = 0; base_env[i] != NULL; i++)
		env[n++] = (char *)base_env[i];
	for (int i = 0; c->env[i] != NULL; i++)
		env[n++] = (char *)c->env[i];
	env[n] = NULL;
	signal(SIGPIPE, SIG_DFL);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	close_range(fd3 >= 0 ? 4 : 3, ~0u, CLOSE_RANGE_CLOEXEC);
	environ = env;
	execvp(c->argv[0], (char *const *)c->argv);
fail:
	err = errno;
	if (write(report_w, &err, sizeof err) < 0) { /* nothing more we can do */ }
	_exit(127);
}

/* A pipe whose read end holds text (small: it must fit the pipe's buffer). */
static int pipe_with(const char *text)
{
	int p[2];
	size_t len = strlen(text);

	if (len > 4096 || pipe2(p, O_CLOEXEC) != 0)
		return -1;
	if (write(p[1], text, len) != (ssize_t)len) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	close(p[1]);
	return p[0];
}

static void start(struct child *c)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, report[2] = { -1, -1 }, fd3 = -1;
	char cgroups[3][SANDBOX_CGROUP_MAX];
	int ncgroups = 0;

	c->pipes[0] = c->pipes[1] = c->keep[0] = c->keep[1] = c->pidfd = -1;
	c->started_at = now_s();
	const char *paths[2] = { c->stdout_path, c->stderr_path };
	for (int i = 0; i < 2; i++)
		if (paths[i] != NULL &&
		    (c->keep[i] = open(paths[i], O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0)
			goto fail;
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || pipe2(report, O_CLOEXEC) != 0)
		goto fail;
	if (c->fd3_data != NULL && (fd3 = pipe_with(c->fd3_data)) < 0)
		goto fail;
	if (c->sandbox != NULL && c->sandbox->cgroup_version != 0) {
		c->cgroup_id = ++c->sandbox->next_id;
		ncgroups = sandbox_cgroup_make(c->sandbox, c->cgroup_id, cgroups);
	}
	c->pid = fork();
	if (c->pid < 0)
		goto fail;
	if (c->pid == 0)
		become_child(c, out[1], err[1], report[1], fd3, cgroups, ncgroups);
	if (fd3 >= 0)
		close(fd3);
	setpgid(c->pid, c->pid); /* also in the child: whichever runs first */
	track(c->pid, true);
	close(out[1]);
	close(err[1]);
	close(report[1]);
	int child_errno;
	ssize_t got;
	while ((got = read(report[0], &child_errno, sizeof child_errno)) < 0 && errno == EINTR)
		;
	close(report[0]);
	c->pipes[0] = out[0];
	c->pipes[1] = err[0];
	c->pidfd = pidfd_open(c->pid, 0);
	if (got == (ssize_t)sizeof child_errno) {
		c->start_error = child_errno;
		c->started = false;
	} else {
		c->started = true;
	}
	/* pidfd < 0 (no pidfd_open): the run loop falls back to a short poll interval */
	fcntl(c->pipes[0], F_SETFL, O_NONBLOCK);
	fcntl(c->pipes[1], F_SETFL, O_NONBLOCK);
	return;
fail:
	c->start_error = errno;
	c->started = false;
	c->reaped = true;
	if (fd3 >= 0)
		close(fd3);
	if (c->cgroup_id != 0)
		sandbox_cgroup_end(c->sandbox, c->cgroup_id);
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0) close(out[i]);
		if (err[i] >= 0) close(err[i]);
		if (report[i] >= 0) close(report[i]);
		if (c->keep[i] >= 0) close(c->keep[i]);
		c->keep[i] = -1;
	}
}

/* Reads what is waiting on pipe i; closes it at end of file. */
static void drain(struct child *c, int i)
{
	char buf[64 * 1024];
	uint64_t *total = i == 0 ? &c->out_bytes : &c->err_bytes;
	bool *cut = i == 0 ? &c->out_cut : &c->err_cut;

	for (;;) {
		ssize_t n = read(c->pipes[i], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return; /* EAGAIN: nothing more now */
		if (n == 0) {
			close(c->pipes[i]);
			c->pipes[i] = -1;
			return;
		}
		uint64_t room = *total < CHILD_OUTPUT_KEEP ? CHILD_OUTPUT_KEEP - *total : 0;
		size_t keep = (uint64_t)n < room ? (size_t)n : (size_t)room;
		if (keep > 0 && c->keep[i] >= 0 && write(c->keep[i], buf, keep) != (ssize_t)keep) {
			close(c->keep[i]); /* the grader's own disk failed: stop keeping */
			c->keep[i] = -1;
		}
		if ((size_t)n > keep)
			*cut = true;
		*total += (uint64_t)n;
	}
}

/*
 * If the child has ended: kill what it left behind, then reap it.  In that
 * order: until it is reaped, the zombie holds its pid, so the group id
 * cannot have passed to another process (pids are few: 32768 here).
 */
static void try_reap(struct child *c)
{
	struct rusage ru;
	siginfo_t info;
	int status;

	if (c->reaped)
		return;
	memset(&info, 0, sizeof info);
	if (waitid(P_PID, (id_t)c->pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid != c->pid)
		return;
	kill(-c->pid, SIGKILL); /* whatever it left behind in its group */
	if (c->cgroup_id != 0)
		sandbox_cgroup_end(c->sandbox, c->cgroup_id); /* and in its cgroup, setsid() or not */
	if (wait4(c->pid, &status, 0, &ru) != c->pid)
		return;
	c->reaped = true;
	c->reaped_at = now_s();
	c->status = status;
	c->max_rss_kib = ru.ru_maxrss;
	c->wall_s = c->reaped_at - c->started_at;
	track(c->pid, false);
}

static bool finished(struct child *c, double now)
{
	if (!c->reaped)
		return false;
	bool pipes_open = c->pipes[0] >= 0 || c->pipes[1] >= 0;
	if (pipes_open && now - c->reaped_at < CHILD_KILL_GRACE_MS / 1000.0)
		return false;
	for (int i = 0; i < 2; i++) {
		if (c->pipes[i] >= 0) {
			close(c->pipes[i]);
			c->pipes[i] = -1;
			*(i == 0 ? &c->out_cut : &c->err_cut) = true;
		}
		if (c->keep[i] >= 0)
			close(c->keep[i]);
		c->keep[i] = -1;
	}
	if (c->pidfd >= 0)
		close(c->pidfd);
	c->pidfd = -1;
	return true;
}

int child_run_all(struct child *const *c, unsigned n, unsigned parallel)
{
	unsigned next = 0, running = 0;
	struct child *live[JOBS_MAX];
	struct pollfd fds[JOBS_MAX * 3];

	if (parallel == 0)
		parallel = 1;
	if (parallel > JOBS_MAX)
		parallel = JOBS_MAX;
	while ((next < n && !interrupted_by) || running > 0) {
		while (running < parallel && next < n && !interrupted_by) {
			struct child *k = c[next++];
			start(k);
			if (k->pid > 0)
				live[running++] = k;
		}
		double now = now_s(), wait = 1.0;
		unsigned nfds = 0;
		for (unsigned i = 0; i < running; i++) {
			struct child *k = live[i];
			double left = k->reaped ? CHILD_KILL_GRACE_MS / 1000.0 - (now - k->reaped_at)
						: k->started_at + k->timeout_s - now;
			if (left < wait)
				wait = left < 0 ? 0 : left;
			if (k->pidfd >= 0 && !k->reaped)
				fds[nfds++] = (struct pollfd){ .fd = k->pidfd, .events = POLLIN };
			else if (!k->reaped && wait > 0.02)
				wait = 0.02; /* no pidfd: look again soon */
			for (int p = 0; p < 2; p++)
				if (k->pipes[p] >= 0)
					fds[nfds++] = (struct pollfd){ .fd = k->pipes[p], .events = POLLIN };
		}
		if (poll(fds, nfds, (int)(wait * 1000) + 1) < 0 && errno != EINTR)
			return -1;
		now = now_s();
		for (unsigned i = 0; i < running;) {
			struct child *k = live[i];
			for (int p = 0; p < 2; p++)
				if (k->pipes[p] >= 0)
					drain(k, p);
			try_reap(k);
			if (!k->reaped && now >= k->started_at + k->timeout_s) {
				k->timed_out = true;
				kill(-k->pid, SIGKILL);
				kill(k->pid, SIGKILL);
			}
			if (finished(k, now)) {
				live[i] = live[--running];
				continue;
			}
			i++;
		}
	}
	return 0;
}

bool child_ok(const struct child *c)
{
	return c->started && !c->timed_out && WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0;
}

const char *child_describe(const struct child *c, char *buf, unsigned cap)
{
	if (!c->started)
		snprintf(buf, cap, "could not start %s: %s", c->argv[0], strerror(c->start_error));
	else if (c->timed_out)
		snprintf(buf, cap, "timed out after %u s and was killed", c->timeout_s);
	else if (WIFSIGNALED(c->status))
		snprintf(buf, cap, "killed by SIG%s", sigabbrev_np(WTERMSIG(c->status)) ?
			 sigabbrev_np(WTERMSIG(c->status)) : "?");
	else
		snprintf(buf, cap, "exit %d", WEXITSTATUS(c->status));
	return buf;
}
