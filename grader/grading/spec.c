/*
 * spec.c - reads lab.ini with inih and checks it (see spec.h).  Every
 * problem is reported with its line, section and key, because an instructor
 * fixing a spec needs to know where to look; anything read otherwise than
 * it looks is an error (an unknown key, a line inih would cut or join to
 * the one above), because a typo must not silently change a grade.
 *
 * inih parses; read_line, the reader it is given, sees each line first: it
 * counts lines, refuses what inih would misread, and notices [section]
 * lines, which inih reports only through their keys.
 */
#include "grading/spec.h"
#include "base/fsutil.h"

#include <ini.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* read_line hands inih whole lines only: inih needs 3 bytes beyond the longest. */
_Static_assert(SPEC_LINE_MAX + 3 <= INI_MAX_LINE, "SPEC_LINE_MAX must fit inih's line buffer");

static const char *const measure_names[MEASURE_COUNT] = {
	"peak_heap", "total_alloc", "heap_at_exit", "instructions", "leaked", "memcheck_errors", "heap_at_checkpoint",
	"blocks_alloc", "fds_at_exit",
};
static const char *const tool_names[TOOL_COUNT] = { "massif", "memcheck", "callgrind" };

const char *measure_name(enum measure m) { return measure_names[m]; }
const char *tool_name(enum tool t) { return tool_names[t]; }

enum tool measure_tool(enum measure m)
{
	switch (m) {
	case MEASURE_INSTRUCTIONS: return TOOL_CALLGRIND;
	case MEASURE_LEAKED:
	case MEASURE_FDS_AT_EXIT:
	case MEASURE_MEMCHECK_ERRORS: return TOOL_MEMCHECK;
	default: return TOOL_MASSIF;
	}
}

const char *measure_unit(enum measure m)
{
	switch (m) {
	case MEASURE_INSTRUCTIONS: return "instructions";
	case MEASURE_MEMCHECK_ERRORS: return "errors";
	case MEASURE_BLOCKS_ALLOC: return "blocks";
	case MEASURE_FDS_AT_EXIT: return "descriptors";
	default: return "bytes";
	}
}

/* spec_parse_quantity, and whether a unit was given (a fit's exponent or points take none). */
static int quantity(const char *text, double *out, bool *unit)
{
	static const struct { const char *suffix; double scale; } units[] = {
		{ "GiB", 1073741824.0 }, { "MiB", 1048576.0 }, { "KiB", 1024.0 }, { "B", 1.0 },
		{ "G", 1e9 }, { "M", 1e6 }, { "k", 1e3 },
	};
	char *end;

	errno = 0;
	double v = strtod(text, &end);
	if (end == text || errno != 0 || !isfinite(v) || v < 0)
		return -1;
	while (*end == ' ')
		end++;
	*unit = *end != '\0';
	if (*unit) {
		size_t i;
		for (i = 0; i < sizeof units / sizeof units[0]; i++)
			if (strcmp(end, units[i].suffix) == 0)
				break;
		if (i == sizeof units / sizeof units[0])
			return -1;
		v *= units[i].scale;
		if (!isfinite(v)) /* "1e308 GiB": a threshold anything meets */
			return -1;
	}
	*out = v;
	return 0;
}

int spec_parse_quantity(const char *text, double *out)
{
	bool unit;
	return quantity(text, out, &unit);
}

/* The section being read: none yet, [lab], or a criterion's index. */
enum { SEC_NONE = -2, SEC_LAB = -1 };

/* The keys each section takes, in the order of their names below. */
enum lab_key { LAB_TITLE, LAB_UNIT, LAB_STUDENT, LAB_PROGRAM, LAB_INPUT, LAB_SIZES, LAB_MEMCHECK_SIZES,
	       LAB_CALLGRIND_SIZES, LAB_DEFAULT_SIZE, LAB_TIMEOUT, LAB_DEADLINE, LAB_HIDDEN_MARGIN, LAB_PIPE_SIZES,
	       LAB_BASELINE_SIZES, LAB_EXPECTED, LAB_JITTER, LAB_WORKLOAD_TEST, LAB_NOFILE, LAB_KEYS };
