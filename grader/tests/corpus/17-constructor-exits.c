/* corpus: a constructor that ends the test program before the tests run: refused at build time
 * expect-score: 0 0
 * expect-fail: tests output peak-at-largest
 * expect-note: refused
 */
__attribute__((constructor)) static void leave_early(void)
{
	if (getenv("MEMLAB_TAP") != NULL)
		exit(0);
}
static void hostile(void) { }
