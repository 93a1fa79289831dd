/*
 * session.h - the docs lab's trusted work (students do not edit it): the
 * expensive function the memo saves, and the run of open, ask and close
 * that main.c and the tests' workload case (tests/test_workload.c) share,
 * so both use doc.h exactly alike.  Neighbours: session.c (the code),
 * doc.h (the API the run drives).
 *
 * The run: documents are opened one after another (SESSION_OPEN_MAX at
 * most at once, like a server's open sessions or an editor's tabs); each
 * round closes a random slot's document, if any, opens a new one with a
 * text of its own in that slot, and asks SESSION_QUESTIONS questions of
 * random open documents, with args skewed toward small numbers (some
 * repeat, so the memo earns its keep).  When every document is opened the
 * rest are closed: nothing is open at the end.
 */
#ifndef MEMLAB_SESSION_H
#define MEMLAB_SESSION_H

#include "doc.h"

#include <stddef.h>
#include <stdint.h>

#define SESSION_OPEN_MAX  8    /* documents open at once: the K of lab.ini */
#define SESSION_TEXT_MIN  2048 /* bytes of a document's text, at least */
#define SESSION_TEXT_MAX  4096 /* ... and at most */
#define SESSION_QUESTIONS 24   /* doc_measure() calls per round */
#define SESSION_ARGS      32   /* args are 0 .. SESSION_ARGS - 1 */
#define SESSION_DOCS_MAX  (UINT64_C(1) << 32)

/* What one run saw, counted by the run itself. */
struct session_run {
	uint64_t opened;    /* documents opened (and closed) */
	uint64_t questions; /* doc_measure() calls */
	uint64_t checksum;  /* of every answer, in order */
};

/* The expensive function: a hash of text mixed with arg, several rounds a
 * word.  Deterministic.  Each call adds one to doc_work_calls(). */
uint64_t doc_work(const char *text, size_t len, uint32_t arg);

/* How many times doc_work() ran in this process. */
uint64_t doc_work_calls(void);

/* Opens ndocs documents over a run from seed, asking and closing as said
 * above; every document is closed when it returns.  Returns 0, or -1 when
 * doc_open() or doc_measure() fails (run counts what was done; every
 * document is closed all the same). */
int session_run(uint64_t ndocs, uint64_t seed, struct session_run *run);

#endif
