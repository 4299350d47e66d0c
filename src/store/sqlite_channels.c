/*
 * sqlite_channels.c - what the channels keep in SQLite: deliveries of the
 * outbox, webhooks, templates, sealed secrets, incoming mail and
 * attachments.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <string.h>

/* For UPDATE/DELETE of one row: KE_NOT_FOUND when none changed. */
static int step_one(struct store_conn *c, sqlite3_stmt *st, const char *what,
		    struct kesu_err *err)
{
	int rc = sqlite3_step(st);
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, what, err);
	return sqlite3_changes(c->db) ? 0 : kesu_fail(err, KE_NOT_FOUND, "", "no such %s", what);
}

static const void *col_blob(sqlite3_stmt *st, int i, struct arena *a, int *len)
{
	const void *b = sqlite3_column_blob(st, i);
	*len = sqlite3_column_bytes(st, i);
	if (!b)
		return NULL;
	void *copy = arena_alloc(a, (size_t)*len + 1);
	memcpy(copy, b, (size_t)*len);
	((char *)copy)[*len] = '\0';
	return copy;
}

/* --- the outbox, as the sender sees it --------------------------------------- */

void outbox_read_row(sqlite3_stmt *st, struct arena *a, struct outbox_item *o)
{
	o->id = sqlite3_column_int64(st, 0);
	o->complaint_id = sqlite3_column_int64(st, 1);
	o->created_at = sqlite3_column_int64(st, 2);
	o->audience = col_text(st, 3, a);
	o->kind = col_text(st, 4, a);
	o->channel = col_text(st, 5, a);
	o->recipient = col_text(st, 6, a);
	o->language = col_text(st, 7, a);
	o->data = col_text(st, 8, a);
	o->state = col_text(st, 9, a);
}

int store_outbox_pending(struct store_conn *c, int limit, struct arena *a,
			 struct outbox_item **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_OUTBOX_PENDING,
				     "SELECT " OUTBOX_COLS " FROM outbox WHERE state = 'pending'"
				     " ORDER BY id LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int(st, 1, limit);
	*items = arena_alloc(a, sizeof **items * (size_t)(limit > 0 ? limit : 1));
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit)
		outbox_read_row(st, a, &(*items)[(*n)++]);
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "outbox pending", err);
}

int store_outbox_get(struct store_conn *c, int64_t id, struct arena *a, struct outbox_item *out,
		     struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_OUTBOX_GET,
				     "SELECT " OUTBOX_COLS " FROM outbox WHERE id = ?", err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		outbox_read_row(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no notice %lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "outbox get", err);
}

int store_outbox_set_state(struct store_conn *c, int64_t id, const char *state,
			   struct kesu_err *err)
{
	sqlite3_stmt *st =
		conn_stmt(c, S_OUTBOX_STATE, "UPDATE outbox SET state = ? WHERE id = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, state);
	sqlite3_bind_int64(st, 2, id);
	return step_one(c, st, "notice", err);
}

int store_outbox_all_internal(struct store_conn *c, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_OUTBOX_ALL_INTERNAL,
				     "UPDATE outbox SET state = 'internal' WHERE state = 'pending'", err);
	if (!st)
		return -err->code;
	int rc = step_done(c, st, "outbox internal", err);
	*n = rc ? 0 : sqlite3_changes(c->db);
	return rc;
}

/* --- deliveries --------------------------------------------------------------- */

#define DLV_COLS                                                                         \
	"id, outbox_id, complaint_id, kind, webhook_id, recipient, state, attempts, next_at," \
	" last_attempt_at, last_error, accepted_at, accepted_reply, message_id, created_at"

