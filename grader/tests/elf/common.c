/* A common variable: no section, its size is in its symbol. */
__attribute__((common)) int shared[25000];
int get(int i) { return shared[i]; }
