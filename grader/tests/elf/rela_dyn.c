/* A hand-made .rela.dyn: the linker adds its entries to the program's
 * dynamic relocations, which the loader applies before main. */
int f(void) { return 1; }
__asm__(".section .rela.dyn,\"a\"\n.quad 0, 37, 0\n.previous\n");
