/*
 * check_elfscan.c - the object scanner (elfscan.c) on objects compiled
 * here, with Check:
 *   findings   each small C file of tests/elf/ (its opening comment says
 *              what it does) compiled alone, as the grader compiles a
 *              submission, gives the finding it should and no other;
 *   labs       every lab's solution, pitfall and starter is clean (their
 *              static data sizes are printed);
 *   malformed  a real object with one header, table or index broken, and a
 *              fixed-seed fuzz of it: each an error or a scan, never a crash
 *              or a read out of bounds.
 * Run from grader/ (make tests/run-elfscan, then tests/run-elfscan).  To
 * see that the scanner reads nothing it should not, run it once under
 * memcheck without Check's forks:
 *   CK_FORK=no valgrind --error-exitcode=1 tests/run-elfscan
 */
#include "proc/child.h"
#include "tools/elfscan.h"
#include "base/fsutil.h"
#include "base/limits.h"
#include "grading/spec.h"

#include <check.h>
#include <elf.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What the labs compile a student's file with (lab.mk's LAB_CFLAGS without warnings, CFLAGS). */
#define LAB_FLAGS "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-O2", "-g", "-c"

static char tmpdir[PATH_CAP];

static void setup(void)
{
	fs_path(tmpdir, sizeof tmpdir, "/tmp/memlab-elfscan-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	fs_remove_tree(tmpdir);
}

/* Compiles src (a path from grader/) into tmpdir/obj with the labs' flags and up to two -I folders. */
static void compile(const char *src, const char *obj, const char *inc1, const char *inc2, char *obj_path)
{
	char cwd[PATH_CAP], s[PATH_CAP], i1[PATH_CAP], i2[PATH_CAP], log[PATH_CAP], text[2048];
	struct child c;
	struct child *list[1] = { &c };
	int n = 0;

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	fs_path(s, sizeof s, "%s/%s", cwd, src);
	fs_path(obj_path, PATH_CAP, "%s/%s", tmpdir, obj);
	fs_path(log, sizeof log, "%s/cc.log", tmpdir);
	memset(&c, 0, sizeof c);
	const char *argv[] = { "cc", LAB_FLAGS, "-o", obj_path, s };
	for (size_t k = 0; k < sizeof argv / sizeof argv[0]; k++)
		c.argv[n++] = argv[k];
	if (inc1 != NULL) {
		fs_path(i1, sizeof i1, "-I%s/%s", cwd, inc1);
		c.argv[n++] = i1;
	}
	if (inc2 != NULL) {
		fs_path(i2, sizeof i2, "-I%s/%s", cwd, inc2);
		c.argv[n++] = i2;
	}
	c.cwd = tmpdir;
	c.stderr_path = log;
	c.timeout_s = 60;
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
	if (!child_ok(&c) && fs_read_small(log, text, sizeof text) < 0)
		text[0] = '\0';
	ck_assert_msg(child_ok(&c), "cc %s failed:\n%s", src, text);
}

/* tests/elf/<name>.c compiled and scanned. */
static struct elfscan scan(const char *name)
{
	char src[PATH_CAP], obj[PATH_CAP], path[PATH_CAP], err[256];
	struct elfscan s;

	fs_path(src, sizeof src, "tests/elf/%s.c", name);
	fs_path(obj, sizeof obj, "%s.o", name);
	compile(src, obj, NULL, NULL, path);
	ck_assert_msg(elfscan_object(path, &s, err, sizeof err) == 0, "%s: %s", name, err);
	return s;
}

#define CK_WHAT(field, want) \
	ck_assert_msg(strcmp((field), (want)) == 0, "%s is \"%s\", not \"%s\"", #field, (field), (want))

/* Nothing found but what the caller checks itself. */
static void ck_no_before_main(const struct elfscan *s)
{
	ck_assert_msg(!s->runs_before_main && s->before_main_count == 0, "before main: %s", s->before_main_what);
	CK_WHAT(s->before_main_what, "");
}

static void ck_no_interposition(const struct elfscan *s)
{
	ck_assert_msg(s->interposes_count == 0, "interposes %s", s->interposes);
	CK_WHAT(s->interposes, "");
}

static void ck_no_instrumentation(const struct elfscan *s)
{
	ck_assert_msg(s->instrumentation_count == 0, "instrumentation %s", s->instrumentation);
	CK_WHAT(s->instrumentation, "");
}

static void ck_clean(const struct elfscan *s)
{
	ck_no_before_main(s);
	ck_no_interposition(s);
	ck_no_instrumentation(s);
	ck_assert_uint_eq(s->client_requests, 0);
}

static void ck_before_main(const struct elfscan *s, const char *what)
{
	ck_assert(s->runs_before_main);
	ck_assert_uint_eq(s->before_main_count, 1);
	CK_WHAT(s->before_main_what, what);
}

/* ---- findings ---- */

START_TEST(clean_file_has_nothing)
{
	struct elfscan s = scan("clean");
	ck_clean(&s);
	ck_assert_uint_lt(s.static_data_bytes, 64); /* a counter and a thread-local int */
	ck_assert_uint_lt(s.rodata_bytes, 1024);
}
END_TEST

START_TEST(constructor)
{
	struct elfscan s = scan("ctor");
	ck_before_main(&s, "section .init_array");
	ck_no_interposition(&s);
	ck_no_instrumentation(&s);
}
END_TEST

START_TEST(destructor_with_priority)
{
	struct elfscan s = scan("dtor");
	ck_before_main(&s, "section .fini_array.00101");
	ck_no_interposition(&s);
}
END_TEST

START_TEST(init_array_by_section_attribute)
{
	struct elfscan s = scan("init_array");
	ck_before_main(&s, "section .init_array");
}
END_TEST

START_TEST(ctors_by_name_alone)
{
	struct elfscan s = scan("ctors");
	ck_before_main(&s, "section .ctors");
}
END_TEST

START_TEST(init_array_by_type_under_another_name)
{
	struct elfscan s = scan("typed_init");
	ck_before_main(&s, "section .myinit (type INIT_ARRAY)");
}
END_TEST

START_TEST(preinit_array)
{
	struct elfscan s = scan("preinit");
	ck_before_main(&s, "section .preinit_array");
}
END_TEST

START_TEST(ifunc_resolver)
{
	struct elfscan s = scan("ifunc");
	ck_before_main(&s, "ifunc add");
	ck_no_interposition(&s);
}
END_TEST

START_TEST(target_clones_is_an_ifunc)
{
	struct elfscan s = scan("clones");
	ck_before_main(&s, "ifunc sum");
	ck_no_interposition(&s);
}
END_TEST

START_TEST(defines_gmon_start)
{
	struct elfscan s = scan("gmon");
	ck_before_main(&s, "defines __gmon_start__");
	CK_WHAT(s.interposes, "__gmon_start__ (reserved name)");
}
END_TEST

START_TEST(hand_made_rela_dyn)
{
	struct elfscan s = scan("rela_dyn");
	ck_before_main(&s, "section .rela.dyn (not a compiler's)");
}
END_TEST

START_TEST(defines_malloc_and_free)
{
	struct elfscan s = scan("malloc");
	ck_no_before_main(&s);
	CK_WHAT(s.interposes, "malloc (libc.so.6)");
	ck_assert_uint_eq(s.interposes_count, 2);
	ck_assert_uint_ge(s.static_data_bytes, 4096);
}
END_TEST

START_TEST(defines_write)
{
	struct elfscan s = scan("write");
	CK_WHAT(s.interposes, "write (libc.so.6)");
	ck_assert_uint_eq(s.interposes_count, 1);
}
END_TEST

START_TEST(defines_malloc_by_symver)
{
	struct elfscan s = scan("symver");
	CK_WHAT(s.interposes, "malloc@@GLIBC_2.2.5 (libc.so.6)");
	ck_assert_uint_eq(s.interposes_count, 1);
}
END_TEST

START_TEST(defines_srunner_run_all)
{
	struct elfscan s = scan("srunner");
	CK_WHAT(s.interposes, "srunner_run_all (Check)");
	ck_assert_uint_eq(s.interposes_count, 1);
	ck_no_before_main(&s);
}
END_TEST

START_TEST(defines_checks_emalloc)
{
	/* no prefix rule would find it: only Check's own list */
	struct elfscan s = scan("emalloc");
	CK_WHAT(s.interposes, "emalloc (Check)");
	ck_assert_uint_eq(s.interposes_count, 1);
}
END_TEST

START_TEST(defines_subunits_test_pass)
{
	struct elfscan s = scan("subunit");
	CK_WHAT(s.interposes, "subunit_test_pass (subunit)");
	ck_assert_uint_eq(s.interposes_count, 1);
}
END_TEST

START_TEST(defines_a_reserved_name)
{
	struct elfscan s = scan("reserved");
	CK_WHAT(s.interposes, "_counter (reserved name)");
	ck_assert_uint_eq(s.interposes_count, 1);
}
END_TEST

START_TEST(odd_bytes_in_a_name_are_not_reported)
{
	struct elfscan s = scan("oddname");
	CK_WHAT(s.interposes, "_odd?name?? (reserved name)");
	for (const char *p = s.interposes; *p != '\0'; p++)
		ck_assert(*p >= 0x20 && *p <= 0x7e);
}
END_TEST

START_TEST(calls_asan)
{
	struct elfscan s = scan("asan");
	CK_WHAT(s.instrumentation, "__asan_set_error_report_callback");
	ck_assert_uint_eq(s.instrumentation_count, 1);
	ck_no_interposition(&s);
}
END_TEST

START_TEST(calls_dlsym)
{
	struct elfscan s = scan("dlsym");
	CK_WHAT(s.instrumentation, "dlsym");
	ck_assert_uint_eq(s.instrumentation_count, 1);
}
END_TEST

START_TEST(calls_the_test_harness)
{
	struct elfscan s = scan("check_call");
	ck_assert_uint_eq(s.instrumentation_count, 2);
	ck_assert_msg(strcmp(s.instrumentation, "__real_suite_add_tcase") == 0 ||
		      strcmp(s.instrumentation, "tcase_create (Check)") == 0, "instrumentation %s", s.instrumentation);
}
END_TEST

START_TEST(static_buffer_of_1_mib)
{
	struct elfscan s = scan("big_static");
	ck_clean(&s);
	ck_assert_uint_ge(s.static_data_bytes, 1 * MIB);
	ck_assert_uint_lt(s.static_data_bytes, 1 * MIB + 64);
	ck_assert_uint_lt(s.rodata_bytes, 64);
}
END_TEST

START_TEST(common_variable)
{
	struct elfscan s = scan("common");
	ck_clean(&s);
	ck_assert_uint_ge(s.static_data_bytes, 25000 * sizeof(int));
}
END_TEST

START_TEST(big_constant_table)
{
	struct elfscan s = scan("big_const");
	ck_clean(&s);
	ck_assert_uint_ge(s.rodata_bytes, 65536 * sizeof(unsigned));
	ck_assert_uint_lt(s.static_data_bytes, 64);
}
END_TEST

START_TEST(valgrind_client_request)
{
	struct elfscan s = scan("valgrind");
	ck_assert_uint_ge(s.client_requests, 1);
	ck_no_before_main(&s);
	ck_no_interposition(&s);
	ck_no_instrumentation(&s);
}
END_TEST

/* ---- the labs' own files ---- */

START_TEST(every_solution_pitfall_and_starter_is_clean)
{
	glob_t labs;
	unsigned scanned = 0;

	ck_assert_int_eq(glob("../labs/[0-9]*/lab.ini", 0, NULL, &labs), 0);
	printf("static data of the labs' files (bytes: writable, read-only):\n");
	for (size_t i = 0; i < labs.gl_pathc; i++) {
		char lab[PATH_CAP], inc[PATH_CAP], why[1024];
		static struct spec spec;
		ck_assert_msg(spec_read(labs.gl_pathv[i], &spec, why, sizeof why) == 0, "%s", why);
		const char *student = spec.student;
		snprintf(lab, sizeof lab, "%s", labs.gl_pathv[i] + strlen("../labs/"));
		*strchr(lab, '/') = '\0';
		fs_path(inc, sizeof inc, "../labs/%s", lab);
		const char *kinds[] = { "solutions/%s/%s", "labs/%s/pitfall.c", "labs/%s/%s" };
		for (size_t k = 0; k < 3; k++) {
			char rel[PATH_CAP], src[PATH_CAP], obj[PATH_CAP], path[PATH_CAP], err[256];
			struct elfscan s;
			if (k == 1)
				fs_path(rel, sizeof rel, kinds[k], lab);
			else
				fs_path(rel, sizeof rel, kinds[k], lab, student);
			fs_path(src, sizeof src, "../%s", rel);
			fs_path(obj, sizeof obj, "%s-%zu.o", lab, k);
			compile(src, obj, inc, "../labs/common", path);
			ck_assert_msg(elfscan_object(path, &s, err, sizeof err) == 0, "%s: %s", rel, err);
			ck_assert_msg(!s.runs_before_main, "%s: before main: %s", rel, s.before_main_what);
			ck_assert_msg(s.interposes_count == 0, "%s: interposes %s", rel, s.interposes);
			ck_assert_msg(s.instrumentation_count == 0, "%s: instrumentation %s", rel, s.instrumentation);
			ck_assert_msg(s.client_requests == 0, "%s: %u client requests", rel, s.client_requests);
			printf("  %-36s %8llu %8llu\n", rel, (unsigned long long)s.static_data_bytes,
			       (unsigned long long)s.rodata_bytes);
			scanned++;
		}
	}
	fflush(stdout);
	ck_assert_uint_ge(scanned, 12);
	globfree(&labs);
}
END_TEST

/* ---- malformed objects ---- */

struct image {
	unsigned char *data;
	size_t size;
	Elf64_Ehdr eh;
	unsigned symtab, strtab, shstrtab; /* section indexes */
};

static Elf64_Shdr shdr(const struct image *im, unsigned i)
{
	Elf64_Shdr s;
	memcpy(&s, im->data + im->eh.e_shoff + (size_t)i * sizeof s, sizeof s);
	return s;
}

static void put_shdr(struct image *im, unsigned i, const Elf64_Shdr *s)
{
	memcpy(im->data + im->eh.e_shoff + (size_t)i * sizeof *s, s, sizeof *s);
}

static void put_ehdr(struct image *im)
{
	memcpy(im->data, &im->eh, sizeof im->eh);
}

/* clean.c's object, read whole, with its tables located (it is ours: trusted). */
static void base_image(struct image *im)
{
	char path[PATH_CAP];
	struct stat st;

	compile("tests/elf/clean.c", "base.o", NULL, NULL, path);
	ck_assert_int_eq(stat(path, &st), 0);
	im->size = (size_t)st.st_size;
	im->data = malloc(im->size);
	ck_assert_ptr_nonnull(im->data);
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fread(im->data, 1, im->size, f), im->size);
	fclose(f);
	memcpy(&im->eh, im->data, sizeof im->eh);
	im->shstrtab = im->eh.e_shstrndx;
	im->symtab = im->strtab = 0;
	for (unsigned i = 1; i < im->eh.e_shnum; i++)
		if (shdr(im, i).sh_type == SHT_SYMTAB) {
			im->symtab = i;
			im->strtab = shdr(im, i).sh_link;
		}
	ck_assert_uint_ne(im->symtab, 0);
}

/* Writes the image to tmpdir/bad.o and scans it. */
static int scan_image(const struct image *im, struct elfscan *s, char *err, size_t errlen)
{
	char path[PATH_CAP];

	fs_path(path, sizeof path, "%s/bad.o", tmpdir);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(im->data, 1, im->size, f), im->size);
	ck_assert_int_eq(fclose(f), 0);
	err[0] = '\0';
	return elfscan_object(path, s, err, errlen);
}

