/*
 * err.c - the one place that maps error codes to wire names, HTTP statuses
 * and CLI exit codes (sysexits.h values, so scripts and mail servers can
 * tell a retryable failure from a permanent one) and to their default
 * reasons, and that names every reason; `kesu help errors` and the docs
 * print these tables.
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int http;
	int exit;
	enum kesu_reason reason; /* the default */
	const char *when;	 /* for the docs; NULL: not an API error */
} codes[KE__COUNT] = {
	[KE_OK] = {"ok", 200, 0, KR_DEFAULT, NULL},
	[KE_MALFORMED_JSON] = {"malformed_json", 400, 65, KR_MALFORMED_JSON,
			       "the body is not JSON, is empty, or repeats a key"},
	[KE_WRONG_TYPE] = {"wrong_type", 400, 65, KR_WRONG_TYPE,
			   "a value (or the body) has the wrong JSON type"},
	[KE_UNKNOWN_FIELD] = {"unknown_field", 400, 65, KR_UNKNOWN,
			      "a field or query parameter kesu does not know (typos are not ignored)"},
	[KE_MISSING_FIELD] = {"missing_field", 400, 65, KR_REQUIRED,
			      "a required value is missing or blank: `channel`, `content`, every way to reach the complainant..."},
	[KE_INVALID_VALUE] = {"invalid_value", 400, 65, KR_INVALID,
			      "not one of the allowed values, a bad phone number or date, a date in the future, control characters; a request whose end is ambiguous (two `Content-Length`, `Content-Length` with `Transfer-Encoding`, no `Host`: the header is the field, and the connection is closed)"},
	[KE_TOO_LONG] = {"too_long", 400, 65, KR_TOO_LONG,
			 "over the field's limit, counted in characters (`kesu help fields`)"},
	[KE_INVALID_UTF8] = {"invalid_utf8", 400, 65, KR_INVALID_UTF8,
			     "bytes that are not UTF-8, or a NUL character"},
	[KE_BODY_TOO_LARGE] = {"body_too_large", 413, 65, KR_TOO_LARGE,
			       "the body exceeds 1 MiB"},
	[KE_MEDIA_TYPE] = {"unsupported_media_type", 415, 65, KR_MEDIA_TYPE,
			   "`Content-Type` is not `application/json` (UTF-8)"},
	[KE_UNAUTHORIZED] = {"unauthorized", 401, 77, KR_NOT_SIGNED_IN,
			     "no valid API token or session; wrong user name or password"},
	[KE_FORBIDDEN] = {"forbidden", 403, 77, KR_NOT_PERMITTED,
			  "the role or token scope does not allow it; CSRF token missing or wrong; another origin"},
	[KE_NOT_FOUND] = {"not_found", 404, 66, KR_NOT_FOUND, "no such route or record"},
	[KE_METHOD] = {"method_not_allowed", 405, 64, KR_METHOD,
		       "the route exists with other methods (listed in `Allow`)"},
	[KE_CONFLICT] = {"conflict", 409, 65, KR_CONFLICT,
			 "the record's state does not allow it now; the phone or email belongs to another customer; a taken user or team name; the last administrator"},
	[KE_STALE] = {"precondition_failed", 412, 65, KR_STALE,
		      "`If-Match` names an older version"},
	[KE_NEED_IF_MATCH] = {"precondition_required", 428, 65, KR_NEED_IF_MATCH,
			      "a PATCH without `If-Match`"},
	[KE_IDEMPOTENCY_REUSED] = {"idempotency_key_reused", 422, 65, KR_KEY_REUSED,
				   "the `Idempotency-Key` was used for a different body"},
	[KE_UNAVAILABLE] = {"unavailable", 503, 75, KR_BUSY,
			    "the database is busy or the disk is full, or too many sign-ins wait for their password check, or too many live streams are open (with `Retry-After`); retry later"},
	[KE_INTERNAL] = {"internal", 500, 70, KR_INTERNAL, "a fault of kesu's own (logged)"},
	[KE_USAGE] = {"usage", 400, 64, KR_INVALID, NULL},
	[KE_IO] = {"io_error", 500, 74, KR_INTERNAL, NULL},
	[KE_ADDR_IN_USE] = {"address_in_use", 500, 69, KR_INTERNAL, NULL},
	[KE_RATE_LIMITED] = {"rate_limited", 429, 75, KR_RATE_LIMITED,
			     "too many failed sign-ins or portal lookups, or live streams of one user; `Retry-After` says how long to wait"},
	[KE_TOTP_REQUIRED] = {"totp_required", 401, 77, KR_TOTP_REQUIRED,
			      "the password was right; the account's one-time code is needed"},
};

