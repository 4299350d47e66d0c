/*
 * test_ratelimit.c - counting per key over a window (src/http/ratelimit.c).
 */
#include "unit.h"

#include <stdio.h>

#include "http/ratelimit.h"

static void the_limit_blocks_and_the_window_moves_on(void **state)
{
	(void)state;
	rl_reset();
	const int64_t hour = 3600 * 1000, t0 = 100 * hour;
	for (int i = 0; i < rl_rules[RL_LOGIN].limit - 1; i++)
		rl_fail(RL_LOGIN, "10.0.0.1", t0 + i);
	assert_int_equal(rl_blocked(RL_LOGIN, "10.0.0.1", t0 + 200), 0);
	rl_fail(RL_LOGIN, "10.0.0.1", t0 + 300);
	int wait = rl_blocked(RL_LOGIN, "10.0.0.1", t0 + 400);
	assert_true(wait > 3000 && wait <= 3601);
	/* another address and another kind are not affected */
	assert_int_equal(rl_blocked(RL_LOGIN, "10.0.0.2", t0 + 400), 0);
	assert_int_equal(rl_blocked(RL_PORTAL, "10.0.0.1", t0 + 400), 0);
	/* never more than the limit in any hour: blocked until the failures
	 * are an hour old, then free again */
	assert_true(rl_blocked(RL_LOGIN, "10.0.0.1", t0 + hour - 1000) > 0);
	assert_int_equal(rl_blocked(RL_LOGIN, "10.0.0.1", t0 + hour + 5 * 60 * 1000), 0);
	/* failures spread over the hour: the oldest leave first */
	rl_reset();
	for (int i = 0; i < 100; i++)
		rl_fail(RL_LOGIN, "10.0.0.3", t0 + i * 30 * 1000); /* over 50 minutes */
	assert_true(rl_blocked(RL_LOGIN, "10.0.0.3", t0 + 50 * 60 * 1000) > 0);
	assert_int_equal(rl_blocked(RL_LOGIN, "10.0.0.3", t0 + 65 * 60 * 1000), 0);
}

static void many_addresses_fit_in_bounded_memory(void **state)
{
	(void)state;
	rl_reset();
	char a[32];
	for (int i = 0; i < 100000; i++) {
		snprintf(a, sizeof a, "10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
		rl_fail(RL_PORTAL, a, 1000);
	}
	/* the most recent addresses are still counted */
	for (int i = 0; i < rl_rules[RL_PORTAL].limit; i++)
		rl_fail(RL_PORTAL, "192.0.2.1", 2000);
	assert_true(rl_blocked(RL_PORTAL, "192.0.2.1", 2001) > 0);
}

static void a_pair_is_its_own_count_and_an_unlock_forgets_it(void **state)
{
	(void)state;
	rl_reset();
	char ab[160], ac[160], xb[160];
	rl_key2(ab, sizeof ab, "zhang.wei", "203.0.113.7");
	rl_key2(ac, sizeof ac, "zhang.wei", "198.51.100.2");
	rl_key2(xb, sizeof xb, "li.na", "203.0.113.7");
	for (int i = 0; i < rl_rules[RL_LOGIN_PAIR].limit; i++)
		rl_fail(RL_LOGIN_PAIR, ab, 1000);
	assert_true(rl_blocked(RL_LOGIN_PAIR, ab, 1001) > 0);
	/* the same name from elsewhere, another name from there: free */
	assert_int_equal(rl_blocked(RL_LOGIN_PAIR, ac, 1001), 0);
	assert_int_equal(rl_blocked(RL_LOGIN_PAIR, xb, 1001), 0);
	/* the same key of another kind is another count */
	assert_int_equal(rl_blocked(RL_LOGIN_NAME, "zhang.wei", 1001), 0);
	rl_fail(RL_LOGIN_PAIR, xb, 1000);
	rl_forget(RL_LOGIN_NAME, "zhang.wei");
	assert_int_equal(rl_blocked(RL_LOGIN_PAIR, ab, 1002), 0);
	/* only that name's pairs are forgotten */
	for (int i = 1; i < rl_rules[RL_LOGIN_PAIR].limit; i++)
		rl_fail(RL_LOGIN_PAIR, xb, 1000);
	assert_true(rl_blocked(RL_LOGIN_PAIR, xb, 1003) > 0);
}

static void bytes_fit_or_wait(void **state)
{
	(void)state;
	rl_reset();
	const int64_t mb = 1 << 20, limit = rl_rules[RL_UPLOAD_BYTES].limit;
	assert_int_equal(rl_room(RL_UPLOAD_BYTES, "192.0.2.9", limit, 1000), 0);
	assert_true(rl_room(RL_UPLOAD_BYTES, "192.0.2.9", limit + 1, 1000) > 0);
	rl_add(RL_UPLOAD_BYTES, "192.0.2.9", limit - 5 * mb, 1000);
	assert_int_equal(rl_room(RL_UPLOAD_BYTES, "192.0.2.9", 5 * mb, 2000), 0);
	int wait = rl_room(RL_UPLOAD_BYTES, "192.0.2.9", 5 * mb + 1, 2000);
	assert_true(wait > 22 * 3600 && wait <= 24 * 3600 + 1);
	/* a day later the bytes are forgotten */
	assert_int_equal(rl_room(RL_UPLOAD_BYTES, "192.0.2.9", limit, 1000 + 24 * 3600 * 1000LL),
			 0);
}

static void limits_are_set_by_name(void **state)
{
	(void)state;
	struct kesu_err err = {0};
	int64_t was = rl_rules[RL_UPLOAD_BYTES].limit;
	assert_int_equal(rl_configure("portal_upload_mb_per_address=3", &err), 0);
	assert_int_equal(rl_rules[RL_UPLOAD_BYTES].limit, 3 << 20);
	rl_rules[RL_UPLOAD_BYTES].limit = was;
	assert_int_not_equal(rl_configure("portal_upload_mb_per_address=0", &err), 0);
	assert_int_not_equal(rl_configure("portal_upload_mb_per_address", &err), 0);
	assert_int_not_equal(rl_configure("uploads=5", &err), 0);
	assert_string_equal(err.message, "'uploads' is not a limit");
	char names[512];
	assert_non_null(strstr(rl_names(names, sizeof names), "portal_upload_mb_per_address"));
	assert_int_equal(rl_rules[RL_UPLOAD_BYTES].limit, was);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_limit_blocks_and_the_window_moves_on),
		cmocka_unit_test(many_addresses_fit_in_bounded_memory),
		cmocka_unit_test(a_pair_is_its_own_count_and_an_unlock_forgets_it),
		cmocka_unit_test(bytes_fit_or_wait),
		cmocka_unit_test(limits_are_set_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