static void read_delivery(sqlite3_stmt *st, struct arena *a, struct delivery *d)
{
	d->id = sqlite3_column_int64(st, 0);
	d->outbox_id = sqlite3_column_int64(st, 1);
	d->complaint_id = sqlite3_column_int64(st, 2);
	d->kind = col_text(st, 3, a);
	d->webhook_id = sqlite3_column_int64(st, 4);
	d->recipient = col_text(st, 5, a);
	d->state = col_text(st, 6, a);
	d->attempts = sqlite3_column_int(st, 7);
	d->next_at = sqlite3_column_int64(st, 8);
	d->last_attempt_at = sqlite3_column_int64(st, 9);
	d->last_error = col_text(st, 10, a);
	d->accepted_at = sqlite3_column_int64(st, 11);
	d->accepted_reply = col_text(st, 12, a);
	d->message_id = col_text(st, 13, a);
	d->created_at = sqlite3_column_int64(st, 14);
}

int store_delivery_insert(struct store_conn *c, struct delivery *d, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_DLV_INSERT,
		"INSERT INTO deliveries(outbox_id, complaint_id, kind, webhook_id, recipient, state,"
		" next_at, message_id, created_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)"
		" RETURNING id",
		err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, d->outbox_id);
	bind_opt(st, 2, d->complaint_id);
	bind_text(st, 3, d->kind);
	bind_opt(st, 4, d->webhook_id);
	bind_text(st, 5, d->recipient);
	sqlite3_bind_int64(st, 6, d->next_at);
	bind_text(st, 7, d->message_id);
	sqlite3_bind_int64(st, 8, d->created_at);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		d->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	d->state = "queued";
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "delivery insert", err);
}

int store_deliveries_due(struct store_conn *c, const char *kind, int64_t now, int limit,
			 struct arena *a, struct delivery **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_DLV_DUE,
				     "SELECT " DLV_COLS " FROM deliveries WHERE state = 'queued'"
				     " AND next_at <= ? AND kind = ? ORDER BY next_at LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, now);
	bind_text(st, 2, kind);
	sqlite3_bind_int(st, 3, limit);
	*items = arena_alloc(a, sizeof **items * (size_t)(limit > 0 ? limit : 1));
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit)
		read_delivery(st, a, &(*items)[(*n)++]);
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "deliveries due", err);
}

int store_delivery_claim(struct store_conn *c, int64_t id, int64_t now, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_DLV_CLAIM,
				     "UPDATE deliveries SET state = 'sending', attempts = attempts + 1,"
				     " last_attempt_at = ? WHERE id = ? AND state = 'queued'",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	int rc = step_one(c, st, "queued delivery", err);
	return rc == -KE_NOT_FOUND ? kesu_fail(err, KE_CONFLICT, "", "delivery %lld is not queued",
					       (long long)id)
				   : rc;
}

int store_delivery_finish(struct store_conn *c, const struct delivery *d, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_DLV_FINISH,
		"UPDATE deliveries SET state = ?, attempts = ?, next_at = ?, last_error = ?,"
		" accepted_at = ?, accepted_reply = ?, message_id = coalesce(?, message_id)"
		" WHERE id = ? AND state = 'sending'",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, d->state);
	sqlite3_bind_int(st, 2, d->attempts);
	bind_opt(st, 3, d->next_at);
	bind_text(st, 4, d->last_error);
	bind_opt(st, 5, d->accepted_at);
	bind_text(st, 6, d->accepted_reply);
	bind_text(st, 7, d->message_id);
	sqlite3_bind_int64(st, 8, d->id);
	int rc = step_one(c, st, "delivery being sent", err);
	return rc == -KE_NOT_FOUND ? kesu_fail(err, KE_CONFLICT, "",
					       "delivery %lld is not being sent", (long long)d->id)
				   : rc;
}

int store_deliveries_recover(struct store_conn *c, int64_t now, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_DLV_RECOVER,
				     "UPDATE deliveries SET state = 'queued', next_at = ?"
				     " WHERE state = 'sending'",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, now);
	int rc = step_done(c, st, "deliveries recover", err);
	*n = rc ? 0 : sqlite3_changes(c->db);
	return rc;
}

