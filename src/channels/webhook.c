/*
 * webhook.c - one signed POST of a notice to a webhook. The receiver
 * checks X-Kesu-Signature (HMAC-SHA256 of "timestamp.body" under the
 * webhook's secret) and refuses a timestamp far from its clock, so a
 * captured request cannot be replayed later; X-Kesu-Delivery lets it drop
 * a repeat (delivery is at least once).
 */
#include "channels_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void ch_webhook_sign(const char *secret, long long ts, const char *body, char out[80])
{
	char prefix[32];
	int n = snprintf(prefix, sizeof prefix, "%lld.", ts);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	/* libsodium's HMAC takes a key of any length */
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)prefix, (size_t)n);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "v1=", 3);
	sodium_bin2hex(out + 3, 80 - 3, mac, sizeof mac);
}

void ch_http_setup(CURL *h, const char *url, int timeout_s, const char *agent,
		   struct curl_slist *hdrs)
{
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)timeout_s);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(timeout_s < 10 ? timeout_s : 10));
	curl_easy_setopt(h, CURLOPT_USERAGENT, agent);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
}

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p, (void)arg;
	return size * n;
}

void ch_webhook_send(CURL *h, const char *url, const char *secret, const char *event,
		     int64_t delivery_id, const char *body, int timeout_s, int64_t now_ms,
		     struct ch_result *r)
{
	memset(r, 0, sizeof *r);
	long long ts = (long long)(now_ms / 1000);
	char sig[80], line[160];
	ch_webhook_sign(secret, ts, body, sig);
	struct curl_slist *hdrs =
		curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	snprintf(line, sizeof line, "X-Kesu-Event: %s", event);
	hdrs = curl_slist_append(hdrs, line);
	snprintf(line, sizeof line, "X-Kesu-Delivery: %lld", (long long)delivery_id);
	hdrs = curl_slist_append(hdrs, line);
	snprintf(line, sizeof line, "X-Kesu-Timestamp: %lld", ts);
	hdrs = curl_slist_append(hdrs, line);
	snprintf(line, sizeof line, "X-Kesu-Signature: %s", sig);
	hdrs = curl_slist_append(hdrs, line);
	ch_http_setup(h, url, timeout_s, "kesu-webhook", hdrs);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	CURLcode rc = curl_easy_perform(h);
	long status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdrs);
	if (rc != CURLE_OK) {
		snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(rc));
		return;
	}
	if (status < 200 || status > 299) {
		/* 410 Gone and other 4xx: the receiver will not take it;
		 * 408, 429 and 5xx: later */
		r->permanent = status >= 400 && status < 500 && status != 408 && status != 429;
		snprintf(r->error, sizeof r->error, "HTTP %ld from the receiver", status);
		return;
	}
	r->ok = 1;
	snprintf(r->reply, sizeof r->reply, "HTTP %ld", status);
}
