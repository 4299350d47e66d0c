/*
 * test_ids.c - tracking numbers and tokens (src/util/ids.c).
 */
#include "unit.h"

#include "util/ids.h"

static void tracking_numbers_have_four_digits_at_least(void **state)
{
	(void)state;
	char t[TRACKING_NO_MAX];
	ids_tracking_no("261123", 1, t);
	assert_string_equal(t, "KS2611230001");
	ids_tracking_no("261123", 12345, t);
	assert_string_equal(t, "KS26112312345");
}

static void tracking_numbers_parse_in_either_case(void **state)
{
	(void)state;
	char t[TRACKING_NO_MAX];
	assert_true(ids_parse_tracking_no("ks2611230001", t));
	assert_string_equal(t, "KS2611230001");
	assert_true(ids_parse_tracking_no("KS26112312345", t));
	assert_false(ids_parse_tracking_no("KS261123001", t));  /* 3 digits */
	assert_false(ids_parse_tracking_no("KS2613230001", t)); /* month 13 */
	assert_false(ids_parse_tracking_no("KX2611230001", t));
	assert_false(ids_parse_tracking_no("KS26112300a1", t));
	assert_false(ids_parse_tracking_no("12345", t));
	assert_false(ids_parse_tracking_no("KS2611230001234567890123", t));
}

static void tokens_are_random_and_long(void **state)
{
	(void)state;
	char a[80], b[80];
	ids_random_token("ksa_", a, sizeof a);
	ids_random_token("ksa_", b, sizeof b);
	assert_int_equal(strlen(a), 4 + 43);
	assert_string_not_equal(a, b);
	unsigned char ha[TOKEN_HASH_LEN], hb[TOKEN_HASH_LEN];
	ids_token_hash(a, ha);
	ids_token_hash(a, hb);
	assert_true(ids_hash_equal(ha, hb, TOKEN_HASH_LEN));
	ids_token_hash(b, hb);
	assert_false(ids_hash_equal(ha, hb, TOKEN_HASH_LEN));
}

static void portal_tokens_derive_from_key_and_nonce(void **state)
{
	(void)state;
	unsigned char key[SECRET_KEY_LEN] = {1}, key2[SECRET_KEY_LEN] = {2};
	unsigned char nonce[PORTAL_NONCE_LEN] = {7}, nonce2[PORTAL_NONCE_LEN] = {8};
	char a[40], b[40], c[40], d[40];
	ids_portal_token(key, nonce, a);
	ids_portal_token(key, nonce, b);
	ids_portal_token(key, nonce2, c);
	ids_portal_token(key2, nonce, d);
	assert_int_equal(strlen(a), 32); /* 192 bits */
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
}

static void verify_codes_are_eight_digits_apart_from_the_token(void **state)
{
	(void)state;
	unsigned char key[SECRET_KEY_LEN] = {1}, key2[SECRET_KEY_LEN] = {2};
	unsigned char nonce[PORTAL_NONCE_LEN] = {7}, nonce2[PORTAL_NONCE_LEN] = {8};
	char a[12], b[12], c[12], d[12], token[40];
	ids_verify_code(key, nonce, a);
	ids_verify_code(key, nonce, b);
	ids_verify_code(key, nonce2, c);
	ids_verify_code(key2, nonce, d);
	assert_int_equal(strlen(a), 8);
	assert_int_equal(strspn(a, "0123456789"), 8);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	/* the portal token, which the registration shows, does not give it */
	ids_portal_token(key, nonce, token);
	assert_null(strstr(token, a));
}

int main(void)
{
	ids_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tracking_numbers_have_four_digits_at_least),
		cmocka_unit_test(tracking_numbers_parse_in_either_case),
		cmocka_unit_test(tokens_are_random_and_long),
		cmocka_unit_test(portal_tokens_derive_from_key_and_nonce),
		cmocka_unit_test(verify_codes_are_eight_digits_apart_from_the_token),
	};
	return cmocka_run_group_tests_name("ids", tests, NULL, NULL);
}
