/*
 * test_analysis.c - reading a complaint's words (src/analysis): ICU's
 * segmentation of folded text, negation and degree, each kind of threat
 * and its look-alikes, and the built-in models' reading of plain cases.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "text/text.h"

static int setup(void **state)
{
	(void)state;
	const char *why;
	return text_init(&why);
}

/* The words of s, as "[w][w]...". */
static const char *words(const char *s)
{
	static char buf[1024];
	struct an_doc d;
	buf[0] = 0;
	assert_int_equal(an_doc_make(s, strlen(s), &d), 0);
	for (int t = 0; t < d.ntok; t++)
		if (d.tok[t].word)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "[%.*s]",
				 d.tok[t].e - d.tok[t].s, d.fold + d.tok[t].s);
	an_doc_free(&d);
	return buf;
}

static void segments_chinese_into_dictionary_words(void **state)
{
	(void)state;
	assert_string_equal(words("质量问题"), "[质量][问题]");
	/* traditional characters fold first: the same words */
	assert_string_equal(words("質量問題"), "[质量][问题]");
	assert_string_equal(words("我要投诉你们"), "[我要][投诉][你们]");
	/* letters and digits stay whole; punctuation is no word */
	assert_string_equal(words("订单12315，ＯＫ！"), "[订单][12315][ok]");
}

static void evidence_comes_from_the_source_text(void **state)
{
	(void)state;
	/* the folded text maps back to the customer's own characters */
	const char *s = "客戶說：我要去１２３１５投訴你們！";
	struct an_threat_hit h[AN_THREATS_MAX];
	int n = analysis_threats(s, strlen(s), h, AN_THREATS_MAX);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].kind, AN_REGULATOR);
	assert_non_null(strstr(s, h[0].evidence));
	assert_non_null(strstr(h[0].evidence, "１２３１５"));
}

static double lex(const char *s)
{
	struct an_doc d;
	assert_int_equal(an_doc_make(s, strlen(s), &d), 0);
	double v = an_lexicon_polarity(&d);
	an_doc_free(&d);
	return v;
}

static void negation_flips_and_two_negations_cancel(void **state)
{
	(void)state;
	assert_true(lex("满意") > 0);
	assert_true(lex("不满意") < 0);
	/* 没有不满意 is not negative */
	assert_true(lex("没有不满意") > 0);
	assert_true(lex("我对你们的服务没有不满意") > 0);
	assert_true(lex("不好") < 0);
	assert_true(lex("不是很好") < 0);
	/* 不差 is fairly good, weaker than 好 words */
	assert_true(lex("不差") > 0);
	assert_true(lex("不差") < lex("满意"));
	/* a degree word scales */
	assert_true(lex("非常满意") > lex("满意"));
	assert_true(lex("很不满意") < lex("不满意"));
	/* a clause ends a negation */
	assert_true(lex("不，满意") > 0);
	/* traditional alike */
	assert_true(lex("質量很差") < 0);
}

/* The kinds found in s, as "kind,kind" ("" for none). */
static const char *kinds(const char *s)
{
	static char buf[256];
	struct an_threat_hit h[AN_THREATS_MAX];
	int n = analysis_threats(s, strlen(s), h, AN_THREATS_MAX);
	buf[0] = 0;
	for (int i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "",
			 an_threat_names[h[i].kind]);
	return buf;
}

static void each_kind_of_threat_is_found(void **state)
{
	(void)state;
	assert_string_equal(kinds("再不解决我就找记者曝光你们"), "media");
	assert_string_equal(kinds("别逼我去12315"), "regulator");
	assert_string_equal(kinds("我已经向消费者协会反映了"), "regulator");
	assert_string_equal(kinds("我会让我的律师联系你们"), "lawyer");
	assert_string_equal(kinds("你们等着收律师函吧"), "lawyer");
	assert_string_equal(kinds("大不了打官司，我奉陪到底"), "lawsuit");
	assert_string_equal(kinds("我要起诉你们"), "lawsuit");
	assert_string_equal(kinds("不给个说法我就发微博"), "social");
	assert_string_equal(kinds("我要联合其他买家集体投诉"), "collective");
	assert_string_equal(kinds("I will contact my lawyer about this."), "lawyer");
	assert_string_equal(kinds("If this is not fixed I will sue you."), "lawsuit");
	assert_string_equal(kinds("我要去消基會申訴"), "regulator");
}

