/*
 * params.c - path references, limits and paging cursors shared by the
 * resource handlers.
 */
#include "api.h"

#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fields.h"
#include "../http/auth.h"
#include "../staff/account.h"
#include "../text/text.h"
#include "../util/clock.h"

int api_id(const char *s, int64_t *id, struct kesu_err *err)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 18)
		return kesu_fail(err, KE_NOT_FOUND, "", "no such resource");
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return kesu_fail(err, KE_NOT_FOUND, "", "no such resource");
	*id = strtoll(s, NULL, 10);
	if (*id <= 0)
		return kesu_fail(err, KE_NOT_FOUND, "", "no such resource");
	return 0;
}

int api_complaint_ref(const char *ref, int64_t *id, char tracking[TRACKING_NO_MAX],
		      struct kesu_err *err)
{
	*id = 0;
	tracking[0] = '\0';
	if (ref && ids_parse_tracking_no(ref, tracking))
		return 0;
	if (api_id(ref, id, err))
		return kesu_fail(err, KE_NOT_FOUND, "", "no such complaint");
	return 0;
}

int api_etag_version(const char *s, int64_t *version)
{
	if (strncmp(s, "W/", 2) == 0)
		s += 2;
	if (*s == '"')
		s++;
	if (*s != 'v')
		return -1;
	char *end;
	long long v = strtoll(s + 1, &end, 10);
	if (end == s + 1 || (*end && strcmp(end, "\"") != 0) || v < 1)
		return -1;
	*version = v;
	return 0;
}

int api_enum_param(struct http_request *req, const char *name, const struct enum_value *values,
		   const char **out, struct kesu_err *err)
{
	const char *v = http_query(req, name);
	*out = NULL;
	if (!v)
		return 0;
	int i = enum_index(values, v);
	if (i >= 0) {
		*out = values[i].name;
		return 0;
	}
	return kesu_fail(err, KE_INVALID_VALUE, name, "must be one of: %s",
			 enum_list(values, http_arena(req)));
}

int api_text_param(struct http_request *req, const char *name, size_t max, const char **out,
		   struct kesu_err *err)
{
	const char *v = http_query(req, name);
	*out = NULL;
	if (!v)
		return 0;
	if (text_utf8_length(v) > max)
		return kesu_fail(err, KE_TOO_LONG, name, "is longer than %zu characters", max);
	*out = v;
	return 0;
}

int api_limit(struct http_request *req, int def, int max, int *out,
	      struct kesu_err *err)
{
	const char *s = http_query(req, "limit");
	*out = def;
	if (!s)
		return 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > max)
		return kesu_fail(err, KE_INVALID_VALUE, "limit",
				 "must be a whole number from 1 to %d", max);
	*out = (int)v;
	return 0;
}

