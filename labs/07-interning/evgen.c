/*
 * evgen.c - writes a made-up web analytics export for evquery to load.  Lab
 * tool, trusted.  Neighbours: main.c (loads what this writes), evlog.h (the
 * format), ../lab.mk (runs it as the lab's INPUT_TOOL).
 *
 *	evgen --size N --seed S FILE
 *
 * FILE gets N events, one a line (the same bytes for the same N and S; a
 * bigger N continues the same file further):
 *
 *	1709251203	200	5120	Germany	Mozilla/5.0 (X11; ...) Firefox/121.0	/shop/garden/...
 *
 * Like real traffic the strings repeat: EVGEN_COUNTRIES countries, about
 * EVGEN_AGENTS user agents and EVGEN_PATHS paths, a few of each very
 * often and most of them rarely (index k comes up about as often as
 * log(n/k)), so a few thousand distinct strings fill millions of
 * fields.  Memory: one static line buffer and one static output buffer.
 */
#include "workload.h"
#include "splitmix.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EVGEN_SIZE_MAX   (UINT64_C(1) << 32) /* events */
#define EVGEN_OUT_BUFFER (64 * 1024)         /* bytes per write() */
#define EVGEN_LINE_MAX   1024
#define EVGEN_AGENTS     1200                /* user agents */
#define EVGEN_PATHS      3000                /* paths */
#define EVGEN_START_TIME 1709251200          /* 2024-03-01 00:00:00 UTC */

static const char *const countries[] = { "United States", "Germany",
	"India", "United Kingdom", "France", "Brazil", "Japan", "Canada",
	"Spain", "Italy", "Netherlands", "Poland", "Mexico", "Australia",
	"Sweden", "Indonesia", "Turkey", "South Korea", "Argentina",
	"Switzerland", "Belgium", "Austria", "Norway", "Denmark", "Finland",
	"Ireland", "Portugal", "Czechia", "Romania", "Greece", "Hungary",
	"Viet Nam", "Philippines", "Thailand", "South Africa", "Nigeria",
	"Egypt", "Kenya", "Chile", "Colombia", "Peru", "New Zealand",
	"Singapore", "Malaysia", "Israel", "Ukraine", "Morocco", "Iceland" };
#define EVGEN_COUNTRIES (sizeof countries / sizeof countries[0])

static const char *const agent_forms[] = {
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%u.0.%u.%u Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_%u) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%u.0.%u.0 Safari/537.36",
	"Mozilla/5.0 (iPhone; CPU iPhone OS %u_%u like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%u.0 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (X11; Linux x86_64; rv:%u.0) Gecko/20100101 Firefox/%u.%u",
	"Mozilla/5.0 (Linux; Android %u; SM-G99%u) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%u.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%u.0.0.0 Safari/537.36 Edg/%u.0.%u.0",
};
static const char *const locales[] = { "en-us", "de-de", "fr-fr", "en-gb", "es-es" };
static const char *const campaigns[] = {
	"?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale",
	"?utm_source=google&utm_medium=cpc&utm_campaign=brand-terms",
	"?utm_source=facebook&utm_medium=social&utm_campaign=retargeting",
	"?ref=homepage-carousel&position=2",
	"?utm_source=partner-blog&utm_medium=referral",
	"?gclid=EAIaIQobChMI8vOq4LbZhAMVjJKDBx0",
};
static const char *const sections[] = { "shop", "blog", "help", "docs" };
static const char *const topics[] = { "garden", "kitchen", "outdoor",
	"lighting", "storage", "tools", "bedroom", "office", "kids", "pets",
	"bathroom", "sale" };
static const char *const words[] = { "small", "large", "classic", "smart",
	"folding", "steel", "oak", "wireless", "compact", "deluxe", "eco",
	"retro" };
static const char *const things[] = { "hose", "lamp", "shelf", "kettle",
	"chair", "drill", "basket", "rug", "mirror", "bench", "tent", "clock" };

static struct {
	int fd;
	int error; /* errno of the first failed write, or 0 */
	size_t used;
	char buf[EVGEN_OUT_BUFFER];
} out;

