/* A global whose name has a control byte and UTF-8 in it: the report must
 * get printable ASCII only. */
int f(void) { return 1; }
__asm__(".globl \"_odd\x01name\xc3\xa9\"\n.set \"_odd\x01name\xc3\xa9\", f\n");
