/*
 * massif.h - reads the files valgrind's massif writes (massif.out.*),
 * strictly: a file that is not the shape massif writes is rejected, never
 * half-read.  Neighbours: kcg.h reads the xtree file of the same run (total
 * allocated, live at exit); measure.c runs massif; mpeak.c prints a peak.
 *
 * Peak heap is the largest mem_heap_B + mem_heap_extra_B over all snapshots:
 * the figure ms_print reports as its peak (we run without --stacks, so
 * mem_stacks_B is 0 and both agree).  With --peak-inaccuracy=0 massif
 * records the true peak.
 *
 * Life cycle: massif_read() fills a profile; caller frees with
 * massif_release().
 */
#ifndef GRADER_MASSIF_H
#define GRADER_MASSIF_H

#include <stddef.h>
#include <stdint.h>

struct massif_snapshot {
	uint64_t time;   /* in the file's time unit (B: bytes allocated + freed so far) */
	uint64_t heap;   /* mem_heap_B: bytes the program asked for */
	uint64_t extra;  /* mem_heap_extra_B: allocator overhead and alignment */
	uint64_t stacks; /* mem_stacks_B (0 without --stacks=yes) */
};

struct massif_profile {
	char time_unit[8];               /* "B", "i" or "ms" */
	struct massif_snapshot *snaps;   /* n of them, in file order */
	size_t n;
	uint64_t peak;                   /* max of heap + extra */
	size_t peak_index;               /* the snapshot holding it */
};

/* Returns 0, or -1 with a one-line reason in err. */
int massif_read(const char *path, struct massif_profile *p, char *err, size_t errlen);
void massif_release(struct massif_profile *p);

#endif