static const struct {
	const char *name;
	const char *params; /* the params it carries, "" for none */
	const char *when;
} reasons[KR__COUNT] = {
	[KR_DEFAULT] = {"", "", ""},
	[KR_MALFORMED_JSON] = {"malformed_json", "", "the body is not JSON"},
	[KR_WRONG_TYPE] = {"wrong_type", "", "a value has the wrong JSON type"},
	[KR_UNKNOWN] = {"unknown", "", "a field or parameter kesu does not know"},
	[KR_REQUIRED] = {"required", "", "the field must be given and not blank"},
	[KR_INVALID] = {"invalid", "", "a value kesu cannot take (the field says which)"},
	[KR_TOO_LONG] = {"too_long", "`max`, `length`", "longer than `max` characters"},
	[KR_INVALID_UTF8] = {"invalid_utf8", "", "not UTF-8 text, or a NUL character"},
	[KR_TOO_LARGE] = {"too_large", "", "the body or a file is too large"},
	[KR_MEDIA_TYPE] = {"media_type", "", "a body or file of a type kesu does not take"},
	[KR_NOT_SIGNED_IN] = {"not_signed_in", "", "no valid API token or session"},
	[KR_NOT_PERMITTED] = {"not_permitted", "", "the role or token scope does not allow it"},
	[KR_NOT_FOUND] = {"not_found", "", "no such route or record"},
	[KR_METHOD] = {"method", "", "the route does not take this method"},
	[KR_CONFLICT] = {"conflict", "", "the record's present state does not allow it"},
	[KR_STALE] = {"stale", "", "someone changed the record meanwhile"},
	[KR_NEED_IF_MATCH] = {"need_if_match", "", "`If-Match` is required"},
	[KR_KEY_REUSED] = {"key_reused", "", "the `Idempotency-Key` went with another body"},
	[KR_BUSY] = {"busy", "", "kesu is busy; retry later"},
	[KR_INTERNAL] = {"internal", "", "a fault of kesu's own"},
	[KR_RATE_LIMITED] = {"rate_limited", "", "too many attempts; wait (`Retry-After`)"},
	[KR_TOTP_REQUIRED] = {"totp_required", "", "the one-time code is needed"},
	[KR_NOT_ONE_OF] = {"not_one_of", "`values`", "not one of the allowed `values` (a comma-separated list)"},
	[KR_NOT_A_PHONE] = {"not_a_phone", "",
			      "not a phone number: a mainland mobile (11 digits, 1[3-9]...), a landline with its area code, a +852/+853/+886 number or an international +number"},
	[KR_INVALID_EMAIL] = {"invalid_email", "", "not an email address"},
	[KR_INVALID_DATE] = {"invalid_date", "", "not a date (2026-11-20) or an RFC 3339 date-time"},
	[KR_IN_FUTURE] = {"in_future", "", "a date or time that lies in the future"},
	[KR_ONE_LINE] = {"one_line", "", "line breaks in a one-line field"},
	[KR_CONTROL_CHARS] = {"control_chars", "", "tabs or control characters"},
	[KR_CONTACT_REQUIRED] = {"contact_required", "",
				 "no way to reach the person: a phone, an email or another contact is needed"},
	[KR_CANNOT_REMOVE] = {"cannot_remove", "", "the field may be changed but not emptied"},
	[KR_ONLY_FOR_DUPLICATE] = {"only_for_duplicate", "", "only for a complaint whose validity is duplicate"},
	[KR_ONLY_FOR_REGULATOR] = {"only_for_regulator", "", "only for complaints from the regulator channel"},
	[KR_NOT_ALLOWED_IN_STATE] = {"not_allowed_in_state", "`state`, `to`, `allowed`",
				       "a complaint in `state` cannot go to `to` (`allowed`: where it can)"},
	[KR_NEEDS_OVERRIDE] = {"needs_override", "`state`, `to`",
			       "a manager's decision (permission complaint.override)"},
	[KR_CLOSED] = {"closed", "", "the complaint is closed: reopen it first"},
	[KR_OVER_LIMIT] = {"over_limit", "`limit_fen`, `total_fen`",
			   "takes the compensation on the complaint to `total_fen`, above the authority limit `limit_fen`"},
	[KR_OVER_CAP] = {"over_cap", "`cap_fen`", "passes the customer's concession cap `cap_fen`"},
	[KR_OWN_PROPOSAL] = {"own_proposal", "", "nobody decides their own proposal"},
	[KR_ALREADY_DECIDED] = {"already_decided", "`state`", "the proposal was decided already (`state`)"},
	[KR_BAD_CREDENTIALS] = {"bad_credentials", "", "wrong user name or password"},
	[KR_SESSION_ENDED] = {"session_ended", "", "the session has ended; sign in again"},
	[KR_CSRF] = {"csrf", "", "the CSRF token is missing or wrong"},
	[KR_ORIGIN] = {"origin", "", "a request from another site"},
	[KR_TAKEN] = {"taken", "", "the value belongs to another record already"},
	[KR_OTHER_CUSTOMER] = {"other_customer", "", "a complaint of another customer where the same customer's is needed"},
	[KR_OWN_ACCOUNT] = {"own_account", "", "not on one's own account"},
	[KR_LAST_ADMIN] = {"last_admin", "", "the last active administrator"},
	[KR_WEAK_PASSWORD] = {"weak_password", "`min`",
			      "a password shorter than `min` characters, common, a pattern, or holding the user name"},
	[KR_RESERVED_NAME] = {"reserved_name", "", "a name kesu acts under itself (system, customer, portal...)"},
	[KR_USERNAME_FORM] = {"username_form", "", "not 2 to 32 characters of a-z, 0-9, '.', '_' and '-'"},
	[KR_TOO_MANY] = {"too_many", "`max`", "there are `max` already, the most there may be: remove one first"},
};

