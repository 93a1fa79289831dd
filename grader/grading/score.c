/*
 * score.c - judges each criterion of the spec against what was measured
 * (see grade.h and docs/lab-spec.md).
 *
 * The rules, in the order a student would ask about them:
 *  - a program that does not build scores 0 everywhere;
 *  - tests score in proportion to Check tests passed;
 *  - output scores in proportion to sizes whose every run printed the
 *    expected output;
 *  - a memory figure counts only at a size whose output was right: a wrong
 *    answer in little memory earns nothing;
 *  - `at = every` judges each size the tool ran at and scores in proportion;
 *    `at = largest` judges the largest; `fit = exponent` judges the growth
 *    exponent over all of them, and needs every one of them right.
 * Each result carries one line with the measured figure next to the target.
 * A flag (grade.h: memory hidden from malloc, a program that knows it runs
 * under valgrind, code before main) takes the points it could have faked.
 */
#include "grading/grade.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static double value_of(const struct size_result *r, enum measure m)
{
	switch (m) {
	case MEASURE_PEAK_HEAP: return (double)r->peak_heap;
	case MEASURE_TOTAL_ALLOC: return (double)r->total_alloc;
	case MEASURE_HEAP_AT_EXIT: return (double)r->heap_at_exit;
	case MEASURE_INSTRUCTIONS: return (double)r->instructions;
	case MEASURE_LEAKED: return (double)(r->memcheck.definitely_lost + r->memcheck.indirectly_lost);
	case MEASURE_HEAP_AT_CHECKPOINT: return (double)r->heap_at_checkpoint;
	case MEASURE_BLOCKS_ALLOC: return (double)r->blocks_alloc;
	case MEASURE_FDS_AT_EXIT: return (double)r->memcheck.fds_open;
	default: return (double)r->memcheck.errors;
	}
}

static bool within(const struct criterion *c, double v, double scale)
{
	return (!c->has_max || v <= c->max * scale) && (!c->has_min || v >= c->min * scale);
}

static void target_text(const struct criterion *c, double scale, char *buf, size_t cap, bool exponent)
{
	char a[64], b[64];

	if (exponent) {
		snprintf(a, sizeof a, "%.2f", c->max);
		snprintf(b, sizeof b, "%.2f", c->min);
	} else {
		measure_format(c->max * scale, c->measure, a, sizeof a);
		measure_format(c->min * scale, c->measure, b, sizeof b);
	}
	if (c->has_max && c->has_min)
		snprintf(buf, cap, "target %s..%s", b, a);
	else if (c->has_max)
		snprintf(buf, cap, "target <= %s", a);
	else
		snprintf(buf, cap, "target >= %s", b);
}

/*
 * Can the figure at size i be used?  Returns NULL, or why not.
 */
static const char *unusable(const struct grading *g, size_t i, enum tool t, enum measure m)
{
	const struct size_result *r = &g->impl[IMPL_SUBMISSION].at[i];

	if (!r->output_ok)
		return "wrong output, so no memory points";
	if (!r->measured[t])
		return r->why[t][0] != '\0' ? r->why[t] : "not measured";
	if (m == MEASURE_HEAP_AT_CHECKPOINT && !r->checkpoint_known)
		return r->checkpoint_why;
	return NULL;
}

