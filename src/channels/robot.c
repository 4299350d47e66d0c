/*
 * robot.c - one message to a team chat group robot, as each platform
 * documents it:
 *   企业微信 (wecom): POST {"msgtype":"text","text":{"content":...}} to the
 *     URL with the robot's key; no signature (the key is the credential);
 *   钉钉 (dingtalk): the same body; with 加签, timestamp (ms) and sign =
 *     URL-encoded base64(HMAC-SHA256(key secret, timestamp "\n" secret))
 *     in the query string;
 *   飞书 (feishu): {"msg_type":"text","content":{"text":...}}; with 签名校验,
 *     "timestamp" (s) and "sign" = base64(HMAC-SHA256(key timestamp "\n"
 *     secret, empty message)) in the body.
 * Each answers 200 with a JSON code (errcode / code) that is 0 on success;
 * any other code (a signature refused, a rate limit) is tried again.
 */
#include "channels_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hmac_b64(const char *key, const char *msg, char out[64])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, 64, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(&st, sizeof st);
}

void ch_robot_sign(int platform, const char *secret, long long ts, char out[64])
{
	size_t n = strlen(secret) + 32;
	char *buf = malloc(n);
	snprintf(buf, n, "%lld\n%s", ts, secret);
	if (platform == CH_DINGTALK)
		hmac_b64(secret, buf, out);
	else
		hmac_b64(buf, "", out);
	sodium_memzero(buf, n);
	free(buf);
}

struct reply {
	char data[2048];
	size_t len;
};

static size_t keep(char *p, size_t size, size_t n, void *arg)
{
	struct reply *b = arg;
	size_t got = size * n, room = sizeof b->data - 1 - b->len;
	memcpy(b->data + b->len, p, got < room ? got : room);
	b->len += got < room ? got : room;
	b->data[b->len] = '\0';
	return got;
}

void ch_robot_send(CURL *h, const struct ch_robot_msg *m, int timeout_s, int64_t now_ms,
		   struct arena *a, struct ch_result *r)
{
	memset(r, 0, sizeof *r);
	const char *url = m->url;
	json_t *body;
	if (m->platform == CH_FEISHU) {
		body = json_pack("{s:s,s:{s:s}}", "msg_type", "text", "content", "text", m->text);
		if (m->sign_secret) {
			long long ts = (long long)(now_ms / 1000);
			char sig[64], tsbuf[24];
			ch_robot_sign(CH_FEISHU, m->sign_secret, ts, sig);
			snprintf(tsbuf, sizeof tsbuf, "%lld", ts);
			json_object_set_new(body, "timestamp", json_string(tsbuf));
			json_object_set_new(body, "sign", json_string(sig));
		}
	} else {
		body = json_pack("{s:s,s:{s:s}}", "msgtype", "text", "text", "content", m->text);
		if (m->platform == CH_DINGTALK && m->sign_secret) {
			long long ts = (long long)now_ms;
			char sig[64];
			ch_robot_sign(CH_DINGTALK, m->sign_secret, ts, sig);
			char *esc = curl_easy_escape(NULL, sig, 0);
			url = arena_printf(a, "%s%ctimestamp=%lld&sign=%s", url,
					   strchr(url, '?') ? '&' : '?', ts, esc ? esc : "");
			curl_free(esc);
		}
	}
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	struct reply rep = {0};
	struct curl_slist *hdrs =
		curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	ch_http_setup(h, url, timeout_s, "kesu-robot", hdrs);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, text);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &rep);
	CURLcode rc = curl_easy_perform(h);
	long status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdrs);
	free(text);
	/* no error names the URL: it holds the robot's key */
	if (rc != CURLE_OK) {
		snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(rc));
		return;
	}
	if (status < 200 || status > 299) {
		r->permanent = status >= 400 && status < 500 && status != 408 && status != 429;
		snprintf(r->error, sizeof r->error, "HTTP %ld from the robot", status);
		return;
	}
	json_t *j = json_loads(rep.data, 0, NULL);
	/* 飞书's older robots answer StatusCode, newer ones code */
	json_t *code = json_object_get(j, m->platform == CH_FEISHU ? "code" : "errcode");
	if (!code && m->platform == CH_FEISHU)
		code = json_object_get(j, "StatusCode");
	const char *msg = json_string_value(json_object_get(j, m->platform == CH_FEISHU ? "msg" : "errmsg"));
	if (!json_is_integer(code)) {
		snprintf(r->error, sizeof r->error, "the robot's answer has no %s",
			 m->platform == CH_FEISHU ? "code" : "errcode");
	} else if (json_integer_value(code) != 0) {
		snprintf(r->error, sizeof r->error, "the robot refused: %lld %.120s",
			 (long long)json_integer_value(code), msg ? msg : "");
	} else {
		r->ok = 1;
		snprintf(r->reply, sizeof r->reply, "HTTP %ld, code 0", status);
	}
	json_decref(j);
}
