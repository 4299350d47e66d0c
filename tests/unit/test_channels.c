/*
 * test_channels.c - templates and placeholders, outgoing mail that no value
 * can add a header to, signed Message-IDs, webhook signatures, the
 * language of a text and safe file names (src/channels, src/intake).
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "channels/channels_int.h"
#include "channels/mailparse.h"
#include "intake/attachment.h"
#include "text/text.h"

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new();
	mail_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static void placeholders_are_filled_and_braces_kept(void **state)
{
	(void)state;
	struct ch_vars v = {.tracking_no = "KS2612020001", .customer_name = "王小明"};
	assert_string_equal(ch_render("{customer_name}：{tracking_no} {{x}} {reason}", &v, NULL, A),
			    "王小明：KS2612020001 {x} ");
	assert_string_equal(ch_render("no placeholders", &v, NULL, A), "no placeholders");
	assert_string_equal(ch_render("", &v, NULL, A), "");
}

static void template_check_names_the_problem(void **state)
{
	(void)state;
	struct kesu_err err = {0};
	assert_int_equal(ch_template_check("{tracking_no} {{literal}}", "body", &err), 0);
	assert_int_equal(ch_template_check("{nickname}", "body", &err), -KE_INVALID_VALUE);
	assert_string_equal(err.field, "body");
	assert_non_null(strstr(err.message, "nickname"));
	assert_int_equal(ch_template_check("open { brace", "subject", &err), -KE_INVALID_VALUE);
	assert_int_equal(ch_template_check("lone } brace", "subject", &err), -KE_INVALID_VALUE);
}

static void every_builtin_template_is_valid(void **state)
{
	(void)state;
	static const char *const channels[] = {"email", "sms"};
	int n = 0;
	for (int k = 0; ch_template_kinds[k]; k++)
		for (int l = 0; ch_languages[l]; l++)
			for (int c = 0; c < 2; c++) {
				const struct ch_template *t = ch_template_builtin(
					ch_template_kinds[k], ch_languages[l], channels[c]);
				if (!t)
					continue;
				struct kesu_err err = {0};
				assert_int_equal(ch_template_check(t->body, "body", &err), 0);
				if (t->subject)
					assert_int_equal(ch_template_check(t->subject, "subject", &err), 0);
				assert_int_equal(!!t->subject, c == 0);
				n++;
			}
	/* thirteen kinds by both (an incident's message, what an improvement
	 * action changed and the thank-you letter too), the report, a task, a
	 * handling notice and an improvement action made and failed by
	 * e-mail, a review's by SMS */
	assert_int_equal(n, 13 * 3 * 2 + 3 + 3 + 3 + 3 + 3 + 16 * 3);
}

/* The three notices that say what is being done carry the agent's line
 * and the next contact in every language and channel. */
static void progress_notices_say_what_is_done_and_when_we_call_again(void **state)
{
	(void)state;
	static const char *const kinds[] = {"progress", "department_asked", "plan_proposed"};
	static const char *const channels[] = {"email", "sms"};
	static const char *const said[] = {"我们正在核实物流；我们将在 2026-12-04 18:00 前再联系您。",
					   "我們正在核实物流；我們將在 2026-12-04 18:00 前再與您聯繫。",
					   "e are 核实物流; we will contact you again by 2026-12-04 18:00."};
	struct ch_vars v = {.tracking_no = "KS2612020001", .progress = "核实物流",
			    .next_contact = "2026-12-04 18:00", .reason = "换新"};
	for (size_t k = 0; k < 3; k++)
		for (int l = 0; ch_languages[l]; l++)
			for (int c = 0; c < 2; c++) {
				const struct ch_template *t =
					ch_template_builtin(kinds[k], ch_languages[l], channels[c]);
				assert_non_null(t);
				const char *body = ch_render(t->body, &v, NULL, A);
				assert_non_null(strstr(body, said[l]));
			}
}

/* A buyer who agreed to change a review is told the steps of the platform
 * the review is on, in the buyer's language; a platform kesu does not
 * know gets the general steps. */
