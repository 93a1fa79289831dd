/* corpus: keeps 48 MiB in the buffers of pipes it never reads (kernel memory: neither heap nor resident)
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-flag: hidden-memory
 */
static void hostile(void)
{
	static char chunk[1 << 20];
	static int done;
	if (done++)
		return;
	memset(chunk, 1, sizeof chunk);
	for (int i = 0; i < 48; i++) {
		int p[2];
		if (pipe(p) != 0 || fcntl(p[1], F_SETPIPE_SZ, 1 << 20) < 0)
			break;
		fcntl(p[1], F_SETFL, O_NONBLOCK);
		while (write(p[1], chunk, sizeof chunk) > 0) { }
	}
}
