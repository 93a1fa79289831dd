/*
 * class.h - class mode: a whole class graded by one command, resumably,
 * into a gradebook and a class report.
 *
 *     grade --class SUBMISSIONS_DIR [--labs LIST] [-j N] [--out DIR]
 *           [--shard I/N] [--seed N]
 *     grade --merge OUT1 OUT2 ... --out DIR
 *
 * SUBMISSIONS_DIR/<student>/<lab>/<the student file> (or a student folder
 * holding one .zip/.tar.gz of that shape).  Each (student, lab) is one
 * grading: the grader itself, run as a supervised child (child.h) with
 *     grade LAB --submission DIR --out OUT/<student>/<lab> -j 1 --no-baseline
 * N of them at a time.  It sandboxes itself (sandbox.h); as root each
 * claims a runner user of its own, so N is capped at SANDBOX_USERS.
 *
 * Resume: every grading has a key, the SHA-256 (hash.h) of the grader
 * binary, the lab's spec and sources, the submitted file's bytes and the
 * options that change a grade (--seed).  When a grading ends with a
 * readable results.json, its key is written next to it (graded.key,
 * atomically, after results.json): a rerun whose key matches reuses it;
 * anything else (missing, changed, interrupted half-way) is graded again.
 *
 * The files, in the order they are made:
 *     classlabs.c   the labs and their keys
 *     roster.c      the students, their archives, their entries' keys
 *     classrun.c    the gradings: a pool of N workers, progress
 *     classjob.c    one grading: the child, its outcome, its key
 *     gradebook.c   gradebook.csv, class.json (and reading it back)
 *     classstudent.c each student's report.txt and results.json
 *     classreport.c class-report.txt and its charts (plots/class-*.gp)
 *     classmerge.c  --merge: shards joined into one
 *     class.c       the options and the order of all this
 *     unpack.c      safe archive extraction; hash.c the keys
 * Life cycle: class_main() does everything and releases what it took.
 */
#ifndef GRADER_CLASS_H
#define GRADER_CLASS_H

#include "base/hash.h"
#include "base/limits.h"
#include "grading/spec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Environment of a grading started by class mode (read by class_grading_hook). */
#define CLASS_ENV_PARENT "MEMLAB_CLASS_PARENT"  /* the class run's pid: die with it */
#define CLASS_ENV_CPU    "MEMLAB_CLASS_CPU"     /* where to write the grading's own CPU time */

/*
 * A student's name is its folder's, any bytes but those class_bad_name()
 * refuses: not always UTF-8, maybe with quotes, line breaks, escapes.
 * Paths and gradebook.csv take it as it is; what is shown (reports, notes,
 * stderr) takes it through class_shown(), at most CLASS_SHOWN_MAX bytes
 * (4 per byte, \xHH); class.json keeps it losslessly (class_json_set_text).
 */
#define CLASS_SHOWN_MAX  (4 * CLASS_NAME_MAX)

/* What class mode adds to each grading's output folder. */
#define CLASS_KEY_FILE   "graded.key"
#define CLASS_CPU_FILE   "class-cpu.txt"
#define CLASS_LOG_FILE   "class-grade.log"

enum class_baseline { BASELINE_PITFALL, BASELINE_REFERENCE, CLASS_BASELINES };

enum entry_state {
	ENTRY_PENDING,   /* to grade, or to reuse if its key matches */
	ENTRY_GRADED,    /* has a score (0 if it did not build) */
	ENTRY_MISSING,   /* nothing to grade: scores 0, note says why */
	ENTRY_FAILED,    /* could not grade (lab side, timeout, crash): no score, graded again next run */
};

/* One student's one lab, or one baseline of a lab. */
struct class_entry {
	enum entry_state state;
	char key[HASH_HEX_LEN + 1];
	bool from_archive;           /* the lab folder came out of the student's archive */
	bool reused;                 /* graded by an earlier run, same key */
	double score, max;
	bool built;
	bool has_peak;
	double peak;                 /* peak heap at the largest size, bytes */
	double elapsed_s;
	char note[CLASS_NOTE_MAX];   /* why missing or failed; did not build; flags */
};

struct class_lab {
	char name[SPEC_NAME_MAX];
	char dir[PATH_CAP];          /* ROOT/labs/NAME */
	struct spec spec;
	char key[HASH_HEX_LEN + 1];  /* grader binary + lab.mk + labs/common + the lab's folder */
	struct class_entry baseline[CLASS_BASELINES];
};

struct class_student {
	char name[CLASS_NAME_MAX];
	char archive_dir[PATH_CAP];  /* where its archive was extracted, or "" */
	char notes[CLASS_NOTE_MAX];  /* bad entries in its folder, "; "-separated */
};

/* What this run did (a merge sums its parts'). */
struct class_run {
	unsigned graded, reused, failed;
	double wall_s;
	double grader_cpu_s;         /* the class run and every grading, themselves */
	double tools_cpu_s;          /* their children: make, tests, valgrind, gnuplot */
};

struct class {
	/* options */
	const char *submissions;     /* NULL for a merge */
	const char *out_dir;
	const char *labs_option;     /* "02,04-unbounded-cache" or NULL: every lab */
	unsigned jobs;
	unsigned shard_i, shard_n;   /* shard_n 0: the whole class */
	uint64_t seed;               /* 0: each grading draws its own */
	char seed_text[24];          /* --seed as given ("" if none): part of every key */

