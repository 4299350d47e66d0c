/*
 * settings.c - the channel settings (the `channels` setting: SMTP relay,
 * SMS gateway, delivery policy, mail gateway limits) and the secrets they
 * refer to, sealed with a key derived from the data directory's key.
 */
#include "channels.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../core/jread.h"
#include "../text/text.h"

static int url_ok(const char *u, const char *const *schemes)
{
	for (int i = 0; schemes[i]; i++) {
		size_t n = strlen(schemes[i]);
		if (strncmp(u, schemes[i], n) == 0 && u[n] && u[n] != '/' && !strchr(u, ' '))
			return 1;
	}
	return 0;
}

/* An address, or a mailbox "Name <addr>": what a mail header may carry. */
static int mailbox_ok(const char *s)
{
	const char *lt = strrchr(s, '<');
	const char *addr = lt ? lt + 1 : s;
	size_t n = lt ? strcspn(addr, ">") : strlen(addr);
	if (lt && (addr[n] != '>' || addr[n + 1]))
		return 0;
	const char *at = memchr(addr, '@', n);
	if (!at || at == addr || at == addr + n - 1 || memchr(at + 1, '@', n - (size_t)(at - addr) - 1))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (addr[i] <= ' ' || strchr("<>(),;:\\\"[]", addr[i]))
			return 0;
	return 1;
}

/* --- the SMS gateway's own placeholders ------------------------------------------ */

static int sms_known(const char *name, size_t len)
{
	static const char *const names[] = {"phone", "phone_e164", "text", "tracking_no", "kind",
					    "delivery_id", NULL};
	for (int i = 0; names[i]; i++)
		if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
			return 1;
	if (len > 7 && memcmp(name, "secret:", 7) == 0) {
		char s[80];
		snprintf(s, sizeof s, "%.*s", (int)(len - 7) > 70 ? 70 : (int)(len - 7), name + 7);
		return len - 7 <= 64 && ch_secret_name_ok(s, NULL) == 0;
	}
	return 0;
}

#define SMS_NAMES "phone, phone_e164, text, tracking_no, kind, delivery_id, secret:NAME"

/* Every string inside a JSON template must use known placeholders. */
static int sms_json_check(json_t *v, const char *field, struct kesu_err *err)
{
	if (json_is_string(v))
		return ch_fill_check(json_string_value(v), field, sms_known, SMS_NAMES, err);
	size_t i;
	const char *k;
	json_t *x;
	int rc = 0;
	if (json_is_array(v))
		json_array_foreach(v, i, x) if (!rc) rc = sms_json_check(x, field, err);
	if (json_is_object(v))
		json_object_foreach(v, k, x) if (!rc) rc = sms_json_check(x, field, err);
	return rc;
}

/* --- the SMS providers' accounts ----------------------------------------------------- */

const char *const ch_sms_provider_names[] = {"http", "aliyun", "tencent", NULL};

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* A member of sms.aliyun or sms.tencent: where it goes, and what it may
 * hold (chars NULL: any one line of text). */
struct cloud_member {
	const char *name;
	size_t off, max;
	int required;
	const char *chars, *rule;
};
#define CM(f) offsetof(struct ch_sms_cloud, f)
#define KEY_ID_RULE "must be the key's id: letters, digits, -, _ or ."
#define SECRET_RULE "must name a secret (PUT /channels/secrets/{name}): 1 to 64 letters, digits, _ or -"
#define REGION_RULE "must be a region id: lowercase letters, digits and -"

