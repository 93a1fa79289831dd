/* keeps_files_open.c - opens three descriptors (a file, a pipe's two ends),
 * closes one, leaves two open at exit; and allocates 300 blocks, freeing
 * all.  For fds_at_exit (memcheck --track-fds=yes) and blocks_alloc (the
 * xtree's totBk). */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	int p[2];

	if (open("/dev/null", O_RDONLY) < 0 || pipe(p) != 0 || close(p[1]) != 0)
		return 1;
	for (int i = 0; i < 300; i++) {
		void *b = malloc(32);
		if (b == NULL)
			return 1;
		free(b);
	}
	return 0;
}
