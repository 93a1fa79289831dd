/*
 * memcheck.c - reads memcheck's XML and text log (see memcheck.h).
 *
 * The XML is parsed as a stream by expat: each element is named by its
 * place (an <error>'s <kind>, a <pair>'s <count>), so an element of the
 * same name elsewhere is never mistaken for it; the text of the few
 * elements we read is kept (bounded), everything else skipped.  An
 * unknown leak kind, a number that is not one, another protocol version
 * or a run whose last status is not FINISHED make the file unreadable:
 * the grader then says the figure was not measured, never guesses.
 *
 * The text log is read for one thing only, the --track-fds entries:
 *   Open file descriptor 3: /path          (then the stack that opened it)
 *   Open file descriptor 7:
 *      <inherited from parent>             (the grader's: not counted)
 *   Open AF_UNIX socket 5: ...             (a socket, counted the same way)
 */
#include "tools/memcheck.h"

#include "base/fsutil.h"
#include "base/limits.h"
#include "base/numbers.h"

#include <expat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The elements we read, each by its parent: anything else is TAG_OTHER. */
enum tag { TAG_OTHER, TAG_ROOT, TAG_VERSION, TAG_TOOL, TAG_STATUS, TAG_STATE, TAG_ERROR, TAG_KIND,
	   TAG_XWHAT, TAG_LEAKED, TAG_COUNTS, TAG_PAIR, TAG_COUNT };

static const struct { enum tag parent; const char *name; enum tag tag; } tags[] = {
	{ TAG_ROOT, "protocolversion", TAG_VERSION }, { TAG_ROOT, "protocoltool", TAG_TOOL },
	{ TAG_ROOT, "status", TAG_STATUS },           { TAG_STATUS, "state", TAG_STATE },
	{ TAG_ROOT, "error", TAG_ERROR },             { TAG_ERROR, "kind", TAG_KIND },
	{ TAG_ERROR, "xwhat", TAG_XWHAT },            { TAG_XWHAT, "leakedbytes", TAG_LEAKED },
	{ TAG_ROOT, "errorcounts", TAG_COUNTS },      { TAG_COUNTS, "pair", TAG_PAIR },
	{ TAG_PAIR, "count", TAG_COUNT },
};

struct reader {
	XML_Parser parser;
	enum tag path[MEMCHECK_XML_DEPTH];
	unsigned depth;                     /* may pass MEMCHECK_XML_DEPTH: deeper is TAG_OTHER */
	char text[MEMCHECK_XML_TEXT];       /* of the element being read */
	size_t text_len;
	char kind[MEMCHECK_XML_TEXT];       /* of the <error> being read */
	uint64_t leaked;                    /* its <leakedbytes> */
	bool leaked_seen, tool_seen, finished;
	uint64_t version;
	struct memcheck_result *m;
	char *err;
	size_t errlen;
	bool failed;
};

static void fail(struct reader *r, const char *what, const char *detail)
{
	if (!r->failed)
		snprintf(r->err, r->errlen, "%s%s%.60s", what, detail[0] != '\0' ? ": " : "", detail);
	r->failed = true;
	XML_StopParser(r->parser, XML_FALSE);
}

static enum tag current(const struct reader *r)
{
	return r->depth == 0 || r->depth > MEMCHECK_XML_DEPTH ? TAG_OTHER : r->path[r->depth - 1];
}

static void XMLCALL on_start(void *arg, const XML_Char *name, const XML_Char **attrs)
{
	struct reader *r = arg;
	enum tag parent = current(r), tag = TAG_OTHER;

	(void)attrs;
	if (r->depth == 0) {
		if (strcmp(name, "valgrindoutput") != 0)
			fail(r, "not valgrind's XML: its root is", name);
		tag = TAG_ROOT;
	}
	for (size_t i = 0; i < sizeof tags / sizeof tags[0] && tag == TAG_OTHER; i++)
		if (tags[i].parent == parent && parent != TAG_OTHER && strcmp(tags[i].name, name) == 0)
			tag = tags[i].tag;
	if (tag == TAG_ERROR) {
		r->kind[0] = '\0';
		r->leaked_seen = false;
	}
	if (r->depth < MEMCHECK_XML_DEPTH)
		r->path[r->depth] = tag;
	r->depth++;
	r->text_len = 0;
}

