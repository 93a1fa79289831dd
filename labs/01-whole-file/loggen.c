/*
 * loggen.c - writes a made-up web server access log for logstats to read.
 * Lab tool, trusted.  Neighbours: main.c (reads what this writes),
 * logstats.h (the format), ../lab.mk (runs it as the lab's INPUT_TOOL).
 *
 *	loggen --size N --seed S FILE
 *
 * FILE gets exactly N MiB of Apache "combined" log lines, the same bytes for
 * the same (N, S); a bigger N continues the same log further.  Like a log
 * copied while the server is still writing it, the last line is simply cut
 * at the N MiB mark, so the file usually has no final newline.
 *
 * The log has what real ones have: mostly ordinary requests (skewed towards
 * a few pages and clients), some long query strings and user agents, a rare
 * "\r\n" line end, a rare empty or truncated line, and about one scanner
 * probe per MiB whose URL alone is LOGGEN_PROBE_MIN..MAX bytes, longer than
 * a reader's LOGSTATS_CHUNK.  Memory is bounded: one output buffer and one
 * line buffer, both static.
 */
#include "workload.h"
#include "splitmix.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOGGEN_MIB        (1024 * 1024)
#define LOGGEN_SIZE_MAX   (1024 * 1024)  /* MiB: 1 TiB of log */
#define LOGGEN_OUT_BUFFER (64 * 1024)    /* bytes per write() */
#define LOGGEN_LINE_MAX   (16 * 1024)    /* an ordinary line fits in this */
#define LOGGEN_PROBE_MIN  (70 * 1024)    /* URL bytes of a probe line */
#define LOGGEN_PROBE_MAX  (160 * 1024)
#define LOGGEN_CLIENTS    256            /* addresses that come back */
#define LOGGEN_START_TIME 1709251200     /* 2024-03-01 00:00:00 UTC */

static struct {
	int fd;
	int error;     /* errno of the first failed write, or 0 */
	uint64_t left; /* bytes to write before the size is reached */
	size_t used;
	char buf[LOGGEN_OUT_BUFFER];
} out;

static char line[LOGGEN_LINE_MAX];
static size_t line_len;
static uint64_t rng_state;
static uint32_t clients[LOGGEN_CLIENTS];

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t rnd(void)
{
	return splitmix_next(&rng_state);
}

static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

#define PICK(list) (list[below(sizeof list / sizeof list[0])])

static void flush_out(void)
{
	for (size_t done = 0; done < out.used && out.error == 0;) {
		ssize_t n = write(out.fd, out.buf + done, out.used - done);
		if (n >= 0)
			done += (size_t)n;
		else if (errno != EINTR)
			out.error = errno;
	}
	out.used = 0;
}

/* The line buffer to the file, cut where the size is reached. */
static void emit_line(void)
{
	size_t n = line_len < out.left ? line_len : (size_t)out.left;

	out.left -= n;
	for (const char *p = line; n > 0;) {
		size_t k = sizeof out.buf - out.used;
		if (k > n)
			k = n;
		memcpy(out.buf + out.used, p, k);
		out.used += k;
		p += k;
		n -= k;
		if (out.used == sizeof out.buf)
			flush_out();
	}
	line_len = 0;
}

/* Appends to the line buffer; they stop quietly at its end. */
__attribute__((format(printf, 1, 2)))
static void put(const char *fmt, ...)
{
	size_t room = sizeof line - line_len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line + line_len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		line_len += (size_t)n < room ? (size_t)n : room - 1;
}

/* n characters that could be in a query string. */
static void put_random(size_t n)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

	for (; n > 0 && line_len < sizeof line; n--)
		line[line_len++] = set[below(sizeof set - 1)];
}

