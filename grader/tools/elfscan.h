/*
 * elfscan.h - looks inside the object file compiled from a submission's
 * own source alone (not the lab's driver, not its tests, not libc) for
 * what a fair submission never needs.  A submission is a few functions the
 * lab's tests and driver call; it needs no code of its own outside those
 * calls, no names that belong to a library, no talk with a memory checker,
 * and little memory outside the heap the grader measures.
 *
 * Neighbours: build.c compiles the file alone (lab.mk's $(BUILD)/impl.o,
 * with the labs' flags and without sanitizers), calls elfscan_object() and
 * raises flags from what it reports; limits.h bounds what is read.
 *
 * The object may be hostile (its source can hold any inline assembly): it
 * is read whole, at most ELF_OBJECT_MAX bytes, and every header, offset,
 * size, count and index in it is checked before use.  A file that is not a
 * well-formed 64-bit little-endian relocatable ELF object is an error,
 * never a partial answer.  Names copied into the report fields are cut to
 * ELFSCAN_WHAT_MAX - 1 bytes and any byte outside printable ASCII becomes
 * '?', so they are safe in a report or JSON.  Each char field below holds
 * the FIRST finding of its kind ("" if none) and its _count says how many
 * there are in all.
 */
#ifndef GRADER_ELFSCAN_H
#define GRADER_ELFSCAN_H

