/*
 * test_complaint.c - registration parsing and validation, patches and the
 * change record (src/core/complaint.c, fields.c, customer.c).
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/complaint.h"
#include "core/customer.h"
#include "text/text.h"
#include "util/clock.h"

#define NOW 1795156200000LL /* 2026-11-20T06:30:00Z */

static struct arena *a;

static int setup(void **state)
{
	(void)state;
	const char *why;
	a = arena_new();
	return text_init(&why);
}

static int teardown(void **state)
{
	(void)state;
	arena_free(a);
	return 0;
}

/* Parses text as a registration; returns the error code (0 if accepted). */
static int parse(const char *text, struct complaint *c, struct kesu_err *err)
{
	json_error_t je;
	/* as the server reads a body: NUL is the fields' to refuse */
	json_t *j = json_loads(text, JSON_ALLOW_NUL, &je);
	assert_non_null(j);
	kesu_err_clear(err);
	int rc = complaint_from_json(j, NOW, a, c, err);
	json_decref(j);
	return -rc;
}

static void accepts_a_full_registration(void **state)
{
	(void)state;
	struct complaint c;
	struct kesu_err err;
	int rc = parse("{\"channel\":\"phone\",\"complainant\":{\"name\":\" 张三 \","
		       "\"phone\":\"138 0000 1234\"},\"object\":{\"kind\":\"product\","
		       "\"ref\":\"SKU-1\",\"name\":\"热水器\"},\"content\":\"漏电了\","
		       "\"occurred_at\":\"2026-11-19T10:00:00+08:00\","
		       "\"purchased_at\":\"2026-10-01\",\"severity\":\"critical\"}",
		       &c, &err);
	assert_int_equal(rc, 0);
	assert_string_equal(c.v[CF_NAME], "张三"); /* trimmed */
	assert_string_equal(c.v[CF_OCCURRED_AT], "2026-11-19T02:00:00.000Z");
	assert_string_equal(c.v[CF_PURCHASED_AT], "2026-10-01");
	assert_string_equal(c.v[CF_SEVERITY], "critical");
	assert_string_equal(c.v[CF_LANGUAGE], "zh-CN"); /* default */
	assert_int_equal(c.state, ST_REGISTERED);
	assert_null(c.v[CF_EMAIL]);
}

