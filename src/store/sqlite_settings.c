/*
 * sqlite_settings.c - the meta table: kesu's own keys (the search index's
 * fingerprint, the default team) and the settings an administrator edits,
 * kept as JSON text under a key (calendar, sla, routing...).
 */
#include "sqlite_int.h"

#include <stdio.h>

int meta_get(struct store_conn *c, const char *key, char *buf, size_t size)
{
	struct kesu_err err;
	struct sql_stmt *st = conn_stmt(c, S_META_GET, "SELECT value FROM meta WHERE key = ?",
				     &err);
	if (!st)
		return -1;
	bind_text(st, 1, key);
	int found = -1;
	if (sql_step(st) == SQLITE_ROW) {
		snprintf(buf, size, "%s", (const char *)sql_column_text(st, 0));
		found = 0;
	}
	stmt_done(st);
	return found;
}

int meta_set(struct store_conn *c, const char *key, const char *value,
		    struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_META_SET,
		"INSERT INTO meta(key, value) VALUES (?, ?)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		err);
	if (!st)
		return -err->code;
	c->team_epoch = 0;
	bind_text(st, 1, key);
	bind_text(st, 2, value);
	int rc = sql_step(st);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "meta", err);
}

int store_setting_get(struct store_conn *c, const char *key, struct arena *a,
		      const char **text, struct kesu_err *err)
{
	char full[64];
	snprintf(full, sizeof full, "setting:%s", key);
	struct sql_stmt *st = conn_stmt(c, S_META_GET, "SELECT value FROM meta WHERE key = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, full);
	*text = NULL;
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		*text = col_text(st, 0, a);
	stmt_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "setting get", err);
}

int store_setting_put(struct store_conn *c, const char *key, const char *text,
		      struct kesu_err *err)
{
	char full[64];
	snprintf(full, sizeof full, "setting:%s", key);
	return meta_set(c, full, text, err);
}
