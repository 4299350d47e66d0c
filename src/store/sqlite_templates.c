/*
 * sqlite_templates.c - the notice templates an administrator edited, by
 * kind, language and channel; where none is stored the built-in one
 * applies.
 */
#include "sqlite_int.h"

#define TPL_COLS "kind, language, channel, subject, body, updated_at, updated_by"

static void read_tpl(struct sql_stmt *st, struct arena *a, void *out)
{
	struct template_row *t = out;
	t->kind = col_text(st, 0, a);
	t->language = col_text(st, 1, a);
	t->channel = col_text(st, 2, a);
	t->subject = col_text(st, 3, a);
	t->body = col_text(st, 4, a);
	t->updated_at = sql_column_int64(st, 5);
	t->updated_by = col_text(st, 6, a);
}

int store_template_get(struct store_conn *c, const char *kind, const char *language,
		       const char *channel, struct arena *a, struct template_row *out,
		       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TPL_GET,
				     "SELECT " TPL_COLS " FROM templates WHERE kind = ?"
				     " AND language = ? AND channel = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, kind);
	bind_text(st, 2, language);
	bind_text(st, 3, channel);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		read_tpl(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return -KE_NOT_FOUND; /* the built-in one: not an error to report */
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "template get", err);
}

int store_template_put(struct store_conn *c, const struct template_row *t, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TPL_PUT,
				     "INSERT INTO templates(" TPL_COLS ")"
				     " VALUES (?, ?, ?, ?, ?, ?, ?)"
				     " ON CONFLICT(kind, language, channel) DO UPDATE SET"
				     " subject = excluded.subject, body = excluded.body,"
				     " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, t->kind);
	bind_text(st, 2, t->language);
	bind_text(st, 3, t->channel);
	bind_text(st, 4, t->subject);
	bind_text(st, 5, t->body);
	sql_bind_int64(st, 6, t->updated_at);
	bind_text(st, 7, t->updated_by);
	return step_done(c, st, "template put", err);
}

int store_template_delete(struct store_conn *c, const char *kind, const char *language,
			  const char *channel, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TPL_DELETE,
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
	struct sql_stmt *st = conn_stmt(c, S_TPL_LIST,
				     "SELECT " TPL_COLS " FROM templates ORDER BY kind, language,"
				     " channel LIMIT 512",
				     err);
	if (!st)
		return -err->code;
	*items = load_all(c, st, read_tpl, sizeof **items, TPL_MAX, a, n, err);
	return *items ? 0 : -err->code;
}