static void set_sh(struct image *im, unsigned i, int field, uint64_t v)
{
	Elf64_Shdr s = shdr(im, i);
	switch (field) {
	case 0: s.sh_name = (uint32_t)v; break;
	case 1: s.sh_type = (uint32_t)v; break;
	case 2: s.sh_offset = v; break;
	case 3: s.sh_size = v; break;
	case 4: s.sh_link = (uint32_t)v; break;
	case 5: s.sh_entsize = v; break;
	}
	put_shdr(im, i, &s);
}
enum { NAME, TYPE, OFFSET, SIZE, LINK, ENTSIZE };

/* The symbol table's first named entry. */
static size_t first_named_symbol(const struct image *im, Elf64_Sym *sym)
{
	Elf64_Shdr st = shdr(im, im->symtab);
	for (size_t k = 1; k < st.sh_size / sizeof *sym; k++) {
		size_t at = st.sh_offset + k * sizeof *sym;
		memcpy(sym, im->data + at, sizeof *sym);
		if (sym->st_name != 0)
			return at;
	}
	ck_abort_msg("no named symbol");
	return 0;
}

static void m_empty(struct image *im) { im->size = 0; }
static void m_not_elf(struct image *im) { memcpy(im->data, "junk", 4); }
static void m_truncated_40(struct image *im) { im->size = 40; }
static void m_truncated_half(struct image *im) { im->size /= 2; }
static void m_truncated_in_table(struct image *im) { im->size = im->eh.e_shoff + 10; }
static void m_shoff_past_end(struct image *im) { im->eh.e_shoff = im->size; put_ehdr(im); }
static void m_shoff_wraps(struct image *im) { im->eh.e_shoff = UINT64_MAX - 63; put_ehdr(im); }
static void m_shoff_zero(struct image *im) { im->eh.e_shoff = 0; put_ehdr(im); }
static void m_shnum_too_big(struct image *im) { im->eh.e_shnum = 0xfeff; put_ehdr(im); }
static void m_shnum_one_more(struct image *im)
{
	/* gcc writes the section table last: one more header would end past the file */
	ck_assert_uint_eq(im->eh.e_shoff + (uint64_t)im->eh.e_shnum * sizeof(Elf64_Shdr), im->size);
	im->eh.e_shnum++;
	put_ehdr(im);
}
static void m_shstrndx_past_table(struct image *im) { im->eh.e_shstrndx = im->eh.e_shnum; put_ehdr(im); }
static void m_shentsize(struct image *im) { im->eh.e_shentsize = 32; put_ehdr(im); }
static void m_exec(struct image *im) { im->eh.e_type = ET_EXEC; put_ehdr(im); }
static void m_class32(struct image *im) { im->eh.e_ident[EI_CLASS] = ELFCLASS32; put_ehdr(im); }
static void m_big_endian(struct image *im) { im->eh.e_ident[EI_DATA] = ELFDATA2MSB; put_ehdr(im); }
static void m_extended_count_bad(struct image *im)
{
	im->eh.e_shnum = 0;
	put_ehdr(im);
	set_sh(im, 0, SIZE, UINT64_MAX / 2);
}
static void m_names_not_terminated(struct image *im)
{
	Elf64_Shdr s = shdr(im, im->shstrtab);
	im->data[s.sh_offset + s.sh_size - 1] = 'x';
}
static void m_names_out_of_bounds(struct image *im) { set_sh(im, im->shstrtab, SIZE, 1ull << 40); }
static void m_names_not_strtab(struct image *im) { set_sh(im, im->shstrtab, TYPE, SHT_PROGBITS); }
static void m_section_name_out_of_bounds(struct image *im) { set_sh(im, 1, NAME, 0x7fffffff); }
static void m_section_data_out_of_bounds(struct image *im) { set_sh(im, 1, OFFSET, im->size - 1); set_sh(im, 1, SIZE, 2); }
static void m_symtab_entsize(struct image *im) { set_sh(im, im->symtab, ENTSIZE, 16); }
static void m_symtab_ragged(struct image *im) { set_sh(im, im->symtab, SIZE, shdr(im, im->symtab).sh_size - 1); }
static void m_symtab_past_end(struct image *im) { set_sh(im, im->symtab, OFFSET, im->size - 8); }
static void m_symtab_link_out_of_range(struct image *im) { set_sh(im, im->symtab, LINK, 0xfff0); }
static void m_symtab_link_zero(struct image *im) { set_sh(im, im->symtab, LINK, 0); }
static void m_symtab_link_not_strtab(struct image *im) { set_sh(im, im->symtab, LINK, im->symtab); }
static void m_strtab_not_terminated(struct image *im)
{
	Elf64_Shdr s = shdr(im, im->strtab);
	im->data[s.sh_offset + s.sh_size - 1] = 'x';
}
static void m_strtab_out_of_bounds(struct image *im) { set_sh(im, im->strtab, SIZE, 1ull << 40); }
static void m_symbol_name_out_of_bounds(struct image *im)
{
	Elf64_Sym sym;
	size_t at = first_named_symbol(im, &sym);
	sym.st_name = 0xffffffff;
	memcpy(im->data + at, &sym, sizeof sym);
}
static void m_symbol_name_just_past_strtab(struct image *im)
{
	Elf64_Sym sym;
	size_t at = first_named_symbol(im, &sym);
	sym.st_name = (uint32_t)shdr(im, im->strtab).sh_size;
	memcpy(im->data + at, &sym, sizeof sym);
}
static void m_symbol_section_out_of_range(struct image *im)
{
	Elf64_Sym sym;
	size_t at = first_named_symbol(im, &sym);
	sym.st_shndx = (uint16_t)(im->eh.e_shnum + 3);
	memcpy(im->data + at, &sym, sizeof sym);
}

