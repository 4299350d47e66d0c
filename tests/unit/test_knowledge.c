/*
 * test_knowledge.c - the steps of guided handling, the scripts'
 * placeholders, due times as people say them, and drafts written from a
 * closed case without the customer's personal data, and a lesson's text
 * from a handling notice (src/knowledge).
 */
#include "unit.h"

#include <stdlib.h>

#include "knowledge/knowledge.h"
#include "text/text.h"
#include "util/clock.h"

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	const char *why;
	A = arena_new();
	return text_init(&why) || clock_set_zone("Asia/Shanghai");
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static void steps_are_found_by_number_or_key(void **state)
{
	(void)state;
	assert_int_equal(kn_step_find("1"), 1);
	assert_int_equal(kn_step_find("clarify"), 3);
	assert_int_equal(kn_step_find("resolve"), 4);
	assert_int_equal(kn_step_find("5"), 0);
	assert_int_equal(kn_step_find("0"), 0);
	assert_int_equal(kn_step_find("12"), 0);
	assert_int_equal(kn_step_find(""), 0);
	assert_string_equal(kn_steps[0].name[0], "倾听认知");
	assert_string_equal(kn_steps[2].name[1], "澄清陳述");
	assert_string_equal(kn_steps[3].name[2], "Resolve and thank");
	assert_int_equal(kn_lang_index("en"), 2);
	assert_int_equal(kn_lang_index("fr"), 0);
}

static void unknown_placeholders_are_refused(void **state)
{
	(void)state;
	struct kesu_err err = {0};
	assert_int_equal(kn_script_check("{customer_name}您好，{due} 前答复 {{x}}", "body", &err), 0);
	assert_int_equal(kn_script_check("{status_url}", "body", &err), -KE_INVALID_VALUE);
	assert_string_equal(err.field, "body");
	assert_non_null(strstr(err.message, "{status_url}"));
	assert_int_equal(kn_script_check("a { b", "body", &err), -KE_INVALID_VALUE);
}

static void placeholders_fill_or_stay_for_the_agent(void **state)
{
	(void)state;
	struct kn_vars v = {.customer_name = "王芳", .tracking_no = "KS2612020001",
			    .agent_name = "李客服", .company = ""};
	json_t *missing = json_array();
	const char *s = kn_script_fill("{customer_name}您好，我是{company}的{agent_name}；"
				       "{due} 前答复（{tracking_no}，{due}）{{ok}}",
				       &v, missing, A);
	assert_string_equal(s, "王芳您好，我是{company}的李客服；{due} 前答复（KS2612020001，{due}）{ok}");
	assert_int_equal(json_array_size(missing), 2);
	assert_string_equal(json_string_value(json_array_get(missing, 0)), "company");
	assert_string_equal(json_string_value(json_array_get(missing, 1)), "due");
	json_decref(missing);
}

static void due_times_read_as_people_say_them(void **state)
{
	(void)state;
	int64_t at;
	assert_int_equal(clock_parse_rfc3339("2026-11-27T10:00:00Z", &at), 0);
	assert_string_equal(kn_due_text(at, "zh-CN", A), "2026年11月27日（星期五）18:00");
	assert_string_equal(kn_due_text(at, "zh-TW", A), "2026年11月27日（星期五）18:00");
	assert_string_equal(kn_due_text(at, "en", A), "Friday 27 November 2026, 18:00");
}

