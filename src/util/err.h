/*
 * err.h - error codes and the one error record every layer fills in.
 *
 * A function that can fail returns 0 (or a pointer) on success and a negative
 * kesu_code on failure, after filling a struct kesu_err that says which field
 * was wrong and why in words a user can act on. err.c holds the single table
 * that maps each code to its wire name, its HTTP status and its CLI exit code.
 */
#ifndef KESU_ERR_H
#define KESU_ERR_H

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

struct kesu_err {
	enum kesu_code code;
	char field[64];
	char message[256];
};

/* Fills err (if not NULL) and returns -code, so callers can write
 * `return kesu_fail(err, KE_MISSING_FIELD, "channel", "is required");`. */
int kesu_fail(struct kesu_err *err, enum kesu_code code, const char *field,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

void kesu_err_clear(struct kesu_err *err);

/* Wire name ("invalid_value"), HTTP status and process exit code of a code. */
const char *kesu_code_name(enum kesu_code code);
int kesu_code_http(enum kesu_code code);
int kesu_code_exit(enum kesu_code code);

#endif
