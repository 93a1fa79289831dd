/*
 * child.c - supervised children (see child.h).
 *
 * The loop: start children in order until `parallel` run (an untrusted one
 * waits for a free seat, one whose `after` timed out is skipped); poll their
 * pidfds, output pipes and stdin pipes, with a timeout that ends at the
 * nearest deadline; copy what they write (keeping the first `cap` bytes of
 * each stream); feed what they read; when a pidfd fires, kill what is left
 * of the child (its group, its cgroup, its user's processes), then reap it;
 * kill the group of any child past its deadline.  A child is done when it
 * is reaped and its pipes are closed, or CHILD_KILL_GRACE_MS after it is
 * reaped if something it left behind still held them; then its on_end()
 * runs, and its seat is given back.
 */
#include "proc/child.h"
#include "base/numbers.h"

#include "proc/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *const base_env[] = {
	"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "LANG=C", NULL,
};

/* Groups running now, for the signal handler; graceful ones as -pid. */
static volatile sig_atomic_t running_groups[JOBS_MAX];

/* Claims (on) or frees a slot; atomic, because class mode runs supervisors in threads. */
static void track(sig_atomic_t id, bool on)
{
	for (int i = 0; i < JOBS_MAX; i++) {
		sig_atomic_t expected = on ? 0 : id;
		if (__atomic_compare_exchange_n(&running_groups[i], &expected, on ? id : 0, false,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return;
	}
}

static volatile sig_atomic_t interrupted_by;
static bool adopting;                    /* child_adopt_orphans() */
static struct child *const *current;     /* the children child_run_all runs now: not orphans */
static unsigned ncurrent;

/*
 * SIGINT, SIGTERM, SIGHUP: kill every running group now (a graceful one,
 * a grading that cleans up after itself, gets SIGTERM and a few seconds),
 * start no new child, and let the grader clean up and then die of the
 * signal (child_interrupted()).
 */
static void on_fatal_signal(int sig)
{
	for (int i = 0; i < JOBS_MAX; i++) {
		sig_atomic_t id = running_groups[i];
		if (id > 0)
			kill(-(pid_t)id, SIGKILL);
		else if (id < 0)
			kill((pid_t)id, SIGTERM);  /* -pid: the whole group */
	}
	interrupted_by = sig;
}

void child_adopt_orphans(void)
{
	adopting = prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
}

static bool ours(pid_t pid)
{
	for (unsigned i = 0; i < ncurrent; i++)
		if (current[i]->pid == pid && !current[i]->reaped)
			return true;
	return false;
}

void child_reap_orphans(void)
{
	siginfo_t info;

	/* peek (WNOWAIT): a child of our own is try_reap's, with its status; any other is an orphan */
	for (int i = 0; adopting && i < 4096; i++) {
		memset(&info, 0, sizeof info);
		if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0 || ours(info.si_pid))
			return;
		waitpid(info.si_pid, NULL, 0);
	}
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

/* What failed in the child, told to the parent through the report pipe. */
struct start_report {
	int err;
	char step[48];
};

/*
 * The helpers below run in the child, between fork and exec, as
 * become_child does: only async-signal-safe calls, no malloc, no stdio.
 */

/* Raises the descriptor limit to make room above CHILD_FD_SCRATCH; keeps the inherited one in *inherited_files. */
static int make_fd_room(struct rlimit *files, struct rlimit *inherited_files)
{
	if (getrlimit(RLIMIT_NOFILE, files) != 0)
		return -1;
	*inherited_files = *files;
	if (files->rlim_max < CHILD_FD_SCRATCH + 16) {
		files->rlim_max = CHILD_FD_SCRATCH + 16;
		setrlimit(RLIMIT_NOFILE, files);
	}
	files->rlim_cur = files->rlim_max;
	setrlimit(RLIMIT_NOFILE, files);
	return 0;
}

/* Puts stdin, the args pipe and the streams on the descriptors the child sees (args < 0: none). */
static int place_fds(struct child *c, int in, int args)
{
	if (in < 0)
		in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	/* out of the way first, so that no dup2 below lands on a descriptor still to be moved */
	if (in < 0 || (in = fcntl(in, F_DUPFD_CLOEXEC, CHILD_FD_SCRATCH)) < 0)
		return -1;
	if (args >= 0 && ((args = fcntl(args, F_DUPFD_CLOEXEC, CHILD_FD_SCRATCH)) < 0))
		return -1;
	for (unsigned i = 0; i < c->nstreams; i++)
		if ((c->streams[i].child_end = fcntl(c->streams[i].child_end, F_DUPFD_CLOEXEC, CHILD_FD_SCRATCH)) < 0)
			return -1;
	if (dup2(in, 0) < 0 || (args >= 0 && dup2(args, CHILD_ARGS_FD) < 0))
		return -1;
	for (unsigned i = 0; i < c->nstreams; i++)
		if (dup2(c->streams[i].child_end, c->streams[i].fd) < 0)
			return -1;
	return 0;
}

/* Sets the CPU, core, file-size and descriptor limits the child runs under. */
static int set_limits(const struct child *c, struct rlimit *files, const struct rlimit *inherited_files)
{
	struct rlimit cpu = { c->effective_timeout_s + CPU_LIMIT_MARGIN_S, c->effective_timeout_s + CPU_LIMIT_MARGIN_S };
	struct rlimit core = { 0, 0 }, inherited;
	struct rlimit fsize = { CHILD_FILE_LIMIT, CHILD_FILE_LIMIT };

	/* a grader started under a CPU limit (a batch system) cannot raise it */
	if (getrlimit(RLIMIT_CPU, &inherited) == 0 && inherited.rlim_max != RLIM_INFINITY &&
	    inherited.rlim_max < cpu.rlim_max)
		cpu.rlim_cur = cpu.rlim_max = inherited.rlim_max;
	if (setrlimit(RLIMIT_CPU, &cpu) != 0 || setrlimit(RLIMIT_CORE, &core) != 0 ||
	    setrlimit(RLIMIT_FSIZE, &fsize) != 0)
		return -1;
	/* below the high descriptors for an untrusted child, or one that uses them (valgrind keeps
	 * what is above its program's limit out of the program's reach); others keep what they had */
	if (c->sandbox != NULL || c->nstreams > 2) {
		files->rlim_cur = CHILD_NOFILE;
		if (setrlimit(RLIMIT_NOFILE, files) != 0)
			return -1;
	} else if (setrlimit(RLIMIT_NOFILE, inherited_files) != 0) {
		return -1;
	}
	if (c->nofile != 0) { /* the lab's own limit (lab.ini nofile), which the program cannot raise */
		files->rlim_cur = files->rlim_max = c->nofile;
		if (setrlimit(RLIMIT_NOFILE, files) != 0)
			return -1;
	}
	return 0;
}

/* The child's whole environment, into env (CHILD_ENV_MAX + 4 + 1 entries): the base, the caller's, TMPDIR. */
static void fill_env(struct child *c, char **env)
{
	int n = 0;

	for (int i = 0; base_env[i] != NULL; i++)
		env[n++] = (char *)base_env[i];
	for (int i = 0; c->env[i] != NULL; i++)
		env[n++] = (char *)c->env[i];
	if (c->tmp_env[0] != '\0')
		env[n++] = c->tmp_env;
	env[n] = NULL;
}

/* Every signal back to its default action, none blocked: the grader's handlers are not the child's. */
static void reset_signals(void)
{
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Which descriptors cross exec: 0-2, the extra streams and the args pipe; every other one is marked close-on-exec. */
static void close_others_at_exec(const struct child *c, int args)
{
	/* nothing of the grader's but the streams: every other descriptor closes at exec */
	int low = 3;
	for (unsigned i = 2; i < c->nstreams; i++) { /* extras ascend (start() sorts them) */
		if (c->streams[i].fd > low)
			close_range((unsigned)low, (unsigned)c->streams[i].fd - 1, CLOSE_RANGE_CLOEXEC);
		low = c->streams[i].fd + 1;
	}
	close_range((unsigned)low, ~0u, CLOSE_RANGE_CLOEXEC);
	if (args >= 0)
		fcntl(CHILD_ARGS_FD, F_SETFD, 0); /* kept open across exec, wherever it falls */
}

/* Tells the parent, through the report pipe, which step failed and with what errno; then the child ends. */
static _Noreturn void report_failure(int report_w, int err, const char *step)
{
	struct start_report rep = { 0, "" };

	rep.err = err;
	for (size_t i = 0; step[i] != '\0' && i + 1 < sizeof rep.step; i++)
		rep.step[i] = step[i];
	if (write(report_w, &rep, sizeof rep) < 0) { /* nothing more we can do */ }
	_exit(127);
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void become_child(struct child *c, int in, int args, int report_w)
{
	char *env[CHILD_ENV_MAX + 4 + 1];
	const char *step = "stdio";
	struct rlimit files, inherited_files;

	setpgid(0, 0);
	/* room for the high descriptors first; lowered below, so a valgrind guest cannot reach them */
	if (make_fd_room(&files, &inherited_files) != 0)
		goto fail;
	if ((report_w = fcntl(report_w, F_DUPFD_CLOEXEC, CHILD_FD_SCRATCH)) < 0)
		_exit(127);
	if (place_fds(c, in, args) != 0) /* args keeps its sign: place_fds moves a copy */
		goto fail;
	if (c->sandbox != NULL) {
		if (sandbox_enter(c->sandbox, &c->seat, c->cwd, c->run_dir != NULL ? c->tmp_dir : NULL, &step) != 0)
			goto fail;
	} else if (c->cwd != NULL && chdir(c->cwd) != 0) {
		step = "working folder";
		goto fail;
	}
	/* if the grader dies (SIGKILL leaves it no time to clean up), so does the child: set after the
	 * user switch, which clears it; and the parent may have died before this line */
	step = "parent-death signal";
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != c->parent)
		goto fail;
	step = "rlimits";
	if (set_limits(c, &files, &inherited_files) != 0)
		goto fail;
	fill_env(c, env);
	reset_signals();
	close_others_at_exec(c, args);
	environ = env;
	step = "exec";
	execvp(c->argv[0], (char *const *)c->argv);
fail:
	report_failure(report_w, errno, step);
}

/* A pipe whose read end holds text (small: it must fit the pipe's buffer); the read end, or -1. */
static int pipe_with(const char *text, size_t len)
{
	int p[2];

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

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The streams of c, from its stdout/stderr paths and extras; extras sorted by fd. */
static void list_streams(struct child *c)
{
	c->nstreams = 0;
	c->streams[c->nstreams++] = (struct child_stream){ .fd = 1, .path = c->stdout_path };
	c->streams[c->nstreams++] = (struct child_stream){ .fd = 2, .path = c->stderr_path };
	for (int i = 0; i < CHILD_EXTRA_STREAMS; i++)
		if (c->extra[i].fd > 2) {
			struct child_stream s = c->extra[i];
			unsigned k = c->nstreams++;
			while (k > 2 && c->streams[k - 1].fd > s.fd) {
				c->streams[k] = c->streams[k - 1];
				k--;
			}
			c->streams[k] = s;
		}
	for (unsigned i = 0; i < c->nstreams; i++) {
		struct child_stream *s = &c->streams[i];
		s->pipe = s->file = s->child_end = -1;
		s->bytes = 0;
		s->cut = s->lost = false;
		if (s->cap == 0)
			s->cap = CHILD_OUTPUT_KEEP;
	}
}

/* Makes the run folder's tmp/ and gives both to the seat's user. */
static int prepare_run_dir(struct child *c)
{
	c->tmp_env[0] = '\0';
	if (c->run_dir == NULL)
		return 0;
	if (snprintf(c->tmp_dir, sizeof c->tmp_dir, "%s/tmp", c->run_dir) >= (int)sizeof c->tmp_dir ||
	    (mkdir(c->tmp_dir, 0700) != 0 && errno != EEXIST))
		return -1;
	/* temporary files (valgrind's too) in its own tmp/: its view's /tmp, or the folder itself */
	snprintf(c->tmp_env, sizeof c->tmp_env, "TMPDIR=%s", c->sandbox != NULL && c->sandbox->view ? "/tmp" : c->tmp_dir);
	return sandbox_give(c->sandbox, &c->seat, c->run_dir);
}

/* Takes c's seat in its sandbox (a trusted child has none): 1 if none is free now, 0 if taken, else failed (errno). */
static int take_seat(struct child *c)
{
	if (c->sandbox != NULL)
		return sandbox_seat_take(c->sandbox, &c->seat);
	c->seat.slot = -1;
	c->seat.lock_fd = -1;
	return 0;
}

/* Opens each stream's file (if kept) and its pipe; -1 (errno) at the first that fails, the rest left to the caller. */
static int open_streams(struct child *c)
{
	for (unsigned i = 0; i < c->nstreams; i++) {
		struct child_stream *s = &c->streams[i];
		int p[2];
		if (s->path != NULL &&
		    (s->file = open(s->path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644)) < 0)
			return -1;
		if (pipe2(p, O_CLOEXEC) != 0)
			return -1;
		s->pipe = p[0];
		s->child_end = p[1];
		/* valgrind, as the runner, reopens its output through /proc/self/fd/N: the pipe must let it
		 * write; root keeps it, so the program cannot take that right away (fchmod) */
		if (s->fd > 2 && fchmod(p[1], 0622) != 0)
			return -1;
	}
	return 0;
}

/* In the parent after fork: which ends it keeps (ours, non-blocking) and which it closes (the child's). */
static void keep_parent_ends(struct child *c, int in[2], int *args)
{
	for (unsigned i = 0; i < c->nstreams; i++) {
		close_fd(&c->streams[i].child_end);
		fcntl(c->streams[i].pipe, F_SETFL, O_NONBLOCK);
	}
	close_fd(&in[0]);
	close_fd(args);
	if (in[1] >= 0) {
		c->in_pipe = in[1];
		fcntl(c->in_pipe, F_SETFL, O_NONBLOCK);
	}
}

/* Waits for the report pipe: it closes empty at the child's exec, or holds its report of what failed; its size read. */
static ssize_t read_start_report(int report_r, struct start_report *rep)
{
	ssize_t got;

	while ((got = read(report_r, rep, sizeof *rep)) < 0 && errno == EINTR)
		;
	return got;
}

/* Did c start?  A whole report says it did not, and why; anything else means its exec succeeded. */
static void note_started(struct child *c, ssize_t got, const struct start_report *rep)
{
	if (got == (ssize_t)sizeof *rep) {
		static __thread char step[48];
		c->start_error = rep->err;
		memcpy(step, rep->step, sizeof step);
		step[sizeof step - 1] = '\0';
		c->start_step = step[0] != '\0' ? step : NULL;
		c->started = false;
	} else {
		c->started = true;
	}
}

/* After a start failed part way: everything it opened closed, its seat ended and left; c counts as ended. */
static void undo_start(struct child *c, int report[2], int in[2], int *args)
{
	c->started = false;
	c->reaped = c->ended = true;
	for (unsigned i = 0; i < c->nstreams; i++) {
		close_fd(&c->streams[i].pipe);
		close_fd(&c->streams[i].child_end);
		close_fd(&c->streams[i].file);
	}
	close_fd(&report[0]);
	close_fd(&report[1]);
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(args);
	close_fd(&c->in_file);
	if (c->sandbox != NULL) {
		sandbox_seat_end(c->sandbox, &c->seat, child_reap_orphans);
		sandbox_seat_leave(c->sandbox, &c->seat);
	}
}

/*
 * Starts c.  Returns 1 if it must wait for a seat (nothing was done), 0
 * otherwise (started, or failed to start: see c->started).
 */
static int start(struct child *c)
{
	int report[2] = { -1, -1 }, in[2] = { -1, -1 }, args = -1;

	c->pidfd = c->in_pipe = c->in_file = -1;
	list_streams(c);
	int seat = take_seat(c);
	if (seat == 1)
		return 1;
	if (seat != 0)
		goto fail;
	c->started_at = now_s();
	if (prepare_run_dir(c) != 0)
		goto fail;
	if (open_streams(c) != 0)
		goto fail;
	if (c->stdin_path != NULL) {
		if ((c->in_file = open(c->stdin_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 || pipe2(in, O_CLOEXEC) != 0)
			goto fail;
	}
	if (c->args_text != NULL && (args = pipe_with(c->args_text, c->args_len)) < 0)
		goto fail;
	if (pipe2(report, O_CLOEXEC) != 0)
		goto fail;
	c->parent = getpid();
	c->pid = fork();
	if (c->pid < 0)
		goto fail;
	if (c->pid == 0)
		become_child(c, in[0], args, report[1]);
	setpgid(c->pid, c->pid); /* also in the child: whichever runs first */
	track(c->graceful ? -c->pid : c->pid, true);
	keep_parent_ends(c, in, &args);
	close(report[1]);
	struct start_report rep;
	ssize_t got = read_start_report(report[0], &rep);
	close(report[0]);
	c->pidfd = pidfd_open(c->pid, 0);
	note_started(c, got, &rep);
	/* pidfd < 0 (no pidfd_open): the run loop falls back to a short poll interval */
	return 0;
fail:
	c->start_error = errno;
	undo_start(c, report, in, &args);
	return 0;
}

/* Reads what is waiting on stream s; closes it at end of file. */
static void drain(struct child_stream *s)
{
	char buf[64 * 1024];

	for (;;) {
		ssize_t n = read(s->pipe, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return; /* EAGAIN: nothing more now */
		if (n == 0) {
			close_fd(&s->pipe);
			return;
		}
		uint64_t room = s->bytes < s->cap ? s->cap - s->bytes : 0;
		size_t keep = (uint64_t)n < room ? (size_t)n : (size_t)room;
		if (keep > 0 && s->file >= 0) {
			for (size_t done = 0; done < keep;) {
				ssize_t w = write(s->file, buf + done, keep - done);
				if (w < 0 && errno == EINTR)
					continue;
				if (w <= 0) { /* the grader's own disk failed: what it keeps is no longer whole */
					s->lost = true;
					close_fd(&s->file);
					break;
				}
				done += (size_t)w;
			}
		}
		if ((size_t)n > keep)
			s->cut = true;
		s->bytes += (uint64_t)n;
	}
}

/* Feeds stdin from its file; closes the pipe at the file's end (or when the child stops reading). */
static void feed(struct child *c)
{
	char buf[64 * 1024];

	while (c->in_pipe >= 0) {
		off_t at = lseek(c->in_file, 0, SEEK_CUR);
		ssize_t n = read(c->in_file, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close_fd(&c->in_pipe);
			return;
		}
		ssize_t w = write(c->in_pipe, buf, (size_t)n);
		if (w < 0 && errno == EAGAIN)
			w = 0;
		if (w < 0) { /* EPIPE: the child closed its stdin */
			close_fd(&c->in_pipe);
			return;
		}
		if (w < n) { /* the pipe is full: go back to what was not written */
			lseek(c->in_file, at + w, SEEK_SET);
			return;
		}
	}
}

/*
 * If the child has ended: kill what it left in its group, then reap it.  In
 * that order: until it is reaped, the zombie holds its pid, so the group id
 * cannot have passed to another process (pids are few: 32768 here).  Then
 * everything of its seat (cgroup, user), which names no pid.
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
	if (wait4(c->pid, &status, 0, &ru) != c->pid)
		return;
	if (c->sandbox != NULL) {
		/* and in its cgroup and as its user, setsid() or not (by user and cgroup: no pid to reuse) */
		sandbox_seat_end(c->sandbox, &c->seat, child_reap_orphans);
		c->memory_peak_known = c->seat.memory_peak_known;
		c->memory_peak = c->seat.memory_peak;
	}
	c->reaped = true;
	c->reaped_at = now_s();
	c->status = status;
	c->max_rss_kib = ru.ru_maxrss;
	c->wall_s = c->reaped_at - c->started_at;
	track(c->graceful ? -c->pid : c->pid, false);
}

/* Is c done (reaped, pipes closed or given up on)?  If so: its streams closed, on_end run, its seat given back. */
static bool finished(struct child *c, double now)
{
	if (!c->reaped)
		return false;
	bool open_pipes = false;
	for (unsigned i = 0; i < c->nstreams; i++)
		open_pipes |= c->streams[i].pipe >= 0;
	if (open_pipes && now - c->reaped_at < CHILD_KILL_GRACE_MS / 1000.0)
		return false;
	for (unsigned i = 0; i < c->nstreams; i++) {
		struct child_stream *s = &c->streams[i];
		if (s->pipe >= 0) {
			drain(s);
			if (s->pipe >= 0)
				s->cut = true; /* something it left behind still held it */
			close_fd(&s->pipe);
		}
		if (s->file >= 0 && close(s->file) != 0)
			s->lost = true;
		s->file = -1;
		c->lost |= s->lost;
	}
	c->out_bytes = c->streams[0].bytes;
	c->err_bytes = c->streams[1].bytes;
	c->out_cut = c->streams[0].cut;
	c->err_cut = c->streams[1].cut;
	for (unsigned i = 0; i < c->nstreams; i++)
		for (int k = 0; k < CHILD_EXTRA_STREAMS; k++)
			if (c->extra[k].fd == c->streams[i].fd && c->streams[i].fd > 2) {
				c->extra[k].bytes = c->streams[i].bytes;
				c->extra[k].cut = c->streams[i].cut;
				c->extra[k].lost = c->streams[i].lost;
			}
	close_fd(&c->in_pipe);
	close_fd(&c->in_file);
	close_fd(&c->pidfd);
	/* nothing of its user runs now: what it left can be read, then the user given back */
	if (c->sandbox != NULL && c->run_dir != NULL)
		sandbox_give(c->sandbox, NULL, c->run_dir);
	if (c->on_end != NULL)
		c->on_end(c, c->arg);
	if (c->sandbox != NULL)
		sandbox_seat_leave(c->sandbox, &c->seat);
	c->ended = true;
	return true;
}

/* Marks c as not run, with why (it then counts as ended; its on_end still runs). */
static void skip(struct child *c, const char *why)
{
	c->skipped = true;
	c->started = false;
	c->reaped = c->ended = true;
	snprintf(c->skip_why, sizeof c->skip_why, "%s", why);
	c->seat.slot = -1;
	c->seat.lock_fd = -1;
	if (c->on_end != NULL)
		c->on_end(c, c->arg);
}

/*
 * Starts children from c[*next] on, in order, until `parallel` run (in
 * live[], *running of them) or one must wait; skips those that must not
 * run.  Returns true if the one it stopped at waits for a free seat.
 */
static bool fill_seats(struct child *const *c, unsigned n, unsigned parallel, double deadline, double now,
		       int failed, unsigned *next, struct child **live, unsigned *running)
{
	while (*running < parallel && *next < n) {
		struct child *k = c[*next];
		if (interrupted_by || failed) {
			skip(k, failed ? "the grader could not watch its runs" : "the grading was interrupted");
		} else if (k->after != NULL && k->after->started && !k->after->ended && *running > 0) {
			/* the smaller size still runs: its end decides whether this one runs at all */
			break;
		} else if (k->after != NULL && (k->after->timed_out || k->after->skipped)) {
			skip(k, k->after->timed_out ? "a smaller size timed out" : "a smaller size was not run");
		} else if (deadline > 0 && now >= deadline) {
			skip(k, "the grading's deadline passed");
			k->cut_by_deadline = true;
		} else {
			unsigned left = deadline > 0 ? (unsigned)(deadline - now) + 1 : k->timeout_s;
			k->effective_timeout_s = k->timeout_s < left ? k->timeout_s : left;
			if (k->waiting_since == 0)
				k->waiting_since = now;
			if (start(k) == 1) {
				/* every runner user busy: wait, but not for ever */
				if (now - k->waiting_since > k->timeout_s) {
					errno = EBUSY;
					k->start_error = EBUSY;
					skip(k, "no runner user was free");
				} else {
					return true;
				}
			} else if (k->pid > 0 && !k->reaped) {
				live[(*running)++] = k;
			} else if (!k->ended) {
				k->ended = true;
				if (k->on_end != NULL)
					k->on_end(k, k->arg);
			}
		}
		(*next)++;
	}
	return false;
}

/*
 * What to poll for the running children (into fds, *nfds of them) and for
 * how long: until the nearest deadline or grace period ends, at most 1 s,
 * less when one waits for a seat, one has no pidfd, or the grading was
 * interrupted.  Returns the wait in seconds.
 */
static double poll_set(struct child *const *live, unsigned running, double now, bool waiting_for_seat,
		       struct pollfd *fds, unsigned *nfds)
{
	double wait = waiting_for_seat ? 0.05 : 1.0;

	*nfds = 0;
	for (unsigned i = 0; i < running; i++) {
		struct child *k = live[i];
		double left = k->reaped ? CHILD_KILL_GRACE_MS / 1000.0 - (now - k->reaped_at)
					: k->started_at + k->effective_timeout_s - now;
		if (left < wait)
			wait = left < 0 ? 0 : left;
		if (k->pidfd >= 0 && !k->reaped)
			fds[(*nfds)++] = (struct pollfd){ .fd = k->pidfd, .events = POLLIN };
		else if (!k->reaped && wait > 0.02)
			wait = 0.02; /* no pidfd: look again soon */
		for (unsigned p = 0; p < k->nstreams; p++)
			if (k->streams[p].pipe >= 0)
				fds[(*nfds)++] = (struct pollfd){ .fd = k->streams[p].pipe, .events = POLLIN };
		if (k->in_pipe >= 0)
			fds[(*nfds)++] = (struct pollfd){ .fd = k->in_pipe, .events = POLLOUT };
	}
	if (interrupted_by && wait > 0.1)
		wait = 0.1;
	return wait;
}

/*
 * One running child after a poll: its output copied, its stdin fed, reaped
 * if it ended, killed if it is overdue or everything stops.  Returns
 * finished(): true once it is done.
 */
static bool tend(struct child *k, double now, int failed, double interrupted_at)
{
	for (unsigned p = 0; p < k->nstreams; p++)
		if (k->streams[p].pipe >= 0)
			drain(&k->streams[p]);
	if (k->in_pipe >= 0)
		feed(k);
	try_reap(k);
	bool overdue = now >= k->started_at + k->effective_timeout_s;
	bool stop = failed || (interrupted_by && (!k->graceful || now - interrupted_at >= CHILD_TERM_GRACE_S));
	if (!k->reaped && (overdue || stop)) {
		k->timed_out = overdue && !interrupted_by && !failed;
		k->cut_by_deadline = k->timed_out && k->effective_timeout_s < k->timeout_s;
		kill(-k->pid, SIGKILL);
		kill(k->pid, SIGKILL);
	}
	return finished(k, now);
}

int child_run_all(struct child *const *c, unsigned n, unsigned parallel, double deadline)
{
	unsigned next = 0, running = 0;
	struct child *live[JOBS_MAX];
	struct pollfd fds[JOBS_MAX * (3 + CHILD_EXTRA_STREAMS)];
	double interrupted_at = 0;
	int failed = 0; /* errno of a poll that failed: as on an interruption, everything then stops */

	if (parallel == 0)
		parallel = 1;
	if (parallel > JOBS_MAX)
		parallel = JOBS_MAX;
	current = c;
	ncurrent = n;
	for (unsigned i = 0; i < n; i++) {
		c[i]->reaped = c[i]->ended = c[i]->started = c[i]->skipped = c[i]->cut_by_deadline = false;
		c[i]->waiting_since = 0;
	}
	while (next < n || running > 0) {
		double now = now_s();
		bool waiting_for_seat = fill_seats(c, n, parallel, deadline, now, failed, &next, live, &running);
		if (next >= n && running == 0)
			break;
		unsigned nfds;
		double wait = poll_set(live, running, now, waiting_for_seat, fds, &nfds);
		if (failed) { /* no poll: kill, reap, look again soon */
			nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
		} else if (poll(fds, nfds, (int)(wait * 1000) + 1) < 0 && errno != EINTR) {
			failed = errno;
			interrupted_at = now;
		}
		now = now_s();
		child_reap_orphans();
		if (interrupted_by && interrupted_at == 0)
			interrupted_at = now;
		for (unsigned i = 0; i < running;) {
			if (tend(live[i], now, failed, interrupted_at)) {
				live[i] = live[--running];
				continue;
			}
			i++;
		}
	}
	ncurrent = 0;
	child_reap_orphans();
	if (failed) {
		errno = failed;
		return -1;
	}
	return 0;
}

bool child_ok(const struct child *c)
{
	return c->started && !c->timed_out && WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0;
}

const char *child_describe(const struct child *c, char *buf, unsigned cap)
{
	if (c->skipped)
		snprintf(buf, cap, "not run: %s", c->skip_why);
	else if (!c->started && c->start_step != NULL)
		snprintf(buf, cap, "could not start %s (%s): %s", c->argv[0], c->start_step, strerror(c->start_error));
	else if (!c->started)
		snprintf(buf, cap, "could not start %s: %s", c->argv[0], strerror(c->start_error));
	else if (c->timed_out)
		snprintf(buf, cap, "timed out after %u s and was killed", c->effective_timeout_s);
	else if (WIFSIGNALED(c->status))
		snprintf(buf, cap, "killed by SIG%s", sigabbrev_np(WTERMSIG(c->status)) ?
			 sigabbrev_np(WTERMSIG(c->status)) : "?");
	else
		snprintf(buf, cap, "exit %d", WEXITSTATUS(c->status));
	return buf;
}
