/* corpus: waits for stdin, then sleeps for ever
 * expect-score: 0 0
 * expect-fail: tests output
 * expect-seconds: 60
 */
static void hostile(void)
{
	char c;
	while (read(0, &c, 1) > 0) { }
	for (;;)
		sleep(100);
}
