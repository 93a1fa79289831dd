/*
 * class_util.h - what the class-mode tests share (check_class.c,
 * check_unpack.c, check_gradescope.c): running a command under child.h,
 * small files in and out, a CSV parser, a look for a running process.  Header-only, static inline: each test file
 * takes what it uses.
 */
#ifndef GRADER_TESTS_CLASS_UTIL_H
#define GRADER_TESTS_CLASS_UTIL_H

#include "proc/child.h"
#include "base/fsutil.h"
#include "base/limits.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TEXT_MAX (64 * 1024)   /* a report or a gradebook the tests read */

/* One entry of an archive a test makes (check_unpack.c: make_archive). */
struct item {
	const char *name;
	char type;            /* 'f' file, 'd' folder, 'l' symbolic link, 'h' hard link */
	const char *data;     /* file content, or the link's target */
	size_t zeros;         /* for 'f': this many zero bytes instead of data */
};

/* Writes items (ended by a NULL name) as path: a zip, or a .tar.gz. */
void make_archive(const char *path, bool zip, const struct item *items);

struct ran {
	int status;                /* exit status, or -1 if it did not exit */
	double wall_s;
	char out[PATH_CAP], err[PATH_CAP]; /* its stdout and stderr, kept */
};

/*
 * Runs argv (NULL-terminated; argv[0] from PATH or a path) in cwd with the
 * extra environment env (NULL-terminated, or NULL); stdout and stderr go
 * to log_base.out and log_base.err.
 */
static inline void run_in(const char *cwd, const char *const *argv, const char *const *env, const char *log_base,
			  unsigned timeout_s, struct ran *r)
{
	struct child c;
	struct child *list[1] = { &c };

	memset(&c, 0, sizeof c);
	memset(r, 0, sizeof *r);
	for (int i = 0; argv[i] != NULL && i < 32; i++)
		c.argv[i] = argv[i];
	for (int i = 0; env != NULL && env[i] != NULL && i < 8; i++)
		c.env[i] = env[i];
	fs_path(r->out, sizeof r->out, "%s.out", log_base);
	fs_path(r->err, sizeof r->err, "%s.err", log_base);
	c.stdout_path = r->out;
	c.stderr_path = r->err;
	c.cwd = cwd;
	c.timeout_s = timeout_s;
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
	r->wall_s = c.wall_s;
	r->status = c.started && !c.timed_out && WIFEXITED(c.status) ? WEXITSTATUS(c.status) : -1;
}

static inline void put_file(const char *path, const char *text)
{
	char dir[PATH_CAP];
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	ck_assert_int_eq(fs_mkdirs(dir), 0);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static inline void put_copy(const char *from, const char *to)
{
	char dir[PATH_CAP];
	snprintf(dir, sizeof dir, "%s", to);
	*strrchr(dir, '/') = '\0';
	ck_assert_int_eq(fs_mkdirs(dir), 0);
	ck_assert_msg(fs_copy_file(from, to) == 0, "cannot copy %s to %s", from, to);
}

/* The whole of a small file, NUL-terminated, into buf (TEXT_MAX); "" if there is none. */
static inline const char *text_of_file(const char *path, char *buf)
{
	if (fs_read_small(path, buf, TEXT_MAX) < 0)
		buf[0] = '\0';
	return buf;
}

/* The rows of a CSV text (RFC 4180 quoting) into cells; returns how many rows. */
#define ROWS 8
#define COLS 6
static char cells[ROWS][COLS][1024];
static inline int parse_csv(const char *p)
{
	int row = 0, col = 0;
	size_t len = 0;

	memset(cells, 0, sizeof cells);
	while (*p && row < ROWS) {
		bool quoted = *p == '"';
		p += quoted;
		for (; *p; p++) {
			if (quoted && p[0] == '"' && p[1] == '"')
				p++;
			else if (quoted && *p == '"')
				quoted = *p++ != '"';  /* the closing quote */
			if (!quoted && (*p == ',' || *p == '\n' || *p == '\0'))
				break;
			if (len + 1 < sizeof cells[0][0] && col < COLS)
				cells[row][col][len++] = *p;
		}
		len = 0;
		if (*p == ',') {
			col++;
		} else {
			row++;
			col = 0;
		}
		p += *p != '\0';
	}
	return row;
}

/* Is any process running with `needle` in its command line? */
static inline bool running_with(const char *needle)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	bool found = false;

	while (d != NULL && !found && (e = readdir(d)) != NULL) {
		char path[PATH_CAP], cmd[8192];
		if (e->d_name[0] < '1' || e->d_name[0] > '9' || fs_path(path, sizeof path, "/proc/%s/cmdline", e->d_name) != 0)
			continue;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		ssize_t n = fd >= 0 ? read(fd, cmd, sizeof cmd - 1) : -1;
		if (fd >= 0)
			close(fd);
		if (n <= 0)
			continue; /* gone, or a zombie */
		for (ssize_t i = 0; i < n; i++)
			cmd[i] = cmd[i] == '\0' ? ' ' : cmd[i];
		cmd[n] = '\0';
		found = strstr(cmd, needle) != NULL;
	}
	if (d != NULL)
		closedir(d);
	return found;
}

#endif
