/* corpus: abort() in the tested function
 * expect-score: 0 0
 * expect-fail: tests output
 */
static void hostile(void) { abort(); }
