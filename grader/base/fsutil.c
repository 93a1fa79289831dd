/*
 * fsutil.c - careful file-system helpers (see fsutil.h).
 */
#include "base/fsutil.h"
#include "base/limits.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

FILE *fs_open_regular(const char *path, size_t max_bytes, char *err, size_t errlen)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, errno == ELOOP ? "is a symbolic link" : strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > max_bytes) {
		snprintf(err, errlen, "%s: %lld bytes, more than the %zu allowed", path,
			 (long long)st.st_size, max_bytes);
		close(fd);
		return NULL;
	}
	FILE *f = fdopen(fd, "r");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
	}
	return f;
}

long fs_read_line(FILE *f, char *buf, size_t cap)
{
	size_t len = 0;
	int c;

	while ((c = getc(f)) != EOF && c != '\n') {
		if (len + 1 >= cap)
			return -2;
		buf[len++] = (char)c;
	}
	if (c == EOF && len == 0)
		return -1;
	buf[len] = '\0';
	return (long)len;
}

long fs_read_small(const char *path, char *buf, size_t cap)
{
	char err[256];
	FILE *f = fs_open_regular(path, cap - 1, err, sizeof err);

	if (f == NULL)
		return -1;
	size_t n = fread(buf, 1, cap - 1, f);
	bool bad = ferror(f);
	fclose(f);
	if (bad)
		return -1;
	buf[n] = '\0';
	return (long)n;
}

int fs_write_atomic(const char *path, const void *data, size_t len)
{
	char tmp[4096];
	int fd = -1, rc = -1;

	if (fs_path(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) != 0)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	const char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0)
		goto out;
	if (close(fd) != 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto out;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	return rc;
}

int fs_mkdirs(const char *path)
{
	char buf[4096];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0755) != 0 && errno != EEXIST)
		return -1;
	return fs_is_dir(buf) ? 0 : -1;
}

int fs_copy_file(const char *from, const char *to)
{
	struct stat st;
	char buf[64 * 1024];
	int in = -1, out = -1, rc = -1;

	in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0 || fstat(in, &st) != 0 || !S_ISREG(st.st_mode))
		goto out;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0755);
	if (out < 0)
		goto out;
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out;
		if (n == 0)
			break;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				goto out;
			done += w;
		}
	}
	rc = 0;
out:
	if (out >= 0 && close(out) != 0)
		rc = -1;
	if (in >= 0)
		close(in);
	return rc;
}

static bool skipped(const char *name, const char *const *skip)
{
	for (; skip != NULL && *skip != NULL; skip++)
		if (strcmp(name, *skip) == 0)
			return true;
	return false;
}

int fs_copy_tree(const char *from, const char *to, const char *const *skip)
{
	DIR *d = NULL;
	struct dirent *e;
	char src[4096], dst[4096];
	int rc = -1;

	if (fs_mkdirs(to) != 0)
		return -1;
	d = opendir(from);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || skipped(e->d_name, skip))
			continue;
		if (fs_path(src, sizeof src, "%s/%s", from, e->d_name) != 0 ||
		    fs_path(dst, sizeof dst, "%s/%s", to, e->d_name) != 0 ||
		    lstat(src, &st) != 0)
			goto out;
		if (S_ISDIR(st.st_mode)) {
			if (fs_copy_tree(src, dst, NULL) != 0)
				goto out;
		} else if (S_ISREG(st.st_mode)) {
			if (fs_copy_file(src, dst) != 0)
				goto out;
		} /* links, devices, sockets: left out on purpose */
	}
	rc = 0;
out:
	closedir(d);
	return rc;
}

static int remove_at(int parent, const char *name)
{
	struct stat st;

	if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(parent, name, 0);
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	fchmod(fd, 0700); /* a submission may have made its folders unwritable */
	DIR *d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (remove_at(dirfd(d), e->d_name) != 0)
			rc = -1;
	}
	closedir(d);
	if (unlinkat(parent, name, AT_REMOVEDIR) != 0)
		rc = -1;
	return rc;
}

int fs_remove_tree(const char *path)
{
	return remove_at(AT_FDCWD, path);
}

bool fs_is_file(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool fs_is_dir(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int fs_path(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap) {
		if (cap > 0)
			buf[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

void fs_clean_stale(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096], lock[4096 + 8];
	time_t now = time(NULL);

	while (d != NULL && (e = readdir(d)) != NULL) {
		struct stat st;
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 ||
		    fs_path(path, sizeof path, "%s/%s", dir, e->d_name) != 0 ||
		    lstat(path, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
		    fs_path(lock, sizeof lock, "%s/.lock", path) != 0 || lstat(lock, &st) != 0 ||
		    !S_ISREG(st.st_mode) || now - st.st_mtime < FS_STALE_AGE_S)
			continue;
		int fd = open(lock, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			fs_remove_tree(path); /* its grading is gone */
		close(fd);
	}
	if (d != NULL)
		closedir(d);
}

/*
 * How many bytes the character at p takes, if it is valid UTF-8 (shortest
 * form, no surrogate, at most U+10FFFF) and safe to show: not a control
 * character (C0, DEL, C1), not a line or paragraph separator (U+2028,
 * U+2029), not a bidirectional override or isolate (U+202A-U+202E,
 * U+2066-U+2069: they reorder the rest of a line on screen).  0 if not.
 * p is NUL-terminated, and NUL is no continuation byte: never reads past it.
 */
static size_t shown_char(const unsigned char *p)
{
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf;

	if (p[0] < 0x80)
		return p[0] >= 0x20 && p[0] != 0x7f ? 1 : 0;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0; /* overlong */
	else if (p[0] == 0xed)
		hi = 0x9f; /* surrogates */
	else if (p[0] == 0xf0)
		lo = 0x90; /* overlong */
	else if (p[0] == 0xf4)
		hi = 0x8f; /* above U+10FFFF */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	if (p[0] == 0xc2 && p[1] < 0xa0)
		return 0; /* C1 controls, U+0080-U+009F */
	if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xa8 && p[2] <= 0xae) || (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
		return 0;
	return len;
}

const char *fs_printable(const char *s, bool backslash, char *buf, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	if (cap == 0)
		return buf;
	while (*p) {
		size_t len = shown_char(p);
		char esc[8];
		const char *piece = (const char *)p;
		if (len == 0 || (backslash && *p == '\\')) {
			len = 1;
			if (*p == '\\')
				snprintf(esc, sizeof esc, "\\\\");
			else
				snprintf(esc, sizeof esc, "\\x%02x", *p);
			piece = esc;
		}
		size_t plen = piece == esc ? strlen(esc) : len;
		if (n + plen >= cap)
			break; /* cut on a whole character or escape */
		memcpy(buf + n, piece, plen);
		n += plen;
		p += len;
	}
	buf[n] = '\0';
	return buf;
}

bool fs_is_printable(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;

	while (*p && (len = shown_char(p)) > 0)
		p += len;
	return *p == '\0';
}