static void names_the_field_of_each_error(void **state)
{
	(void)state;
	static const struct {
		const char *body;
		enum kesu_code code;
		const char *field;
	} cases[] = {
		{"[]", KE_WRONG_TYPE, ""},
		{"{\"content\":\"x\",\"complainant\":{\"phone\":\"13800001234\"}}",
		 KE_MISSING_FIELD, "channel"},
		{"{\"channel\":\"web\",\"complainant\":{\"phone\":\"13800001234\"}}",
		 KE_MISSING_FIELD, "content"},
		{"{\"channel\":\"web\",\"content\":\"   \",\"complainant\":{\"phone\":\"13800001234\"}}",
		 KE_MISSING_FIELD, "content"},
		{"{\"channel\":\"web\",\"content\":\"x\"}", KE_MISSING_FIELD, "complainant"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"complainant\":{\"name\":\"a\"}}",
		 KE_MISSING_FIELD, "complainant"},
		{"{\"channel\":\"fax\",\"content\":\"x\",\"complainant\":{\"email\":\"a@b.cn\"}}",
		 KE_INVALID_VALUE, "channel"},
		{"{\"channel\":\"web\",\"content\":7,\"complainant\":{\"email\":\"a@b.cn\"}}",
		 KE_WRONG_TYPE, "content"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"complainant\":\"me\"}",
		 KE_WRONG_TYPE, "complainant"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"colour\":\"red\",\"complainant\":{\"email\":\"a@b.cn\"}}",
		 KE_UNKNOWN_FIELD, "colour"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"complainant\":{\"email\":\"a@b.cn\",\"age\":3}}",
		 KE_UNKNOWN_FIELD, "complainant.age"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"complainant\":{\"email\":\"not-an-email\"}}",
		 KE_INVALID_VALUE, "complainant.email"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"complainant\":{\"phone\":\"12\"}}",
		 KE_INVALID_VALUE, "complainant.phone"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"complainant\":{\"phone\":\"call me\"}}",
		 KE_INVALID_VALUE, "complainant.phone"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"complainant\":{\"name\":\"a\\nb\",\"phone\":\"13800001234\"}}",
		 KE_INVALID_VALUE, "complainant.name"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"severity\":\"urgent\",\"complainant\":{\"phone\":\"13800001234\"}}",
		 KE_INVALID_VALUE, "severity"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"occurred_at\":\"yesterday\",\"complainant\":{\"phone\":\"13800001234\"}}",
		 KE_INVALID_VALUE, "occurred_at"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"occurred_at\":\"2030-01-01T00:00:00Z\",\"complainant\":{\"phone\":\"13800001234\"}}",
		 KE_INVALID_VALUE, "occurred_at"},
		{"{\"channel\":\"web\",\"content\":\"x\",\"purchased_at\":\"2026-02-30\",\"complainant\":{\"phone\":\"13800001234\"}}",
		 KE_INVALID_VALUE, "purchased_at"},
		{"{\"channel\":\"web\",\"content\":\"x\\u0000y\",\"complainant\":{\"phone\":\"13800001234\"}}",
		 KE_INVALID_UTF8, "content"},
		{"{\"channel\":\"web\",\"content\":\"\\u0008\\u0007\",\"complainant\":{\"phone\":\"13800001234\"}}",
		 KE_MISSING_FIELD, "content"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct complaint c;
		struct kesu_err err;
		int rc = parse(cases[i].body, &c, &err);
		if (rc != (int)cases[i].code || strcmp(err.field, cases[i].field) != 0)
			fail_msg("case %zu: got %s on '%s' (%s)", i, kesu_code_name(rc), err.field,
				 err.message);
	}
}

/* A customer cannot see or fix a stray backspace in what they pasted:
 * invisible controls are dropped, tabs and line breaks of free text kept. */
static void drops_invisible_control_characters(void **state)
{
	(void)state;
	struct complaint c;
	struct kesu_err err;
	int rc = parse("{\"channel\":\"web\",\"content\":\"退款\\b请尽快\\r\\n谢谢\\t\\u0085！\\u007f\","
		       "\"complainant\":{\"name\":\"张\\u0008三\",\"phone\":\"13800001234\"}}",
		       &c, &err);
	assert_int_equal(rc, 0);
	assert_string_equal(c.v[CF_CONTENT], "退款请尽快\n谢谢\t！");
	assert_string_equal(c.v[CF_NAME], "张三");
	rc = parse("{\"channel\":\"web\",\"content\":\"x\",\"complainant\":"
		   "{\"name\":\"a\\tb\",\"phone\":\"13800001234\"}}",
		   &c, &err);
	assert_int_equal(rc, KE_INVALID_VALUE);
	assert_string_equal(err.field, "complainant.name");
}

static void counts_length_in_characters(void **state)
{
	(void)state;
	/* 100 Chinese characters are 300 bytes but within the name limit. */
	char body[2048], name[400] = "";
	for (int i = 0; i < 100; i++)
		strcat(name, "张");
	snprintf(body, sizeof body,
		 "{\"channel\":\"web\",\"content\":\"x\",\"complainant\":{\"name\":\"%s\",\"phone\":\"13800001234\"}}",
		 name);
	struct complaint c;
	struct kesu_err err;
	assert_int_equal(parse(body, &c, &err), 0);
	strcat(name, "张");
	snprintf(body, sizeof body,
		 "{\"channel\":\"web\",\"content\":\"x\",\"complainant\":{\"name\":\"%s\",\"phone\":\"13800001234\"}}",
		 name);
	assert_int_equal(parse(body, &c, &err), KE_TOO_LONG);
	assert_string_equal(err.field, "complainant.name");
}

static void patch_records_before_and_after(void **state)
{
	(void)state;
	struct complaint cur, next;
	struct kesu_err err;
	assert_int_equal(parse("{\"channel\":\"web\",\"content\":\"慢\",\"complainant\":{\"phone\":\"13800001234\"}}",
			       &cur, &err), 0);
	json_t *p = json_loads("{\"severity\":\"high\",\"category\":\"物流配送\",\"content\":\"慢\"}", 0, NULL);
	uint32_t changed;
	assert_int_equal(complaint_patch(&cur, p, NOW, a, &next, &changed, &err), 0);
	json_decref(p);
	assert_int_equal(changed, (1u << CF_SEVERITY) | (1u << CF_CATEGORY));
	assert_string_equal(cur.v[CF_SEVERITY], "normal"); /* untouched */
	assert_string_equal(next.v[CF_SEVERITY], "high");
	assert_false(complaint_search_changed(changed));
	json_t *ch = complaint_changes_json(&cur, &next, changed);
	char *s = json_dumps(ch, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(s, "{\"changes\":{\"category\":{\"after\":\"物流配送\",\"before\":null},"
			       "\"severity\":{\"after\":\"high\",\"before\":\"normal\"}}}");
	free(s);
	json_decref(ch);
}

static void patch_cannot_remove_required_fields(void **state)
{
	(void)state;
	struct complaint cur, next;
	struct kesu_err err;
	uint32_t changed;
	assert_int_equal(parse("{\"channel\":\"web\",\"content\":\"慢\",\"complainant\":{\"phone\":\"13800001234\"}}",
			       &cur, &err), 0);
	const char *bad[] = {"{\"content\":null}", "{\"channel\":null}",
			     "{\"complainant\":{\"phone\":null}}", "{\"complainant\":null}",
			     "{\"severity\":null}", "{\"id\":5}"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *p = json_loads(bad[i], 0, NULL);
		assert_true(complaint_patch(&cur, p, NOW, a, &next, &changed, &err) < 0);
		json_decref(p);
	}
}

static void phone_keys_ignore_format_and_country_code(void **state)
{
	(void)state;
	assert_string_equal(customer_phone_key("+86 138-0000-1234", a), "13800001234");
	assert_string_equal(customer_phone_key("0086 13800001234", a), "13800001234");
	assert_string_equal(customer_phone_key("(010) 6552 0000", a), "01065520000");
	assert_string_equal(customer_email_key("Li.Na@Example.CN", a), "li.na@example.cn");
	assert_null(customer_phone_key(NULL, a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_a_full_registration),
		cmocka_unit_test(names_the_field_of_each_error),
		cmocka_unit_test(drops_invisible_control_characters),
		cmocka_unit_test(counts_length_in_characters),
		cmocka_unit_test(patch_records_before_and_after),
		cmocka_unit_test(patch_cannot_remove_required_fields),
		cmocka_unit_test(phone_keys_ignore_format_and_country_code),
	};
	return cmocka_run_group_tests_name("complaint", tests, setup, teardown);
}
