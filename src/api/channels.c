/*
 * channels.c - /api/v1/channels, /secrets, /webhooks, /templates and
 * /deliveries: how kesu reaches people, what it says, and what became of
 * each message (the dead letters among them, and sending one again).
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/mask.h"
#include "../http/auth.h"
#include "../channels/channels.h"
#include "../util/clock.h"
#include "../util/ids.h"

static json_t *time_or_null(int64_t ms)
{
	char buf[40];
	return ms ? json_string(clock_format(ms, buf, sizeof buf)) : json_null();
}

/* A job that changes channel things, writes its security record, and
 * tells the sender to read them again. */
struct change_job {
	struct store_job job;
	int (*change)(struct store_conn *c, struct change_job *j);
	const char *actor, *address, *kind, *target;
	json_t *log; /* what the security record says (never a secret) */
	int64_t now;
	/* the change's own */
	struct webhook hook;
	struct template_row tpl;
	const char *name, *text;
	unsigned char *sealed;
	int sealed_len;
	int64_t id;
	json_t *reply;
	int status; /* of the reply: 200 unless set */
	char target_buf[48];
};

static int change_run(struct store_conn *c, struct store_job *job)
{
	struct change_job *j = (struct change_job *)job;
	int rc = j->change(c, j);
	if (!rc)
		rc = api_security_event(c, j->actor, j->address, j->now, j->kind, j->target, j->log,
					&job->err);
	if (!rc)
		ch_settings_changed();
	return rc;
}

static struct change_job *change_job(struct http_request *req, const char *kind,
				     int (*change)(struct store_conn *, struct change_job *))
{
	struct arena *a = http_arena(req);
	struct change_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = change_run;
	j->change = change;
	j->kind = kind;
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->now = clock_now_ms();
	return j;
}

static int change_finish(struct http_request *req, struct store_job *job)
{
	struct change_job *j = (struct change_job *)job;
	json_decref(j->log);
	if (job->rc) {
		json_decref(j->reply);
		return http_reply_error(req, &job->err);
	}
	return j->reply ? http_reply_json(req, j->status ? j->status : 200, j->reply)
			: http_reply_status(req, 204);
}

/* --- GET/PUT /api/v1/channels ---------------------------------------------------- */

struct names_ctx {
	json_t *arr;
};

static void name_json(void *ctx, const char *name, int64_t at)
{
	struct names_ctx *x = ctx;
	json_array_append_new(x->arr, json_pack("{s:s,s:o}", "name", name, "updated_at",
						time_or_null(at)));
}

/* --- secrets ------------------------------------------------------------------- */

int secrets_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct names_ctx x = {json_array()};
	if (!c || store_secret_names(c, name_json, &x, &err)) {
		json_decref(x.arr);
		return http_reply_error(req, &err);
	}
	return http_reply_json(req, 200, json_pack("{s:o}", "items", x.arr));
}

static int put_secret(struct store_conn *c, struct change_job *j)
{
	return store_secret_put(c, j->name, j->sealed, j->sealed_len, j->now, &j->job.err);
}

static int delete_secret(struct store_conn *c, struct change_job *j)
{
	return store_secret_delete(c, j->name, &j->job.err);
}