static const struct cloud_member aliyun_members[] = {
	{"access_key_id", CM(key_id), 128, 1, ALNUM "-_.", KEY_ID_RULE},
	{"secret_name", CM(secret), 64, 1, ALNUM "-_", SECRET_RULE},
	{"sign_name", CM(sign_name), 40, 1, NULL, NULL},
	{"template_code", CM(template), 64, 1, ALNUM "_",
	 "must be the template's code, as SMS_123456789"},
	{"template_param", CM(param), 64, 1, ALNUM "_",
	 "must be the name of the template's variable that takes the text, as content"},
	{"region", CM(region), 40, 0, "abcdefghijklmnopqrstuvwxyz0123456789-", REGION_RULE},
	{"endpoint", CM(endpoint), 255, 0, NULL, NULL},
	{NULL, 0, 0, 0, NULL, NULL}};
static const struct cloud_member tencent_members[] = {
	{"secret_id", CM(key_id), 128, 1, ALNUM "-_.", KEY_ID_RULE},
	{"secret_name", CM(secret), 64, 1, ALNUM "-_", SECRET_RULE},
	{"sdk_app_id", CM(app_id), 20, 1, "0123456789", "must be the SmsSdkAppId's digits, as 1400006666"},
	{"sign_name", CM(sign_name), 40, 1, NULL, NULL},
	{"template_id", CM(template), 20, 1, "0123456789", "must be the template's id: digits"},
	{"region", CM(region), 40, 0, "abcdefghijklmnopqrstuvwxyz0123456789-", REGION_RULE},
	{"endpoint", CM(endpoint), 255, 0, NULL, NULL},
	{NULL, 0, 0, 0, NULL, NULL}};

/* scheme://host[:port], perhaps with a last /: the request goes to its
 * root, which is what both providers sign. */
static int endpoint_ok(const char *u)
{
	static const char *const web[] = {"http://", "https://", NULL};
	if (!url_ok(u, web))
		return 0;
	const char *host = strstr(u, "://") + 3, *slash = strchr(host, '/');
	return strcspn(host, "?#@\\") == strlen(host) && (!slash || !slash[1]);
}

/* Reads sms.<member> into out; its required members are required only
 * when it is the provider chosen. */
static void cloud_read(const struct jread *s, const char *member,
		       const struct cloud_member *m, const char *region, int chosen,
		       struct ch_sms_cloud *out)
{
	struct jread c = jread_at(s, member);
	const char *names[10];
	int n = 0;
	for (; m[n].name; n++)
		names[n] = m[n].name;
	names[n] = NULL;
	if (jread_object(&c, names, chosen) || !c.v)
		return;
	for (int i = 0; m[i].name && !s->st->rc; i++) {
		const char *v = jread_str(&c, m[i].name, m[i].max, chosen && m[i].required);
		*(const char **)((char *)out + m[i].off) = v;
		if (!v || s->st->rc)
			continue;
		if (m[i].chars && strspn(v, m[i].chars) != strlen(v))
			jread_fail(&c, m[i].name, KE_INVALID_VALUE, "%s", m[i].rule);
		else if (m[i].off == CM(sign_name) && (strstr(v, "【") || strstr(v, "】")))
			jread_fail(&c, m[i].name, KE_INVALID_VALUE,
				   "must be the sign name as approved, without 【】 (the provider adds them)");
		else if (m[i].off == CM(endpoint) && !endpoint_ok(v))
			jread_fail(&c, m[i].name, KE_INVALID_VALUE,
				   "must be http(s)://host or http(s)://host:port, with no path");
	}
	if (!out->region)
		out->region = region;
}

static json_t *cloud_to_json(const struct ch_sms_cloud *c, const struct cloud_member *m)
{
	if (!c->region) /* the member was left out (cloud_read sets a region) */
		return json_null();
	json_t *o = json_object();
	for (int i = 0; m[i].name; i++) {
		const char *v = *(const char *const *)((const char *)c + m[i].off);
		json_object_set_new(o, m[i].name, v ? json_string(v) : json_null());
	}
	return o;
}

/* --- the setting -------------------------------------------------------------------- */

static const char *const tls_names[] = {"required", "if_available", "never", NULL};
static const char *const format_names[] = {"json", "form", "none", NULL};
static const char *const methods[] = {"POST", "GET", NULL};

