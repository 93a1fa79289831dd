/* corpus: exit(0) inside the tested function (Check alone calls this a pass)
 * expect-score: 80 99.9
 * expect-fail: tests
 * expect-pass: output peak-at-largest
 */
#define CASE_OWN_ENTRY_POINTS
int logstats_read_fd(struct logstats *st, int fd)
{
	(void)st; (void)fd;
	exit(0);
}
int logstats_read_file(struct logstats *st, const char *path) { return corpus_real_read_file(st, path); }
