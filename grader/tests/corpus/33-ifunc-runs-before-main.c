/* corpus: an ifunc resolver, which the loader runs before main: it ends the test program before the tests, no constructor section needed
 * expect-score: 0 0
 * expect-fail: tests output
 * expect-note: refused
 */
static void hostile(void) { }
static int answer(void) { return 42; }
static void *pick(void)
{
	if (getenv("MEMLAB_TRANSCRIPT_FD") != NULL)
		_exit(0);
	return (void *)answer;
}
int early_answer(void) __attribute__((ifunc("pick")));
