/*
 * sms_aliyun.c - SMS through 阿里云短信服务 (Alibaba Cloud SMS): one call
 * of SendSms (API version 2017-05-25) to dysmsapi.aliyuncs.com, signed
 * with Alibaba Cloud's signature V3, ACS3-HMAC-SHA256:
 *
 *   CanonicalRequest = "POST\n/\n" CanonicalQueryString "\n"
 *                      CanonicalHeaders "\n" SignedHeaders "\n"
 *                      hex(SHA256(body))
 *   Authorization    = "ACS3-HMAC-SHA256 Credential=" AccessKeyId
 *                      ",SignedHeaders=" SignedHeaders
 *                      ",Signature=" hex(HMAC-SHA256(AccessKeySecret,
 *                          "ACS3-HMAC-SHA256\n" hex(SHA256(CanonicalRequest))))
 *
 * The parameters (PhoneNumbers, SignName, TemplateCode, TemplateParam,
 * OutId) go in the query string, sorted and RFC 3986 encoded exactly as
 * signed; the body is empty. The signed headers are host and the five
 * x-acs- ones. Success is the reply's Code "OK"; a Code saying the
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

#define ACS3 "ACS3-HMAC-SHA256"
#define SIGNED_HEADERS "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
/* SHA-256 of the empty body */
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* Codes no retry can help: the number, template, sign name or text must
 * change first (the API's error code list). */
static const char *const final_codes[] = {
	"isv.MOBILE_NUMBER_ILLEGAL",	 "isv.MOBILE_COUNT_OVER_LIMIT",
	"isv.DOMESTIC_NUMBER_NOT_SUPPORTED", "isv.SMS_TEMPLATE_ILLEGAL",
	"isv.TEMPLATE_MISSING_PARAMETERS", "isv.TEMPLATE_PARAMS_ILLEGAL",
	"isv.INVALID_PARAMETERS",	 "isv.INVALID_JSON_PARAM",
	"isv.PARAM_LENGTH_LIMIT",	 "isv.PARAM_NOT_SUPPORT_URL",
	"isv.SMS_SIGNATURE_ILLEGAL",	 "isv.SMS_SIGN_ILLEGAL",
	"isv.SIGN_STATE_ILLEGAL",	 "isv.SMS_SIGNATURE_SCENE_ILLEGAL",
	"isv.SMS_CONTENT_ILLEGAL",	 "isv.BLACK_KEY_CONTROL_LIMIT",
	NULL};

/* RFC 3986: only letters, digits and -_.~ stay as they are. */
static char *pct(const char *s, struct arena *a)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *o = arena_alloc(a, 3 * n + 1), *q = o;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p)) {
			*q++ = (char)*p;
		} else {
			*q++ = '%';
			*q++ = hex[*p >> 4];
			*q++ = hex[*p & 15];
		}
	}
	*q = '\0';
	return o;
}