static void judge_measure(const struct grading *g, const struct criterion *c, struct criterion_result *out)
{
	const struct spec *s = &g->spec;
	enum tool t = measure_tool(c->measure);
	size_t idx[SPEC_MAX_SIZES], n = 0;
	char fig[64], target[96];
	const char *what = measure_name(c->measure);

	for (size_t i = c->from; i < s->nsizes; i++)
		if (s->tool_at[t][i])
			idx[n++] = i;
	if (c->fit) {
		double x[SPEC_MAX_SIZES], y[SPEC_MAX_SIZES];
		struct fit f;
		for (size_t k = 0; k < n; k++) {
			const char *why = unusable(g, idx[k], t, c->measure);
			if (why != NULL) {
				snprintf(out->detail, sizeof out->detail, "%s growth: not fitted: at %" PRIu64 " %s: %s",
					 what, s->sizes[idx[k]], s->unit, why);
				return;
			}
			x[k] = (double)s->sizes[idx[k]];
			y[k] = value_of(&g->impl[IMPL_SUBMISSION].at[idx[k]], c->measure);
		}
		if (fit_power(x, y, n, &f) != 0) {
			snprintf(out->detail, sizeof out->detail, "%s growth: the sizes cannot be fitted", what);
			return;
		}
		target_text(c, 1, target, sizeof target, true);
		out->passed = within(c, f.exponent, 1);
		snprintf(out->detail, sizeof out->detail, "%s grows as size^%.2f (R^2 %.2f) over %" PRIu64 "..%" PRIu64
			 " %s (%s)", what, f.exponent, f.r2, s->sizes[idx[0]], s->sizes[idx[n - 1]], s->unit, target);
		out->score = out->passed ? c->points : 0;
		return;
	}
	size_t first = c->every ? 0 : n - 1, judged = n - first, good = 0;
	char first_fail[REPORT_DETAIL_MAX] = "", last_pass[REPORT_DETAIL_MAX] = "";
	for (size_t k = first; k < n; k++) {
		size_t i = idx[k];
		double scale = c->per_size ? (double)s->sizes[i] : 1;
		const char *why = unusable(g, i, t, c->measure);
		bool pass = false;
		char line[REPORT_DETAIL_MAX];
		target_text(c, scale, target, sizeof target, false);
		if (why == NULL) {
			double v = value_of(&g->impl[IMPL_SUBMISSION].at[i], c->measure);
			pass = within(c, v, scale);
			snprintf(line, sizeof line, "%s %s at %" PRIu64 " %s (%s)", what,
				 measure_format(v, c->measure, fig, sizeof fig), s->sizes[i], s->unit, target);
		} else {
			snprintf(line, sizeof line, "%s at %" PRIu64 " %s: %s", what, s->sizes[i], s->unit, why);
		}
		good += pass;
		/* the smallest size that fails says most; else the largest that passes */
		if (!pass && first_fail[0] == '\0')
			memcpy(first_fail, line, sizeof line);
		if (pass)
			memcpy(last_pass, line, sizeof line);
	}
	const char *worst = first_fail[0] != '\0' ? first_fail : last_pass;
	out->passed = good == judged;
	out->score = c->points * (double)good / (double)judged;
	if (c->every)
		snprintf(out->detail, sizeof out->detail, "%zu of %zu sizes pass; %s %s", good, judged,
			 out->passed ? "e.g." : "first failing:", worst);
	else
		snprintf(out->detail, sizeof out->detail, "%s", worst);
}

static void judge_memcheck(const struct grading *g, struct criterion_result *out)
{
	const struct spec *s = &g->spec;
	size_t judged = 0, good = 0;
	char first_bad[REPORT_DETAIL_MAX] = "";

	for (size_t i = 0; i < s->nsizes; i++) {
		if (!s->tool_at[TOOL_MEMCHECK][i])
			continue;
		judged++;
		const struct size_result *r = &g->impl[IMPL_SUBMISSION].at[i];
		const char *why = unusable(g, i, TOOL_MEMCHECK, MEASURE_LEAKED);
		uint64_t lost = r->memcheck.definitely_lost + r->memcheck.indirectly_lost;
		bool sanitized_clean = !r->asan_ran || r->asan_clean;
		if (why == NULL && r->memcheck.errors == 0 && lost == 0 && sanitized_clean) {
			good++;
			continue;
		}
		if (first_bad[0] != '\0')
			continue;
		if (why == NULL && r->memcheck.errors == 0 && lost == 0)
			snprintf(first_bad, sizeof first_bad, "at %" PRIu64 " %s: the AddressSanitizer build: %s", s->sizes[i],
				 s->unit, r->asan_why);
		else if (why != NULL)
			snprintf(first_bad, sizeof first_bad, "at %" PRIu64 " %s: %s", s->sizes[i], s->unit, why);
		else
			snprintf(first_bad, sizeof first_bad, "at %" PRIu64 " %s: %" PRIu64 " errors, %" PRIu64
				 " bytes definitely and %" PRIu64 " indirectly lost (see memcheck/)", s->sizes[i], s->unit,
				 r->memcheck.errors, r->memcheck.definitely_lost, r->memcheck.indirectly_lost);
	}
	/* the tests, built with the sanitizers: an error there is an error of the code they drive */
	if (!g->asan_tests_clean && good == judged && judged > 0) {
		good--;
		snprintf(first_bad, sizeof first_bad, "the tests built with AddressSanitizer: %s (see sanitizer-tests.log)",
			 g->asan_tests_why);
	}
	out->passed = good == judged;
	out->score = judged == 0 ? 0 : out->passed ? 1 : (double)good / (double)judged;
	if (out->passed)
		snprintf(out->detail, sizeof out->detail, "0 errors, 0 bytes lost at %zu size%s (target: 0 and 0)",
			 judged, judged == 1 ? "" : "s");
	else
		snprintf(out->detail, sizeof out->detail, "%s (target: 0 errors, 0 bytes lost)", first_bad);
}