static const struct mutation {
	const char *what;
	void (*apply)(struct image *);
	const char *why; /* in the error: refused for this reason, not another */
} mutations[] = {
	{ "empty file", m_empty, "not a 64-bit" },
	{ "not ELF", m_not_elf, "not a 64-bit" },
	{ "truncated to 40 bytes", m_truncated_40, "not a 64-bit" },
	{ "truncated to half", m_truncated_half, "not a 64-bit" },
	{ "truncated inside the section table", m_truncated_in_table, "not a 64-bit" },
	{ "section table offset past the end", m_shoff_past_end, "not a 64-bit" },
	{ "section table offset wraps around", m_shoff_wraps, "not a 64-bit" },
	{ "section table offset 0", m_shoff_zero, "not a 64-bit" },
	{ "section count past the file", m_shnum_too_big, "bad section header table" },
	{ "section count one past the table", m_shnum_one_more, "bad section header table" },
	{ "section names index past the table", m_shstrndx_past_table, "bad section header table" },
	{ "section header size", m_shentsize, "not a 64-bit" },
	{ "an executable, not an object", m_exec, "not a 64-bit" },
	{ "32-bit", m_class32, "not a 64-bit" },
	{ "big-endian", m_big_endian, "not a 64-bit" },
	{ "extended section count past the file", m_extended_count_bad, "bad section header table" },
	{ "section names not NUL-terminated", m_names_not_terminated, "bad section name table" },
	{ "section names out of bounds", m_names_out_of_bounds, "bad section name table" },
	{ "section names not a string table", m_names_not_strtab, "bad section name table" },
	{ "a section's name out of bounds", m_section_name_out_of_bounds, "section 1: name out of bounds" },
	{ "a section's data out of bounds", m_section_data_out_of_bounds, "section 1 out of bounds" },
	{ "symbol table entry size", m_symtab_entsize, "bad symbol table" },
	{ "symbol table size not a multiple of its entry", m_symtab_ragged, "bad symbol table" },
	{ "symbol table past the end", m_symtab_past_end, "out of bounds" },
	{ "symbol table's sh_link out of range", m_symtab_link_out_of_range, "bad symbol table" },
	{ "symbol table's sh_link 0", m_symtab_link_zero, "bad symbol table" },
	{ "symbol table's sh_link not a string table", m_symtab_link_not_strtab, "bad string table" },
	{ "symbol names not NUL-terminated", m_strtab_not_terminated, "bad string table" },
	{ "symbol names out of bounds", m_strtab_out_of_bounds, "out of bounds" },
	{ "a symbol's name index far out", m_symbol_name_out_of_bounds, "name out of bounds" },
	{ "a symbol's name index just past its table", m_symbol_name_just_past_strtab, "name out of bounds" },
	{ "a symbol's section index out of range", m_symbol_section_out_of_range, "in a section that does not exist" },
};

