/* corpus: puts FIFOs and links where the grader once read files (stderr, valgrind's outputs, the tests' logs) to hang or mislead it, then does the job
 * expect-score: 100 100
 * expect-seconds: 45
 */
#include <sys/stat.h>
static void hostile(void)
{
	static const char *const names[] = {
		"stdout", "stderr", "massif.out", "xtree.kcg", "memcheck.out", "callgrind.out", "transcript",
		"tests.log", "tests.tap", "tests.marks", "results.json", "report.txt",
	};
	static const char *const dirs[] = { ".", "..", "../..", "/tmp", "@OUT@" };
	static int done;
	char path[512];

	if (done++)
		return;
	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++)
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			snprintf(path, sizeof path, "%s/%s", dirs[d], names[i]);
			unlink(path);
			mkfifo(path, 0666);
			snprintf(path, sizeof path, "%s/%s.link", dirs[d], names[i]);
			symlink("/etc/shadow", path);
		}
	/* and every pid-named file valgrind once wrote, around our own pid */
	for (int p = getpid() - 50; p < getpid() + 50; p++) {
		snprintf(path, sizeof path, "massif.out.%d", p);
		mkfifo(path, 0666);
		snprintf(path, sizeof path, "memcheck.%d", p);
		mkfifo(path, 0666);
		snprintf(path, sizeof path, "xtree.%d.kcg", p);
		mkfifo(path, 0666);
	}
}
