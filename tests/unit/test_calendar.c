/*
 * test_calendar.c - working-time arithmetic (src/workflow/calendar.c),
 * against cases computed by hand on the 2026 PRC holiday schedule in
 * Asia/Shanghai: split shifts 09:00-12:00 / 13:30-18:00, weekends, the
 * Spring Festival and National Day weeks and their make-up days (调休).
 */
#include "unit.h"

#include "util/clock.h"
#include "workflow/calendar.h"

#define H (3600 * 1000LL)

static int64_t at(const char *rfc3339)
{
	int64_t ms;
	assert_int_equal(clock_parse_rfc3339(rfc3339, &ms), 0);
	return ms;
}

static void check_add(const struct calendar *cal, const char *start, int64_t work,
		      const char *want)
{
	int64_t got = cal_add(cal, at(start), work);
	char a[40], b[40];
	if (got != at(want))
		fail_msg("%s + %lld ms: got %s, want %s", start, (long long)work,
			 clock_format(got, a, sizeof a), clock_format(at(want), b, sizeof b));
	(void)b;
}

static void split_shifts_and_weekends(void **state)
{
	(void)state;
	struct calendar cal;
	cal_default(&cal);
	assert_int_equal(cal_day_length(&cal), 7 * H + H / 2);
	/* lunch break */
	check_add(&cal, "2026-11-23T11:30:00+08:00", 1 * H, "2026-11-23T14:00:00+08:00");
	/* before opening time */
	check_add(&cal, "2026-11-23T07:00:00+08:00", 1 * H, "2026-11-23T10:00:00+08:00");
	/* over the weekend */
	check_add(&cal, "2026-11-20T17:00:00+08:00", 2 * H, "2026-11-23T10:00:00+08:00");
	/* registered on Saturday: the clock starts on Monday */
	check_add(&cal, "2026-11-21T10:00:00+08:00", 4 * H, "2026-11-23T14:30:00+08:00");
	/* exactly to the end of a period */
	check_add(&cal, "2026-11-23T09:00:00+08:00", 3 * H, "2026-11-23T12:00:00+08:00");
	assert_int_equal(cal_between(&cal, at("2026-11-20T17:00:00+08:00"),
				     at("2026-11-23T10:00:00+08:00")),
			 2 * H);
}

static void spring_festival_2026(void **state)
{
	(void)state;
	struct calendar cal;
	cal_default(&cal);
	/* Fri 13 Feb 17:00 + 5 working days (37.5 h): 1 h on Friday, Saturday
	 * 14 Feb is a make-up working day (7.5 h), 15-23 Feb are off, then
	 * 24, 25, 26 Feb (22.5 h) and 6.5 h of Friday 27 Feb. */
	check_add(&cal, "2026-02-13T17:00:00+08:00", 5 * cal_day_length(&cal),
		  "2026-02-27T17:00:00+08:00");
	assert_true(cal_is_workday(&cal, cal_day_of(at("2026-02-14T12:00:00+08:00"))));
	assert_false(cal_is_workday(&cal, cal_day_of(at("2026-02-23T12:00:00+08:00"))));
	assert_true(cal_is_workday(&cal, cal_day_of(at("2026-02-28T12:00:00+08:00"))));
	assert_int_equal(cal_between(&cal, at("2026-02-13T17:00:00+08:00"),
				     at("2026-02-27T17:00:00+08:00")),
			 37 * H + H / 2);
	/* a first response due in 4 h, asked on the eve of the holiday */
	check_add(&cal, "2026-02-14T16:00:00+08:00", 4 * H, "2026-02-24T11:00:00+08:00");
}

