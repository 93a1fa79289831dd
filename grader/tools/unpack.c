/*
 * unpack.c - careful extraction of a student's archive with libarchive
 * (see unpack.h).  libarchive only reads here: every path is checked and
 * every file written by this code, never by archive_read_extract(), whose
 * idea of a safe entry is not ours.
 */
#include "tools/unpack.h"

#include "base/fsutil.h"
#include "base/limits.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n > k && strcmp(s + n - k, suffix) == 0;
}

bool unpack_is_archive(const char *name)
{
	return ends_with(name, ".zip") || ends_with(name, ".tar.gz") || ends_with(name, ".tgz");
}

/*
 * The entry's path made relative and plain into out ("" for the archive's
 * own top folder).  Returns 0, or -1 with why.
 */
static int clean_path(const char *name, char *out, size_t cap, const char **why)
{
	size_t len = 0;

	if (name == NULL || *name == '\0') {
		*why = "has no name";
		return -1;
	}
	if (*name == '/') {
		*why = "is an absolute path";
		return -1;
	}
	if (strlen(name) > ARCHIVE_PATH_MAX) {
		*why = "has a path longer than " STRINGIFY(ARCHIVE_PATH_MAX) " bytes";
		return -1;
	}
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*why = "has a control character in its path";
			return -1;
		}
	out[0] = '\0';
	for (const char *p = name; *p;) {
		size_t part = strcspn(p, "/");
		if (part == 2 && p[0] == '.' && p[1] == '.') {
			*why = "has '..' in its path";
			return -1;
		}
		if (part > 0 && !(part == 1 && p[0] == '.')) {
			if (len + part + 2 > cap) {
				*why = "has a path too long";
				return -1;
			}
			if (len > 0)
				out[len++] = '/';
			memcpy(out + len, p, part);
			len += part;
			out[len] = '\0';
		}
		p += part + (p[part] == '/');
	}
	return 0;
}

/* Copies the entry's data into path (a new file); counts it against *total. */
static int write_entry(struct archive *a, const char *path, uint64_t *total, const char **why)
{
	char buf[64 * 1024];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);

	if (fd < 0) {
		*why = errno == EEXIST ? "appears twice" : "cannot be written";
		return -1;
	}
	for (;;) {
		la_ssize_t n = archive_read_data(a, buf, sizeof buf);
		if (n == 0)
			break;
		if (n < 0) {
			*why = "is damaged (its data cannot be read)";
			goto fail;
		}
		*total += (uint64_t)n;
		if (*total > ARCHIVE_MAX_BYTES) {
			*why = "takes the archive past " STRINGIFY(ARCHIVE_MAX_BYTES) " bytes extracted";
			goto fail;
		}
		for (la_ssize_t done = 0; done < n;) {
			ssize_t w = write(fd, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				*why = "cannot be written";
				goto fail;
			}
			done += w;
		}
	}
	if (close(fd) == 0)
		return 0;
	*why = "cannot be written";
	return -1;
fail:
	close(fd);
	return -1;
}

/* Which formats the archive is read as: zip by its name, else gzipped tar. */
static void support_formats(struct archive *a, const char *path)
{
	if (ends_with(path, ".zip")) {
		archive_read_support_format_zip(a);
	} else {
		archive_read_support_format_tar(a);
		archive_read_support_filter_gzip(a);
	}
}

/*
 * Whether an entry (path rel, already clean) is taken: a file or folder is
 * made under dir, counted against *total; anything else is refused.
 * Returns 0, or -1 with why.
 */
static int take_entry(struct archive *a, struct archive_entry *e, const char *dir, const char *rel,
		      uint64_t *total, const char **why)
{
	char full[PATH_CAP], parent[PATH_CAP];
	mode_t type = archive_entry_filetype(e);

	if (archive_entry_hardlink(e) != NULL || type == AE_IFLNK) {
		*why = "is a link (only files and folders are accepted)";
		return -1;
	}
	if (type != AE_IFREG && type != AE_IFDIR) {
		*why = "is not a file or a folder";
		return -1;
	}
	if (rel[0] == '\0')
		return 0; /* the archive's "./" itself */
	if (fs_path(full, sizeof full, "%s/%s", dir, rel) != 0) {
		*why = "has a path too long";
		return -1;
	}
	if (type == AE_IFDIR) {
		if (fs_mkdirs(full) != 0) {
			*why = "is a folder where a file already is";
			return -1;
		}
		return 0;
	}
	snprintf(parent, sizeof parent, "%s", full);
	*strrchr(parent, '/') = '\0';
	if (fs_mkdirs(parent) != 0) {
		*why = "is inside a path that is a file";
		return -1;
	}
	return write_entry(a, full, total, why);
}

/* Says which entry was refused and why, into err. */
static void say_refused(const char *name, const char *why, char *err, size_t errlen)
{
	char shown[ARCHIVE_PATH_MAX + 2];

	/* the name is the student's: no control characters reach a report */
	snprintf(shown, sizeof shown, "%.200s", name != NULL ? name : "?");
	for (char *p = shown; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	snprintf(err, errlen, "entry '%s' %s", shown, why);
}

int unpack_archive(const char *path, const char *dir, char *err, size_t errlen)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char rel[ARCHIVE_PATH_MAX + 2];
	const char *why = NULL, *name = NULL;
	uint64_t total = 0;
	unsigned entries = 0;
	int rc = -1, r;
	bool made = false;

	if (a == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	support_formats(a, path);
	if (archive_read_open_filename(a, path, 64 * 1024) != ARCHIVE_OK) {
		snprintf(err, errlen, "not a readable archive: %s", archive_error_string(a));
		goto out;
	}
	if (mkdir(dir, 0755) != 0) {
		snprintf(err, errlen, "cannot make %s: %s", dir, strerror(errno));
		goto out;
	}
	made = true;
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		name = archive_entry_pathname(e);
		if (++entries > ARCHIVE_MAX_ENTRIES) {
			why = "is one entry too many (at most " STRINGIFY(ARCHIVE_MAX_ENTRIES) ")";
			goto refuse;
		}
		if (clean_path(name, rel, sizeof rel, &why) != 0)
			goto refuse;
		if (take_entry(a, e, dir, rel, &total, &why) != 0)
			goto refuse;
	}
	if (r != ARCHIVE_EOF) {
		snprintf(err, errlen, "damaged after %u entries: %s", entries, archive_error_string(a));
		goto out;
	}
	rc = 0;
	goto out;
refuse:
	say_refused(name, why, err, errlen);
out:
	if (rc != 0 && made)
		fs_remove_tree(dir);
	archive_read_free(a);
	return rc;
}
