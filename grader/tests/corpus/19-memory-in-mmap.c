/* corpus: keeps 24 MiB in an anonymous mmap, out of malloc's sight
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-fail: peak-at-largest
 * expect-flag: hidden-memory
 */
static void hostile(void)
{
	static char *hidden;
	if (hidden == NULL) {
		hidden = mmap(NULL, 24 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (hidden != MAP_FAILED)
			memset(hidden, 1, 24 << 20);
	}
}
