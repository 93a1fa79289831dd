/* corpus: tries to read the reference solution and the grader's outputs; prints what it gets
 * expect-score: 100 100
 * expect-pass: tests output
 * needs-root: yes
 */
static void hostile(void)
{
	static const char *const secrets[] = {
		"@ROOT@/solutions/01-whole-file/logstats.c", "@OUT@/results.json", "@OUT@/report.txt",
	};
	char buf[256];
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
		FILE *f = fopen(secrets[i], "r");
		if (f == NULL)
			continue;
		if (fgets(buf, sizeof buf, f) != NULL)
			printf("stolen: %s", buf); /* wrong output, if it ever works */
		fclose(f);
	}
}
