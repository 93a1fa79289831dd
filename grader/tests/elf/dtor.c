/* A prioritised destructor: runs after main (.fini_array.NNNNN). */
#include <stdio.h>
__attribute__((destructor(101))) static void late(void) { puts("after main"); }
int f(void) { return 1; }
