/* corpus: allocates and touches memory until the machine would die
 * expect-score: 0 0
 * expect-fail: tests output
 * expect-seconds: 90
 */
static void hostile(void)
{
	for (;;) {
		char *p = malloc(64 << 20);
		if (p == NULL)
			continue; /* keep trying: only the cap stops it */
		memset(p, 1, 64 << 20);
	}
}
