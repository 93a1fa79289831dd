/* grow_shrink.c - a heap that climbs to a peak mid-run and falls back to
 * nothing: the peak is in the middle, not at the end. */
#include <stdlib.h>

int main(void)
{
	void *blocks[64];

	for (int i = 0; i < 64; i++)
		if ((blocks[i] = malloc((size_t)(i + 1) * 512)) == NULL)
			return 1;
	for (int i = 63; i >= 0; i--)
		free(blocks[i]);
	void *small = malloc(100);
	free(small);
	return 0;
}