static const char *const lab_keys[LAB_KEYS] = {
	"title", "unit", "student", "program", "input", "sizes", "memcheck_sizes",
	"callgrind_sizes", "default_size", "timeout", "deadline", "hidden_margin", "pipe_sizes",
	"baseline_sizes", "expected", "jitter", "workload_test", "nofile",
};
enum crit_key { CRIT_WHAT, CRIT_POINTS, CRIT_AT, CRIT_FIT, CRIT_PER, CRIT_MAX, CRIT_MIN, CRIT_FROM, CRIT_TCASE,
		CRIT_NEEDS, CRIT_KEYS };
static const char *const crit_keys[CRIT_KEYS] = { "what", "points", "at", "fit", "per", "max", "min", "from",
						   "tcase", "needs" };

struct parse {
	struct spec *s;
	FILE *f;
	unsigned line;                   /* the line inih is handling (read_line counts) */
	int cur;                         /* SEC_NONE, SEC_LAB or a criterion's index */
	char section[SPEC_SECTION_MAX];  /* its name, as read_line read it */
	char *err;
	size_t errlen;
	unsigned err_line;               /* of the first error; 0 if it has none */
	bool failed;
	/* Where each section and key was given, 0 if not: a second one is refused. */
	unsigned lab_at;                 /* [lab] */
	unsigned crit_at[SPEC_MAX_CRITERIA];
	unsigned lab_key_at[LAB_KEYS];
	unsigned crit_key_at[SPEC_MAX_CRITERIA][CRIT_KEYS];
	bool max_unit[SPEC_MAX_CRITERIA], min_unit[SPEC_MAX_CRITERIA]; /* max, min given with a unit */
	uint64_t memcheck_sizes[SPEC_MAX_SIZES], callgrind_sizes[SPEC_MAX_SIZES];
	uint64_t pipe_sizes[SPEC_MAX_SIZES], baseline_sizes[SPEC_MAX_SIZES], workload_size;
	size_t n_memcheck, n_callgrind, n_pipe, n_baseline;
	uint64_t crit_from[SPEC_MAX_CRITERIA]; /* the size `from` names, checked against sizes at the end */
};

/*
 * Records the first error: "[section] key: why", either part left out when
 * NULL, at line (0: the error is about the whole file).  Returns 0, which
 * is also inih's "stop" for a handler.
 */
static int bad(struct parse *p, unsigned line, const char *section, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int bad(struct parse *p, unsigned line, const char *section, const char *key, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	if (p->failed)
		return 0;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	if (section != NULL && key != NULL)
		snprintf(p->err, p->errlen, "[%s] %s: %s", section, key, why);
	else if (section != NULL)
		snprintf(p->err, p->errlen, "[%s] %s", section, why);
	else if (key != NULL)
		snprintf(p->err, p->errlen, "%s: %s", key, why);
	else
		snprintf(p->err, p->errlen, "%s", why);
	p->err_line = line;
	p->failed = true;
	return 0;
}

static int copy_text(struct parse *p, const char *sec, const char *key, char *dst, size_t cap,
		     const char *value, bool plain_name)
{
	if (value[0] == '\0')
		return bad(p, p->line, sec, key, "is empty");
	if (strlen(value) >= cap)
		return bad(p, p->line, sec, key, "is too long");
	if (plain_name && (strchr(value, '/') != NULL || value[0] == '.'))
		return bad(p, p->line, sec, key, "must be a plain file name (no '/', not starting with '.')");
	memcpy(dst, value, strlen(value) + 1);
	return 1;
}

static int parse_sizes(struct parse *p, const char *sec, const char *key, const char *value,
		       uint64_t *sizes, size_t *n)
{
	char buf[SPEC_LINE_MAX + 1];
	*n = 0;
	if (strlen(value) >= sizeof buf)
		return bad(p, p->line, sec, key, "is too long");
	strcpy(buf, value);
	for (char *tok = strtok(buf, " \t,"); tok != NULL; tok = strtok(NULL, " \t,")) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(tok, &end, 10);
		if (*tok < '1' || *tok > '9' || *end != '\0' || errno != 0)
			return bad(p, p->line, sec, key, "sizes are whole numbers >= 1");
		if (*n == SPEC_MAX_SIZES)
			return bad(p, p->line, sec, key, "too many sizes");
		if (*n > 0 && v <= sizes[*n - 1])
			return bad(p, p->line, sec, key, "sizes must ascend");
		sizes[(*n)++] = v;
	}
	if (*n == 0) /* memcheck_sizes = (nothing): memcheck would pass 0 sizes of 0 */
		return bad(p, p->line, sec, key, "is empty (leave the key out for its default)");
	return 1;
}

