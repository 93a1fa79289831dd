/* An ifunc: its resolver runs while the program is loaded. */
typedef int add_fn(int, int);
static int add_plain(int a, int b) { return a + b; }
static add_fn *pick_add(void) { return add_plain; }
int add(int a, int b) __attribute__((ifunc("pick_add")));