/* Where field's next failure goes: 0 into err itself, k into more[k-1],
 * -1 nowhere (collecting, and field has an error already or there is no
 * room left). */
static int slot_for(struct kesu_err *err, const char *field)
{
	if (!err->collecting || err->code == KE_OK)
		return 0;
	if (kesu_err_has(err, field, 0) || err->nmore >= KESU_ERRORS - 1)
		return -1;
	return ++err->nmore;
}

static int vfail(struct kesu_err *err, enum kesu_code code, enum kesu_reason reason,
		 const char *field, const char *fmt, va_list ap)
{
	if (!err)
		return -(int)code;
	/* formatted first: a message may quote err's own */
	char msg[sizeof err->message];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (!field)
		field = "";
	int k = slot_for(err, field);
	err->last = k;
	if (k == 0) {
		err->code = code;
		err->reason = reason;
		snprintf(err->field, sizeof err->field, "%s", field);
		memcpy(err->message, msg, sizeof msg);
		err->nparams = 0;
	} else if (k > 0) {
		struct kesu_fault *f = &err->more[k - 1];
		f->code = code;
		f->reason = reason;
		snprintf(f->field, sizeof f->field, "%s", field);
		memcpy(f->message, msg, sizeof msg);
		f->nparams = 0;
	}
	return -(int)code;
}

int kesu_fail(struct kesu_err *err, enum kesu_code code, const char *field,
	      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vfail(err, code, KR_DEFAULT, field, fmt, ap);
	va_end(ap);
	return rc;
}

int kesu_refuse(struct kesu_err *err, enum kesu_code code, enum kesu_reason reason,
		const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vfail(err, code, reason, field, fmt, ap);
	va_end(ap);
	return rc;
}

