/* A function pointer put in .init_array by hand. */
static int hit;
static void early(void) { hit = 1; }
__attribute__((section(".init_array"), used)) static void (*entry)(void) = early;
int f(void) { return hit; }
