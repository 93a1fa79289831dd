/* never_frees.c - allocates 10 blocks of 1000 bytes and loses every one:
 * massif's xtree must say 10000 bytes live at exit, memcheck 10000 lost. */
#include <stdlib.h>
#include <string.h>

void *volatile last;

int main(void)
{
	for (int i = 0; i < 10; i++) {
		last = malloc(1000);
		if (last == NULL)
			return 1;
		memset(last, i, 1000);
	}
	last = NULL;
	return 0;
}
