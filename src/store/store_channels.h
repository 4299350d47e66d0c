/*
 * store_channels.h - what the channels keep in the store: deliveries of the
 * outbox, webhooks, notice templates, sealed secrets, incoming mail and
 * attachments. Included by store.h; see there for connections and jobs.
 */
#ifndef KESU_STORE_CHANNELS_H
#define KESU_STORE_CHANNELS_H

#include "store.h"

/* --- Deliveries (sqlite_deliveries.c) ------------------------------------ */

struct delivery {
	int64_t id, outbox_id, complaint_id, webhook_id; /* webhook_id 0: not a webhook */
	const char *kind;      /* email, sms, webhook */
	const char *recipient; /* address, phone number or URL */
	const char *state;     /* queued, sending, sent, dead */
	int attempts;
	int64_t next_at, last_attempt_at, accepted_at, created_at; /* 0: none */
	const char *last_error, *accepted_reply, *message_id;
};
int store_delivery_insert(struct store_conn *c, struct delivery *d, struct kesu_err *err);
/* Up to limit queued deliveries of kind due by now, earliest first. */
int store_deliveries_due(struct store_conn *c, const char *kind, int64_t now, int limit,
			 struct arena *a, struct delivery **items, int *n, struct kesu_err *err);
/* queued -> sending, one attempt more. KE_CONFLICT if it was not queued. */
int store_delivery_claim(struct store_conn *c, int64_t id, int64_t now, struct kesu_err *err);
/* Writes the outcome of an attempt: state, attempts, next_at, last_error,
 * accepted_at and accepted_reply of d. Only a delivery in sending changes
 * (KE_CONFLICT otherwise): an accepted one is never made queued again. */
int store_delivery_finish(struct store_conn *c, const struct delivery *d, struct kesu_err *err);
/* Deliveries left in sending by a stop go back to queued, due now: the
 * relay may or may not have taken them (at least once). */
