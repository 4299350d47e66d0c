/*
 * fields.c - field validation (see fields.h).
 */
#include "fields.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../text/text.h"
#include "phone.h"
#include "../util/clock.h"

#define FUTURE_SLACK_MS (5 * 60 * 1000)

const char *field_values_list(const struct field_def *f, struct arena *a)
{
	return f->values ? enum_list(f->values, a) : "";
}

/* Trims ASCII and ideographic spaces at both ends. */
static const char *trim(const char *s, size_t *len)
{
	size_t n = *len;
	for (;;) {
		if (n && isspace((unsigned char)*s))
			s++, n--;
		else if (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3, n -= 3;
		else
			break;
	}
	for (;;) {
		if (n && isspace((unsigned char)s[n - 1]))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	*len = n;
	return s;
}

/* Text without the control characters nobody can see or fix: C0 controls
 * other than tab and line feed (a stray backspace, a carriage return of
 * CR LF), DEL, and the C1 controls (U+0080..U+009F). In a; *len updated. */
static char *drop_controls(const char *s, size_t *len, struct arena *a)
{
	char *out = arena_alloc(a, *len + 1);
	size_t n = 0;
	for (size_t i = 0; i < *len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			continue;
		if (c == 0xC2 && i + 1 < *len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F) {
			i++;
			continue;
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
	*len = n;
	return out;
}

static int check_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return -1;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || !dot[1])
		return -1;
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || strchr("<>(),;:\\\"[]", *p))
			return -1;
	return 0;
}

int field_check(const struct field_def *f, json_t *value, int64_t now_ms,
		struct arena *a, const char **out, struct kesu_err *err)
{
	*out = NULL;
	if (!value || json_is_null(value))
		return 0;
	if (!json_is_string(value))
		return kesu_fail(err, KE_WRONG_TYPE, f->path, "must be a string");
	size_t len = json_string_length(value);
	const char *raw = json_string_value(value);
	if (memchr(raw, '\0', len) || !text_utf8_valid(raw, len))
		return kesu_fail(err, KE_INVALID_UTF8, f->path,
				 "must be valid UTF-8 text without NUL characters");
	const char *s = trim(drop_controls(raw, &len, a), &len);
	if (len == 0)
		return 0;
	if (f->kind != FK_MULTILINE && memchr(s, '\n', len))
		return kesu_refuse(err, KE_INVALID_VALUE, KR_ONE_LINE, f->path, "must be one line");
	if (f->kind != FK_MULTILINE && memchr(s, '\t', len))
		return kesu_refuse(err, KE_INVALID_VALUE, KR_CONTROL_CHARS, f->path,
				   "must not contain tabs");
	char *v = arena_strndup(a, s, len);
	size_t chars = text_utf8_length(v);
	if ((int)chars > f->max) {
		int rc = kesu_fail(err, KE_TOO_LONG, f->path,
				   "is %zu characters long; at most %d are allowed", chars, f->max);
		kesu_param_int(err, "max", f->max);
		kesu_param_int(err, "length", (long long)chars);
		return rc;
	}
	int64_t ms;
	char buf[40];
	switch (f->kind) {
	case FK_TEXT:
	case FK_MULTILINE:
		break;
	case FK_ENUM: {
		int i = enum_input(f->values, v);
		if (i >= 0) {
			*out = f->values[i].name;
			return 0;
		}
		const char *list = field_values_list(f, a);
		int rc = kesu_refuse(err, KE_INVALID_VALUE, KR_NOT_ONE_OF, f->path,
				     "must be one of: %s", list);
		kesu_param_str(err, "values", list);
		return rc;
	}
	case FK_DATETIME:
		if (clock_parse_rfc3339(v, &ms))
			return kesu_refuse(err, KE_INVALID_VALUE, KR_INVALID_DATE, f->path,
					   "must be an RFC 3339 date-time such as 2026-11-20T14:30:00+08:00");
		if (ms > now_ms + FUTURE_SLACK_MS)
			return kesu_refuse(err, KE_INVALID_VALUE, KR_IN_FUTURE, f->path,
					   "lies in the future");
		v = arena_strdup(a, clock_format(ms, buf, sizeof buf));
		break;
	case FK_DATE_OR_DATETIME:
		if (clock_check_date(v) == 0) {
			if (clock_parse_instant(v, &ms) == 0 &&
			    ms > now_ms + FUTURE_SLACK_MS)
				return kesu_refuse(err, KE_INVALID_VALUE, KR_IN_FUTURE, f->path,
						   "lies in the future");
			break;
		}
		if (clock_parse_rfc3339(v, &ms))
			return kesu_refuse(err, KE_INVALID_VALUE, KR_INVALID_DATE, f->path,
					   "must be a date (2026-11-20) or an RFC 3339 date-time");
		if (ms > now_ms + FUTURE_SLACK_MS)
			return kesu_refuse(err, KE_INVALID_VALUE, KR_IN_FUTURE, f->path,
					   "lies in the future");
		v = arena_strdup(a, clock_format(ms, buf, sizeof buf));
		break;
	case FK_PHONE:
		if (phone_parse(v, NULL))
			return kesu_refuse(err, KE_INVALID_VALUE, KR_NOT_A_PHONE, f->path,
					   "must be a phone number: a mobile (138 0013 8000), a landline "
					   "with its area code (010-12345678, 0755 1234 5678 转 123), or "
					   "+ and the country code (+852 6123 4567)");
		break;
	case FK_EMAIL:
		if (check_email(v))
			return kesu_refuse(err, KE_INVALID_VALUE, KR_INVALID_EMAIL, f->path,
					   "must be an email address such as name@example.com");
		break;
	}
	*out = v;
	return 0;
}

int field_known_keys(json_t *obj, const char *group, const struct field_def *defs,
		     int n, struct kesu_err *err)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		int found = 0;
		for (int i = 0; i < n && !found; i++) {
			const char *g = defs[i].group;
			if (group ? (g && strcmp(g, group) == 0 &&
				     strcmp(defs[i].name, key) == 0)
				  : (g ? strcmp(g, key) == 0
				       : strcmp(defs[i].name, key) == 0))
				found = 1;
		}
		if (!found) {
			char path[64];
			snprintf(path, sizeof path, "%s%s%.40s", group ? group : "",
				 group ? "." : "", key);
			return kesu_fail(err, KE_UNKNOWN_FIELD, path, "is not a known field");
		}
	}
	return 0;
}

void field_print_table(const char *title, const struct field_def *defs, int n)
{
	static const char *kinds[] = {"text", "multiline", "enum", "datetime",
				      "date|datetime", "phone", "email"};
	struct arena *a = arena_new();
	printf("%s\n", title);
	for (int i = 0; i < n; i++) {
		const struct field_def *f = &defs[i];
		printf("  %-28s %-13s max %-6d %s\n", f->path, kinds[f->kind], f->max,
		       f->help);
		if (f->kind == FK_ENUM)
			printf("  %-28s values: %s\n", "", field_values_list(f, a));
	}
	arena_free(a);
}
