/*
 * classjson.c - text kept losslessly in class mode's JSON files (see
 * class.h): a student's name or a note that is not UTF-8 goes in as its
 * shown form and, beside it, its bytes in hex.  gradebook.c (class.json)
 * and classstudent.c (each student's results.json) write through it.
 */
#include "class/class.h"

#include "base/fsutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* o[key] and o[key_hex], the names of the two members of a text */
static int hex_key(const char *key, char *buf, size_t cap)
{
	return fs_path(buf, cap, "%s_hex", key);
}

/*
 * jansson takes UTF-8 only: a name that is not would be left out of
 * class.json (and a merge would drop its student).  Hex is what every
 * reader can undo: the shown form beside it is for whoever reads the file.
 */
int class_json_set_text(json_t *o, const char *key, const char *text)
{
	char hkey[64], shown[2 * CLASS_NOTE_MAX], *hex = NULL;
	size_t len = strlen(text);
	int rc = -1;

	if (fs_is_printable(text))
		return json_object_set_new(o, key, json_string(text));
	if (hex_key(key, hkey, sizeof hkey) != 0 || (hex = malloc(2 * len + 1)) == NULL)
		return -1;
	for (size_t i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned char)text[i]);
	hex[2 * len] = '\0';
	if (json_object_set_new(o, key, json_string(fs_printable(text, true, shown, sizeof shown))) == 0 &&
	    json_object_set_new(o, hkey, json_string(hex)) == 0)
		rc = 0;
	free(hex);
	return rc;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int class_json_get_text(json_t *o, const char *key, char *buf, size_t cap)
{
	char hkey[64];
	json_t *hex = hex_key(key, hkey, sizeof hkey) == 0 ? json_object_get(o, hkey) : NULL;
	json_t *plain = json_object_get(o, key);

	if (hex == NULL) {
		size_t len = json_string_length(plain);
		if (!json_is_string(plain) || len >= cap || strlen(json_string_value(plain)) != len)
			return -1; /* a \u0000 inside: not a name's */
		memcpy(buf, json_string_value(plain), len + 1);
		return 0;
	}
	const char *h = json_string_value(hex);
	size_t n = json_string_length(hex);
	if (h == NULL || n % 2 != 0 || n / 2 >= cap)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hex_digit(h[2 * i]), lo = hex_digit(h[2 * i + 1]);
		if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
			return -1; /* not hex, or a NUL byte: no name has one */
		buf[i] = (char)(hi << 4 | lo);
	}
	buf[n / 2] = '\0';
	return 0;
}
