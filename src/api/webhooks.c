/*
 * webhooks.c - /api/v1/webhooks: the addresses notices are posted to,
 * which notices each takes, and its signing secret, shown once when made
 * or rotated.
 */
#include "channels_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/ids.h"

static json_t *hook_json(const struct webhook *w)
{
	return json_pack("{s:I,s:s,s:s?,s:o,s:b,s:o,s:o}", "id", (json_int_t)w->id, "url", w->url,
			 "description", w->description, "events",
			 json_loads(w->events, 0, NULL) ?: json_array(), "active", w->active,
			 "created_at", channel_time_json(w->created_at), "updated_at",
			 channel_time_json(w->updated_at));
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
							    "approval_needed", "key_customer",
							    "second_complaint", NULL};
			ok |= ch_notice_kind(k);
			for (int t = 0; k && staff[t]; t++)
				ok |= strcmp(staff[t], k) == 0;
			bad |= !ok;
		}
		if (bad) {
			json_decref(ev);
			return kesu_fail(err, KE_INVALID_VALUE, "events",
					 "must be a list of notice kinds (acknowledged, progress, "
					 "department_asked, plan_proposed, awaiting_customer, "
					 "resolved, follow_up, reopened, message, merged, task, "
					 "report, review_change, review_reminder, clock_warning, "
					 "escalated, task_overdue, approval_needed, key_customer, "
					 "second_complaint) or [\"*\"]");
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
static const char *new_hook_secret(struct http_request *req, struct channel_change *j)
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

static int insert_hook(struct store_conn *c, struct channel_change *j)
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
	struct channel_change *j = channel_change_new(req, "webhook_created", insert_hook);
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
	return http_defer(req, &j->job, channel_change_finish);
}

static int update_hook(struct store_conn *c, struct channel_change *j)
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
	struct channel_change *j = channel_change_new(req, "webhook_changed", update_hook);
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
	return http_defer(req, &j->job, channel_change_finish);
}

static int delete_hook(struct store_conn *c, struct channel_change *j)
{
	return store_webhook_delete(c, j->id, &j->job.err);
}

int webhooks_delete(struct http_request *req)
{
	struct kesu_err err = {0};
	struct channel_change *j = channel_change_new(req, "webhook_removed", delete_hook);
	if (api_id(http_param(req, 0), &j->id, &err))
		return http_reply_error(req, &err);
	snprintf(j->target_buf, sizeof j->target_buf, "webhook:%lld", (long long)j->id);
	j->target = j->target_buf;
	return http_defer(req, &j->job, channel_change_finish);
}
