/* corpus: in every run, signals every process it may (kill(-1)): were the runs of a round one user, it would kill the others under valgrind
 * expect-score: 100 100
 */
static void hostile(void)
{
	/* not in the tests: there kill(-1) would end Check's own runner, a process of the same run */
	if (getenv("MEMLAB_TRANSCRIPT_FD") == NULL && getenv("MEMLAB_TEST_SEED") == NULL) {
		kill(-1, SIGSTOP);
		kill(-1, SIGKILL);
	}
}