static void XMLCALL on_text(void *arg, const XML_Char *s, int len)
{
	struct reader *r = arg;

	switch (current(r)) {
	case TAG_VERSION: case TAG_TOOL: case TAG_STATE: case TAG_KIND: case TAG_LEAKED: case TAG_COUNT:
		break;
	default:
		return;
	}
	if ((size_t)len >= sizeof r->text - r->text_len) {
		fail(r, "an element's text is longer than memcheck writes", "");
		return;
	}
	memcpy(r->text + r->text_len, s, (size_t)len);
	r->text_len += (size_t)len;
}

/* The element's text, blanks around it dropped. */
static const char *text_of(struct reader *r)
{
	size_t a = 0, b = r->text_len;

	while (a < b && strchr(" \t\r\n", r->text[a]) != NULL)
		a++;
	while (b > a && strchr(" \t\r\n", r->text[b - 1]) != NULL)
		b--;
	r->text[b] = '\0';
	return r->text + a;
}

static void add(struct reader *r, uint64_t *to, uint64_t v)
{
	if (*to > UINT64_MAX - v)
		fail(r, "a total overflows", "");
	else
		*to += v;
}

/* An <error> has ended: a loss record counts its bytes by kind; other errors are in <errorcounts>. */
static void end_error(struct reader *r)
{
	static const char *const kinds[] = { "Leak_DefinitelyLost", "Leak_IndirectlyLost", "Leak_PossiblyLost",
					     "Leak_StillReachable" };
	uint64_t *to[] = { &r->m->definitely_lost, &r->m->indirectly_lost, &r->m->possibly_lost,
			   &r->m->still_reachable };

	if (strncmp(r->kind, "Leak_", 5) != 0)
		return;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(r->kind, kinds[i]) != 0)
			continue;
		if (!r->leaked_seen) {
			fail(r, "a loss record without its bytes", r->kind);
			return;
		}
		add(r, to[i], r->leaked);
		add(r, &r->m->in_use_at_exit, r->leaked);
		r->m->loss_records++;
		return;
	}
	fail(r, "a leak kind this reader does not know", r->kind);
}

static void XMLCALL on_end(void *arg, const XML_Char *name)
{
	struct reader *r = arg;
	enum tag tag = current(r);
	const char *text = text_of(r);
	uint64_t v = 0;

	(void)name;
	switch (tag) {
	case TAG_VERSION:
		if (parse_u64(text, &r->version) != 0 || r->version != MEMCHECK_XML_PROTOCOL)
			fail(r, "memcheck's XML is of a protocol this reader does not know (it reads "
				STRINGIFY(MEMCHECK_XML_PROTOCOL) ")", text);
		break;
	case TAG_TOOL:
		if (strcmp(text, "memcheck") != 0)
			fail(r, "valgrind's XML is not memcheck's but", text);
		r->tool_seen = true;
		break;
	case TAG_STATE:
		r->finished = strcmp(text, "FINISHED") == 0; /* the last status says how the run ended */
		break;
	case TAG_KIND:
		snprintf(r->kind, sizeof r->kind, "%s", text);
		break;
	case TAG_LEAKED:
		if (parse_u64(text, &r->leaked) != 0)
			fail(r, "leaked bytes that are not a number", text);
		r->leaked_seen = true;
		break;
	case TAG_COUNT:
		if (parse_u64(text, &v) != 0)
			fail(r, "an error count that is not a number", text);
		add(r, &r->m->errors, v);
		break;
	case TAG_ERROR:
		end_error(r);
		break;
	default:
		break;
	}
	r->depth--;
	r->text_len = 0;
}

