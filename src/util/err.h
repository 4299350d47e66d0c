/*
 * err.h - error codes and the one error record every layer fills in.
 *
 * A function that can fail returns 0 (or a pointer) on success and a negative
 * kesu_code on failure, after filling a struct kesu_err that says which field
 * was wrong and why: a code (the kind of failure, which decides the HTTP
 * status), a reason (the rule that refused it, one stable word a page puts in
 * its own language), the values the words need (params: the limit, the
 * state) and a message in English. err.c holds the single tables that map
 * each code to its wire name, its HTTP status, its CLI exit code and its
 * default reason, and each reason to its name and meaning.
 *
 * A form that checks several fields collects them: between kesu_collect()
 * and kesu_collect_end() each failure on a new field is kept beside the
 * first (the first stays in code/field/message), so one reply names every
 * field to fix.
 */
#ifndef KESU_ERR_H
#define KESU_ERR_H

#include <stdio.h>

enum kesu_code {
	KE_OK = 0,
	KE_MALFORMED_JSON,
	KE_WRONG_TYPE,
	KE_UNKNOWN_FIELD,
	KE_MISSING_FIELD,
	KE_INVALID_VALUE,
	KE_TOO_LONG,
	KE_INVALID_UTF8,
	KE_BODY_TOO_LARGE,
	KE_MEDIA_TYPE,
	KE_UNAUTHORIZED,
	KE_FORBIDDEN,
	KE_NOT_FOUND,
	KE_METHOD,
	KE_CONFLICT,
	KE_STALE,
	KE_NEED_IF_MATCH,
	KE_IDEMPOTENCY_REUSED,
	KE_UNAVAILABLE,
	KE_INTERNAL,
	KE_USAGE,
	KE_IO,
	KE_ADDR_IN_USE,
	KE_RATE_LIMITED,  /* too many attempts: wait (Retry-After) */
	KE_TOTP_REQUIRED, /* the password was right; a one-time code is needed */
	KE__COUNT
};

/* The rule that refused a request. KR_DEFAULT stands for the code's own
 * reason (missing_field: required); the others name a rule more precisely
 * than the code can. The names are the API's: never rename one. */
enum kesu_reason {
	KR_DEFAULT = 0,
	/* the codes' own reasons */
	KR_MALFORMED_JSON,
	KR_WRONG_TYPE,
	KR_UNKNOWN,
	KR_REQUIRED,
	KR_INVALID,
	KR_TOO_LONG,
	KR_INVALID_UTF8,
	KR_TOO_LARGE,
	KR_MEDIA_TYPE,
	KR_NOT_SIGNED_IN,
	KR_NOT_PERMITTED,
	KR_NOT_FOUND,
	KR_METHOD,
	KR_CONFLICT,
	KR_STALE,
	KR_NEED_IF_MATCH,
	KR_KEY_REUSED,
	KR_BUSY,
	KR_INTERNAL,
	KR_RATE_LIMITED,
	KR_TOTP_REQUIRED,
	/* rules */
	KR_NOT_ONE_OF,
	KR_NOT_A_PHONE,
	KR_INVALID_EMAIL,
	KR_INVALID_DATE,
	KR_IN_FUTURE,
	KR_ONE_LINE,
	KR_CONTROL_CHARS,
	KR_CONTACT_REQUIRED,
	KR_CANNOT_REMOVE,
	KR_ONLY_FOR_DUPLICATE,
	KR_ONLY_FOR_REGULATOR,
	KR_NOT_ALLOWED_IN_STATE,
	KR_NEEDS_OVERRIDE,
	KR_CLOSED,
	KR_OVER_LIMIT,
	KR_OVER_CAP,
	KR_OWN_PROPOSAL,
	KR_ALREADY_DECIDED,
	KR_BAD_CREDENTIALS,
	KR_SESSION_ENDED,
	KR_CSRF,
	KR_ORIGIN,
	KR_TAKEN,
	KR_OTHER_CUSTOMER,
	KR_OWN_ACCOUNT,
	KR_LAST_ADMIN,
	KR_WEAK_PASSWORD,
	KR_RESERVED_NAME,
	KR_USERNAME_FORM,
	KR_TOO_MANY,
	KR__COUNT
};