	char submissions_abs[PATH_CAP]; /* SUBMISSIONS_DIR, absolute (gradings run elsewhere) */
	char root[PATH_CAP];         /* memlab's top folder */
	char exe[PATH_CAP];          /* the grader binary, as /proc/PID/exe: the one this run started as */
	char out[PATH_CAP];          /* out_dir, absolute */
	char tmpdir[PATH_CAP];       /* the class run's TMPDIR, for every grading's scratch, or "" */
	int lock_fd;                 /* flock on OUT/.class.lock */

	struct class_lab *labs;      /* nlabs, in name order */
	size_t nlabs;
	struct class_student *students; /* nstudents, in byte order of names */
	size_t nstudents;
	struct class_entry *entries; /* nstudents x nlabs: entries[s * nlabs + l] */
	char (*problems)[CLASS_NOTE_MAX]; /* class-level: stray files, bad names */
	unsigned nproblems;
	struct class_run run;
};

static inline struct class_entry *class_entry_at(const struct class *k, size_t s, size_t l)
{
	return &k->entries[s * k->nlabs + l];
}

/* Is this a class-mode command line (--class or --merge)? */
bool class_wanted(int argc, char **argv);
/* Runs it; returns the exit status: 0 all graded, 1 some could not be, 2 could not run. */
int class_main(int argc, char **argv);
/*
 * In a grading that class mode started (its environment says so): dies
 * with the class run (so Ctrl-C there stops every grading, whose own
 * handlers then stop their children), and at exit writes its own CPU time
 * and its children's to the file class mode named.  Does nothing otherwise.
 */
void class_grading_hook(void);

/*
 * One grading of a class run (classjob.c): a student's lab (student is
 * that student's index) or a baseline of the lab (student is SIZE_MAX).
 */
struct class_job {
	size_t student, lab;
	enum class_baseline baseline;  /* for a baseline */
	struct class_entry *e;
	double grader_cpu_s, tools_cpu_s; /* what the grading said of its CPU time: its own, its children's */
};

/* Was it graded by an earlier run with the same key?  If so its outcome is read into e. */
bool class_job_reusable(const struct class *k, struct class_job *j);
/* Grades it (a child; blocks until it ends), reads the outcome into e, records the key. */
void class_job_run(const struct class *k, struct class_job *j);
/* Writes the outputs of a missing entry (results.json, report.txt: score 0, why) and its key. */
int class_job_write_missing(const struct class *k, struct class_job *j);
/* "alice 02-concatenation" or "02-concatenation (pitfall)", for progress lines. */
const char *class_job_name(const struct class *k, const struct class_job *j, char *buf, size_t cap);

/* Steps of class_main; each returns 0, or -1 with a one-line reason in err. */
int class_labs(struct class *k, char *err, size_t errlen);              /* classlabs.c */
int class_roster(struct class *k, char *err, size_t errlen);            /* roster.c */
int class_grade(struct class *k, char *err, size_t errlen);             /* classrun.c */
int class_write(struct class *k, char *err, size_t errlen);             /* gradebook.c */
int class_write_student(const struct class *k, size_t s);               /* classstudent.c: 0 or -1 */
int class_load(struct class *k, const char *dir, char *err, size_t errlen); /* gradebook.c: a class.json */
int class_report(const struct class *k, char *err, size_t errlen);      /* classreport.c */

/* grade --merge: joins the class outputs parts[] into k->out_dir.  0, or -1 with why (classmerge.c). */
int class_merge(struct class *k, const char *const *parts, unsigned nparts, char *err, size_t errlen);
/* Prints where everything is and what this run did (classmerge.c). */
void class_summary(const struct class *k, FILE *f);
/* Makes k->out_dir, fills k->out, and locks it against a second run.  0, or -1 with why (classout.c). */
int class_claim_out(struct class *k, char *err, size_t errlen);
/* Is labs/name a lab (a folder with a lab.ini)? (classlabs.c) */
bool class_is_lab(const char *root, const char *name);
/* Why a name cannot be a student folder, or NULL if it can (roster.c). */
const char *class_bad_name(const char *name);

/* A student's name as shown (see CLASS_SHOWN_MAX): into buf (CLASS_SHOWN_MAX), returned. */
const char *class_shown(const char *name, char *buf);

/*
 * Adds a class-level problem (stray file, bad name...), printf-style; said
 * once (roster.c).  Like a note, its text is made printable (fs_printable):
 * give it names as class_shown() shows them.
 */
void class_problem(struct class *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends to a note ("; "-separated), printf-style, made printable; a full note is cut. */
void class_note(char *note, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Text that may not be UTF-8 (a name, a note) in a JSON object, losslessly
 * (classjson.c): o[key] is the text itself when it is printable UTF-8
 * (fs_is_printable); otherwise o[key] is how it is shown and o[key_hex]
 * its exact bytes in hex ("st\xffud" and "7374ff7564").  0 or -1.
 */
struct json_t;
int class_json_set_text(struct json_t *o, const char *key, const char *text);
/* Reads it back into buf: key_hex if there is one, else key.  0, or -1 if missing, not hex, or longer than cap - 1. */
int class_json_get_text(struct json_t *o, const char *key, char *buf, size_t cap);
/* The stable shard of a student: FNV-1a of the name, mod n. */
unsigned class_shard_of(const char *student, unsigned n);
/* Releases what class mode allocated (labs, students, entries, problems, lock) (classout.c). */
void class_release(struct class *k);

#endif
