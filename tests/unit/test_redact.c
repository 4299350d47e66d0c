/*
 * test_redact.c - personal data taken out of a customer's words, and
 * comparing texts folded as search folds them (src/text/redact.c).
 */
#include "unit.h"

#include "text/text.h"
#include "util/arena.h"

static struct arena *A;
static const char *const labels[TEXT_PII__COUNT] = {"客户", "[号码]", "[邮箱]"};

static int setup(void **state)
{
	(void)state;
	const char *why;
	A = arena_new();
	return text_init(&why);
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static const char *redact(const char *s)
{
	static const struct text_secret known[] = {
		{"王芳", TEXT_PII_NAME},
		{"JD202611200001", TEXT_PII_NUMBER},
		{"wx_wangfang", TEXT_PII_NUMBER},
		{NULL, TEXT_PII_EMAIL},
	};
	return text_redact(s, known, 4, labels, A);
}

static void names_and_the_case_numbers_go(void **state)
{
	(void)state;
	assert_string_equal(redact("王芳说空气炸锅坏了"), "客户说空气炸锅坏了");
	assert_string_equal(redact("王女士很生气，王先生也来了"), "客户很生气，客户也来了");
	/* the surname alone stays: 王 is in many words */
	assert_string_equal(redact("王府井门店"), "王府井门店");
	assert_string_equal(redact("订单JD202611200001未发货"), "订单[号码]未发货");
	assert_string_equal(redact("微信 wx_wangfang 联系"), "微信 [号码] 联系");
}

static void phones_mails_and_long_numbers_go(void **state)
{
	(void)state;
	assert_string_equal(redact("电话13900001234，邮箱 wang.fang+1@example.com.cn。"),
			    "电话[号码]，邮箱 [邮箱]。");
	assert_string_equal(redact("请打 139 0000 1234 或 0571-88886666"), "请打 [号码] 或 [号码]");
	assert_string_equal(redact("+8613900001234"), "[号码]");
	assert_string_equal(redact("身份证 11010519491231002X"), "身份证 [号码]");
	assert_string_equal(redact("全角１３９００００１２３４"), "全角[号码]");
}

static void dates_prices_and_words_stay(void **state)
{
	(void)state;
	assert_string_equal(redact("2026-11-20 10:30 买的，花了 1299.00 元，共 3 件"),
			    "2026-11-20 10:30 买的，花了 1299.00 元，共 3 件");
	assert_string_equal(redact("iPhone15 Pro 的屏幕"), "iPhone15 Pro 的屏幕");
	assert_string_equal(redact("not an address: a@b, x@y.z"), "not an address: a@b, x@y.z");
	assert_string_equal(redact(""), "");
}

static void latin_names_match_whole_words(void **state)
{
	(void)state;
	const struct text_secret known[] = {{"Li Wei", TEXT_PII_NAME}, {"Li", TEXT_PII_NAME}};
	const char *const en[TEXT_PII__COUNT] = {"the customer", "[number]", "[e-mail]"};
	assert_string_equal(text_redact("Literally, li wei and Li said so", known, 2, en, A),
			    "Literally, the customer and the customer said so");
}

static void folded_texts_compare_equal(void **state)
{
	(void)state;
	assert_true(text_fold_equal("质量问题", "質量問題"));
	assert_true(text_fold_equal("价格/收费", "價格／收費"));
	assert_true(text_fold_equal("Quality", "QUALITY"));
	assert_false(text_fold_equal("质量问题", "质量"));
	assert_false(text_fold_equal("物流配送", "服务态度"));
	assert_true(text_fold_equal("", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_and_the_case_numbers_go),
		cmocka_unit_test(phones_mails_and_long_numbers_go),
		cmocka_unit_test(dates_prices_and_words_stay),
		cmocka_unit_test(latin_names_match_whole_words),
		cmocka_unit_test(folded_texts_compare_equal),
	};
	return cmocka_run_group_tests_name("redact", tests, setup, teardown);
}
