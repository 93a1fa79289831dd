/* corpus: keeps a copy of the log (the pitfall's memory), and from every run looks for the other runs of its round to stop them, ptrace them, or write a small profile into their valgrind outputs
 * expect-score: 30 40
 * expect-pass: output
 * expect-fail: peak-at-largest peak-growth
 */
#define CASE_OWN_ENTRY_POINTS
#include <dirent.h>
#include <sys/ptrace.h>
static const char fake[] = "desc: (none)\ncmd: x\ntime_unit: B\n#-----------\nsnapshot=0\n#-----------\ntime=0\n"
	"mem_heap_B=0\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=empty\n";

static void attack(void)
{
	int saved = errno; /* the reader's errno is part of its answer */
	DIR *d = opendir("/proc");
	struct dirent *e;
	char path[300];
	while (d != NULL && (e = readdir(d)) != NULL) {
		int pid = atoi(e->d_name);
		if (pid <= 1 || pid == getpid() || pid == getppid()) /* its own run: the tests' runner is its parent */
			continue;
		kill(pid, SIGSTOP);
		ptrace(PTRACE_ATTACH, pid, NULL, NULL);
		for (int fd = 1100; fd < 1104; fd++) {
			snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, fd);
			int f = open(path, O_WRONLY);
			if (f >= 0) {
				if (write(f, fake, sizeof fake - 1) < 0) { }
				close(f);
			}
		}
	}
	if (d != NULL)
		closedir(d);
	/* and the folders beside ours */
	d = opendir("..");
	while (d != NULL && (e = readdir(d)) != NULL) {
		snprintf(path, sizeof path, "../%s/massif.out", e->d_name);
		FILE *f = fopen(path, "w");
		if (f != NULL) {
			fputs(fake, f);
			fclose(f);
		}
	}
	if (d != NULL)
		closedir(d);
	errno = saved;
}

static void keep_copy(const struct logstats *st)
{
	static char *volatile kept[64]; /* volatile: the copies stay reachable, as in a real whole-file reader */
	static size_t nkept;
	char *copy = nkept < 64 ? malloc(st->bytes + 1) : NULL;
	if (copy != NULL) {
		memset(copy, 1, st->bytes + 1); /* kept (reachable) to the end, as a whole-file reader does */
		kept[nkept++] = copy;
	}
	attack();
}
int logstats_read_fd(struct logstats *st, int fd) { int rc = corpus_real_read_fd(st, fd); keep_copy(st); return rc; }
int logstats_read_file(struct logstats *st, const char *path) { int rc = corpus_real_read_file(st, path); keep_copy(st); return rc; }
