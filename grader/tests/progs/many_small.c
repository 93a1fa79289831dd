/* many_small.c - 20000 small blocks kept, then freed in a different order:
 * enough events that massif culls snapshots. */
#include <stdlib.h>

static void *keep[20000];

int main(void)
{
	for (int i = 0; i < 20000; i++)
		if ((keep[i] = malloc((size_t)(16 + i % 200))) == NULL)
			return 1;
	for (int i = 0; i < 20000; i += 2)
		free(keep[i]);
	for (int i = 1; i < 20000; i += 2)
		free(keep[i]);
	return 0;
}
