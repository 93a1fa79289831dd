/*
 * stages.c - the source and the four stages of the pipeline, each working
 * on ONE record (trusted lab code: students do not edit it).  These are the
 * f(x) of `[f(x) for x in xs]`; how they are chained is pipeline.c's job.
 * Neighbours: pipeline.h (the manual), pipeline.c / pitfall.c / the
 * solution (the chains), main.c (the driver), tests/.
 */
#include "pipeline.h"
#include "splitmix.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIME_BASE     INT64_C(1700000000) /* 2023-11-14: the stream's first second */
#define TIME_MAX      INT64_C(253402300799) /* 9999-12-31 23:59:59 */
#define AMOUNT_MAX    INT64_C(1000000000000) /* cents; larger is malformed */
#define ITEMS_MAX     999
#define MALFORMED_PPM 30000  /* of generated lines, per million */
#define REFUND_PPM    120000
#define TEST_PPM      50000  /* orders from the test country "ZZ" */
#define TIER_GOLD     50000  /* cents of total */
#define TIER_SILVER   10000

struct country { char code[3]; const char *region; int vat_bp; /* basis points */ };

static const struct country countries[] = {
	{ "DE", "EU", 1900 }, { "FR", "EU", 2000 }, { "IT", "EU", 2200 },
	{ "ES", "EU", 2100 }, { "NL", "EU", 2100 }, { "PL", "EU", 2300 },
	{ "US", "NA", 0 },    { "CA", "NA", 500 },  { "MX", "NA", 1600 },
	{ "JP", "AP", 1000 }, { "CN", "AP", 1300 }, { "BR", "SA", 1700 },
};
#define NCOUNTRIES (sizeof countries / sizeof countries[0])

/* splitmix64: the whole stream follows from the seed. */
static uint64_t next_random(uint64_t *state)
{
	return splitmix_next(state);
}

void source_generate(struct source *src, uint64_t seed, uint64_t count)
{
	*src = (struct source){ .state = seed, .left = count };
}

void source_lines(struct source *src, const char *const *lines, size_t n)
{
	*src = (struct source){ .left = n, .lines = lines };
}

/* One generated line: mostly orders, some refunds and test orders, and
 * ~3% spoiled in one of six ways. */
static int generate(struct source *src, char *line)
{
	uint64_t r = next_random(&src->state), s = next_random(&src->state);
	uint64_t id = 1000 + src->given;
	int64_t time = TIME_BASE + (int64_t)(src->given * 37 + r % 37);
	const char *cc = countries[(r >> 8) % NCOUNTRIES].code;
	int64_t amount = (int64_t)(100 + (s % 1000) * ((s >> 10) % 100 + 1));
	unsigned items = 1 + (unsigned)((s >> 20) % 9), ulen = 3 + (unsigned)((r >> 16) % 12);
	char user[RECORD_USER_MAX + 2];
	uint64_t ppm = (r >> 32) % 1000000;
	int n;

	snprintf(user, sizeof user, "u%0*" PRIu64, (int)ulen - 1, (s >> 30) % UINT64_C(100000000000));
	user[ulen] = '\0';
	if (ppm < REFUND_PPM)
		amount = -amount;
	else if (ppm < REFUND_PPM + TEST_PPM)
		cc = "ZZ";
	else if (ppm < REFUND_PPM + TEST_PPM + 3000)
		cc = "QQ"; /* a country the table does not know */
	if (ppm >= 1000000 - MALFORMED_PPM) {
		switch (ppm % 6) {
		case 0: return snprintf(line, RECORD_LINE_MAX + 1, "%" PRIu64 ",%" PRId64 ",%s,%s,%" PRId64,
					id, time, user, cc, amount); /* a field short */
		case 1: return snprintf(line, RECORD_LINE_MAX + 1, "%" PRIu64 ",%" PRId64 ",%s,%s,%" PRId64 ".%02u,%u",
					id, time, user, cc, amount / 100, items, items); /* a decimal point */
		case 2: return snprintf(line, RECORD_LINE_MAX + 1, "%" PRIu64 ",%" PRId64 ",%s,de,%" PRId64 ",%u",
					id, time, user, amount, items); /* lower case */
		case 3: line[0] = '\0'; return 0;
		case 4: return snprintf(line, RECORD_LINE_MAX + 1, "%" PRIu64 ",%" PRId64 ",%s%s,%s,%" PRId64 ",%u",
					id, time, user, "_overlongusername", cc, amount, items);
		default: return snprintf(line, RECORD_LINE_MAX + 1, ",%" PRId64 ",%s,%s,%" PRId64 ",%u",
					 time, user, cc, amount, items); /* no id */
		}
	}
	n = snprintf(line, RECORD_LINE_MAX + 1, "%" PRIu64 ",%" PRId64 ",%s,%s,%" PRId64 ",%u",
		     id, time, user, cc, amount, items);
	return n;
}

