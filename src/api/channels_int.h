/*
 * channels_int.h - what the channel resources share (secrets.c,
 * webhooks.c, templates.c, deliveries.c, outbox.c): the one job every
 * change to how kesu reaches people goes through, and the time format of
 * their replies.
 */
#ifndef KESU_API_CHANNELS_INT_H
#define KESU_API_CHANNELS_INT_H

#include "api.h"

#include "../channels/channels.h"

/* A time as the channel replies show it: ISO 8601, or null for 0. */
json_t *channel_time_json(int64_t ms);

/* A delivery as the caller may see it: its recipient masked without
 * pii (pii.view). What is masked is allocated in a. */
json_t *channel_delivery_json(const struct delivery *d, int pii, struct arena *a);

/* A job that changes channel things, writes its security record, and
 * tells the sender to read them again. */
struct channel_change {
	struct store_job job;
	int (*change)(struct store_conn *c, struct channel_change *j);
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

/* A zeroed change of kind (the security event's) in the request's arena,
 * by the request's caller, now, that runs change in the writer. The
 * caller sets target and what change needs, then hands it to http_defer
 * with channel_change_finish. */
struct channel_change *channel_change_new(struct http_request *req, const char *kind,
					  int (*change)(struct store_conn *,
							struct channel_change *));
/* The finish of a channel change: the error, j->reply with j->status (200
 * unless set), or 204 without a reply. Frees j->log, and j->reply on
 * error. */
int channel_change_finish(struct http_request *req, struct store_job *job);

#endif