static void review_messages_give_the_steps_of_the_platform(void **state)
{
	(void)state;
	const char *kind = ch_review_template_kind("review_change", "jd", A);
	assert_string_equal(kind, "review_change_jd");
	const struct ch_template *t = ch_template_builtin(kind, "zh-TW", "sms");
	assert_non_null(t);
	struct ch_vars v = {.buyer = "小明***", .order_ref = "E2026120100123",
			    .platform = ch_review_platform_name("jd", "zh-TW"),
			    .link = "https://club.jd.com/r/100012043978"};
	const char *body = ch_render(t->body, &v, NULL, A);
	assert_non_null(strstr(body, "小明***您好"));
	assert_non_null(strstr(body, "京東"));
	assert_non_null(strstr(body, "打開京東App →「我的」→「評價曬單」→「已評價」→ 找到訂單 E2026120100123 →「修改評價」"));
	assert_non_null(strstr(body, "感謝"));
	assert_non_null(strstr(body, "https://club.jd.com/r/100012043978"));

	assert_string_equal(ch_review_template_kind("review_change", "xiaohongshu", A),
			    "review_change_other");
	assert_string_equal(ch_review_template_kind("review_reminder", NULL, A),
			    "review_reminder_other");
	assert_string_equal(ch_review_platform_name("xiaohongshu", "zh-CN"), "其他平台");
	assert_string_equal(ch_review_platform_name("dianping", "en"), "Dianping");
	t = ch_template_builtin(ch_review_template_kind("review_change", "xiaohongshu", A), "zh-TW",
				"sms");
	assert_non_null(t);
	body = ch_render(t->body, &v, NULL, A);
	assert_non_null(strstr(body, "在您下單的平台打開訂單 E2026120100123"));
	assert_null(strstr(body, "京東"));

	/* every platform in every language: both messages, by SMS only; with
	 * a signature and a long link they fit the gateway's 300 characters;
	 * a reminder says it is one and goes back over nothing */
	static const char *const platforms[] = {"taobao", "tmall", "jd", "pinduoduo", "meituan",
						"dianping", "douyin", "other"};
	static const char *const gentle[] = {"温馨提醒", "溫馨提醒", "gentle reminder"};
	for (size_t p = 0; p < sizeof platforms / sizeof platforms[0]; p++)
		for (int l = 0; ch_languages[l]; l++)
			for (int r = 0; r < 2; r++) {
				const char *k = ch_review_template_kind(
					r ? "review_reminder" : "review_change", platforms[p], A);
				assert_null(ch_template_builtin(k, ch_languages[l], "email"));
				t = ch_template_builtin(k, ch_languages[l], "sms");
				assert_non_null(t);
				struct ch_vars w = {
					.buyer = "一只快乐的小猫咪***", .order_ref = "E2026120100123",
					.platform = ch_review_platform_name(platforms[p], ch_languages[l]),
					.link = "https://rate.taobao.com/detail.htm?id=6543210987654321"};
				const char *text = ch_render(t->body, &w, NULL, A);
				assert_true(text_utf8_length(text) + 6 <= 300);
				assert_non_null(strstr(text, "E2026120100123"));
				if (r) {
					assert_non_null(strstr(text, gentle[l]));
					assert_null(strstr(text, "问题"));
					assert_null(strstr(text, "問題"));
					assert_null(strstr(text, "problem"));
				}
			}
	assert_true(ch_notice_kind("review_change") && ch_notice_kind("review_reminder"));
	assert_true(ch_notice_kind("acknowledged"));
	assert_false(ch_notice_kind("review_change_jd") || ch_notice_kind("review_reminder_other"));
	assert_false(ch_review_notice("acknowledged"));
}

