/*
 * sms.c - the SMS channel: one generic adapter for HTTP SMS gateways, the
 * default, and what the providers' own adapters (sms_aliyun.c,
 * sms_tencent.c) share. For the generic one the URL, headers and body are
 * templates in the settings ({phone}, {text}, {secret:NAME}...), filled
 * for each message with the escaping each place needs (URL encoding in
 * the URL and form fields, JSON strings in a JSON body, one line in a
 * header). Success is a 2xx answer, and where the gateway says so in its
 * JSON reply, a field with the expected value.
 */
#include "channels_int.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *sms_lookup(void *ctx, const char *name, size_t len)
{
	const struct ch_sms_vars *v = ctx;
	static const struct {
		const char *name;
		size_t off;
	} f[] = {
		{"phone", offsetof(struct ch_sms_vars, phone)},
		{"phone_e164", offsetof(struct ch_sms_vars, phone_e164)},
		{"text", offsetof(struct ch_sms_vars, text)},
		{"tracking_no", offsetof(struct ch_sms_vars, tracking_no)},
		{"kind", offsetof(struct ch_sms_vars, kind)},
		{"delivery_id", offsetof(struct ch_sms_vars, delivery_id)},
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (strlen(f[i].name) == len && memcmp(f[i].name, name, len) == 0)
			return *(const char *const *)((const char *)v + f[i].off);
	if (len > 7 && memcmp(name, "secret:", 7) == 0)
		for (int i = 0; v->secret_names && v->secret_names[i]; i++)
			if (strlen(v->secret_names[i]) == len - 7 &&
			    memcmp(v->secret_names[i], name + 7, len - 7) == 0)
				return v->secret_values[i];
	return NULL;
}

static const char *url_escape(const char *s, struct arena *a)
{
	char *e = curl_easy_escape(NULL, s, 0);
	const char *o = arena_strdup(a, e ? e : "");
	curl_free(e);
	return o;
}

static const char *header_safe(const char *s, struct arena *a)
{
	return ch_one_line(s, a);
}

/* A JSON template with every string filled in (a new value). */
static json_t *fill_json(json_t *t, const struct ch_sms_vars *v, struct arena *a)
{
	if (json_is_string(t))
		return json_string(ch_fill(json_string_value(t), sms_lookup, (void *)v, NULL, a));
	if (json_is_array(t)) {
		json_t *o = json_array(), *x;
		size_t i;
		json_array_foreach(t, i, x) json_array_append_new(o, fill_json(x, v, a));
		return o;
	}
	if (json_is_object(t)) {
		json_t *o = json_object(), *x;
		const char *k;
		json_object_foreach(t, k, x) json_object_set_new(o, k, fill_json(x, v, a));
		return o;
	}
	return json_deep_copy(t);
}

struct reply_buf {
	char data[4096];
	size_t len;
};

static size_t write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct reply_buf *b = arg;
	size_t got = size * n, room = sizeof b->data - 1 - b->len;
	memcpy(b->data + b->len, p, got < room ? got : room);
	b->len += got < room ? got : room;
	b->data[b->len] = '\0';
	return got;
}

/* The value at a dotted path of a JSON reply, as text ("0", "OK", "true"). */
static const char *reply_field(json_t *j, const char *path, char *buf, size_t size)
{
	char part[101];
	while (j && *path) {
		size_t n = strcspn(path, ".");
		snprintf(part, sizeof part, "%.*s", (int)(n < 100 ? n : 100), path);
		j = json_is_object(j) ? json_object_get(j, part) : NULL;
		path += n + (path[n] == '.');
	}
	if (json_is_string(j))
		return json_string_value(j);
	if (json_is_integer(j))
		snprintf(buf, size, "%lld", (long long)json_integer_value(j));
	else if (json_is_boolean(j))
		snprintf(buf, size, "%s", json_is_true(j) ? "true" : "false");
	else
		return NULL;
	return buf;
}

