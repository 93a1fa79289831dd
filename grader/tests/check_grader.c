/*
 * check_grader.c - unit tests of the grader's parts, with Check:
 *   massif   the reader against ms_print, on massif files made here from
 *            real programs (tests/progs/, one that never frees), and its
 *            refusal of files massif would not write;
 *   kcg      totals of callgrind and --xtree-memory files;
 *   memcheck the log reader on a leaking and an erring program;
 *   fit      the power-law fit on exact and flat data;
 *   spec     every lab's lab.ini reads; bad specs fail with a clear reason;
 *   child    the supervisor: deadlines, output caps, exit statuses;
 *   report   results.json written from a grading and parsed back;
 *   lab02    lab 02's growth judgement on every geometric and constant-step
 *            growth policy, scored by the grader's own score.c.
 * Run from grader/ (make check does).  Builds its test programs with cc and
 * runs them under valgrind, in a temporary folder it removes.
 */
#include "proc/child.h"
#include "base/fsutil.h"
#include "tools/gnuplot.h"
#include "grading/grade.h"
#include "tools/kcg.h"
#include "tools/massif.h"
#include "tools/memcheck.h"
#include "base/fit.h"
#include "base/hash.h"
#include "grading/spec.h"
#include "base/numbers.h"

#include <check.h>
#include <glob.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[PATH_CAP];

/* Runs argv (NULL-terminated) in tmpdir; stdout to out_path if given. */
static int run(const char *out_path, const char *const *argv)
{
	struct child c;
	struct child *list[1] = { &c };

	memset(&c, 0, sizeof c);
	for (int i = 0; argv[i] != NULL; i++)
		c.argv[i] = argv[i];
	c.cwd = tmpdir;
	c.stdout_path = out_path;
	c.timeout_s = 60;
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
	return child_ok(&c) ? 0 : -1;
}

/* Builds tests/progs/<name>.c into tmpdir/<name>. */
static void build_prog(const char *name, char *exe)
{
	char src[PATH_CAP], cwd[PATH_CAP];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	fs_path(src, sizeof src, "%s/tests/progs/%s.c", cwd, name);
	fs_path(exe, PATH_CAP, "%s/%s", tmpdir, name);
	const char *argv[] = { "cc", "-O0", "-g", "-o", exe, src, NULL };
	ck_assert_int_eq(run(NULL, argv), 0);
}

/* The largest total(B) in ms_print's snapshot tables. */
static uint64_t ms_print_peak(const char *massif_file)
{
	char out[PATH_CAP], line[4096];
	uint64_t peak = 0;
	int rows = 0;

	fs_path(out, sizeof out, "%s/ms_print.txt", tmpdir);
	const char *argv[] = { "ms_print", massif_file, NULL };
	ck_assert_int_eq(run(out, argv), 0);
	FILE *f = fopen(out, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof line, f) != NULL) {
		/* "  n   time(B)   total(B)   useful-heap(B) extra-heap(B)  stacks(B)" rows */
		char cols[6][32];
		if (sscanf(line, " %31s %31s %31s %31s %31s %31s", cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]) != 6)
			continue;
		if (strspn(cols[0], "0123456789") != strlen(cols[0]) || strspn(cols[2], "0123456789,") != strlen(cols[2]))
			continue;
		uint64_t v = 0;
		for (const char *p = cols[2]; *p; p++)
			if (*p != ',')
				v = v * 10 + (uint64_t)(*p - '0');
		peak = v > peak ? v : peak;
		rows++;
	}
	fclose(f);
	ck_assert_int_gt(rows, 0);
	return peak;
}

static void massif_run(const char *prog, char *massif_file, char *xtree_file)
{
	char exe[PATH_CAP], a[PATH_CAP], b[PATH_CAP];

	build_prog(prog, exe);
	fs_path(massif_file, PATH_CAP, "%s/%s.massif", tmpdir, prog);
	fs_path(xtree_file, PATH_CAP, "%s/%s.kcg", tmpdir, prog);
	fs_path(a, sizeof a, "--massif-out-file=%s", massif_file);
	fs_path(b, sizeof b, "--xtree-memory-file=%s", xtree_file);
	const char *argv[] = { "valgrind", "-q", "--tool=massif", "--peak-inaccuracy=0", "--time-unit=B",
			       "--xtree-memory=full", a, b, exe, NULL };
	ck_assert_int_eq(run(NULL, argv), 0);
}

