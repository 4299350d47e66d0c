/*
 * test_text.c - folding and tokenising for search (src/text).
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

struct toks {
	char buf[2048];
	int n;
};

static int collect(void *ctx, int flags, const char *tok, int len, int start, int end)
{
	struct toks *t = ctx;
	size_t used = strlen(t->buf);
	snprintf(t->buf + used, sizeof t->buf - used, "%s%s%.*s@%d-%d", t->n ? " " : "",
		 flags & TEXT_COLOCATED ? "+" : "", len, tok, start, end);
	t->n++;
	return 0;
}

static const char *tokens(const char *s, enum text_mode mode)
{
	static struct toks t;
	memset(&t, 0, sizeof t);
	text_tokenize(s, (int)strlen(s), mode, collect, &t);
	return t.buf;
}

static int setup(void **state)
{
	(void)state;
	const char *why;
	return text_init(&why);
}

static void folds_traditional_to_simplified(void **state)
{
	(void)state;
	uint32_t out[TEXT_FOLD_MAX];
	assert_int_equal(text_fold(0x8A34 /* 訴 */, out), 1);
	assert_int_equal(out[0], 0x8BC9 /* 诉 */);
	assert_int_equal(text_fold(0x9000 /* 退: already simplified */, out), 1);
	assert_int_equal(out[0], 0x9000);
	assert_int_equal(text_fold(0x6B3E /* 款 */, out), 1);
	assert_int_equal(out[0], 0x6B3E);
}

static void folds_width_case_and_accents(void **state)
{
	(void)state;
	uint32_t out[TEXT_FOLD_MAX];
	assert_int_equal(text_fold(0xFF21 /* Ａ */, out), 1);
	assert_int_equal(out[0], 'a');
	assert_int_equal(text_fold(0xFF11 /* １ */, out), 1);
	assert_int_equal(out[0], '1');
	assert_int_equal(text_fold(0x00E9 /* é */, out), 1);
	assert_int_equal(out[0], 'e');
	assert_int_equal(text_fold('Q', out), 1);
	assert_int_equal(out[0], 'q');
}

static void indexes_characters_and_colocated_bigrams(void **state)
{
	(void)state;
	/* 退款慢 = 3 characters of 3 bytes */
	assert_string_equal(tokens("退款慢", TEXT_INDEX),
			    "退@0-3 +退款@0-6 款@3-6 +款慢@3-9 慢@6-9");
}

static void queries_with_bigrams_or_one_character(void **state)
{
	(void)state;
	assert_string_equal(tokens("退款", TEXT_QUERY), "退款@0-6");
	assert_string_equal(tokens("款", TEXT_QUERY), "款@0-3");
	assert_string_equal(tokens("服务态度", TEXT_QUERY), "服务@0-6 务态@3-9 态度@6-12");
}

static void query_keeps_positions_across_runs(void **state)
{
	(void)state;
	/* The last character of a run is emitted when something follows, so
	 * the phrase positions match the index (one position per character). */
	assert_string_equal(tokens("屏幕iPhone", TEXT_QUERY), "屏幕@0-6 幕@3-6 iphone@6-12");
	assert_string_equal(tokens("屏幕", TEXT_QUERY), "屏幕@0-6");
}

static void traditional_query_equals_simplified(void **state)
{
	(void)state;
	char a[2048], b[2048];
	snprintf(a, sizeof a, "%s", tokens("投訴態度", TEXT_QUERY));
	snprintf(b, sizeof b, "%s", tokens("投诉态度", TEXT_QUERY));
	assert_string_equal(a, b);
}

static void words_and_numbers_are_single_tokens(void **state)
{
	(void)state;
	assert_string_equal(tokens("Order JD2026-1123, ＶＩＰ!", TEXT_INDEX),
			    "order@0-5 jd2026@6-12 1123@13-17 vip@19-28");
}

static void mixed_text_breaks_runs(void **state)
{
	(void)state;
	assert_string_equal(tokens("订单号JD20", TEXT_INDEX),
			    "订@0-3 +订单@0-6 单@3-6 +单号@3-9 号@6-9 jd20@9-13");
	assert_string_equal(tokens("坏了，退", TEXT_INDEX), "坏@0-3 +坏了@0-6 了@3-6 退@9-12");
}

