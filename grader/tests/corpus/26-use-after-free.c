/* corpus: reads a block after freeing it
 * expect-score: 90 90
 * expect-fail: memcheck
 * expect-pass: tests output peak-at-largest
 */
static void hostile(void)
{
	int *p = malloc(16 * sizeof *p);
	if (p == NULL)
		return;
	p[3] = 3;
	free(p);
	volatile int v = p[3];
	(void)v;
}
