/*
 * classlabs.c - what a class run grades (see class.h): the labs named by
 * --labs (a name or its number), or every labs/NN-name that has a
 * lab.ini; each lab's spec, and its key: the SHA-256 of the grader binary,
 * labs/lab.mk, labs/common and the lab's folder (what build.c copies), so
 * that a new grader or a changed lab grades again.  Also each lab's
 * baselines (its pitfall, and its reference solution if the course ships
 * one), keyed the same way.
 */
#include "class/class.h"

#include "base/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* What copy_lab in build.c leaves out is left out of the key too. */
static const char *const lab_skip[] = { "build", "grade-out", "out", NULL };

bool class_is_lab(const char *root, const char *name)
{
	char ini[PATH_CAP];
	return name[0] != '.' && fs_path(ini, sizeof ini, "%s/labs/%s/lab.ini", root, name) == 0 && fs_is_file(ini);
}

/* Does one item of --labs ("02" or "02-concatenation", len bytes) name this lab? */
static bool names_lab(const char *item, size_t len, const char *name)
{
	return len > 0 && strncmp(item, name, len) == 0 && (name[len] == '\0' || name[len] == '-');
}

/* Does --labs (comma-separated) name this lab?  No --labs: every lab. */
static bool selected(const char *option, const char *name)
{
	if (option == NULL)
		return true;
	for (const char *p = option; *p;) {
		size_t len = strcspn(p, ",");
		if (names_lab(p, len, name))
			return true;
		p += len + (p[len] == ',');
	}
	return false;
}

static int key_lab(struct class *k, struct class_lab *lab, const char *exe_hash, char *err, size_t errlen)
{
	char path[PATH_CAP];
	struct hash h;

	hash_init(&h);
	hash_field(&h, "memlab-class-lab-1");
	hash_field(&h, exe_hash);
	if (fs_path(path, sizeof path, "%s/labs/lab.mk", k->root) != 0 || hash_file(&h, path) != 0 ||
	    fs_path(path, sizeof path, "%s/labs/common", k->root) != 0 || hash_tree(&h, path, NULL) != 0 ||
	    hash_tree(&h, lab->dir, lab_skip) != 0) {
		snprintf(err, errlen, "cannot read the lab %s (or labs/lab.mk, labs/common)", lab->dir);
		return -1;
	}
	hash_final(&h, lab->key);
	/* its baselines: the pitfall, and the reference solution if the course ships one */
	for (int b = 0; b < CLASS_BASELINES; b++) {
		struct class_entry *e = &lab->baseline[b];
		memset(e, 0, sizeof *e);
		hash_init(&h);
		hash_field(&h, lab->key);
		hash_field(&h, b == BASELINE_PITFALL ? "pitfall" : "reference");
		if (b == BASELINE_REFERENCE) {
			fs_path(path, sizeof path, "%s/solutions/%s/%s", k->root, lab->name, lab->spec.student);
			if (!fs_is_file(path)) {
				e->state = ENTRY_MISSING;
				snprintf(e->note, sizeof e->note, "no reference solution (%s)", path);
			}
			hash_file(&h, path);
		}
		hash_final(&h, e->key);
	}
	return 0;
}

int class_labs(struct class *k, char *err, size_t errlen)
{
	char labs_dir[PATH_CAP], ini[PATH_CAP], exe_hash[HASH_HEX_LEN + 1];
	struct dirent **names = NULL;
	struct hash h;
	int rc = -1, n;

	/* k->exe is /proc/PID/exe: the binary this run started as, even if rebuilt since */
	int fd = open(k->exe, O_RDONLY | O_CLOEXEC);
	hash_init(&h);
	if (fd < 0 || hash_fd(&h, fd) != 0) {
		snprintf(err, errlen, "cannot read the grader itself (%s)", k->exe);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	hash_final(&h, exe_hash);
	if (fs_path(labs_dir, sizeof labs_dir, "%s/labs", k->root) != 0 ||
	    (n = scandir(labs_dir, &names, NULL, by_name)) < 0) {
		snprintf(err, errlen, "%s/labs: %s", k->root, strerror(errno));
		return -1;
	}
	k->labs = calloc(CLASS_LABS_MAX, sizeof *k->labs);
	if (k->labs == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (!class_is_lab(k->root, name) || !selected(k->labs_option, name))
			continue;
		if (k->nlabs == CLASS_LABS_MAX) {
			snprintf(err, errlen, "more than %d labs", CLASS_LABS_MAX);
			goto out;
		}
		struct class_lab *lab = &k->labs[k->nlabs++];
		snprintf(lab->name, sizeof lab->name, "%s", name);
		if (fs_path(lab->dir, sizeof lab->dir, "%s/%s", labs_dir, name) != 0 ||
		    fs_path(ini, sizeof ini, "%s/lab.ini", lab->dir) != 0 ||
		    spec_read(ini, &lab->spec, err, errlen) != 0 || key_lab(k, lab, exe_hash, err, errlen) != 0)
			goto out;
	}
	/* every item of --labs must name a lab */
	for (const char *p = k->labs_option; p != NULL && *p;) {
		size_t len = strcspn(p, ","), l;
		for (l = 0; l < k->nlabs; l++)
			if (names_lab(p, len, k->labs[l].name))
				break;
		if (len > 0 && l == k->nlabs) {
			snprintf(err, errlen, "--labs: no lab '%.*s' in %s", (int)len, p, labs_dir);
			goto out;
		}
		p += len + (p[len] == ',');
	}
	if (k->nlabs == 0) {
		snprintf(err, errlen, "no lab to grade in %s", labs_dir);
		goto out;
	}
	rc = 0;
out:
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