static void no_value_can_add_a_header(void **state)
{
	(void)state;
	struct kesu_err err = {0};
	struct ch_mail m = {.from = "客服 <service@shop.example>",
			    .to_addr = "zs@example.com",
			    .to_name = "张三\r\nBcc: evil@example.com",
			    .subject = "处理结果\r\nBcc: evil@example.com\r\n\r\nbody",
			    .text = "您好\n",
			    .message_id = "ks.1.2.0123456789abcdef@shop.example",
			    .tracking_no = "KS2612020001\r\nX-Evil: 1",
			    .date_ms = 1796149583000};
	size_t len;
	char *msg = ch_mail_build(&m, &len, &err);
	assert_non_null(msg);
	char *body = strstr(msg, "\r\n\r\n");
	assert_non_null(body);
	*body = '\0';
	/* every header line starts a known header or continues one */
	for (char *line = msg; line; line = strstr(line, "\r\n") ? strstr(line, "\r\n") + 2 : NULL) {
		assert_false(strncmp(line, "Bcc:", 4) == 0);
		assert_false(strncmp(line, "X-Evil:", 7) == 0);
	}
	assert_non_null(strstr(msg, "Subject: =?"));
	assert_non_null(strstr(msg, "Auto-Submitted: auto-generated"));
	assert_non_null(strstr(msg, "Message-Id: <ks.1.2.0123456789abcdef@shop.example>"));
	free(msg);
	m.to_addr = "a@example.com\r\nBcc: evil@example.com";
	assert_null(ch_mail_build(&m, &len, &err));
	m.to_addr = "two@at@example.com";
	assert_null(ch_mail_build(&m, &len, &err));
}

static void message_ids_are_signed(void **state)
{
	(void)state;
	unsigned char key[SECRET_KEY_LEN], other[SECRET_KEY_LEN];
	memset(key, 7, sizeof key);
	memset(other, 8, sizeof other);
	char id[200];
	ch_msgid_make(key, 42, 812, "shop.example", id, sizeof id);
	assert_int_equal(ch_msgid_complaint(key, id), 42);
	assert_int_equal(ch_msgid_complaint(other, id), 0);
	/* another complaint's number with this mac does not pass */
	char forged[200];
	snprintf(forged, sizeof forged, "ks.43%s", id + 5);
	assert_int_equal(ch_msgid_complaint(key, forged), 0);
	assert_int_equal(ch_msgid_complaint(key, "abc@example.com"), 0);
	assert_int_equal(ch_msgid_complaint(key, NULL), 0);
}