static struct kesu_param *new_param(struct kesu_err *err, const char *name)
{
	if (!err || err->last < 0 || err->code == KE_OK)
		return NULL;
	int *n = err->last ? &err->more[err->last - 1].nparams : &err->nparams;
	struct kesu_param *ps = err->last ? err->more[err->last - 1].params : err->params;
	if (*n >= KESU_PARAMS)
		return NULL;
	struct kesu_param *p = &ps[(*n)++];
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "%s", name);
	return p;
}

void kesu_param_int(struct kesu_err *err, const char *name, long long value)
{
	struct kesu_param *p = new_param(err, name);
	if (p) {
		p->num = value;
		p->is_num = 1;
	}
}

void kesu_param_str(struct kesu_err *err, const char *name, const char *value)
{
	struct kesu_param *p = new_param(err, name);
	if (p)
		snprintf(p->text, sizeof p->text, "%s", value ? value : "");
}

void kesu_collect(struct kesu_err *err)
{
	if (!err)
		return;
	if (!err->collecting)
		kesu_err_clear(err);
	err->collecting++;
}

void kesu_collect_end(struct kesu_err *err)
{
	if (err && err->collecting)
		err->collecting--;
}

int kesu_err_count(const struct kesu_err *err)
{
	return err->code == KE_OK ? 0 : 1 + err->nmore;
}

void kesu_err_get(const struct kesu_err *err, int i, struct kesu_fault *out)
{
	if (i > 0) {
		*out = err->more[i - 1];
		return;
	}
	out->code = err->code;
	out->reason = err->reason;
	memcpy(out->field, err->field, sizeof out->field);
	memcpy(out->message, err->message, sizeof out->message);
	out->nparams = err->nparams;
	memcpy(out->params, err->params, sizeof out->params);
}

static int field_is(const char *have, const char *field, int prefix)
{
	size_t n = strlen(field);
	if (strncmp(have, field, n) != 0)
		return 0;
	return have[n] == '\0' || (prefix && (have[n] == '.' || have[n] == '['));
}

int kesu_err_has(const struct kesu_err *err, const char *field, int prefix)
{
	if (err->code == KE_OK)
		return 0;
	if (field_is(err->field, field, prefix))
		return 1;
	for (int i = 0; i < err->nmore; i++)
		if (field_is(err->more[i].field, field, prefix))
			return 1;
	return 0;
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

const char *kesu_reason_name(enum kesu_reason reason, enum kesu_code code)
{
	if ((int)reason <= 0 || reason >= KR__COUNT)
		reason = valid(code) ? codes[code].reason : KR_INTERNAL;
	return reasons[reason == KR_DEFAULT ? KR_INTERNAL : reason].name;
}

void kesu_err_print(FILE *f, int markdown)
{
	if (markdown)
		fprintf(f, "| status | code | reason when none more precise | when |\n|---|---|---|---|\n");
	else
		fprintf(f, "Error codes (HTTP status, code, its own reason, when):\n");
	/* by status, then in the table's order */
	for (int status = 400; status < 600; status++)
		for (int i = 0; i < KE__COUNT; i++) {
			if (!codes[i].when || codes[i].http != status)
				continue;
			const char *r = reasons[codes[i].reason].name;
			if (markdown)
				fprintf(f, "| %d | `%s` | `%s` | %s |\n", status, codes[i].name, r,
					codes[i].when);
			else
				fprintf(f, "  %d %-24s %-16s %s\n", status, codes[i].name, r,
					codes[i].when);
		}
	if (markdown)
		fprintf(f, "\n| reason | params | when |\n|---|---|---|\n");
	else
		fprintf(f, "\nReasons (the rule that refused; params the words need):\n");
	for (int i = 1; i < KR__COUNT; i++) {
		if (markdown)
			fprintf(f, "| `%s` | %s | %s |\n", reasons[i].name,
				reasons[i].params[0] ? reasons[i].params : "", reasons[i].when);
		else
			fprintf(f, "  %-23s %-26s %s\n", reasons[i].name, reasons[i].params,
				reasons[i].when);
	}
}