static char line[EVGEN_LINE_MAX];
static size_t line_len;
static uint64_t rng_state;

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t rnd(void)
{
	return splitmix_next(&rng_state);
}

static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

/* 0 .. n-1, small ones far more often: the skew of real traffic. */
static unsigned skewed(unsigned n)
{
	return (unsigned)below(below(n) + 1);
}

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

/* Appends to the line buffer; it stops quietly at its end. */
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

/* User agent number u: a form, and version numbers that follow from u. */
static void put_agent(unsigned u)
{
	unsigned form = u % 6, v = u / 6; /* v: 0 .. EVGEN_AGENTS/6 - 1 */

	switch (form) {
	case 0: put(agent_forms[0], 100 + v % 25, 6000 + v * 7, v % 200); break;
	case 1: put(agent_forms[1], v % 8, 100 + v % 25, 6000 + v * 3); break;
	case 2: put(agent_forms[2], 14 + v % 4, v % 8, 14 + v % 5); break;
	case 3: put(agent_forms[3], 100 + v % 25, 100 + v % 25, v / 25); break;
	case 4: put(agent_forms[4], 8 + v % 7, v % 10, 100 + v / 10); break;
	default: put(agent_forms[5], 100 + v % 25, 100 + v % 25, 2000 + v * 11); break;
	}
}

/* Path number p: "/de-de/shop/garden/smart-hose-17?utm_source=...", ...:
 * the page, and the campaign link that brought the visitor to it. */
static void put_path(unsigned p)
{
	unsigned s = p % 4, t = (p / 4) % 12, w = (p / 48) % 12, k = p / 576;

	if (p == 0) {
		put("/");
		return;
	}
	put("/%s/%s/%s/%s-%s-%u", locales[p % 5], sections[s], topics[t], words[w],
	    things[(t + w + k) % 12], p);
	put("%s", campaigns[(p / 7) % 6]);
}

static unsigned pick_status(void)
{
	uint64_t r = below(1000);

	if (r < 8)
		return 500 + (unsigned)below(4);
	if (r < 40)
		return 400 + (unsigned)below(5);
	if (r < 90)
		return 304;
	if (r < 110)
		return 301 + (unsigned)below(2);
	return 200;
}

static void make_line(uint64_t t)
{
	unsigned status = pick_status();

	put("%" PRIu64 "\t%u\t%u\t%s\t", t, status,
	    status == 304 ? 0u : (unsigned)((200 + below(800)) << below(10)),
	    countries[skewed(EVGEN_COUNTRIES)]);
	put_agent(skewed(EVGEN_AGENTS));
	put("\t");
	put_path(skewed(EVGEN_PATHS));
	put("\n");
}

static void emit_line(void)
{
	if (out.used + line_len > sizeof out.buf)
		flush_out();
	memcpy(out.buf + out.used, line, line_len);
	out.used += line_len;
	line_len = 0;
}

int main(int argc, char **argv)
{
	struct workload w;
	uint64_t t = EVGEN_START_TIME;

	if (workload_init(argc, argv, &w, "--size EVENTS --seed S FILE") != 0)
		return 1;
	if (w.size < 1 || w.size > EVGEN_SIZE_MAX || w.input == NULL) {
		fprintf(stderr, "evgen: need --size 1..%" PRIu64 " (events) and a FILE\n",
			EVGEN_SIZE_MAX);
		return 1;
	}
	out.fd = open(w.input, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out.fd < 0) {
		fprintf(stderr, "evgen: %s: %s\n", w.input, strerror(errno));
		return 1;
	}
	rng_state = w.seed;
	for (uint64_t i = 0; i < w.size && out.error == 0; i++) {
		t += below(3);
		make_line(t);
		emit_line();
	}
	flush_out();
	if (close(out.fd) != 0 && out.error == 0)
		out.error = errno;
	if (out.error != 0) {
		fprintf(stderr, "evgen: %s: %s\n", w.input, strerror(out.error));
		return 1;
	}
	return 0;
}
