/* corpus: ignores the log and prints the answer it once saw for seed 1
 * expect-score: 0 20
 * expect-fail: output peak-at-largest memcheck
 */
#define CASE_OWN_ENTRY_POINTS
int logstats_read_fd(struct logstats *st, int fd) { return corpus_real_read_fd(st, fd); }
int logstats_read_file(struct logstats *st, const char *path)
{
	(void)path;
	st->bytes = 1048576;
	st->lines = 4200;
	st->longest_line = 131072;
	st->records = 4100;
	st->served_bytes = 123456789;
	st->status[200 - LOGSTATS_STATUS_MIN] = 3000;
	return 0;
}
