/*
 * classrun.c - runs a class's gradings (see class.h): what an earlier run
 * finished with the same key is reused, missing entries are written at
 * once, and the rest go to a pool of -j worker threads, each running one
 * grading at a time through child.h and recording it the moment it ends
 * (so an interruption loses only the gradings under way).  Progress goes
 * to stderr: a bar redrawn in place on a terminal, one plain line per
 * finished grading otherwise (a log, CI, Slurm).
 *
 * Threads, not one child_run_all() over every grading: that call returns
 * only when all are done, and a finished grading must be recorded, and
 * shown, when it finishes.  Each worker's child_run_all() supervises one
 * child; all shared state here is under the pool's mutex.
 */
#include "class/class.h"

#include "base/fsutil.h"
#include "base/numbers.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 24        /* characters of the progress bar */
#define REDRAW_S  0.5       /* how often the bar is redrawn while nothing ends */

struct pool {
	const struct class *k;
	struct class_job *jobs;
	size_t njobs, next, done;
	unsigned failed;
	double grader_cpu_s;        /* what the gradings said of their own CPU time */
	double started;
	bool terminal;
	pthread_mutex_t mu;
	pthread_cond_t changed;
};

static const char *duration(double s, char *buf, size_t cap)
{
	long t = (long)(s + 0.5);
	if (t >= 3600)
		snprintf(buf, cap, "%ldh%02ldm", t / 3600, t / 60 % 60);
	else if (t >= 60)
		snprintf(buf, cap, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(buf, cap, "%lds", t);
	return buf;
}

/* The bar, redrawn over itself: done/total, failures so far, elapsed, time left. */
static void draw_bar(const struct pool *p)
{
	char bar[BAR_WIDTH + 1], took[32], left[32] = "?";
	size_t fill = p->njobs > 0 ? p->done * BAR_WIDTH / p->njobs : BAR_WIDTH;
	double elapsed = now_s() - p->started;

	for (size_t i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	if (p->done > 0)
		duration(elapsed / (double)p->done * (double)(p->njobs - p->done), left, sizeof left);
	fprintf(stderr, "\r\033[K[%s] %zu/%zu graded, %u failed, %s, ~%s left", bar, p->done, p->njobs, p->failed,
		duration(elapsed, took, sizeof took), left);
	fflush(stderr);
}

/* Called with the lock held, when job j has ended. */
static void tell(const struct pool *p, const struct class_job *j)
{
	char name[CLASS_SHOWN_MAX + SPEC_NAME_MAX + 16];
	const struct class_entry *e = j->e;

	class_job_name(p->k, j, name, sizeof name);
	if (p->terminal && e->state != ENTRY_FAILED)
		return; /* the bar says it; only failures get a line of their own */
	if (p->terminal)
		fprintf(stderr, "\r\033[K");
	if (e->state == ENTRY_FAILED)
		fprintf(stderr, "[%zu/%zu] %s: FAILED: %s\n", p->done, p->njobs, name, e->note);
	else
		fprintf(stderr, "[%zu/%zu] %s: %.1f/%g (%.0f s)%s%s\n", p->done, p->njobs, name, e->score, e->max,
			e->elapsed_s, e->note[0] ? " - " : "", e->note);
	if (p->terminal)
		draw_bar(p);
}

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		struct class_job *j = p->next < p->njobs ? &p->jobs[p->next++] : NULL;
		pthread_mutex_unlock(&p->mu);
		if (j == NULL)
			return NULL;
		class_job_run(p->k, j);
		pthread_mutex_lock(&p->mu);
		p->done++;
		p->failed += j->e->state == ENTRY_FAILED;
		p->grader_cpu_s += j->grader_cpu_s;
		tell(p, j);
		pthread_cond_signal(&p->changed);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Runs the pool's jobs, k->jobs at a time; returns when all have ended. */
static void run_pool(struct pool *p)
{
	pthread_t threads[CLASS_JOBS_MAX];
	unsigned started = 0, want = p->k->jobs < p->njobs ? p->k->jobs : (unsigned)p->njobs;

	p->started = now_s();
	for (; started < want && started < CLASS_JOBS_MAX; started++)
		if (pthread_create(&threads[started], NULL, worker, p) != 0)
			break;
	if (started == 0) {
		worker(p); /* no thread to be had: one at a time, here */
		return;
	}
	pthread_mutex_lock(&p->mu);
	while (p->done < p->njobs) {
		if (p->terminal)
			draw_bar(p);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		long ns = until.tv_nsec + (long)(REDRAW_S * 1e9);
		until.tv_sec += ns / 1000000000L;
		until.tv_nsec = ns % 1000000000L;
		pthread_cond_timedwait(&p->changed, &p->mu, &until);
	}
	if (p->terminal) {
		draw_bar(p);
		fputc('\n', stderr);
	}
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}

/* Takes the entry as reused, writes it if it is missing, or queues it. */
static int sort_out(struct class *k, struct class_job *j, struct pool *p, char *err, size_t errlen)
{
	char name[CLASS_SHOWN_MAX + SPEC_NAME_MAX + 16];

	if (class_job_reusable(k, j)) {
		j->e->reused = true;
		k->run.reused += j->e->state != ENTRY_MISSING;
		return 0;
	}
	if (j->e->state == ENTRY_MISSING) {
		if (class_job_write_missing(k, j) != 0) {
			snprintf(err, errlen, "cannot write the outputs of %s under %s", class_job_name(k, j, name, sizeof name),
				 k->out);
			return -1;
		}
		return 0;
	}
	p->jobs[p->njobs++] = *j;
	return 0;
}

int class_grade(struct class *k, char *err, size_t errlen)
{
	struct pool p;
	int rc = -1;

	memset(&p, 0, sizeof p);
	p.k = k;
	p.terminal = isatty(STDERR_FILENO);
	p.jobs = calloc(k->nlabs * CLASS_BASELINES + k->nstudents * k->nlabs + 1, sizeof *p.jobs);
	if (p.jobs == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* baselines first: the class report needs them whatever else happens */
	for (size_t l = 0; l < k->nlabs; l++)
		for (int b = 0; b < CLASS_BASELINES; b++) {
			struct class_job j = { SIZE_MAX, l, (enum class_baseline)b, &k->labs[l].baseline[b], 0, 0 };
			if (j.e->state != ENTRY_MISSING && sort_out(k, &j, &p, err, errlen) != 0)
				goto out;
		}
	for (size_t s = 0; s < k->nstudents; s++)
		for (size_t l = 0; l < k->nlabs; l++) {
			struct class_job j = { s, l, BASELINE_PITFALL, class_entry_at(k, s, l), 0, 0 };
			if (sort_out(k, &j, &p, err, errlen) != 0)
				goto out;
		}
	fprintf(stderr, "class: %zu student%s x %zu lab%s: %zu grading%s to run, %u unchanged since the last run, -j %u\n",
		k->nstudents, k->nstudents == 1 ? "" : "s", k->nlabs, k->nlabs == 1 ? "" : "s", p.njobs,
		p.njobs == 1 ? "" : "s", k->run.reused, k->jobs);
	if (pthread_mutex_init(&p.mu, NULL) != 0 || pthread_cond_init(&p.changed, NULL) != 0) {
		snprintf(err, errlen, "cannot make the pool's lock");
		goto out;
	}
	if (p.njobs > 0)
		run_pool(&p);
	pthread_cond_destroy(&p.changed);
	pthread_mutex_destroy(&p.mu);
	k->run.graded += (unsigned)p.njobs - p.failed;
	k->run.failed += p.failed;
	k->run.grader_cpu_s += p.grader_cpu_s;
	rc = 0;
out:
	free(p.jobs);
	return rc;
}
