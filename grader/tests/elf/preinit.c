/* A .preinit_array entry: runs before even the constructors. */
static int hit;
static void early(void) { hit = 1; }
__attribute__((section(".preinit_array"), used)) static void (*entry)(void) = early;
int f(void) { return hit; }
