/*
 * templates.c - /api/v1/templates: the wording of each notice, by kind,
 * language and channel; the built-in text until an administrator writes
 * their own, and again once they reset it.
 */
#include "channels_int.h"

#include "../text/text.h"

#include <string.h>

/* A template's text may hold line breaks and tabs, no other control
 * character (jansson has checked the UTF-8). */
static int text_ok(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t') || *s == 0x7f)
			return 0;
	return 1;
}

static int template_ref(struct http_request *req, const char **kind, const char **lang,
			const char **channel, struct kesu_err *err)
{
	*kind = http_param(req, 0);
	*lang = http_param(req, 1);
	*channel = http_param(req, 2);
	int k = 0, l = 0;
	for (int i = 0; ch_template_kinds[i]; i++)
		k |= strcmp(ch_template_kinds[i], *kind) == 0;
	for (int i = 0; ch_languages[i]; i++)
		l |= strcmp(ch_languages[i], *lang) == 0;
	if (!k || !l || !ch_template_builtin(*kind, *lang, *channel))
		return kesu_fail(err, KE_NOT_FOUND, "",
				 "no template %s/%s/%s: kinds are %s..., languages zh-CN, zh-TW, "
				 "en, channels email and sms (task: email only)",
				 *kind, *lang, *channel, ch_template_kinds[0]);
	return 0;
}

static json_t *template_json(const char *kind, const char *lang, const char *channel,
			     const struct ch_template *t)
{
	return json_pack("{s:s,s:s,s:s,s:s?,s:s,s:b,s:s?,s:o}", "kind", kind, "language", lang,
			 "channel", channel, "subject", t->subject, "body", t->body, "custom",
			 t->custom, "updated_by", t->updated_by, "updated_at",
			 channel_time_json(t->updated_at));
}

int templates_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	static const char *const channels[] = {"email", "sms"};
	json_t *arr = json_array();
	for (int k = 0; ch_template_kinds[k]; k++)
		for (int l = 0; ch_languages[l]; l++)
			for (int ch = 0; ch < 2; ch++) {
				struct ch_template t;
				int rc = ch_template_get(c, ch_template_kinds[k], ch_languages[l],
							 channels[ch], a, &t, &err);
				if (rc == -KE_NOT_FOUND)
					continue;
				if (rc) {
					json_decref(arr);
					return http_reply_error(req, &err);
				}
				json_array_append_new(arr, template_json(ch_template_kinds[k],
									 ch_languages[l],
									 channels[ch], &t));
			}
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

int templates_get(struct http_request *req)
{
	struct kesu_err err = {0};
	const char *kind, *lang, *channel;
	struct store_conn *c;
	struct ch_template t;
	if (template_ref(req, &kind, &lang, &channel, &err) || !(c = http_reader(req, &err)) ||
	    ch_template_get(c, kind, lang, channel, http_arena(req), &t, &err))
		return http_reply_error(req, &err);
	json_t *o = template_json(kind, lang, channel, &t);
	const struct ch_template *b = ch_template_builtin(kind, lang, channel);
	json_object_set_new(o, "builtin", json_pack("{s:s?,s:s}", "subject", b->subject, "body",
						    b->body));
	return http_reply_json(req, 200, o);
}

static int put_template(struct store_conn *c, struct channel_change *j)
{
	return store_template_put(c, &j->tpl, &j->job.err);
}

static int delete_template(struct store_conn *c, struct channel_change *j)
{
	/* going back to the built-in wording is done when it is in force */
	int rc = store_template_delete(c, j->tpl.kind, j->tpl.language, j->tpl.channel,
				       &j->job.err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(&j->job.err);
		rc = 0;
	}
	return rc;
}

int templates_put(struct http_request *req)
{
	static const char *const keys[] = {"subject", "body", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const char *kind, *lang, *channel, *subject = NULL, *text = NULL;
	json_t *body = http_body_json(req, &err);
	if (template_ref(req, &kind, &lang, &channel, &err) || !body ||
	    api_known_keys(body, keys, &err))
		return http_reply_error(req, &err);
	int email = strcmp(channel, "email") == 0;
	json_t *b = json_object_get(body, "body");
	if (!json_is_string(b) || !json_string_length(b) || !text_ok(json_string_value(b))) {
		kesu_fail(&err, KE_INVALID_VALUE, "body",
			  "is required: text without control characters other than line breaks"
			  " and tabs");
		return http_reply_error(req, &err);
	}
	/* characters, as the API says: a Chinese notice is three bytes a character */
	size_t chars = text_utf8_length(json_string_value(b));
	if (chars > 8000) {
		kesu_fail(&err, KE_TOO_LONG, "body", "is %zu characters long; at most 8000 are allowed",
			  chars);
		kesu_param_int(&err, "max", 8000);
		kesu_param_int(&err, "length", (long long)chars);
		return http_reply_error(req, &err);
	}
	text = json_string_value(b);
	if ((email && api_string(body, "subject", 1, 200, &subject, &err)) ||
	    (!email && json_object_get(body, "subject") &&
	     kesu_fail(&err, KE_INVALID_VALUE, "subject", "an SMS has no subject")) ||
	    (subject && ch_template_check(subject, "subject", &err)) ||
	    ch_template_check(text, "body", &err))
		return http_reply_error(req, &err);
	struct channel_change *j = channel_change_new(req, "template_changed", put_template);
	j->tpl = (struct template_row){kind, lang, channel, subject, arena_strdup(a, text),
				       j->actor, j->now};
	j->target = arena_printf(a, "template:%s/%s/%s", kind, lang, channel);
	struct ch_template t = {subject, j->tpl.body, 1, j->actor, j->now};
	j->reply = template_json(kind, lang, channel, &t);
	return http_defer(req, &j->job, channel_change_finish);
}

int templates_delete(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const char *kind, *lang, *channel;
	if (template_ref(req, &kind, &lang, &channel, &err))
		return http_reply_error(req, &err);
	struct channel_change *j = channel_change_new(req, "template_changed", delete_template);
	j->tpl = (struct template_row){.kind = kind, .language = lang, .channel = channel};
	j->target = arena_printf(a, "template:%s/%s/%s", kind, lang, channel);
	j->log = json_pack("{s:b}", "reset", 1);
	j->reply = template_json(kind, lang, channel, ch_template_builtin(kind, lang, channel));
	return http_defer(req, &j->job, channel_change_finish);
}
