/*
 * err.c - the one place that maps error codes to wire names, HTTP statuses
 * and CLI exit codes (sysexits.h values, so scripts and mail servers can
 * tell a retryable failure from a permanent one).
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int http;
	int exit;
} codes[KE__COUNT] = {
	[KE_OK] = {"ok", 200, 0},
	[KE_MALFORMED_JSON] = {"malformed_json", 400, 65},
	[KE_WRONG_TYPE] = {"wrong_type", 400, 65},
	[KE_UNKNOWN_FIELD] = {"unknown_field", 400, 65},
	[KE_MISSING_FIELD] = {"missing_field", 400, 65},
	[KE_INVALID_VALUE] = {"invalid_value", 400, 65},
	[KE_TOO_LONG] = {"too_long", 400, 65},
	[KE_INVALID_UTF8] = {"invalid_utf8", 400, 65},
	[KE_BODY_TOO_LARGE] = {"body_too_large", 413, 65},
	[KE_MEDIA_TYPE] = {"unsupported_media_type", 415, 65},
	[KE_UNAUTHORIZED] = {"unauthorized", 401, 77},
	[KE_FORBIDDEN] = {"forbidden", 403, 77},
	[KE_NOT_FOUND] = {"not_found", 404, 66},
	[KE_METHOD] = {"method_not_allowed", 405, 64},
	[KE_CONFLICT] = {"conflict", 409, 65},
	[KE_STALE] = {"precondition_failed", 412, 65},
	[KE_NEED_IF_MATCH] = {"precondition_required", 428, 65},
	[KE_IDEMPOTENCY_REUSED] = {"idempotency_key_reused", 422, 65},
	[KE_UNAVAILABLE] = {"unavailable", 503, 75},
	[KE_INTERNAL] = {"internal", 500, 70},
	[KE_USAGE] = {"usage", 400, 64},
	[KE_IO] = {"io_error", 500, 74},
	[KE_ADDR_IN_USE] = {"address_in_use", 500, 69},
	[KE_RATE_LIMITED] = {"rate_limited", 429, 75},
	[KE_TOTP_REQUIRED] = {"totp_required", 401, 77},
};

int kesu_fail(struct kesu_err *err, enum kesu_code code, const char *field,
	      const char *fmt, ...)
{
	if (err) {
		err->code = code;
		snprintf(err->field, sizeof err->field, "%s", field ? field : "");
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof err->message, fmt, ap);
		va_end(ap);
	}
	return -(int)code;
}

void kesu_err_clear(struct kesu_err *err)
{
	memset(err, 0, sizeof *err);
}

static int valid(enum kesu_code code)
{
	return (int)code >= 0 && code < KE__COUNT;
}

const char *kesu_code_name(enum kesu_code code)
{
	return valid(code) ? codes[code].name : "internal";
}

int kesu_code_http(enum kesu_code code)
{
	return valid(code) ? codes[code].http : 500;
}

int kesu_code_exit(enum kesu_code code)
{
	return valid(code) ? codes[code].exit : 70;
}
