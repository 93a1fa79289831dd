/* corpus: reads freed memory, and turns memcheck's error reports off to hide it
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-flag: valgrind-aware
 */
#include <valgrind/valgrind.h>
static void hostile(void)
{
	VALGRIND_DISABLE_ERROR_REPORTING;
	int *p = malloc(sizeof *p);
	if (p == NULL)
		return;
	*p = 1;
	free(p);
	volatile int v = *p;
	(void)v;
	VALGRIND_ENABLE_ERROR_REPORTING;
}