const char *const ch_platform_names[] = {"wecom", "dingtalk", "feishu", NULL};
const char *const ch_robot_kinds[] = {
	"escalated",	    "approval_needed", "clock_breached",   "clock_warning",
	"handed_over",	    "customer_wrote",  "demand_corrected", "key_customer",
	"second_complaint", "task",	       "task_overdue",	   "appointment_due",
	"appointment_missed", "visits_planned", "visit_missed",	   NULL};

/* What a robot's URL may hold: only secrets (the key or token in it is
 * one, so that GET /channels never shows it). */
static int robot_known(const char *name, size_t len)
{
	return len > 7 && memcmp(name, "secret:", 7) == 0 && sms_known(name, len);
}

static void robots_read(const struct jread *r, struct ch_config *out)
{
	static const char *const robot_k[] = {"name", "platform", "url", "sign_secret",
					      "events", "enabled", NULL};
	static const char *const web[] = {"http://", "https://", NULL};
	struct jread list = jread_at(r, "robots");
	size_t n = 0;
	if (jread_array(&list, CH_MAX_ROBOTS, 0, &n) || !list.v)
		return;
	for (size_t i = 0; i < n && !list.st->rc; i++) {
		struct jread x = jread_item(&list, i);
		struct ch_robot *b = &out->robots[i];
		if (jread_object(&x, robot_k, 1))
			return;
		b->name = jread_str(&x, "name", 40, 1);
		b->platform = (enum ch_platform)jread_choice(&x, "platform", ch_platform_names, -1);
		b->url = jread_str(&x, "url", 1000, 1);
		b->sign_secret = jread_str(&x, "sign_secret", 64, 0);
		b->enabled = jread_bool(&x, "enabled", 1);
		if (list.st->rc)
			return;
		if ((int)b->platform < 0)
			jread_fail(&x, "platform", KE_INVALID_VALUE, "is required: wecom, dingtalk or feishu");
		else if (ch_secret_name_ok(b->name, NULL))
			jread_fail(&x, "name", KE_INVALID_VALUE, "must be 1 to 40 letters, digits, _ or -");
		for (size_t k = 0; k < i && !list.st->rc; k++)
			if (strcmp(out->robots[k].name, b->name) == 0)
				jread_fail(&x, "name", KE_INVALID_VALUE, "is already another robot's");
		if (!list.st->rc && !url_ok(b->url, web))
			jread_fail(&x, "url", KE_INVALID_VALUE, "must start with http:// or https://");
		if (!list.st->rc && !strstr(b->url, "{secret:"))
			jread_fail(&x, "url", KE_INVALID_VALUE,
				   "must hold the robot's key or token as {secret:NAME}, so that it is never shown");
		if (!list.st->rc) {
			char field[96];
			jread_path(&x, "url", field, sizeof field);
			list.st->rc = ch_fill_check(b->url, field, robot_known, "secret:NAME",
						    list.st->err);
		}
		if (!list.st->rc && b->sign_secret && b->platform == CH_WECOM)
			jread_fail(&x, "sign_secret", KE_INVALID_VALUE,
				   "must be left out: wecom robots are not signed (the key in the URL is the credential)");
		if (!list.st->rc && b->sign_secret && ch_secret_name_ok(b->sign_secret, NULL))
			jread_fail(&x, "sign_secret", KE_INVALID_VALUE,
				   "must name a secret: 1 to 64 letters, digits, _ or -");
		struct jread ev = jread_at(&x, "events");
		size_t ne = 0;
		if (list.st->rc || jread_array(&ev, 20, 0, &ne))
			return;
		if (ev.v && ne == 0)
			jread_fail(&x, "events", KE_INVALID_VALUE, "must name at least one notice kind");
		for (size_t e = 0; e < ne && !list.st->rc; e++) {
			const char *k = json_string_value(json_array_get(ev.v, e));
			int ok = 0;
			for (int m = 0; k && ch_robot_kinds[m]; m++)
				ok |= strcmp(k, ch_robot_kinds[m]) == 0;
			if (!ok)
				jread_fail(&x, "events", KE_INVALID_VALUE,
					   "must name staff notice kinds (escalated, approval_needed, clock_breached...)");
		}
		b->events = ev.v;
		out->nrobots = (int)i + 1;
	}
}

