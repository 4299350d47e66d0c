/*
 * fields.h - table-driven validation of the text fields that records carry.
 *
 * A record type (complaint, customer, note) describes its fields in one
 * table of struct field_def; the same table drives parsing, validation, the
 * JSON form and `kesu help fields`. Values are checked strictly: type, UTF-8,
 * control characters, length in characters, enum membership, date syntax.
 */
#ifndef KESU_FIELDS_H
#define KESU_FIELDS_H

#include <jansson.h>

#include "../util/arena.h"
#include "../util/err.h"
#include "enums.h"

enum field_kind {
	FK_TEXT,	     /* one line */
	FK_MULTILINE,	     /* free text, newlines and tabs allowed */
	FK_ENUM,	     /* one of values[] */
	FK_DATETIME,	     /* RFC 3339, stored as UTC "...Z" */
	FK_DATE_OR_DATETIME, /* YYYY-MM-DD or RFC 3339 */
	FK_PHONE,
	FK_EMAIL,
};

struct field_def {
	const char *group; /* enclosing JSON object, or NULL for top level */
	const char *name;  /* key inside it */
	const char *path;  /* name used in errors: "complainant.phone" */
	enum field_kind kind;
	int max;	   /* maximum length in characters */
	const struct enum_value *values; /* FK_ENUM */
	const char *help;  /* one line for `kesu help fields` */
};

/* Checks one JSON value against f. On success returns 0 and sets *out to
 * the normalised text (allocated in a) or NULL when the value is null or
 * blank. On failure returns a negative code and fills err. now_ms bounds
 * dates: a date more than five minutes in the future is refused. */
int field_check(const struct field_def *f, json_t *value, int64_t now_ms,
		struct arena *a, const char **out, struct kesu_err *err);

/* Refuses keys of obj that no field of defs[0..n) with that group names.
 * Returns 0 or a negative code with err naming the unknown key. */
int field_known_keys(json_t *obj, const char *group, const struct field_def *defs,
		     int n, struct kesu_err *err);

/* "a, b, c" list of an enum's values, for messages and help. */
const char *field_values_list(const struct field_def *f, struct arena *a);

/* Prints the table as `kesu help fields` shows it. */
void field_print_table(const char *title, const struct field_def *defs, int n);

#endif
