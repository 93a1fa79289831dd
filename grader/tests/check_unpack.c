/*
 * check_unpack.c - unpack.c against archives made here with libarchive's
 * writer, so each can hold exactly the entry a hostile student would:
 * "..", absolute paths, links, a name twice, a file in a folder's place,
 * control characters, too many entries, too many bytes, not an archive.
 * A good .tar.gz and .zip come out whole, with modes 0644/0755; a bad one
 * is refused with the entry named, and leaves nothing behind.
 * Part of run-class (check_class.c has main); make_archive() serves it too.
 */
#include "class_util.h"
#include "tools/unpack.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <sys/stat.h>

static char dir[PATH_CAP];

static void setup(void)
{
	fs_path(dir, sizeof dir, "/tmp/memlab-unpack-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	fs_remove_tree(dir);
}

void make_archive(const char *path, bool zip, const struct item *items)
{
	static char zeros[1 << 20];
	struct archive *a = archive_write_new();

	ck_assert_ptr_nonnull(a);
	if (zip) {
		archive_write_set_format_zip(a);
	} else {
		archive_write_set_format_pax_restricted(a);
		archive_write_add_filter_gzip(a);
	}
	ck_assert_int_eq(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (const struct item *it = items; it->name != NULL; it++) {
		struct archive_entry *e = archive_entry_new();
		size_t size = it->type == 'f' ? (it->zeros ? it->zeros : strlen(it->data)) : 0;
		archive_entry_set_pathname(e, it->name);
		archive_entry_set_perm(e, 0777); /* what the archive says; the extraction decides */
		archive_entry_set_filetype(e, it->type == 'd' ? AE_IFDIR : it->type == 'l' ? AE_IFLNK : AE_IFREG);
		archive_entry_set_size(e, (la_int64_t)size);
		if (it->type == 'l')
			archive_entry_set_symlink(e, it->data);
		if (it->type == 'h')
			archive_entry_set_hardlink(e, it->data);
		ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
		for (size_t done = 0; it->type == 'f' && done < size;) {
			size_t n = it->zeros ? (size - done < sizeof zeros ? size - done : sizeof zeros) : size;
			ck_assert(archive_write_data(a, it->zeros ? zeros : it->data, n) == (la_ssize_t)n);
			done += n;
		}
		archive_entry_free(e);
	}
	ck_assert_int_eq(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

/* Extracts items packed one way; returns unpack_archive's result and its reason in err. */
static int try_items(const struct item *items, bool zip, char *err, size_t cap, char *to)
{
	char path[PATH_CAP];
	fs_path(path, sizeof path, "%s/a%s", dir, zip ? ".zip" : ".tar.gz");
	fs_path(to, PATH_CAP, "%s/out", dir);
	fs_remove_tree(to);
	make_archive(path, zip, items);
	return unpack_archive(path, to, err, cap);
}

START_TEST(good_archives_come_out_whole)
{
	static const struct item items[] = {
		{ "./", 'd', NULL, 0 }, { "alice/", 'd', NULL, 0 }, { "alice/02-concatenation/textbuf.c", 'f', "int x;\n", 0 },
		{ "./alice//04-unbounded-cache/./cache.c", 'f', "int y;\n", 0 }, { NULL, 0, NULL, 0 },
	};
	char err[512], to[PATH_CAP], path[PATH_CAP], text[TEXT_MAX];
	struct stat st;

	for (int zip = 0; zip < 2; zip++) {
		ck_assert_msg(try_items(items, zip, err, sizeof err, to) == 0, "%s", err);
		fs_path(path, sizeof path, "%s/alice/02-concatenation/textbuf.c", to);
		ck_assert_str_eq(text_of_file(path, text), "int x;\n");
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_int_eq(st.st_mode & 07777, 0644);
		fs_path(path, sizeof path, "%s/alice/04-unbounded-cache/cache.c", to);
		ck_assert_str_eq(text_of_file(path, text), "int y;\n");
		fs_path(path, sizeof path, "%s/alice", to);
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_int_eq(st.st_mode & 07777, 0755);
	}
	ck_assert(unpack_is_archive("x.zip") && unpack_is_archive("x.tar.gz") && unpack_is_archive("x.tgz"));
	ck_assert(!unpack_is_archive("x.c") && !unpack_is_archive(".zip") && !unpack_is_archive("x.tar"));
}
END_TEST

/* Each bad entry, after a good one: the archive is refused, saying why, and nothing stays. */
START_TEST(bad_archives_are_refused_whole)
{
	static const struct { struct item bad; const char *why; } cases[] = {
		{ { "../evil.c", 'f', "x", 0 }, "'..'" },
		{ { "a/../../evil.c", 'f', "x", 0 }, "'..'" },
		{ { "/etc/evil.c", 'f', "x", 0 }, "absolute" },
		{ { "link.c", 'l', "/etc/passwd", 0 }, "link" },
		{ { "hard.c", 'h', "ok/good.c", 0 }, "link" },
		{ { "ok/good.c", 'f', "again", 0 }, "twice" },
		{ { "ok/good.c/inside.c", 'f', "x", 0 }, "path that is a file" },
		{ { "bad\nname.c", 'f', "x", 0 }, "control character" },
		{ { "big.bin", 'f', NULL, ARCHIVE_MAX_BYTES + 1 }, "bytes extracted" },
	};
	char err[512], to[PATH_CAP];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (int zip = 0; zip < 2; zip++) {
			if (zip && cases[i].bad.type == 'h')
				continue; /* zip has no hard links */
			struct item items[] = { { "ok/good.c", 'f', "fine", 0 }, cases[i].bad, { NULL, 0, NULL, 0 } };
			ck_assert_msg(try_items(items, zip, err, sizeof err, to) != 0, "case %zu (%s) was accepted", i,
				      zip ? "zip" : "tar.gz");
			ck_assert_msg(strstr(err, cases[i].why) != NULL, "case %zu: '%s' does not say %s", i, err, cases[i].why);
			ck_assert_msg(!fs_is_dir(to), "case %zu left %s behind", i, to);
		}
}
END_TEST

START_TEST(too_many_entries_and_non_archives_are_refused)
{
	struct item *items = calloc(ARCHIVE_MAX_ENTRIES + 2, sizeof *items);
	char (*names)[32] = calloc(ARCHIVE_MAX_ENTRIES + 1, sizeof *names);
	char err[512], to[PATH_CAP], path[PATH_CAP];

	ck_assert(items != NULL && names != NULL);
	for (int i = 0; i <= ARCHIVE_MAX_ENTRIES; i++) {
		snprintf(names[i], sizeof names[i], "f%d.c", i);
		items[i] = (struct item){ names[i], 'f', "x", 0 };
	}
	ck_assert_int_ne(try_items(items, false, err, sizeof err, to), 0);
	ck_assert_msg(strstr(err, "too many") != NULL, "%s", err);
	free(items);
	free(names);
	fs_path(path, sizeof path, "%s/fake.zip", dir);
	put_file(path, "this is not a zip file\n");
	ck_assert_int_ne(unpack_archive(path, to, err, sizeof err), 0);
	ck_assert(!fs_is_dir(to));
}
END_TEST

TCase *unpack_tcase(void)
{
	TCase *tc = tcase_create("unpack");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, good_archives_come_out_whole);
	tcase_add_test(tc, bad_archives_are_refused_whole);
	tcase_add_test(tc, too_many_entries_and_non_archives_are_refused);
	return tc;
}
