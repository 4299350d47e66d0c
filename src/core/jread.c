/*
 * jread.c - the sticky-error reader of settings documents (see jread.h).
 */
#include "jread.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../text/text.h"

struct jread jread_doc(json_t *j, struct jread_state *st)
{
	struct jread r = {.v = j, .st = st};
	return r;
}

const char *jread_path(const struct jread *r, const char *name, char *buf, size_t size)
{
	int n = name ? snprintf(buf, size, "%s%s%s", r->path, r->path[0] ? "." : "", name)
		     : snprintf(buf, size, "%s", r->path);
	if (n < 0 || (size_t)n >= size)
		buf[size - 1] = '\0'; /* a path that long is cut, never overrun */
	return buf;
}

struct jread jread_at(const struct jread *r, const char *name)
{
	struct jread c = {.v = json_is_object(r->v) ? json_object_get(r->v, name) : NULL,
			  .st = r->st};
	jread_path(r, name, c.path, sizeof c.path);
	if (json_is_null(c.v))
		c.v = NULL;
	return c;
}

struct jread jread_item(const struct jread *r, size_t i)
{
	struct jread c = {.v = json_array_get(r->v, i), .st = r->st};
	int n = snprintf(c.path, sizeof c.path, "%s[%zu]", r->path, i);
	if (n < 0 || (size_t)n >= sizeof c.path)
		c.path[sizeof c.path - 1] = '\0';
	return c;
}

int jread_fail(const struct jread *r, const char *name, int code, const char *fmt, ...)
{
	if (r->st->rc)
		return r->st->rc;
	char field[sizeof r->path + 64], msg[sizeof r->st->err->message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	jread_path(r, name, field, sizeof field);
	r->st->rc = kesu_fail(r->st->err, code, field, "%s", msg);
	return r->st->rc;
}

int jread_object(const struct jread *r, const char *const *names, int required)
{
	if (r->st->rc)
		return r->st->rc;
	if (!r->v)
		return required ? jread_fail(r, NULL, KE_MISSING_FIELD, "is required") : 0;
	if (!json_is_object(r->v))
		return jread_fail(r, NULL, KE_WRONG_TYPE, "must be an object");
	const char *k;
	json_t *v;
	json_object_foreach(r->v, k, v) {
		int ok = 0;
		for (int i = 0; names[i] && !ok; i++)
			ok = strcmp(names[i], k) == 0;
		if (!ok)
			return jread_fail(r, k, KE_UNKNOWN_FIELD, "is not a known field");
	}
	return 0;
}

int jread_array(const struct jread *r, size_t max, int required, size_t *n)
{
	*n = 0;
	if (r->st->rc)
		return r->st->rc;
	if (!r->v)
		return required ? jread_fail(r, NULL, KE_MISSING_FIELD, "is required") : 0;
	if (!json_is_array(r->v) || json_array_size(r->v) > max)
		return jread_fail(r, NULL, KE_WRONG_TYPE, "must be a list of at most %zu items", max);
	*n = json_array_size(r->v);
	return 0;
}

/* The member, or NULL when there is nothing to read (an error before,
 * absent, or null). */
static json_t *member(const struct jread *r, const char *name)
{
	if (r->st->rc || !json_is_object(r->v))
		return NULL;
	json_t *v = json_object_get(r->v, name);
	return json_is_null(v) ? NULL : v;
}

const char *jread_str(const struct jread *r, const char *name, size_t max, int required)
{
	json_t *v = member(r, name);
	if (!v) {
		if (required)
			jread_fail(r, name, KE_MISSING_FIELD, "is required");
		return NULL;
	}
	const char *s = json_string_value(v);
	if (!s) {
		jread_fail(r, name, KE_WRONG_TYPE, "must be a string");
		return NULL;
	}
	size_t n = json_string_length(v);
	if (memchr(s, '\0', n) || !text_utf8_valid(s, n)) {
		jread_fail(r, name, KE_INVALID_UTF8, "must be valid UTF-8 text");
		return NULL;
	}
	if (text_utf8_length(s) > max) {
		jread_fail(r, name, KE_TOO_LONG, "must be at most %zu characters", max);
		return NULL;
	}
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			jread_fail(r, name, KE_INVALID_VALUE,
				   "must not contain control characters or line breaks");
			return NULL;
		}
	if (!*s && required)
		jread_fail(r, name, KE_MISSING_FIELD, "is required");
	return *s ? s : NULL;
}

long long jread_int(const struct jread *r, const char *name, long long lo, long long hi,
		    long long dflt)
{
	json_t *v = member(r, name);
	if (!v)
		return dflt;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		jread_fail(r, name, KE_INVALID_VALUE, "must be a whole number from %lld to %lld", lo,
			   hi);
		return dflt;
	}
	return json_integer_value(v);
}

int jread_bool(const struct jread *r, const char *name, int dflt)
{
	json_t *v = member(r, name);
	if (!v)
		return dflt;
	if (!json_is_boolean(v)) {
		jread_fail(r, name, KE_WRONG_TYPE, "must be true or false");
		return dflt;
	}
	return json_is_true(v);
}

/* A value not in the list: refused with the reason the pages have words
 * for, and the list beside it. */
static void not_one_of(const struct jread *r, const char *name, const char *list)
{
	if (r->st->rc)
		return;
	char field[sizeof r->path + 64];
	jread_path(r, name, field, sizeof field);
	r->st->rc = kesu_refuse(r->st->err, KE_INVALID_VALUE, KR_NOT_ONE_OF, field,
				"must be one of: %s", list);
	kesu_param_str(r->st->err, "values", list);
}

int jread_enum(const struct jread *r, const char *name, const struct enum_value *values,
	       int dflt)
{
	const char *s = jread_str(r, name, 64, 0);
	if (!s)
		return dflt;
	int i = enum_input(values, s);
	if (i < 0) {
		char list[256];
		size_t n = 0;
		list[0] = '\0';
		for (int k = 0; values[k].name && n < sizeof list; k++)
			if (!(values[k].flags & EV_SYSTEM))
				n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "",
						      values[k].name);
		not_one_of(r, name, list);
		return dflt;
	}
	return i;
}

int jread_choice(const struct jread *r, const char *name, const char *const *names, int dflt)
{
	const char *s = jread_str(r, name, 64, 0);
	if (!s)
		return dflt;
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	char list[256];
	size_t n = 0;
	list[0] = '\0';
	for (int k = 0; names[k] && n < sizeof list; k++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", names[k]);
	not_one_of(r, name, list);
	return dflt;
}