static void http_send(CURL *h, const struct ch_sms *cfg, const struct ch_sms_vars *v,
		      struct arena *a, struct ch_result *r)
{
	const char *url = ch_fill(cfg->url, sms_lookup, (void *)v, url_escape, a);
	struct curl_slist *hdrs = NULL;
	const char *k;
	json_t *x;
	if (cfg->headers)
		json_object_foreach(cfg->headers, k, x) {
			const char *val = ch_fill(json_string_value(x), sms_lookup, (void *)v,
						  header_safe, a);
			hdrs = curl_slist_append(hdrs, arena_printf(a, "%s: %s", k, val));
		}
	char *body = NULL;
	if (cfg->format == CH_FORMAT_JSON && cfg->body) {
		json_t *filled = fill_json(cfg->body, v, a);
		body = json_dumps(filled, JSON_COMPACT);
		json_decref(filled);
		hdrs = curl_slist_append(hdrs, "Content-Type: application/json; charset=utf-8");
	} else if (cfg->format == CH_FORMAT_FORM && cfg->body) {
		size_t cap = 1, used = 0;
		const char **parts = arena_alloc(a, sizeof *parts * (json_object_size(cfg->body) + 1));
		int np = 0;
		json_object_foreach(cfg->body, k, x) {
			const char *val = ch_fill(json_string_value(x), sms_lookup, (void *)v,
						  url_escape, a);
			parts[np] = arena_printf(a, "%s=%s", url_escape(k, a), val);
			cap += strlen(parts[np++]) + 1;
		}
		body = malloc(cap);
		body[0] = '\0';
		for (int i = 0; i < np; i++) {
			size_t n = strlen(parts[i]);
			if (i)
				body[used++] = '&';
			memcpy(body + used, parts[i], n + 1);
			used += n;
		}
		hdrs = curl_slist_append(hdrs,
					 "Content-Type: application/x-www-form-urlencoded; charset=utf-8");
	}
	struct reply_buf reply = {.len = 0};
	reply.data[0] = '\0';
	ch_http_setup(h, url, cfg->timeout_s, "kesu", hdrs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
	if (strcmp(cfg->method, "POST") == 0) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
	}
	CURLcode rc = curl_easy_perform(h);
	long status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdrs);
	free(body);
	/* what the gateway said, cut and on one line, is the record */
	const char *said = ch_one_line(reply.data, a);
	if (rc != CURLE_OK) {
		snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(rc));
		return;
	}
	if (status < 200 || status > 299) {
		r->permanent = status >= 400 && status < 500 && status != 408 && status != 429;
		snprintf(r->error, sizeof r->error, "HTTP %ld: %.200s", status, said);
		return;
	}
	if (cfg->success_field) {
		json_t *j = json_loads(reply.data, 0, NULL);
		char buf[64];
		const char *got = reply_field(j, cfg->success_field, buf, sizeof buf);
		int ok = got && strcmp(got, cfg->success_value) == 0;
		json_decref(j);
		if (!ok) {
			/* the gateway answered and refused; its codes mix bad numbers
			 * with rate limits, so it is tried again, within the attempts */
			snprintf(r->error, sizeof r->error, "%s is %s, not %s: %.150s",
				 cfg->success_field, got ? got : "missing", cfg->success_value, said);
			return;
		}
	}
	r->ok = 1;
	snprintf(r->reply, sizeof r->reply, "HTTP %ld %.200s", status, said);
}

void ch_sms_send(CURL *h, const struct ch_sms *cfg, const struct ch_sms_vars *v,
		 struct arena *a, struct ch_result *r)
{
	typedef void sender(CURL *, const struct ch_sms *, const struct ch_sms_vars *,
			    struct arena *, struct ch_result *);
	static sender *const by_provider[] = {
		[CH_SMS_HTTP] = http_send,
		[CH_SMS_ALIYUN] = ch_sms_aliyun_send,
		[CH_SMS_TENCENT] = ch_sms_tencent_send,
	};
	memset(r, 0, sizeof *r);
	by_provider[cfg->provider](h, cfg, v, a, r);
}

/* --- what the providers share ------------------------------------------------ */

const char *ch_sms_secret(const struct ch_sms_vars *v, const char *name)
{
	for (int i = 0; name && v->secret_names && v->secret_names[i]; i++)
		if (strcmp(v->secret_names[i], name) == 0)
			return v->secret_values[i][0] ? v->secret_values[i] : NULL;
	return NULL;
}

CURLcode ch_sms_post(CURL *h, const char *url, struct curl_slist *hdrs, const char *body,
		     int timeout_s, char *reply, size_t size, long *status)
{
	struct reply_buf b = {.len = 0};
	b.data[0] = '\0';
	ch_http_setup(h, url, timeout_s, "kesu", hdrs);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	CURLcode rc = curl_easy_perform(h);
	*status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	snprintf(reply, size, "%s", b.data);
	return rc;
}

const char *ch_endpoint_host(const char *endpoint, struct arena *a)
{
	const char *p = strstr(endpoint, "://");
	int https = strncmp(endpoint, "https:", 6) == 0;
	p = p ? p + 3 : endpoint;
	size_t n = strcspn(p, "/?#");
	char *host = arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++)
		host[i] = (char)tolower((unsigned char)p[i]);
	host[n] = '\0';
	char *colon = strrchr(host, ':');
	if (colon && !strchr(colon, ']') &&
	    strcmp(colon + 1, https ? "443" : "80") == 0)
		*colon = '\0';
	return host;
}

int ch_code_in(const char *code, const char *const *codes)
{
	for (int i = 0; code && codes[i]; i++) {
		size_t n = strlen(codes[i]);
		if (codes[i][n - 1] == '.' ? strncmp(code, codes[i], n) == 0
					   : strcmp(code, codes[i]) == 0)
			return 1;
	}
	return 0;
}

void ch_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, data, len);
	sodium_bin2hex(out, 65, d, sizeof d);
}

void ch_hmac_sha256(const void *key, size_t klen, const char *msg, unsigned char out[32])
{
	crypto_auth_hmacsha256_state st;
	/* libsodium's HMAC takes a key of any length */
	crypto_auth_hmacsha256_init(&st, key, klen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof st);
}
