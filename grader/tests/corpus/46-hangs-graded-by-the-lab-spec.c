/* corpus: an infinite loop in the tested function, graded by the lab's own lab.ini (its timeouts and deadline): at most 90 s
 * spec: lab
 * expect-score: 0 0
 * expect-fail: tests output
 * expect-seconds: 90
 */
static void hostile(void) { for (volatile int spin = 1; spin;) { } }