START_TEST(the_unbroken_image_scans)
{
	struct image im;
	struct elfscan s;
	char err[256];

	base_image(&im);
	ck_assert_msg(scan_image(&im, &s, err, sizeof err) == 0, "%s", err);
	ck_clean(&s);
	free(im.data);
}
END_TEST

START_TEST(malformed_object_is_an_error)
{
	struct image im;
	struct elfscan s;
	char err[256];

	base_image(&im);
	mutations[_i].apply(&im);
	ck_assert_msg(scan_image(&im, &s, err, sizeof err) == -1, "%s: scanned", mutations[_i].what);
	ck_assert_msg(strstr(err, mutations[_i].why) != NULL, "%s: refused for another reason: %s", mutations[_i].what, err);
	ck_assert(!s.runs_before_main && s.static_data_bytes == 0 && s.interposes[0] == '\0');
	printf("  %-46s %s\n", mutations[_i].what, strstr(err, "bad.o: ") ? strstr(err, "bad.o: ") + 7 : err);
	fflush(stdout);
	free(im.data);
}
END_TEST

START_TEST(extended_section_numbering_is_read)
{
	struct image im;
	struct elfscan s;
	char err[256];

	/* what an assembler writes past SHN_LORESERVE sections: the counts in section 0 */
	base_image(&im);
	uint16_t n = im.eh.e_shnum, names = im.eh.e_shstrndx;
	im.eh.e_shnum = 0;
	im.eh.e_shstrndx = SHN_XINDEX;
	put_ehdr(&im);
	set_sh(&im, 0, SIZE, n);
	set_sh(&im, 0, LINK, names);
	ck_assert_msg(scan_image(&im, &s, err, sizeof err) == 0, "%s", err);
	ck_clean(&s);
	free(im.data);
}
END_TEST