int store_deliveries_recover(struct store_conn *c, int64_t now, int *n, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. */
int store_delivery_get(struct store_conn *c, int64_t id, struct arena *a, struct delivery *out,
		       struct kesu_err *err);
struct delivery_filter {
	const char *state;    /* NULL: any */
	int64_t complaint_id; /* 0: any */
	int64_t outbox_id;    /* 0: any */
	int64_t before_id;    /* 0: from the newest */
	int limit;
};
/* Reader. Newest first. */
int store_delivery_list(struct store_conn *c, const struct delivery_filter *f, struct arena *a,
			struct delivery **items, int *n, int *more, struct kesu_err *err);
/* dead -> queued now, with its attempts counted from zero. KE_CONFLICT if
 * it is not dead (a sent one is never sent again), KE_NOT_FOUND. */
int store_delivery_requeue(struct store_conn *c, int64_t id, int64_t now, struct kesu_err *err);

/* --- Webhooks (sqlite_webhooks.c) ---------------------------------------- */

struct webhook {
	int64_t id;
	const char *url, *description;
	const char *events; /* JSON array of notice kinds, or ["*"] */
	const unsigned char *secret; /* sealed */
	int secret_len;
	int active;
	int64_t created_at, updated_at;
};
int store_webhook_insert(struct store_conn *c, struct webhook *w, struct kesu_err *err);
/* Writes url, description, events, active, updated_at (and the secret when
 * secret is not NULL). KE_NOT_FOUND. */
int store_webhook_update(struct store_conn *c, const struct webhook *w, struct kesu_err *err);
int store_webhook_delete(struct store_conn *c, int64_t id, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. */
int store_webhook_get(struct store_conn *c, int64_t id, struct arena *a, struct webhook *out,
		      struct kesu_err *err);
/* Every webhook (only the active ones if active_only), by id. */
int store_webhook_list(struct store_conn *c, int active_only, struct arena *a,
		       struct webhook **items, int *n, struct kesu_err *err);

/* --- Notice templates (sqlite_templates.c) ------------------------------- */

struct template_row {
	const char *kind, *language, *channel; /* channel: email, sms */
	const char *subject, *body, *updated_by;
	int64_t updated_at;
};
/* An administrator's template; KE_NOT_FOUND where the built-in one applies. */
int store_template_get(struct store_conn *c, const char *kind, const char *language,
		       const char *channel, struct arena *a, struct template_row *out,
		       struct kesu_err *err);
int store_template_put(struct store_conn *c, const struct template_row *t, struct kesu_err *err);
/* Back to the built-in one; KE_NOT_FOUND if there was none. */
int store_template_delete(struct store_conn *c, const char *kind, const char *language,
			  const char *channel, struct kesu_err *err);
int store_template_list(struct store_conn *c, struct arena *a, struct template_row **items,
			int *n, struct kesu_err *err);

/* --- Sealed secrets (sqlite_secrets.c) ----------------------------------- */

/* Sealed secrets of the channels, by name. get: KE_NOT_FOUND. */
int store_secret_put(struct store_conn *c, const char *name, const unsigned char *sealed,
		     int len, int64_t now, struct kesu_err *err);
int store_secret_get(struct store_conn *c, const char *name, struct arena *a,
		     const unsigned char **sealed, int *len, struct kesu_err *err);
int store_secret_delete(struct store_conn *c, const char *name, struct kesu_err *err);
/* Names and when each was set, through fn. */
int store_secret_names(struct store_conn *c,
		       void (*fn)(void *ctx, const char *name, int64_t updated_at), void *ctx,
		       struct kesu_err *err);

/* --- Incoming mail (sqlite_mails.c) -------------------------------------- */

struct mail_row {
	int64_t id, received_at, complaint_id, size;
	unsigned char sha256[32];
	const char *message_id, *from_addr, *subject;
	const char *author;	 /* person, auto_reply, bounce, bulk, unknown */
	const char *disposition; /* created, reply, ignored, review, dismissed */
	const char *note;
	const char *raw; /* size bytes; NULL in lists */
};
/* KE_CONFLICT if a mail with the same bytes is stored already. */
int store_mail_insert(struct store_conn *c, struct mail_row *m, struct kesu_err *err);
/* The mail with these bytes; KE_NOT_FOUND. Without raw. */
int store_mail_by_hash(struct store_conn *c, const unsigned char sha256[32], struct arena *a,
		       struct mail_row *out, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. raw only when with_raw. */
int store_mail_get(struct store_conn *c, int64_t id, int with_raw, struct arena *a,
		   struct mail_row *out, struct kesu_err *err);
/* Reader. Newest first, of one disposition (NULL: any). */
int store_mail_list(struct store_conn *c, const char *disposition, int64_t before_id, int limit,
		    struct arena *a, struct mail_row **items, int *n, int *more,
		    struct kesu_err *err);
int store_mail_set(struct store_conn *c, int64_t id, const char *disposition,
		   int64_t complaint_id, const char *note, struct kesu_err *err);

/* --- Attachments (sqlite_attachments.c) ---------------------------------- */

struct attachment {
	int64_t id, complaint_id, mail_id, size, created_at;
	unsigned char sha256[32];
	const char *filename, *content_type, *declared_type;
	const char *source; /* email, staff, portal */
	const char *created_by;
	const unsigned char *data; /* size bytes; NULL in lists */
};
int store_attachment_insert(struct store_conn *c, struct attachment *t, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. data only when with_data. */
int store_attachment_get(struct store_conn *c, int64_t id, int with_data, struct arena *a,
			 struct attachment *out, struct kesu_err *err);
/* A complaint's attachments, oldest first, without their bytes. */
int store_attachments_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
			 struct attachment **items, int *n, struct kesu_err *err);
/* How many a complaint has, and their bytes; of one source ("portal"),
 * or of all with source NULL. */
int store_attachment_totals(struct store_conn *c, int64_t complaint_id, const char *source,
			    int *count, int64_t *bytes, struct kesu_err *err);

#endif