static int lab_key(struct parse *p, enum lab_key k, const char *value)
{
	struct spec *s = p->s;
	const char *name = lab_keys[k];
	size_t n;
	uint64_t one[SPEC_MAX_SIZES];

	switch (k) {
	case LAB_TITLE: return copy_text(p, "lab", name, s->title, sizeof s->title, value, false);
	case LAB_UNIT: return copy_text(p, "lab", name, s->unit, sizeof s->unit, value, false);
	case LAB_STUDENT: return copy_text(p, "lab", name, s->student, sizeof s->student, value, true);
	case LAB_PROGRAM: return copy_text(p, "lab", name, s->program, sizeof s->program, value, true);
	case LAB_INPUT: return copy_text(p, "lab", name, s->input, sizeof s->input, value, true);
	case LAB_SIZES: return parse_sizes(p, "lab", name, value, s->sizes, &s->nsizes);
	case LAB_MEMCHECK_SIZES: return parse_sizes(p, "lab", name, value, p->memcheck_sizes, &p->n_memcheck);
	case LAB_CALLGRIND_SIZES: return parse_sizes(p, "lab", name, value, p->callgrind_sizes, &p->n_callgrind);
	case LAB_PIPE_SIZES: return parse_sizes(p, "lab", name, value, p->pipe_sizes, &p->n_pipe);
	case LAB_BASELINE_SIZES: return parse_sizes(p, "lab", name, value, p->baseline_sizes, &p->n_baseline);
	case LAB_EXPECTED:
		if (strcmp(value, "pitfall") == 0)
			s->expected = EXPECTED_PITFALL;
		else if (strcmp(value, "reference") == 0)
			s->expected = EXPECTED_REFERENCE;
		else
			return bad(p, p->line, "lab", name, "must be pitfall or reference (whose output is expected)");
		return 1;
	case LAB_WORKLOAD_TEST:
	case LAB_NOFILE:
	case LAB_JITTER:
		if (parse_sizes(p, "lab", name, value, one, &n) == 0)
			return 0;
		if (n != 1)
			return bad(p, p->line, "lab", name, "takes one whole number");
		if (k == LAB_JITTER && one[0] > SPEC_JITTER_MAX)
			return bad(p, p->line, "lab", name, "at most %d (percent)", SPEC_JITTER_MAX);
		if (k == LAB_NOFILE && (one[0] < SPEC_NOFILE_MIN || one[0] > CHILD_NOFILE))
			return bad(p, p->line, "lab", name, "from %d to %d (descriptors)", SPEC_NOFILE_MIN, CHILD_NOFILE);
		if (k == LAB_NOFILE)
			s->nofile = (unsigned)one[0];
		else if (k == LAB_JITTER)
			s->jitter = (unsigned)one[0];
		else
			p->workload_size = one[0];
		return 1;
	case LAB_DEFAULT_SIZE:
	case LAB_TIMEOUT:
	case LAB_DEADLINE:
		if (parse_sizes(p, "lab", name, value, one, &n) == 0)
			return 0;
		if (n != 1)
			return bad(p, p->line, "lab", name, "takes one whole number");
		if (k == LAB_DEFAULT_SIZE)
			s->default_size = one[0];
		else if (k == LAB_DEADLINE && one[0] > GRADING_DEADLINE_MAX_S)
			return bad(p, p->line, "lab", name, "at most %d seconds (a hung submission is graded in 90)",
				   GRADING_DEADLINE_MAX_S);
		else if (k == LAB_DEADLINE)
			s->deadline_s = (unsigned)one[0];
		else if (one[0] > 3600)
			return bad(p, p->line, "lab", name, "at most 3600 seconds");
		else
			s->timeout_s = (unsigned)one[0];
		return 1;
	case LAB_HIDDEN_MARGIN: {
		double q;
		bool unit;
		if (quantity(value, &q, &unit) != 0 || q > (double)HIDDEN_MARGIN_MAX)
			return bad(p, p->line, "lab", name, "must be bytes (e.g. 512 KiB), at most %llu MiB",
				   HIDDEN_MARGIN_MAX / MIB);
		s->hidden_margin = (uint64_t)q;
		return 1;
	}
	default: return bad(p, p->line, "lab", name, "unknown key");
	}
}

