/* corpus: defines its own write(), which the whole program (test harness and driver) then calls: it could rewrite any verdict or output
 * expect-score: 0 0
 * expect-fail: tests output
 * expect-note: refused
 */
#include <sys/syscall.h>
static void hostile(void) { }
ssize_t write(int fd, const void *buf, size_t n)
{
	if (fd == 3)
		return (ssize_t)n; /* the transcript: swallowed */
	return syscall(SYS_write, fd, buf, n);
}