const char *api_cursor_encode(struct arena *a, char tag, int64_t x, int64_t y)
{
	char raw[64];
	int n = snprintf(raw, sizeof raw, "%c%" PRId64 ".%" PRId64, tag, x, y);
	size_t cap = sodium_base64_ENCODED_LEN((size_t)n,
					       sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, cap);
	sodium_bin2base64(out, cap, (const unsigned char *)raw, (size_t)n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

int api_cursor_decode(const char *s, char tag, int64_t *x, int64_t *y,
		      struct kesu_err *err)
{
	unsigned char raw[64];
	size_t n = 0;
	if (strlen(s) > 80 ||
	    sodium_base642bin(raw, sizeof raw - 1, s, strlen(s), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n < 4)
		return kesu_fail(err, KE_INVALID_VALUE, "cursor",
				 "is not a cursor this server issued");
	raw[n] = '\0';
	char t;
	long long a, b;
	char extra;
	if (sscanf((const char *)raw, "%c%lld.%lld%c", &t, &a, &b, &extra) != 3 || t != tag)
		return kesu_fail(err, KE_INVALID_VALUE, "cursor",
				 "does not belong to this kind of query");
	*x = a;
	*y = b;
	return 0;
}

int api_security_event(struct store_conn *c, const char *actor, const char *address,
		       int64_t at, const char *kind, const char *target, json_t *data,
		       struct kesu_err *err)
{
	/* one writer of the security log, whoever acts */
	return account_security_event(c, actor, address, at, kind, target, data, err);
}

int api_reply_rate_limited(struct http_request *req, int retry_after_s, const char *what)
{
	struct kesu_err err = {0};
	char ra[16];
	snprintf(ra, sizeof ra, "%d", retry_after_s);
	http_add_header(req, "Retry-After", ra);
	kesu_fail(&err, KE_RATE_LIMITED, "", "%s; try again in %d seconds", what, retry_after_s);
	return http_reply_error(req, &err);
}

int api_string(json_t *body, const char *name, int required, int max, const char **out,
	       struct kesu_err *err)
{
	json_t *v = json_object_get(body, name);
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return kesu_fail(err, KE_MISSING_FIELD, name, "is required");
		return 0;
	}
	if (!json_is_string(v))
		return kesu_fail(err, KE_WRONG_TYPE, name, "must be a string");
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	if (strlen(s) != len)
		return kesu_fail(err, KE_INVALID_VALUE, name, "must not contain NUL characters");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return kesu_fail(err, KE_INVALID_VALUE, name,
					 "must not contain control characters");
	if (required && len == 0)
		return kesu_fail(err, KE_MISSING_FIELD, name, "must not be empty");
	if (text_utf8_length(s) > (size_t)max)
		return kesu_fail(err, KE_TOO_LONG, name, "is longer than %d characters", max);
	*out = s;
	return 0;
}

int api_known_keys(json_t *body, const char *const *names, struct kesu_err *err)
{
	if (!json_is_object(body))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the body must be a JSON object");
	const char *k;
	json_t *v;
	json_object_foreach(body, k, v) {
		int known = 0;
		for (int i = 0; names[i]; i++)
			known |= strcmp(names[i], k) == 0;
		if (!known)
			return kesu_fail(err, KE_UNKNOWN_FIELD, k, "is not a known field");
	}
	return 0;
}

int api_complaint_visible(struct store_conn *c, const char *ref, const struct principal *who,
			  struct arena *a, struct complaint *out, struct kesu_err *err)
{
	int64_t id;
	char tracking[TRACKING_NO_MAX];
	int rc = api_complaint_ref(ref, &id, tracking, err);
	if (!rc)
		rc = store_complaint_get(c, id, tracking, a, out, err);
	if (!rc && !authz_team(who, out->team_id))
		rc = kesu_fail(err, KE_NOT_FOUND, "", "no such complaint");
	return rc;
}

int api_progress(json_t *body, struct arena *a, struct wf_progress **out, struct kesu_err *err)
{
	static const char *const keys[] = {"line", "next_contact_at", NULL};
	json_t *v = json_object_get(body, "progress");
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return kesu_fail(err, KE_WRONG_TYPE, "progress",
				 "must be an object: {\"line\": what is being done, \"next_contact_at\": when the customer hears from us again}");
	const char *k;
	json_t *m;
	json_object_foreach(v, k, m) {
		int known = 0;
		for (int i = 0; keys[i]; i++)
			known |= strcmp(keys[i], k) == 0;
		if (!known)
			return kesu_fail(err, KE_UNKNOWN_FIELD, "progress",
					 "has no member %.40s (known: line, next_contact_at)", k);
	}
	struct wf_progress *p = arena_zalloc(a, sizeof *p);
	json_t *line = json_object_get(v, "line");
	if (line && !json_is_null(line) && !json_is_string(line))
		return kesu_fail(err, KE_WRONG_TYPE, "progress.line", "must be a string");
	p->line = json_string_value(line);
	if (p->line && strlen(p->line) != json_string_length(line))
		return kesu_fail(err, KE_INVALID_VALUE, "progress.line",
				 "must not contain NUL characters");
	if (wf_progress_line_check(p->line, "progress.line", err))
		return -err->code;
	json_t *at = json_object_get(v, "next_contact_at");
	if (at && !json_is_null(at) &&
	    (!json_is_string(at) || clock_parse_rfc3339(json_string_value(at), &p->next_contact_at)))
		return kesu_fail(err, KE_INVALID_VALUE, "progress.next_contact_at",
				 "must be an exact date and time with its offset, such as 2026-12-03T15:00:00+08:00");
	*out = p;
	return 0;
}