static void webhook_signature_is_hmac_sha256_of_timestamp_and_body(void **state)
{
	(void)state;
	char sig[80];
	ch_webhook_sign("whsec_test", 1700000000LL, "{\"a\":1}", sig);
	/* computed independently: python3 hmac.new(key, b'1700000000.{"a":1}', sha256) */
	assert_string_equal(sig, "v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
}

static void robot_signatures_are_as_each_platform_documents(void **state)
{
	(void)state;
	char sig[64];
	/* 钉钉: HMAC-SHA256 of "<ms>\n<secret>" under the secret; computed
	 * independently with python3 hmac and base64 */
	ch_robot_sign(CH_DINGTALK, "SECd1e2f3a4b5c6d7e8f9", 1700000000123LL, sig);
	assert_string_equal(sig, "JCnNk+YhwG+bO+Jzlkv7i0PtDCALkuNqXOpGkoaHjTw=");
	/* 飞书: HMAC-SHA256 of the empty message under "<s>\n<secret>" */
	ch_robot_sign(CH_FEISHU, "feishu-sign-q8w7e6r5", 1700000000LL, sig);
	assert_string_equal(sig, "yuOljeodnE+c6z+7Zxw53+bi8VlIiIZq1muLZeN8RUM=");
}

/* 阿里云 signature V3: the worked example of its documentation (ECS
 * RunInstances, POST, empty body), then a SendSms with Chinese text whose
 * signature tests/integration/sms_fakes.py computes independently. */
static void aliyun_acs3_signature_is_as_documented(void **state)
{
	(void)state;
	const char *const n1[] = {"RegionId", "ImageId"};
	const char *const v1[] = {"cn-shanghai", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"};
	struct ch_acs3 q = {.host = "ecs.cn-shanghai.aliyuncs.com",
			    .action = "RunInstances",
			    .version = "2014-05-26",
			    .date = "2023-10-26T10:22:32Z",
			    .nonce = "3156853299f313e23d1673dc12e1703d",
			    .query = ch_acs3_query(n1, v1, 2, A)};
	assert_string_equal(q.query, "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"
				     "&RegionId=cn-shanghai");
	assert_string_equal(
		ch_acs3_authorization(&q, "YourAccessKeyId", "YourAccessKeySecret", A),
		"ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
		"x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
		"Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");

	const char *text = "您的投诉已收到，编号 KS2612070001。我们将在 24 小时内联系您 & 回复 T 退订";
	json_t *tp = json_pack("{s:s}", "content", text);
	char *param = json_dumps(tp, JSON_COMPACT);
	json_decref(tp);
	const char *const n2[] = {"PhoneNumbers", "SignName", "TemplateCode", "TemplateParam", "OutId"};
	const char *const v2[] = {"13900007788", "某某商城", "SMS_465010203", param, "42"};
	q = (struct ch_acs3){.host = "dysmsapi.aliyuncs.com",
			     .action = "SendSms",
			     .version = "2017-05-25",
			     .date = "2026-12-07T02:03:04Z",
			     .nonce = "0123456789abcdef0123456789abcdef",
			     .query = ch_acs3_query(n2, v2, 5, A)};
	free(param);
	/* RFC 3986: a space is %20, & inside a value %26, UTF-8 byte by byte */
	assert_string_equal(
		q.query,
		"OutId=42&PhoneNumbers=13900007788&SignName=%E6%9F%90%E6%9F%90%E5%95%86%E5%9F%8E"
		"&TemplateCode=SMS_465010203&TemplateParam=%7B%22content%22%3A%22%E6%82%A8%E7%9A%84"
		"%E6%8A%95%E8%AF%89%E5%B7%B2%E6%94%B6%E5%88%B0%EF%BC%8C%E7%BC%96%E5%8F%B7%20"
		"KS2612070001%E3%80%82%E6%88%91%E4%BB%AC%E5%B0%86%E5%9C%A8%2024%20%E5%B0%8F%E6%97"
		"%B6%E5%86%85%E8%81%94%E7%B3%BB%E6%82%A8%20%26%20%E5%9B%9E%E5%A4%8D%20T%20%E9%80%80"
		"%E8%AE%A2%22%7D");
	const char *auth = ch_acs3_authorization(&q, "LTAI5tTestKeyId", "testsecret-aliyun", A);
	assert_non_null(strstr(auth, "Credential=LTAI5tTestKeyId,"));
	assert_non_null(strstr(
		auth, ",Signature=b844ab79aac34fa7c3ac8212f2519b32dc3644052aac4bd039941d3d8ddf0486"));
	const char *const n3[] = {"a", "b"};
	const char *const v3[] = {"x*y~z+", NULL};
	assert_string_equal(ch_acs3_query(n3, v3, 2, A), "a=x%2Ay~z%2B&b=");
}

/* 腾讯云 TC3-HMAC-SHA256: the worked example of signature v3 (CVM
 * DescribeInstances at 1551113065, the documentation's step 3 key), then
 * a SendSms with Chinese text whose signature tests/integration/
 * sms_fakes.py computes independently. */
static void tencent_tc3_signature_is_as_documented(void **state)
{
	(void)state;
	const char *payload = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], "
			      "\"Name\": \"instance-name\"}]}";
	char hex[65];
	ch_sha256_hex(payload, strlen(payload), hex);
	assert_string_equal(hex, "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
	assert_string_equal(
		ch_tc3_authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
				     "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", "cvm.tencentcloudapi.com",
				     "application/json; charset=utf-8", 1551113065LL, payload, A),
		"TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/"
		"tc3_request, SignedHeaders=content-type;host, "
		"Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");

	json_t *body = json_pack("{s:[s],s:s,s:s,s:s,s:[s],s:s}", "PhoneNumberSet", "+8613900007788",
				 "SmsSdkAppId", "1400006666", "SignName", "某某商城", "TemplateId",
				 "1234567", "TemplateParamSet",
				 "您的投诉已收到，编号 KS2612070001。我们将在 24 小时内联系您 & 回复 T 退订",
				 "SessionContext", "42");
	char *sms = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	assert_string_equal(
		sms, "{\"PhoneNumberSet\":[\"+8613900007788\"],\"SmsSdkAppId\":\"1400006666\","
		     "\"SignName\":\"某某商城\",\"TemplateId\":\"1234567\",\"TemplateParamSet\":"
		     "[\"您的投诉已收到，编号 KS2612070001。我们将在 24 小时内联系您 & 回复 T 退订\"],"
		     "\"SessionContext\":\"42\"}");
	/* 1796608984 is 2026-12-07T02:03:04Z */
	assert_string_equal(
		ch_tc3_authorization("AKIDTestSecretId", "testsecret-tencent", "sms",
				     "sms.tencentcloudapi.com", "application/json; charset=utf-8",
				     1796608984LL, sms, A),
		"TC3-HMAC-SHA256 Credential=AKIDTestSecretId/2026-12-07/sms/tc3_request, "
		"SignedHeaders=content-type;host, "
		"Signature=a38183f5aca74f6f036a8f7c2467952c705b124b8687ad485697e6f4547ff26c");
	free(sms);
}

static void sms_providers_hosts_and_final_codes(void **state)
{
	(void)state;
	assert_string_equal(ch_endpoint_host("https://SMS.TencentCloudAPI.com", A),
			    "sms.tencentcloudapi.com");
	assert_string_equal(ch_endpoint_host("https://dysmsapi.aliyuncs.com:443/", A),
			    "dysmsapi.aliyuncs.com");
	assert_string_equal(ch_endpoint_host("http://127.0.0.1:8089", A), "127.0.0.1:8089");
	assert_string_equal(ch_endpoint_host("http://127.0.0.1:80", A), "127.0.0.1");
	static const char *const codes[] = {"InvalidParameterValue.", "isv.MOBILE_NUMBER_ILLEGAL",
					    NULL};
	assert_true(ch_code_in("InvalidParameterValue.IncorrectPhoneNumber", codes));
	assert_true(ch_code_in("isv.MOBILE_NUMBER_ILLEGAL", codes));
	assert_false(ch_code_in("isv.MOBILE_NUMBER_ILLEGAL2", codes));
	assert_false(ch_code_in("AuthFailure.SignatureFailure", codes));
	assert_false(ch_code_in(NULL, codes));
}

static void the_language_of_a_text(void **state)
{
	(void)state;
	assert_string_equal(text_guess_language("My order has not arrived after two weeks."), "en");
	assert_string_equal(text_guess_language("我的订单两周了还没有到，请尽快处理。"), "zh-CN");
	assert_string_equal(text_guess_language("我的訂單兩週了還沒有到，請盡快處理。"), "zh-TW");
	/* an order number in a Chinese sentence does not make it English */
	assert_string_equal(text_guess_language("订单 JD123 还没到"), "zh-CN");
	assert_string_equal(text_guess_language("The 快递 never came, please refund me."), "en");
	assert_string_equal(text_guess_language(""), "zh-CN"); /* the default */
}

static void file_names_are_made_safe(void **state)
{
	(void)state;
	assert_string_equal(intake_filename("../../etc/passwd", A), "passwd");
	assert_string_equal(intake_filename("C:\\Users\\王\\发票.pdf", A), "发票.pdf");
	assert_string_equal(intake_filename("a<b>c:d\"e|f?g*h.txt", A), "a_b_c_d_e_f_g_h.txt");
	assert_string_equal(intake_filename(".hidden", A), "hidden");
	assert_string_equal(intake_filename("...", A), "attachment");
	assert_string_equal(intake_filename(NULL, A), "attachment");
	assert_string_equal(intake_filename("bad\xff\xfe.bin", A), "bad__.bin");
	assert_string_equal(intake_filename("line\r\nbreak.txt", A), "line__break.txt");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(placeholders_are_filled_and_braces_kept),
		cmocka_unit_test(template_check_names_the_problem),
		cmocka_unit_test(every_builtin_template_is_valid),
		cmocka_unit_test(no_value_can_add_a_header),
		cmocka_unit_test(message_ids_are_signed),
		cmocka_unit_test(webhook_signature_is_hmac_sha256_of_timestamp_and_body),
		cmocka_unit_test(robot_signatures_are_as_each_platform_documents),
		cmocka_unit_test(aliyun_acs3_signature_is_as_documented),
		cmocka_unit_test(tencent_tc3_signature_is_as_documented),
		cmocka_unit_test(sms_providers_hosts_and_final_codes),
		cmocka_unit_test(the_language_of_a_text),
		cmocka_unit_test(progress_notices_say_what_is_done_and_when_we_call_again),
		cmocka_unit_test(review_messages_give_the_steps_of_the_platform),
		cmocka_unit_test(file_names_are_made_safe),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