int store_delivery_get(struct store_conn *c, int64_t id, struct arena *a, struct delivery *out,
		       struct kesu_err *err)
{
	sqlite3_stmt *st =
		conn_stmt(c, S_DLV_GET, "SELECT " DLV_COLS " FROM deliveries WHERE id = ?", err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_delivery(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no delivery %lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "delivery get", err);
}

/* The states a list can be narrowed to; each its own statement, so that a
 * list of the dead ones reads the partial index of the dead ones. */
static const char *const dlv_states[] = {"queued", "sending", "sent", "dead"};

int store_delivery_list(struct store_conn *c, const struct delivery_filter *f, struct arena *a,
			struct delivery **items, int *n, int *more, struct kesu_err *err)
{
	int si = 0;
	for (int i = 0; f->state && i < 4; i++)
		if (strcmp(dlv_states[i], f->state) == 0)
			si = i + 1;
	if (f->state && !si)
		return kesu_fail(err, KE_INVALID_VALUE, "state",
				 "must be one of: queued, sending, sent, dead");
	unsigned mask = (unsigned)si * 8 + (f->complaint_id ? 4 : 0) + (f->outbox_id ? 2 : 0) +
			(f->before_id ? 1 : 0);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT " DLV_COLS " FROM deliveries WHERE 1 = 1%s%s%s%s%s%s"
		 " ORDER BY id DESC LIMIT ?",
		 si ? " AND state = '" : "", si ? dlv_states[si - 1] : "", si ? "'" : "",
		 f->complaint_id ? " AND complaint_id = ?" : "",
		 f->outbox_id ? " AND outbox_id = ?" : "", f->before_id ? " AND id < ?" : "");
	sqlite3_stmt *st = conn_prepare(c, &c->delivery_lists[mask % DELIVERY_LIST_VARIANTS], sql,
					err);
	if (!st)
		return -err->code;
	int i = 1;
	if (f->complaint_id)
		sqlite3_bind_int64(st, i++, f->complaint_id);
	if (f->outbox_id)
		sqlite3_bind_int64(st, i++, f->outbox_id);
	if (f->before_id)
		sqlite3_bind_int64(st, i++, f->before_id);
	sqlite3_bind_int(st, i, f->limit + 1);
	*items = arena_alloc(a, sizeof **items * (size_t)(f->limit + 1));
	*n = 0;
	*more = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == f->limit) {
			*more = 1;
			break;
		}
		read_delivery(st, a, &(*items)[(*n)++]);
	}
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "delivery list", err);
}

int store_delivery_requeue(struct store_conn *c, int64_t id, int64_t now, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_DLV_REQUEUE,
				     "UPDATE deliveries SET state = 'queued', attempts = 0, next_at = ?"
				     " WHERE id = ? AND state = 'dead'",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	int rc = step_one(c, st, "dead delivery", err);
	if (rc == 0)
		c->notify = 1;
	if (rc != -KE_NOT_FOUND)
		return rc;
	struct delivery d;
	struct arena *a = arena_new();
	rc = store_delivery_get(c, id, a, &d, err);
	if (!rc)
		rc = kesu_fail(err, KE_CONFLICT, "",
			       "delivery %lld is %s: only a dead one can be sent again",
			       (long long)id, d.state);
	arena_free(a);
	return rc;
}

/* --- webhooks ----------------------------------------------------------------- */

#define HOOK_COLS "id, url, description, events, secret, active, created_at, updated_at"

static void read_hook(sqlite3_stmt *st, struct arena *a, struct webhook *w)
{
	w->id = sqlite3_column_int64(st, 0);
	w->url = col_text(st, 1, a);
	w->description = col_text(st, 2, a);
	w->events = col_text(st, 3, a);
	w->secret = col_blob(st, 4, a, &w->secret_len);
	w->active = sqlite3_column_int(st, 5);
	w->created_at = sqlite3_column_int64(st, 6);
	w->updated_at = sqlite3_column_int64(st, 7);
}

int store_webhook_insert(struct store_conn *c, struct webhook *w, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_HOOK_INSERT,
				     "INSERT INTO webhooks(url, description, events, secret, active,"
				     " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, w->url);
	bind_text(st, 2, w->description);
	bind_text(st, 3, w->events);
	sqlite3_bind_blob(st, 4, w->secret, w->secret_len, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, w->active);
	sqlite3_bind_int64(st, 6, w->created_at);
	sqlite3_bind_int64(st, 7, w->updated_at);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		w->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "webhook insert", err);
}

