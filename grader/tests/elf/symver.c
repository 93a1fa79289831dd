/* malloc defined under a version, by a .symver directive. */
#include <stddef.h>
void *my_alloc(size_t n) { (void)n; return NULL; }
__asm__(".symver my_alloc, malloc@@GLIBC_2.2.5");
