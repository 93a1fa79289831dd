/*
 * pitfall.c - every record a little Python object (trusted lab code: the
 * expected answers come from this file; students do not edit it).
 * Neighbours: store.h (the contract), main.c (the driver),
 * ../../solutions/06-fat-objects/store.c (the fix).
 *
 * This is the C twin of the plainest Python:
 *
 *	class Trade:
 *	    def __init__(self, side, time, qty, price, code):
 *	        self.side = side; self.time = time; self.qty = qty
 *	        self.price = price; self.code = code
 *	trades.append(Trade(...))
 *
 * Each instance is a header pointing at its own attribute table (the
 * instance __dict__), each entry a key string and a pointer to a boxed
 * value (Python's int, float and str objects), the code's box pointing
 * at its own copy of the text.  A field is read by looking its name up.
 * It works, and it is what a dynamic language does for you.  What it
 * costs, per record of 29 bytes of data: 13 malloc calls (header, table,
 * five keys, five boxes, the code's text), each block with malloc's
 * bookkeeping and rounding, plus the store's pointer to the header:
 * about 450 B of heap per record (README.md has the figures, measured).
 */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DICT_MIN_SLOTS 8   /* a fresh table's slots, as in CPython's dict */
#define STORE_FIRST_CAP 16 /* the store's first array of object pointers */
#define STORE_GROWTH 2     /* ... which doubles when full */

enum kind { BOX_INT, BOX_FLOAT, BOX_STR };

struct box { /* a boxed value: what a Python int, float or str is */
	enum kind kind;
	union {
		int64_t i;
		double f;
		char *s;
	} u;
};

struct slot { /* one entry of an instance's attribute table */
	char *key;
	struct box *value;
};

struct object { /* an instance: a header and its own table */
	size_t used, cap;
	struct slot *slots;
};

struct store {
	struct object **objects;
	size_t count, cap;
};

static void object_free(struct object *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < o->used; i++) {
		if (o->slots[i].value != NULL && o->slots[i].value->kind == BOX_STR)
			free(o->slots[i].value->u.s);
		free(o->slots[i].value);
		free(o->slots[i].key);
	}
	free(o->slots);
	free(o);
}

static struct object *object_new(void)
{
	struct object *o = malloc(sizeof *o);

	if (o == NULL)
		return NULL;
	o->used = 0;
	o->cap = DICT_MIN_SLOTS;
	o->slots = calloc(o->cap, sizeof *o->slots);
	if (o->slots == NULL) {
		free(o);
		return NULL;
	}
	return o;
}

static char *copy_string(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

/* setattr(o, key, value): takes the box, copies the key.  The tables
 * here never fill (five attributes, eight slots). */
static int object_set(struct object *o, const char *key, struct box *value)
{
	if (value == NULL || o->used == o->cap)
		goto fail;
	char *k = copy_string(key);
	if (k == NULL)
		goto fail;
	o->slots[o->used++] = (struct slot){ k, value };
	return 0;
fail:
	if (value != NULL && value->kind == BOX_STR)
		free(value->u.s);
	free(value);
	return -1;
}

/* getattr(o, key): a search by name, string compares and all. */
static const struct box *object_get(const struct object *o, const char *key)
{
	for (size_t i = 0; i < o->used; i++)
		if (strcmp(o->slots[i].key, key) == 0)
			return o->slots[i].value;
	return NULL;
}

static struct box *box_int(int64_t i)
{
	struct box *b = malloc(sizeof *b);

	if (b != NULL)
		*b = (struct box){ .kind = BOX_INT, .u.i = i };
	return b;
}

static struct box *box_float(double f)
{
	struct box *b = malloc(sizeof *b);

	if (b != NULL)
		*b = (struct box){ .kind = BOX_FLOAT, .u.f = f };
	return b;
}

static struct box *box_str(const char *s)
{
	struct box *b = malloc(sizeof *b);

	if (b == NULL)
		return NULL;
	b->kind = BOX_STR;
	b->u.s = copy_string(s);
	if (b->u.s == NULL) {
		free(b);
		return NULL;
	}
	return b;
}

struct store *store_create(void)
{
	return calloc(1, sizeof(struct store));
}

void store_release(struct store *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->count; i++)
		object_free(s->objects[i]);
	free(s->objects);
	free(s);
}

static int make_room(struct store *s)
{
	if (s->count < s->cap)
		return 0;
	size_t cap = s->cap == 0 ? STORE_FIRST_CAP : s->cap;
	if (s->cap != 0 && cap > SIZE_MAX / STORE_GROWTH / sizeof *s->objects)
		return -1;
	cap = s->cap == 0 ? cap : cap * STORE_GROWTH;
	struct object **grown = realloc(s->objects, cap * sizeof *grown);
	if (grown == NULL)
		return -1;
	s->objects = grown;
	s->cap = cap;
	return 0;
}

int store_add(struct store *s, const struct record *r)
{
	if (memchr(r->code, '\0', sizeof r->code) == NULL || make_room(s) != 0)
		return -1;
	struct object *o = object_new();
	if (o == NULL)
		return -1;
	if (object_set(o, "side", box_int(r->side)) != 0 ||
	    object_set(o, "time", box_int(r->time)) != 0 ||
	    object_set(o, "qty", box_int(r->qty)) != 0 ||
	    object_set(o, "price", box_float(r->price)) != 0 ||
	    object_set(o, "code", box_str(r->code)) != 0) {
		object_free(o);
		return -1;
	}
	s->objects[s->count++] = o;
	return 0;
}

size_t store_count(const struct store *s)
{
	return s->count;
}

int store_get(const struct store *s, size_t i, struct record *out)
{
	if (i >= s->count)
		return -1;
	const struct object *o = s->objects[i];
	const struct box *code = object_get(o, "code");

	memset(out, 0, sizeof *out);
	out->side = (char)object_get(o, "side")->u.i;
	out->time = object_get(o, "time")->u.i;
	out->qty = (uint32_t)object_get(o, "qty")->u.i;
	out->price = object_get(o, "price")->u.f;
	memcpy(out->code, code->u.s, strlen(code->u.s) + 1); /* it fits: store_add() checked */
	return 0;
}