static void national_day_2026(void **state)
{
	(void)state;
	struct calendar cal;
	cal_default(&cal);
	check_add(&cal, "2026-09-30T16:00:00+08:00", 4 * H, "2026-10-08T11:00:00+08:00");
	/* Sunday 20 Sep is a make-up working day; Saturday 10 Oct too */
	check_add(&cal, "2026-09-19T10:00:00+08:00", 1 * H, "2026-09-20T10:00:00+08:00");
	check_add(&cal, "2026-10-09T17:30:00+08:00", 1 * H, "2026-10-10T09:30:00+08:00");
	/* Mid-Autumn (25-27 Sep) and New Year (1-3 Jan, work on Sunday 4 Jan) */
	check_add(&cal, "2026-09-24T17:00:00+08:00", 2 * H, "2026-09-28T10:00:00+08:00");
	check_add(&cal, "2025-12-31T17:30:00+08:00", 1 * H, "2026-01-04T09:30:00+08:00");
}

static void json_round_trip_and_errors(void **state)
{
	(void)state;
	struct calendar cal, back;
	cal_default(&cal);
	json_t *j = cal_to_json(&cal);
	struct kesu_err err = {0};
	assert_int_equal(cal_from_json(j, &back, &err), 0);
	assert_memory_equal(&cal, &back, sizeof cal);
	json_decref(j);
	j = json_loads("{\"periods\":[[\"09:00\",\"17:00\"]],\"weekdays\":[1,2,3,4,5,6],"
		       "\"holidays\":[\"2026-11-23\"],\"workdays\":[]}",
		       0, NULL);
	assert_int_equal(cal_from_json(j, &back, &err), 0);
	json_decref(j);
	/* Saturday works, Monday 23 Nov is a holiday */
	check_add(&back, "2026-11-20T16:00:00+08:00", 2 * H, "2026-11-21T10:00:00+08:00");
	check_add(&back, "2026-11-22T10:00:00+08:00", 1 * H, "2026-11-24T10:00:00+08:00");
	static const char *const bad[][2] = {
		{"{\"periods\":[[\"13:00\",\"12:00\"]]}", "periods"},
		{"{\"periods\":[[\"09:00\",\"12:00\"],[\"11:00\",\"14:00\"]]}", "periods"},
		{"{\"holidays\":[\"2026-02-30\"]}", "holidays"},
		{"{\"weekdays\":[7]}", "weekdays"},
		{"{\"zone\":\"UTC\"}", "zone"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		j = json_loads(bad[i][0], 0, NULL);
		assert_non_null(j);
		assert_true(cal_from_json(j, &back, &err) < 0);
		assert_string_equal(err.field, bad[i][1]);
		json_decref(j);
	}
	/* no working time at all: no due time rather than an endless loop */
	j = json_loads("{\"weekdays\":[]}", 0, NULL);
	assert_int_equal(cal_from_json(j, &back, &err), 0);
	back.nworkdays = 0;
	assert_int_equal(cal_add(&back, at("2026-11-20T16:00:00+08:00"), H), -1);
	json_decref(j);
}

/* Civil dates of local days, with months that run past the year. */
static void civil_dates(void **state)
{
	(void)state;
	int32_t day = cal_day_of(at("2026-01-31T01:00:00+08:00")); /* still the 30th in UTC */
	int y, m, d;
	cal_civil(day, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20260131);
	assert_int_equal(cal_from_civil(2026, 1, 31), day);
	assert_int_equal(cal_from_civil(2026, 13, 1), cal_from_civil(2027, 1, 1));
	assert_int_equal(cal_from_civil(2026, 0, 1), cal_from_civil(2025, 12, 1));
	assert_int_equal(cal_from_civil(2026, 3, 1) - cal_from_civil(2026, 2, 1), 28);
	cal_civil(cal_from_civil(2024, 14, 29), &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20250301); /* no 29 February in 2025 */
}

int main(void)
{
	clock_set_zone("Asia/Shanghai");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_shifts_and_weekends),
		cmocka_unit_test(spring_festival_2026),
		cmocka_unit_test(national_day_2026),
		cmocka_unit_test(json_round_trip_and_errors),
		cmocka_unit_test(civil_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
