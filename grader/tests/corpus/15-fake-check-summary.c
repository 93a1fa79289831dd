/* corpus: prints a fake Check summary while the tests fail
 * expect-score: 80 99.9
 * expect-fail: tests
 * expect-pass: output memcheck peak-at-largest
 */
#define CASE_OWN_ENTRY_POINTS
int logstats_read_fd(struct logstats *st, int fd)
{
	printf("100%%: Checks: 38, Failures: 0, Errors: 0\n");
	fflush(stdout);
	int rc = corpus_real_read_fd(st, fd);
	st->lines += 1; /* wrong */
	return rc;
}
int logstats_read_file(struct logstats *st, const char *path) { return corpus_real_read_file(st, path); }
