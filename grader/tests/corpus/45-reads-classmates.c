/* corpus: looks for what is not its own: a classmate's file, the reference solution, the grader's outputs, other processes' command lines, the real /tmp; prints what it finds (a wrong answer, if it ever finds anything)
 * expect-score: 100 100
 */
#include <dirent.h>
static void steal(const char *path)
{
	char buf[256];
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return;
	if (fgets(buf, sizeof buf, f) != NULL)
		printf("stolen from %s: %s", path, buf);
	fclose(f);
}
static void hostile(void)
{
	static int done;
	char path[300];
	if (done++)
		return;
	steal("@CLASSMATE@");
	steal("@ROOT@/solutions/01-whole-file/logstats.c");
	steal("@OUT@/results.json");
	DIR *d = opendir("/proc");
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL) {
		int pid = atoi(e->d_name);
		if (pid <= 0 || pid == getpid() || pid == getppid())
			continue;
		snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
		FILE *f = fopen(path, "r");
		char cmd[256] = "";
		if (f != NULL) {
			size_t n = fread(cmd, 1, sizeof cmd - 1, f);
			cmd[n] = '\0';
			fclose(f);
			if (n > 0 && getenv("MEMLAB_TRANSCRIPT_FD") == NULL) /* another process than our own */
				printf("saw process %d: %s\n", pid, cmd);
		}
	}
	if (d != NULL)
		closedir(d);
	/* the real /tmp, where other gradings keep their folders (its own folder's path may pass through /tmp) */
	char cwd[1024] = "";
	if (getcwd(cwd, sizeof cwd) == NULL)
		cwd[0] = '\0';
	d = opendir("/tmp");
	while (d != NULL && (e = readdir(d)) != NULL) {
		snprintf(path, sizeof path, "/tmp/%s/", e->d_name);
		if (strncmp(e->d_name, "memlab", 6) == 0 && strncmp(cwd, path, strlen(path)) != 0)
			printf("saw /tmp/%s\n", e->d_name);
	}
	if (d != NULL)
		closedir(d);
}