#define KESU_PARAMS 3	 /* values one error carries for its words */
#define KESU_ERRORS 12	 /* field errors one reply lists, the first included */

struct kesu_param {
	char name[16];
	char text[80]; /* a string value, or "" for a number */
	long long num;
	int is_num;
};

/* One error: the first of a kesu_err is in the kesu_err itself, the others
 * of a form in its more[]. */
struct kesu_fault {
	enum kesu_code code;
	enum kesu_reason reason;
	char field[64];
	char message[256];
	int nparams;
	struct kesu_param params[KESU_PARAMS];
};

struct kesu_err {
	enum kesu_code code;
	char field[64];
	char message[256];
	enum kesu_reason reason; /* KR_DEFAULT: the code's own */
	int nparams;
	struct kesu_param params[KESU_PARAMS];
	/* collecting (kesu_collect): the other fields' errors, in order */
	int collecting;
	int nmore;
	int last; /* which error the last kesu_fail wrote: 0 this, k more[k-1], -1 none */
	struct kesu_fault more[KESU_ERRORS - 1];
};

/* Fills err (if not NULL) and returns -code, so callers can write
 * `return kesu_fail(err, KE_MISSING_FIELD, "channel", "is required");`.
 * The reason is the code's own. While collecting, an error on a field that
 * has one already is dropped, and one on another field is added. */
int kesu_fail(struct kesu_err *err, enum kesu_code code, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The same with the rule that refused it:
 * `kesu_refuse(err, KE_CONFLICT, KR_CLOSED, "", "the complaint is closed")`. */
int kesu_refuse(struct kesu_err *err, enum kesu_code code, enum kesu_reason reason,
		const char *field, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Adds a value to the error the last kesu_fail or kesu_refuse wrote (none
 * if it was dropped): `kesu_param_int(err, "max", 100)`. At most
 * KESU_PARAMS; a longer text is cut. */
void kesu_param_int(struct kesu_err *err, const char *name, long long value);
void kesu_param_str(struct kesu_err *err, const char *name, const char *value);

/* Starts collecting the field errors of a form (an outermost start clears
 * err); kesu_collect_end stops. Calls may nest. The caller keeps the first
 * return code itself: the collecting changes what err holds, not what
 * kesu_fail returns. */
void kesu_collect(struct kesu_err *err);
void kesu_collect_end(struct kesu_err *err);

/* Keeps the first failure in *rc: `kesu_keep(&rc, field_check(...))` reads
 * on after a failure. Returns r. */
static inline int kesu_keep(int *rc, int r)
{
	if (r && !*rc)
		*rc = r;
	return r;
}

/* How many errors err holds (0 when none), and the i-th of them. */
int kesu_err_count(const struct kesu_err *err);
void kesu_err_get(const struct kesu_err *err, int i, struct kesu_fault *out);
/* 1 if err holds an error on field, or (prefix) on a field below it
 * ("complainant" matches "complainant.phone"). */
int kesu_err_has(const struct kesu_err *err, const char *field, int prefix);

void kesu_err_clear(struct kesu_err *err);

/* Wire name ("invalid_value"), HTTP status and process exit code of a code. */
const char *kesu_code_name(enum kesu_code code);
int kesu_code_http(enum kesu_code code);
int kesu_code_exit(enum kesu_code code);

/* The wire name of a reason ("required"); KR_DEFAULT gives code's own. */
const char *kesu_reason_name(enum kesu_reason reason, enum kesu_code code);

/* Prints the codes and the reasons as `kesu help errors` shows them. */
void kesu_err_print(FILE *f, int markdown);

#endif