int ch_config_from_json(json_t *j, struct ch_config *out, struct kesu_err *err)
{
	static const char *const top[] = {"company", "portal_url", "email", "sms", "delivery",
					  "mailgate", "robots", NULL};
	static const char *const email_k[] = {"enabled", "relay",   "starttls", "username", "from",
					      "reply_to", "ca_file", "timeout_s", NULL};
	static const char *const sms_k[] = {"enabled",	     "provider",	"aliyun",
					    "tencent",	     "url",		"method",
					    "headers",	     "format",		"body",
					    "success_field", "success_value", "signature",
					    "max_chars",     "timeout_s",	NULL};
	static const char *const dlv_k[] = {"max_attempts", "backoff_s", "backoff_max_s",
					    "webhook_timeout_s", NULL};
	static const char *const mg_k[] = {"max_message_bytes", "max_attachment_bytes",
					   "max_attachments", "trusted_authserv_id", NULL};
	static const char *const web[] = {"http://", "https://", NULL};
	static const char *const smtp[] = {"smtp://", "smtps://", NULL};
	memset(out, 0, sizeof *out);
	if (j && !json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the channel settings must be a JSON object");
	struct jread_state st = {.err = err};
	struct jread r = jread_doc(j, &st);
	jread_object(&r, top, 0);
	out->company = jread_str(&r, "company", 100, 0);
	out->portal_url = jread_str(&r, "portal_url", 255, 0);
	if (out->portal_url && !url_ok(out->portal_url, web))
		jread_fail(&r, "portal_url", KE_INVALID_VALUE, "must start with http:// or https://");

	struct jread e = jread_at(&r, "email");
	jread_object(&e, email_k, 0);
	struct ch_email *m = &out->email;
	m->enabled = jread_bool(&e, "enabled", 0);
	m->relay = jread_str(&e, "relay", 255, 0);
	m->starttls = (enum ch_tls)jread_choice(&e, "starttls", tls_names, CH_TLS_REQUIRED);
	m->username = jread_str(&e, "username", 255, 0);
	m->from = jread_str(&e, "from", 255, 0);
	m->reply_to = jread_str(&e, "reply_to", 255, 0);
	m->ca_file = jread_str(&e, "ca_file", 255, 0);
	m->timeout_s = (int)jread_int(&e, "timeout_s", 1, 300, 30);
	if (m->relay && !url_ok(m->relay, smtp))
		jread_fail(&e, "relay", KE_INVALID_VALUE, "must be smtp://host:port or smtps://host:port");
	if (m->from && !mailbox_ok(m->from))
		jread_fail(&e, "from", KE_INVALID_VALUE, "must be an address, or a name and <address>");
	if (m->reply_to && !mailbox_ok(m->reply_to))
		jread_fail(&e, "reply_to", KE_INVALID_VALUE,
			   "must be an address, or a name and <address>");
	if (m->enabled && !m->relay)
		jread_fail(&e, "relay", KE_INVALID_VALUE, "is required to send e-mail");
	if (m->enabled && !m->from)
		jread_fail(&e, "from", KE_INVALID_VALUE, "is required to send e-mail");

	struct jread s = jread_at(&r, "sms");
	jread_object(&s, sms_k, 0);
	struct ch_sms *g = &out->sms;
	g->enabled = jread_bool(&s, "enabled", 0);
	g->provider = (enum ch_sms_provider)jread_choice(&s, "provider", ch_sms_provider_names,
							 CH_SMS_HTTP);
	cloud_read(&s, "aliyun", aliyun_members, "cn-hangzhou", g->provider == CH_SMS_ALIYUN,
		   &g->aliyun);
	cloud_read(&s, "tencent", tencent_members, "ap-guangzhou", g->provider == CH_SMS_TENCENT,
		   &g->tencent);
	g->url = jread_str(&s, "url", 1000, 0);
	g->method = methods[jread_choice(&s, "method", methods, 0)];
	g->format = (enum ch_format)jread_choice(&s, "format", format_names, CH_FORMAT_JSON);
	g->success_field = jread_str(&s, "success_field", 100, 0);
	g->success_value = jread_str(&s, "success_value", 100, 0);
	g->signature = jread_str(&s, "signature", 40, 0);
	g->max_chars = (int)jread_int(&s, "max_chars", 10, 1000, 300);
	g->timeout_s = (int)jread_int(&s, "timeout_s", 1, 120, 10);
	struct jread h = jread_at(&s, "headers"), b = jread_at(&s, "body");
	if (g->url && !url_ok(g->url, web))
		jread_fail(&s, "url", KE_INVALID_VALUE, "must start with http:// or https://");
	if (!st.rc && g->url)
		st.rc = ch_fill_check(g->url, "sms.url", sms_known, SMS_NAMES, err);
	if (!st.rc && h.v) {
		const char *k;
		json_t *v;
		if (!json_is_object(h.v))
			jread_fail(&h, NULL, KE_INVALID_VALUE,
				   "must be an object of header names and templates");
		json_object_foreach(h.v, k, v) {
			if (st.rc)
				break;
			int bad = !*k || strlen(k) > 64 || !json_is_string(v);
			for (const char *p = k; !bad && *p; p++)
				bad = !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
					(*p >= '0' && *p <= '9') || *p == '-' || *p == '_');
			for (const char *p = json_string_value(v); !bad && p && *p; p++)
				bad = (unsigned char)*p < 0x20;
			if (bad)
				jread_fail(&h, NULL, KE_INVALID_VALUE,
					   "must be header names (letters, digits, -) with one-line string templates");
			else
				st.rc = ch_fill_check(json_string_value(v), "sms.headers", sms_known,
						      SMS_NAMES, err);
		}
		if (!st.rc)
			g->headers = h.v;
	}
	if (!st.rc && b.v) {
		if (g->format == CH_FORMAT_FORM && !json_is_object(b.v))
			jread_fail(&b, NULL, KE_INVALID_VALUE,
				   "must be an object of form fields and templates");
		else if (g->format == CH_FORMAT_NONE)
			jread_fail(&b, NULL, KE_INVALID_VALUE, "must be left out when format is none");
		else
			st.rc = sms_json_check(b.v, "sms.body", err);
		if (!st.rc && g->format == CH_FORMAT_FORM) {
			const char *k;
			json_t *v;
			json_object_foreach(b.v, k, v) if (!json_is_string(v))
				jread_fail(&b, NULL, KE_INVALID_VALUE,
					   "must be an object of form fields and templates");
		}
		if (!st.rc)
			g->body = b.v;
	}
	if (g->provider != CH_SMS_HTTP && g->signature)
		jread_fail(&s, "signature", KE_INVALID_VALUE,
			   "must be left out with a provider: its sign_name is the 【签名】, added by the provider");
	if (g->provider == CH_SMS_HTTP && g->enabled && !g->url)
		jread_fail(&s, "url", KE_INVALID_VALUE, "is required to send SMS");
	if (g->provider == CH_SMS_HTTP && g->enabled && g->format != CH_FORMAT_NONE && !g->body &&
	    strcmp(g->method, "POST") == 0)
		jread_fail(&s, "body", KE_INVALID_VALUE, "is required to POST an SMS (or use format none)");
	if ((g->success_field != NULL) != (g->success_value != NULL))
		jread_fail(&s, "success_value", KE_INVALID_VALUE,
			   "must be given together with success_field");

	struct jread d = jread_at(&r, "delivery");
	jread_object(&d, dlv_k, 0);
	out->max_attempts = (int)jread_int(&d, "max_attempts", 1, 50, 8);
	out->backoff_s = (int)jread_int(&d, "backoff_s", 1, 86400, 30);
	out->backoff_max_s = (int)jread_int(&d, "backoff_max_s", 1, 7 * 86400, 3600);
	out->webhook_timeout_s = (int)jread_int(&d, "webhook_timeout_s", 1, 120, 10);

	struct jread mg = jread_at(&r, "mailgate");
	jread_object(&mg, mg_k, 0);
	out->max_message_bytes = jread_int(&mg, "max_message_bytes", 1024, 200 << 20, 25 << 20);
	out->max_attachment_bytes = jread_int(&mg, "max_attachment_bytes", 1024, 100 << 20, 10 << 20);
	out->max_attachments = (int)jread_int(&mg, "max_attachments", 0, 200, 20);
	out->trusted_authserv_id = jread_str(&mg, "trusted_authserv_id", 255, 0);
	for (const char *p = out->trusted_authserv_id; p && *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_", *p)) {
			jread_fail(&mg, "trusted_authserv_id", KE_INVALID_VALUE,
				   "must be a host name, as the receiving mail server writes it in Authentication-Results");
			break;
		}
	robots_read(&r, out);
	if (st.rc) {
		memset(out, 0, sizeof *out);
		return st.rc;
	}
	out->json = j ? json_incref(j) : NULL;
	return 0;
}

