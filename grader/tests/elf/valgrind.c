/* Asks valgrind whether it is watched (a client request). */
#include <valgrind/valgrind.h>
int watched(void) { return RUNNING_ON_VALGRIND; }
