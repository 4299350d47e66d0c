/*
 * channels.c - what every change to the channels does (secrets, webhooks,
 * templates, a delivery sent again): its security record in the same
 * transaction, the sender told to read them again, and the reply. The
 * channel settings themselves (GET/PUT /api/v1/channels) are a row of
 * the settings table (settings.h).
 */
#include "channels_int.h"

#include "../util/clock.h"

json_t *channel_time_json(int64_t ms)
{
	char buf[40];
	return ms ? json_string(clock_format(ms, buf, sizeof buf)) : json_null();
}

static int change_run(struct store_conn *c, struct store_job *job)
{
	struct channel_change *j = (struct channel_change *)job;
	int rc = j->change(c, j);
	if (!rc)
		rc = api_security_event(c, j->actor, j->address, j->now, j->kind, j->target, j->log,
					&job->err);
	/* the other nodes' senders read them again too (api_settings_reload) */
	if (!rc)
		rc = store_generation_bump(c, "settings", &job->err);
	if (!rc)
		ch_settings_changed();
	return rc;
}

struct channel_change *channel_change_new(struct http_request *req, const char *kind,
					  int (*change)(struct store_conn *,
							struct channel_change *))
{
	struct arena *a = http_arena(req);
	struct channel_change *j = arena_zalloc(a, sizeof *j);
	j->job.run = change_run;
	j->change = change;
	j->kind = kind;
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->now = clock_now_ms();
	return j;
}

int channel_change_finish(struct http_request *req, struct store_job *job)
{
	struct channel_change *j = (struct channel_change *)job;
	json_decref(j->log);
	if (job->rc) {
		json_decref(j->reply);
		return http_reply_error(req, &job->err);
	}
	return j->reply ? http_reply_json(req, j->status ? j->status : 200, j->reply)
			: http_reply_status(req, 204);
}