json_t *ch_config_to_json(const struct ch_config *c)
{
	const struct ch_email *m = &c->email;
	const struct ch_sms *g = &c->sms;
	json_t *headers = g->headers ? json_incref(g->headers) : json_object();
	json_t *body = g->body ? json_incref(g->body) : json_null();
	json_t *robots = json_array();
	for (int i = 0; i < c->nrobots; i++) {
		const struct ch_robot *b = &c->robots[i];
		json_t *ev = b->events ? json_incref(b->events)
				       : json_pack("[sss]", "escalated", "approval_needed",
						   "clock_breached");
		json_array_append_new(robots,
				      json_pack("{s:s,s:s,s:s,s:s?,s:o,s:b}", "name", b->name,
						"platform", ch_platform_names[b->platform], "url",
						b->url, "sign_secret", b->sign_secret, "events", ev,
						"enabled", b->enabled));
	}
	json_t *out = json_pack(
		"{s:s?,s:s?,"
		"s:{s:b,s:s?,s:s,s:s?,s:s?,s:s?,s:s?,s:i},"
		"s:{s:b,s:s?,s:s,s:o,s:s,s:o,s:s?,s:s?,s:s?,s:i,s:i},"
		"s:{s:i,s:i,s:i,s:i},"
		"s:{s:I,s:I,s:i,s:s?}}",
		"company", c->company, "portal_url", c->portal_url,
		"email", "enabled", m->enabled, "relay", m->relay, "starttls",
		tls_names[m->starttls], "username", m->username, "from", m->from, "reply_to",
		m->reply_to, "ca_file", m->ca_file, "timeout_s", m->timeout_s,
		"sms", "enabled", g->enabled, "url", g->url, "method", g->method, "headers",
		headers, "format", format_names[g->format], "body", body, "success_field",
		g->success_field,
		"success_value", g->success_value, "signature", g->signature, "max_chars",
		g->max_chars, "timeout_s", g->timeout_s,
		"delivery", "max_attempts", c->max_attempts, "backoff_s", c->backoff_s,
		"backoff_max_s", c->backoff_max_s, "webhook_timeout_s", c->webhook_timeout_s,
		"mailgate", "max_message_bytes", (json_int_t)c->max_message_bytes,
		"max_attachment_bytes", (json_int_t)c->max_attachment_bytes, "max_attachments",
		c->max_attachments, "trusted_authserv_id", c->trusted_authserv_id);
	json_t *sms = json_object_get(out, "sms");
	json_object_set_new(sms, "provider", json_string(ch_sms_provider_names[g->provider]));
	json_object_set_new(sms, "aliyun", cloud_to_json(&g->aliyun, aliyun_members));
	json_object_set_new(sms, "tencent", cloud_to_json(&g->tencent, tencent_members));
	json_object_set_new(out, "robots", robots);
	return out;
}