static int criterion_key(struct parse *p, const char *sec, size_t i, enum crit_key k, const char *value)
{
	struct criterion *c = &p->s->crit[i];
	const char *name = crit_keys[k];
	double q;
	bool unit;

	switch (k) {
	case CRIT_WHAT:
		if (strcmp(value, "tests") == 0) { c->kind = CRIT_TESTS; return 1; }
		if (strcmp(value, "output") == 0) { c->kind = CRIT_OUTPUT; return 1; }
		if (strcmp(value, "memcheck") == 0) { c->kind = CRIT_MEMCHECK; return 1; }
		for (int m = 0; m < MEASURE_COUNT; m++)
			if (strcmp(value, measure_names[m]) == 0) {
				c->kind = CRIT_MEASURE;
				c->measure = (enum measure)m;
				return 1;
			}
		return bad(p, p->line, sec, name, "must be tests, output, memcheck, peak_heap, total_alloc, "
			   "heap_at_exit, heap_at_checkpoint, blocks_alloc, instructions, leaked, memcheck_errors or fds_at_exit");
	case CRIT_POINTS:
		if (quantity(value, &q, &unit) != 0 || unit || q <= 0 || q > 1000)
			return bad(p, p->line, sec, name, "must be a number above 0 and at most 1000, without a unit");
		c->points = q;
		return 1;
	case CRIT_AT:
		if (strcmp(value, "every") == 0) { c->every = true; return 1; }
		if (strcmp(value, "largest") == 0) { c->every = false; return 1; }
		return bad(p, p->line, sec, name, "must be largest or every");
	case CRIT_FIT:
		if (strcmp(value, "exponent") != 0)
			return bad(p, p->line, sec, name, "must be exponent");
		c->fit = true;
		return 1;
	case CRIT_PER:
		if (strcmp(value, "size") != 0)
			return bad(p, p->line, sec, name, "must be size");
		c->per_size = true;
		return 1;
	case CRIT_FROM: {
		size_t n;
		uint64_t one[SPEC_MAX_SIZES];
		if (parse_sizes(p, sec, name, value, one, &n) == 0)
			return 0;
		if (n != 1)
			return bad(p, p->line, sec, name, "takes one size (judged from it up)");
		p->crit_from[i] = one[0];
		return 1;
	}
	case CRIT_TCASE:
		return copy_text(p, sec, name, c->tcase, sizeof c->tcase, value, true);
	case CRIT_NEEDS:
		if (strcmp(value, "tests") != 0)
			return bad(p, p->line, sec, name, "must be tests (a measure's points only when every test passes)");
		c->needs_tests = true;
		return 1;
	case CRIT_MAX:
	case CRIT_MIN:
		if (quantity(value, &q, &unit) != 0)
			return bad(p, p->line, sec, name, "must be a number, optionally with B, KiB, MiB, GiB, k, M or G");
		if (k == CRIT_MAX) { c->has_max = true; c->max = q; p->max_unit[i] = unit; }
		else { c->has_min = true; c->min = q; p->min_unit[i] = unit; }
		return 1;
	default: return bad(p, p->line, sec, name, "unknown key");
	}
}

/* The index of name among n keys, or n. */
static size_t key_index(const char *const *keys, size_t n, const char *name)
{
	size_t k = 0;
	while (k < n && strcmp(keys[k], name) != 0)
		k++;
	return k;
}

/*
 * A [section] line, seen by read_line before inih: inih reports no empty
 * section, and ignores whatever follows the ']'.
 */