static void look_alikes_are_no_threat(void **state)
{
	(void)state;
	/* a job, a place, where the customer saw or bought */
	assert_string_equal(kinds("我在律师事务所上班，这个杯子质量不错"), "");
	assert_string_equal(kinds("我家楼下就是法院"), "");
	assert_string_equal(kinds("微博上看到你们的活动才买的"), "");
	assert_string_equal(kinds("抖音直播间买的，发货很快"), "");
	/* negated */
	assert_string_equal(kinds("我不会去12315的，只想换个新的"), "");
	assert_string_equal(kinds("没打算起诉，只要退款"), "");
	assert_string_equal(kinds("I won't be posting anything online."), "");
	/* someone else's doing */
	assert_string_equal(kinds("隔壁邻居跟我说他要去起诉他的房东"), "");
	/* a word inside another */
	assert_string_equal(kinds("there is an issue with my order"), "");
	assert_string_equal(kinds("订单号1231567"), "");
}

static void reads_plain_cases(void **state)
{
	(void)state;
	struct an_reading r;
	const char *s = "你们太过分了！！！骗子公司，我要去12315投诉你们，必须赔偿！";
	assert_int_equal(analysis_read(s, strlen(s), &r), 0);
	assert_true(r.polarity < 0);
	assert_true(r.emotion >= AN_ANGRY);
	assert_int_equal(r.nthreats, 1);
	assert_int_equal(r.threats[0].kind, AN_REGULATOR);
	s = "您好，我的订单三天了还没发货，麻烦帮我查一下，谢谢。";
	assert_int_equal(analysis_read(s, strlen(s), &r), 0);
	assert_int_equal(r.emotion, AN_CALM);
	assert_int_equal(r.nthreats, 0);
	s = "东西坏了，我要退款，还要赔偿我的损失";
	assert_int_equal(analysis_read(s, strlen(s), &r), 0);
	assert_int_equal(r.mindset, AN_COMPENSATION);
	s = "服务很好，非常满意";
	assert_int_equal(analysis_read(s, strlen(s), &r), 0);
	assert_true(r.polarity > 0.5);
	/* the JSON the API shows */
	json_t *o = analysis_json(&r);
	assert_string_equal(json_string_value(json_object_get(o, "emotion")),
			    an_emotion_names[r.emotion]);
	assert_true(json_is_array(json_object_get(o, "threats")));
	assert_non_null(strstr(json_string_value(json_object_get(o, "model")), "kesu-reader"));
	json_decref(o);
}

static void the_same_text_reads_the_same(void **state)
{
	(void)state;
	/* deterministic: the built-in models are trained once, the same way */
	struct an_reading a, b;
	const char *s = "快递员态度恶劣，东西也摔坏了，你们看着办吧";
	assert_int_equal(analysis_read(s, strlen(s), &a), 0);
	assert_int_equal(analysis_read(s, strlen(s), &b), 0);
	assert_int_equal(a.emotion, b.emotion);
	assert_int_equal(a.mindset, b.mindset);
	assert_true(a.polarity == b.polarity);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(segments_chinese_into_dictionary_words),
		cmocka_unit_test(evidence_comes_from_the_source_text),
		cmocka_unit_test(negation_flips_and_two_negations_cancel),
		cmocka_unit_test(each_kind_of_threat_is_found),
		cmocka_unit_test(look_alikes_are_no_threat),
		cmocka_unit_test(reads_plain_cases),
		cmocka_unit_test(the_same_text_reads_the_same),
	};
	return cmocka_run_group_tests_name("analysis", tests, setup, NULL);
}
