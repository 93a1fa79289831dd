/* corpus: gets the counts wrong, and writes the end-of-test line itself before it leaves each test early
 * expect-score: 0 0
 * expect-fail: tests output
 */
#define CASE_OWN_ENTRY_POINTS
static void forge_end(void)
{
	const char *fd = getenv("MEMLAB_TRANSCRIPT_FD");
	if (fd != NULL && write(atoi(fd), "E\n", 2) == 2)
		_exit(0);
}
int logstats_read_fd(struct logstats *st, int fd) { int rc = corpus_real_read_fd(st, fd); st->lines++; forge_end(); return rc; }
int logstats_read_file(struct logstats *st, const char *path)
{
	int rc = corpus_real_read_file(st, path);
	st->lines++;
	forge_end();
	return rc;
}