static int on_header(struct parse *p, const char *text)
{
	struct spec *s = p->s;
	const char *close = strchr(text, ']');

	if (close == NULL)
		return bad(p, p->line, NULL, NULL, "a [section] line without its ']'");
	const char *rest = close + 1 + strspn(close + 1, " \t");
	if (*rest != '\0' && *rest != ';')
		return bad(p, p->line, NULL, NULL, "text after the [section] (inih would ignore it)");
	size_t len = (size_t)(close - (text + 1));
	if (len >= SPEC_SECTION_MAX)
		return bad(p, p->line, NULL, NULL, "a [section] name longer than %d bytes (inih would cut it)",
			   SPEC_SECTION_MAX - 1);
	memcpy(p->section, text + 1, len);
	p->section[len] = '\0';
	if (strcmp(p->section, "lab") == 0) {
		if (p->lab_at != 0)
			return bad(p, p->line, p->section, NULL, "given twice (first on line %u)", p->lab_at);
		p->cur = SEC_LAB;
		p->lab_at = p->line;
		return 1;
	}
	if (strncmp(p->section, "criterion ", 10) == 0) {
		const char *cname = p->section + 10;
		size_t i;
		if (cname[0] == '\0' || strlen(cname) >= SPEC_NAME_MAX || strpbrk(cname, " \t\"\\") != NULL)
			return bad(p, p->line, p->section, NULL, "a criterion's name is one short word");
		for (i = 0; i < s->ncrit; i++)
			if (strcmp(s->crit[i].name, cname) == 0)
				return bad(p, p->line, p->section, NULL, "given twice (first on line %u)", p->crit_at[i]);
		if (s->ncrit == SPEC_MAX_CRITERIA)
			return bad(p, p->line, p->section, NULL, "too many criteria (at most %d)", SPEC_MAX_CRITERIA);
		strcpy(s->crit[s->ncrit++].name, cname);
		p->crit_at[i] = p->line;
		p->cur = (int)i;
		return 1;
	}
	return bad(p, p->line, p->section, NULL, "unknown section (expected [lab] or [criterion NAME])");
}

static bool blank(char c) { return c == ' ' || c == '\t'; }

/*
 * inih's reader (fgets-like): hands inih one line of p->f at a time, after
 * refusing what inih would read otherwise than it looks: a line longer than
 * SPEC_LINE_MAX (inih would cut it), a NUL (it would end the line early),
 * another control character (a '\r' in mid-line can hide text on a
 * terminal), an indented line (inih would join it to the value above).
 * Returns NULL at the end of the file or at the first error.
 */
static char *read_line(char *str, int num, void *stream)
{
	struct parse *p = stream;
	char buf[SPEC_LINE_MAX + 2]; /* the line, a '\r' before its newline, and a NUL */
	size_t len = 0;
	int c;

	if (p->failed)
		return NULL;
	p->line++;
	while ((c = getc(p->f)) != EOF && c != '\n') {
		if (len == SPEC_LINE_MAX + 1)
			break;
		buf[len++] = (char)c;
	}
	if (ferror(p->f)) {
		bad(p, p->line, NULL, NULL, "cannot read: %s", strerror(errno));
		return NULL;
	}
	if (c == EOF && len == 0)
		return NULL;
	if (c != EOF && c != '\n') {
		bad(p, p->line, NULL, NULL, "longer than %d bytes (inih would cut it in two)", SPEC_LINE_MAX);
		return NULL;
	}
	if (len > 0 && buf[len - 1] == '\r')
		len--; /* a CRLF file */
	if (len > SPEC_LINE_MAX) {
		bad(p, p->line, NULL, NULL, "longer than %d bytes (inih would cut it in two)", SPEC_LINE_MAX);
		return NULL;
	}
	buf[len] = '\0';
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)buf[i];
		if (b == '\0') {
			bad(p, p->line, NULL, NULL, "a NUL byte");
			return NULL;
		}
		if ((b < 0x20 && b != '\t') || b == 0x7f) {
			bad(p, p->line, NULL, NULL, "a control character (byte 0x%02x)", b);
			return NULL;
		}
	}
	const char *text = buf;
	if (p->line == 1 && strncmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3; /* inih skips a UTF-8 byte-order mark */
	if (blank(text[0]) && text[strspn(text, " \t")] != '\0') {
		bad(p, p->line, NULL, NULL, "indented (inih takes an indented line for more of the value above)");
		return NULL;
	}
	if (text[0] == '[' && !on_header(p, text))
		return NULL;
	if (len + 1 > (size_t)num) {
		bad(p, p->line, NULL, NULL, "longer than inih's %d-byte line", num);
		return NULL;
	}
	memcpy(str, buf, len + 1);
	return str;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;

	if (p->failed)
		return 0;
	if (p->cur == SEC_NONE)
		return bad(p, p->line, NULL, name, "a key before any [section]");
	/* read_line and inih read each line once, in step; a difference would be a bug */
	if (strcmp(section, p->section) != 0)
		return bad(p, p->line, section, name, "inih read the section otherwise than [%s]", p->section);
	if (value == NULL)
		return bad(p, p->line, section, name, "has no value");
	if (p->cur == SEC_LAB) {
		size_t k = key_index(lab_keys, LAB_KEYS, name);
		if (k == LAB_KEYS)
			return bad(p, p->line, section, name, "unknown key");
		if (p->lab_key_at[k] != 0)
			return bad(p, p->line, section, name, "given twice (first on line %u)", p->lab_key_at[k]);
		p->lab_key_at[k] = p->line;
		return lab_key(p, (enum lab_key)k, value);
	}
	unsigned *at = p->crit_key_at[p->cur];
	size_t k = key_index(crit_keys, CRIT_KEYS, name);
	if (k == CRIT_KEYS)
		return bad(p, p->line, section, name, "unknown key");
	if (at[k] != 0)
		return bad(p, p->line, section, name, "given twice (first on line %u)", at[k]);
	at[k] = p->line;
	return criterion_key(p, section, (size_t)p->cur, (enum crit_key)k, value);
}

