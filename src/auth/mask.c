/*
 * mask.c - contact-detail masking. Characters, not bytes, are kept or
 * starred, so a masked value is still valid UTF-8.
 */
#include "mask.h"

#include <string.h>

/* Byte offset of character i of s (or strlen if s is shorter). */
static size_t char_offset(const char *s, size_t i)
{
	size_t off = 0;
	while (s[off] && i) {
		off++;
		while ((s[off] & 0xc0) == 0x80)
			off++;
		i--;
	}
	return off;
}

static size_t char_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += (*s & 0xc0) != 0x80;
	return n;
}

/* Keeps `head` characters and `tail` characters, stars `stars` between. */
static const char *keep_ends(const char *s, size_t head, size_t tail, size_t stars,
			     struct arena *a)
{
	size_t n = char_count(s);
	if (head + tail >= n) {
		head = n > 2 ? 1 : 0;
		tail = 0;
	}
	size_t hb = char_offset(s, head), tb = char_offset(s, n - tail);
	size_t len = strlen(s);
	char *out = arena_alloc(a, hb + stars + (len - tb) + 1);
	memcpy(out, s, hb);
	memset(out + hb, '*', stars);
	memcpy(out + hb + stars, s + tb, len - tb);
	out[hb + stars + len - tb] = '\0';
	return out;
}

const char *mask_phone(const char *s, struct arena *a)
{
	if (!s)
		return NULL;
	size_t n = char_count(s);
	if (n >= 7)
		return keep_ends(s, 3, 4, n - 7, a);
	return keep_ends(s, 0, n > 2 ? 2 : 0, n > 2 ? n - 2 : n, a);
}

const char *mask_email(const char *s, struct arena *a)
{
	if (!s)
		return NULL;
	const char *at = strrchr(s, '@');
	if (!at || at == s)
		return mask_other(s, a);
	size_t first = char_offset(s, 1);
	size_t dl = strlen(at);
	char *out = arena_alloc(a, first + 3 + dl + 1);
	memcpy(out, s, first);
	memcpy(out + first, "***", 3);
	memcpy(out + first + 3, at, dl + 1);
	return out;
}

const char *mask_other(const char *s, struct arena *a)
{
	if (!s)
		return NULL;
	size_t n = char_count(s);
	if (n < 4)
		return arena_strdup(a, "***");
	return keep_ends(s, 1, 1, 3, a);
}

void mask_complaint(struct complaint *c, struct arena *a)
{
	c->v[CF_PHONE] = mask_phone(c->v[CF_PHONE], a);
	c->v[CF_EMAIL] = mask_email(c->v[CF_EMAIL], a);
	c->v[CF_CONTACT_OTHER] = mask_other(c->v[CF_CONTACT_OTHER], a);
}

void mask_customer(struct customer *c, struct arena *a)
{
	c->v[KF_PHONE] = mask_phone(c->v[KF_PHONE], a);
	c->v[KF_EMAIL] = mask_email(c->v[KF_EMAIL], a);
	c->v[KF_CONTACT_OTHER] = mask_other(c->v[KF_CONTACT_OTHER], a);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Masks every string inside v with fn. */
static void mask_all(json_t *v, const char *(*fn)(const char *, struct arena *),
		     struct arena *a)
{
	if (json_is_string(v)) {
		json_string_set(v, fn(json_string_value(v), a));
	} else if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
			mask_all(x, fn, a);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			mask_all(x, fn, a);
	}
}

void mask_event_data(json_t *data)
{
	struct arena *a = arena_new();
	const char *k;
	json_t *v;
	if (json_is_object(data)) {
		json_object_foreach(data, k, v) {
			if (ends_with(k, "phone"))
				mask_all(v, mask_phone, a);
			else if (ends_with(k, "email"))
				mask_all(v, mask_email, a);
			else if (ends_with(k, "contact_other"))
				mask_all(v, mask_other, a);
			else
				mask_event_data(v);
		}
	} else if (json_is_array(data)) {
		size_t i;
		json_array_foreach(data, i, v)
			mask_event_data(v);
	}
	arena_free(a);
}