static int read_xml(const char *path, struct memcheck_result *m, char *err, size_t errlen)
{
	struct reader r = { .m = m, .err = err, .errlen = errlen };
	char why[256];
	int rc = -1;
	FILE *f = NULL;
	char *buf = malloc(XML_READ_CHUNK);

	r.parser = XML_ParserCreate(NULL);
	if (buf == NULL || r.parser == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	f = fs_open_regular(path, TOOL_FILE_MAX, err, errlen);
	if (f == NULL)
		goto out;
	XML_SetUserData(r.parser, &r);
	XML_SetElementHandler(r.parser, on_start, on_end);
	XML_SetCharacterDataHandler(r.parser, on_text);
	for (;;) {
		size_t n = fread(buf, 1, XML_READ_CHUNK, f);
		bool last = n < XML_READ_CHUNK;
		if (ferror(f)) {
			snprintf(err, errlen, "%s: read error", path);
			goto out;
		}
		if (XML_Parse(r.parser, buf, (int)n, last) != XML_STATUS_OK) {
			if (!r.failed)
				snprintf(why, sizeof why, "%s (line %lu)", XML_ErrorString(XML_GetErrorCode(r.parser)),
					 (unsigned long)XML_GetCurrentLineNumber(r.parser));
			else
				snprintf(why, sizeof why, "%s", err);
			snprintf(err, errlen, "%s: %s%s", path, why, r.failed ? "" : " (the run did not finish?)");
			goto out;
		}
		if (last)
			break;
	}
	if (!r.tool_seen || r.version == 0 || !r.finished) {
		snprintf(err, errlen, "%s: %s", path, !r.tool_seen || r.version == 0 ? "no protocol version or tool"
			 : "no FINISHED status (the run did not finish?)");
		goto out;
	}
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	if (r.parser != NULL)
		XML_ParserFree(r.parser);
	free(buf);
	return rc;
}

/* Counts the descriptors the text log lists as opened by the program and open at exit. */
static int read_fds(const char *path, uint64_t *fds, char *err, size_t errlen)
{
	char *line = malloc(READ_LINE_MAX);
	bool pending = false; /* an entry whose next line says whose descriptor it is */
	long len = 0;
	int rc = -1;
	FILE *f = NULL;

	*fds = 0;
	if (line == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	f = fs_open_regular(path, TOOL_FILE_MAX, err, errlen);
	if (f == NULL)
		goto out;
	while ((len = fs_read_line(f, line, READ_LINE_MAX)) >= 0) {
		const char *body = strncmp(line, "==", 2) == 0 ? strstr(line + 2, "== ") : NULL;
		if (body == NULL) /* not one of valgrind's lines ("==PID== ") */
			continue;
		body += strspn(body + 3, " ") + 3;
		if (pending && strncmp(body, "<inherited from parent>", 23) != 0)
			(*fds)++;
		pending = strncmp(body, "Open file descriptor ", 21) == 0 || strncmp(body, "Open AF_", 8) == 0 ||
			  strncmp(body, "Open pf-", 8) == 0;
	}
	if (len == -2) {
		snprintf(err, errlen, "%s: line too long", path);
		goto out;
	}
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	free(line);
	return rc;
}

int memcheck_read(const char *xml, const char *log, struct memcheck_result *m, char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	if (read_xml(xml, m, err, errlen) != 0)
		return -1;
	/*
	 * A definitely-lost record's <leakedbytes> is its clique: the block's
	 * own bytes and the indirectly lost ones it alone reached, which have
	 * records of their own too (mc_leakcheck.c counts indirect bytes only
	 * under definitely-lost leaders).  The direct bytes, as LEAK SUMMARY's
	 * "definitely lost", are what is left after taking those out once.
	 */
	if (m->definitely_lost < m->indirectly_lost) {
		snprintf(err, errlen, "%s: more bytes indirectly lost than definitely lost records hold", xml);
		return -1;
	}
	m->definitely_lost -= m->indirectly_lost;
	m->in_use_at_exit -= m->indirectly_lost;
	return log != NULL ? read_fds(log, &m->fds_open, err, errlen) : 0;
}
