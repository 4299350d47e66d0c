/*
 * test_thanks.c - the month of the thank-you letters (src/workflow/thanks.c):
 * "YYYY-MM" as the instants its days of the business zone (Asia/Shanghai)
 * begin and end, across a year's end, and what is not a month.
 */
#include "unit.h"

#include "util/clock.h"
#include "workflow/workflow.h"

static int64_t at(const char *rfc3339)
{
	int64_t ms;
	assert_int_equal(clock_parse_rfc3339(rfc3339, &ms), 0);
	return ms;
}

static void month_bounds(void **state)
{
	(void)state;
	int64_t from, to;
	assert_int_equal(wf_thanks_month("2026-11", &from, &to), 0);
	assert_true(from == at("2026-11-01T00:00:00+08:00"));
	assert_true(to == at("2026-12-01T00:00:00+08:00"));
	/* December runs into the next year */
	assert_int_equal(wf_thanks_month("2026-12", &from, &to), 0);
	assert_true(from == at("2026-12-01T00:00:00+08:00"));
	assert_true(to == at("2027-01-01T00:00:00+08:00"));
	/* February of a common year */
	assert_int_equal(wf_thanks_month("2027-02", &from, &to), 0);
	assert_true(to - from == 28 * 86400000LL);
}

static void not_months(void **state)
{
	(void)state;
	int64_t from, to;
	const char *bad[] = {NULL,	"",	    "2026-13",	"2026-00", "2026-1",  "202611",
			     "2026-11-", "2026/11", "2026-11-01", "26-11",   " 2026-11", "2026-1a",
			     "1999-12", "2026-+1", "+026-11"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (wf_thanks_month(bad[i], &from, &to) != -1)
			fail_msg("%s was taken for a month", bad[i] ? bad[i] : "NULL");
}

int main(void)
{
	clock_set_zone("Asia/Shanghai");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(month_bounds),
		cmocka_unit_test(not_months),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
