/*
 * buildcache.h - the lab's own builds (the pitfall's and the reference's
 * programs and tests), kept between gradings.  Every grading of a lab
 * builds the same two from the same sources; a class of 40 students, or
 * the corpus, would build them 40 times.  Neighbours: build.c (fetches
 * before it builds, stores after), hash.h (the key).
 *
 * The key is the SHA-256 of everything such a build depends on: lab.mk,
 * labs/common, the lab's folder (as build.c copies it), the reference
 * solution, and who compiles (the compiler's and Check's files, by path,
 * size and time: an upgrade changes the key).  The cache is the grader's
 * user's own folder, made 0700 and used only if it still is: root's is
 * /var/cache/memlab/builds, anyone else's $XDG_CACHE_HOME/memlab/builds
 * (or ~/.cache/...).  An entry is written whole, then renamed in; at most
 * BUILDCACHE_ENTRIES are kept, the oldest removed.  Only trusted builds are
 * kept: the submission is built every time.
 */
#ifndef GRADER_BUILDCACHE_H
#define GRADER_BUILDCACHE_H

#include "base/hash.h"
#include "base/limits.h"

#include <stdbool.h>


struct grading;

/* The key of this grading's trusted builds into key (HASH_HEX_LEN + 1).  0, or -1 (no cache then). */
int buildcache_key(const struct grading *g, const char *lab_real, char *key);

/* Copies the cached builds of key into the trusted build folders.  Whether all were there. */
bool buildcache_fetch(const struct grading *g, const char *key);

/* Keeps the trusted builds just made under key (failures only cost the next grading a build). */
void buildcache_store(const struct grading *g, const char *key);

#endif
