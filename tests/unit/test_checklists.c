/*
 * test_checklists.c - when a prevention checklist falls due on the 2026
 * PRC working calendar (src/workflow/checklists.c): each working day for a
 * daily one, each week's first working day for a weekly one (the Tuesday
 * after the Spring Festival, not the make-up Saturday), due when the day's
 * work ends; and a checklist body's faults named by their field.
 */
#include "unit.h"

#include <string.h>

#include "util/arena.h"
#include "util/clock.h"
#include "workflow/workflow.h"

static int32_t day(int y, int m, int d)
{
	return cal_from_civil(y, m, d);
}

static void daily_and_weekly(void **state)
{
	(void)state;
	struct calendar cal;
	cal_default(&cal);
	/* Monday 2 March 2026: both; Tuesday: the daily one; Saturday: none */
	assert_true(wf_checklist_falls_due(&cal, "daily", day(2026, 3, 2)));
	assert_true(wf_checklist_falls_due(&cal, "weekly", day(2026, 3, 2)));
	assert_true(wf_checklist_falls_due(&cal, "daily", day(2026, 3, 3)));
	assert_false(wf_checklist_falls_due(&cal, "weekly", day(2026, 3, 3)));
	assert_false(wf_checklist_falls_due(&cal, "daily", day(2026, 3, 7)));
	assert_false(wf_checklist_falls_due(&cal, "weekly", day(2026, 3, 8)));
	/* on demand: never by the calendar */
	assert_false(wf_checklist_falls_due(&cal, "on_demand", day(2026, 3, 2)));
}

static void spring_festival_2026(void **state)
{
	(void)state;
	struct calendar cal;
	cal_default(&cal);
	/* Saturday 14 February is a make-up working day: a daily run, but the
	 * week began with Monday 9 February */
	assert_true(wf_checklist_falls_due(&cal, "daily", day(2026, 2, 14)));
	assert_false(wf_checklist_falls_due(&cal, "weekly", day(2026, 2, 14)));
	assert_true(wf_checklist_falls_due(&cal, "weekly", day(2026, 2, 9)));
	/* 15-23 February are off: Monday 23 runs nothing, Tuesday 24 begins the week */
	assert_false(wf_checklist_falls_due(&cal, "daily", day(2026, 2, 18)));
	assert_false(wf_checklist_falls_due(&cal, "weekly", day(2026, 2, 23)));
	assert_true(wf_checklist_falls_due(&cal, "weekly", day(2026, 2, 24)));
	assert_false(wf_checklist_falls_due(&cal, "weekly", day(2026, 2, 25)));
}

static void due_when_the_work_ends(void **state)
{
	(void)state;
	struct calendar cal;
	cal_default(&cal);
	int64_t want;
	assert_int_equal(clock_parse_rfc3339("2026-03-02T18:00:00+08:00", &want), 0);
	assert_true(wf_checklist_day_end(&cal, day(2026, 3, 2)) == want);
}

static void refused(const char *body, const char *field)
{
	struct arena *a = arena_new();
	struct checklist k = {0};
	struct kesu_err err = {0};
	json_t *j = json_loads(body, 0, NULL);
	assert_non_null(j);
	assert_true(wf_checklist_from_json(j, &k, a, &err) < 0);
	if (strcmp(err.field, field))
		fail_msg("%s: refused naming %s, want %s", body, err.field, field);
	json_decref(j);
	arena_free(a);
}

static void bodies(void **state)
{
	(void)state;
	refused("{\"name\": \"\"}", "name");
	refused("{\"name\": {\"zh-CN\": \"只有简体\"}}", "name");
	refused("{\"name\": {\"zh-CN\": \"a\", \"zh-TW\": \"b\", \"en\": \"c\", \"fr\": \"d\"}}", "name");
	refused("{\"items\": []}", "items");
	refused("{\"items\": [\"a\", 3]}", "items[1].text");
	refused("{\"items\": [{\"text\": \"a\", \"kind\": \"daily\"}]}", "items[0].kind");
	refused("{\"items\": [{\"txt\": \"a\"}]}", "items[0]");
	refused("{\"owner_role\": \"admin\"}", "owner_role");
	refused("{\"frequency\": \"hourly\"}", "frequency");
	refused("{\"team_id\": \"1\"}", "team_id");
	refused("{\"active\": 1}", "active");
	/* a good one, normalised */
	struct arena *a = arena_new();
	struct checklist k = {0};
	struct kesu_err err = {0};
	json_t *j = json_loads("{\"name\": \"活动前\", \"items\": [\"检查链接\", {\"text\": {\"zh-CN\":"
			       " \"筛查\", \"zh-TW\": \"篩查\", \"en\": \"Screen\"}, \"kind\":"
			       " \"history\"}], \"owner_role\": \"agent\", \"frequency\": \"weekly\"}",
			       0, NULL);
	assert_int_equal(wf_checklist_from_json(j, &k, a, &err), 0);
	assert_string_equal(k.items, "[{\"text\":\"检查链接\"},{\"text\":{\"zh-CN\":\"筛查\","
				     "\"zh-TW\":\"篩查\",\"en\":\"Screen\"},\"kind\":\"history\"}]");
	assert_string_equal(k.owner_role, "agent");
	assert_string_equal(wf_checklist_text(k.name, "en", a), "活动前");
	int n;
	wf_checklist_items(k.items, &n);
	assert_int_equal(n, 2);
	json_decref(j);
	arena_free(a);
}

int main(void)
{
	clock_set_zone("Asia/Shanghai");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(daily_and_weekly),
		cmocka_unit_test(spring_festival_2026),
		cmocka_unit_test(due_when_the_work_ends),
		cmocka_unit_test(bodies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