#include "base/limits.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elfscan {
	/*
	 * Code the program runs before main() starts or after it returns,
	 * outside the calls the tests make: it could write fake results before
	 * the test harness starts, or change the program's memory before
	 * anything is measured.  Set by:
	 *  - a non-empty section named .init_array, .preinit_array, .fini_array,
	 *    .ctors, .dtors (each also with a ".suffix": prioritised
	 *    constructors), .init or .fini: what __attribute__((constructor))
	 *    and ((destructor)) make ("section .init_array.00101");
	 *  - a non-empty section of type SHT_INIT_ARRAY, SHT_PREINIT_ARRAY or
	 *    SHT_FINI_ARRAY whatever its name (the linker keeps those by type):
	 *    "section .myinit (type INIT_ARRAY)";
	 *  - any section a C compiler does not write on its own (only a section
	 *    attribute or assembly makes one): the linker acts on some by name -
	 *    entries of an input .rela.dyn become relocations the loader applies
	 *    before main, .tm_clone_table entries are registered by crtbegin -
	 *    so only names and types a compiler writes are trusted:
	 *    "section .rela.dyn (not a compiler's)";
	 *  - a symbol of type STT_GNU_IFUNC (__attribute__((ifunc)), also made
	 *    by target_clones): its resolver runs while the program is loaded,
	 *    before main: "ifunc pick";
	 *  - a global definition of a name the C runtime or the loader calls
	 *    (or tests) around main: main, _start, _init, _fini,
	 *    __libc_start_main, __libc_csu_init, __libc_csu_fini,
	 *    _dl_relocate_static_pie, __gmon_start__ (called by every library's
	 *    _init if the program defines it), _ITM_registerTMCloneTable,
	 *    _ITM_deregisterTMCloneTable, __register_frame_info,
	 *    __deregister_frame_info, _Jv_RegisterClasses, __cxa_finalize -
	 *    the names Debian's crt1.o, crti.o and crtbegin*.o reference, and
	 *    the ones older glibc and gcc did: "defines __gmon_start__".
	 */
	bool runs_before_main;
	unsigned before_main_count;
	char before_main_what[ELFSCAN_WHAT_MAX];

	/*
	 * valgrind client requests: valgrind.h's magic instruction sequence in
	 * executable code, which lets a program ask valgrind whether it is
	 * watched, or tell it to look away (RUNNING_ON_VALGRIND,
	 * VALGRIND_MAKE_MEM_DEFINED, ...).  The number of sequences found.
	 */
	unsigned client_requests;

	/*
	 * Interposition: a global (or weak) definition of a name that a library
	 * the lab's programs use already defines.  The program's definition
	 * wins for the whole program - a submission's own malloc and free hide
	 * its memory from massif and memcheck, its own write or exit changes
	 * what the harness reports - so a fair submission keeps its helpers
	 * static or names them apart.  Decided, with no hand-kept list, by:
	 *  - the C library, libm and the dynamic loader: the name (before any
	 *    "@version") is looked up with dlsym() in the scope of libm.so.6,
	 *    which is libm, libc.so.6 and ld-linux (its dependencies) - the
	 *    libraries every lab program links - and not RTLD_DEFAULT, which
	 *    would also find the grader's own libraries (zlib's compress,
	 *    jansson, libarchive), which no lab program links: "malloc
	 *    (libc.so.6)";
	 *  - Check, linked statically into the tests: the name is in the symbol
	 *    index of the archive ELFSCAN_CHECK_ARCHIVE (libcheck_pic.a, its
	 *    path set at build time from pkg-config), read at each scan, so
	 *    the list is that of the installed Check, generic names (pack,
	 *    emalloc, tr_msg) included: "srunner_run_all (Check)";
	 *  - subunit, which the tests link as a shared library: names starting
	 *    "subunit_";
	 *  - any name starting with '_': C reserves file-scope identifiers that
	 *    begin with an underscore for the implementation (C11 7.1.3), and
	 *    the test harness's own names are such (__wrap_suite_add_tcase,
	 *    __real_suite_add_tcase, _mark_point): "_ck_x (reserved name)".
	 * Limits: only names defined in the object; a function pointer the
	 * submission stores in a library's hook, a call through syscall(), or
	 * memory from mmap or sbrk are not interposition and not seen here (the
	 * grader's native memory measure sees the last two).
	 */
	unsigned interposes_count;
	char interposes[ELFSCAN_WHAT_MAX];

	/*
	 * References (undefined symbols the object uses) that only a program
	 * talking to a memory checker or to the test harness needs - the
	 * object is compiled without sanitizers, so a clean file has none:
	 * names starting __asan_, __lsan_, __ubsan_, __sanitizer_, __msan_,
	 * __tsan_, __hwasan_, __dfsan_, __interceptor_, __valgrind, vgPlain,
	 * __wrap_, __real_ (ways around the harness's --wrap), any name of the
	 * Check archive or starting subunit_ ("srunner_ntests_run (Check)");
	 * and the run-time lookups that reach any of them by name or by walking
	 * the loaded objects: dlopen, dlmopen, dlsym, dlvsym, dlinfo, dladdr,
	 * dladdr1, dl_iterate_phdr, _dl_find_object, _r_debug and glibc's
	 * private __libc_dlopen_mode, __libc_dlsym, __libc_dlvsym.
	 */
	unsigned instrumentation_count;
	char instrumentation[ELFSCAN_WHAT_MAX];

	/*
	 * Static memory, bytes, which a heap measure does not see (a 1 MiB
	 * static buffer holds as much as a 1 MiB malloc).  static_data_bytes:
	 * every allocated writable section (.data*, .bss*, .tdata*, .tbss*,
	 * .ldata*, .lbss*, and any other name a section attribute gives) plus
	 * the sizes of COMMON symbols (SHN_COMMON, SHN_X86_64_LCOMMON: common
	 * variables have no section, their st_size is the size).  rodata_bytes:
	 * allocated read-only data (.rodata*, any other read-only PROGBITS or
	 * NOBITS section but .eh_frame): constant tables, which hold no state
	 * but can hold a precomputed answer.  Both saturate at UINT64_MAX.
	 */
	uint64_t static_data_bytes;
	uint64_t rodata_bytes;
};

/*
 * Scans the 64-bit little-endian ELF relocatable object at path.  Fills
 * *out and returns 0, or returns -1 with a reason in err: the file cannot
 * be read or is malformed, or a list the scan needs (the Check archive's
 * symbol index, libm's symbol scope) cannot be had - the scan fails closed
 * rather than vouch for what it did not check.  Thread-safe; keeps nothing.
 */
int elfscan_object(const char *path, struct elfscan *out, char *err, size_t errlen);

#endif
