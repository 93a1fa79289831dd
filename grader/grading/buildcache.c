/*
 * buildcache.c - the lab's own builds, kept between gradings (see
 * buildcache.h).
 */
#include "grading/buildcache.h"

#include "base/fsutil.h"
#include "grading/grade.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>


/* What copy_lab in build.c leaves out is left out of the key too. */
static const char *const lab_skip[] = { "build", "grade-out", "out", NULL };

/* The files that say who compiles: by path, size and time (an upgrade changes them). */
static const char *const toolchain[] = {
	"/usr/bin/cc", "/usr/bin/make", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6",
	"/usr/lib/x86_64-linux-gnu/libasan.so.8", ELFSCAN_CHECK_ARCHIVE,
};

/* The cache folder, made if need be: ours alone (0700, our user's) or not used at all. */
static int cache_dir(char *dir)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct stat st;

	if (geteuid() == 0)
		snprintf(dir, PATH_CAP, "/var/cache/memlab/builds");
	else if (xdg != NULL && xdg[0] == '/')
		fs_path(dir, PATH_CAP, "%s/memlab/builds", xdg);
	else if (home != NULL && home[0] == '/')
		fs_path(dir, PATH_CAP, "%s/.cache/memlab/builds", home);
	else
		return -1;
	if (fs_mkdirs(dir) != 0 || chmod(dir, 0700) != 0 || lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 077) != 0)
		return -1;
	return 0;
}

int buildcache_key(const struct grading *g, const char *lab_real, char *key)
{
	struct hash h;
	char path[PATH_CAP], real[PATH_CAP], id[PATH_CAP + 64];

	hash_init(&h);
	hash_field(&h, "memlab-build-1");
	if (fs_path(path, sizeof path, "%s/labs/lab.mk", g->root) != 0 || hash_file(&h, path) != 0 ||
	    fs_path(path, sizeof path, "%s/labs/common", g->root) != 0 || hash_tree(&h, path, NULL) != 0 ||
	    hash_tree(&h, lab_real, lab_skip) != 0)
		return -1;
	hash_field(&h, g->impl[IMPL_REFERENCE].present ? "reference" : "no reference");
	if (g->impl[IMPL_REFERENCE].present &&
	    (fs_path(path, sizeof path, "%s/reference/%s", g->trusted, g->spec.student) != 0 || hash_file(&h, path) != 0))
		return -1;
	for (size_t i = 0; i < sizeof toolchain / sizeof toolchain[0]; i++) {
		struct stat st;
		if (realpath(toolchain[i], real) == NULL || stat(real, &st) != 0) {
			hash_field(&h, "absent");
			continue;
		}
		snprintf(id, sizeof id, "%s %lld %lld.%09ld", real, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
			 st.st_mtim.tv_nsec);
		hash_field(&h, id);
	}
	hash_final(&h, key);
	return 0;
}

bool buildcache_fetch(const struct grading *g, const char *key)
{
	char dir[PATH_CAP], from[PATH_CAP];

	if (cache_dir(dir) != 0)
		return false;
	for (int k = IMPL_PITFALL; k < IMPL_COUNT; k++) {
		if (!g->impl[k].present)
			continue;
		if (fs_path(from, sizeof from, "%s/%s/%s", dir, key, grading_impl_name(k)) != 0 || !fs_is_dir(from) ||
		    fs_copy_tree(from, g->impl[k].build_dir, NULL) != 0)
			return false;
	}
	/* touched: the entries used last are the ones kept */
	if (fs_path(from, sizeof from, "%s/%s", dir, key) == 0)
		utimensat(AT_FDCWD, from, NULL, AT_SYMLINK_NOFOLLOW);
	return true;
}

/* Removes the oldest entries beyond BUILDCACHE_ENTRIES. */
static void prune(const char *dir)
{
	for (;;) {
		DIR *d = opendir(dir);
		struct dirent *e;
		char oldest[PATH_CAP] = "", path[PATH_CAP];
		time_t when = 0;
		unsigned n = 0;
		while (d != NULL && (e = readdir(d)) != NULL) {
			struct stat st;
			if (e->d_name[0] == '.' || fs_path(path, sizeof path, "%s/%s", dir, e->d_name) != 0 ||
			    lstat(path, &st) != 0)
				continue;
			n++;
			if (oldest[0] == '\0' || st.st_mtime < when) {
				when = st.st_mtime;
				snprintf(oldest, sizeof oldest, "%s", path);
			}
		}
		if (d != NULL)
			closedir(d);
		if (n <= BUILDCACHE_ENTRIES || oldest[0] == '\0' || fs_remove_tree(oldest) != 0)
			return;
	}
}

void buildcache_store(const struct grading *g, const char *key)
{
	char dir[PATH_CAP], tmp[PATH_CAP], to[PATH_CAP], final[PATH_CAP];

	if (cache_dir(dir) != 0 || fs_path(final, sizeof final, "%s/%s", dir, key) != 0 || fs_is_dir(final) ||
	    fs_path(tmp, sizeof tmp, "%s/.new-%ld", dir, (long)getpid()) != 0)
		return;
	fs_remove_tree(tmp);
	for (int k = IMPL_PITFALL; k < IMPL_COUNT; k++)
		if (g->impl[k].present && (fs_path(to, sizeof to, "%s/%s", tmp, grading_impl_name(k)) != 0 ||
					   fs_copy_tree(g->impl[k].build_dir, to, NULL) != 0)) {
			fs_remove_tree(tmp);
			return;
		}
	if (rename(tmp, final) != 0) /* another grading stored it first: theirs is as good */
		fs_remove_tree(tmp);
	prune(dir);
}