int source_next(struct source *src, char line[RECORD_LINE_MAX + 1])
{
	int n;

	if (src->left == 0)
		return -1;
	if (src->lines != NULL) {
		const char *l = src->lines[src->given];
		size_t len = strnlen(l, RECORD_LINE_MAX);
		memcpy(line, l, len);
		line[len] = '\0';
		n = (int)len;
	} else {
		n = generate(src, line);
		if (n > RECORD_LINE_MAX)
			n = RECORD_LINE_MAX; /* snprintf cut it */
	}
	src->left--;
	src->given++;
	return n;
}

/* A decimal field at *p up to ',' or the end: digits, an optional '-' when
 * neg_ok, and no more than max.  Advances *p past the field's ','. */
static int field_int(const char **p, int neg_ok, uint64_t max, int last, int64_t *sign, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	*sign = 1;
	if (neg_ok && *s == '-') {
		*sign = -1;
		s++;
	}
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (last ? *s != '\0' : *s != ',')
		return -1;
	*p = last ? s : s + 1;
	*out = v;
	return 0;
}

int record_parse(const char *line, struct record **out)
{
	const char *p = line, *user;
	struct record *r = NULL;
	uint64_t id, time, amount, items;
	int64_t sign, amount_sign;
	size_t ulen;

	*out = NULL;
	if (field_int(&p, 0, UINT64_MAX, 0, &sign, &id) != 0 ||
	    field_int(&p, 0, (uint64_t)TIME_MAX, 0, &sign, &time) != 0)
		return 1;
	user = p;
	ulen = strspn(user, "abcdefghijklmnopqrstuvwxyz0123456789_");
	if (ulen == 0 || ulen > RECORD_USER_MAX || user[ulen] != ',')
		return 1;
	p = user + ulen + 1;
	if (p[0] < 'A' || p[0] > 'Z' || p[1] < 'A' || p[1] > 'Z' || p[2] != ',')
		return 1;
	p += 3;
	if (field_int(&p, 1, (uint64_t)AMOUNT_MAX, 0, &amount_sign, &amount) != 0 ||
	    field_int(&p, 0, ITEMS_MAX, 1, &sign, &items) != 0 || items == 0)
		return 1;

	r = malloc(sizeof *r);
	if (r == NULL)
		goto nomem;
	*r = (struct record){ .id = id, .time = (int64_t)time, .amount = amount_sign * (int64_t)amount,
			      .items = (unsigned)items, .region = "??", .tier = "bronze" };
	memcpy(r->country, user + ulen + 1, 2);
	r->country[2] = '\0';
	r->user = malloc(ulen + 1);
	if (r->user == NULL)
		goto nomem;
	memcpy(r->user, user, ulen);
	r->user[ulen] = '\0';
	*out = r;
	return 0;
nomem:
	free(r);
	errno = ENOMEM;
	return -1;
}

void record_free(struct record *r)
{
	if (r == NULL)
		return;
	free(r->user);
	free(r);
}

int record_keep(const struct record *r)
{
	return r->amount > 0 && strcmp(r->country, "ZZ") != 0;
}

void record_enrich(struct record *r)
{
	int vat = 0;

	r->region = "??";
	for (size_t i = 0; i < NCOUNTRIES; i++)
		if (strcmp(countries[i].code, r->country) == 0) {
			r->region = countries[i].region;
			vat = countries[i].vat_bp;
		}
	/* half a cent rounds away from zero */
	r->tax = (r->amount * vat + (r->amount < 0 ? -5000 : 5000)) / 10000;
	r->total = r->amount + r->tax;
	r->tier = r->total >= TIER_GOLD ? "gold" : r->total >= TIER_SILVER ? "silver" : "bronze";
}

/* Howard Hinnant's civil_from_days: days since 1970-01-01 to y-m-d. */
static void civil(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

size_t record_format(const struct record *r, char buf[REPORT_LINE_MAX + 1])
{
	int64_t y;
	unsigned m, d;
	uint64_t cents = r->total < 0 ? (uint64_t)0 - (uint64_t)r->total : (uint64_t)r->total;
	int n;

	civil(r->time / 86400, &y, &m, &d);
	n = snprintf(buf, REPORT_LINE_MAX + 1, "%04" PRId64 "-%02u-%02u #%" PRIu64 " %s %s/%s %s %s%" PRIu64 ".%02u\n",
		     y, m, d, r->id, r->user, r->country, r->region, r->tier, r->total < 0 ? "-" : "",
		     cents / 100, (unsigned)(cents % 100));
	if (n < 0)
		n = 0;
	if (n > REPORT_LINE_MAX) { /* cannot happen for a parsed record; stay in bounds anyway */
		n = REPORT_LINE_MAX;
		buf[n - 1] = '\n';
		buf[n] = '\0';
	}
	return (size_t)n;
}
