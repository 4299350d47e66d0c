/*
 * sms_tencent.c - SMS through 腾讯云短信 (Tencent Cloud SMS): one call of
 * SendSms (API version 2021-01-11) to sms.tencentcloudapi.com, signed
 * with TencentCloud API's signature v3, TC3-HMAC-SHA256:
 *
 *   CanonicalRequest = "POST\n/\n\n" "content-type:" type "\nhost:" host
 *                      "\n\ncontent-type;host\n" hex(SHA256(payload))
 *   StringToSign     = "TC3-HMAC-SHA256\n" timestamp "\n" date "/sms/tc3_request\n"
 *                      hex(SHA256(CanonicalRequest))
 *   key              = HMAC(HMAC(HMAC("TC3" SecretKey, date), "sms"), "tc3_request")
 *   Authorization    = "TC3-HMAC-SHA256 Credential=" SecretId "/" date
 *                      "/sms/tc3_request, SignedHeaders=content-type;host,
 *                      Signature=" hex(HMAC(key, StringToSign))
 *
 * with date the UTC day of the timestamp, and X-TC-Action, X-TC-Version,
 * X-TC-Timestamp and X-TC-Region beside it. Success is an answer without
 * Response.Error whose SendStatusSet[0].Code is "Ok"; a code saying the
 * number, the template, the sign name or the text is wrong is final, any
 * other (a signature refused, a rate limit, an outage) is tried again.
 */
#include "channels_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../text/text.h"

#define TC3 "TC3-HMAC-SHA256"
#define CONTENT_TYPE "application/json; charset=utf-8"

/* Codes no retry can help (the API's error code list). */
static const char *const final_codes[] = {
	"InvalidParameterValue.",
	"FailedOperation.TemplateIncorrectOrUnapproved",
	"FailedOperation.SignatureIncorrectOrUnapproved",
	"FailedOperation.PhoneNumberInBlacklist",
	"FailedOperation.PhoneNumberParseFail",
	"FailedOperation.ContainSensitiveWord",
	"UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber",
	"UnsupportedOperation.UnsupportedRegion",
	NULL};

const char *ch_tc3_authorization(const char *secret_id, const char *secret_key,
				 const char *service, const char *host, const char *content_type,
				 long long ts, const char *payload, struct arena *a)
{
	time_t t = (time_t)ts;
	struct tm tm;
	gmtime_r(&t, &tm);
	char date[16], hashed[65], sig[65];
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	ch_sha256_hex(payload, strlen(payload), hashed);
	const char *canonical = arena_printf(a,
					     "POST\n/\n\ncontent-type:%s\nhost:%s\n\n"
					     "content-type;host\n%s",
					     content_type, host, hashed);
	ch_sha256_hex(canonical, strlen(canonical), hashed);
	const char *scope = arena_printf(a, "%s/%s/tc3_request", date, service);
	const char *to_sign = arena_printf(a, TC3 "\n%lld\n%s\n%s", ts, scope, hashed);
	size_t n = strlen(secret_key) + 4;
	char *k0 = malloc(n);
	snprintf(k0, n, "TC3%s", secret_key);
	unsigned char k1[32], k2[32], k3[32], mac[32];
	ch_hmac_sha256(k0, n - 1, date, k1);
	ch_hmac_sha256(k1, sizeof k1, service, k2);
	ch_hmac_sha256(k2, sizeof k2, "tc3_request", k3);
	ch_hmac_sha256(k3, sizeof k3, to_sign, mac);
	sodium_memzero(k0, n);
	sodium_memzero(k1, sizeof k1);
	sodium_memzero(k2, sizeof k2);
	sodium_memzero(k3, sizeof k3);
	free(k0);
	sodium_bin2hex(sig, sizeof sig, mac, sizeof mac);
	return arena_printf(a, TC3 " Credential=%s/%s, SignedHeaders=content-type;host, Signature=%s",
			    secret_id, scope, sig);
}

void ch_sms_tencent_send(CURL *h, const struct ch_sms *cfg, const struct ch_sms_vars *v,
			 struct arena *a, struct ch_result *r)
{
	const struct ch_sms_cloud *p = &cfg->tencent;
	const char *secret = ch_sms_secret(v, p->secret);
	if (!secret) {
		/* set it and the delivery goes at its next attempt */
		snprintf(r->error, sizeof r->error, "the secret %s is not set", p->secret);
		return;
	}
	/* E.164: +8613900007788 */
	json_t *body = json_pack("{s:[s],s:s,s:s,s:s,s:[s],s:s}", "PhoneNumberSet", v->phone_e164,
				 "SmsSdkAppId", p->app_id, "SignName", p->sign_name, "TemplateId",
				 p->template, "TemplateParamSet", v->text, "SessionContext",
				 v->delivery_id);
	char *payload = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	const char *endpoint = p->endpoint ? p->endpoint : "https://sms.tencentcloudapi.com";
	const char *host = ch_endpoint_host(endpoint, a);
	/* the provider's clock, not kesu's (which tests may move) */
	long long ts = (long long)time(NULL);
	const char *auth = ch_tc3_authorization(p->key_id, secret, "sms", host, CONTENT_TYPE, ts,
						payload, a);
	struct curl_slist *hdrs = NULL;
	hdrs = curl_slist_append(hdrs, arena_printf(a, "Authorization: %s", auth));
	hdrs = curl_slist_append(hdrs, "Content-Type: " CONTENT_TYPE);
	hdrs = curl_slist_append(hdrs, arena_printf(a, "Host: %s", host));
	hdrs = curl_slist_append(hdrs, "X-TC-Action: SendSms");
	hdrs = curl_slist_append(hdrs, "X-TC-Version: 2021-01-11");
	hdrs = curl_slist_append(hdrs, arena_printf(a, "X-TC-Timestamp: %lld", ts));
	hdrs = curl_slist_append(hdrs, arena_printf(a, "X-TC-Region: %s", p->region));
	char reply[4096];
	long status;
	CURLcode rc = ch_sms_post(h, endpoint, hdrs, payload, cfg->timeout_s, reply, sizeof reply,
				  &status);
	curl_slist_free_all(hdrs);
	free(payload);
	if (rc != CURLE_OK) {
		snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(rc));
		return;
	}
	json_t *j = json_loads(reply, 0, NULL);
	json_t *resp = json_object_get(j, "Response");
	json_t *err = json_object_get(resp, "Error");
	json_t *st = json_array_get(json_object_get(resp, "SendStatusSet"), 0);
	json_t *from = err ? err : st;
	const char *code = json_string_value(json_object_get(from, "Code"));
	const char *msg = json_string_value(json_object_get(from, "Message"));
	if (status >= 200 && status <= 299 && !err && code && strcmp(code, "Ok") == 0) {
		const char *serial = json_string_value(json_object_get(st, "SerialNo"));
		r->ok = 1;
		snprintf(r->reply, sizeof r->reply, "HTTP %ld, Code Ok, SerialNo %.100s", status,
			 serial ? serial : "");
	} else if (code) {
		r->permanent = ch_code_in(code, final_codes);
		snprintf(r->error, sizeof r->error, "tencent: HTTP %ld %.60s: %s", status, code,
			 text_cut(ch_one_line(msg ? msg : "", a), 60, "…", a));
	} else {
		snprintf(r->error, sizeof r->error, "tencent: HTTP %ld, no Code: %s", status,
			 text_cut(ch_one_line(reply, a), 60, "…", a));
	}
	json_decref(j);
}
