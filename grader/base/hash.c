/*
 * hash.c - SHA-256 (FIPS 180-4) and the framed fields, files and trees
 * class mode keys its gradings by (see hash.h).
 */
#include "base/hash.h"

#include "base/fsutil.h"
#include "base/limits.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void compress(struct hash *h, const unsigned char *block)
{
	uint32_t w[64], v[8];

	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)block[4 * t] << 24 | (uint32_t)block[4 * t + 1] << 16 |
		       (uint32_t)block[4 * t + 2] << 8 | block[4 * t + 3];
	for (int t = 16; t < 64; t++) {
		uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
		uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
		w[t] = w[t - 16] + s0 + w[t - 7] + s1;
	}
	memcpy(v, h->state, sizeof v);
	for (int t = 0; t < 64; t++) {
		uint32_t big1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
		uint32_t choose = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint32_t t1 = v[7] + big1 + choose + round_constants[t] + w[t];
		uint32_t big0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
		uint32_t majority = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
		memmove(v + 1, v, 7 * sizeof v[0]);
		v[4] += t1;
		v[0] = t1 + big0 + majority;
	}
	for (int i = 0; i < 8; i++)
		h->state[i] += v[i];
}

void hash_init(struct hash *h)
{
	static const uint32_t initial[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(h->state, initial, sizeof initial);
	h->bytes = 0;
	h->fill = 0;
}

void hash_bytes(struct hash *h, const void *data, size_t len)
{
	const unsigned char *p = data;

	h->bytes += len;
	while (len > 0) {
		size_t take = sizeof h->block - h->fill < len ? sizeof h->block - h->fill : len;
		memcpy(h->block + h->fill, p, take);
		h->fill += take;
		p += take;
		len -= take;
		if (h->fill == sizeof h->block) {
			compress(h, h->block);
			h->fill = 0;
		}
	}
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
	static const unsigned char pad = 0x80, zero = 0;
	uint64_t bits = h->bytes * 8;
	unsigned char be[8];

	hash_bytes(h, &pad, 1);
	while (h->fill != 56)
		hash_bytes(h, &zero, 1);
	for (int i = 0; i < 8; i++)
		be[i] = (unsigned char)(bits >> (56 - 8 * i));
	hash_bytes(h, be, sizeof be);
	for (int i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08x", (unsigned)h->state[i]);
}
