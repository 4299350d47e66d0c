/*
 * settings.c - the channel settings (the `channels` setting: SMTP relay,
 * SMS gateway, delivery policy, mail gateway limits) and the secrets they
 * refer to, sealed with a key derived from the data directory's key.
 */
#include "channels.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../text/text.h"

/* --- reading members ------------------------------------------------------- */

struct reader {
	json_t *obj;
	const char *group; /* "email", "sms", ... for the error's field */
	struct kesu_err *err;
	int rc;
};

static int fail(struct reader *r, const char *name, const char *fmt, const char *what)
{
	char field[64];
	snprintf(field, sizeof field, "%s%s%s", r->group, *r->group ? "." : "", name);
	r->rc = kesu_fail(r->err, KE_INVALID_VALUE, field, fmt, what);
	return r->rc;
}

static int known(struct reader *r, const char *const *names)
{
	const char *k;
	json_t *v;
	if (r->rc || !r->obj)
		return r->rc;
	if (!json_is_object(r->obj)) {
		r->rc = kesu_fail(r->err, KE_WRONG_TYPE, r->group, "must be an object");
		return r->rc;
	}
	json_object_foreach(r->obj, k, v) {
		int ok = 0;
		for (int i = 0; names[i]; i++)
			ok |= strcmp(names[i], k) == 0;
		if (!ok) {
			char field[64];
			snprintf(field, sizeof field, "%s%s%s", r->group, *r->group ? "." : "", k);
			r->rc = kesu_fail(r->err, KE_UNKNOWN_FIELD, field, "is not a known field");
			return r->rc;
		}
	}
	return 0;
}

/* A string member without control characters (NULL: absent or null). */
static const char *str(struct reader *r, const char *name, size_t max)
{
	json_t *v = r->obj ? json_object_get(r->obj, name) : NULL;
	if (r->rc || !v || json_is_null(v))
		return NULL;
	const char *s = json_string_value(v);
	if (!s) {
		fail(r, name, "must be a %s", "string");
		return NULL;
	}
	size_t n = json_string_length(v);
	if (n > max || memchr(s, '\0', n) || !text_utf8_valid(s, n)) {
		char most[24];
		snprintf(most, sizeof most, "%zu", max);
		fail(r, name, "must be UTF-8 text of at most %s bytes", most);
		return NULL;
	}
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			fail(r, name, "must not contain %s", "control characters or line breaks");
			return NULL;
		}
	return *s ? s : NULL;
}

static int integer(struct reader *r, const char *name, int lo, int hi, int dflt)
{
	json_t *v = r->obj ? json_object_get(r->obj, name) : NULL;
	if (r->rc || !v)
		return dflt;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		char range[64];
		snprintf(range, sizeof range, "%d to %d", lo, hi);
		fail(r, name, "must be a whole number from %s", range);
		return dflt;
	}
	return (int)json_integer_value(v);
}

static int boolean(struct reader *r, const char *name, int dflt)
{
	json_t *v = r->obj ? json_object_get(r->obj, name) : NULL;
	if (r->rc || !v)
		return dflt;
	if (!json_is_boolean(v)) {
		fail(r, name, "must be %s", "true or false");
		return dflt;
	}
	return json_is_true(v);
}

static int choice(struct reader *r, const char *name, const char *const *values, int dflt)
{
	const char *s = str(r, name, 32);
	if (!s)
		return dflt;
	for (int i = 0; values[i]; i++)
		if (strcmp(values[i], s) == 0)
			return i;
	char list[128] = "";
	for (int i = 0; values[i]; i++) {
		strcat(list, i ? ", " : "");
		strcat(list, values[i]);
	}
	fail(r, name, "must be one of: %s", list);
	return dflt;
}

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

/* --- the setting -------------------------------------------------------------------- */

