/*
 * fence.c - the lab programs' own seccomp filter (see fence.h).  Written
 * out as classic BPF, because the program must not allocate to load it
 * (libseccomp would, in the very heap the lab measures).  The shape:
 *   wrong architecture, or an x32 system call          -> kill
 *   execve, execveat                                   -> EPERM
 *   fork, vfork; clone without CLONE_VM (a process)    -> EPERM, unless forks are allowed
 *   clone3 (its flags are out of a filter's sight)     -> ENOSYS: the C library falls back to clone
 *   anything else                                      -> allowed
 */
#include "fence.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#define X32_SYSCALL_BIT 0x40000000u

#define LOAD(field)      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define RETURN(action)   BPF_STMT(BPF_RET | BPF_K, (action))
#define IF_EQ(k, t, f)   BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define IF_GE(k, t, f)   BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define IF_SET(k, t, f)  BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))

/* Offsets below count instructions; DENY, NOSYS and ALLOW are the last three. */
static struct sock_filter workload_filter[] = {
	/*  0 */ LOAD(arch),
	/*  1 */ IF_EQ(AUDIT_ARCH_X86_64, 1, 0),
	/*  2 */ RETURN(SECCOMP_RET_KILL_PROCESS),
	/*  3 */ LOAD(nr),
	/*  4 */ IF_GE(X32_SYSCALL_BIT, 0, 1),
	/*  5 */ RETURN(SECCOMP_RET_KILL_PROCESS),
	/*  6 */ IF_EQ(__NR_execve, 10, 0),          /* -> 17 DENY */
	/*  7 */ IF_EQ(__NR_execveat, 9, 0),
	/*  8 */ IF_EQ(__NR_clone3, 9, 0),           /* -> 18 NOSYS */
	/*  9 */ IF_EQ(__NR_fork, 0, 1),             /* forks: patched to ALLOW when allowed */
	/* 10 */ RETURN(SECCOMP_RET_ERRNO | EPERM),
	/* 11 */ IF_EQ(__NR_vfork, 0, 1),
	/* 12 */ RETURN(SECCOMP_RET_ERRNO | EPERM),
	/* 13 */ IF_EQ(__NR_clone, 0, 5),            /* not clone: -> 19 ALLOW */
	/* 14 */ LOAD(args[0]),
	/* 15 */ IF_SET(CLONE_VM, 3, 0),             /* a thread (or LeakSanitizer's helper): -> 19 */
	/* 16 */ RETURN(SECCOMP_RET_ERRNO | EPERM),  /* a new process */
	/* 17 */ RETURN(SECCOMP_RET_ERRNO | EPERM),
	/* 18 */ RETURN(SECCOMP_RET_ERRNO | ENOSYS),
	/* 19 */ RETURN(SECCOMP_RET_ALLOW),
};

int fence_process(bool allow_fork)
{
	static const struct sock_filter allow = RETURN(SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { sizeof workload_filter / sizeof workload_filter[0], workload_filter };

	if (allow_fork) {
		workload_filter[10] = allow;
		workload_filter[12] = allow;
		workload_filter[16] = allow;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}