const char *ch_acs3_query(const char *const *names, const char *const *values, int n,
			  struct arena *a)
{
	int *order = arena_alloc(a, sizeof *order * (size_t)(n > 0 ? n : 1));
	size_t cap = 1;
	for (int i = 0; i < n; i++) {
		/* a handful of names: an insertion sort, by bytes */
		int j = i;
		while (j > 0 && strcmp(names[order[j - 1]], names[i]) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	const char **parts = arena_alloc(a, sizeof *parts * (size_t)(n > 0 ? n : 1));
	for (int i = 0; i < n; i++) {
		parts[i] = arena_printf(a, "%s=%s", pct(names[order[i]], a),
					pct(values[order[i]] ? values[order[i]] : "", a));
		cap += strlen(parts[i]) + 1;
	}
	char *q = arena_alloc(a, cap), *p = q;
	*p = '\0';
	for (int i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? "&" : "", parts[i]);
	return q;
}

const char *ch_acs3_authorization(const struct ch_acs3 *q, const char *key_id,
				  const char *secret, struct arena *a)
{
	const char *canonical = arena_printf(
		a,
		"POST\n/\n%s\n"
		"host:%s\nx-acs-action:%s\nx-acs-content-sha256:%s\nx-acs-date:%s\n"
		"x-acs-signature-nonce:%s\nx-acs-version:%s\n\n%s\n%s",
		q->query, q->host, q->action, EMPTY_SHA256, q->date, q->nonce, q->version,
		SIGNED_HEADERS, EMPTY_SHA256);
	char hashed[65], sig[65];
	ch_sha256_hex(canonical, strlen(canonical), hashed);
	unsigned char mac[32];
	ch_hmac_sha256(secret, strlen(secret), arena_printf(a, ACS3 "\n%s", hashed), mac);
	sodium_bin2hex(sig, sizeof sig, mac, sizeof mac);
	return arena_printf(a, ACS3 " Credential=%s,SignedHeaders=" SIGNED_HEADERS ",Signature=%s",
			    key_id, sig);
}

/* The endpoint of region: mainland regions share dysmsapi.aliyuncs.com,
 * the others have their own. */
static const char *endpoint_of(const struct ch_sms_cloud *p, struct arena *a)
{
	if (p->endpoint)
		return p->endpoint;
	if (!p->region || strncmp(p->region, "cn-", 3) == 0)
		return "https://dysmsapi.aliyuncs.com";
	return arena_printf(a, "https://dysmsapi.%s.aliyuncs.com", p->region);
}

void ch_sms_aliyun_send(CURL *h, const struct ch_sms *cfg, const struct ch_sms_vars *v,
			struct arena *a, struct ch_result *r)
{
	const struct ch_sms_cloud *p = &cfg->aliyun;
	const char *secret = ch_sms_secret(v, p->secret);
	if (!secret) {
		/* set it and the delivery goes at its next attempt */
		snprintf(r->error, sizeof r->error, "the secret %s is not set", p->secret);
		return;
	}
	json_t *tp = json_pack("{s:s}", p->param, v->text);
	char *param = json_dumps(tp, JSON_COMPACT);
	json_decref(tp);
	/* the mainland's numbers without +86, the others' with their
	 * country code and no + (v->phone is both) */
	const char *const names[] = {"PhoneNumbers", "SignName", "TemplateCode", "TemplateParam",
				     "OutId"};
	const char *const values[] = {v->phone, p->sign_name, p->template, param, v->delivery_id};
	const char *query = ch_acs3_query(names, values, 5, a);
	free(param);
	const char *endpoint = endpoint_of(p, a);
	size_t elen = strlen(endpoint);
	/* the provider's clock, not kesu's (which tests may move) */
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char date[32], nonce[33];
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	unsigned char rnd[16];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(nonce, sizeof nonce, rnd, sizeof rnd);
	struct ch_acs3 q = {.host = ch_endpoint_host(endpoint, a),
			    .action = "SendSms",
			    .version = "2017-05-25",
			    .date = date,
			    .nonce = nonce,
			    .query = query};
	const char *auth = ch_acs3_authorization(&q, p->key_id, secret, a);
	struct curl_slist *hdrs = NULL;
	hdrs = curl_slist_append(hdrs, arena_printf(a, "Host: %s", q.host));
	hdrs = curl_slist_append(hdrs, "x-acs-action: SendSms");
	hdrs = curl_slist_append(hdrs, "x-acs-version: 2017-05-25");
	hdrs = curl_slist_append(hdrs, arena_printf(a, "x-acs-date: %s", date));
	hdrs = curl_slist_append(hdrs, arena_printf(a, "x-acs-signature-nonce: %s", nonce));
	hdrs = curl_slist_append(hdrs, "x-acs-content-sha256: " EMPTY_SHA256);
	hdrs = curl_slist_append(hdrs, arena_printf(a, "Authorization: %s", auth));
	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	/* no body, so no Content-Type: none is signed */
	hdrs = curl_slist_append(hdrs, "Content-Type:");
	char reply[4096];
	long status;
	int base = (int)(endpoint[elen - 1] == '/' ? elen - 1 : elen);
	CURLcode rc = ch_sms_post(h, arena_printf(a, "%.*s/?%s", base, endpoint, query), hdrs, "",
				  cfg->timeout_s, reply, sizeof reply, &status);
	curl_slist_free_all(hdrs);
	if (rc != CURLE_OK) {
		snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(rc));
		return;
	}
	json_t *j = json_loads(reply, 0, NULL);
	const char *code = json_string_value(json_object_get(j, "Code"));
	const char *msg = json_string_value(json_object_get(j, "Message"));
	const char *biz = json_string_value(json_object_get(j, "BizId"));
	if (status >= 200 && status <= 299 && code && strcmp(code, "OK") == 0) {
		r->ok = 1;
		snprintf(r->reply, sizeof r->reply, "HTTP %ld, Code OK, BizId %.100s", status,
			 biz ? biz : "");
	} else if (code) {
		r->permanent = ch_code_in(code, final_codes);
		snprintf(r->error, sizeof r->error, "aliyun: HTTP %ld %.60s: %s", status, code,
			 text_cut(ch_one_line(msg ? msg : "", a), 60, "…", a));
	} else {
		snprintf(r->error, sizeof r->error, "aliyun: HTTP %ld, no Code: %s", status,
			 text_cut(ch_one_line(reply, a), 60, "…", a));
	}
	json_decref(j);
}
