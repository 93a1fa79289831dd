/* corpus: keeps 48 MiB in a file in /dev/shm (tmpfs pages: no heap, no resident memory of its own)
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-flag: hidden-memory
 */
static void hostile(void)
{
	static char chunk[1 << 20];
	static int fd = -1;
	if (fd >= 0)
		return;
	fd = open("/dev/shm/corpus-cache", O_RDWR | O_CREAT | O_TRUNC, 0600);
	memset(chunk, 1, sizeof chunk);
	for (int i = 0; fd >= 0 && i < 48; i++)
		if (write(fd, chunk, sizeof chunk) < 0)
			break;
}
