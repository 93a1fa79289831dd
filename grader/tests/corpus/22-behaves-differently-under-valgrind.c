/* corpus: allocates 32 MiB only when valgrind is not watching (it checks LD_PRELOAD)
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-flag: hidden-memory
 */
static void hostile(void)
{
	static char *big;
	const char *preload = getenv("LD_PRELOAD");
	if (big == NULL && (preload == NULL || strstr(preload, "vgpreload") == NULL)) {
		big = malloc(32 << 20);
		if (big != NULL)
			memset(big, 1, 32 << 20);
	}
}
