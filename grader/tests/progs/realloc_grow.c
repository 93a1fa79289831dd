/* realloc_grow.c - a buffer doubled by realloc up to 1 MiB, then freed. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
	size_t cap = 16;
	char *buf = malloc(cap);

	if (buf == NULL)
		return 1;
	while (cap < 1024 * 1024) {
		char *bigger = realloc(buf, cap * 2);
		if (bigger == NULL) {
			free(buf);
			return 1;
		}
		buf = bigger;
		memset(buf + cap, 'x', cap);
		cap *= 2;
	}
	free(buf);
	return 0;
}