START_TEST(fuzzed_objects_never_crash)
{
	struct image im;
	uint64_t x = 0x9e3779b97f4a7c15ull; /* xorshift64, a fixed seed: the same run each time */
	unsigned errors = 0, scans = 0;

	base_image(&im);
	unsigned char *orig = malloc(im.size);
	ck_assert_ptr_nonnull(orig);
	memcpy(orig, im.data, im.size);
	size_t full = im.size, table = im.eh.e_shoff;
	for (int round = 0; round < 600; round++) {
		struct elfscan s;
		char err[256];
		memcpy(im.data, orig, full);
		im.size = full;
		int flips = 1 + (int)(x % 8);
		for (int k = 0; k < flips; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* mostly the headers, where a flipped byte moves a table */
			size_t at = (x >> 8) % 4 == 0 ? (x >> 16) % full
				  : (x >> 8) % 4 == 1 ? (x >> 16) % sizeof(Elf64_Ehdr)
				  : table + (x >> 16) % (full - table);
			im.data[at] ^= (unsigned char)(1u << ((x >> 40) % 8));
		}
		if (x % 16 == 0)
			im.size = (size_t)((x >> 20) % full);
		int rc = scan_image(&im, &s, err, sizeof err);
		ck_assert(rc == 0 || rc == -1);
		if (rc == -1) {
			ck_assert(err[0] != '\0');
			errors++;
		} else {
			scans++;
		}
	}
	printf("  fuzz: 600 objects, %u refused, %u scanned\n", errors, scans);
	fflush(stdout);
	free(orig);
	free(im.data);
}
END_TEST

