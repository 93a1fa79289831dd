/* corpus: every read takes 18 s, just under lab 01's 20 s per run: no run times out, so no smaller
 * size cuts the larger ones, and the grading's deadline comes while the lab's own pitfall and
 * reference runs still wait: a grading short of time, never "could not grade"
 * spec: lab
 * expect-score: 0 10
 * expect-fail: tests
 * expect-seconds: 100
 */
static void hostile(void) { sleep(18); }
