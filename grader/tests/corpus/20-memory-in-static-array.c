/* corpus: keeps 24 MiB in a static array
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-flag: hidden-memory
 */
static char hidden[24 << 20];
static void hostile(void) { memset(hidden, 1, sizeof hidden); }
