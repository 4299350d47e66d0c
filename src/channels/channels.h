/*
 * channels.h - how kesu reaches people and how mail reaches kesu: the
 * channel settings (SMTP relay, SMS gateway, delivery policy) with their
 * sealed secrets, the message templates, and the sender inside
 * `kesu serve` that drains the outbox by e-mail, SMS and webhooks.
 */
#ifndef KESU_CHANNELS_H
#define KESU_CHANNELS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/err.h"

/* --- settings (settings.c) ---------------------------------------------- */

enum ch_tls { CH_TLS_REQUIRED, CH_TLS_IF_AVAILABLE, CH_TLS_NEVER };
enum ch_format { CH_FORMAT_JSON, CH_FORMAT_FORM, CH_FORMAT_NONE };

struct ch_email {
	int enabled;
	const char *relay;	  /* smtp://host:port or smtps://host:port */
	enum ch_tls starttls;
	const char *username;	  /* the password is the secret smtp_password */
	const char *from;	  /* "客服中心 <service@shop.example>" */
	const char *reply_to;	  /* where customers' replies go (the mail gateway) */
	const char *ca_file;	  /* a private CA for the relay's certificate */
	int timeout_s;
};

/* Who takes kesu's SMS: any HTTP gateway through templates (the default),
 * or 阿里云短信 / 腾讯云短信 through their own signed SendSms. */
enum ch_sms_provider { CH_SMS_HTTP, CH_SMS_ALIYUN, CH_SMS_TENCENT };
extern const char *const ch_sms_provider_names[]; /* http, aliyun, tencent */

/* An SMS provider's account and the approved template kesu's text fills. */
struct ch_sms_cloud {
	const char *key_id;    /* AccessKey ID (aliyun), SecretId (tencent) */
	const char *secret;    /* the NAME of the secret holding its AccessKey
				* Secret / SecretKey; never the value */
	const char *app_id;    /* SmsSdkAppId (tencent); NULL for aliyun */
	const char *sign_name; /* 签名, without 【】 */
	const char *template;  /* TemplateCode (aliyun), TemplateId (tencent) */
	const char *param;     /* aliyun: the template's variable for the text */
	const char *region;    /* cn-hangzhou, ap-guangzhou by default */
	const char *endpoint;  /* scheme://host[:port], or NULL: the provider's */
};

struct ch_sms {
	int enabled;
	enum ch_sms_provider provider;
	struct ch_sms_cloud aliyun, tencent; /* region NULL: not in the setting */
	/* the HTTP gateway's (provider http) */
	const char *url;     /* may hold {placeholders}, URL-encoded when filled */
	const char *method;  /* POST or GET */
	json_t *headers;     /* {"Name": "template"} */
	enum ch_format format;
	json_t *body;	     /* JSON template (json) or {"field": "template"} (form) */
	const char *success_field; /* in a JSON reply, by dots: "result.code" */
	const char *success_value; /* what it must equal (as text) */
	const char *signature;	   /* 【商号】, put before every text (http only) */
	int max_chars;
	int timeout_s;
};

/* A team chat group robot (企业微信, 钉钉, 飞书) that staff notices of the
 * kinds in events also go to. */
enum ch_platform { CH_WECOM, CH_DINGTALK, CH_FEISHU };
#define CH_MAX_ROBOTS 10
struct ch_robot {
	const char *name;	 /* letters, digits, _ and -: the deliveries' recipient */
	enum ch_platform platform;
	const char *url;	 /* holds the robot's key or token as {secret:NAME} */
	const char *sign_secret; /* the secret's name (钉钉, 飞书 加签), or NULL */
	json_t *events;		 /* staff notice kinds; borrowed from the setting */
	int enabled;
};
extern const char *const ch_platform_names[]; /* wecom, dingtalk, feishu */
/* The staff notice kinds a robot may be told of, NULL-terminated. */
extern const char *const ch_robot_kinds[];

struct ch_config {
	const char *company;	/* the business's name, for {company} */
	const char *portal_url; /* where customers' status pages are */
	struct ch_email email;
	struct ch_sms sms;
	int max_attempts;	/* then dead */
	int backoff_s, backoff_max_s;
	int webhook_timeout_s;
	/* the mail gateway */
	int64_t max_message_bytes, max_attachment_bytes;
	int max_attachments;
	/* the authserv-id of the receiving MTA whose Authentication-Results
	 * header is believed (DMARC pass lets a subject-only reply join its
	 * complaint); NULL: none is */
	const char *trusted_authserv_id;
	struct ch_robot robots[CH_MAX_ROBOTS];
	int nrobots;
	json_t *json; /* the whole setting as read; owned, freed by ch_config_free */
};

/* Reads the `channels` setting (defaults where unset). Returns 0 or a
 * negative code. Free with ch_config_free. */
int ch_config_read(struct store_conn *c, struct ch_config *out, struct kesu_err *err);
/* Checks and reads a setting as sent to PUT /api/v1/channels: 0, or a
 * negative code with err naming the member (email.relay, sms.body...). */
int ch_config_from_json(json_t *j, struct ch_config *out, struct kesu_err *err);
/* The setting in its JSON form, every member present. Caller owns it. */
json_t *ch_config_to_json(const struct ch_config *cfg);
void ch_config_free(struct ch_config *cfg);

/* Secrets (the relay's password, the gateway's keys) are sealed with a key
 * derived from the data directory's key. Names: letters, digits, _ and -,
 * up to 64. */
int ch_secret_name_ok(const char *name, struct kesu_err *err);
void ch_secret_seal(const unsigned char *key, const char *plain, struct arena *a,
		    unsigned char **sealed, int *len);