int store_webhook_update(struct store_conn *c, const struct webhook *w, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_HOOK_UPDATE,
				     "UPDATE webhooks SET url = ?, description = ?, events = ?,"
				     " active = ?, updated_at = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, w->url);
	bind_text(st, 2, w->description);
	bind_text(st, 3, w->events);
	sqlite3_bind_int(st, 4, w->active);
	sqlite3_bind_int64(st, 5, w->updated_at);
	sqlite3_bind_int64(st, 6, w->id);
	int rc = step_one(c, st, "webhook", err);
	if (rc || !w->secret)
		return rc;
	st = conn_stmt(c, S_HOOK_SECRET, "UPDATE webhooks SET secret = ? WHERE id = ?", err);
	if (!st)
		return -err->code;
	sqlite3_bind_blob(st, 1, w->secret, w->secret_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, w->id);
	return step_one(c, st, "webhook", err);
}

int store_webhook_delete(struct store_conn *c, int64_t id, struct kesu_err *err)
{
	/* its deliveries stay, as the record of what was sent; the queued ones
	 * find no webhook and die with that reason */
	sqlite3_stmt *st = conn_stmt(c, S_HOOK_DELETE, "DELETE FROM webhooks WHERE id = ?", err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	return step_one(c, st, "webhook", err);
}

int store_webhook_get(struct store_conn *c, int64_t id, struct arena *a, struct webhook *out,
		      struct kesu_err *err)
{
	sqlite3_stmt *st =
		conn_stmt(c, S_HOOK_GET, "SELECT " HOOK_COLS " FROM webhooks WHERE id = ?", err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_hook(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no webhook %lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "webhook get", err);
}

#define HOOKS_MAX 64

int store_webhook_list(struct store_conn *c, int active_only, struct arena *a,
		       struct webhook **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_HOOK_LIST,
				     "SELECT " HOOK_COLS " FROM webhooks WHERE active >= ? ORDER BY id"
				     " LIMIT 64",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int(st, 1, active_only ? 1 : 0);
	*items = arena_alloc(a, sizeof **items * HOOKS_MAX);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < HOOKS_MAX)
		read_hook(st, a, &(*items)[(*n)++]);
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "webhook list", err);
}

/* --- templates ---------------------------------------------------------------- */

#define TPL_COLS "kind, language, channel, subject, body, updated_at, updated_by"

static void read_tpl(sqlite3_stmt *st, struct arena *a, struct template_row *t)
{
	t->kind = col_text(st, 0, a);
	t->language = col_text(st, 1, a);
	t->channel = col_text(st, 2, a);
	t->subject = col_text(st, 3, a);
	t->body = col_text(st, 4, a);
	t->updated_at = sqlite3_column_int64(st, 5);
	t->updated_by = col_text(st, 6, a);
}

int store_template_get(struct store_conn *c, const char *kind, const char *language,
		       const char *channel, struct arena *a, struct template_row *out,
		       struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TPL_GET,
				     "SELECT " TPL_COLS " FROM templates WHERE kind = ?"
				     " AND language = ? AND channel = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, kind);
	bind_text(st, 2, language);
	bind_text(st, 3, channel);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_tpl(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return -KE_NOT_FOUND; /* the built-in one: not an error to report */
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "template get", err);
}

int store_template_put(struct store_conn *c, const struct template_row *t, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TPL_PUT,
				     "INSERT OR REPLACE INTO templates(" TPL_COLS ")"
				     " VALUES (?, ?, ?, ?, ?, ?, ?)",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, t->kind);
	bind_text(st, 2, t->language);
	bind_text(st, 3, t->channel);
	bind_text(st, 4, t->subject);
	bind_text(st, 5, t->body);
	sqlite3_bind_int64(st, 6, t->updated_at);
	bind_text(st, 7, t->updated_by);
	return step_done(c, st, "template put", err);
}

