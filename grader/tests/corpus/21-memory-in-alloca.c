/* corpus: uses 6 MiB of stack with alloca
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-flag: hidden-memory
 */
#include <alloca.h>
static void hostile(void)
{
	volatile char *p = alloca(6 << 20);
	for (size_t i = 0; i < (6 << 20); i += 4096)
		p[i] = 1;
}
