/*
 * channels_int.h - what the sender's files share: one attempt's outcome,
 * and the three ways out (SMTP relay, SMS gateway, webhook), each one
 * blocking call on a libcurl handle of the calling worker.
 */
#ifndef KESU_CHANNELS_INT_H
#define KESU_CHANNELS_INT_H

#include <curl/curl.h>

#include "channels.h"

/* One attempt. ok: the relay or receiver accepted it (reply says how).
 * Otherwise permanent says whether trying again is pointless (a 5xx from
 * the relay, a 4xx from a gateway). */
struct ch_result {
	int ok, permanent;
	char error[256];
	char reply[256];
};

/* The addr-spec of "Name <addr>" or "addr", in a. */
const char *ch_mailbox_addr(const char *mailbox, struct arena *a);
/* s with every control character (CR and LF above all) made a space, so
 * that no value can start a header of its own. In a. */
const char *ch_one_line(const char *s, struct arena *a);

struct ch_mail {
	const char *from;	 /* a mailbox, as configured */
	const char *reply_to;	 /* or NULL */
	const char *to_addr, *to_name;
	const char *subject, *text;
	const char *message_id;	 /* without <> */
	const char *thread_id;	 /* In-Reply-To and References, without <>; or NULL */
	const char *tracking_no; /* X-Kesu-Tracking, or NULL */
	int64_t date_ms;
	/* one file attached (a report), or att_data NULL */
	const char *att_name, *att_type, *att_data;
	size_t att_len;
};
/* The RFC 5322 message (UTF-8 text/plain, encoded-word headers, CRLF line
 * ends), malloc'd, its length in *len. NULL if an address is unusable. */
char *ch_mail_build(const struct ch_mail *m, size_t *len, struct kesu_err *err);

/* Hands msg to the relay for to_addr, envelope sender env_from. */
void ch_smtp_send(CURL *h, const struct ch_email *cfg, const char *password,
		  const char *env_from, const char *to_addr, const char *msg, size_t len,
		  struct ch_result *r);

/* What an SMS gateway's templates are filled with. */
struct ch_sms_vars {
	const char *phone, *phone_e164, *text, *tracking_no, *kind, *delivery_id;
	const char *const *secret_names; /* NULL-terminated, with secret_values */
	const char *const *secret_values;
};
/* Sends one SMS through the provider cfg names; the outcome in r. */
void ch_sms_send(CURL *h, const struct ch_sms *cfg, const struct ch_sms_vars *v,
		 struct arena *a, struct ch_result *r);

/* What the providers' adapters (sms_aliyun.c, sms_tencent.c) share. */
/* The value of the secret called name, or NULL if it is not set. */
const char *ch_sms_secret(const struct ch_sms_vars *v, const char *name);
/* POSTs body ("" for none) with hdrs to url; what came back, cut to size
 * - 1 bytes, in reply, the HTTP status in *status. Returns curl's code. */
CURLcode ch_sms_post(CURL *h, const char *url, struct curl_slist *hdrs, const char *body,
		     int timeout_s, char *reply, size_t size, long *status);
/* The Host an endpoint (scheme://host[:port][/]) is reached at, as sent
 * and signed: lowercase, without the scheme's default port. In a. */
const char *ch_endpoint_host(const char *endpoint, struct arena *a);
/* 1 if a provider's code is in codes (NULL-terminated; an entry ending
 * in '.' names every code that begins with it). */
int ch_code_in(const char *code, const char *const *codes);
void ch_sha256_hex(const void *data, size_t len, char out[65]);
void ch_hmac_sha256(const void *key, size_t klen, const char *msg, unsigned char out[32]);

/* 阿里云短信: SendSms (2017-05-25) signed with ACS3-HMAC-SHA256. */
void ch_sms_aliyun_send(CURL *h, const struct ch_sms *cfg, const struct ch_sms_vars *v,
			struct arena *a, struct ch_result *r);
/* n query parameters as ACS3 signs them and as they are sent: sorted by
 * name, names and values percent-encoded by RFC 3986. In a. */
const char *ch_acs3_query(const char *const *names, const char *const *values, int n,
			  struct arena *a);
/* One RPC call with an empty body, as ACS3-HMAC-SHA256 signs it. */
struct ch_acs3 {
	const char *host;	    /* as sent in Host */
	const char *action, *version;
	const char *date;	    /* x-acs-date, "2023-10-26T10:22:32Z" */
	const char *nonce;	    /* x-acs-signature-nonce */
	const char *query;	    /* from ch_acs3_query */
};
/* The Authorization header's value for q. In a. */
const char *ch_acs3_authorization(const struct ch_acs3 *q, const char *key_id,
				  const char *secret, struct arena *a);

/* 腾讯云短信: SendSms (2021-01-11) signed with TC3-HMAC-SHA256. */
void ch_sms_tencent_send(CURL *h, const struct ch_sms *cfg, const struct ch_sms_vars *v,
			 struct arena *a, struct ch_result *r);
/* The Authorization header's value for a POST of payload (content_type,
 * to host, signed headers content-type;host) at ts (Unix seconds) to
 * service. In a. */
const char *ch_tc3_authorization(const char *secret_id, const char *secret_key,
				 const char *service, const char *host, const char *content_type,
				 long long ts, const char *payload, struct arena *a);

/* POSTs body to url, signed: X-Kesu-Signature: v1=hex(HMAC-SHA256(secret,
 * timestamp "." body)) with X-Kesu-Timestamp (Unix seconds) against
 * replays. */
/* Resets h for one HTTP(S) request to url that the other side answers
 * itself: no redirect followed, no signals, timeout_s for the whole of
 * it (at most 10 s to connect), headers hdrs. */
void ch_http_setup(CURL *h, const char *url, int timeout_s, const char *agent,
		   struct curl_slist *hdrs);
void ch_webhook_send(CURL *h, const char *url, const char *secret, const char *event,
		     int64_t delivery_id, const char *body, int timeout_s, int64_t now_ms,
		     struct ch_result *r);
/* The signature header's value for body at timestamp ts. */
void ch_webhook_sign(const char *secret, long long ts, const char *body, char out[80]);

/* One message to a chat group robot: url filled (its key in it),
 * sign_secret the 加签 secret's value or NULL. */
struct ch_robot_msg {
	int platform; /* enum ch_platform */
	const char *url, *sign_secret, *text;
};
void ch_robot_send(CURL *h, const struct ch_robot_msg *m, int timeout_s, int64_t now_ms,
		   struct arena *a, struct ch_result *r);
/* The signature at timestamp ts (ms for dingtalk, s for feishu), base64,
 * not yet URL-encoded. */
void ch_robot_sign(int platform, const char *secret, long long ts, char out[64]);

unsigned ch_settings_generation(void);

#endif