static void setup(void)
{
	fs_path(tmpdir, sizeof tmpdir, "/tmp/memlab-unit-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	fs_remove_tree(tmpdir);
}

/* ---- massif ---- */

static const char *const progs[] = { "never_frees", "grow_shrink", "realloc_grow", "many_small" };

START_TEST(massif_peak_equals_ms_print)
{
	char mf[PATH_CAP], xf[PATH_CAP], err[512];
	struct massif_profile p;

	massif_run(progs[_i], mf, xf);
	ck_assert_msg(massif_read(mf, &p, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(p.peak, ms_print_peak(mf));
	ck_assert_str_eq(p.time_unit, "B");
	ck_assert_uint_eq(p.peak, p.snaps[p.peak_index].heap + p.snaps[p.peak_index].extra);
	massif_release(&p);
}
END_TEST

START_TEST(xtree_totals_of_a_program_that_never_frees)
{
	char mf[PATH_CAP], xf[PATH_CAP], err[512];
	uint64_t live, total;

	massif_run("never_frees", mf, xf);
	ck_assert_msg(kcg_total(xf, "curB", &live, err, sizeof err) == 0, "%s", err);
	ck_assert_msg(kcg_total(xf, "totB", &total, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(live, 10000);
	ck_assert_uint_eq(total, 10000);
}
END_TEST

START_TEST(xtree_totals_of_a_program_that_frees_all)
{
	char mf[PATH_CAP], xf[PATH_CAP], err[512];
	uint64_t live, total;

	massif_run("grow_shrink", mf, xf);
	ck_assert_int_eq(kcg_total(xf, "curB", &live, err, sizeof err), 0);
	ck_assert_int_eq(kcg_total(xf, "totB", &total, err, sizeof err), 0);
	ck_assert_uint_eq(live, 0);
	ck_assert_uint_eq(total, 512u * 64 * 65 / 2 + 100); /* sum of (i+1)*512, and 100 */
}
END_TEST

static void write_file(const char *name, const char *text, char *path)
{
	fs_path(path, PATH_CAP, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

#define HEADER "desc: (none)\ncmd: ./x\ntime_unit: B\n"
#define SNAP(n, t, h, e, tree) "#-----------\nsnapshot=" #n "\n#-----------\ntime=" #t "\nmem_heap_B=" #h \
	"\nmem_heap_extra_B=" #e "\nmem_stacks_B=0\nheap_tree=" tree "\n"

START_TEST(massif_reads_a_handmade_file)
{
	char path[PATH_CAP], err[512];
	struct massif_profile p;

	write_file("ok.massif", HEADER SNAP(0, 0, 0, 0, "empty") SNAP(1, 100, 90, 10, "peak")
		   "n1: 90 (heap allocation functions) malloc/new/new[], --alloc-fns, etc.\n"
		   " n0: 90 0x1: main (x.c:3)\n" SNAP(2, 200, 20, 8, "empty"), path);
	ck_assert_msg(massif_read(path, &p, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(p.n, 3);
	ck_assert_uint_eq(p.peak, 100);
	ck_assert_uint_eq(p.peak_index, 1);
	massif_release(&p);
}
END_TEST

static const struct { const char *name, *text, *reason; } bad_massif[] = {
	{ "empty", "", "header" },
	{ "no snapshots", HEADER, "no snapshots" },
	{ "truncated", HEADER SNAP(0, 0, 0, 0, "empty") "#-----------\nsnapshot=1\n#-----------\ntime=5\n", "mem_heap_B" },
	{ "garbage number", HEADER "#-----------\nsnapshot=0\n#-----------\ntime=12x\n", "time" },
	{ "two peaks", HEADER SNAP(0, 0, 5, 0, "peak") SNAP(1, 9, 5, 0, "peak"), "two peak" },
	{ "time backwards", HEADER SNAP(0, 10, 0, 0, "empty") SNAP(1, 5, 0, 0, "empty"), "backwards" },
	{ "numbers out of order", HEADER SNAP(0, 0, 0, 0, "empty") SNAP(2, 5, 0, 0, "empty"), "out of order" },
	{ "tree after empty", HEADER SNAP(0, 0, 0, 0, "empty") "n0: 5 x\n", "unexpected line" },
	{ "bad time unit", "desc: x\ncmd: y\ntime_unit: parsecs\n", "time_unit" },
};

START_TEST(massif_rejects_what_massif_would_not_write)
{
	char path[PATH_CAP], err[512];
	struct massif_profile p;

	write_file("bad.massif", bad_massif[_i].text, path);
	ck_assert_msg(massif_read(path, &p, err, sizeof err) == -1, "%s was accepted", bad_massif[_i].name);
	ck_assert_msg(strstr(err, bad_massif[_i].reason) != NULL, "%s: reason '%s'", bad_massif[_i].name, err);
}
END_TEST

START_TEST(massif_refuses_links_and_missing_files)
{
	char path[PATH_CAP], link[PATH_CAP], err[512];
	struct massif_profile p;

	write_file("real.massif", HEADER SNAP(0, 0, 0, 0, "empty"), path);
	fs_path(link, sizeof link, "%s/link.massif", tmpdir);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(massif_read(link, &p, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "symbolic link"));
	fs_path(link, sizeof link, "%s/missing.massif", tmpdir);
	ck_assert_int_eq(massif_read(link, &p, err, sizeof err), -1);
}
END_TEST

/* ---- callgrind and memcheck ---- */

START_TEST(callgrind_instructions)
{
	char exe[PATH_CAP], out[PATH_CAP], a[PATH_CAP], err[512];
	uint64_t ir = 0;

	build_prog("many_small", exe);
	fs_path(out, sizeof out, "%s/callgrind.out", tmpdir);
	fs_path(a, sizeof a, "--callgrind-out-file=%s", out);
	const char *argv[] = { "valgrind", "-q", "--tool=callgrind", a, exe, NULL };
	ck_assert_int_eq(run(NULL, argv), 0);
	ck_assert_msg(kcg_total(out, "Ir", &ir, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_gt(ir, 20000 * 10); /* at least a few instructions per malloc */
	ck_assert_int_eq(kcg_total(out, "NoSuchEvent", &ir, err, sizeof err), -1);
}
END_TEST

START_TEST(kcg_rejects_a_file_without_totals)
{
	char path[PATH_CAP], err[512];
	uint64_t v;

	write_file("x.kcg", "# callgrind format\nevents: curB totB\nfn=(1) main\n0 5 5\n", path);
	ck_assert_int_eq(kcg_total(path, "curB", &v, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "no totals"));
	write_file("y.kcg", "# callgrind format\nevents: curB totB\ntotals: 5\n", path);
	ck_assert_int_eq(kcg_total(path, "curB", &v, err, sizeof err), -1);
	write_file("z.kcg", "not a kcg file\n", path);
	ck_assert_int_eq(kcg_total(path, "curB", &v, err, sizeof err), -1);
}
END_TEST

static void memcheck_run(const char *prog, struct memcheck_result *m)
{
	char exe[PATH_CAP], xml[PATH_CAP], log[PATH_CAP], a[PATH_CAP], b[PATH_CAP], err[512];

	build_prog(prog, exe);
	fs_path(xml, sizeof xml, "%s/%s.xml", tmpdir, prog);
	fs_path(log, sizeof log, "%s/%s.memcheck", tmpdir, prog);
	fs_path(a, sizeof a, "--xml-file=%s", xml);
	fs_path(b, sizeof b, "--log-file=%s", log);
	const char *argv[] = { "valgrind", "--leak-check=full", "--show-leak-kinds=all", "--errors-for-leak-kinds=none",
			       "--track-fds=yes", "--xml=yes", a, b, exe, NULL };
	ck_assert_int_eq(run(NULL, argv), 0);
	ck_assert_msg(memcheck_read(xml, log, m, err, sizeof err) == 0, "%s", err);
}

START_TEST(memcheck_counts_a_leak)
{
	struct memcheck_result m;

	memcheck_run("never_frees", &m);
	ck_assert_uint_eq(m.definitely_lost, 10000);
	ck_assert_uint_eq(m.errors, 0);
	ck_assert_uint_eq(m.in_use_at_exit, 10000);
	ck_assert_uint_eq(m.loss_records, 1);
}
END_TEST

/* A lost block's record also holds what it alone reached: each byte is still counted once, as LEAK SUMMARY does. */
START_TEST(memcheck_counts_indirect_bytes_once)
{
	struct memcheck_result m;

	memcheck_run("loses_a_cycle", &m);
	ck_assert_uint_eq(m.definitely_lost, 2 * 112);
	ck_assert_uint_eq(m.indirectly_lost, 112 + 40);
	ck_assert_uint_eq(m.possibly_lost, 0);
	ck_assert_uint_eq(m.in_use_at_exit, 3 * 112 + 40);
	ck_assert_uint_eq(m.loss_records, 4);  /* one a block: each malloc is a stack of its own */
}
END_TEST

START_TEST(memcheck_counts_an_error_and_no_leak)
{
	struct memcheck_result m;

	memcheck_run("use_after_free", &m);
	ck_assert_uint_eq(m.errors, 1);
	ck_assert_uint_eq(m.definitely_lost + m.indirectly_lost + m.possibly_lost, 0);
}
END_TEST

/* Descriptors the program opened and left open count; those it inherited (the test's own) do not. */
START_TEST(memcheck_counts_open_descriptors)
{
	struct memcheck_result m;
	char mf[PATH_CAP], xf[PATH_CAP], err[512];
	uint64_t blocks;

	memcheck_run("keeps_files_open", &m);
	ck_assert_uint_eq(m.fds_open, 2);
	memcheck_run("never_frees", &m);
	ck_assert_uint_eq(m.fds_open, 0);
	/* blocks allocated, from the xtree: 300 and whatever the C library allocates (nothing here) */
	massif_run("keeps_files_open", mf, xf);
	ck_assert_msg(kcg_total(xf, "totBk", &blocks, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(blocks, 300);
}
END_TEST

/* The XML of a finished run, with what we put in the middle. */
static void memcheck_xml(const char *name, const char *version, const char *body, const char *state, char *path)
{
	char text[2048];

	snprintf(text, sizeof text, "<?xml version=\"1.0\"?>\n<valgrindoutput>\n<protocolversion>%s</protocolversion>\n"
		 "<protocoltool>memcheck</protocoltool>\n<status><state>RUNNING</state></status>\n%s"
		 "<status><state>%s</state></status>\n</valgrindoutput>\n", version, body, state);
	write_file(name, text, path);
}

/*
 * Every way a file is not what a finished memcheck run writes is refused;
 * and the numbers are read by their place, not their name: an element named
 * <count> or <leakedbytes> elsewhere counts for nothing.
 */
START_TEST(memcheck_reads_only_what_memcheck_writes)
{
	char path[PATH_CAP], err[512];
	struct memcheck_result m;
	const char *leak = "<error><kind>Leak_PossiblyLost</kind><xwhat><text>x</text><leakedbytes> 24 </leakedbytes>"
			   "</xwhat><stack><frame><count>9</count></frame></stack></error>\n"
			   "<error><kind>Leak_StillReachable</kind><xwhat><leakedbytes>8</leakedbytes></xwhat></error>\n"
			   "<errorcounts><pair><count>3</count><unique>0x0</unique></pair>"
			   "<pair><count>2</count></pair></errorcounts>\n";

	memcheck_xml("good.xml", "4", leak, "FINISHED", path);
	ck_assert_msg(memcheck_read(path, NULL, &m, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(m.possibly_lost, 24);
	ck_assert_uint_eq(m.still_reachable, 8);
	ck_assert_uint_eq(m.in_use_at_exit, 32);
	ck_assert_uint_eq(m.errors, 5);
	ck_assert_uint_eq(m.fds_open, 0);
	/* a lost cycle of two 112-byte blocks, as valgrind 3.19 writes it: the leader's record holds both
	 * (LEAK SUMMARY: definitely lost 112, indirectly lost 112) */
	memcheck_xml("cycle.xml", "4",
		     "<error><kind>Leak_IndirectlyLost</kind><xwhat><text>112 bytes in 1 blocks are indirectly lost"
		     "</text><leakedbytes>112</leakedbytes><leakedblocks>1</leakedblocks></xwhat></error>\n"
		     "<error><kind>Leak_DefinitelyLost</kind><xwhat><text>224 (112 direct, 112 indirect) bytes in 1 "
		     "blocks are definitely lost</text><leakedbytes>224</leakedbytes><leakedblocks>1</leakedblocks>"
		     "</xwhat></error>\n", "FINISHED", path);
	ck_assert_msg(memcheck_read(path, NULL, &m, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(m.definitely_lost, 112);
	ck_assert_uint_eq(m.indirectly_lost, 112);
	ck_assert_uint_eq(m.in_use_at_exit, 224);

	memcheck_xml("running.xml", "4", leak, "RUNNING", path);
	ck_assert_int_eq(memcheck_read(path, NULL, &m, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "FINISHED"));
	memcheck_xml("v5.xml", "5", leak, "FINISHED", path);
	ck_assert_int_eq(memcheck_read(path, NULL, &m, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "protocol"));
	memcheck_xml("kind.xml", "4", "<error><kind>Leak_Forgotten</kind><xwhat><leakedbytes>1</leakedbytes></xwhat></error>",
		     "FINISHED", path);
	ck_assert_int_eq(memcheck_read(path, NULL, &m, err, sizeof err), -1);
	memcheck_xml("nan.xml", "4", "<errorcounts><pair><count>1,024</count></pair></errorcounts>", "FINISHED", path);
	ck_assert_int_eq(memcheck_read(path, NULL, &m, err, sizeof err), -1);
	write_file("cut.xml", "<?xml version=\"1.0\"?>\n<valgrindoutput>\n<protocolversion>4</protocolversion>\n"
		   "<status><state>FINISHED</state></status>\n<error><kind>Leak_Defin", path);
	ck_assert_int_eq(memcheck_read(path, NULL, &m, err, sizeof err), -1);
	write_file("text.xml", "==1== Memcheck, a memory error detector\n==1== HEAP SUMMARY:\n", path);
	ck_assert_int_eq(memcheck_read(path, NULL, &m, err, sizeof err), -1);
}
END_TEST

/* ---- fit ---- */

/*
 * SHA-256 (nettle's) on FIPS 180-2's vectors, and the framing class mode's
 * resume keys are made of: the two framed digests below are what the
 * hand-written SHA-256 this replaced computed, so keys kept in a class's
 * output from before still match.
 */
static void digest_of(const char *data, size_t len, char *hex)
{
	struct hash h;
	hash_init(&h);
	hash_bytes(&h, data, len);
	hash_final(&h, hex);
}

START_TEST(sha256_known_answers)
{
	char hex[HASH_HEX_LEN + 1];
	static const char abc448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	digest_of("", 0, hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	digest_of("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	digest_of(abc448, strlen(abc448), hex);
	ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

	/* a million a's, fed in pieces that straddle the 64-byte blocks */
	char piece[1000];
	struct hash h;
	memset(piece, 'a', sizeof piece);
	hash_init(&h);
	for (int i = 0; i < 1000; i++)
		hash_bytes(&h, piece, sizeof piece);
	hash_final(&h, hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

	/* framed fields: ("ab", "c") and ("a", "bc") differ; the first is the old implementation's */
	char other[HASH_HEX_LEN + 1];
	hash_init(&h);
	hash_field(&h, "ab");
	hash_field(&h, "c");
	hash_final(&h, hex);
	ck_assert_str_eq(hex, "43ee655579de01ca739b3f95c1c2d3f46d353b2c0df818064ea594506cdb2617");
	hash_init(&h);
	hash_field(&h, "a");
	hash_field(&h, "bc");
	hash_final(&h, other);
	ck_assert_str_ne(hex, other);
	hash_init(&h);
	hash_field(&h, "memlab");
	hash_field(&h, "01-whole-file-read");
	hash_final(&h, hex);
	ck_assert_str_eq(hex, "8ac87fa8871664b7223904367a5e7f679e211b4392369e15d813c456126c454c");
}
END_TEST

START_TEST(fit_exact_power_laws)
{
	double x[] = { 1, 4, 16, 64 }, y[4];
	struct fit f;

	for (double b = 0; b <= 2; b += 0.5) {
		for (int i = 0; i < 4; i++)
			y[i] = 3000 * pow(x[i], b);
		ck_assert_int_eq(fit_power(x, y, 4, &f), 0);
		ck_assert_double_eq_tol(f.exponent, b, 1e-9);
		ck_assert_double_eq_tol(f.coeff, 3000, 1e-6);
		ck_assert_double_eq_tol(f.r2, 1, 1e-9);
	}
}
END_TEST

START_TEST(fit_flat_noise_and_zero)
{
	double x[] = { 1, 4, 16, 64 }, flat[] = { 65536, 65600, 65536, 65540 }, zero[] = { 0, 0, 0, 0 };
	double same_x[] = { 2, 2, 2 };
	struct fit f;

	ck_assert_int_eq(fit_power(x, flat, 4, &f), 0);
	ck_assert_double_lt(fabs(f.exponent), 0.01);
	ck_assert_int_eq(fit_power(x, zero, 4, &f), 0);
	ck_assert_double_eq_tol(f.exponent, 0, 1e-12);
	ck_assert_int_eq(fit_power(same_x, flat, 3, &f), -1);
	ck_assert_int_eq(fit_power(x, flat, 1, &f), -1);
}
END_TEST

/* ---- spec ---- */

START_TEST(every_lab_spec_reads)
{
	glob_t gl;
	char err[1024];
	struct spec s;

	ck_assert_int_eq(glob("../labs/*/lab.ini", 0, NULL, &gl), 0);
	ck_assert_uint_ge(gl.gl_pathc, 1);
	for (size_t i = 0; i < gl.gl_pathc; i++) {
		ck_assert_msg(spec_read(gl.gl_pathv[i], &s, err, sizeof err) == 0, "%s", err);
		ck_assert_double_gt(s.max_score, 0);
	}
	globfree(&gl);
}
END_TEST

#define LAB "[lab]\ntitle = T\nstudent = s.c\nprogram = p\nunit = MiB\n"   /* lines 1-5 */
#define TESTS "[criterion tests]\nwhat = tests\npoints = 10\n"
#define X10 "xxxxxxxxxx"
#define X50 X10 X10 X10 X10 X10
/* 199 bytes, what inih's fgets takes of a line: what follows would be read as a line of its own */
#define CUT199 "; " X50 X50 X50 X10 X10 X10 X10 "xxxxxxx"
/* A criterion name one byte too long for inih's 49-byte section name. */
#define NAME40 X10 X10 X10 X10

/*
 * Specs to refuse, the reason expected, and the line the error must name
 * (0: not checked).  A C string cannot hold a NUL: write_spec writes one
 * for each "<NUL>".
 */
static const struct { const char *text, *reason; unsigned line; } bad_specs[] = {
	{ "[lab]\ntitle = T\nstudent = s.c\nprogram = p\nunit = u\n" TESTS, "at least 3 sizes", 1 },
	{ LAB "sizes = 1 2\n" TESTS, "at least 3 sizes", 6 },
	{ LAB "sizes = 4 2 8\n" TESTS, "ascend", 6 },
	{ LAB "sizes = 1 2 x\n" TESTS, "whole numbers", 6 },
	{ LAB "sizes = 1 2 4\ncolour = red\n" TESTS, "[lab] colour: unknown key", 7 },
	{ LAB "sizes = 1 2 4\n", "no criteria", 0 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak\npoints = 5\n", "must be tests", 8 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\npoints = 5\n", "needs max or min", 7 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\nmax = lots\npoints = 5\n", "must be a number", 9 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = instructions\nmax = 5M\npoints = 5\n", "callgrind_sizes", 8 },
	{ LAB "sizes = 1 2 4\nmemcheck_sizes = 3\n" TESTS, "not in sizes", 7 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\nfit = exponent\nat = every\nmax = 1\npoints = 5\n", "no at or per", 9 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = leaked\nfit = exponent\nmax = 1\npoints = 5\n", "3 sizes or more", 9 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = tests\n", "points: is required", 7 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = tests\npoints = 5\nmax = 3\n", "max: tests, output and memcheck take only points", 10 },
	{ LAB "sizes = 1 2 4\n[criteria c]\nwhat = tests\npoints = 5\n", "unknown section", 7 },
	{ "[lab]\ntitle = T\nstudent = ../s.c\nprogram = p\nunit = u\nsizes = 1 2 4\n" TESTS, "plain file name", 3 },
	{ "[lab]\ntitle = T\nprogram = p\nunit = u\nsizes = 1 2 4\n" TESTS, "student: is required", 1 },
	{ LAB "sizes = 1 2 4\nthis line is not ini\n" TESTS, "not a key = value line", 7 },
	/* what inih would read otherwise than it looks */
	{ LAB "sizes = 1 2 4\n[criterion tests]\nwhat = tests\n" CUT199 "points = 1000 ; " X10 X10 X10 "xxxxx\n",
	  "longer than 197 bytes", 9 },
	{ LAB "sizes = 1 2 4\n" TESTS "  1000\n", "indented", 10 },
	{ LAB "sizes = 1 2 4\n[criterion tests]\nwhat = tests\npoints = 1<NUL>000\n", "a NUL byte", 9 },
	{ LAB "sizes = 1 2 4\n[criterion tests]\nwhat = tests\npoints = 1000\r; points = 10\n",
	  "control character (byte 0x0d)", 9 },
	{ LAB "sizes = 1 2 4\n" TESTS "[criterion more] points = 5\n", "text after the [section]", 10 },
	{ LAB "sizes = 1 2 4\n[criterion " NAME40 "]\nwhat = tests\npoints = 5\n", "longer than 49 bytes", 7 },
	{ LAB "sizes = 1 2 4\n" TESTS "[criterion more\n", "without its ']'", 10 },
	{ "points = 5\n" LAB "sizes = 1 2 4\n" TESTS, "points: a key before any [section]", 1 },
	{ LAB "sizes = 1 2 4\n" TESTS "[extra]\n", "[extra] unknown section", 10 },
	{ LAB "sizes = 1 2 4\n" TESTS "[criterion memcheck]\n", "[criterion memcheck] what: is required", 10 },
	{ TESTS, "no [lab] section", 0 },
	/* given twice: a second value would silently win */
	{ LAB "sizes = 1 2 4\n[criterion tests]\npoints = 10\nwhat = tests\npoints = 1000\n",
	  "[criterion tests] points: given twice (first on line 8)", 10 },
	{ LAB "sizes = 1 2 4\nsizes = 1 2 4 8\n" TESTS, "[lab] sizes: given twice (first on line 6)", 7 },
	{ LAB "sizes = 1 2 4\n" TESTS "[lab]\n", "[lab] given twice (first on line 1)", 10 },
	{ LAB "sizes = 1 2 4\n" TESTS "[criterion tests]\n", "[criterion tests] given twice (first on line 7)", 10 },
	{ LAB "sizes = 1 2 4\n" TESTS "[criterion tests]\npoints = 1000\n", "[criterion tests] given twice", 10 },
	/* values no grading can use, or that anything passes */
	{ LAB "sizes = 1 2 4\nmemcheck_sizes =\n" TESTS, "[lab] memcheck_sizes: is empty", 7 },
	{ LAB "sizes =\n" TESTS, "[lab] sizes: is empty", 6 },
	{ LAB "sizes = 1 2 4\ncallgrind_sizes = ; none\n" TESTS, "[lab] callgrind_sizes: is empty", 7 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\nmax = 1 KiB\nmin = 2 KiB\npoints = 5\n",
	  "[criterion c] max: below min (line 10)", 9 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\nfit = exponent\nmax = 128 KiB\npoints = 5\n",
	  "max: a fit's exponent is a plain number", 10 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\nfit = exponent\nmin = 50\npoints = 5\n",
	  "min: a fit's exponent is a plain number", 10 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\nfit = exponent\nat = largest\nmax = 1\npoints = 5\n",
	  "no at or per", 9 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\nmax = 1e308 GiB\npoints = 5\n", "max: must be a number", 9 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\nmax = inf\npoints = 5\n", "max: must be a number", 9 },
	{ LAB "sizes = 1 2 18446744073709551615\n[criterion c]\nwhat = peak_heap\nper = size\nmax = 1e300\npoints = 5\n",
	  "max: times the largest size, not a finite number", 10 },
	{ LAB "sizes = 1 2 4\n[criterion tests]\nwhat = tests\npoints = 1k\n", "points: must be a number", 9 },
	/* the keys of issues 9 and 10 */
	{ LAB "sizes = 1 2 4\njitter = 51\n" TESTS, "[lab] jitter: at most 50 (percent)", 7 },
	{ LAB "sizes = 1 2 4\nexpected = student\n" TESTS, "[lab] expected: must be pitfall or reference", 7 },
	{ LAB "sizes = 1 2 4\npipe_sizes = 2\n" TESTS, "pipe_sizes: needs an input tool", 7 },
	{ LAB "sizes = 1 2 4\nworkload_test = 3\n" TESTS, "workload_test: names a size that is not in sizes", 7 },
	{ LAB "sizes = 1 2 4\nnofile = 8\n" TESTS, "[lab] nofile: from 16 to 1024", 7 },
	{ LAB "sizes = 1 2 4\nnofile = 4096\n" TESTS, "[lab] nofile: from 16 to 1024", 7 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\ntcase = x\nmax = 1\npoints = 5\n", "only tests take a test case", 9 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = tests\nneeds = tests\npoints = 5\n", "needs: only memory criteria", 9 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\nneeds = output\nmax = 1\npoints = 5\n", "needs", 9 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = peak_heap\nfrom = 3\nmax = 1\npoints = 5\n", "from: names a size that is not in sizes", 9 },
	{ LAB "sizes = 1 2 4\n[criterion c]\nwhat = blocks_alloc\nfit = exponent\nfrom = 2\nmax = 1\npoints = 5\n",
	  "3 sizes or more (from `from` up)", 10 },
};

/* Writes text as tmpdir/name, a NUL for each "<NUL>". */
static void write_spec(const char *name, const char *text, char *path)
{
	fs_path(path, PATH_CAP, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	for (const char *t = text; *t != '\0';) {
		if (strncmp(t, "<NUL>", 5) == 0) {
			fputc('\0', f);
			t += 5;
		} else {
			fputc(*t++, f);
		}
	}
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(bad_specs_fail_with_a_reason)
{
	char path[PATH_CAP], err[1024], at[PATH_CAP + 16];
	struct spec s;

	write_spec("lab.ini", bad_specs[_i].text, path);
	ck_assert_msg(spec_read(path, &s, err, sizeof err) == -1, "spec %d accepted", _i);
	ck_assert_msg(strstr(err, bad_specs[_i].reason) != NULL, "spec %d: '%s' lacks '%s'", _i, err, bad_specs[_i].reason);
	ck_assert_ptr_nonnull(strstr(err, "lab.ini"));
	if (bad_specs[_i].line > 0) {
		snprintf(at, sizeof at, "%s:%u: ", path, bad_specs[_i].line);
		ck_assert_msg(strncmp(err, at, strlen(at)) == 0, "spec %d: '%s' is not at line %u", _i, err,
			      bad_specs[_i].line);
	}
}
END_TEST

/* What looks like INI reads as it looks: CRLF lines, a byte-order mark, blank lines of spaces, comments. */
START_TEST(spec_reads_crlf_bom_and_comments)
{
	char path[PATH_CAP], err[1024];
	struct spec s;

	write_file("crlf.ini", "\xEF\xBB\xBF[lab] ; the workload\r\ntitle = T\r\nstudent = s.c\r\nprogram = p\r\n"
		   "unit = MiB\r\n   \r\n# sizes\r\nsizes = 1 2 4 ; three\r\n\t\r\n[criterion tests]\r\nwhat = tests\r\n"
		   "points = 10", path);
	ck_assert_msg(spec_read(path, &s, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(s.nsizes, 3);
	ck_assert_uint_eq(s.sizes[2], 4);
	ck_assert_str_eq(s.unit, "MiB");
	ck_assert_double_eq(s.max_score, 10);

	/* a comment of SPEC_LINE_MAX bytes is a line; one byte more is refused */
	char text[SPEC_LINE_MAX + 256];
	for (int extra = 0; extra <= 1; extra++) {
		size_t n = (size_t)snprintf(text, sizeof text, LAB "sizes = 1 2 4\n" TESTS);
		memset(text + n, ';', SPEC_LINE_MAX + (size_t)extra);
		strcpy(text + n + SPEC_LINE_MAX + extra, "\n");
		write_file("edge.ini", text, path);
		ck_assert_int_eq(spec_read(path, &s, err, sizeof err), extra ? -1 : 0);
	}
	ck_assert_msg(strstr(err, ":10: longer than") != NULL, "%s", err);
}
END_TEST

/* The spec may come from --spec: a link, a giant, a folder are refused. */
START_TEST(spec_refuses_links_and_big_files)
{
	char path[PATH_CAP], link[PATH_CAP], err[1024];
	struct spec s;
	static char big[SPEC_FILE_MAX + 64];

	write_file("good.ini", LAB "sizes = 1 2 4\n" TESTS, path);
	ck_assert_msg(spec_read(path, &s, err, sizeof err) == 0, "%s", err);
	fs_path(link, sizeof link, "%s/link.ini", tmpdir);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(spec_read(link, &s, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "symbolic link") != NULL, "%s", err);
	ck_assert_int_eq(spec_read(tmpdir, &s, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "not a regular file") != NULL, "%s", err);
	memset(big, '\n', sizeof big - 1);
	memcpy(big, LAB "sizes = 1 2 4\n" TESTS, strlen(LAB "sizes = 1 2 4\n" TESTS));
	write_file("big.ini", big, path);
	ck_assert_int_eq(spec_read(path, &s, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "allowed") != NULL, "%s", err);
}
END_TEST

START_TEST(quantities)
{
	double v;
	ck_assert_int_eq(spec_parse_quantity("128 KiB", &v), 0);
	ck_assert_double_eq(v, 131072);
	ck_assert_int_eq(spec_parse_quantity("1.5M", &v), 0);
	ck_assert_double_eq(v, 1.5e6);
	ck_assert_int_eq(spec_parse_quantity("64 MiB", &v), 0);
	ck_assert_double_eq(v, 64.0 * 1048576);
	ck_assert_int_eq(spec_parse_quantity("0.05", &v), 0);
	ck_assert_double_eq(v, 0.05);
	ck_assert_int_eq(spec_parse_quantity("-1", &v), -1);
	ck_assert_int_eq(spec_parse_quantity("12 parsecs", &v), -1);
	ck_assert_int_eq(spec_parse_quantity("", &v), -1);
	ck_assert_int_eq(spec_parse_quantity("1e308 GiB", &v), -1); /* finite, but not once scaled */
	ck_assert_int_eq(spec_parse_quantity("nan", &v), -1);
}
END_TEST

/* ---- child ---- */

START_TEST(child_deadline_kills)
{
	struct child c;
	struct child *list[1] = { &c };

	memset(&c, 0, sizeof c);
	c.argv[0] = "sleep";
	c.argv[1] = "30";
	c.timeout_s = 1;
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
	ck_assert(c.timed_out);
	ck_assert(!child_ok(&c));
	ck_assert_double_lt(c.wall_s, 5);
}
END_TEST

/* The first child's end takes away the descriptors poll needs: the next poll fails. */
static void starve_poll(struct child *c, void *arg)
{
	struct rlimit *saved = arg;

	(void)c;
	getrlimit(RLIMIT_NOFILE, saved);
	setrlimit(RLIMIT_NOFILE, &(struct rlimit){ .rlim_cur = 0, .rlim_max = saved->rlim_max });
}

/* A poll that fails leaves nothing running: the other child is killed and reaped, and the call says so. */
START_TEST(child_run_all_stops_everything_when_it_cannot_watch)
{
	struct child quick, slow, never;
	struct child *list[3] = { &quick, &slow, &never };
	struct rlimit saved;

	memset(&quick, 0, sizeof quick);
	memset(&slow, 0, sizeof slow);
	memset(&never, 0, sizeof never);
	quick.argv[0] = "true";
	quick.timeout_s = 30;
	quick.on_end = starve_poll;
	quick.arg = &saved;
	slow.argv[0] = "sleep";
	slow.argv[1] = "30";
	slow.timeout_s = 30;
	never.argv[0] = "true";
	never.timeout_s = 30;
	never.after = &slow; /* waits for slow's end: by then nothing may start */
	double t0 = now_s();
	int rc = child_run_all(list, 3, 2, 0);
	int e = errno;
	setrlimit(RLIMIT_NOFILE, &saved);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(e, EINVAL);
	ck_assert(slow.reaped && slow.ended && !child_ok(&slow) && !slow.timed_out);
	ck_assert(never.skipped);
	ck_assert_double_lt(now_s() - t0, 5);
	ck_assert_int_eq(kill(slow.pid, 0), -1); /* gone, not left running */
}
END_TEST

START_TEST(child_output_is_capped_and_counted)
{
	struct child c;
	struct child *list[1] = { &c };
	char out[PATH_CAP];
	struct stat st;

	memset(&c, 0, sizeof c);
	fs_path(out, sizeof out, "%s/yes.out", tmpdir);
	c.argv[0] = "sh";
	c.argv[1] = "-c";
	c.argv[2] = "head -c 3000000 /dev/zero";
	c.stdout_path = out;
	c.timeout_s = 20;
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
	ck_assert(child_ok(&c));
	ck_assert(c.out_cut);
	ck_assert_uint_eq(c.out_bytes, 3000000);
	ck_assert_int_eq(stat(out, &st), 0);
	ck_assert_int_eq(st.st_size, CHILD_OUTPUT_KEEP);
}
END_TEST

START_TEST(child_statuses_and_parallel_runs)
{
	struct child c[4];
	struct child *list[4];
	char buf[128];

	memset(c, 0, sizeof c);
	const char *cmds[] = { "exit 3", "kill -SEGV $$", "sleep 0.3", "sleep 0.3" };
	for (int i = 0; i < 4; i++) {
		c[i].argv[0] = "sh";
		c[i].argv[1] = "-c";
		c[i].argv[2] = cmds[i];
		c[i].timeout_s = 10;
		list[i] = &c[i];
	}
	ck_assert_int_eq(child_run_all(list, 4, 4, 0), 0);
	ck_assert_str_eq(child_describe(&c[0], buf, sizeof buf), "exit 3");
	ck_assert_str_eq(child_describe(&c[1], buf, sizeof buf), "killed by SIGSEGV");
	ck_assert(child_ok(&c[2]) && child_ok(&c[3]));
	/* the two sleeps ran side by side */
	ck_assert_double_lt(c[2].wall_s + c[3].wall_s, 1.2);

	struct child missing;
	struct child *one[1] = { &missing };
	memset(&missing, 0, sizeof missing);
	missing.argv[0] = "/nonexistent/program";
	missing.timeout_s = 5;
	ck_assert_int_eq(child_run_all(one, 1, 1, 0), 0);
	ck_assert(!missing.started);
	ck_assert_ptr_nonnull(strstr(child_describe(&missing, buf, sizeof buf), "could not start"));
}
END_TEST

/* ---- printable names ---- */

START_TEST(printable_escapes_what_a_screen_would_not_show)
{
	char buf[64];

	/* UTF-8 is kept, and so are quotes and shell */
	ck_assert_str_eq(fs_printable("Zoë '\";$(x), 名", true, buf, sizeof buf), "Zoë '\";$(x), 名");
	ck_assert(fs_is_printable("Zoë '\";$(x), 名"));
	/* not UTF-8, control characters, C1, U+2028, a bidirectional override: \xHH each byte */
	ck_assert_str_eq(fs_printable("st\xff" "ud", true, buf, sizeof buf), "st\\xffud");
	ck_assert_str_eq(fs_printable("a\nb\tc\x7f", true, buf, sizeof buf), "a\\x0ab\\x09c\\x7f");
	ck_assert_str_eq(fs_printable("\xc2\x9b" "x\xe2\x80\xa8\xe2\x80\xae", true, buf, sizeof buf),
			 "\\xc2\\x9bx\\xe2\\x80\\xa8\\xe2\\x80\\xae");
	/* overlong, surrogate, above U+10FFFF, cut short: not UTF-8 */
	ck_assert_str_eq(fs_printable("\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82", false, buf, sizeof buf),
			 "\\xc0\\xaf\\xed\\xa0\\x80\\xf4\\x90\\x80\\x80\\xe2\\x82");
	ck_assert(!fs_is_printable("st\xff" "ud") && !fs_is_printable("a\nb") && !fs_is_printable("\xe2\x82"));
	/* a backslash: escaped only when asked (names), so that st\xffud the text is not st<ff>ud */
	ck_assert_str_eq(fs_printable("st\\xffud", true, buf, sizeof buf), "st\\\\xffud");
	ck_assert_str_eq(fs_printable("st\\xffud", false, buf, sizeof buf), "st\\xffud");
	ck_assert(fs_is_printable("st\\xffud"));
	/* cut on a whole character or escape */
	ck_assert_str_eq(fs_printable("ab\xff", true, buf, 6), "ab");
	ck_assert_str_eq(fs_printable("aë", true, buf, 3), "a");
}
END_TEST

/* ---- report ---- */

START_TEST(results_json_parses_back)
{
	static struct grading g;
	char path[PATH_CAP], err[1024];
	json_error_t jerr;

	memset(&g, 0, sizeof g);
	write_file("lab.ini", LAB "sizes = 1 4 16\n" TESTS
		   "[criterion peak]\nwhat = peak_heap\nmax = 128 KiB\npoints = 30\n"
		   "[criterion growth]\nwhat = peak_heap\nfit = exponent\nmax = 0.05\npoints = 30\n", path);
	ck_assert_msg(spec_read(path, &g.spec, err, sizeof err) == 0, "%s", err);
	ck_assert_msg(outdir_open(&g.out, tmpdir, NULL, err, sizeof err) == 0, "%s", err);
	g.out_dir = g.out.path;
	g.seed = 42;
	g.build_ok = true;
	g.tests_passed = g.tests_total = 7;
	snprintf(g.lab_name, sizeof g.lab_name, "00-test");
	g.impl[IMPL_SUBMISSION].present = true;
	for (int i = 0; i < 3; i++) {
		struct size_result *r = &g.impl[IMPL_SUBMISSION].at[i];
		r->measured[TOOL_MASSIF] = r->output_ok = true;
		r->peak_heap = 65536u << (2 * i);  /* grows linearly: fails both memory criteria */
		r->total_alloc = 2 * r->peak_heap;
	}
	double x[3] = { 1, 4, 16 }, y[3];
	for (int i = 0; i < 3; i++)
		y[i] = (double)g.impl[IMPL_SUBMISSION].at[i].peak_heap;
	g.impl[IMPL_SUBMISSION].fitted = fit_power(x, y, 3, &g.impl[IMPL_SUBMISSION].peak_fit) == 0;
	grading_score(&g);
	ck_assert_int_eq(grading_write(&g, err, sizeof err), 0);
	outdir_close(&g.out);
	fs_path(path, sizeof path, "%s/results.json", tmpdir);
	json_t *root = json_load_file(path, 0, &jerr);
	ck_assert_msg(root != NULL, "%s", jerr.text);
	ck_assert_double_eq(json_number_value(json_object_get(root, "score")), 10);
	json_t *tests = json_object_get(root, "tests");
	ck_assert_uint_eq(json_array_size(tests), 3);
	const char *names[] = { "tests", "peak", "growth" };
	const char *status[] = { "passed", "failed", "failed" };
	for (size_t i = 0; i < 3; i++) {
		json_t *t = json_array_get(tests, i);
		ck_assert_str_eq(json_string_value(json_object_get(t, "name")), names[i]);
		ck_assert_str_eq(json_string_value(json_object_get(t, "status")), status[i]);
		ck_assert(json_is_number(json_object_get(t, "max_score")));
		ck_assert(json_is_string(json_object_get(t, "output")));
	}
	json_t *extra = json_object_get(root, "extra_data");
	ck_assert_str_eq(json_string_value(json_object_get(extra, "size_unit")), "MiB");
	ck_assert_int_eq(json_integer_value(json_object_get(extra, "seed")), 42);
	json_t *runs = json_object_get(extra, "runs");
	ck_assert_uint_eq(json_array_size(runs), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(runs, 2), "peak_heap_bytes")), 65536 << 4);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(runs, 2), "total_alloc_bytes")), 2 * (65536 << 4));
	ck_assert(json_is_true(json_object_get(json_array_get(runs, 0), "output_ok")));
	ck_assert(json_is_null(json_object_get(extra, "leaked_bytes")));
	/* the peak grows 4x per 4x of size: the exponent written is the fit's, 1 */
	ck_assert(json_is_number(json_object_get(extra, "peak_growth_exponent")));
	ck_assert_double_eq_tol(json_number_value(json_object_get(extra, "peak_growth_exponent")), 1.0, 1e-9);
	json_decref(root);
}
END_TEST

/*
 * Text given to gnuplot is data, never code: titles and legends made of
 * quotes, gnuplot's system(), backquotes, a newline and bytes that are not
 * UTF-8 are drawn, and none of them runs.  (Without a sandbox: the test
 * watches for the files the injections would make, in the chart's folder.)
 */
START_TEST(gnuplot_takes_text_as_data)
{
	static struct chart ch;
	struct child *list[1] = { &ch.c };
	char root[PATH_CAP], path[PATH_CAP], png[PATH_CAP];
	static const char *const injections[] = {
		"x'; system('touch pwned-1'); y='",
		"x\"; system(\"touch pwned-2\"); y=\"",
		"`touch pwned-3`",
		"a\nsystem('touch pwned-4')\n",
		"@ARG1 $(touch pwned-5) \xff\xfe;",
	};

	ck_assert_ptr_nonnull(realpath("..", root));
	const char *args[9];
	for (int i = 0; i < 5; i++)
		args[i] = injections[i];
	args[5] = "peak heap";
	args[6] = "note: \\ ' \" `";
	args[7] = "linear'; system('touch pwned-6'); '";
	args[8] = NULL;
	ck_assert_int_eq(chart_prepare(&ch, NULL, tmpdir, "chart", root, "peak-vs-size.gp", args), 0);
	fs_path(path, sizeof path, "%s/data.dat", ch.dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("1 65536 1048576 65536\n4 65536 4194304 65536\n16 65536 16777216 65536\n", f);
	fclose(f);
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
	fs_path(png, sizeof png, "%s/drawn.png", tmpdir);
	char why[256];
	ck_assert_msg(chart_collect(&ch, "png", png) == 0, "no chart: %s", chart_why(&ch, why, sizeof why));
	for (int i = 1; i <= 6; i++) {
		fs_path(path, sizeof path, "%s/pwned-%d", ch.dir, i);
		ck_assert_msg(!fs_is_file(path), "injection %d ran", i);
	}
}
END_TEST

/* A submission whose peak is 0 B still gets its chart (a log axis cannot draw 0), and a chart that
 * fails says gnuplot's own reason, not a guess. */
static int draw_peaks(const char *data, const char *yscale, char *why, size_t cap)
{
	static struct chart ch;
	struct child *list[1] = { &ch.c };
	char root[PATH_CAP], path[PATH_CAP], png[PATH_CAP];
	const char *args[] = { "zero", "KiB", "submission", "pitfall", "reference", "peak heap", "note", yscale, NULL };

	ck_assert_ptr_nonnull(realpath("..", root));
	ck_assert_int_eq(chart_prepare(&ch, NULL, tmpdir, yscale, root, "peak-vs-size.gp", args), 0);
	fs_path(path, sizeof path, "%s/data.dat", ch.dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(data, f);
	fclose(f);
	ck_assert_int_eq(child_run_all(list, 1, 1, 0), 0);
	fs_path(png, sizeof png, "%s/%s.png", tmpdir, yscale);
	int rc = chart_collect(&ch, "png", png);
	chart_why(&ch, why, cap);
	return rc;
}

START_TEST(plots_draw_zero_values)
{
	char why[256];

	ck_assert_msg(draw_peaks("1 0 0 0\n16 0 0 0\n", "linear", why, sizeof why) == 0, "no chart: %s", why);
	ck_assert_msg(draw_peaks("1 0 1024 512\n16 0 16384 512\n", "linear", why, sizeof why) == 0, "no chart: %s", why);
	/* the same zeros on a log axis fail, and the report says why in gnuplot's words */
	ck_assert_int_ne(draw_peaks("1 0 0 0\n16 0 0 0\n", "log", why, sizeof why), 0);
	ck_assert_msg(strstr(why, "y value undefined") != NULL, "reason given: %s", why);
}
END_TEST

/* ---- lab 02: the growth judgement, on both families ---- */

/*
 * Lab 02 must pass every buffer that grows by a factor from 1.25 up, from
 * any first block up to 64 KiB, and fail every one that grows by a
 * constant step of up to 64 KiB (issue 9).  This replays the report's
 * appends (labs/02-concatenation/report.h: a 20-byte header, then per row
 * seq's digits, 1, 4, 1, 5 and 1 bytes; checked here against the real
 * driver's "bytes:" at every spec size) through each growth policy,
 * takes the bytes allocated and the peak heap at the sizes a grading may
 * draw (the spec's sizes, jittered as build.c jitters them, for many
 * seeds and at both ends of the range), and scores them with the
 * grader's own grading_score() by the lab's own lab.ini.
 */
#define LAB02 "../labs/02-concatenation"
#define LAB02_HEADER 20                    /* "seq,station,celsius\n" */
#define LAB02_ROW_FIXED 12                 /* a row's bytes besides seq's digits */
#define LAB02_SEEDS 48                     /* gradings drawn per policy, besides the two ends */
#define LAB02_DRAWS (LAB02_SEEDS + 2)
#define LAB02_MAX_POINTS (LAB02_DRAWS * SPEC_MAX_SIZES)

static uint64_t lab02_length(uint64_t rows)
{
	uint64_t len = LAB02_HEADER + LAB02_ROW_FIXED * rows;

	for (uint64_t from = 1; from <= rows; from *= 10)
		len += rows - from + 1;
	return len;
}

/* report_rows(): the fewest rows whose text reaches kib KiB */
static uint64_t lab02_rows(uint64_t kib)
{
	uint64_t lo = 0, hi = kib * 1024;

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (lab02_length(mid) >= kib * 1024)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* build.c's jitter_sizes(), draw `draw`: 0 the lowest sizes, 1 the highest, then seeds 1, 2, ... */
static void lab02_draw(const struct spec *s, unsigned draw, uint64_t *sizes)
{
	uint64_t state = draw - 1;

	for (size_t i = 0; i < s->nsizes; i++) {
		uint64_t room = s->sizes[i] * s->jitter / 100, z;
		if (draw == 0)
			z = 0;
		else if (draw == 1)
			z = room > 0 ? room - 1 : 0;
		else {
			z = (state += 0x9e3779b97f4a7c15u);
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
			z ^= z >> 31;
		}
		uint64_t drawn = s->sizes[i] + (room > 0 ? z % room : 0);
		uint64_t next = i + 1 < s->nsizes ? s->sizes[i + 1] : UINT64_MAX;
		sizes[i] = drawn < next ? drawn : s->sizes[i];
	}
}

/* A growth policy: capacity num/den times the old one (at least one more byte), or old + step; first block `first`. */
struct lab02_policy {
	unsigned num, den;  /* den 0: a constant step */
	uint64_t first, step;
};

struct lab02_point {
	uint64_t rows, total, peak;  /* peak: malloc + copy + free, old and new alive together */
};

static int lab02_by_rows(const void *a, const void *b)
{
	uint64_t x = ((const struct lab02_point *)a)->rows, y = ((const struct lab02_point *)b)->rows;
	return x < y ? -1 : x > y;
}

/* Replays the report's appends through p; fills total and peak at each point's rows (sorted). */
static void lab02_replay(const struct lab02_policy *p, struct lab02_point *pts, size_t n)
{
	uint64_t len = 0, cap = 0, total = 0, peak = 0;
	size_t k = 0;

	for (uint64_t row = 0; k < n; row++) {
		uint64_t pieces[6] = { 0, 1, 4, 1, 5, 1 };
		size_t npieces = 6;
		if (row == 0) {
			pieces[0] = LAB02_HEADER;
			npieces = 1;
		} else {
			for (uint64_t v = row; v != 0; v /= 10)
				pieces[0]++;
		}
		for (size_t i = 0; i < npieces; i++) {
			uint64_t need = len + pieces[i] + 1;
			if (need > cap) {
				uint64_t next = cap == 0 ? p->first
					: p->den == 0 ? cap + p->step : cap * p->num / p->den;
				next = next > cap ? next : cap + 1;
				next = next > need ? next : need;
				peak = cap + next > peak ? cap + next : peak;
				total += next;
				cap = next;
			}
			len += pieces[i];
		}
		for (; k < n && pts[k].rows == row; k++) {
			pts[k].total = total;
			pts[k].peak = peak;
		}
	}
}

/* The driver's own figure: its text length at kib, natively (the reference's build in dir). */
static uint64_t lab02_driver_bytes(const char *report, uint64_t kib)
{
	char out[PATH_CAP], size[32], text[256];
	const char *argv[] = { report, "--size", size, "--seed", "7", NULL };
	unsigned long long bytes = 0;

	snprintf(size, sizeof size, "%" PRIu64, kib);
	fs_path(out, sizeof out, "%s/report.out", tmpdir);
	ck_assert_int_eq(run(out, argv), 0);
	ck_assert_int_gt(fs_read_small(out, text, sizeof text - 1), 0);
	const char *b = strstr(text, "bytes: ");
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(sscanf(b, "bytes: %llu", &bytes), 1);
	return bytes;
}

START_TEST(lab02_growth_judgement)
{
	static struct grading g;
	static struct lab02_point pts[LAB02_MAX_POINTS];
	static uint64_t drawn[LAB02_DRAWS][SPEC_MAX_SIZES];
	static const unsigned factors[][2] = { { 5, 4 }, { 13, 10 }, { 7, 5 }, { 3, 2 }, { 8, 5 }, { 7, 4 },
					       { 2, 1 }, { 9, 4 }, { 5, 2 }, { 3, 1 } };
	static const uint64_t firsts[] = { 1, 8, 64, 100, 512, 1000, 4096, 10000, 16384, 40000, 65536 };
	static const uint64_t steps[] = { 1, 16, 64, 256, 1024, 4096, 16384, 40000, 65536 };
	struct spec s;
	char err[1024], report[PATH_CAP], build[PATH_CAP], lab[PATH_CAP];
	size_t alloc_crit = 0, n = 0;

	ck_assert_msg(spec_read(LAB02 "/lab.ini", &s, err, sizeof err) == 0, "%s", err);
	for (size_t k = 0; k < s.ncrit; k++)
		alloc_crit += s.crit[k].kind == CRIT_MEASURE && s.crit[k].measure == MEASURE_TOTAL_ALLOC;
	ck_assert_uint_ge(alloc_crit, 1);

	/* the formula above against the driver itself, at every size of the spec */
	ck_assert_ptr_nonnull(realpath(LAB02, lab));
	fs_path(build, sizeof build, "%s/lab02", tmpdir);
	fs_path(report, sizeof report, "%s/report", build);
	char impl[PATH_CAP + 64], bdir[PATH_CAP + 8];
	snprintf(impl, sizeof impl, "IMPL=%s/../../solutions/02-concatenation/textbuf.c", lab);
	snprintf(bdir, sizeof bdir, "BUILD=%s", build);
	const char *make[] = { "make", "-s", "-C", lab, impl, bdir, report, NULL };
	ck_assert_int_eq(run(NULL, make), 0);
	for (size_t i = 0; i < s.nsizes; i++)
		ck_assert_uint_eq(lab02_driver_bytes(report, s.sizes[i]), lab02_length(lab02_rows(s.sizes[i])));

	for (unsigned d = 0; d < LAB02_DRAWS; d++) {
		lab02_draw(&s, d, drawn[d]);
		for (size_t i = 0; i < s.nsizes; i++)
			pts[n++].rows = lab02_rows(drawn[d][i]);
	}
	qsort(pts, n, sizeof pts[0], lab02_by_rows);

	size_t nfactors = sizeof factors / sizeof factors[0], nfirsts = sizeof firsts / sizeof firsts[0];
	size_t npolicies = nfactors * nfirsts + sizeof steps / sizeof steps[0];
	for (size_t q = 0; q < npolicies; q++) {
		struct lab02_policy p = { 0, 0, 0, 0 };
		if (q < nfactors * nfirsts) {
			p.num = factors[q / nfirsts][0];
			p.den = factors[q / nfirsts][1];
			p.first = firsts[q % nfirsts];
		} else {
			p.step = p.first = steps[q - nfactors * nfirsts];
		}
		bool geometric = p.den != 0;
		lab02_replay(&p, pts, n);
		for (unsigned d = 0; d < LAB02_DRAWS; d++) {
			memset(&g, 0, sizeof g);
			g.spec = s;
			g.build_ok = true;
			g.tests_passed = g.tests_total = 1;
			for (size_t i = 0; i < s.nsizes; i++) {
				struct lab02_point key = { lab02_rows(drawn[d][i]), 0, 0 };
				const struct lab02_point *pt = bsearch(&key, pts, n, sizeof pts[0], lab02_by_rows);
				struct size_result *r = &g.impl[IMPL_SUBMISSION].at[i];
				ck_assert_ptr_nonnull(pt);
				g.spec.sizes[i] = drawn[d][i];
				r->measured[TOOL_MASSIF] = r->output_ok = true;
				r->total_alloc = pt->total;
				r->peak_heap = pt->peak;
			}
			grading_score(&g);
			for (size_t k = 0; k < s.ncrit; k++) {
				const struct criterion *c = &s.crit[k];
				if (c->kind != CRIT_MEASURE || measure_tool(c->measure) != TOOL_MASSIF)
					continue;
				if (geometric)
					ck_assert_msg(g.crit[k].passed, "growth x%u/%u from %" PRIu64 " B, draw %u: %s fails: %s",
						      p.num, p.den, p.first, d, c->name, g.crit[k].detail);
				else if (c->measure == MEASURE_TOTAL_ALLOC)
					ck_assert_msg(!g.crit[k].passed, "a step of %" PRIu64 " B, draw %u: %s passes: %s",
						      p.step, d, c->name, g.crit[k].detail);
			}
		}
	}
}
END_TEST

static Suite *grader_suite(void)
{
	Suite *s = suite_create("grader");
	TCase *tc = tcase_create("massif");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, massif_peak_equals_ms_print, 0, sizeof progs / sizeof progs[0]);
	tcase_add_test(tc, xtree_totals_of_a_program_that_never_frees);
	tcase_add_test(tc, xtree_totals_of_a_program_that_frees_all);
	tcase_add_test(tc, massif_reads_a_handmade_file);
	tcase_add_loop_test(tc, massif_rejects_what_massif_would_not_write, 0, sizeof bad_massif / sizeof bad_massif[0]);
	tcase_add_test(tc, massif_refuses_links_and_missing_files);
	suite_add_tcase(s, tc);

	tc = tcase_create("tools");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, callgrind_instructions);
	tcase_add_test(tc, kcg_rejects_a_file_without_totals);
	tcase_add_test(tc, memcheck_counts_a_leak);
	tcase_add_test(tc, memcheck_counts_indirect_bytes_once);
	tcase_add_test(tc, memcheck_counts_an_error_and_no_leak);
	tcase_add_test(tc, memcheck_counts_open_descriptors);
	tcase_add_test(tc, memcheck_reads_only_what_memcheck_writes);
	suite_add_tcase(s, tc);

	tc = tcase_create("fit-spec");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fit_exact_power_laws);
	tcase_add_test(tc, sha256_known_answers);
	tcase_add_test(tc, fit_flat_noise_and_zero);
	tcase_add_test(tc, every_lab_spec_reads);
	tcase_add_loop_test(tc, bad_specs_fail_with_a_reason, 0, sizeof bad_specs / sizeof bad_specs[0]);
	tcase_add_test(tc, spec_refuses_links_and_big_files);
	tcase_add_test(tc, spec_reads_crlf_bom_and_comments);
	tcase_add_test(tc, quantities);
	suite_add_tcase(s, tc);

	tc = tcase_create("child-report");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, child_deadline_kills);
	tcase_add_test(tc, child_run_all_stops_everything_when_it_cannot_watch);
	tcase_add_test(tc, child_output_is_capped_and_counted);
	tcase_add_test(tc, child_statuses_and_parallel_runs);
	tcase_add_test(tc, results_json_parses_back);
	tcase_add_test(tc, printable_escapes_what_a_screen_would_not_show);
	tcase_add_test(tc, gnuplot_takes_text_as_data);
	tcase_add_test(tc, plots_draw_zero_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("lab02-growth");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, lab02_growth_judgement);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(grader_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