int store_template_delete(struct store_conn *c, const char *kind, const char *language,
			  const char *channel, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TPL_DELETE,
				     "DELETE FROM templates WHERE kind = ? AND language = ?"
				     " AND channel = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, kind);
	bind_text(st, 2, language);
	bind_text(st, 3, channel);
	return step_one(c, st, "edited template", err);
}

#define TPL_MAX 512

int store_template_list(struct store_conn *c, struct arena *a, struct template_row **items,
			int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TPL_LIST,
				     "SELECT " TPL_COLS " FROM templates ORDER BY kind, language,"
				     " channel LIMIT 512",
				     err);
	if (!st)
		return -err->code;
	*items = arena_alloc(a, sizeof **items * TPL_MAX);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < TPL_MAX)
		read_tpl(st, a, &(*items)[(*n)++]);
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "template list", err);
}

/* --- secrets ------------------------------------------------------------------ */

int store_secret_put(struct store_conn *c, const char *name, const unsigned char *sealed,
		     int len, int64_t now, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_SECRET_PUT,
				     "INSERT OR REPLACE INTO channel_secrets(name, value, updated_at)"
				     " VALUES (?, ?, ?)",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	sqlite3_bind_blob(st, 2, sealed, len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return step_done(c, st, "secret put", err);
}

int store_secret_get(struct store_conn *c, const char *name, struct arena *a,
		     const unsigned char **sealed, int *len, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_SECRET_GET,
				     "SELECT value FROM channel_secrets WHERE name = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*sealed = col_blob(st, 0, a, len);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no secret named %s", name);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "secret get", err);
}

int store_secret_delete(struct store_conn *c, const char *name, struct kesu_err *err)
{
	sqlite3_stmt *st =
		conn_stmt(c, S_SECRET_DELETE, "DELETE FROM channel_secrets WHERE name = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	return step_one(c, st, "secret", err);
}

int store_secret_names(struct store_conn *c,
		       void (*fn)(void *ctx, const char *name, int64_t updated_at), void *ctx,
		       struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_SECRET_NAMES,
				     "SELECT name, updated_at FROM channel_secrets ORDER BY name", err);
	if (!st)
		return -err->code;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1));
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "secret names", err);
}

/* --- mail --------------------------------------------------------------------- */

#define MAIL_COLS                                                                           \
	"id, received_at, sha256, message_id, from_addr, subject, author, disposition," \
	" complaint_id, note, size"

static void read_mail(sqlite3_stmt *st, struct arena *a, struct mail_row *m)
{
	m->id = sqlite3_column_int64(st, 0);
	m->received_at = sqlite3_column_int64(st, 1);
	memset(m->sha256, 0, sizeof m->sha256);
	if (sqlite3_column_bytes(st, 2) == 32)
		memcpy(m->sha256, sqlite3_column_blob(st, 2), 32);
	m->message_id = col_text(st, 3, a);
	m->from_addr = col_text(st, 4, a);
	m->subject = col_text(st, 5, a);
	m->author = col_text(st, 6, a);
	m->disposition = col_text(st, 7, a);
	m->complaint_id = sqlite3_column_int64(st, 8);
	m->note = col_text(st, 9, a);
	m->size = sqlite3_column_int64(st, 10);
	m->raw = NULL;
}

int store_mail_insert(struct store_conn *c, struct mail_row *m, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_MAIL_INSERT,
		"INSERT INTO mails(received_at, sha256, message_id, from_addr, subject, author,"
		" disposition, complaint_id, note, size, raw)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, m->received_at);
	sqlite3_bind_blob(st, 2, m->sha256, 32, SQLITE_STATIC);
	bind_text(st, 3, m->message_id);
	bind_text(st, 4, m->from_addr);
	bind_text(st, 5, m->subject);
	bind_text(st, 6, m->author);
	bind_text(st, 7, m->disposition);
	bind_opt(st, 8, m->complaint_id);
	bind_text(st, 9, m->note);
	sqlite3_bind_int64(st, 10, m->size);
	sqlite3_bind_blob64(st, 11, m->raw, (sqlite3_uint64)m->size, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		m->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_fail(err, KE_CONFLICT, "", "this mail is stored already");
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "mail insert", err);
}