static void drafts_leave_the_customer_out(void **state)
{
	(void)state;
	struct complaint c = {.tracking_no = "KS2612020001"};
	c.v[CF_NAME] = "王芳";
	c.v[CF_PHONE] = "13900001234";
	c.v[CF_EMAIL] = "wangfang@example.com";
	c.v[CF_OBJECT_KIND] = "order";
	c.v[CF_OBJECT_REF] = "JD202611200001";
	c.v[CF_OBJECT_NAME] = "空气炸锅";
	c.v[CF_CONTENT] = "我是王芳，订单JD202611200001的空气炸锅有裂纹，打13900001234找我，"
			  "或发 wangfang@example.com。";
	c.v[CF_DEMAND] = "退货退款";
	c.v[CF_DESIRED_RESOLUTION] = "refund";
	c.v[CF_EMOTION] = "angry";
	c.v[CF_MINDSET] = "compensation";
	c.v[CF_CATEGORY] = "质量问题";
	struct compensation g = {.type = "refund", .amount_fen = 5900, .state = "granted"};
	struct kn_case k = {.c = &c, .resolution = "已为王女士退款 59 元（KS2612020001）",
			    .granted = &g, .ngranted = 1};
	const char *title, *body;
	kn_draft(&k, "zh-CN", A, &title, &body);
	assert_string_equal(title, "质量问题：空气炸锅");
	const char *gone[] = {"王芳", "王女士", "13900001234", "wangfang", "JD2026", "KS2612"};
	for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
		assert_null(strstr(body, gone[i]));
	assert_non_null(strstr(body, "【经过】\n我是客户，订单[号码已隐去]的空气炸锅有裂纹"));
	assert_non_null(strstr(body, "【处理结果】\n已为客户退款 59 元（[号码已隐去]）"));
	assert_non_null(strstr(body, "- 退款 59.00 元"));
	assert_non_null(strstr(body, "客户情绪：生气"));
	assert_non_null(strstr(body, "投诉心态：求补偿"));
	assert_non_null(strstr(body, "希望的解决方式：退款"));
	kn_draft(&k, "en", A, &title, &body);
	assert_non_null(strstr(body, "## How it was resolved\n"));
	assert_non_null(strstr(body, "- refund: CNY 59.00"));
	assert_null(strstr(body, "13900001234"));
	/* a staff member complained about keeps their name too */
	c.v[CF_OBJECT_KIND] = "staff";
	c.v[CF_OBJECT_NAME] = "张店员";
	k.ngranted = 0;
	k.resolution = NULL;
	kn_draft(&k, "zh-TW", A, &title, &body);
	assert_string_equal(title, "质量问题：員工");
	assert_null(strstr(body, "张店员"));
	assert_non_null(strstr(body, "【補償】\n無"));
	assert_non_null(strstr(body, "（時間軸中沒有處理說明）"));
}

static void a_notice_teaches_its_matters_answers_and_remedy(void **state)
{
	(void)state;
	struct handling_notice n = {
		.title = "批次通知", .key_matters = "停用并拔掉电源。",
		.answers = "[{\"title\":\"怎么说\",\"body\":\"非常抱歉。\"},{\"body\":\"免费换新。\"}]",
		.remedy = "20 元优惠券。",
		.contacts = "[{\"person\":\"张经理\",\"phone\":\"010-12345678\"}]"};
	const char *t = kn_notice_lesson(&n, "zh-CN", A);
	assert_string_equal(t, "重点事项\n停用并拔掉电源。\n\n统一应答口径\n- 怎么说：非常抱歉。\n"
			       "- 免费换新。\n\n补偿标准\n20 元优惠券。");
	assert_null(strstr(t, "010-12345678"));
	/* nothing said is a dash, in the language asked */
	struct handling_notice bare = {.title = "x"};
	assert_string_equal(kn_notice_lesson(&bare, "en", A),
			    "Key matters\n—\n\nAgreed answers\n—\n\nRemedy standard\n—");
	n.answers = "[{\"title\":\"How\",\"body\":\"Sorry.\"}]";
	assert_non_null(strstr(kn_notice_lesson(&n, "en", A), "- How: Sorry.\n"));
	assert_non_null(strstr(kn_notice_lesson(&n, "zh-TW", A), "統一應答口徑\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(steps_are_found_by_number_or_key),
		cmocka_unit_test(unknown_placeholders_are_refused),
		cmocka_unit_test(placeholders_fill_or_stay_for_the_agent),
		cmocka_unit_test(due_times_read_as_people_say_them),
		cmocka_unit_test(drafts_leave_the_customer_out),
		cmocka_unit_test(a_notice_teaches_its_matters_answers_and_remedy),
	};
	return cmocka_run_group_tests_name("knowledge", tests, setup, teardown);
}
