/*
 * sqlite_outbox.c - the notification outbox: the notices the workflow
 * writes for customers and staff, as the sender reads and marks them.
 */
#include "sqlite_int.h"

#define OUTBOX_COLS \
	"id, complaint_id, created_at, audience, kind, channel, recipient, language, data, state"

static void read_outbox(struct sql_stmt *st, struct arena *a, void *out)
{
	struct outbox_item *o = out;
	o->id = sql_column_int64(st, 0);
	o->complaint_id = sql_column_int64(st, 1);
	o->created_at = sql_column_int64(st, 2);
	o->audience = col_text(st, 3, a);
	o->kind = col_text(st, 4, a);
	o->channel = col_text(st, 5, a);
	o->recipient = col_text(st, 6, a);
	o->language = col_text(st, 7, a);
	o->data = col_text(st, 8, a);
	o->state = col_text(st, 9, a);
}

static void bind_outbox(struct sql_stmt *st, const struct outbox_item *o)
{
	bind_opt(st, 1, o->complaint_id);
	bind_text(st, 2, o->audience);
	bind_text(st, 3, o->kind);
	bind_text(st, 4, o->channel);
	bind_text(st, 5, o->recipient);
	bind_text(st, 6, o->language);
	bind_text(st, 7, o->data ? o->data : "{}");
	sql_bind_int64(st, 8, o->created_at);
}

#define OUTBOX_INSERT                                                                      \
	"INSERT INTO outbox(complaint_id, audience, kind, channel, recipient, language,"   \
	" data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"

int store_outbox_put(struct store_conn *c, struct outbox_item *o, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_OUTBOX_PUT, OUTBOX_INSERT " RETURNING id", err);
	if (!st)
		return -err->code;
	bind_outbox(st, o);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		o->id = sql_column_int64(st, 0);
	stmt_done(st);
	c->notify = 1;
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "outbox put", err);
}

int store_outbox_add(struct store_conn *c, const struct outbox_item *o, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_OUTBOX_ADD, OUTBOX_INSERT, err);
	if (!st)
		return -err->code;
	bind_outbox(st, o);
	c->notify = 1;
	return step_later(c, st, "outbox put", err);
}

int store_outbox_list(struct store_conn *c, int64_t complaint_id, int64_t after_id, int limit,
		      struct arena *a, struct outbox_item **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st =
		complaint_id
			? conn_stmt(c, S_OUTBOX_OF,
				    "SELECT " OUTBOX_COLS " FROM outbox"
				    " WHERE complaint_id = ? AND id > ? ORDER BY id LIMIT ?",
				    err)
			: conn_stmt(c, S_OUTBOX_ALL,
				    "SELECT " OUTBOX_COLS " FROM outbox"
				    " WHERE ? = 0 AND id > ? ORDER BY id LIMIT ?",
				    err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, after_id);
	sql_bind_int(st, 3, limit);
	*items = load_all(c, st, read_outbox, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_outbox_pending(struct store_conn *c, int limit, struct arena *a,
			 struct outbox_item **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_OUTBOX_PENDING,
				     "SELECT " OUTBOX_COLS " FROM outbox WHERE state = 'pending'"
				     " ORDER BY id LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, limit);
	*items = load_all(c, st, read_outbox, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_outbox_get(struct store_conn *c, int64_t id, struct arena *a, struct outbox_item *out,
		     struct kesu_err *err)
{
	return load_by_id(c, S_OUTBOX_GET, "SELECT " OUTBOX_COLS " FROM outbox WHERE id = ?", id,
			  read_outbox, a, out, "no notice %lld", err);
}

int store_outbox_set_state(struct store_conn *c, int64_t id, const char *state,
			   struct kesu_err *err)
{
	struct sql_stmt *st =
		conn_stmt(c, S_OUTBOX_STATE, "UPDATE outbox SET state = ? WHERE id = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, state);
	sql_bind_int64(st, 2, id);
	return step_one(c, st, "notice", err);
}

int store_outbox_all_internal(struct store_conn *c, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_OUTBOX_ALL_INTERNAL,
				     "UPDATE outbox SET state = 'internal' WHERE state = 'pending'", err);
	if (!st)
		return -err->code;
	int rc = step_done(c, st, "outbox internal", err);
	*n = rc ? 0 : sql_changes(c);
	return rc;
}
