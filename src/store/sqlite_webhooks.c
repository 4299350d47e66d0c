/*
 * sqlite_webhooks.c - the webhooks an administrator registers, with their
 * sealed signing secrets.
 */
#include "sqlite_int.h"

#define HOOK_COLS "id, url, description, events, secret, active, created_at, updated_at"

static void read_hook(struct sql_stmt *st, struct arena *a, void *out)
{
	struct webhook *w = out;
	w->id = sql_column_int64(st, 0);
	w->url = col_text(st, 1, a);
	w->description = col_text(st, 2, a);
	w->events = col_text(st, 3, a);
	w->secret = col_blob(st, 4, a, &w->secret_len);
	w->active = sql_column_int(st, 5);
	w->created_at = sql_column_int64(st, 6);
	w->updated_at = sql_column_int64(st, 7);
}

/* The list and the sender read at most this many: one more is refused
 * when it is added, not left unseen and never sent to. */
#define HOOKS_MAX 64
#define HOOKS_MAX_SQL "64"

int store_webhook_insert(struct store_conn *c, struct webhook *w, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_HOOK_INSERT,
				     "INSERT INTO webhooks(url, description, events, secret, active,"
				     " created_at, updated_at) SELECT ?, ?, ?, ?, ?, ?, ?"
				     " WHERE (SELECT count(*) FROM webhooks) < " HOOKS_MAX_SQL " RETURNING id",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, w->url);
	bind_text(st, 2, w->description);
	bind_text(st, 3, w->events);
	sql_bind_blob(st, 4, w->secret, w->secret_len, SQLITE_STATIC);
	sql_bind_int(st, 5, w->active);
	sql_bind_int64(st, 6, w->created_at);
	sql_bind_int64(st, 7, w->updated_at);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		w->id = sql_column_int64(st, 0);
	stmt_done(st);
	if (rc == SQLITE_DONE) {
		rc = kesu_refuse(err, KE_CONFLICT, KR_TOO_MANY, "url",
				 "at most %d webhooks: remove one first", HOOKS_MAX);
		kesu_param_int(err, "max", HOOKS_MAX);
		return rc;
	}
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "webhook insert", err);
}

int store_webhook_update(struct store_conn *c, const struct webhook *w, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_HOOK_UPDATE,
				     "UPDATE webhooks SET url = ?, description = ?, events = ?,"
				     " active = ?, updated_at = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, w->url);
	bind_text(st, 2, w->description);
	bind_text(st, 3, w->events);
	sql_bind_int(st, 4, w->active);
	sql_bind_int64(st, 5, w->updated_at);
	sql_bind_int64(st, 6, w->id);
	int rc = step_one(c, st, "webhook", err);
	if (rc || !w->secret)
		return rc;
	st = conn_stmt(c, S_HOOK_SECRET, "UPDATE webhooks SET secret = ? WHERE id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_blob(st, 1, w->secret, w->secret_len, SQLITE_STATIC);
	sql_bind_int64(st, 2, w->id);
	return step_one(c, st, "webhook", err);
}

int store_webhook_delete(struct store_conn *c, int64_t id, struct kesu_err *err)
{
	/* its deliveries stay, as the record of what was sent; the queued ones
	 * find no webhook and die with that reason */
	struct sql_stmt *st = conn_stmt(c, S_HOOK_DELETE, "DELETE FROM webhooks WHERE id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, id);
	return step_one(c, st, "webhook", err);
}

int store_webhook_get(struct store_conn *c, int64_t id, struct arena *a, struct webhook *out,
		      struct kesu_err *err)
{
	return load_by_id(c, S_HOOK_GET, "SELECT " HOOK_COLS " FROM webhooks WHERE id = ?", id,
			  read_hook, a, out, "no webhook %lld", err);
}

int store_webhook_list(struct store_conn *c, int active_only, struct arena *a,
		       struct webhook **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_HOOK_LIST,
				     "SELECT " HOOK_COLS " FROM webhooks WHERE active >= ? ORDER BY id"
				     " LIMIT 64",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, active_only ? 1 : 0);
	*items = load_all(c, st, read_hook, sizeof **items, HOOKS_MAX, a, n, err);
	return *items ? 0 : -err->code;
}
