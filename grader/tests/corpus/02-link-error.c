/* corpus: a file that compiles but does not link
 * expect-score: 0 0
 * expect-fail: tests output
 */
extern void a_function_nobody_wrote(void);
static void hostile(void) { a_function_nobody_wrote(); }
