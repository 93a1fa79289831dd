/*
 * hash.h - SHA-256 of what a grading depends on, for class mode's resume
 * keys (class.h): the submitted file's bytes, the lab's spec and sources,
 * the grader binary.  A grading is redone exactly when one of them changes,
 * so the hash must not collide by accident or on purpose: SHA-256, not a
 * quick checksum; nettle computes it.  Neighbours: roster.c (computes the keys), unpack.c.
 *
 * Fields are fed one by one; each is framed by its length, so ("ab", "c")
 * and ("a", "bc") hash differently.  Files are read without following
 * links; a tree is walked in byte order of its names, so the key does not
 * depend on the order the file system lists them.  Nothing to release.
 */
#ifndef GRADER_HASH_H
#define GRADER_HASH_H

#include <nettle/sha2.h>

#include <stddef.h>
#include <stdint.h>

#define HASH_HEX_LEN 64   /* a digest as lowercase hex, without its NUL */

struct hash {
	struct sha256_ctx ctx;   /* nettle's */
};

void hash_init(struct hash *h);
/* Raw bytes, unframed (the framing helpers below build on it). */
void hash_bytes(struct hash *h, const void *data, size_t len);
/* One field: a string, framed by its length. */
void hash_field(struct hash *h, const char *s);
/*
 * One field: the bytes of a regular file (links are not followed), framed
 * by its length.  Returns 0, or -1 if it is missing, a link or unreadable
 * (then a marker saying so is hashed instead, so the key still changes).
 */
int hash_file(struct hash *h, const char *path);
/* The same for a file already open (read from where it is to its end); the fd stays open. */
int hash_fd(struct hash *h, int fd);
/*
 * A folder tree: every regular file's path (relative to dir) and bytes,
 * in byte order of the names; links and special files are skipped (the
 * grader does not copy them either); names in skip (NULL-terminated) are
 * left out at the top level.  Returns 0, or -1 if a folder cannot be read.
 */
int hash_tree(struct hash *h, const char *dir, const char *const *skip);
/* The digest as hex into out (HASH_HEX_LEN + 1 bytes); h is spent. */
void hash_final(struct hash *h, char *out);

#endif
