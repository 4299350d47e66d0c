/*
 * secrets.c - /api/v1/channels/secrets: the passwords and keys the
 * channels use (SMTP relay, SMS gateway), kept sealed; their names and
 * times are shown, never their values.
 */
#include "channels_int.h"

struct names_ctx {
	json_t *arr;
};

static void name_json(void *ctx, const char *name, int64_t at)
{
	struct names_ctx *x = ctx;
	json_array_append_new(x->arr, json_pack("{s:s,s:o}", "name", name, "updated_at",
						channel_time_json(at)));
}

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

static int put_secret(struct store_conn *c, struct channel_change *j)
{
	return store_secret_put(c, j->name, j->sealed, j->sealed_len, j->now, &j->job.err);
}

static int delete_secret(struct store_conn *c, struct channel_change *j)
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
	struct channel_change *j = channel_change_new(req, "secret_set", put_secret);
	j->name = arena_strdup(a, name);
	ch_secret_seal(store_secret_key(http_store(req)), value, a, &j->sealed, &j->sealed_len);
	j->target = arena_printf(a, "secret:%s", name);
	j->reply = json_pack("{s:s,s:o}", "name", name, "updated_at", channel_time_json(j->now));
	return http_defer(req, &j->job, channel_change_finish);
}

int secrets_delete(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const char *name = http_param(req, 0);
	if (ch_secret_name_ok(name, &err))
		return http_reply_error(req, &err);
	struct channel_change *j = channel_change_new(req, "secret_removed", delete_secret);
	j->name = arena_strdup(a, name);
	j->target = arena_printf(a, "secret:%s", name);
	return http_defer(req, &j->job, channel_change_finish);
}
