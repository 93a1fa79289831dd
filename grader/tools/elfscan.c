/*
 * elfscan.c - what a submission's object file holds that a fair one never
 * needs (see elfscan.h for each finding and why).  The object is read
 * whole (it is small: one source file) and may be hostile: headers and
 * symbols are copied out before use, so nothing is read through a
 * misaligned pointer, and every offset, size, count and index is checked
 * against the file first.  Error messages name sections and symbols by
 * number, never by their (untrusted) names.
 */
#include "tools/elfscan.h"

#include "base/fsutil.h"
#include "base/limits.h"

#include <dlfcn.h>
#include <elf.h>
#include <gnu/lib-names.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The Check archive the labs' tests link statically; the Makefile sets it from pkg-config. */
#ifndef ELFSCAN_CHECK_ARCHIVE
#define ELFSCAN_CHECK_ARCHIVE "/usr/lib/x86_64-linux-gnu/libcheck_pic.a"
#endif

/* Not in glibc 2.36's elf.h. */
#define SHN_X86_64_LCOMMON_ 0xff02     /* common symbols of -mcmodel=medium (binutils) */
#define SHT_LLVM_ADDRSIG_   0x6fff4c03 /* clang's address-significance table */
#define SHT_GNU_SFRAME_     0x6ffffff4 /* gas --gsframe */

/* rolq $3,%rdi; rolq $13,%rdi; rolq $61,%rdi; rolq $51,%rdi: valgrind.h's amd64 preamble */
static const unsigned char preamble[] = {
	0x48, 0xc1, 0xc7, 0x03, 0x48, 0xc1, 0xc7, 0x0d, 0x48, 0xc1, 0xc7, 0x3d, 0x48, 0xc1, 0xc7, 0x33,
};

/* Sections the start-up and exit code runs (each also with a ".suffix": prioritised constructors). */
static const char *const init_sections[] = {
	".init_array", ".preinit_array", ".ctors", ".fini_array", ".dtors", ".init", ".fini",
};

/*
 * The sections a C compiler writes on its own (gcc and clang; each also
 * with a ".suffix": .text.startup, .rodata.str1.1, .data.rel.ro.local),
 * besides .debug_* and relocation sections.  Anything else is made by a
 * section attribute or by assembly, and the linker acts on some names
 * (.rela.dyn, .tm_clone_table, .interp, .got, ...) in ways that run code.
 */
static const char *const compiler_sections[] = {
	".text", ".data", ".bss", ".rodata", ".tdata", ".tbss", ".ldata", ".lbss", ".lrodata",
	".comment", ".note.GNU-stack", ".note.gnu.property", ".eh_frame", ".gcc_except_table",
	".symtab", ".strtab", ".shstrtab", ".symtab_shndx", ".group", ".llvm_addrsig", ".sframe",
	".gnu.build.attributes",
};

/*
 * Names the C run time calls, or tests for, around main: Debian's crt1.o,
 * crti.o and crtbegin*.o reference these (nm them), older glibc's crt1.o
 * the __libc_csu_ pair, older gcc's crtbegin _Jv_RegisterClasses.
 */
static const char *const runtime_names[] = {
	"main", "_start", "_init", "_fini", "__libc_start_main", "__libc_csu_init", "__libc_csu_fini",
	"_dl_relocate_static_pie", "__gmon_start__", "_ITM_registerTMCloneTable",
	"_ITM_deregisterTMCloneTable", "__register_frame_info", "__deregister_frame_info",
	"_Jv_RegisterClasses", "__cxa_finalize",
};

/* Memory checkers' interfaces, and the test harness's --wrap names. */
static const char *const checker_prefixes[] = {
	"__asan_", "__lsan_", "__ubsan_", "__sanitizer_", "__msan_", "__tsan_", "__hwasan_", "__dfsan_",
	"__interceptor_", "__valgrind", "vgPlain", "__wrap_", "__real_",
};