int secrets_put(struct http_request *req)
{
	static const char *const keys[] = {"value", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const char *name = http_param(req, 0), *value;
	json_t *body = http_body_json(req, &err);
	if (ch_secret_name_ok(name, &err) || !body || api_known_keys(body, keys, &err) ||
	    api_string(body, "value", 1, 4096, &value, &err))
		return http_reply_error(req, &err);
	struct change_job *j = change_job(req, "secret_set", put_secret);
	j->name = arena_strdup(a, name);
	ch_secret_seal(store_secret_key(http_store(req)), value, a, &j->sealed, &j->sealed_len);
	j->target = arena_printf(a, "secret:%s", name);
	j->reply = json_pack("{s:s,s:o}", "name", name, "updated_at", time_or_null(j->now));
	return http_defer(req, &j->job, change_finish);
}

int secrets_delete(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const char *name = http_param(req, 0);
	if (ch_secret_name_ok(name, &err))
		return http_reply_error(req, &err);
	struct change_job *j = change_job(req, "secret_removed", delete_secret);
	j->name = arena_strdup(a, name);
	j->target = arena_printf(a, "secret:%s", name);
	return http_defer(req, &j->job, change_finish);
}

/* --- webhooks ------------------------------------------------------------------ */

static json_t *hook_json(const struct webhook *w)
{
	return json_pack("{s:I,s:s,s:s?,s:o,s:b,s:o,s:o}", "id", (json_int_t)w->id, "url", w->url,
			 "description", w->description, "events",
			 json_loads(w->events, 0, NULL) ?: json_array(), "active", w->active,
			 "created_at", time_or_null(w->created_at), "updated_at",
			 time_or_null(w->updated_at));
}

/* Reads url, description, events and active onto w (keeping what the body
 * leaves out when patching). */
static int hook_from_json(json_t *body, int patch, struct arena *a, struct webhook *w,
			  struct kesu_err *err)
{
	static const char *const keys[] = {"url", "description", "events", "active",
					   "rotate_secret", NULL};
	const char *url = NULL, *desc = NULL;
	if (api_known_keys(body, keys, err) ||
	    api_string(body, "url", !patch, 1000, &url, err) ||
	    api_string(body, "description", 0, 200, &desc, err))
		return -err->code;
	if (url) {
		if ((strncmp(url, "https://", 8) && strncmp(url, "http://", 7)) || strchr(url, ' '))
			return kesu_fail(err, KE_INVALID_VALUE, "url",
					 "must be an http:// or https:// URL");
		w->url = url;
	}
	if (desc || (patch && json_is_null(json_object_get(body, "description"))))
		w->description = desc;
	json_t *ev = json_object_get(body, "events");
	if (ev || !patch) {
		if (!ev)
			ev = json_pack("[s]", "*");
		else
			json_incref(ev);
		size_t i;
		json_t *e;
		int bad = !json_is_array(ev) || json_array_size(ev) == 0 || json_array_size(ev) > 32;
		json_array_foreach(ev, i, e) {
			const char *k = json_string_value(e);
			int ok = k && strcmp(k, "*") == 0;
			static const char *const staff[] = {"clock_warning", "escalated", "task_overdue",
							    "approval_needed", "key_customer", NULL};
			for (int t = 0; k && ch_template_kinds[t]; t++)
				ok |= strcmp(ch_template_kinds[t], k) == 0;
			for (int t = 0; k && staff[t]; t++)
				ok |= strcmp(staff[t], k) == 0;
			bad |= !ok;
		}
		if (bad) {
			json_decref(ev);
			return kesu_fail(err, KE_INVALID_VALUE, "events",
					 "must be a list of notice kinds (acknowledged, progress, "
					 "awaiting_customer, resolved, follow_up, reopened, task, "
					 "clock_warning, escalated, task_overdue, approval_needed, "
					 "key_customer) or [\"*\"]");
		}
		char *text = json_dumps(ev, JSON_COMPACT);
		w->events = arena_strdup(a, text);
		free(text);
		json_decref(ev);
	}
	json_t *act = json_object_get(body, "active");
	if (act && !json_is_boolean(act))
		return kesu_fail(err, KE_WRONG_TYPE, "active", "must be true or false");
	if (act)
		w->active = json_is_true(act);
	json_t *rot = json_object_get(body, "rotate_secret");
	if (rot && !json_is_boolean(rot))
		return kesu_fail(err, KE_WRONG_TYPE, "rotate_secret", "must be true or false");
	return 0;
}

int webhooks_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct webhook *w;
	int n;
	if (!c || store_webhook_list(c, 0, http_arena(req), &w, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, hook_json(&w[i]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

int webhooks_get(struct http_request *req)
{
	struct kesu_err err = {0};
	int64_t id;
	struct webhook w;
	struct store_conn *c;
	if (api_id(http_param(req, 0), &id, &err) || !(c = http_reader(req, &err)) ||
	    store_webhook_get(c, id, http_arena(req), &w, &err))
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, hook_json(&w));
}

/* A new secret: 32 random bytes, shown once, as the receiver will use it. */
static const char *new_hook_secret(struct http_request *req, struct change_job *j)
{
	char secret[64];
	ids_random_token("whsec_", secret, sizeof secret);
	const char *s = arena_strdup(http_arena(req), secret);
	unsigned char *sealed;
	ch_secret_seal(store_secret_key(http_store(req)), s, http_arena(req), &sealed,
		       &j->hook.secret_len);
	j->hook.secret = sealed;
	return s;
}

static int insert_hook(struct store_conn *c, struct change_job *j)
{
	int rc = store_webhook_insert(c, &j->hook, &j->job.err);
	snprintf(j->target_buf, sizeof j->target_buf, "webhook:%lld", (long long)j->hook.id);
	j->target = j->target_buf;
	if (!rc)
		json_object_set_new(j->reply, "id", json_integer(j->hook.id));
	return rc;
}

int webhooks_create(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct change_job *j = change_job(req, "webhook_created", insert_hook);
	j->hook.active = 1;
	if (!body || hook_from_json(body, 0, http_arena(req), &j->hook, &err))
		return http_reply_error(req, &err);
	j->hook.created_at = j->hook.updated_at = j->now;
	const char *secret = new_hook_secret(req, j);
	j->reply = hook_json(&j->hook);
	/* shown this once: kesu keeps it sealed */
	json_object_set_new(j->reply, "secret", json_string(secret));
	j->log = json_pack("{s:s,s:s}", "url", j->hook.url, "events", j->hook.events);
	j->status = 201;
	return http_defer(req, &j->job, change_finish);
}

static int update_hook(struct store_conn *c, struct change_job *j)
{
	return store_webhook_update(c, &j->hook, &j->job.err);
}

int webhooks_patch(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	struct store_conn *c;
	json_t *body = http_body_json(req, &err);
	struct change_job *j = change_job(req, "webhook_changed", update_hook);
	if (!body || api_id(http_param(req, 0), &id, &err) || !(c = http_reader(req, &err)) ||
	    store_webhook_get(c, id, a, &j->hook, &err) ||
	    hook_from_json(body, 1, a, &j->hook, &err))
		return http_reply_error(req, &err);
	j->hook.secret = NULL; /* kept unless rotated */
	j->hook.updated_at = j->now;
	const char *secret = json_is_true(json_object_get(body, "rotate_secret"))
				     ? new_hook_secret(req, j)
				     : NULL;
	j->reply = hook_json(&j->hook);
	if (secret)
		json_object_set_new(j->reply, "secret", json_string(secret));
	snprintf(j->target_buf, sizeof j->target_buf, "webhook:%lld", (long long)id);
	j->target = j->target_buf;
	j->log = json_pack("{s:s,s:s,s:b,s:b}", "url", j->hook.url, "events", j->hook.events,
			   "active", j->hook.active, "secret_rotated", secret != NULL);
	return http_defer(req, &j->job, change_finish);
}

static int delete_hook(struct store_conn *c, struct change_job *j)
{
	return store_webhook_delete(c, j->id, &j->job.err);
}

int webhooks_delete(struct http_request *req)
{
	struct kesu_err err = {0};
	struct change_job *j = change_job(req, "webhook_removed", delete_hook);
	if (api_id(http_param(req, 0), &j->id, &err))
		return http_reply_error(req, &err);
	snprintf(j->target_buf, sizeof j->target_buf, "webhook:%lld", (long long)j->id);
	j->target = j->target_buf;
	return http_defer(req, &j->job, change_finish);
}

/* --- templates ----------------------------------------------------------------- */

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
			 time_or_null(t->updated_at));
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

static int put_template(struct store_conn *c, struct change_job *j)
{
	return store_template_put(c, &j->tpl, &j->job.err);
}

static int delete_template(struct store_conn *c, struct change_job *j)
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
	if (!json_is_string(b) || !json_string_length(b) || json_string_length(b) > 8000 ||
	    !text_ok(json_string_value(b))) {
		kesu_fail(&err, KE_INVALID_VALUE, "body",
			  "is required: text of at most 8000 bytes, without control characters"
			  " other than line breaks and tabs");
		return http_reply_error(req, &err);
	}
	text = json_string_value(b);
	if ((email && api_string(body, "subject", 1, 200, &subject, &err)) ||
	    (!email && json_object_get(body, "subject") &&
	     kesu_fail(&err, KE_INVALID_VALUE, "subject", "an SMS has no subject")) ||
	    (subject && ch_template_check(subject, "subject", &err)) ||
	    ch_template_check(text, "body", &err))
		return http_reply_error(req, &err);
	struct change_job *j = change_job(req, "template_changed", put_template);
	j->tpl = (struct template_row){kind, lang, channel, subject, arena_strdup(a, text),
				       j->actor, j->now};
	j->target = arena_printf(a, "template:%s/%s/%s", kind, lang, channel);
	struct ch_template t = {subject, j->tpl.body, 1, j->actor, j->now};
	j->reply = template_json(kind, lang, channel, &t);
	return http_defer(req, &j->job, change_finish);
}

int templates_delete(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const char *kind, *lang, *channel;
	if (template_ref(req, &kind, &lang, &channel, &err))
		return http_reply_error(req, &err);
	struct change_job *j = change_job(req, "template_changed", delete_template);
	j->tpl = (struct template_row){.kind = kind, .language = lang, .channel = channel};
	j->target = arena_printf(a, "template:%s/%s/%s", kind, lang, channel);
	j->log = json_pack("{s:b}", "reset", 1);
	j->reply = template_json(kind, lang, channel, ch_template_builtin(kind, lang, channel));
	return http_defer(req, &j->job, change_finish);
}

/* --- deliveries ------------------------------------------------------------------ */

static json_t *delivery_json(const struct delivery *d, int pii, struct arena *a)
{
	const char *to = d->recipient;
	if (!pii && to && strcmp(d->kind, "sms") == 0)
		to = mask_phone(to, a);
	else if (!pii && to && strcmp(d->kind, "email") == 0)
		to = mask_email(to, a);
	json_t *o = json_pack("{s:I,s:I,s:s,s:s?,s:s,s:i,s:o,s:o,s:s?,s:o,s:s?,s:s?,s:o}", "id",
			      (json_int_t)d->id, "notice_id", (json_int_t)d->outbox_id, "kind",
			      d->kind, "recipient", to, "state", d->state, "attempts", d->attempts,
			      "next_at", time_or_null(d->state[0] == 'q' ? d->next_at : 0),
			      "last_attempt_at", time_or_null(d->last_attempt_at), "last_error",
			      d->last_error, "accepted_at", time_or_null(d->accepted_at),
			      "accepted_reply", d->accepted_reply, "message_id", d->message_id,
			      "created_at", time_or_null(d->created_at));
	json_object_set_new(o, "complaint_id",
			    d->complaint_id ? json_integer(d->complaint_id) : json_null());
	json_object_set_new(o, "webhook_id", d->webhook_id ? json_integer(d->webhook_id) : json_null());
	return o;
}

int deliveries_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct delivery_filter f = {.state = http_query(req, "state")};
	const char *v;
	if (api_limit(req, 50, 200, &f.limit, &err))
		return http_reply_error(req, &err);
	if ((v = http_query(req, "cursor"))) {
		int64_t unused;
		if (api_cursor_decode(v, 'd', &unused, &f.before_id, &err))
			return http_reply_error(req, &err);
	}
	struct store_conn *c = http_reader(req, &err);
	struct delivery *items;
	int n, more;
	if (!c || store_delivery_list(c, &f, a, &items, &n, &more, &err))
		return http_reply_error(req, &err);
	int pii = authz_can(http_principal(req), P_PII_VIEW);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, delivery_json(&items[i], pii, a));
	const char *next = more && n ? api_cursor_encode(a, 'd', 0, items[n - 1].id) : NULL;
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:s?}", "items", arr, "next_cursor", next));
}