int store_mail_by_hash(struct store_conn *c, const unsigned char sha256[32], struct arena *a,
		       struct mail_row *out, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_MAIL_BY_HASH,
				     "SELECT " MAIL_COLS " FROM mails WHERE sha256 = ?", err);
	if (!st)
		return -err->code;
	sqlite3_bind_blob(st, 1, sha256, 32, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_mail(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return -KE_NOT_FOUND;
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "mail by hash", err);
}

int store_mail_get(struct store_conn *c, int64_t id, int with_raw, struct arena *a,
		   struct mail_row *out, struct kesu_err *err)
{
	sqlite3_stmt *st =
		with_raw ? conn_stmt(c, S_MAIL_GET_RAW,
				     "SELECT " MAIL_COLS ", raw FROM mails WHERE id = ?", err)
			 : conn_stmt(c, S_MAIL_GET, "SELECT " MAIL_COLS " FROM mails WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_mail(st, a, out);
		if (with_raw) {
			int len;
			out->raw = col_blob(st, 11, a, &len);
			out->size = len;
		}
	}
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no mail %lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "mail get", err);
}

static const char *const mail_dispositions[] = {"created", "reply", "ignored", "review",
						"dismissed"};

int store_mail_list(struct store_conn *c, const char *disposition, int64_t before_id, int limit,
		    struct arena *a, struct mail_row **items, int *n, int *more,
		    struct kesu_err *err)
{
	int di = 0;
	for (int i = 0; disposition && i < 5; i++)
		if (strcmp(mail_dispositions[i], disposition) == 0)
			di = i + 1;
	if (disposition && !di)
		return kesu_fail(err, KE_INVALID_VALUE, "disposition",
				 "must be one of: created, reply, ignored, review, dismissed");
	char sql[512];
	/* the disposition is a literal from the list above, so that a review
	 * queue reads its partial index */
	snprintf(sql, sizeof sql,
		 "SELECT " MAIL_COLS " FROM mails WHERE 1 = 1%s%s%s%s ORDER BY id DESC LIMIT ?",
		 di ? " AND disposition = '" : "", di ? mail_dispositions[di - 1] : "",
		 di ? "'" : "", before_id ? " AND id < ?" : "");
	sqlite3_stmt *st =
		conn_prepare(c, &c->mail_lists[(di * 2 + (before_id ? 1 : 0)) % MAIL_LIST_VARIANTS],
			     sql, err);
	if (!st)
		return -err->code;
	int i = 1;
	if (before_id)
		sqlite3_bind_int64(st, i++, before_id);
	sqlite3_bind_int(st, i, limit + 1);
	*items = arena_alloc(a, sizeof **items * (size_t)(limit + 1));
	*n = 0;
	*more = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == limit) {
			*more = 1;
			break;
		}
		read_mail(st, a, &(*items)[(*n)++]);
	}
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "mail list", err);
}

int store_mail_set(struct store_conn *c, int64_t id, const char *disposition,
		   int64_t complaint_id, const char *note, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_MAIL_SET,
				     "UPDATE mails SET disposition = ?, complaint_id = ?, note = ?"
				     " WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, disposition);
	bind_opt(st, 2, complaint_id);
	bind_text(st, 3, note);
	sqlite3_bind_int64(st, 4, id);
	return step_one(c, st, "mail", err);
}

/* --- attachments -------------------------------------------------------------- */

#define ATT_COLS                                                                             \
	"id, complaint_id, mail_id, filename, content_type, declared_type, size, sha256," \
	" source, created_at, created_by"

