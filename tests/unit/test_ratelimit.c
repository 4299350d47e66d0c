/*
 * test_ratelimit.c - failure counting per address (src/http/ratelimit.c).
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_limit_blocks_and_the_window_moves_on),
		cmocka_unit_test(many_addresses_fit_in_bounded_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
