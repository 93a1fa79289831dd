/* corpus: a fork bomb whose children leave their process group with setsid()
 * expect-score: 0 40
 * expect-fail: peak-at-largest
 * expect-seconds: 90
 */
static void hostile(void)
{
	for (int i = 0; i < 200; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			setsid();
			for (;;)
				if (fork() < 0)
					sleep(1);
		}
		if (pid < 0)
			break;
	}
}