int ch_config_read(struct store_conn *c, struct ch_config *out, struct kesu_err *err)
{
	struct arena *a = arena_new();
	const char *text = NULL;
	int rc = store_setting_get(c, "channels", a, &text, err);
	json_t *j = NULL;
	if (!rc && text && !(j = json_loads(text, 0, NULL)))
		rc = kesu_fail(err, KE_INTERNAL, "", "the channel settings in the store are not JSON");
	if (!rc)
		rc = ch_config_from_json(j, out, err);
	json_decref(j);
	arena_free(a);
	return rc;
}

void ch_config_free(struct ch_config *cfg)
{
	json_decref(cfg->json);
	memset(cfg, 0, sizeof *cfg);
}

/* --- secrets ------------------------------------------------------------------------ */

int ch_secret_name_ok(const char *name, struct kesu_err *err)
{
	size_t n = name ? strlen(name) : 0;
	int bad = n == 0 || n > 64;
	for (size_t i = 0; !bad && i < n; i++)
		bad = !((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
			(name[i] >= '0' && name[i] <= '9') || name[i] == '_' || name[i] == '-');
	return bad ? kesu_fail(err, KE_INVALID_VALUE, "name",
			       "must be 1 to 64 letters, digits, _ or -")
		   : 0;
}

static void seal_key(const unsigned char *key, unsigned char k[crypto_secretbox_KEYBYTES])
{
	crypto_generichash(k, crypto_secretbox_KEYBYTES, (const unsigned char *)"kesu-channel-secret",
			   19, key, SECRET_KEY_LEN);
}

void ch_secret_seal(const unsigned char *key, const char *plain, struct arena *a,
		    unsigned char **sealed, int *len)
{
	size_t n = strlen(plain);
	unsigned char k[crypto_secretbox_KEYBYTES];
	seal_key(key, k);
	*len = (int)(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n);
	*sealed = arena_alloc(a, (size_t)*len);
	randombytes_buf(*sealed, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(*sealed + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain,
			      n, *sealed, k);
	sodium_memzero(k, sizeof k);
}

const char *ch_secret_open(const unsigned char *key, const unsigned char *sealed, int len,
			   struct arena *a)
{
	if (!sealed || len < (int)(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES))
		return NULL;
	size_t n = (size_t)len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	unsigned char k[crypto_secretbox_KEYBYTES];
	seal_key(key, k);
	char *out = arena_alloc(a, n + 1);
	int rc = crypto_secretbox_open_easy((unsigned char *)out,
					    sealed + crypto_secretbox_NONCEBYTES,
					    (size_t)len - crypto_secretbox_NONCEBYTES, sealed, k);
	sodium_memzero(k, sizeof k);
	if (rc)
		return NULL;
	out[n] = '\0';
	return out;
}

const char *ch_secret(struct store_conn *c, const unsigned char *key, const char *name,
		      struct arena *a, struct kesu_err *err)
{
	const unsigned char *sealed;
	int len;
	if (store_secret_get(c, name, a, &sealed, &len, err))
		return NULL;
	const char *plain = ch_secret_open(key, sealed, len, a);
	if (!plain)
		kesu_fail(err, KE_INTERNAL, "", "the secret %s cannot be opened with this data"
						" directory's key", name);
	return plain;
}
