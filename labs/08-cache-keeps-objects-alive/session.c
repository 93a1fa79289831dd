/*
 * session.c - the expensive function and the run of documents (trusted
 * lab code; see session.h).  Neighbours: main.c and tests/test_workload.c
 * (its two callers), doc.h (what it drives).
 */
#include "session.h"
#include "splitmix.h"

#include <string.h>

#define WORK_ROUNDS 4 /* mixes per 8-byte word of text: the cost of doc_work() */

static uint64_t work_calls;
static char text[SESSION_TEXT_MAX]; /* the next document's text; doc_open() copies it */

/* splitmix64: a small, well-known PRNG. */
static uint64_t next_random(uint64_t *state)
{
	return splitmix_next(state);
}

uint64_t doc_work(const char *t, size_t len, uint32_t arg)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325) ^ arg;
	size_t i = 0;

	work_calls++;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, t + i, 8);
		for (int r = 0; r < WORK_ROUNDS; r++) {
			h = (h ^ (w + arg)) * UINT64_C(0x100000001b3);
			h ^= h >> 29;
		}
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)t[i]) * UINT64_C(0x100000001b3);
	return h ^ len;
}

uint64_t doc_work_calls(void)
{
	return work_calls;
}

/* A text of printable bytes, its length in [SESSION_TEXT_MIN, SESSION_TEXT_MAX]. */
static size_t make_text(uint64_t *rng)
{
	size_t len = SESSION_TEXT_MIN +
		     (size_t)(next_random(rng) % (SESSION_TEXT_MAX - SESSION_TEXT_MIN + 1));

	for (size_t i = 0; i < len; i += 8) {
		uint64_t r = next_random(rng);
		for (size_t j = i; j < i + 8 && j < len; j++, r >>= 8)
			text[j] = (char)(' ' + (r & 63));
	}
	return len;
}

/* Skewed: small args come up far more often. */
static uint32_t next_arg(uint64_t *rng)
{
	uint64_t r = next_random(rng);

	return (uint32_t)((r % SESSION_ARGS) & ((r >> 32) % SESSION_ARGS));
}

int session_run(uint64_t ndocs, uint64_t seed, struct session_run *run)
{
	struct doc *open[SESSION_OPEN_MAX] = { NULL };
	uint64_t rng = seed;
	int status = -1;

	*run = (struct session_run){ 0 };
	while (run->opened < ndocs) {
		size_t s = (size_t)(next_random(&rng) % SESSION_OPEN_MAX);
		doc_close(open[s]);
		open[s] = NULL;
		size_t len = make_text(&rng);
		open[s] = doc_open(text, len);
		if (open[s] == NULL)
			goto out;
		run->opened++;
		for (int q = 0; q < SESSION_QUESTIONS; q++) {
			size_t k = (size_t)(next_random(&rng) % SESSION_OPEN_MAX);
			uint32_t arg = next_arg(&rng);
			uint64_t answer;
			while (open[k] == NULL) /* some slot is open: s */
				k = (k + 1) % SESSION_OPEN_MAX;
			if (doc_measure(open[k], arg, &answer) != 0)
				goto out;
			run->checksum = run->checksum * UINT64_C(31) + answer;
			run->questions++;
		}
	}
	status = 0;
out:
	for (size_t s = 0; s < SESSION_OPEN_MAX; s++)
		doc_close(open[s]);
	return status;
}
