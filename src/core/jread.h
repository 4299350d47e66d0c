/*
 * jread.h - reading a JSON settings document with one sticky error: every
 * read after the first failure does nothing and gives its default, so a
 * parser reads member after member in a straight line and checks once at
 * the end. The error names the member by its path ("email.relay",
 * "rules[2].when.severity").
 */
#ifndef KESU_JREAD_H
#define KESU_JREAD_H

#include <jansson.h>
#include <stddef.h>

#include "../util/err.h"
#include "enums.h"

struct jread_state {
	struct kesu_err *err;
	int rc; /* the first error, or 0 */
};

/* A reader of one JSON value (an object, usually) at a path. */
struct jread {
	json_t *v;	/* NULL: absent; every read gives its default */
	char path[96];	/* "" for the document itself */
	struct jread_state *st;
};

/* The reader of a whole document j, sharing st (zeroed, with err). */
struct jread jread_doc(json_t *j, struct jread_state *st);
/* The reader of member name of r (absent: v NULL), and of item i of an array. */
struct jread jread_at(const struct jread *r, const char *name);
struct jread jread_item(const struct jread *r, size_t i);
/* The path of member name of r ("email.relay"), in buf. */
const char *jread_path(const struct jread *r, const char *name, char *buf, size_t size);

/* Fails at member name of r (name NULL: r itself) with code and a
 * message; the first failure stays. Returns the sticky code. */
int jread_fail(const struct jread *r, const char *name, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* r must be an object (or absent, unless required) with only the members
 * named. */
int jread_object(const struct jread *r, const char *const *names, int required);
/* r must be an array of at most max items (or absent, unless required);
 * *n receives how many. */
int jread_array(const struct jread *r, size_t max, int required, size_t *n);

/* A string member of at most max characters, one line unless multiline,
 * valid UTF-8; NULL when absent, null or empty (or required: an error). */
const char *jread_str(const struct jread *r, const char *name, size_t max, int required);
/* An integer member from lo to hi, dflt when absent. */
long long jread_int(const struct jread *r, const char *name, long long lo, long long hi,
		    long long dflt);
/* A true or false member, dflt when absent. */
int jread_bool(const struct jread *r, const char *name, int dflt);
/* A member naming one of values (an enum table), its index; dflt when
 * absent. */
int jread_enum(const struct jread *r, const char *name, const struct enum_value *values,
	       int dflt);
/* A member naming one of names (NULL-terminated), its index; dflt when
 * absent. */
int jread_choice(const struct jread *r, const char *name, const char *const *names, int dflt);

#endif
