/*
 * classout.c - a class run's life cycle at its two ends (see class.h): the
 * output folder claimed (made, made absolute, locked so that two runs never
 * write one output) and everything the run holds released.  class.c and
 * classmerge.c both run a class; both begin and end here.
 */
#include "class/class.h"

#include "base/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

void class_release(struct class *k)
{
	free(k->labs);
	free(k->students);
	free(k->entries);
	free(k->problems);
	if (k->lock_fd >= 0)
		close(k->lock_fd);
	k->labs = NULL;
	k->students = NULL;
	k->entries = NULL;
	k->problems = NULL;
	k->lock_fd = -1;
}

/* Makes OUT, makes it absolute, and claims it: two runs must not write one output. */
int class_claim_out(struct class *k, char *err, size_t errlen)
{
	char lock[PATH_CAP];

	if (fs_mkdirs(k->out_dir) != 0 || realpath(k->out_dir, k->out) == NULL ||
	    fs_path(lock, sizeof lock, "%s/.class.lock", k->out) != 0 ||
	    (k->lock_fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600)) < 0) {
		snprintf(err, errlen, "%s: cannot make the output folder: %s", k->out_dir, strerror(errno));
		return -1;
	}
	if (flock(k->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		snprintf(err, errlen, "%s: another class run or merge is writing there", k->out_dir);
		return -1;
	}
	return 0;
}
