/*
 * doc.h - documents, and a memo of an expensive measure of each.  This
 * header is the manual for the file you write, doc.c.  Neighbours:
 * session.h (the trusted part: the expensive function doc_work() and the
 * run that main.c and the tests' workload case share), pitfall.c (a memo
 * cache that keeps every document it saw alive), tests/.
 *
 * A document is a text the library copies in at doc_open().  The
 * application asks doc_measure(d, arg) many times; the answer is
 * doc_work(text, len, arg) (session.h), which is slow, so the library
 * memoizes it: the first question for a (document, arg) pair computes it
 * (a miss), every later one while the document is open is answered from
 * memory (a hit).  How the memo is kept is yours to choose.
 *
 * Invariants
 *  - While d is open, doc_work() runs exactly once per distinct arg asked
 *    of d: misses = distinct pairs asked, hits = all other questions.
 *    Two open documents never share answers, even with equal texts.
 *  - doc_close(d) ends d: no answer of d may be given again, to d or to a
 *    document opened later (which may get d's address).
 *  - With no document open, the library holds no heap at all: closing a
 *    document frees it and every memo entry about it.  (main.c measures
 *    the heap right after the last doc_close(), before
 *    doc_library_shutdown(): lab.ini's freed-at-close.)
 *
 * Life cycle
 *	struct doc *d = doc_open(text, len);       ... NULL: out of memory
 *	doc_measure(d, arg, &answer) ...           ... -1: out of memory
 *	doc_close(d);                              ... d is gone
 *	doc_library_shutdown();                    ... once, at the very end
 * Ownership: doc_open() returns a document the caller ends with
 * doc_close(); the text is copied in, answers are copied out; the memo
 * belongs to the library and must not outlive the documents it is about.
 */
#ifndef MEMLAB_DOC_H
#define MEMLAB_DOC_H

#include <stddef.h>
#include <stdint.h>

/* Hash table tuning, for implementations that grow a table (pitfall.c
 * does): first size, and the most entries per bucket before it doubles. */
#define DOC_MEMO_INITIAL_BUCKETS 16
#define DOC_MEMO_MAX_LOAD 1

struct doc;

struct doc_stats {
	uint64_t opened; /* doc_open() calls that succeeded */
	uint64_t closed; /* doc_close() calls */
	uint64_t hits;   /* doc_measure() answered from the memo */
	uint64_t misses; /* doc_measure() that ran doc_work() */
};

/* A new document holding a copy of text[0 .. len).  len may be 0.
 * Returns NULL when memory runs out. */
struct doc *doc_open(const char *text, size_t len);

/* Stores doc_work(d's text, arg) in *answer, from the memo when d was
 * asked arg before.  Returns 0, or -1 when out of memory (*answer then
 * unchanged, counters unchanged). */
int doc_measure(struct doc *d, uint32_t arg, uint64_t *answer);

/* Ends d: its text and every memo entry about it are freed.  NULL is
 * allowed (and counts nothing). */
void doc_close(struct doc *d);

/* Copies the counters (kept since the program started) into *out. */
void doc_read_stats(struct doc_stats *out);

/* Frees whatever the library still holds.  Call once, when every document
 * is closed and no more will be opened. */
void doc_library_shutdown(void);

#endif
