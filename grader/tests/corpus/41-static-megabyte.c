/* corpus: a 1 MiB static array, less than the old 2 MiB margin, more than the lab's budget
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-flag: hidden-memory
 */
static char hidden[1 << 20];
static void hostile(void) { memset(hidden, 1, sizeof hidden); }
