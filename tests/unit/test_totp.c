/*
 * test_totp.c - one-time codes and the sealed secret (src/auth/totp.c),
 * against the test vectors of RFC 6238 appendix B (SHA-1).
 */
#include "unit.h"

#include <sodium.h>

#include "auth/totp.h"

static const unsigned char rfc_secret[TOTP_SECRET_LEN] = "12345678901234567890";

static void codes_match_rfc_6238(void **state)
{
	(void)state;
	/* the RFC gives 8 digits; kesu uses the last 6, as apps do */
	static const struct {
		int64_t t;
		const char *code;
	} v[] = {{59, "287082"},	 {1111111109, "081804"}, {1111111111, "050471"},
		 {1234567890, "005924"}, {2000000000, "279037"}, {20000000000LL, "353130"}};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char out[7];
		assert_int_equal(totp_code(rfc_secret, v[i].t, out), 0);
		assert_string_equal(out, v[i].code);
		int64_t step;
		assert_int_equal(totp_check(rfc_secret, v[i].t, v[i].code, 0, &step), 0);
		assert_int_equal(step, v[i].t / 30);
	}
}

static void drift_of_one_step_is_allowed_and_codes_are_not_replayed(void **state)
{
	(void)state;
	int64_t step;
	/* 287082 is the code of step 1 (t = 30..59) */
	assert_int_equal(totp_check(rfc_secret, 80, "287082", 0, &step), 0); /* one step late */
	assert_int_equal(totp_check(rfc_secret, 100, "287082", 0, &step), -1); /* two late */
	assert_int_equal(totp_check(rfc_secret, 59, "287082", 1, &step), -1); /* used already */
	assert_int_equal(totp_check(rfc_secret, 59, "28708", 0, &step), -1);
	assert_int_equal(totp_check(rfc_secret, 59, "28708x", 0, &step), -1);
	assert_int_equal(totp_check(rfc_secret, 59, NULL, 0, &step), -1);
}

static void secrets_are_random_and_sealed(void **state)
{
	(void)state;
	unsigned char a[TOTP_SECRET_LEN], b[TOTP_SECRET_LEN], back[TOTP_SECRET_LEN];
	char ab[TOTP_B32_MAX], bb[TOTP_B32_MAX];
	totp_new_secret(a, ab);
	totp_new_secret(b, bb);
	assert_int_equal(strlen(ab), 32);
	assert_memory_not_equal(a, b, TOTP_SECRET_LEN);
	unsigned char key[SECRET_KEY_LEN], other[SECRET_KEY_LEN];
	randombytes_buf(key, sizeof key);
	randombytes_buf(other, sizeof other);
	unsigned char sealed[TOTP_SEALED_LEN];
	totp_seal(key, a, sealed);
	assert_null(memmem(sealed, sizeof sealed, a, sizeof a));
	assert_int_equal(totp_open(key, sealed, back), 0);
	assert_memory_equal(a, back, TOTP_SECRET_LEN);
	assert_int_equal(totp_open(other, sealed, back), -1);
	sealed[30] ^= 1;
	assert_int_equal(totp_open(key, sealed, back), -1);
	char uri[512];
	assert_true(totp_uri("kesu", "李 娜", ab, uri, sizeof uri) > 0);
	assert_non_null(strstr(uri, "otpauth://totp/kesu:%E6%9D%8E%20%E5%A8%9C?secret="));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_match_rfc_6238),
		cmocka_unit_test(drift_of_one_step_is_allowed_and_codes_are_not_replayed),
		cmocka_unit_test(secrets_are_random_and_sealed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
