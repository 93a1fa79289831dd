/*
 * roster.c - who a class run grades (see class.h): the students (each
 * folder of SUBMISSIONS_DIR that falls in this shard), their lab folders
 * or their archive; one entry per (student, lab), keyed, or missing with
 * the reason.  A bad entry becomes a note, never an error: one student's
 * mess must not stop the class.  The labs are classlabs.c's.  Also the
 * notes and problems every step adds to, and the shard of a name.
 */
#include "class/class.h"

#include "base/fsutil.h"
#include "tools/unpack.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *class_shown(const char *name, char *buf)
{
	return fs_printable(name, true, buf, CLASS_SHOWN_MAX);
}

/*
 * Notes and problems carry names of the students' own files and folders,
 * and what a grading said: made printable here, once, they are safe in
 * every report and line they go to, and plain UTF-8 in class.json.  Not
 * their backslashes: names come in already shown (class_shown), escapes
 * and all, and must not be escaped twice.
 */
void class_note(char *note, const char *fmt, ...)
{
	char text[CLASS_NOTE_MAX];
	size_t len = strlen(note);
	va_list ap;

	if (len + 3 >= CLASS_NOTE_MAX)
		return;
	if (len > 0) {
		memcpy(note + len, "; ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	fs_printable(text, false, note + len, CLASS_NOTE_MAX - len);
}

void class_problem(struct class *k, const char *fmt, ...)
{
	char raw[CLASS_NOTE_MAX], text[CLASS_NOTE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	fs_printable(raw, false, text, sizeof text);
	if (k->problems == NULL && (k->problems = calloc(CLASS_PROBLEMS_MAX, sizeof *k->problems)) == NULL)
		return;
	for (unsigned i = 0; i < k->nproblems; i++)
		if (strcmp(k->problems[i], text) == 0)
			return;
	if (k->nproblems < CLASS_PROBLEMS_MAX)
		memcpy(k->problems[k->nproblems++], text, sizeof text);
}

unsigned class_shard_of(const char *student, unsigned n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *p = (const unsigned char *)student; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return n == 0 ? 0 : (unsigned)(h % n);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/*
 * Any other name is graded: quotes, commas, spaces, `$()`, line breaks,
 * bytes that are not UTF-8.  Nothing runs a shell on it and every path
 * made of it is absolute (so a leading '-' is no option either); what
 * shows it escapes it (class_shown), gradebook.csv quotes it, class.json
 * keeps its bytes.  Refused: what cannot be one folder of OUT beside ours.
 */
const char *class_bad_name(const char *name)
{
	static const char *const ours[] = { "gradebook.csv", "class-report.txt", "class.json", NULL };

	if (name[0] == '\0')
		return "it is empty"; /* OUT/"" is OUT itself: a merge would replace it */
	if (strlen(name) >= CLASS_NAME_MAX)
		return "longer than " STRINGIFY(CLASS_NAME_MAX) " bytes";
	if (name[0] == '_')
		return "names starting with '_' are the class output's own";
	if (name[0] == '.' || strchr(name, '/') != NULL)
		return "it is hidden, or not one folder name";
	for (int i = 0; ours[i] != NULL; i++)
		if (strcmp(name, ours[i]) == 0)
			return "the class output has a file of that name";
	return NULL;
}

/* Extracts the student's one archive; points archive_dir at the folder holding its labs. */
static void unpack_student(struct class *k, struct class_student *st, const char *archive)
{
	char from[PATH_CAP], dest[PATH_CAP], err[CLASS_NOTE_MAX], only[PATH_CAP] = "", shown[CLASS_SHOWN_MAX];
	struct dirent **names = NULL;
	bool has_lab = false;
	int dirs = 0, n;

	/* a fresh folder each run: nothing of an earlier archive stays */
	if (fs_path(from, sizeof from, "%s/%s/%s", k->submissions, st->name, archive) != 0 ||
	    fs_path(only, sizeof only, "%s/_extracted", k->out) != 0 || fs_mkdirs(only) != 0 ||
	    fs_path(dest, sizeof dest, "%s/%s", only, st->name) != 0 || fs_remove_tree(dest) != 0) {
		class_note(st->notes, "archive '%s': cannot make a folder for it", class_shown(archive, shown));
		return;
	}
	if (unpack_archive(from, dest, err, sizeof err) != 0) {
		class_note(st->notes, "archive '%s' refused: %s", class_shown(archive, shown), err);
		return;
	}
	/* a lab folder at its top, or one folder wrapping them (zip of the student's folder) */
	n = scandir(dest, &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		char sub[PATH_CAP];
		if (names[i]->d_name[0] == '.' || fs_path(sub, sizeof sub, "%s/%s", dest, names[i]->d_name) != 0 ||
		    !fs_is_dir(sub))
			continue;
		dirs++;
		snprintf(only, sizeof only, "%s", sub);
		for (size_t l = 0; l < k->nlabs; l++)
			has_lab |= strcmp(names[i]->d_name, k->labs[l].name) == 0;
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	snprintf(st->archive_dir, sizeof st->archive_dir, "%s", !has_lab && dirs == 1 ? only : dest);
}

/* Looks at one student's folder: its lab folders, its archive, what else is there. */
static void scan_student(struct class *k, size_t s)
{
	struct class_student *st = &k->students[s];
	char dir[PATH_CAP], path[PATH_CAP], archive[256] = "", shown[CLASS_SHOWN_MAX];
	struct dirent **names = NULL;
	bool folder[CLASS_LABS_MAX] = { false };
	unsigned archives = 0;

	fs_path(dir, sizeof dir, "%s/%s", k->submissions, st->name);
	int n = scandir(dir, &names, NULL, by_name);
	if (n < 0)
		class_note(st->notes, "its folder cannot be read: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		struct stat sb;
		size_t l;
		if (name[0] == '.' || fs_path(path, sizeof path, "%s/%s", dir, name) != 0 || lstat(path, &sb) != 0)
			continue;
		for (l = 0; l < k->nlabs && strcmp(name, k->labs[l].name) != 0; l++)
			;
		if (S_ISDIR(sb.st_mode) && l < k->nlabs)
			folder[l] = true;
		else if (S_ISDIR(sb.st_mode) && class_is_lab(k->root, name))
			; /* a lab this run does not grade (--labs) */
		else if (S_ISREG(sb.st_mode) && unpack_is_archive(name) && ++archives == 1)
			snprintf(archive, sizeof archive, "%s", name);
		else if (!(S_ISREG(sb.st_mode) && unpack_is_archive(name)))
			class_note(st->notes, "stray %s '%s' ignored", S_ISDIR(sb.st_mode) ? "folder" :
				   S_ISREG(sb.st_mode) ? "file" : S_ISLNK(sb.st_mode) ? "link" : "entry", class_shown(name, shown));
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (archives > 1)
		class_note(st->notes, "%u archives: only one is accepted, none was used", archives);
	else if (archives == 1)
		unpack_student(k, st, archive);

	for (size_t l = 0; l < k->nlabs; l++) {
		const struct class_lab *lab = &k->labs[l];
		struct class_entry *e = class_entry_at(k, s, l);
		struct stat sb;
		struct hash h;
		char in_archive[PATH_CAP];
		bool packed = st->archive_dir[0] != '\0' &&
			      fs_path(in_archive, sizeof in_archive, "%s/%s", st->archive_dir, lab->name) == 0 &&
			      fs_is_dir(in_archive);
		if (folder[l] && packed)
			class_note(st->notes, "%s both as a folder and in the archive: the folder was graded", lab->name);
		e->from_archive = !folder[l] && packed;
		hash_init(&h);
		hash_field(&h, lab->key);
		fs_path(path, sizeof path, "%s/%s/%s", e->from_archive ? st->archive_dir : dir, lab->name,
			lab->spec.student);
		if (!folder[l] && !packed)
			snprintf(e->note, sizeof e->note, "no %s folder", lab->name);
		else if (lstat(path, &sb) != 0)
			snprintf(e->note, sizeof e->note, "no %s in its %s folder", lab->spec.student, lab->name);
		else if (!S_ISREG(sb.st_mode))
			snprintf(e->note, sizeof e->note, "its %s/%s is not a regular file (a link?)", lab->name,
				 lab->spec.student);
		if (e->note[0] != '\0') {
			e->state = ENTRY_MISSING;
			hash_field(&h, "missing");
			hash_field(&h, e->note);
		} else {
			e->state = ENTRY_PENDING;
			hash_field(&h, "submission");
			hash_field(&h, k->seed_text);
			hash_file(&h, path);
		}
		hash_final(&h, e->key);
	}
}

int class_roster(struct class *k, char *err, size_t errlen)
{
	struct dirent **names = NULL;
	struct stat out_st;
	int rc = -1, n;

	if (stat(k->out, &out_st) != 0)
		memset(&out_st, 0, sizeof out_st);
	if ((n = scandir(k->submissions, &names, NULL, by_name)) < 0) {
		snprintf(err, errlen, "%s: %s", k->submissions, strerror(errno));
		return -1;
	}
	k->students = calloc(n > 0 ? (size_t)n : 1, sizeof *k->students);
	if (k->students == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name, *why;
		char path[PATH_CAP], shown[CLASS_SHOWN_MAX];
		struct stat sb;
		if (name[0] == '.' || fs_path(path, sizeof path, "%s/%s", k->submissions, name) != 0 || lstat(path, &sb) != 0)
			continue;
		if (sb.st_dev == out_st.st_dev && sb.st_ino == out_st.st_ino)
			continue; /* the output folder, put inside the class folder */
		class_shown(name, shown); /* a name too long to be one is cut */
		if (!S_ISDIR(sb.st_mode))
			class_problem(k, "'%s': a stray %s, not a student folder%s", shown, S_ISLNK(sb.st_mode) ? "link" : "file",
				      unpack_is_archive(name) ? " (an archive goes in a folder named after the student)" : "");
		else if ((why = class_bad_name(name)) != NULL)
			class_problem(k, "'%s': not a student folder: %s", shown, why);
		else if (k->shard_n == 0 || class_shard_of(name, k->shard_n) == k->shard_i) {
			if (k->nstudents == CLASS_STUDENTS_MAX) {
				class_problem(k, "more than %d students: '%s' and those after it left out", CLASS_STUDENTS_MAX, shown);
				break;
			}
			snprintf(k->students[k->nstudents++].name, CLASS_NAME_MAX, "%s", name);
		}
	}
	k->entries = calloc(k->nstudents * k->nlabs + 1, sizeof *k->entries);
	if (k->entries == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (size_t s = 0; s < k->nstudents; s++)
		scan_student(k, s);
	rc = 0;
out:
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
