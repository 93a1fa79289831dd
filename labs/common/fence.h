/*
 * fence.h - what a lab's program and its tests may not do, made so by the
 * kernel before any of the student's code runs.  Neighbours: workload.c
 * (every driver's first call fences the workload), check_main.c (fences the
 * tests), grader/proc/sandbox.c (the grader's own, wider filter around every
 * untrusted child).
 *
 * The workload is one process: it may start threads, never another process
 * nor another program (execve would leave valgrind's sight, or throw away
 * the profile of the work done so far).  The tests may fork (Check runs
 * each test in a child of its own), but not exec.  A seccomp filter, once
 * loaded, cannot be removed; nothing of the student's file runs before
 * main (the grader refuses constructors, ifuncs and functions that replace
 * the C library's at build time), so the fence is up before it can act.
 * The filter is a static table: loading it allocates nothing, so it never
 * shows in the heap a lab measures.
 */
#ifndef MEMLAB_FENCE_H
#define MEMLAB_FENCE_H

#include <stdbool.h>

/* Loads the filter; allow_fork for the tests.  0, or -1 (errno) where seccomp is unavailable. */
int fence_process(bool allow_fork);

#endif
