/* corpus: tries to fill the disk with big files and many small ones
 * expect-score: 0 100
 * expect-seconds: 90
 * needs-root: yes
 */
static void hostile(void)
{
	static char chunk[1 << 20];
	static int done;
	char name[64];
	if (done++)
		return;
	signal(SIGXFSZ, SIG_IGN);
	for (int f = 0; f < 8; f++) {
		snprintf(name, sizeof name, "big-%d", f);
		int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			break;
		for (int i = 0; i < 2048 && write(fd, chunk, sizeof chunk) > 0; i++) { }
		close(fd);
	}
	for (int f = 0; f < 100000; f++) {
		snprintf(name, sizeof name, "small-%d", f);
		int fd = open(name, O_WRONLY | O_CREAT, 0600);
		if (fd < 0)
			break;
		close(fd);
	}
}
