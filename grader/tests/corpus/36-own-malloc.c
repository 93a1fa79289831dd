/* corpus: its own malloc and free over a static arena, so that massif sees no heap at all (and a copy of the log hides in it)
 * expect-score: 0 0
 * expect-note: refused
 */
static void hostile(void) { }
static char arena[8 << 20];
static size_t used;
void *malloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (used + n > sizeof arena)
		return NULL;
	used += n;
	return arena + used - n;
}
void free(void *p) { (void)p; }
void *calloc(size_t a, size_t b) { void *p = malloc(a * b); if (p) memset(p, 0, a * b); return p; }
void *realloc(void *p, size_t n) { void *q = malloc(n); if (q && p) memcpy(q, p, n); return q; }
