/*
 * test_clock.c - RFC 3339 and dates (src/util/clock.c).
 */
#include "unit.h"

#include "util/clock.h"

static void parses_rfc3339_with_offsets(void **state)
{
	(void)state;
	int64_t a, b;
	assert_int_equal(clock_parse_rfc3339("2026-11-20T14:30:00+08:00", &a), 0);
	assert_int_equal(clock_parse_rfc3339("2026-11-20T06:30:00Z", &b), 0);
	assert_true(a == b);
	assert_true(a == 1795156200000LL);
	assert_int_equal(clock_parse_rfc3339("2026-11-20t06:30:00.5z", &b), 0);
	assert_true(b == a + 500);
	assert_int_equal(clock_parse_rfc3339("1899-12-31T00:00:00Z", &a), -1);
}

static void refuses_malformed_times(void **state)
{
	(void)state;
	int64_t t;
	const char *bad[] = {"2026-11-20", "2026-11-20T14:30:00", "2026-13-01T00:00:00Z",
			     "2026-02-30T00:00:00Z", "2026-11-20T24:00:00Z",
			     "2026-11-20T14:30:00+8:00", "2026-11-20T14:30Z", "yesterday",
			     "2026-11-20T14:30:00Zjunk", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(clock_parse_rfc3339(bad[i], &t), -1);
}

static void checks_dates(void **state)
{
	(void)state;
	assert_int_equal(clock_check_date("2024-02-29"), 0);
	assert_int_equal(clock_check_date("2026-02-29"), -1);
	assert_int_equal(clock_check_date("2026-11-2"), -1);
	assert_int_equal(clock_check_date("2026-11-20x"), -1);
}

static void formats_utc_with_milliseconds(void **state)
{
	(void)state;
	char buf[40];
	assert_string_equal(clock_format(1795156200123LL, buf, sizeof buf),
			    "2026-11-20T06:30:00.123Z");
}

static void local_day_follows_the_zone(void **state)
{
	(void)state;
	char d[7];
	int64_t t;
	/* 2026-11-22T17:00Z is already the 23rd in Shanghai. */
	clock_parse_rfc3339("2026-11-22T17:00:00Z", &t);
	assert_int_equal(clock_set_zone("Asia/Shanghai"), 0);
	clock_local_yymmdd(t, d);
	assert_string_equal(d, "261123");
	assert_int_equal(clock_set_zone("UTC"), 0);
	clock_local_yymmdd(t, d);
	assert_string_equal(d, "261122");
	assert_int_equal(clock_set_zone("Mars/Olympus"), -1);
	assert_int_equal(clock_set_zone("../etc/passwd"), -1);
}

static void date_filters_start_at_local_midnight(void **state)
{
	(void)state;
	int64_t t, want;
	assert_int_equal(clock_set_zone("Asia/Shanghai"), 0);
	assert_int_equal(clock_parse_instant("2026-11-23", &t), 0);
	clock_parse_rfc3339("2026-11-23T00:00:00+08:00", &want);
	assert_true(t == want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_rfc3339_with_offsets),
		cmocka_unit_test(refuses_malformed_times),
		cmocka_unit_test(checks_dates),
		cmocka_unit_test(formats_utc_with_milliseconds),
		cmocka_unit_test(local_day_follows_the_zone),
		cmocka_unit_test(date_filters_start_at_local_midnight),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
