/*
 * expectations.h - what a graded file's opening comment says it deserves
 * ("expect-score: 0 40", "expect-fail: tests output", "expect-flag: NAME"),
 * read and checked against the grading's results.json, the same way by
 * check_corpus.c (hostile submissions) and check_alternatives.c (other
 * fixes, half fixes and cheats of each lab).  Static functions: each test
 * program includes it once.
 */
#ifndef GRADER_TESTS_EXPECTATIONS_H
#define GRADER_TESTS_EXPECTATIONS_H

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* The words after "key:" in the case's header, or "" (into buf). */
static const char *expect(const char *text, const char *key, char *buf, size_t cap)
{
	char pattern[64];
	snprintf(pattern, sizeof pattern, " * %s:", key);
	const char *end_of_header = strstr(text, "*/");
	const char *p = strstr(text, pattern);
	buf[0] = '\0';
	if (p == NULL || (end_of_header != NULL && p > end_of_header))
		return buf;
	p += strlen(pattern);
	while (*p == ' ')
		p++;
	snprintf(buf, cap, "%.*s", (int)strcspn(p, "\n"), p);
	return buf;
}

static json_t *criterion(json_t *root, const char *name)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(root, "tests"), i, t)
		if (strcmp(json_string_value(json_object_get(t, "name")), name) == 0)
			return t;
	return NULL;
}

static void check_statuses(json_t *root, const char *names, const char *want, const char *who)
{
	char list[256];
	snprintf(list, sizeof list, "%s", names);
	for (char *name = strtok(list, " "); name != NULL; name = strtok(NULL, " ")) {
		json_t *t = criterion(root, name);
		ck_assert_msg(t != NULL, "%s: no criterion %s", who, name);
		const char *status = json_string_value(json_object_get(t, "status"));
		ck_assert_msg(strcmp(status, want) == 0, "%s: %s %s, expected %s (%s)", who, name, status, want,
			      json_string_value(json_object_get(t, "output")));
	}
}

/* The names of the flags results.json carries, space-separated, into buf. */
static const char *flags_of(json_t *root, char *buf, size_t cap)
{
	size_t k;
	json_t *fl;

	buf[0] = '\0';
	json_array_foreach(json_object_get(json_object_get(root, "extra_data"), "flags"), k, fl) {
		strncat(buf, json_string_value(json_object_get(fl, "name")), cap - strlen(buf) - 2);
		strcat(buf, " ");
	}
	return buf;
}

/* Checks root against text's expect-score, -pass, -fail, -flag and -note; who names it in failures. */
static void check_expectations(json_t *root, const char *text, const char *who)
{
	char buf[256], flags[256];
	double score = json_number_value(json_object_get(root, "score")), lo = 0, hi = 100;

	sscanf(expect(text, "expect-score", buf, sizeof buf), "%lf %lf", &lo, &hi);
	ck_assert_msg(score >= lo && score <= hi, "%s: score %.1f, expected %g..%g", who, score, lo, hi);
	check_statuses(root, expect(text, "expect-pass", buf, sizeof buf), "passed", who);
	check_statuses(root, expect(text, "expect-fail", buf, sizeof buf), "failed", who);
	flags_of(root, flags, sizeof flags);
	expect(text, "expect-flag", buf, sizeof buf);
	ck_assert_msg(buf[0] == '\0' || strstr(flags, buf) != NULL, "%s: no flag %s (flags: %s)", who, buf, flags);
	expect(text, "expect-note", buf, sizeof buf);
	const char *said = json_string_value(json_object_get(json_object_get(root, "extra_data"), "build_error"));
	ck_assert_msg(buf[0] == '\0' || (said != NULL && strstr(said, buf) != NULL),
		      "%s: the build error does not say '%s' (%s)", who, buf, said != NULL ? said : "none");
}

#endif
