/* A section of another name but of type SHT_INIT_ARRAY: the '#' comments
 * out the flags gcc appends, so the assembler sees @init_array. */
static int hit;
static void early(void) { hit = 1; }
__attribute__((section(".myinit, \"aw\", @init_array #"), used)) static void (*entry)(void) = early;
int f(void) { return hit; }
