/* A constructor: runs before main (.init_array). */
#include <stdio.h>
__attribute__((constructor)) static void early(void) { puts("before main"); }
int f(void) { return 1; }