static int mark_tool(struct parse *p, enum tool t, const uint64_t *sizes, size_t n)
{
	struct spec *s = p->s;
	enum lab_key k = t == TOOL_MEMCHECK ? LAB_MEMCHECK_SIZES : LAB_CALLGRIND_SIZES;

	for (size_t j = 0; j < n; j++) {
		size_t i;
		for (i = 0; i < s->nsizes; i++)
			if (s->sizes[i] == sizes[j])
				break;
		if (i == s->nsizes)
			return bad(p, p->lab_key_at[k], "lab", lab_keys[k], "names a size that is not in sizes");
		s->tool_at[t][i] = true;
	}
	return 1;
}

/* Sets flags[i] for each of sizes[] (which must be among the spec's sizes); 1, or 0 after bad(). */
static int mark_sizes(struct parse *p, enum lab_key k, const uint64_t *sizes, size_t n, bool *flags)
{
	struct spec *s = p->s;

	for (size_t j = 0; j < n; j++) {
		size_t i;
		for (i = 0; i < s->nsizes && s->sizes[i] != sizes[j]; i++)
			;
		if (i == s->nsizes)
			return bad(p, p->lab_key_at[k], "lab", lab_keys[k], "names a size that is not in sizes");
		flags[i] = true;
	}
	return 1;
}

static size_t tool_count(const struct spec *s, enum tool t)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nsizes; i++)
		n += s->tool_at[t][i];
	return n;
}

#define FIT_THRESHOLD "a fit's exponent is a plain number at most %d (2 is quadratic growth)"
#define PER_SIZE_INFINITE "times the largest size, not a finite number"

/* [lab] as a whole: its required keys, the sizes each tool runs at (defaults filled in); 1, or 0 after bad(). */
static int check_lab(struct parse *p)
{
	struct spec *s = p->s;
	const unsigned *lab = p->lab_key_at;

	if (p->lab_at == 0)
		return bad(p, 0, NULL, NULL, "no [lab] section");
	if (lab[LAB_SIZES] == 0 || s->nsizes < 3)
		return bad(p, lab[LAB_SIZES] != 0 ? lab[LAB_SIZES] : p->lab_at, "lab", "sizes",
			   "at least 3 sizes are needed to fit growth");
	static const enum lab_key required[] = { LAB_TITLE, LAB_STUDENT, LAB_PROGRAM, LAB_UNIT };
	for (size_t j = 0; j < sizeof required / sizeof required[0]; j++)
		if (lab[required[j]] == 0)
			return bad(p, p->lab_at, "lab", lab_keys[required[j]], "is required");
	if (s->default_size == 0)
		s->default_size = s->sizes[0];
	for (size_t i = 0; i < s->nsizes; i++)
		s->tool_at[TOOL_MASSIF][i] = true;
	if (lab[LAB_MEMCHECK_SIZES] == 0) {
		p->memcheck_sizes[0] = s->sizes[0];
		p->n_memcheck = 1;
	}
	if (!mark_tool(p, TOOL_MEMCHECK, p->memcheck_sizes, p->n_memcheck) ||
	    !mark_tool(p, TOOL_CALLGRIND, p->callgrind_sizes, p->n_callgrind) ||
	    !mark_sizes(p, LAB_PIPE_SIZES, p->pipe_sizes, p->n_pipe, s->pipe_at))
		return 0;
	if (lab[LAB_BASELINE_SIZES] == 0)
		for (size_t i = 0; i < s->nsizes; i++)
			s->baseline_at[i] = true;
	else if (!mark_sizes(p, LAB_BASELINE_SIZES, p->baseline_sizes, p->n_baseline, s->baseline_at))
		return 0;
	if (lab[LAB_PIPE_SIZES] != 0 && s->input[0] == '\0')
		return bad(p, lab[LAB_PIPE_SIZES], "lab", "pipe_sizes", "needs an input tool (input)");
	if (lab[LAB_WORKLOAD_TEST] != 0) {
		bool flags[SPEC_MAX_SIZES] = { false };
		if (!mark_sizes(p, LAB_WORKLOAD_TEST, &p->workload_size, 1, flags))
			return 0;
		s->has_workload_test = true;
		for (size_t i = 0; i < s->nsizes; i++)
			if (flags[i])
				s->workload_test = i;
	}
	return 1;
}

