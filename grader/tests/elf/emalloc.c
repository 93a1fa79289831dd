/* A helper named emalloc, not static: Check (linked into the tests) has one. */
#include <stdlib.h>
void *emalloc(size_t n) { void *p = malloc(n); if (p == NULL) abort(); return p; }
