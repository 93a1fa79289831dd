/* corpus: loses 1000 bytes on every call
 * expect-score: 70 89.9
 * expect-fail: memcheck
 * expect-pass: output peak-at-largest peak-growth
 */
static char *volatile lost; /* volatile: the compiler may not drop the malloc */
static void hostile(void)
{
	lost = malloc(1000);
	if (lost != NULL)
		memset(lost, 0, 1000);
	lost = NULL;
}
