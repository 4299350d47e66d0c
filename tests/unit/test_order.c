/*
 * test_order.c - an imported order read from JSON, its amount in yuan,
 * its customer key and its dedupe key (src/core/order.c).
 */
#include "unit.h"

#include <string.h>

#include "core/order.h"
#include "util/clock.h"

static const int64_t NOW = 1796000000000; /* 2026-12 */

static int read_order(const char *text, struct arena *a, struct order *o, struct kesu_err *err)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	assert_non_null(j);
	memset(err, 0, sizeof *err);
	int rc = order_from_json(j, NOW, a, o, err);
	json_decref(j);
	return rc;
}

static void yuan_amounts_read_as_fen(void **state)
{
	(void)state;
	int64_t fen;
	assert_int_equal(order_parse_yuan("12", &fen), 0);
	assert_int_equal(fen, 1200);
	assert_int_equal(order_parse_yuan("12.5", &fen), 0);
	assert_int_equal(fen, 1250);
	assert_int_equal(order_parse_yuan("¥1,234.05", &fen), 0);
	assert_int_equal(fen, 123405);
	assert_int_equal(order_parse_yuan("99元", &fen), 0);
	assert_int_equal(fen, 9900);
	assert_int_equal(order_parse_yuan("9.999", &fen), -1);
	assert_int_equal(order_parse_yuan("-3", &fen), -1);
	assert_int_equal(order_parse_yuan("12.", &fen), -1);
	assert_int_equal(order_parse_yuan("abc", &fen), -1);
	assert_int_equal(order_parse_yuan("", &fen), -1);
}

static void an_order_keys_its_customer_and_itself(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct order o;
	struct kesu_err err;
	/* the phone's matching key, as customer records have it */
	assert_int_equal(read_order("{\"phone\": \"+86 138-0013-8000\", \"at\":"
				    " \"2026-11-01T10:00:00+08:00\", \"amount\": 12.5}",
				    a, &o, &err),
			 0);
	assert_string_equal(o.cust_key, "13800138000");
	assert_int_equal(o.amount_fen, 1250);
	assert_string_equal(o.dedupe, "k:13800138000|1793498400000|1250");
	/* an order number is the order */
	assert_int_equal(read_order("{\"customer_ref\": \"VIP-1\", \"order_no\": \"A-1\", \"at\":"
				    " \"2026-11-01T10:00:00Z\", \"amount_fen\": 100}",
				    a, &o, &err),
			 0);
	assert_string_equal(o.cust_key, "ref:VIP-1");
	assert_string_equal(o.dedupe, "no:A-1");
	assert_null(o.phone);
	arena_free(a);
}

static void a_bad_order_names_its_field(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct order o;
	struct kesu_err err;
	static const struct {
		const char *json, *field;
	} bad[] = {
		{"{\"at\": \"2026-11-01T10:00:00Z\", \"amount_fen\": 1}", "phone"},
		{"{\"phone\": \"12\", \"at\": \"2026-11-01T10:00:00Z\", \"amount_fen\": 1}", "phone"},
		{"{\"phone\": \"13800138000\", \"amount_fen\": 1}", "at"},
		{"{\"phone\": \"13800138000\", \"at\": \"2099-01-01T00:00:00Z\", \"amount_fen\": 1}", "at"},
		{"{\"phone\": \"13800138000\", \"at\": \"2026-11-01\", \"amount_fen\": 1}", "at"},
		{"{\"phone\": \"13800138000\", \"at\": \"2026-11-01T10:00:00Z\"}", "amount_fen"},
		{"{\"phone\": \"13800138000\", \"at\": \"2026-11-01T10:00:00Z\", \"amount_fen\": -1}",
		 "amount_fen"},
		{"{\"phone\": \"13800138000\", \"at\": \"2026-11-01T10:00:00Z\", \"amount\": \"1.234\"}",
		 "amount"},
		{"{\"phone\": \"13800138000\", \"at\": \"2026-11-01T10:00:00Z\", \"amount\": 1,"
		 " \"amount_fen\": 100}",
		 "amount"},
		{"{\"phone\": 13800138000, \"at\": \"2026-11-01T10:00:00Z\", \"amount_fen\": 1}", "phone"},
		{"{\"phone\": \"13800138000\", \"at\": \"2026-11-01T10:00:00Z\", \"amount_fen\": 1,"
		 " \"sku\": \"x\"}",
		 "sku"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_true(read_order(bad[i].json, a, &o, &err) < 0);
		assert_string_equal(err.field, bad[i].field);
	}
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(yuan_amounts_read_as_fen),
		cmocka_unit_test(an_order_keys_its_customer_and_itself),
		cmocka_unit_test(a_bad_order_names_its_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
