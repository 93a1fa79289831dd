/* corpus: under valgrind, execs itself without LD_PRELOAD to escape the tool, then slurps memory
 * expect-score: 0 70
 * expect-fail: peak-at-largest
 * expect-seconds: 60
 */
static void hostile(void)
{
	static char *big;
	const char *preload = getenv("LD_PRELOAD");
	if (preload != NULL && strstr(preload, "vgpreload") != NULL && getenv("ESCAPED") == NULL) {
		/* rebuild our argv from /proc and exec ourselves without valgrind's preload */
		static char cmd[4096], *argv[64];
		int fd = open("/proc/self/cmdline", O_RDONLY), n = 0;
		ssize_t len = fd >= 0 ? read(fd, cmd, sizeof cmd - 1) : -1;
		if (fd >= 0)
			close(fd);
		for (ssize_t i = 0; i < len && n < 63; i += (ssize_t)strlen(cmd + i) + 1)
			argv[n++] = cmd + i;
		argv[n] = NULL;
		setenv("ESCAPED", "1", 1);
		unsetenv("LD_PRELOAD");
		execv("/proc/self/exe", argv);
	}
	if (getenv("ESCAPED") != NULL && big == NULL && (big = malloc(16 << 20)) != NULL)
		memset(big, 1, 16 << 20);
}
