/*
 * sqlite_secrets.c - the channels' sealed secrets (relay and SMS
 * passwords), by name.
 */
#include "sqlite_int.h"

int store_secret_put(struct store_conn *c, const char *name, const unsigned char *sealed,
		     int len, int64_t now, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SECRET_PUT,
				     "INSERT INTO channel_secrets(name, value, updated_at)"
				     " VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
				     " value = excluded.value, updated_at = excluded.updated_at",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	sql_bind_blob(st, 2, sealed, len, SQLITE_STATIC);
	sql_bind_int64(st, 3, now);
	return step_done(c, st, "secret put", err);
}

int store_secret_get(struct store_conn *c, const char *name, struct arena *a,
		     const unsigned char **sealed, int *len, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SECRET_GET,
				     "SELECT value FROM channel_secrets WHERE name = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		*sealed = col_blob(st, 0, a, len);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no secret named %s", name);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "secret get", err);
}

int store_secret_delete(struct store_conn *c, const char *name, struct kesu_err *err)
{
	struct sql_stmt *st =
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
	struct sql_stmt *st = conn_stmt(c, S_SECRET_NAMES,
				     "SELECT name, updated_at FROM channel_secrets ORDER BY name", err);
	if (!st)
		return -err->code;
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW)
		fn(ctx, (const char *)sql_column_text(st, 0), sql_column_int64(st, 1));
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "secret names", err);
}
