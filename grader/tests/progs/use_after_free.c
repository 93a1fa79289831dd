/* use_after_free.c - one invalid read: memcheck must count an error. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	int *p = malloc(4 * sizeof *p);

	if (p == NULL)
		return 1;
	p[0] = 7;
	free(p);
	volatile int v = p[0];
	(void)v;
	return 0;
}
