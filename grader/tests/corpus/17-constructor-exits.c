/* corpus: a constructor that ends the test program before the tests run
 * expect-score: 10 10
 * expect-fail: tests peak-at-largest
 * expect-pass: output
 * expect-flag: code-before-main
 */
__attribute__((constructor)) static void leave_early(void)
{
	if (getenv("MEMLAB_TAP") != NULL)
		exit(0);
}
static void hostile(void) { }