static int requeue(struct store_conn *c, struct change_job *j)
{
	return store_delivery_requeue(c, j->id, j->now, &j->job.err);
}

int deliveries_retry(struct http_request *req)
{
	struct kesu_err err = {0};
	struct change_job *j = change_job(req, "delivery_retried", requeue);
	if (api_id(http_param(req, 0), &j->id, &err))
		return http_reply_error(req, &err);
	snprintf(j->target_buf, sizeof j->target_buf, "delivery:%lld", (long long)j->id);
	j->target = j->target_buf;
	j->reply = json_pack("{s:I,s:s}", "id", (json_int_t)j->id, "state", "queued");
	return http_defer(req, &j->job, change_finish);
}

/* --- GET /api/v1/complaints/{ref}/outbox ------------------------------------------ */

int complaints_outbox(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	struct outbox_item *items;
	int n;
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err) ||
	    store_outbox_list(c, cp.id, 0, 200, a, &items, &n, &err))
		return http_reply_error(req, &err);
	int pii = authz_can(http_principal(req), P_PII_VIEW);
	struct delivery *dl;
	int nd, more;
	struct delivery_filter f = {.complaint_id = cp.id, .limit = 1000};
	if (store_delivery_list(c, &f, a, &dl, &nd, &more, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		char at[40];
		json_t *d = json_loads(items[i].data, 0, NULL);
		json_t *sent = json_array();
		for (int k = nd - 1; k >= 0; k--)
			if (dl[k].outbox_id == items[i].id)
				json_array_append_new(sent, delivery_json(&dl[k], pii, a));
		json_array_append_new(
			arr, json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?,s:s,s:s,s:o,s:o}", "id",
				       (json_int_t)items[i].id, "audience", items[i].audience,
				       "kind", items[i].kind, "channel", items[i].channel,
				       "recipient",
				       pii || strcmp(items[i].audience, "staff") == 0 ? items[i].recipient
										     : "***",
				       "language", items[i].language, "state", items[i].state,
				       "created_at", clock_format(items[i].created_at, at, sizeof at),
				       "data", d ? d : json_object(), "deliveries", sent));
	}
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}
