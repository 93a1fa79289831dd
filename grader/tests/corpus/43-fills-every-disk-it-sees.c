/* corpus: fills /tmp, /var/tmp, /dev/shm, its folder and TMPDIR until they are full, in the tests and in every run, then answers nothing: were the grader's trusted files where it writes, the expected output would be cut to nothing too
 * (which of the tests still pass depends on when its disk fills: one of 43 now and then, half a point)
 * expect-score: 0 1
 * expect-fail: tests output
 * expect-seconds: 60
 */
#define CASE_OWN_ENTRY_POINTS
static void fill(void)
{
	static char chunk[1 << 20];
	static int done;
	const char *tmp = getenv("TMPDIR");
	const char *dirs[] = { "/tmp", "/var/tmp", "/dev/shm", ".", tmp != NULL ? tmp : "." };
	char path[512];
	if (done++)
		return;
	signal(SIGXFSZ, SIG_IGN);
	memset(chunk, 'x', sizeof chunk);
	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++)
		for (int f = 0; f < 4; f++) {
			snprintf(path, sizeof path, "%s/fill-%d-%d", dirs[d], (int)getpid(), f);
			int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			for (int i = 0; fd >= 0 && i < 1024 && write(fd, chunk, sizeof chunk) > 0; i++) { }
			if (fd >= 0)
				close(fd);
		}
}
int logstats_read_fd(struct logstats *st, int fd) { (void)st; (void)fd; fill(); errno = EIO; return -1; }
int logstats_read_file(struct logstats *st, const char *path) { (void)st; (void)path; fill(); errno = EIO; return -1; }