/* Run-time lookups that reach any symbol by name, or walk the loaded objects. */
static const char *const lookup_names[] = {
	"dlopen", "dlmopen", "dlsym", "dlvsym", "dlinfo", "dladdr", "dladdr1", "dl_iterate_phdr",
	"_dl_find_object", "_r_debug", "__libc_dlopen_mode", "__libc_dlsym", "__libc_dlvsym",
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

struct names {                 /* the global names of an archive, sorted */
	char *index;           /* its symbol index, NUL-terminated */
	const char **v;        /* into index */
	size_t n;
};

struct object {
	const char *path;
	const unsigned char *data;
	size_t size;
	Elf64_Shdr *sh;        /* copied out of data */
	uint64_t shnum;
	const char *shstr;     /* section names; shstr[shstr_size - 1] is NUL */
	uint64_t shstr_size;
	void *libm;            /* dlopen handle: its scope is libm, libc and ld.so */
	struct names check;    /* Check's names */
	char *err;
	size_t errlen;
};

static bool in_bounds(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* name is prefix, or prefix and a ".suffix" */
static bool is_part(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(name, prefix, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

static bool starts(const char *name, const char *prefix)
{
	return strncmp(name, prefix, strlen(prefix)) == 0;
}

static bool in_list(const char *name, const char *const *list, size_t n, bool (*match)(const char *, const char *))
{
	for (size_t i = 0; i < n; i++)
		if (match(name, list[i]))
			return true;
	return false;
}

static bool same(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Counts a finding; the first one's text goes into what, printable ASCII only. */
__attribute__((format(printf, 3, 4)))
static void found(char *what, unsigned *count, const char *fmt, ...)
{
	va_list ap;

	if (*count < UINT_MAX)
		(*count)++;
	if (*count > 1)
		return;
	va_start(ap, fmt);
	vsnprintf(what, ELFSCAN_WHAT_MAX, fmt, ap);
	va_end(ap);
	for (char *p = what; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_names(const struct names *names, const char *name)
{
	return names->n > 0 && bsearch(&name, names->v, names->n, sizeof *names->v, cmp_names) != NULL;
}

/* A big-endian number of w bytes: the ar symbol index's. */
static uint64_t big_endian(const unsigned char *p, size_t w)
{
	uint64_t v = 0;
	for (size_t i = 0; i < w; i++)
		v = v << 8 | p[i];
	return v;
}

/*
 * The global names the members of an ar archive define, from its symbol
 * index: the first member, named "/" (or GNU's "/SYM64/" with 8-byte
 * numbers), holds a count, that many member offsets, then that many
 * NUL-terminated names.  The archive is the system's, but is read as
 * carefully as the object.
 */
static int read_archive_names(const char *path, struct names *out, char *err, size_t errlen)
{
	unsigned char head[8 + 60]; /* "!<arch>\n", then the first member's header */
	uint64_t len = 0, count;
	size_t w, digits = 0, at;
	int rc = -1;
	FILE *f = fs_open_regular(path, CHECK_ARCHIVE_MAX, err, errlen);

	if (f == NULL)
		goto out;
	if (fread(head, 1, sizeof head, f) != sizeof head || memcmp(head, "!<arch>\n", 8) != 0 ||
	    memcmp(head + 8 + 58, "`\n", 2) != 0) {
		snprintf(err, errlen, "%s: not an ar archive", path);
		goto out;
	}
	if (memcmp(head + 8, "/               ", 16) == 0)
		w = 4;
	else if (memcmp(head + 8, "/SYM64/         ", 16) == 0)
		w = 8;
	else {
		snprintf(err, errlen, "%s: has no symbol index (ranlib it)", path);
		goto out;
	}
	const unsigned char *size_field = head + 8 + 48; /* decimal, padded with spaces, 10 bytes */
	while (digits < 10 && size_field[digits] >= '0' && size_field[digits] <= '9')
		len = len * 10 + (uint64_t)(size_field[digits++] - '0');
	for (size_t i = digits; i < 10; i++)
		if (size_field[i] != ' ')
			digits = 0;
	if (digits == 0 || len < w || len > CHECK_INDEX_MAX) {
		snprintf(err, errlen, "%s: bad symbol index size", path);
		goto out;
	}
	out->index = malloc(len + 1);
	if (out->index == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (fread(out->index, 1, len, f) != len) {
		snprintf(err, errlen, "%s: symbol index cut short", path);
		goto out;
	}
	out->index[len] = '\0';
	count = big_endian((const unsigned char *)out->index, w);
	if (count > (len - w) / w) {
		snprintf(err, errlen, "%s: symbol index count out of bounds", path);
		goto out;
	}
	out->v = malloc((count > 0 ? count : 1) * sizeof *out->v);
	if (out->v == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	at = w + count * w;
	for (uint64_t k = 0; k < count; k++) {
		size_t l = strnlen(out->index + at, len - at);
		if (l == len - at) {
			snprintf(err, errlen, "%s: symbol index has fewer names than its count", path);
			goto out;
		}
		out->v[k] = out->index + at;
		at += l + 1;
	}
	out->n = count;
	qsort(out->v, out->n, sizeof *out->v, cmp_names);
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	return rc;
}

/* The ELF header, the section headers (copied) and the section names, all checked. */
static int read_headers(struct object *o)
{
	Elf64_Ehdr eh;
	Elf64_Shdr first;

	if (o->size < sizeof eh)
		goto not_elf;
	memcpy(&eh, o->data, sizeof eh);
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_type != ET_REL ||
	    eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shoff < sizeof eh ||
	    !in_bounds(o->size, eh.e_shoff, sizeof first))
		goto not_elf;
	memcpy(&first, o->data + eh.e_shoff, sizeof first);
	/* past SHN_LORESERVE sections, the count is in section 0's sh_size and the names' index in its sh_link */
	uint64_t n = eh.e_shnum != 0 ? eh.e_shnum : first.sh_size;
	uint64_t names = eh.e_shstrndx != SHN_XINDEX ? eh.e_shstrndx : first.sh_link;
	if (n == 0 || n > o->size / sizeof(Elf64_Shdr) || !in_bounds(o->size, eh.e_shoff, n * sizeof(Elf64_Shdr)) ||
	    names == SHN_UNDEF || names >= n) {
		snprintf(o->err, o->errlen, "%s: bad section header table", o->path);
		return -1;
	}
	o->sh = malloc(n * sizeof *o->sh);
	if (o->sh == NULL) {
		snprintf(o->err, o->errlen, "out of memory");
		return -1;
	}
	memcpy(o->sh, o->data + eh.e_shoff, n * sizeof *o->sh);
	o->shnum = n;
	const Elf64_Shdr *ns = &o->sh[names];
	if (ns->sh_type != SHT_STRTAB || ns->sh_size == 0 || !in_bounds(o->size, ns->sh_offset, ns->sh_size) ||
	    o->data[ns->sh_offset + ns->sh_size - 1] != '\0') {
		snprintf(o->err, o->errlen, "%s: bad section name table", o->path);
		return -1;
	}
	o->shstr = (const char *)o->data + ns->sh_offset;
	o->shstr_size = ns->sh_size;
	for (uint64_t i = 0; i < n; i++)
		if (o->sh[i].sh_name >= o->shstr_size) {
			snprintf(o->err, o->errlen, "%s: section %llu: name out of bounds", o->path, (unsigned long long)i);
			return -1;
		}
	return 0;
not_elf:
	snprintf(o->err, o->errlen, "%s: not a 64-bit little-endian ELF relocatable object", o->path);
	return -1;
}

/* Is section s, named name, one a C compiler writes on its own? */
static bool compiler_section(const struct object *o, const Elf64_Shdr *s, const char *name)
{
	switch (s->sh_type) {
	case SHT_RELA:
		/* ".rela" and the name of the section it relocates, which the linker consumes, never copies */
		return starts(name, ".rela") && !(s->sh_flags & SHF_ALLOC) && s->sh_info != SHN_UNDEF &&
		       s->sh_info < o->shnum && s->sh_link < o->shnum && o->sh[s->sh_link].sh_type == SHT_SYMTAB &&
		       strcmp(name + 5, o->shstr + o->sh[s->sh_info].sh_name) == 0;
	case SHT_PROGBITS: case SHT_NOBITS: case SHT_NOTE: case SHT_SYMTAB: case SHT_STRTAB:
	case SHT_GROUP: case SHT_SYMTAB_SHNDX: case SHT_X86_64_UNWIND: case SHT_LLVM_ADDRSIG_: case SHT_GNU_SFRAME_:
		return starts(name, ".debug_") || starts(name, ".zdebug_") ||
		       in_list(name, compiler_sections, COUNT(compiler_sections), is_part);
	default:
		return false;
	}
}

static const char *array_type(uint32_t type)
{
	switch (type) {
	case SHT_INIT_ARRAY: return "INIT_ARRAY";
	case SHT_PREINIT_ARRAY: return "PREINIT_ARRAY";
	case SHT_FINI_ARRAY: return "FINI_ARRAY";
	default: return NULL;
	}
}

/* Before-main sections, static data sizes, valgrind preambles in code. */
static int scan_sections(struct object *o, struct elfscan *out)
{
	for (uint64_t i = 1; i < o->shnum; i++) { /* section 0 is the null section (or the extended counts) */
		const Elf64_Shdr *s = &o->sh[i];
		const char *name = o->shstr + s->sh_name;
		const char *type = array_type(s->sh_type);
		bool init_name = in_list(name, init_sections, COUNT(init_sections), is_part);

		if (s->sh_type != SHT_NOBITS && !in_bounds(o->size, s->sh_offset, s->sh_size)) {
			snprintf(o->err, o->errlen, "%s: section %llu out of bounds", o->path, (unsigned long long)i);
			return -1;
		}
		/* an empty constructor table runs nothing */
		if (init_name && s->sh_size > 0)
			found(out->before_main_what, &out->before_main_count, "section %s", name);
		else if (type != NULL && s->sh_size > 0)
			found(out->before_main_what, &out->before_main_count, "section %s (type %s)", name, type);
		else if (!init_name && type == NULL && !compiler_section(o, s, name))
			found(out->before_main_what, &out->before_main_count, "section %s (not a compiler's)", name);

		if ((s->sh_flags & SHF_ALLOC) && (s->sh_flags & SHF_WRITE))
			out->static_data_bytes = add_sat(out->static_data_bytes, s->sh_size);
		else if ((s->sh_flags & SHF_ALLOC) && !(s->sh_flags & SHF_EXECINSTR) &&
			 (s->sh_type == SHT_PROGBITS || s->sh_type == SHT_NOBITS) && strcmp(name, ".eh_frame") != 0)
			out->rodata_bytes = add_sat(out->rodata_bytes, s->sh_size);

		if (!(s->sh_flags & SHF_EXECINSTR) || s->sh_type == SHT_NOBITS)
			continue;
		const unsigned char *code = o->data + s->sh_offset;
		for (uint64_t k = 0; k + sizeof preamble <= s->sh_size; k++)
			if (code[k] == preamble[0] && memcmp(code + k, preamble, sizeof preamble) == 0 &&
			    out->client_requests < UINT_MAX)
				out->client_requests++;
	}
	return 0;
}

/* The file name of the library in libm's scope that defines name, or NULL. */
static const char *library_of(const struct object *o, const char *name)
{
	Dl_info info;
	void *addr = dlsym(o->libm, name); /* of an ifunc, glibc runs glibc's resolver: trusted code */

	if (addr == NULL)
		return NULL;
	if (dladdr(addr, &info) == 0 || info.dli_fname == NULL)
		return "the C library";
	const char *slash = strrchr(info.dli_fname, '/');
	return slash != NULL ? slash + 1 : info.dli_fname;
}

static void scan_symbol(const struct object *o, struct elfscan *out, const Elf64_Sym *sym, const char *raw)
{
	char buf[ELFSCAN_LOOKUP_MAX];
	const char *name = raw;
	size_t at = strcspn(raw, "@");
	const char *lib;

	/* "malloc@@GLIBC_2.2.5" (a .symver directive's) defines or uses malloc */
	if (raw[at] == '@' && at < sizeof buf) {
		memcpy(buf, raw, at);
		buf[at] = '\0';
		name = buf;
	}
	if (ELF64_ST_TYPE(sym->st_info) == STT_GNU_IFUNC)
		found(out->before_main_what, &out->before_main_count, "ifunc %s", raw);
	if (sym->st_shndx == SHN_COMMON || sym->st_shndx == SHN_X86_64_LCOMMON_)
		out->static_data_bytes = add_sat(out->static_data_bytes, sym->st_size);
	if (name[0] == '\0')
		return;
	if (sym->st_shndx == SHN_UNDEF) {
		if (in_list(name, checker_prefixes, COUNT(checker_prefixes), starts) ||
		    in_list(name, lookup_names, COUNT(lookup_names), same))
			found(out->instrumentation, &out->instrumentation_count, "%s", raw);
		else if (in_names(&o->check, name))
			found(out->instrumentation, &out->instrumentation_count, "%s (Check)", raw);
		else if (starts(name, "subunit_"))
			found(out->instrumentation, &out->instrumentation_count, "%s (subunit)", raw);
		return;
	}
	if (ELF64_ST_BIND(sym->st_info) == STB_LOCAL)
		return;
	if (in_list(name, runtime_names, COUNT(runtime_names), same))
		found(out->before_main_what, &out->before_main_count, "defines %s", raw);
	if ((lib = library_of(o, name)) != NULL)
		found(out->interposes, &out->interposes_count, "%s (%s)", raw, lib);
	else if (in_names(&o->check, name))
		found(out->interposes, &out->interposes_count, "%s (Check)", raw);
	else if (starts(name, "subunit_"))
		found(out->interposes, &out->interposes_count, "%s (subunit)", raw);
	else if (name[0] == '_')
		found(out->interposes, &out->interposes_count, "%s (reserved name)", raw);
}

/* Every symbol of every symbol table, each table, name and section index checked. */
static int scan_symbols(struct object *o, struct elfscan *out)
{
	for (uint64_t i = 1; i < o->shnum; i++) {
		const Elf64_Shdr *s = &o->sh[i];
		if (s->sh_type != SHT_SYMTAB)
			continue;
		if (s->sh_entsize != sizeof(Elf64_Sym) || s->sh_size % sizeof(Elf64_Sym) != 0 ||
		    !in_bounds(o->size, s->sh_offset, s->sh_size) || s->sh_link == SHN_UNDEF || s->sh_link >= o->shnum) {
			snprintf(o->err, o->errlen, "%s: section %llu: bad symbol table", o->path, (unsigned long long)i);
			return -1;
		}
		const Elf64_Shdr *st = &o->sh[s->sh_link];
		if (st->sh_type != SHT_STRTAB || st->sh_size == 0 || !in_bounds(o->size, st->sh_offset, st->sh_size) ||
		    o->data[st->sh_offset + st->sh_size - 1] != '\0') {
			snprintf(o->err, o->errlen, "%s: section %llu: bad string table of a symbol table", o->path,
				 (unsigned long long)s->sh_link);
			return -1;
		}
		const char *strings = (const char *)o->data + st->sh_offset;
		for (uint64_t k = 0; k < s->sh_size / sizeof(Elf64_Sym); k++) {
			Elf64_Sym sym;
			memcpy(&sym, o->data + s->sh_offset + k * sizeof sym, sizeof sym);
			if (sym.st_name >= st->sh_size) {
				snprintf(o->err, o->errlen, "%s: symbol %llu: name out of bounds", o->path, (unsigned long long)k);
				return -1;
			}
			if (sym.st_shndx != SHN_UNDEF && sym.st_shndx < SHN_LORESERVE && sym.st_shndx >= o->shnum) {
				snprintf(o->err, o->errlen, "%s: symbol %llu: in a section that does not exist", o->path,
					 (unsigned long long)k);
				return -1;
			}
			scan_symbol(o, out, &sym, strings + sym.st_name);
		}
	}
	return 0;
}

int elfscan_object(const char *path, struct elfscan *out, char *err, size_t errlen)
{
	struct object o;
	unsigned char *data = NULL;
	struct stat st;
	int rc = -1;
	FILE *f = NULL;

	memset(out, 0, sizeof *out);
	memset(&o, 0, sizeof o);
	o.path = path;
	o.err = err;
	o.errlen = errlen;
	f = fs_open_regular(path, ELF_OBJECT_MAX, err, errlen);
	if (f == NULL)
		goto out;
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0 || (uint64_t)st.st_size > ELF_OBJECT_MAX) {
		snprintf(err, errlen, "%s: cannot tell its size", path);
		goto out;
	}
	o.size = (size_t)st.st_size;
	data = malloc(o.size > 0 ? o.size : 1);
	if (data == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (fread(data, 1, o.size, f) != o.size) {
		snprintf(err, errlen, "%s: cut short while read", path);
		goto out;
	}
	o.data = data;
	if (read_headers(&o) != 0)
		goto out;
	/* the lists the symbols are looked up in: a scan that cannot have them fails closed */
	if (read_archive_names(ELFSCAN_CHECK_ARCHIVE, &o.check, err, errlen) != 0)
		goto out;
	/* the grader links libm, so it is loaded; loading it otherwise runs only the system's libm */
	o.libm = dlopen(LIBM_SO, RTLD_LAZY | RTLD_NOLOAD);
	if (o.libm == NULL)
		o.libm = dlopen(LIBM_SO, RTLD_LAZY);
	if (o.libm == NULL) {
		snprintf(err, errlen, "cannot open %s to look names up: %s", LIBM_SO, dlerror());
		goto out;
	}
	if (scan_sections(&o, out) != 0 || scan_symbols(&o, out) != 0)
		goto out;
	out->runs_before_main = out->before_main_count > 0;
	rc = 0;
out:
	if (rc != 0)
		memset(out, 0, sizeof *out); /* no partial answer */
	if (o.libm != NULL)
		dlclose(o.libm);
	free(o.check.v);
	free(o.check.index);
	free(o.sh);
	free(data);
	if (f != NULL)
		fclose(f);
	return rc;
}
