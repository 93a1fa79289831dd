/* corpus: asks valgrind whether it runs under it (RUNNING_ON_VALGRIND) and keeps memory only when not
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-flag: valgrind-aware
 */
#include <valgrind/valgrind.h>
static void hostile(void)
{
	static char *big;
	if (big == NULL && !RUNNING_ON_VALGRIND) {
		big = malloc(32 << 20);
		if (big != NULL)
			memset(big, 1, 32 << 20);
	}
}
