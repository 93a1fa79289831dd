/* corpus: decodes valgrind's client-request instructions into executable memory at run time, turns memcheck's reports off with them, then reads freed memory
 * expect-score: 30 30
 * expect-pass: tests output
 * expect-flag: detectors-disagree
 */
/* mov rax,rdi; xor edx,edx; the 16-byte preamble (rol rdi by 3, 13, 61, 51); xchg rbx,rbx; mov rax,rdx; ret,
 * each byte xor 0x5a, so that no scan of the file finds the preamble */
static const unsigned char coded[] = {
	0x48 ^ 0x5a, 0x89 ^ 0x5a, 0xf8 ^ 0x5a, 0x31 ^ 0x5a, 0xd2 ^ 0x5a,
	0x48 ^ 0x5a, 0xc1 ^ 0x5a, 0xc7 ^ 0x5a, 0x03 ^ 0x5a, 0x48 ^ 0x5a, 0xc1 ^ 0x5a, 0xc7 ^ 0x5a, 0x0d ^ 0x5a,
	0x48 ^ 0x5a, 0xc1 ^ 0x5a, 0xc7 ^ 0x5a, 0x3d ^ 0x5a, 0x48 ^ 0x5a, 0xc1 ^ 0x5a, 0xc7 ^ 0x5a, 0x33 ^ 0x5a,
	0x48 ^ 0x5a, 0x87 ^ 0x5a, 0xdb ^ 0x5a, 0x48 ^ 0x5a, 0x89 ^ 0x5a, 0xd0 ^ 0x5a, 0xc3 ^ 0x5a,
};
static void hostile(void)
{
	static unsigned long (*request)(const unsigned long *);
	if (request == NULL) {
		unsigned char *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (code == MAP_FAILED)
			return;
		for (size_t i = 0; i < sizeof coded; i++)
			code[i] = coded[i] ^ 0x5a;
		request = (unsigned long (*)(const unsigned long *))(void *)code;
	}
	/* VG_USERREQ__CHANGE_ERR_DISABLEMENT, 1: memcheck reports nothing from here on */
	const unsigned long args[6] = { 0x1801, 1, 0, 0, 0, 0 };
	request(args);
	int *p = malloc(16 * sizeof *p);
	if (p == NULL)
		return;
	p[3] = 3;
	free(p);
	volatile int v = p[3];
	(void)v;
}
