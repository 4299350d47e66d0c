/*
 * test_reviews.c - the rules of neutral and negative reviews that need no
 * store (src/workflow/reviews.c): the playbook by calendar months in the
 * business zone, the agent's override, the 24-hour wait, a review read
 * from outside with its dedupe key, and the tone check of a public reply.
 */
#include "unit.h"

#include <jansson.h>

#include "util/clock.h"
#include "workflow/workflow.h"

static int64_t at(const char *rfc3339)
{
	int64_t ms;
	assert_int_equal(clock_parse_rfc3339(rfc3339, &ms), 0);
	return ms;
}

static void playbook_by_calendar_months(void **state)
{
	(void)state;
	struct review r = {.posted_at = at("2026-01-31T10:00:00+08:00")};
	/* a month after 31 January is the last day of February */
	assert_int_equal(wf_review_age(&r, at("2026-02-28T09:59:00+08:00")), RV_NEW);
	assert_int_equal(wf_review_age(&r, at("2026-02-28T10:00:00+08:00")), RV_MONTH);
	assert_int_equal(wf_review_age(&r, at("2026-07-30T23:00:00+08:00")), RV_MONTH);
	assert_int_equal(wf_review_age(&r, at("2026-07-31T10:00:00+08:00")), RV_HALF_YEAR);
	/* the age that counts is the one at the first contact */
	r.first_contact_at = at("2026-02-10T10:00:00+08:00");
	assert_int_equal(wf_review_age(&r, at("2027-01-01T10:00:00+08:00")), RV_NEW);
	/* the agent's choice wins, the age stays what it is */
	r.first_contact_at = 0;
	r.age_set = "half_year";
	assert_int_equal(wf_review_playbook(&r, at("2026-02-01T10:00:00+08:00")), RV_HALF_YEAR);
	assert_int_equal(wf_review_age(&r, at("2026-02-01T10:00:00+08:00")), RV_NEW);
}

static void the_serious_wait(void **state)
{
	(void)state;
	struct review r = {.posted_at = at("2026-12-02T09:00:00+08:00"), .serious = 1};
	assert_int_equal(wf_review_not_before(&r, at("2026-12-02T10:00:00+08:00")),
			 at("2026-12-03T09:00:00+08:00"));
	r.serious = 0;
	assert_int_equal(wf_review_not_before(&r, at("2026-12-02T10:00:00+08:00")), 0);
	/* an old serious review has no wait: the month playbook applies */
	r.serious = 1;
	assert_int_equal(wf_review_not_before(&r, at("2027-01-10T10:00:00+08:00")), 0);
}

static int read_text(const char *text, struct review *r, struct arena *a, struct kesu_err *err)
{
	json_t *o = json_loads(text, 0, NULL);
	assert_non_null(o);
	int rc = wf_review_read(o, at("2026-12-03T10:00:00+08:00"), a, r, err);
	json_decref(o);
	return rc;
}

static void reading_a_review(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct review r;
	struct kesu_err err = {0};
	assert_int_equal(read_text("{\"platform\":\"jd\",\"order_ref\":\"JD1\",\"buyer\":\"王**\","
				   "\"rating\":\"neutral\",\"posted_at\":\"2026-12-01T08:00:00Z\","
				   "\"photos\":[\"https://img.example.com/1.jpg\"],\"stars\":3}",
				   &r, a, &err),
			 0);
	assert_string_equal(r.dedupe, "jd|JD1|王**|1796112000000");
	assert_string_equal(r.photos, "[\"https://img.example.com/1.jpg\"]");
	assert_int_equal(r.stars, 3);
	assert_int_equal(read_text("{\"platform\":\"jd\",\"external_id\":\"R9\",\"order_ref\":\"JD1\","
				   "\"buyer\":\"王**\",\"rating\":\"negative\","
				   "\"posted_at\":\"2026-12-01T08:00:00Z\"}",
				   &r, a, &err),
			 0);
	assert_string_equal(r.dedupe, "jd|id|R9");
	static const struct {
		const char *text, *field;
	} bad[] = {
		{"{\"platform\":\"jd\",\"order_ref\":\"1\",\"buyer\":\"x\",\"rating\":\"good\","
		 "\"posted_at\":\"2026-12-01T08:00:00Z\"}", "rating"},
		{"{\"platform\":\"amazon\",\"order_ref\":\"1\",\"buyer\":\"x\",\"rating\":\"neutral\","
		 "\"posted_at\":\"2026-12-01T08:00:00Z\"}", "platform"},
		{"{\"platform\":\"jd\",\"buyer\":\"x\",\"rating\":\"neutral\","
		 "\"posted_at\":\"2026-12-01T08:00:00Z\"}", "order_ref"},
		{"{\"platform\":\"jd\",\"order_ref\":\"1\",\"buyer\":\"x\",\"rating\":\"neutral\","
		 "\"posted_at\":\"2027-12-01T08:00:00Z\"}", "posted_at"},
		{"{\"platform\":\"jd\",\"order_ref\":\"1\",\"buyer\":\"x\",\"rating\":\"neutral\","
		 "\"posted_at\":\"2026-12-01T08:00:00Z\",\"link\":\"javascript:alert(1)\"}", "link"},
		{"{\"platform\":\"jd\",\"order_ref\":\"1\",\"buyer\":\"x\",\"rating\":\"neutral\","
		 "\"posted_at\":\"2026-12-01T08:00:00Z\",\"grade\":1}", "grade"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(&err, 0, sizeof err);
		assert_int_not_equal(read_text(bad[i].text, &r, a, &err), 0);
		assert_string_equal(err.field, bad[i].field);
	}
	arena_free(a);
}

static void the_tone_check(void **state)
{
	(void)state;
	json_t *w = wf_review_tone("亲爱的顾客，非常抱歉给您带来不便，欢迎联系客服主管。");
	assert_int_equal(json_array_size(w), 0);
	json_decref(w);
	w = wf_review_tone("这明显是恶意差评，和本店无关，再这样我们会追究法律责任。");
	assert_int_equal(json_array_size(w), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(w, 0), "words")), "恶意");
	json_decref(w);
	w = wf_review_tone("That is NOT OUR PROBLEM.");
	assert_int_equal(json_array_size(w), 1);
	json_decref(w);
}

int main(void)
{
	clock_set_zone("Asia/Shanghai");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(playbook_by_calendar_months),
		cmocka_unit_test(the_serious_wait),
		cmocka_unit_test(reading_a_review),
		cmocka_unit_test(the_tone_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
