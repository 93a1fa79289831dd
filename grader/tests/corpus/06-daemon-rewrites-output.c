/* corpus: leaks 8 MiB, and leaves a daemon that rewrites valgrind's files after the run to hide it
 * expect-score: 0 40
 * expect-fail: peak-at-largest memcheck
 * expect-seconds: 60
 */
#include <dirent.h>
static void *kept;

static void rewrite_valgrind_files(void)
{
	static const char fake[] = "desc: (none)\ncmd: x\ntime_unit: B\n#-----------\nsnapshot=0\n"
		"#-----------\ntime=0\nmem_heap_B=0\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=empty\n";
	DIR *d = opendir(".");
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "massif.out", 10) == 0 || strncmp(e->d_name, "memcheck", 8) == 0) {
			FILE *f = fopen(e->d_name, "w");
			if (f != NULL) {
				fputs(fake, f);
				fclose(f);
			}
		}
	}
	if (d != NULL)
		closedir(d);
}

static void hostile(void)
{
	kept = malloc(8 << 20);
	if (kept != NULL)
		memset(kept, 1, 8 << 20);
	if (fork() == 0) {
		setsid();
		if (fork() == 0) {
			for (int i = 0; i < 200; i++) {
				usleep(50 * 1000);
				rewrite_valgrind_files();
			}
		}
		_exit(0);
	}
}
