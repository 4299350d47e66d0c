/*
 * deliveries.c - /api/v1/deliveries: what became of each message sent
 * (the dead letters among them), and sending one again. The reply of a
 * delivery is shared with a complaint's outbox (outbox.c).
 */
#include "channels_int.h"

#include <stdio.h>
#include <string.h>

#include "../auth/mask.h"
#include "../http/auth.h"

json_t *channel_delivery_json(const struct delivery *d, int pii, struct arena *a)
{
	const char *to = d->recipient;
	if (!pii && to && strcmp(d->kind, "sms") == 0)
		to = mask_phone(to, a);
	else if (!pii && to && strcmp(d->kind, "email") == 0)
		to = mask_email(to, a);
	json_t *o = json_pack("{s:I,s:I,s:s,s:s?,s:s,s:i,s:o,s:o,s:s?,s:o,s:s?,s:s?,s:o}", "id",
			      (json_int_t)d->id, "notice_id", (json_int_t)d->outbox_id, "kind",
			      d->kind, "recipient", to, "state", d->state, "attempts", d->attempts,
			      "next_at", channel_time_json(d->state[0] == 'q' ? d->next_at : 0),
			      "last_attempt_at", channel_time_json(d->last_attempt_at), "last_error",
			      d->last_error, "accepted_at", channel_time_json(d->accepted_at),
			      "accepted_reply", d->accepted_reply, "message_id", d->message_id,
			      "created_at", channel_time_json(d->created_at));
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
		json_array_append_new(arr, channel_delivery_json(&items[i], pii, a));
	const char *next = more && n ? api_cursor_encode(a, 'd', 0, items[n - 1].id) : NULL;
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:s?}", "items", arr, "next_cursor", next));
}

static int requeue(struct store_conn *c, struct channel_change *j)
{
	return store_delivery_requeue(c, j->id, j->now, &j->job.err);
}

int deliveries_retry(struct http_request *req)
{
	struct kesu_err err = {0};
	struct channel_change *j = channel_change_new(req, "delivery_retried", requeue);
	if (api_id(http_param(req, 0), &j->id, &err))
		return http_reply_error(req, &err);
	snprintf(j->target_buf, sizeof j->target_buf, "delivery:%lld", (long long)j->id);
	j->target = j->target_buf;
	j->reply = json_pack("{s:I,s:s}", "id", (json_int_t)j->id, "state", "queued");
	return http_defer(req, &j->job, channel_change_finish);
}
