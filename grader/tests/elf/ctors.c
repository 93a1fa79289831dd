/* An old-style .ctors entry: the assembler gives it no special type, so
 * only its name tells (the linker still runs it, as .init_array). */
static int hit;
static void early(void) { hit = 1; }
__attribute__((section(".ctors"), used)) static void (*entry)(void) = early;
int f(void) { return hit; }