/* The plain text, or NULL if sealed was altered or made under another key. */
const char *ch_secret_open(const unsigned char *key, const unsigned char *sealed, int len,
			   struct arena *a);
/* Reads and opens a secret; NULL if it is not set (err says which). */
const char *ch_secret(struct store_conn *c, const unsigned char *key, const char *name,
		      struct arena *a, struct kesu_err *err);

/* Marks the settings, secrets or webhooks changed: the sender reads them
 * again before its next round. */
void ch_settings_changed(void);

/* --- templates (templates.c) --------------------------------------------- */

/* Notice kinds that have templates, NULL-terminated: the customer's
 * (acknowledged, progress, awaiting_customer, resolved, follow_up,
 * reopened, ...), the department's task, the managers' report, and a
 * review buyer's per platform (review_change_jd, review_reminder_other). */
extern const char *const ch_template_kinds[];
extern const char *const ch_languages[]; /* zh-CN, zh-TW, en */

/* What templates may say, {name} in the text. The last five are a
 * review's (buyer: the nickname; platform: its name in the message's
 * language). */
struct ch_vars {
	const char *tracking_no, *customer_name, *status, *reason, *status_url, *survey_url,
		*company, *department, *task, *due, *period, *verify_url, *verify_code,
		*progress, *next_contact, *original;
	const char *buyer, *order_ref, *platform, *link, *product;
	/* an incident's message and its expected time; a handling notice's
	 * title and text */
	const char *message, *expected, *title, *notice;
	/* a thank-you letter's own words from the supervisor (with the space
	 * that follows them), and the link to ask for no more letters */
	const char *thanks_note, *opt_out_url;
};

/* The text of a handling notice's e-mail from its notice data (key
 * matters, agreed answers, remedy, duties, contacts), headed in
 * language. In a. */
const char *ch_notice_text(json_t *d, const char *language, struct arena *a);
/* 1 if kind is a review buyer's notice (review_change, review_reminder):
 * its template is chosen by the platform of the notice. */
int ch_review_notice(const char *kind);
/* The template kind of such a notice for platform: "<kind>_<platform>",
 * "<kind>_other" for an unknown platform or none. In a. */
const char *ch_review_template_kind(const char *kind, const char *platform, struct arena *a);
/* A review platform's name in language (京东, 京東, JD.com); that of
 * "other" for an unknown one. Static. */
const char *ch_review_platform_name(const char *platform, const char *language);
/* 1 if the outbox writes notices of kind for customers, departments or
 * managers (acknowledged, task, review_change...): what a webhook may
 * ask for besides staff notices. A template kind of one platform
 * (review_change_jd) is not a notice. */
int ch_notice_kind(const char *kind);

struct ch_template {
	const char *subject; /* email only */
	const char *body;
	int custom; /* an administrator's, not the built-in one */
	const char *updated_by;
	int64_t updated_at;
};

/* The template in force for kind, language and channel (email, sms): an
 * administrator's, else the built-in one. KE_NOT_FOUND if kind has none
 * for channel. Strings live in a. */
int ch_template_get(struct store_conn *c, const char *kind, const char *language,
		    const char *channel, struct arena *a, struct ch_template *out,
		    struct kesu_err *err);
/* The built-in one, or NULL. */
const struct ch_template *ch_template_builtin(const char *kind, const char *language,
					      const char *channel);
/* 0 if text (on field) uses only known {placeholders} and well-formed
 * braces ({{ and }} for literal ones); else KE_INVALID_VALUE. */
int ch_template_check(const char *text, const char *field, struct kesu_err *err);
/* Fills the placeholders of text; a value that is NULL leaves nothing. esc
 * (may be NULL) transforms each value before it goes in, e.g. URL
 * encoding. Result in a. */
const char *ch_render(const char *text, const struct ch_vars *v,
		      const char *(*esc)(const char *value, struct arena *a), struct arena *a);
/* The same for any set of placeholders: known says whether {name} is one
 * (names lists them for the error), lookup gives its value (NULL: empty). */
int ch_fill_check(const char *text, const char *field, int (*known)(const char *name, size_t len),
		  const char *names, struct kesu_err *err);
const char *ch_fill(const char *text, const char *(*lookup)(void *ctx, const char *name, size_t len),
		    void *ctx, const char *(*esc)(const char *value, struct arena *a),
		    struct arena *a);
/* The localised name of a complaint state ("处理中"). */
const char *ch_status_label(const char *status, const char *language);

/* --- the sender (sender.c) ------------------------------------------------ */

struct ch_sender;
struct ch_sender_options {
	int tick_ms;		/* how often it looks for due deliveries without a wake-up */
	int workers;		/* per channel kind */
	const char *public_url; /* kesu serve --public-url: the default portal URL */
};
/* Starts the sender over s (its writer must run). NULL on failure. */
struct ch_sender *ch_sender_start(struct store *s, const struct ch_sender_options *o);
/* Something may have been written to the outbox: look now. Safe from any
 * thread, cheap. */
void ch_sender_wake(struct ch_sender *snd);
/* Finishes the sends in flight (bounded by their timeouts), puts back the
 * claimed ones not yet tried, and stops. Before the store closes. */
void ch_sender_stop(struct ch_sender *snd);

/* --- the Message-IDs kesu signs (msgid.c) ---------------------------------- */

/* "ks.<complaint>.<delivery>.<mac>@<domain>", without angle brackets: a
 * reply's In-Reply-To or References naming it proves which complaint it
 * answers. */
void ch_msgid_make(const unsigned char *key, int64_t complaint_id, int64_t delivery_id,
		   const char *domain, char *out, size_t size);
/* The complaint a Message-ID kesu made names; 0 if id is not one, or its
 * mac is wrong. */
int64_t ch_msgid_complaint(const unsigned char *key, const char *id);

#endif