static void invalid_utf8_is_skipped(void **state)
{
	(void)state;
	assert_string_equal(tokens("ab\xff\xfe" "cd", TEXT_INDEX), "ab@0-2 cd@4-6");
	assert_int_equal(text_utf8_valid("ab\xff", 3), 0);
	assert_int_equal(text_utf8_valid("退款", 6), 1);
	assert_int_equal(text_utf8_valid("a\0b", 3), 0);
	assert_int_equal(text_utf8_length("退款ok"), 4);
}

static void long_words_are_cut(void **state)
{
	(void)state;
	char s[200];
	memset(s, 'x', 150);
	s[150] = '\0';
	const char *t = tokens(s, TEXT_INDEX);
	assert_int_equal(strlen(t), TEXT_TOKEN_MAX + strlen("@0-150"));
}

static void punctuation_only_query_has_no_tokens(void **state)
{
	(void)state;
	assert_int_equal(text_query_token_count("，。！？", 12), 0);
	assert_int_equal(text_query_token_count("退", 3), 1);
	assert_true(text_fingerprint() != 0);
}

static double sim(const char *x, const char *y)
{
	struct text_sketch a, b;
	text_sketch_make(x, strlen(x), &a);
	text_sketch_make(y, strlen(y), &b);
	return text_sketch_similarity(&a, &b);
}

static void sketches_find_near_duplicates_and_not_others(void **state)
{
	(void)state;
	const char *x = "CA1234航班延误了五个小时，机场没有任何广播通知，也没有安排餐食。";
	assert_true(sim(x, x) == 1.0);
	/* the same complaint in traditional characters is the same text */
	assert_true(sim(x, "CA1234航班延誤了五個小時，機場沒有任何廣播通知，也沒有安排餐食。") == 1.0);
	double near = sim(x, "今天CA1234航班延误了五个小时，机场没有任何通知，也没有安排餐食，老人孩子都很累。");
	double far = sim(x, "在门店买的羊毛衫洗了一次就严重缩水，店员态度很差，拒绝退换。");
	assert_true(near >= 0.5);
	assert_true(far < 0.2);
	/* nothing to compare: similar to nothing, not even itself */
	assert_true(sim("，。！", "，。！") == 0);
}

static void sketches_pack_and_band_the_same(void **state)
{
	(void)state;
	struct text_sketch a, b;
	unsigned char p[TEXT_SKETCH_PACKED];
	int64_t ba[TEXT_SKETCH_BANDS], bb[TEXT_SKETCH_BANDS];
	const char *t = "快递三天没有更新物流信息";
	text_sketch_make(t, strlen(t), &a);
	text_sketch_pack(&a, p);
	assert_int_equal(text_sketch_unpack(p, sizeof p, &b), 0);
	assert_int_equal(b.shingles, a.shingles);
	assert_memory_equal(a.slot, b.slot, sizeof a.slot);
	assert_int_equal(text_sketch_unpack(p, 10, &b), -1);
	text_sketch_bands(&a, ba);
	text_sketch_bands(&b, bb);
	for (int i = 0; i < TEXT_SKETCH_BANDS; i++) {
		assert_true(ba[i] > 0);
		assert_true(ba[i] == bb[i]);
	}
}

static void fold_keys_keep_letters_digits_and_chinese(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(text_fold_key("CA 1234", a), "ca1234");
	assert_string_equal(text_fold_key("ＣＡ－１２３４", a), "ca1234");
	assert_string_equal(text_fold_key("批次：B-2026/11", a), "批次b202611");
	assert_string_equal(text_fold_key("門店", a), "门店");
	assert_null(text_fold_key("-- ，", a));
	assert_null(text_fold_key(NULL, a));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folds_traditional_to_simplified),
		cmocka_unit_test(folds_width_case_and_accents),
		cmocka_unit_test(indexes_characters_and_colocated_bigrams),
		cmocka_unit_test(queries_with_bigrams_or_one_character),
		cmocka_unit_test(query_keeps_positions_across_runs),
		cmocka_unit_test(traditional_query_equals_simplified),
		cmocka_unit_test(words_and_numbers_are_single_tokens),
		cmocka_unit_test(mixed_text_breaks_runs),
		cmocka_unit_test(invalid_utf8_is_skipped),
		cmocka_unit_test(long_words_are_cut),
		cmocka_unit_test(punctuation_only_query_has_no_tokens),
		cmocka_unit_test(sketches_find_near_duplicates_and_not_others),
		cmocka_unit_test(sketches_pack_and_band_the_same),
		cmocka_unit_test(fold_keys_keep_letters_digits_and_chinese),
	};
	return cmocka_run_group_tests_name("text", tests, setup, NULL);
}