/* A measure's thresholds against its tool's sizes: can it judge at all, and can anything pass; 1, or 0 after bad(). */
static int check_measure(struct parse *p, size_t i, const char *sec)
{
	struct spec *s = p->s;
	struct criterion *c = &s->crit[i];
	const unsigned *at = p->crit_key_at[i];
	size_t n = tool_count(s, measure_tool(c->measure));

	if (!c->has_max && !c->has_min)
		return bad(p, p->crit_at[i], sec, "max", "a measure needs max or min");
	if (n == 0)
		return bad(p, at[CRIT_WHAT], sec, "what", measure_tool(c->measure) == TOOL_CALLGRIND
			   ? "instructions need callgrind_sizes in [lab]"
			   : "the measure's tool runs at no size");
	if (c->has_max && c->has_min && c->max < c->min)
		return bad(p, at[CRIT_MAX], sec, "max", "below min (line %u): no figure can pass", at[CRIT_MIN]);
	if (c->fit && (at[CRIT_AT] != 0 || at[CRIT_PER] != 0))
		return bad(p, at[CRIT_FIT], sec, "fit", "a fit judges one exponent: no at or per");
	size_t judged = 0;
	for (size_t k = c->from; k < s->nsizes; k++)
		judged += s->tool_at[measure_tool(c->measure)][k];
	if (c->fit && judged < 3)
		return bad(p, at[CRIT_FROM] ? at[CRIT_FROM] : at[CRIT_FIT], sec, "fit",
			   "needs the tool to run at 3 sizes or more (from `from` up)");
	if (c->fit && n < 3)
		return bad(p, at[CRIT_FIT], sec, "fit", "needs the tool to run at 3 sizes or more");
	/* an exponent in bytes, or of 50 (a percentage?), is a slip that anything passes or nothing does */
	if (c->fit && c->has_max && (p->max_unit[i] || c->max > SPEC_FIT_EXPONENT_MAX))
		return bad(p, at[CRIT_MAX], sec, "max", FIT_THRESHOLD, SPEC_FIT_EXPONENT_MAX);
	if (c->fit && c->has_min && (p->min_unit[i] || c->min > SPEC_FIT_EXPONENT_MAX))
		return bad(p, at[CRIT_MIN], sec, "min", FIT_THRESHOLD, SPEC_FIT_EXPONENT_MAX);
	/* per size, the threshold at the largest size must still be a number */
	double largest = (double)s->sizes[s->nsizes - 1];
	if (c->per_size && c->has_max && !isfinite(c->max * largest))
		return bad(p, at[CRIT_MAX], sec, "max", PER_SIZE_INFINITE);
	if (c->per_size && c->has_min && !isfinite(c->min * largest))
		return bad(p, at[CRIT_MIN], sec, "min", PER_SIZE_INFINITE);
	return 1;
}

