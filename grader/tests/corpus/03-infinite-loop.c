/* corpus: an infinite loop in the tested function
 * expect-score: 0 0
 * expect-fail: tests output
 * expect-seconds: 60
 */
static void hostile(void) { for (volatile int spin = 1; spin;) { } }
