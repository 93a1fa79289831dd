/* corpus: keeps a copy of the log in a memfd (file pages, no heap, no mapping); malloc only if memfd is denied
 * expect-score: 0 40
 * expect-fail: peak-at-largest
 */
#define CASE_OWN_ENTRY_POINTS
#include <sys/syscall.h>
static void keep_copy(const struct logstats *st)
{
	static char chunk[64 * 1024];
	static char *volatile kept[64]; /* volatile: the copies stay reachable, as in a real whole-file reader */
	static size_t nkept;
	int fd = (int)syscall(SYS_memfd_create, "cache", 0);
	if (fd >= 0) {
		memset(chunk, 1, sizeof chunk);
		for (uint64_t done = 0; done < st->bytes; done += sizeof chunk)
			if (pwrite(fd, chunk, sizeof chunk, (off_t)done) < 0)
				break;
		return; /* the descriptor stays open: the pages stay */
	}
	char *copy = nkept < 64 ? malloc(st->bytes + 1) : NULL;
	if (copy != NULL) {
		memset(copy, 1, st->bytes + 1);
		kept[nkept++] = copy;
	}
}
int logstats_read_fd(struct logstats *st, int fd) { int rc = corpus_real_read_fd(st, fd); keep_copy(st); return rc; }
int logstats_read_file(struct logstats *st, const char *path) { int rc = corpus_real_read_file(st, path); keep_copy(st); return rc; }
