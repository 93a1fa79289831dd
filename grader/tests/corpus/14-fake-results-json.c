/* corpus: writes a results.json with full marks wherever it might be read from
 * expect-score: 70 70
 * expect-fail: peak-at-largest
 * needs-root: yes
 */
/* volatile: the blocks stay reachable at exit, so memcheck passes every time (a plain static array
 * the compiler may drop made them lost in some runs and not in others: 60 or 70) */
static void *volatile kept[4];
static void hostile(void)
{
	static const char *const places[] = { "results.json", "../results.json", "../../results.json",
					      "@OUT@/results.json" };
	static const char fake[] = "{ \"score\": 100, \"tests\": [] }\n";
	for (size_t i = 0; i < 4; i++) {
		FILE *f = fopen(places[i], "w");
		if (f != NULL) {
			fputs(fake, f);
			fclose(f);
		}
	}
	/* and deserve less: a peak that grows with the input */
	static size_t n;
	if (n < 4 && (kept[n] = malloc(1 << 20)) != NULL)
		memset(kept[n++], 1, 1 << 20);
}