/* "host - user [date] ": a returning client, or anyone at all. */
static void put_start(time_t t, const char *user)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	uint32_t a = below(10) != 0 ?
		clients[below(below(LOGGEN_CLIENTS) + 1)] : (uint32_t)rnd();
	struct tm tm;

	gmtime_r(&t, &tm);
	put("%u.%u.%u.%u - %s [%02d/%s/%d:%02d:%02d:%02d +0000] ",
	    (a >> 24) | 1, (a >> 16) & 255, (a >> 8) & 255, a & 255, user,
	    tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

static unsigned pick_status(const char *path)
{
	static const unsigned common[] = { 200, 200, 200, 200, 200, 200,
		200, 200, 200, 200, 200, 200, 200, 200, 304, 304, 404, 302 };
	static const unsigned client_errors[] = { 400, 401, 403, 405, 429 };
	static const unsigned server_errors[] = { 500, 502, 503, 504 };
	uint64_t r = below(1000);

	if (strcmp(path, "/wp-login.php") == 0 || strcmp(path, "/.env") == 0)
		return 404;
	if (r < 10)
		return PICK(server_errors);
	if (r < 40)
		return PICK(client_errors);
	if (r < 50)
		return below(2) ? 206 : 301;
	return PICK(common);
}

/* One ordinary request, without its line end, into the line buffer. */
static void make_line(time_t t)
{
	static const char *const paths[] = { "/", "/", "/", "/index.html",
		"/favicon.ico", "/robots.txt", "/static/css/site.css",
		"/static/js/app.js", "/images/logo.png", "/api/v1/items",
		"/blog/2024/02/why-we-stream", "/search", "/login",
		"/wp-login.php", "/.env", "/feed.xml" };
	static const char *const methods[] = { "GET", "GET", "GET", "GET",
		"GET", "GET", "GET", "GET", "POST", "HEAD" };
	static const char *const protos[] = { "HTTP/1.1", "HTTP/1.1",
		"HTTP/1.1", "HTTP/2.0", "HTTP/1.0" };
	static const char *const users[] = { "alice", "bob", "carol" };
	static const char *const agents[] = {
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
		"(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 "
		"(KHTML, like Gecko) Version/17.3 Safari/605.1.15",
		"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) "
		"AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
		"Googlebot/2.1 (+http://www.google.com/bot.html)",
		"curl/8.5.0", "python-requests/2.31.0", "Wget/1.21.4" };
	const char *path = PICK(paths);
	unsigned status = pick_status(path);
	uint64_t query = below(100);

	put_start(t, below(20) == 0 ? PICK(users) : "-");
	put("\"%s %s", PICK(methods), path);
	if (query >= 94) {          /* a tracking link */
		put("?utm_source=newsletter&fbclid=");
		put_random(200 + below(3800));
	} else if (query >= 70) {   /* a search */
		put("?q=");
		put_random(3 + below(40));
		put("&page=%u", 1 + (unsigned)below(9));
	}
	put(" %s\" %u ", PICK(protos), status);
	if (status == 304 || (status == 200 && below(50) == 0))
		put("-");           /* no body */
	else if (status != 200 && status != 206)
		put("%u", 150 + (unsigned)below(450));
	else                        /* about log-uniform, 100 B to 3 MiB */
		put("%" PRIu64, (100 + below(900)) << below(13));
	put(below(2) ? " \"-\" \"%s" : " \"https://www.example.com/\" \"%s",
	    PICK(agents));
	if (below(50) == 0) {       /* an agent stuffed with plugin tokens */
		put(" Ext/");
		put_random(1000 + below(2000));
	}
	put("\"");
}

/* A scanner probing for buffer overflows with one enormous URL. */
static void emit_probe(time_t t)
{
	size_t n = LOGGEN_PROBE_MIN + below(LOGGEN_PROBE_MAX - LOGGEN_PROBE_MIN);

	put_start(t, "-");
	put("\"GET /cgi-bin/search?q=");
	emit_line();
	for (; n > 0; n -= line_len, emit_line())
		put_random(n < sizeof line ? n : sizeof line);
	put(" HTTP/1.1\" 414 226 \"-\" \"masscan/1.3\"\n");
	emit_line();
}

static void generate(uint64_t seed)
{
	time_t t = LOGGEN_START_TIME;
	uint64_t written = 0, next_probe;

	rng_state = seed;
	for (int i = 0; i < LOGGEN_CLIENTS; i++)
		clients[i] = (uint32_t)rnd();
	next_probe = below(LOGGEN_MIB);
	while (out.left > 0 && out.error == 0) {
		uint64_t left = out.left, kind = below(10000);

		t += (time_t)below(3);
		if (written >= next_probe) {
			next_probe += LOGGEN_MIB / 2 + below(LOGGEN_MIB);
			emit_probe(t);
		} else if (kind < 5) {      /* an empty line */
			put("\n");
			emit_line();
		} else {
			make_line(t);
			if (kind < 10)      /* truncated: the writer died */
				line_len = 20 + below(line_len - 20);
			put(kind < 30 ? "\r\n" : "\n");
			emit_line();
		}
		written += left - out.left;
	}
	flush_out();
}

int main(int argc, char **argv)
{
	struct workload w;

	if (workload_init(argc, argv, &w, "--size MIB --seed S FILE") != 0)
		return 1;
	if (w.size < 1 || w.size > LOGGEN_SIZE_MAX || w.input == NULL) {
		fprintf(stderr, "loggen: need --size 1..%d (MiB) and a FILE\n",
			LOGGEN_SIZE_MAX);
		return 1;
	}
	out.fd = open(w.input, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out.fd < 0) {
		fprintf(stderr, "loggen: %s: %s\n", w.input, strerror(errno));
		return 1;
	}
	out.left = w.size * LOGGEN_MIB;
	generate(w.seed);
	if (close(out.fd) != 0 && out.error == 0)
		out.error = errno;
	if (out.error != 0) {
		fprintf(stderr, "loggen: %s: %s\n", w.input, strerror(out.error));
		return 1;
	}
	return 0;
}
