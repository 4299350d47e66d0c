/*
 * smtp.c - handing one message to the SMTP relay with libcurl: STARTTLS
 * (required unless configured otherwise), authentication, and the relay's
 * own words of acceptance ("250 2.0.0 Ok: queued as 4Xb...") kept as the
 * record that it took the message.
 */
#include "channels_int.h"

#include <stdio.h>
#include <string.h>

struct upload {
	const char *data;
	size_t len, off;
};

static size_t read_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t want = size * n, left = u->len - u->off;
	if (want > left)
		want = left;
	memcpy(buf, u->data + u->off, want);
	u->off += want;
	return want;
}

/* Keeps the relay's last reply line. Only what the relay said: what we
 * sent (AUTH among it) is never looked at. */
static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	(void)h;
	if (type != CURLINFO_HEADER_IN)
		return 0;
	char *last = arg;
	size_t n = size < 255 ? size : 255;
	while (n && (data[n - 1] == '\r' || data[n - 1] == '\n'))
		n--;
	if (n >= 3) {
		memcpy(last, data, n);
		last[n] = '\0';
		for (char *p = last; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
	}
	return 0;
}

void ch_smtp_send(CURL *h, const struct ch_email *cfg, const char *password,
		  const char *env_from, const char *to_addr, const char *msg, size_t len,
		  struct ch_result *r)
{
	memset(r, 0, sizeof *r);
	char from[300], to[300], last[256] = "";
	snprintf(from, sizeof from, "<%s>", env_from);
	snprintf(to, sizeof to, "<%s>", to_addr);
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct upload u = {msg, len, 0};
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, cfg->relay);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_USE_SSL,
			 cfg->starttls == CH_TLS_REQUIRED       ? (long)CURLUSESSL_ALL
			 : cfg->starttls == CH_TLS_IF_AVAILABLE ? (long)CURLUSESSL_TRY
								: (long)CURLUSESSL_NONE);
	if (cfg->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, cfg->ca_file);
	if (cfg->username) {
		curl_easy_setopt(h, CURLOPT_USERNAME, cfg->username);
		curl_easy_setopt(h, CURLOPT_PASSWORD, password ? password : "");
	}
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(cfg->timeout_s < 10 ? cfg->timeout_s : 10));
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)cfg->timeout_s);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, last);
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	if (rc == CURLE_OK) {
		r->ok = 1;
		snprintf(r->reply, sizeof r->reply, "%s", last[0] ? last : "250");
		return;
	}
	/* 5xx: the relay refuses this message for good (no such mailbox, policy);
	 * a refused login is a setting to fix, not a reason to retry at once,
	 * but fixing it should let queued mail through: transient */
	r->permanent = code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED;
	snprintf(r->error, sizeof r->error, "%s%s%s", curl_easy_strerror(rc), last[0] ? ": " : "",
		 last);
}