/* One criterion: its required keys, only the keys its kind takes, `from` found in sizes; 1, or 0 after bad(). */
static int check_criterion(struct parse *p, size_t i)
{
	struct spec *s = p->s;
	struct criterion *c = &s->crit[i];
	const unsigned *at = p->crit_key_at[i];
	char sec[SPEC_SECTION_MAX];

	snprintf(sec, sizeof sec, "criterion %s", c->name);
	if (at[CRIT_WHAT] == 0)
		return bad(p, p->crit_at[i], sec, "what", "is required");
	if (at[CRIT_POINTS] == 0)
		return bad(p, p->crit_at[i], sec, "points", "is required");
	if (at[CRIT_TCASE] != 0 && c->kind != CRIT_TESTS)
		return bad(p, at[CRIT_TCASE], sec, "tcase", "only tests take a test case");
	if (at[CRIT_NEEDS] != 0 && c->kind != CRIT_MEASURE && c->kind != CRIT_MEMCHECK)
		return bad(p, at[CRIT_NEEDS], sec, "needs", "only memory criteria (a measure, memcheck) need tests");
	if (at[CRIT_FROM] != 0) {
		size_t k;
		for (k = 0; k < s->nsizes && s->sizes[k] != p->crit_from[i]; k++)
			;
		if (k == s->nsizes)
			return bad(p, at[CRIT_FROM], sec, "from", "names a size that is not in sizes");
		c->from = k;
	}
	if (c->kind == CRIT_MEASURE)
		return check_measure(p, i, sec);
	for (enum crit_key k = CRIT_AT; k < CRIT_FROM; k++)
		if (at[k] != 0)
			return bad(p, at[k], sec, crit_keys[k], "tests, output and memcheck take only points");
	return 1;
}

/* What no single line decides: required keys, sizes against sizes, keys that go together. */
static void check_whole(struct parse *p)
{
	struct spec *s = p->s;

	if (!check_lab(p))
		return;
	if (s->ncrit == 0)
		return (void)bad(p, 0, NULL, NULL, "the spec has no criteria");
	for (size_t i = 0; i < s->ncrit; i++) {
		if (!check_criterion(p, i))
			return;
		s->max_score += s->crit[i].points;
	}
}

int spec_read(const char *path, struct spec *s, char *err, size_t errlen)
{
	struct parse p = { .s = s, .err = err, .errlen = errlen, .cur = SEC_NONE };

	memset(s, 0, sizeof *s);
	s->timeout_s = TIMEOUT_TOOL_S_DEFAULT;
	s->deadline_s = GRADING_DEADLINE_S_DEFAULT;
	s->hidden_margin = HIDDEN_MARGIN_BYTES;
	/* the spec may be any file given with --spec: no link, no device, no giant */
	p.f = fs_open_regular(path, SPEC_FILE_MAX, err, errlen);
	if (p.f == NULL)
		return -1;
	int rc = ini_parse_stream(read_line, &p, on_key, &p);
	fclose(p.f);
	if (rc == -2) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	/* inih's rc is its first bad line: a syntax error if before ours */
	if (rc > 0 && (!p.failed || (unsigned)rc < p.err_line)) {
		snprintf(err, errlen, "%s:%d: not a key = value line or a [section]", path, rc);
		return -1;
	}
	if (!p.failed)
		check_whole(&p);
	if (p.failed) {
		char reason[512];
		snprintf(reason, sizeof reason, "%s", err);
		if (p.err_line > 0)
			snprintf(err, errlen, "%s:%u: %s", path, p.err_line, reason);
		else
			snprintf(err, errlen, "%s: %s", path, reason);
		return -1;
	}
	return 0;
}

const char *measure_format(double v, enum measure m, char *buf, size_t cap)
{
	if (m == MEASURE_MEMCHECK_ERRORS) {
		snprintf(buf, cap, "%.0f", v);
	} else if (m == MEASURE_BLOCKS_ALLOC || m == MEASURE_FDS_AT_EXIT) {
		snprintf(buf, cap, "%.0f %s", v, v == 1 ? (m == MEASURE_BLOCKS_ALLOC ? "block" : "descriptor") : measure_unit(m));
	} else if (m == MEASURE_INSTRUCTIONS) {
		if (v >= 1e9) snprintf(buf, cap, "%.2f G instructions", v / 1e9);
		else if (v >= 1e6) snprintf(buf, cap, "%.2f M instructions", v / 1e6);
		else snprintf(buf, cap, "%.0f instructions", v);
	} else {
		if (v >= GIB) snprintf(buf, cap, "%.2f GiB", v / GIB);
		else if (v >= MIB) snprintf(buf, cap, "%.2f MiB", v / MIB);
		else if (v >= KIB) snprintf(buf, cap, "%.1f KiB", v / KIB);
		else snprintf(buf, cap, "%.0f B", v);
	}
	return buf;
}
