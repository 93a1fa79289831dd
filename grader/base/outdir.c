/*
 * outdir.c - the output folder, locked and cleaned by its own list (see
 * outdir.h).  Paths in the list are relative, checked when read (the
 * folder is not the grader's: the list may have been edited), and removed
 * without following links: each folder on the way is opened O_NOFOLLOW.
 */
#include "base/outdir.h"

#include "base/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* A relative path of plain names: no "", ".", ".." or absolute part. */
static bool plain_relative(const char *rel)
{
	if (rel[0] == '\0' || rel[0] == '/' || strlen(rel) >= 120)
		return false;
	for (const char *p = rel; *p;) {
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += len + (p[len] == '/');
	}
	return true;
}

/* Opens the folder holding rel's last name, under dir, never through a link; returns it and that name. */
static int open_parent(int dir, const char *rel, const char **name)
{
	char part[128];
	int fd = dup(dir);

	for (const char *p = rel; fd >= 0;) {
		size_t len = strcspn(p, "/");
		if (p[len] == '\0') {
			*name = p;
			return fd;
		}
		snprintf(part, sizeof part, "%.*s", (int)len, p);
		int next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = next;
		p += len + 1;
	}
	return -1;
}

/* Removes what the last grading listed: its files, then its folders that are empty. */
static void remove_listed(int dir)
{
	char err[256], line[160];
	char (*dirs)[128] = calloc(OUT_ENTRIES_MAX, sizeof *dirs);
	unsigned ndirs = 0;
	FILE *f = NULL;
	int fd = openat(dir, OUT_MANIFEST, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		char path[PATH_CAP];
		if (fs_path(path, sizeof path, "/proc/self/fd/%d/%s", dir, OUT_MANIFEST) == 0)
			f = fs_open_regular(path, OUT_ENTRIES_MAX * 160, err, sizeof err);
	}
	while (dirs != NULL && f != NULL && fs_read_line(f, line, sizeof line) >= 0) {
		const char *rel = line + 2, *name;
		if ((line[0] != 'f' && line[0] != 'd') || line[1] != ' ' || !plain_relative(rel))
			continue;
		if (line[0] == 'd') {
			if (ndirs < OUT_ENTRIES_MAX)
				snprintf(dirs[ndirs++], sizeof dirs[0], "%s", rel);
			continue;
		}
		int parent = open_parent(dir, rel, &name);
		struct stat st;
		if (parent >= 0 && fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode))
			unlinkat(parent, name, 0);
		if (parent >= 0)
			close(parent);
	}
	/* deepest first: a folder is listed after the folders it is in */
	while (ndirs > 0) {
		const char *rel = dirs[--ndirs], *name;
		int parent = open_parent(dir, rel, &name);
		if (parent >= 0) {
			unlinkat(parent, name, AT_REMOVEDIR); /* only if empty: what else is there is not ours */
			close(parent);
		}
	}
	if (f != NULL)
		fclose(f);
	free(dirs);
	unlinkat(dir, OUT_MANIFEST, 0);
}

/* Is inner the folder outer, or inside it? (both absolute, real) */
static bool within(const char *inner, const char *outer)
{
	size_t n = strlen(outer);
	return strncmp(inner, outer, n) == 0 && (inner[n] == '\0' || inner[n] == '/' || (n == 1 && outer[0] == '/'));
}

int outdir_open(struct outdir *o, const char *path, const char *root, char *err, size_t errlen)
{
	char lock[PATH_CAP];

	memset(o, 0, sizeof *o);
	o->lock_fd = -1;
	o->made = calloc(OUT_ENTRIES_MAX, sizeof *o->made);
	if (o->made == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (fs_mkdirs(path) != 0 || realpath(path, o->path) == NULL) {
		snprintf(err, errlen, "%s: cannot make the output folder: %s", path, strerror(errno));
		return -1;
	}
	if (root != NULL && within(root, o->path)) {
		snprintf(err, errlen, "%s: the output folder holds memlab itself (%s); give a folder of its own, "
			 "such as grade-out/", path, root);
		return -1;
	}
	int dir = open(o->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0 || fs_path(lock, sizeof lock, "%s/%s", o->path, OUT_LOCK) != 0 ||
	    (o->lock_fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0) {
		snprintf(err, errlen, "%s: cannot lock the output folder: %s", path, strerror(errno));
		if (dir >= 0)
			close(dir);
		return -1;
	}
	if (flock(o->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		snprintf(err, errlen, "%s: another grading is writing to this output folder; wait for it, or give "
			 "another --out", path);
		close(o->lock_fd);
		o->lock_fd = -1;
		close(dir);
		return -1;
	}
	remove_listed(dir);
	close(dir);
	return 0;
}

static void record(struct outdir *o, char kind, const char *rel, size_t len)
{
	char entry[128];

	snprintf(entry, sizeof entry, "%c %.*s", kind, (int)len, rel);
	for (unsigned i = 0; i < o->n; i++)
		if (strcmp(o->made[i], entry) == 0)
			return;
	if (o->n < OUT_ENTRIES_MAX)
		memcpy(o->made[o->n++], entry, sizeof entry);
}

int outdir_file(struct outdir *o, const char *rel, char *abs)
{
	char dir[PATH_CAP];

	if (o->made == NULL || !plain_relative(rel) || fs_path(abs, PATH_CAP, "%s/%s", o->path, rel) != 0)
		return -1;
	/* each folder on the way: made now (and so ours), or there already */
	for (const char *slash = strchr(rel, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		if (fs_path(dir, sizeof dir, "%s/%.*s", o->path, (int)(slash - rel), rel) != 0)
			return -1;
		if (mkdir(dir, 0755) == 0)
			record(o, 'd', rel, (size_t)(slash - rel));
		else if (errno != EEXIST || !fs_is_dir(dir))
			return -1;
	}
	record(o, 'f', rel, strlen(rel));
	return 0;
}

void outdir_close(struct outdir *o)
{
	char path[PATH_CAP];
	char *text = NULL;
	size_t len = 0;

	if (o->lock_fd >= 0 && o->n > 0 && fs_path(path, sizeof path, "%s/%s", o->path, OUT_MANIFEST) == 0) {
		FILE *mem = open_memstream(&text, &len);
		for (unsigned i = 0; mem != NULL && i < o->n; i++)
			fprintf(mem, "%s\n", o->made[i]);
		if (mem != NULL && fclose(mem) == 0)
			fs_write_atomic(path, text, len);
		free(text);
	}
	if (o->lock_fd >= 0)
		close(o->lock_fd);
	o->lock_fd = -1;
	free(o->made);
	o->made = NULL;
}
