/*
 * elfscan.c - constructor sections and valgrind client requests in an
 * object file (see elfscan.h).  The object is read whole (it is small:
 * one source file) and every offset in it is checked before use.
 */
#include "elfscan.h"

#include "fsutil.h"
#include "limits.h"

#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* rolq $3,%rdi; rolq $13,%rdi; rolq $61,%rdi; rolq $51,%rdi: valgrind.h's amd64 preamble */
static const unsigned char preamble[] = {
	0x48, 0xc1, 0xc7, 0x03, 0x48, 0xc1, 0xc7, 0x0d, 0x48, 0xc1, 0xc7, 0x3d, 0x48, 0xc1, 0xc7, 0x33,
};

static const char *const init_sections[] = {
	".init_array", ".preinit_array", ".ctors", ".fini_array", ".dtors", ".init", ".fini",
};

static bool in_bounds(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

static bool is_init_section(const char *name)
{
	for (size_t i = 0; i < sizeof init_sections / sizeof init_sections[0]; i++) {
		size_t n = strlen(init_sections[i]);
		/* ".init_array" and ".init_array.00100" (prioritised constructors) alike */
		if (strncmp(name, init_sections[i], n) == 0 && (name[n] == '\0' || name[n] == '.'))
			return true;
	}
	return false;
}

int elfscan_object(const char *path, struct elfscan *out, char *err, size_t errlen)
{
	unsigned char *data = NULL;
	size_t size;
	int rc = -1;
	FILE *f = fs_open_regular(path, ELF_OBJECT_MAX, err, errlen);

	memset(out, 0, sizeof *out);
	if (f == NULL)
		return -1;
	data = malloc(ELF_OBJECT_MAX);
	if (data == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	size = fread(data, 1, ELF_OBJECT_MAX, f);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)data;
	if (size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shstrndx >= eh->e_shnum ||
	    !in_bounds(size, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr))) {
		snprintf(err, errlen, "%s: not a 64-bit ELF object", path);
		goto out;
	}
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(data + eh->e_shoff);
	const Elf64_Shdr *names = &sh[eh->e_shstrndx];
	if (!in_bounds(size, names->sh_offset, names->sh_size) || names->sh_size == 0 ||
	    data[names->sh_offset + names->sh_size - 1] != '\0') {
		snprintf(err, errlen, "%s: bad section name table", path);
		goto out;
	}
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_name >= names->sh_size) {
			snprintf(err, errlen, "%s: bad section name", path);
			goto out;
		}
		const char *name = (const char *)data + names->sh_offset + sh[i].sh_name;
		if (is_init_section(name) && sh[i].sh_size > 0 && !out->has_init_code) {
			out->has_init_code = true;
			snprintf(out->init_section, sizeof out->init_section, "%s", name);
		}
		if (!(sh[i].sh_flags & SHF_EXECINSTR) || sh[i].sh_type == SHT_NOBITS)
			continue;
		if (!in_bounds(size, sh[i].sh_offset, sh[i].sh_size)) {
			snprintf(err, errlen, "%s: section %s out of bounds", path, name);
			goto out;
		}
		const unsigned char *code = data + sh[i].sh_offset;
		for (uint64_t k = 0; k + sizeof preamble <= sh[i].sh_size; k++)
			if (code[k] == preamble[0] && memcmp(code + k, preamble, sizeof preamble) == 0)
				out->client_requests++;
	}
	rc = 0;
out:
	free(data);
	fclose(f);
	return rc;
}
