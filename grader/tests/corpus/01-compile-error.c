/* corpus: a file that does not compile
 * expect-score: 0 0
 * expect-fail: tests output memcheck peak-at-largest peak-growth
 */
static void hostile(void) { this is not C; }
