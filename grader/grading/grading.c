/*
 * grading.c - the small services every step of one grading uses (see
 * grade.h): flags (evidence that withholds points), notes for the report,
 * progress lines for the person waiting, and where each build lives.
 * Neighbours: prepare.c sets the grading up, build.c builds, measure.c,
 * testrun.c, score.c, report.c and plot.c do the rest; all call these.
 */
#include "grading/grade.h"

#include "base/fsutil.h"
#include "base/numbers.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const impl_names[IMPL_COUNT] = { "submission", "pitfall", "reference" };

const char *grading_impl_name(enum impl k)
{
	return impl_names[k];
}

void grading_flag(struct grading *g, const char *name, bool deny_tests, const char *fmt, ...)
{
	va_list ap;

	g->deny_memory = true;
	g->deny_tests |= deny_tests;
	for (unsigned i = 0; i < g->nflags; i++)
		if (strcmp(g->flags[i].name, name) == 0)
			return; /* said once is enough */
	if (g->nflags == FLAGS_MAX)
		return;
	struct flag *f = &g->flags[g->nflags++];
	snprintf(f->name, sizeof f->name, "%s", name);
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof f->detail, fmt, ap);
	va_end(ap);
}

void grading_note(struct grading *g, const char *fmt, ...)
{
	va_list ap;

	if (g->nnotes == sizeof g->notes / sizeof g->notes[0])
		return;
	va_start(ap, fmt);
	vsnprintf(g->notes[g->nnotes++], sizeof g->notes[0], fmt, ap);
	va_end(ap);
}

void grading_progress(const struct grading *g, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (g->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "grade: %5.1f s  %s\n", now_s() - g->started, line);
}

const char *grading_build_dir(const struct grading *g, enum impl k, char *buf)
{
	if (k == IMPL_SUBMISSION)
		fs_path(buf, PATH_CAP, "%s/runs/build/out", g->student);
	else
		fs_path(buf, PATH_CAP, "%s/build/%s", g->impl[k].lab, impl_names[k]);
	return buf;
}