START_TEST(link_and_oversized_file_are_refused)
{
	char obj[PATH_CAP], link[PATH_CAP], big[PATH_CAP], err[256];
	struct elfscan s;

	compile("tests/elf/clean.c", "clean.o", NULL, NULL, obj);
	fs_path(link, sizeof link, "%s/link.o", tmpdir);
	ck_assert_int_eq(symlink(obj, link), 0);
	ck_assert_int_eq(elfscan_object(link, &s, err, sizeof err), -1);
	fs_path(big, sizeof big, "%s/big.o", tmpdir);
	ck_assert_int_eq(fs_copy_file(obj, big), 0);
	ck_assert_int_eq(truncate(big, (off_t)ELF_OBJECT_MAX + 1), 0);
	ck_assert_int_eq(elfscan_object(big, &s, err, sizeof err), -1);
	ck_assert_int_eq(elfscan_object(tmpdir, &s, err, sizeof err), -1);
}
END_TEST

static Suite *elfscan_suite(void)
{
	Suite *s = suite_create("elfscan");
	TCase *tc = tcase_create("findings");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, clean_file_has_nothing);
	tcase_add_test(tc, constructor);
	tcase_add_test(tc, destructor_with_priority);
	tcase_add_test(tc, init_array_by_section_attribute);
	tcase_add_test(tc, ctors_by_name_alone);
	tcase_add_test(tc, init_array_by_type_under_another_name);
	tcase_add_test(tc, preinit_array);
	tcase_add_test(tc, ifunc_resolver);
	tcase_add_test(tc, target_clones_is_an_ifunc);
	tcase_add_test(tc, defines_gmon_start);
	tcase_add_test(tc, hand_made_rela_dyn);
	tcase_add_test(tc, defines_malloc_and_free);
	tcase_add_test(tc, defines_write);
	tcase_add_test(tc, defines_malloc_by_symver);
	tcase_add_test(tc, defines_srunner_run_all);
	tcase_add_test(tc, defines_checks_emalloc);
	tcase_add_test(tc, defines_subunits_test_pass);
	tcase_add_test(tc, defines_a_reserved_name);
	tcase_add_test(tc, odd_bytes_in_a_name_are_not_reported);
	tcase_add_test(tc, calls_asan);
	tcase_add_test(tc, calls_dlsym);
	tcase_add_test(tc, calls_the_test_harness);
	tcase_add_test(tc, static_buffer_of_1_mib);
	tcase_add_test(tc, common_variable);
	tcase_add_test(tc, big_constant_table);
	tcase_add_test(tc, valgrind_client_request);
	suite_add_tcase(s, tc);

	tc = tcase_create("labs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, every_solution_pitfall_and_starter_is_clean);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, the_unbroken_image_scans);
	tcase_add_loop_test(tc, malformed_object_is_an_error, 0, (int)(sizeof mutations / sizeof mutations[0]));
	tcase_add_test(tc, extended_section_numbering_is_read);
	tcase_add_test(tc, fuzzed_objects_never_crash);
	tcase_add_test(tc, link_and_oversized_file_are_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(elfscan_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