static const char *const tls_names[] = {"required", "if_available", "never", NULL};
static const char *const format_names[] = {"json", "form", "none", NULL};
static const char *const methods[] = {"POST", "GET", NULL};

int ch_config_from_json(json_t *j, struct ch_config *out, struct kesu_err *err)
{
	static const char *const top[] = {"company", "portal_url", "email", "sms", "delivery",
					  "mailgate", NULL};
	static const char *const email_k[] = {"enabled", "relay",   "starttls", "username", "from",
					      "reply_to", "ca_file", "timeout_s", NULL};
	static const char *const sms_k[] = {"enabled",	     "url",		"method",
					    "headers",	     "format",		"body",
					    "success_field", "success_value", "signature",
					    "max_chars",     "timeout_s",	NULL};
	static const char *const dlv_k[] = {"max_attempts", "backoff_s", "backoff_max_s",
					    "webhook_timeout_s", NULL};
	static const char *const mg_k[] = {"max_message_bytes", "max_attachment_bytes",
					   "max_attachments", NULL};
	static const char *const web[] = {"http://", "https://", NULL};
	static const char *const smtp[] = {"smtp://", "smtps://", NULL};
	memset(out, 0, sizeof *out);
	if (j && !json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the channel settings must be a JSON object");
	struct reader r = {j, "", err, 0};
	known(&r, top);
	out->company = str(&r, "company", 100);
	out->portal_url = str(&r, "portal_url", 255);
	if (out->portal_url && !url_ok(out->portal_url, web))
		fail(&r, "portal_url", "must start with %s", "http:// or https://");

	struct reader e = {j ? json_object_get(j, "email") : NULL, "email", err, r.rc};
	known(&e, email_k);
	struct ch_email *m = &out->email;
	m->enabled = boolean(&e, "enabled", 0);
	m->relay = str(&e, "relay", 255);
	m->starttls = (enum ch_tls)choice(&e, "starttls", tls_names, CH_TLS_REQUIRED);
	m->username = str(&e, "username", 255);
	m->from = str(&e, "from", 255);
	m->reply_to = str(&e, "reply_to", 255);
	m->ca_file = str(&e, "ca_file", 255);
	m->timeout_s = integer(&e, "timeout_s", 1, 300, 30);
	if (!e.rc && m->relay && !url_ok(m->relay, smtp))
		fail(&e, "relay", "must be %s", "smtp://host:port or smtps://host:port");
	if (!e.rc && m->from && !mailbox_ok(m->from))
		fail(&e, "from", "must be %s", "an address, or a name and <address>");
	if (!e.rc && m->reply_to && !mailbox_ok(m->reply_to))
		fail(&e, "reply_to", "must be %s", "an address, or a name and <address>");
	if (!e.rc && m->enabled && !m->relay)
		fail(&e, "relay", "is required %s", "to send e-mail");
	if (!e.rc && m->enabled && !m->from)
		fail(&e, "from", "is required %s", "to send e-mail");

	struct reader s = {j ? json_object_get(j, "sms") : NULL, "sms", err, e.rc};
	known(&s, sms_k);
	struct ch_sms *g = &out->sms;
	g->enabled = boolean(&s, "enabled", 0);
	g->url = str(&s, "url", 1000);
	g->method = methods[choice(&s, "method", methods, 0)];
	g->format = (enum ch_format)choice(&s, "format", format_names, CH_FORMAT_JSON);
	g->success_field = str(&s, "success_field", 100);
	g->success_value = str(&s, "success_value", 100);
	g->signature = str(&s, "signature", 40);
	g->max_chars = integer(&s, "max_chars", 10, 1000, 300);
	g->timeout_s = integer(&s, "timeout_s", 1, 120, 10);
	json_t *h = s.obj ? json_object_get(s.obj, "headers") : NULL;
	json_t *b = s.obj ? json_object_get(s.obj, "body") : NULL;
	if (!s.rc && g->url && !url_ok(g->url, web))
		fail(&s, "url", "must start with %s", "http:// or https://");
	if (!s.rc && g->url)
		s.rc = ch_fill_check(g->url, "sms.url", sms_known, SMS_NAMES, err);
	if (!s.rc && h && !json_is_null(h)) {
		const char *k;
		json_t *v;
		if (!json_is_object(h))
			fail(&s, "headers", "must be %s", "an object of header names and templates");
		json_object_foreach(h, k, v) {
			if (s.rc)
				break;
			int bad = !*k || strlen(k) > 64 || !json_is_string(v);
			for (const char *p = k; !bad && *p; p++)
				bad = !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
					(*p >= '0' && *p <= '9') || *p == '-' || *p == '_');
			for (const char *p = json_string_value(v); !bad && p && *p; p++)
				bad = (unsigned char)*p < 0x20;
			if (bad)
				fail(&s, "headers", "must be %s",
				     "header names (letters, digits, -) with one-line string templates");
			else
				s.rc = ch_fill_check(json_string_value(v), "sms.headers", sms_known,
						     SMS_NAMES, err);
		}
		if (!s.rc)
			g->headers = h;
	}
	if (!s.rc && b && !json_is_null(b)) {
		if (g->format == CH_FORMAT_FORM && !json_is_object(b))
			fail(&s, "body", "must be %s", "an object of form fields and templates");
		else if (g->format == CH_FORMAT_NONE)
			fail(&s, "body", "must be %s", "left out when format is none");
		else
			s.rc = sms_json_check(b, "sms.body", err);
		if (!s.rc && g->format == CH_FORMAT_FORM) {
			const char *k;
			json_t *v;
			json_object_foreach(b, k, v) if (!json_is_string(v) && !s.rc)
				fail(&s, "body", "must be %s", "an object of form fields and templates");
		}
		if (!s.rc)
			g->body = b;
	}
	if (!s.rc && g->enabled && !g->url)
		fail(&s, "url", "is required %s", "to send SMS");
	if (!s.rc && g->enabled && g->format != CH_FORMAT_NONE && !g->body &&
	    strcmp(g->method, "POST") == 0)
		fail(&s, "body", "is required %s", "to POST an SMS (or use format none)");
	if (!s.rc && (g->success_field != NULL) != (g->success_value != NULL))
		fail(&s, "success_value", "must be given %s", "together with success_field");

	struct reader d = {j ? json_object_get(j, "delivery") : NULL, "delivery", err, s.rc};
	known(&d, dlv_k);
	out->max_attempts = integer(&d, "max_attempts", 1, 50, 8);
	out->backoff_s = integer(&d, "backoff_s", 1, 86400, 30);
	out->backoff_max_s = integer(&d, "backoff_max_s", 1, 7 * 86400, 3600);
	out->webhook_timeout_s = integer(&d, "webhook_timeout_s", 1, 120, 10);

	struct reader g2 = {j ? json_object_get(j, "mailgate") : NULL, "mailgate", err, d.rc};
	known(&g2, mg_k);
	out->max_message_bytes = integer(&g2, "max_message_bytes", 1024, 200 << 20, 25 << 20);
	out->max_attachment_bytes =
		integer(&g2, "max_attachment_bytes", 1024, 100 << 20, 10 << 20);
	out->max_attachments = integer(&g2, "max_attachments", 0, 200, 20);
	if (g2.rc) {
		memset(out, 0, sizeof *out);
		return g2.rc;
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
	return json_pack(
		"{s:s?,s:s?,"
		"s:{s:b,s:s?,s:s,s:s?,s:s?,s:s?,s:s?,s:i},"
		"s:{s:b,s:s?,s:s,s:o,s:s,s:o,s:s?,s:s?,s:s?,s:i,s:i},"
		"s:{s:i,s:i,s:i,s:i},"
		"s:{s:I,s:I,s:i}}",
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
		c->max_attachments);
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
