/*
 * hash.c - the framed fields, files and trees class mode keys its
 * gradings by (see hash.h).  The digest is nettle's SHA-256 (libnettle,
 * the library libarchive already loads); what is hand-written here is
 * only the framing, which is memlab's own.
 */
#include "base/hash.h"

#include "base/fsutil.h"
#include "base/limits.h"

#include <nettle/sha2.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void hash_init(struct hash *h)
{
	sha256_init(&h->ctx);
}

void hash_bytes(struct hash *h, const void *data, size_t len)
{
	sha256_update(&h->ctx, len, data);
}

static void hash_length(struct hash *h, uint64_t len)
{
	unsigned char le[8];
	for (int i = 0; i < 8; i++)
		le[i] = (unsigned char)(len >> (8 * i));
	hash_bytes(h, le, sizeof le);
}

void hash_field(struct hash *h, const char *s)
{
	size_t len = strlen(s);
	hash_length(h, len);
	hash_bytes(h, s, len);
}

int hash_fd(struct hash *h, int fd)
{
	unsigned char buf[64 * 1024];
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		goto fail;
	hash_field(h, "file");
	hash_length(h, (uint64_t)st.st_size);
	uint64_t left = (uint64_t)st.st_size;
	while (left > 0) {
		ssize_t n = read(fd, buf, left < sizeof buf ? (size_t)left : sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail; /* it shrank or failed: the marker below keeps the key apart */
		hash_bytes(h, buf, (size_t)n);
		left -= (uint64_t)n;
	}
	return 0;
fail:
	hash_field(h, "unreadable");
	return -1;
}

int hash_file(struct hash *h, const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	int rc = fd >= 0 ? hash_fd(h, fd) : -1;

	if (fd >= 0)
		close(fd);
	else
		hash_field(h, "unreadable");
	if (rc != 0)
		hash_field(h, path);
	return rc;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The tree under dir/rel (rel "" at the top). */
static int walk(struct hash *h, const char *dir, const char *rel, const char *const *skip)
{
	char path[PATH_CAP], sub[PATH_CAP];
	struct dirent **names = NULL;
	int rc = -1;

	if (fs_path(path, sizeof path, "%s%s%s", dir, *rel ? "/" : "", rel) != 0)
		return -1;
	int n = scandir(path, &names, NULL, by_name);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		bool skipped = strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
		for (const char *const *s = skip; !skipped && s != NULL && *s != NULL; s++)
			skipped = strcmp(name, *s) == 0;
		if (skipped)
			continue;
		struct stat st;
		if (fs_path(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", name) != 0 ||
		    fs_path(path, sizeof path, "%s/%s", dir, sub) != 0 || lstat(path, &st) != 0)
			goto out;
		if (S_ISDIR(st.st_mode)) {
			hash_field(h, "dir");
			hash_field(h, sub);
			if (walk(h, dir, sub, NULL) != 0)
				goto out;
		} else if (S_ISREG(st.st_mode)) {
			hash_field(h, sub);
			hash_file(h, path);
		}
	}
	rc = 0;
out:
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int hash_tree(struct hash *h, const char *dir, const char *const *skip)
{
	hash_field(h, "tree");
	return walk(h, dir, "", skip);
}

void hash_final(struct hash *h, char *out)
{
	uint8_t digest[SHA256_DIGEST_SIZE];

	sha256_digest(&h->ctx, sizeof digest, digest);
	for (size_t i = 0; i < sizeof digest; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}
