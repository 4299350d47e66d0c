/*
 * order.c - an imported order (see order.h).
 */
#include "order.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../text/text.h"
#include "../util/clock.h"
#include "customer.h"
#include "phone.h"

int order_parse_yuan(const char *s, int64_t *fen)
{
	if (strncmp(s, "¥", strlen("¥")) == 0)
		s += strlen("¥");
	else if (strncmp(s, "￥", strlen("￥")) == 0)
		s += strlen("￥");
	int64_t whole = 0;
	int digits = 0, decimals = 0, cents = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits > 12)
				return -1;
			whole = whole * 10 + (*s - '0');
		} else if (*s != ',' || !digits) {
			break;
		}
	}
	if (!digits)
		return -1;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > 2)
				return -1;
			cents = cents * 10 + (*s - '0');
		}
		if (!decimals)
			return -1;
		if (decimals == 1)
			cents *= 10;
	}
	if (*s && strcmp(s, "元") != 0)
		return -1;
	*fen = whole * 100 + cents;
	return 0;
}

static const char *text_member(json_t *o, const char *name, size_t max, struct kesu_err *err,
			       int *bad)
{
	json_t *v = json_object_get(o, name);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		kesu_fail(err, KE_WRONG_TYPE, name, "must be text");
		*bad = 1;
		return NULL;
	}
	const char *s = json_string_value(v);
	if (!*s)
		return NULL;
	if (strlen(s) > max) {
		kesu_fail(err, KE_TOO_LONG, name, "may be at most %zu bytes", max);
		*bad = 1;
		return NULL;
	}
	if (!text_utf8_valid(s, strlen(s))) {
		kesu_fail(err, KE_INVALID_UTF8, name, "is not UTF-8 text");
		*bad = 1;
		return NULL;
	}
	return s;
}

int order_from_json(json_t *o, int64_t now, struct arena *a, struct order *out,
		    struct kesu_err *err)
{
	static const char *const known[] = {"phone", "customer_ref", "order_no", "at",
					    "amount_fen", "amount", NULL};
	memset(out, 0, sizeof *out);
	if (!json_is_object(o))
		return kesu_fail(err, KE_WRONG_TYPE, "",
				 "an order is an object: {phone or customer_ref, at, amount_fen"
				 " or amount, order_no}");
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		int ok = 0;
		for (int i = 0; known[i]; i++)
			ok |= strcmp(known[i], key) == 0;
		if (!ok)
			return kesu_fail(err, KE_UNKNOWN_FIELD, key,
					 "is not a member of an order (phone, customer_ref,"
					 " order_no, at, amount_fen, amount)");
	}
	int bad = 0;
	out->phone = text_member(o, "phone", 40, err, &bad);
	out->customer_ref = text_member(o, "customer_ref", ORDER_REF_MAX, err, &bad);
	out->order_no = text_member(o, "order_no", ORDER_NO_MAX, err, &bad);
	if (bad)
		return -(int)err->code;
	/* the order outlives o */
	out->phone = out->phone ? arena_strdup(a, out->phone) : NULL;
	out->customer_ref = out->customer_ref ? arena_strdup(a, out->customer_ref) : NULL;
	out->order_no = out->order_no ? arena_strdup(a, out->order_no) : NULL;
	if (out->phone && phone_parse(out->phone, NULL))
		return kesu_fail(err, KE_INVALID_VALUE, "phone",
				 "is not a phone number (138 0013 8000, +86 138-0013-8000,"
				 " 010-12345678...)");
	if (!out->phone && !out->customer_ref)
		return kesu_fail(err, KE_MISSING_FIELD, "phone",
				 "is required (or customer_ref): who ordered");
	v = json_object_get(o, "at");
	if (!v || json_is_null(v))
		return kesu_fail(err, KE_MISSING_FIELD, "at", "is required: when the order was made");
	if (!json_is_string(v) || clock_parse_rfc3339(json_string_value(v), &out->at))
		return kesu_fail(err, KE_INVALID_VALUE, "at", "must be an RFC 3339 date-time");
	if (out->at > now)
		return kesu_fail(err, KE_INVALID_VALUE, "at", "must not be in the future");
	if (out->at < (int64_t)946684800 * 1000)
		return kesu_fail(err, KE_INVALID_VALUE, "at", "must not be before 2000");
	json_t *fen = json_object_get(o, "amount_fen"), *yuan = json_object_get(o, "amount");
	if (fen && yuan)
		return kesu_fail(err, KE_INVALID_VALUE, "amount",
				 "give amount_fen (fen) or amount (yuan), not both");
	if (fen) {
		if (!json_is_integer(fen) || json_integer_value(fen) < 0 ||
		    json_integer_value(fen) > ORDER_AMOUNT_MAX)
			return kesu_fail(err, KE_INVALID_VALUE, "amount_fen",
					 "must be a whole number of fen, 0 to 10,000,000,000");
		out->amount_fen = json_integer_value(fen);
	} else if (yuan) {
		int rc = -1;
		if (json_is_string(yuan)) {
			rc = order_parse_yuan(json_string_value(yuan), &out->amount_fen);
		} else if (json_is_number(yuan)) {
			double d = json_number_value(yuan) * 100;
			if (d >= 0 && d <= (double)ORDER_AMOUNT_MAX &&
			    fabs(d - round(d)) < 1e-6)
				out->amount_fen = (int64_t)llround(d), rc = 0;
		}
		if (rc || out->amount_fen > ORDER_AMOUNT_MAX)
			return kesu_fail(err, KE_INVALID_VALUE, "amount",
					 "must be an amount in yuan, at most 2 decimals (12.50)");
	} else {
		return kesu_fail(err, KE_MISSING_FIELD, "amount_fen",
				 "is required (or amount in yuan): what the order came to");
	}
	if (out->phone) {
		out->cust_key = customer_phone_key(out->phone, a);
	} else {
		size_t n = strlen(out->customer_ref) + 5;
		char *k = arena_alloc(a, n);
		snprintf(k, n, "ref:%s", out->customer_ref);
		out->cust_key = k;
	}
	size_t n = strlen(out->cust_key) + (out->order_no ? strlen(out->order_no) : 0) + 64;
	char *d = arena_alloc(a, n);
	if (out->order_no)
		snprintf(d, n, "no:%s", out->order_no);
	else
		snprintf(d, n, "k:%s|%lld|%lld", out->cust_key, (long long)out->at,
			 (long long)out->amount_fen);
	out->dedupe = d;
	return 0;
}