static void read_att(sqlite3_stmt *st, struct arena *a, struct attachment *t)
{
	t->id = sqlite3_column_int64(st, 0);
	t->complaint_id = sqlite3_column_int64(st, 1);
	t->mail_id = sqlite3_column_int64(st, 2);
	t->filename = col_text(st, 3, a);
	t->content_type = col_text(st, 4, a);
	t->declared_type = col_text(st, 5, a);
	t->size = sqlite3_column_int64(st, 6);
	memset(t->sha256, 0, sizeof t->sha256);
	if (sqlite3_column_bytes(st, 7) == 32)
		memcpy(t->sha256, sqlite3_column_blob(st, 7), 32);
	t->source = col_text(st, 8, a);
	t->created_at = sqlite3_column_int64(st, 9);
	t->created_by = col_text(st, 10, a);
	t->data = NULL;
}

int store_attachment_insert(struct store_conn *c, struct attachment *t, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_ATT_INSERT,
		"INSERT INTO attachments(complaint_id, mail_id, filename, content_type,"
		" declared_type, size, sha256, source, created_at, created_by, data)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, t->complaint_id);
	bind_opt(st, 2, t->mail_id);
	bind_text(st, 3, t->filename);
	bind_text(st, 4, t->content_type);
	bind_text(st, 5, t->declared_type);
	sqlite3_bind_int64(st, 6, t->size);
	sqlite3_bind_blob(st, 7, t->sha256, 32, SQLITE_STATIC);
	bind_text(st, 8, t->source);
	sqlite3_bind_int64(st, 9, t->created_at);
	bind_text(st, 10, t->created_by);
	sqlite3_bind_blob64(st, 11, t->data ? (const void *)t->data : "", (sqlite3_uint64)t->size,
			    SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		t->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "attachment insert", err);
}

int store_attachment_get(struct store_conn *c, int64_t id, int with_data, struct arena *a,
			 struct attachment *out, struct kesu_err *err)
{
	sqlite3_stmt *st =
		with_data
			? conn_stmt(c, S_ATT_GET_DATA,
				    "SELECT " ATT_COLS ", data FROM attachments WHERE id = ?", err)
			: conn_stmt(c, S_ATT_GET, "SELECT " ATT_COLS " FROM attachments WHERE id = ?",
				    err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_att(st, a, out);
		if (with_data) {
			int len;
			out->data = col_blob(st, 11, a, &len);
			out->size = len;
		}
	}
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no attachment %lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "attachment get", err);
}

#define ATTS_MAX 200

int store_attachments_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
			 struct attachment **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_ATTS_OF,
				     "SELECT " ATT_COLS " FROM attachments WHERE complaint_id = ?"
				     " ORDER BY id LIMIT 200",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	*items = arena_alloc(a, sizeof **items * ATTS_MAX);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < ATTS_MAX)
		read_att(st, a, &(*items)[(*n)++]);
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "attachments", err);
}

int store_attachment_totals(struct store_conn *c, int64_t complaint_id, int *count,
			    int64_t *bytes, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_ATT_TOTALS,
				     "SELECT count(*), coalesce(sum(size), 0) FROM attachments"
				     " WHERE complaint_id = ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int(st, 0);
		*bytes = sqlite3_column_int64(st, 1);
	}
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "attachment totals", err);
}

/* --- savepoints ----------------------------------------------------------------- */

static int savepoint_sql(struct store_conn *c, const char *fmt, const char *name,
			 struct kesu_err *err)
{
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return kesu_fail(err, KE_INTERNAL, "", "a savepoint name must be [a-z_]");
	char sql[96];
	snprintf(sql, sizeof sql, fmt, name, name);
	return exec_plain(c, sql, err);
}

int store_savepoint(struct store_conn *c, const char *name, struct kesu_err *err)
{
	return savepoint_sql(c, "SAVEPOINT %s", name, err);
}

int store_savepoint_release(struct store_conn *c, const char *name, struct kesu_err *err)
{
	return savepoint_sql(c, "RELEASE %s", name, err);
}

int store_savepoint_undo(struct store_conn *c, const char *name, struct kesu_err *err)
{
	return savepoint_sql(c, "ROLLBACK TO %s; RELEASE %s", name, err);
}
