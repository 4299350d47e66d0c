/*
 * test_password.c - the password policy and argon2id hashing
 * (src/auth/password.c).
 */
#include "unit.h"

#include <sodium.h>

#include "auth/password.h"

static int refused(const char *pw, const char *user, const char *why)
{
	struct kesu_err err = {0};
	int rc = password_policy(pw, user, "password", &err);
	if (rc == 0)
		return 0;
	assert_string_equal(err.field, "password");
	return why == NULL || strstr(err.message, why) != NULL;
}

static void short_common_and_patterned_passwords_are_refused(void **state)
{
	(void)state;
	assert_true(refused("short", NULL, "at least 12"));
	assert_true(refused("春眠不觉晓处处闻啼鸟", NULL, "at least 12")); /* 10 characters */
	assert_true(refused("password1234", NULL, "common"));
	assert_true(refused("PASSWORD!!2024", NULL, "common"));
	assert_true(refused("woaini131452", NULL, "common"));
	assert_true(refused("iloveyou1314", NULL, "common"));
	assert_true(refused("aaaaaaaaaaaa", NULL, "repeated"));
	assert_true(refused("abcdabcdabcd", NULL, "repeated"));
	assert_true(refused("1234567890123", NULL, "sequential"));
	assert_true(refused("mnopqrstuvwx", NULL, "sequential"));
	assert_true(refused("li.na-is-my-name", "li.na", "user name"));
	assert_true(refused("\xff\xfe invalid utf8 bytes", NULL, "UTF-8"));
	char longpw[600];
	memset(longpw, 'x', sizeof longpw - 1);
	longpw[sizeof longpw - 1] = '\0';
	longpw[3] = 'y';
	assert_true(refused(longpw, NULL, "at most"));
}

static void good_passwords_pass(void **state)
{
	(void)state;
	struct kesu_err err = {0};
	assert_int_equal(password_policy("春眠不觉晓处处闻啼鸟夜来风雨声", "li.na", "password", &err), 0);
	assert_int_equal(password_policy("correct horse battery staple", "li.na", "password", &err), 0);
	assert_int_equal(password_policy("Tz4p9RLsYLGisZx3abcq", NULL, "password", &err), 0);
}

static void hashes_are_argon2id_salted_and_verify(void **state)
{
	(void)state;
	char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash("一段足够长的口令用来测试", a), 0);
	assert_int_equal(password_hash("一段足够长的口令用来测试", b), 0);
	assert_non_null(strstr(a, "$argon2id$"));
	assert_string_not_equal(a, b); /* salted */
	assert_true(password_verify("一段足够长的口令用来测试", a));
	assert_false(password_verify("一段足够长的口令用来测验", a));
	assert_false(password_verify("一段足够长的口令用来测试", NULL));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(short_common_and_patterned_passwords_are_refused),
		cmocka_unit_test(good_passwords_pass),
		cmocka_unit_test(hashes_are_argon2id_salted_and_verify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
