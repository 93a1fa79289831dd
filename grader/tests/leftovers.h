/*
 * leftovers.h - what a grading may leave behind, looked for the same way
 * by every test that checks it (check_corpus.c, check_integration.c):
 * processes of any runner user, cgroups named as a grading's, memlab
 * mounts, files in a scratch folder, and, for a case's marker, files in
 * /tmp, /var/tmp, /dev/shm and /run/lock, unix sockets, SysV IPC, keys.
 * Static functions: each test program includes it once.
 */
#ifndef GRADER_TESTS_LEFTOVERS_H
#define GRADER_TESTS_LEFTOVERS_H

#include "base/fsutil.h"
#include "base/limits.h"
#include "proc/sandbox.h"

#include <dirent.h>
#include <glob.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define SYSV_KEY "1296387404"  /* 0x4d454d4c, "MEML": the key corpus case 44 uses */

/* Live processes of any runner user (zombies are their parents' to reap). */
static int runner_processes(void)
{
	uid_t uids[SANDBOX_USERS];
	int nuids = 0, n = 0;

	for (int k = 0; k < SANDBOX_USERS; k++) {
		char name[32];
		struct passwd *pw = getpwnam(sandbox_user_name(k, name, sizeof name));
		if (pw != NULL)
			uids[nuids++] = pw->pw_uid;
	}
	DIR *d = opendir("/proc");
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL) {
		struct stat st;
		char path[300], text[512];
		if (e->d_name[0] < '1' || e->d_name[0] > '9' || fstatat(dirfd(d), e->d_name, &st, 0) != 0)
			continue;
		for (int k = 0; k < nuids; k++) {
			if (st.st_uid != uids[k])
				continue;
			snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
			const char *s = fs_read_small(path, text, sizeof text) > 0 ? strrchr(text, ')') : NULL;
			n += s != NULL && s[2] != 'Z' && s[2] != 'X';
		}
	}
	if (d != NULL)
		closedir(d);
	return n;
}

/* Folders named memlab-<pid>-... anywhere in the cgroup file systems (a grading's cgroups). */
static int cgroups_of(long pid, const char *dir, int depth)
{
	char prefix[64], path[PATH_CAP];
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;

	snprintf(prefix, sizeof prefix, "memlab-%ld-", pid);
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
		else if (depth < 6 && fs_path(path, sizeof path, "%s/%s", dir, e->d_name) == 0)
			n += cgroups_of(pid, path, depth + 1);
	}
	if (d != NULL)
		closedir(d);
	return n;
}

/* Lines of file holding text (a marker, a key). */
static int lines_with(const char *file, const char *text)
{
	char line[1024], err[256];
	int n = 0;
	FILE *f = fs_open_regular(file, 64 * MIB, err, sizeof err);
	while (f != NULL && fs_read_line(f, line, sizeof line) != -1)
		n += strstr(line, text) != NULL;
	if (f != NULL)
		fclose(f);
	return n;
}

/* Entries of dir whose name holds text. */
static int names_with(const char *dir, const char *text)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d != NULL && (e = readdir(d)) != NULL)
		n += strstr(e->d_name, text) != NULL;
	if (d != NULL)
		closedir(d);
	return n;
}

/*
 * What a grading (the grader at pid, scratch under scratch) left: "" if
 * nothing, else what, in why.  mark: the case's marker, or NULL.
 */
static const char *leftovers(long pid, const char *scratch, const char *mark, char *why, size_t cap)
{
	static const char *const places[] = { "/tmp", "/var/tmp", "/dev/shm", "/run/lock" };
	char pattern[PATH_CAP];
	glob_t found;
	int n;

	why[0] = '\0';
	if ((n = runner_processes()) > 0)
		snprintf(why, cap, "%d processes of the runner users", n);
	else if ((n = cgroups_of(pid, "/sys/fs/cgroup", 0)) > 0)
		snprintf(why, cap, "%d cgroups memlab-%ld-*", n, pid);
	else if ((n = lines_with("/proc/self/mountinfo", " memlab")) > 0)
		snprintf(why, cap, "%d memlab mounts", n);
	else if (fs_path(pattern, sizeof pattern, "%s/*", scratch) == 0 && glob(pattern, 0, NULL, &found) != GLOB_NOMATCH)
		snprintf(why, cap, "files in %s (%s)", scratch, (globfree(&found), "a scratch folder"));
	for (size_t i = 0; mark != NULL && why[0] == '\0' && i < sizeof places / sizeof places[0]; i++)
		if (names_with(places[i], mark) > 0)
			snprintf(why, cap, "a file named %s... in %s", mark, places[i]);
	if (mark != NULL && why[0] == '\0' && lines_with("/proc/net/unix", mark) > 0)
		snprintf(why, cap, "a unix socket named %s...", mark);
	if (mark != NULL && why[0] == '\0' &&
	    (lines_with("/proc/sysvipc/sem", " " SYSV_KEY " ") > 0 || lines_with("/proc/sysvipc/msg", " " SYSV_KEY " ") > 0 ||
	     lines_with("/proc/sysvipc/shm", " " SYSV_KEY " ") > 0))
		snprintf(why, cap, "SysV IPC with key " SYSV_KEY);
	if (mark != NULL && why[0] == '\0' && lines_with("/proc/keys", mark) > 0)
		snprintf(why, cap, "a key named %s... in a keyring", mark);
	return why;
}

#endif