/* Tests score in proportion to those passed: all of them, or those of one test case. */
static void judge_tests(const struct grading *g, const struct criterion *c, struct criterion_result *out)
{
	int total = 0, passed = 0, first = -1;
	size_t len = strlen(c->tcase);

	for (int i = 0; i < g->ntests; i++) {
		if (len > 0 && (strncmp(g->test_names[i], c->tcase, len) != 0 || g->test_names[i][len] != ':'))
			continue;
		total++;
		passed += g->test_passed[i];
		if (!g->test_passed[i] && first < 0)
			first = i;
	}
	if (len == 0) { /* every test: the counts testrun.c keeps */
		total = g->tests_total;
		passed = g->tests_passed;
	}
	out->passed = total > 0 && passed == total;
	out->score = total > 0 ? c->points * passed / total : 0;
	if (len > 0 && total == 0)
		snprintf(out->detail, sizeof out->detail, "the lab's tests have no test case %s", c->tcase);
	else if (len > 0)
		snprintf(out->detail, sizeof out->detail, "%d of %d tests of %s passed%s%s (see tests.log)", passed, total,
			 c->tcase, first >= 0 ? "; first failing: " : "", first >= 0 ? g->test_names[first] : "");
	else
		snprintf(out->detail, sizeof out->detail, "%d of %d Check tests passed%s%s (see tests.log)", passed, total,
			 g->tests_why[0] ? ": " : "", g->tests_why);
}

void grading_score(struct grading *g)
{
	const struct spec *s = &g->spec;

	g->score = 0;
	for (size_t k = 0; k < s->ncrit; k++) {
		const struct criterion *c = &s->crit[k];
		struct criterion_result *out = &g->crit[k];
		memset(out, 0, sizeof *out);
		if (!g->build_ok) {
			snprintf(out->detail, sizeof out->detail, "not graded: %s", g->build_why);
			continue;
		}
		bool memory = c->kind == CRIT_MEASURE || c->kind == CRIT_MEMCHECK;
		if ((memory && g->deny_memory) || (c->kind == CRIT_TESTS && g->deny_tests)) {
			snprintf(out->detail, sizeof out->detail, "no points: flagged %s (see the flags below)",
				 g->flags[0].name);
			continue;
		}
		if (memory && c->needs_tests && g->tests_passed < g->tests_total) {
			snprintf(out->detail, sizeof out->detail, "no points: %d of %d tests fail, and memory counts only for "
				 "code that does its job", g->tests_total - g->tests_passed, g->tests_total);
			continue;
		}
		switch (c->kind) {
		case CRIT_TESTS:
			judge_tests(g, c, out);
			break;
		case CRIT_OUTPUT: {
			size_t good = 0;
			const char *first = NULL;
			uint64_t at = 0;
			for (size_t i = 0; i < s->nsizes; i++) {
				const struct size_result *r = &g->impl[IMPL_SUBMISSION].at[i];
				if (r->output_ok)
					good++;
				else if (first == NULL) {
					first = r->output_why;
					at = s->sizes[i];
				}
			}
			out->passed = good == s->nsizes;
			out->score = c->points * (double)good / (double)s->nsizes;
			if (first == NULL)
				snprintf(out->detail, sizeof out->detail, "expected output at all %zu sizes", s->nsizes);
			else
				snprintf(out->detail, sizeof out->detail, "expected output at %zu of %zu sizes; at %" PRIu64
					 " %s: %s", good, s->nsizes, at, s->unit, first);
			break;
		}
		case CRIT_MEMCHECK:
			judge_memcheck(g, out);
			out->score *= c->points;
			break;
		case CRIT_MEASURE:
			judge_measure(g, c, out);
			break;
		}
		/* Scores are shown to one decimal: keep them exact to two. */
		out->score = round(out->score * 100) / 100;
		g->score += out->score;
	}
	g->score = round(g->score * 100) / 100;
}
