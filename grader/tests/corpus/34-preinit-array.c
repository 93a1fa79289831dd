/* corpus: code in .preinit_array, run before any constructor and before main
 * expect-score: 0 0
 * expect-fail: tests output
 * expect-note: refused
 */
static void hostile(void) { }
static void early(void)
{
	if (getenv("MEMLAB_TRANSCRIPT_FD") != NULL)
		_exit(0);
}
__attribute__((section(".preinit_array"), used)) static void (*const run_early)(void) = early;
