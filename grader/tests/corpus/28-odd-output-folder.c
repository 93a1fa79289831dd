/* corpus: an honest solution graded into an output folder whose name holds quotes, $(), ;, a newline and a byte that is not UTF-8
 * out-name: o'u"t;$(touch x);\nname\xff
 * expect-score: 100 100
 * expect-plots: yes
 */
static void hostile(void) { }
