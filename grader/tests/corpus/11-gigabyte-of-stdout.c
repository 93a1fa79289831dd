/* corpus: prints 1 GiB on stdout once per process (so once per forked test), then works
 * expect-score: 0 20
 * expect-fail: tests output
 * expect-seconds: 90
 */
static void hostile(void)
{
	static char chunk[64 * 1024];
	static int done;
	if (done++)
		return;
	memset(chunk, 'x', sizeof chunk);
	for (int i = 0; i < 16384; i++)
		if (write(1, chunk, sizeof chunk) < 0)
			break;
}
