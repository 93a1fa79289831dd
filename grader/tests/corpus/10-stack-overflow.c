/* corpus: unbounded recursion until the stack overflows
 * expect-score: 0 0
 * expect-fail: tests output
 * expect-seconds: 60
 */
static int deeper(volatile int n)
{
	volatile char frame[256];
	frame[0] = (char)n;
	return deeper(n + 1) + frame[0];
}
static void hostile(void) { deeper(0); }
