/*
 * sqlite_deliveries.c - deliveries of the outbox's notices by e-mail, SMS
 * and webhook: queued, claimed by the sender, sent or dead, and queued
 * again on request.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <string.h>

#define DLV_COLS                                                                         \
	"id, outbox_id, complaint_id, kind, webhook_id, recipient, state, attempts, next_at," \
	" last_attempt_at, last_error, accepted_at, accepted_reply, message_id, created_at"

static void read_delivery(struct sql_stmt *st, struct arena *a, void *out)
{
	struct delivery *d = out;
	d->id = sql_column_int64(st, 0);
	d->outbox_id = sql_column_int64(st, 1);
	d->complaint_id = sql_column_int64(st, 2);
	d->kind = col_text(st, 3, a);
	d->webhook_id = sql_column_int64(st, 4);
	d->recipient = col_text(st, 5, a);
	d->state = col_text(st, 6, a);
	d->attempts = sql_column_int(st, 7);
	d->next_at = sql_column_int64(st, 8);
	d->last_attempt_at = sql_column_int64(st, 9);
	d->last_error = col_text(st, 10, a);
	d->accepted_at = sql_column_int64(st, 11);
	d->accepted_reply = col_text(st, 12, a);
	d->message_id = col_text(st, 13, a);
	d->created_at = sql_column_int64(st, 14);
}

int store_delivery_insert(struct store_conn *c, struct delivery *d, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_DLV_INSERT,
		"INSERT INTO deliveries(outbox_id, complaint_id, kind, webhook_id, recipient, state,"
		" next_at, message_id, created_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?)"
		" RETURNING id",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, d->outbox_id);
	bind_opt(st, 2, d->complaint_id);
	bind_text(st, 3, d->kind);
	bind_opt(st, 4, d->webhook_id);
	bind_text(st, 5, d->recipient);
	sql_bind_int64(st, 6, d->next_at);
	bind_text(st, 7, d->message_id);
	sql_bind_int64(st, 8, d->created_at);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		d->id = sql_column_int64(st, 0);
	stmt_done(st);
	d->state = "queued";
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "delivery insert", err);
}

int store_deliveries_due(struct store_conn *c, const char *kind, int64_t now, int limit,
			 struct arena *a, struct delivery **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_DLV_DUE,
				     "SELECT " DLV_COLS " FROM deliveries WHERE state = 'queued'"
				     " AND next_at <= ? AND kind = ? ORDER BY next_at LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	bind_text(st, 2, kind);
	sql_bind_int(st, 3, limit);
	*items = load_all(c, st, read_delivery, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_delivery_claim(struct store_conn *c, int64_t id, int64_t now, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_DLV_CLAIM,
				     "UPDATE deliveries SET state = 'sending', attempts = attempts + 1,"
				     " last_attempt_at = ? WHERE id = ? AND state = 'queued'",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	sql_bind_int64(st, 2, id);
	int rc = step_one(c, st, "queued delivery", err);
	return rc == -KE_NOT_FOUND ? kesu_fail(err, KE_CONFLICT, "", "delivery %lld is not queued",
					       (long long)id)
				   : rc;
}

int store_delivery_finish(struct store_conn *c, const struct delivery *d, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_DLV_FINISH,
		"UPDATE deliveries SET state = ?, attempts = ?, next_at = ?, last_error = ?,"
		" accepted_at = ?, accepted_reply = ?, message_id = coalesce(?, message_id)"
		" WHERE id = ? AND state = 'sending'",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, d->state);
	sql_bind_int(st, 2, d->attempts);
	bind_opt(st, 3, d->next_at);
	bind_text(st, 4, d->last_error);
	bind_opt(st, 5, d->accepted_at);
	bind_text(st, 6, d->accepted_reply);
	bind_text(st, 7, d->message_id);
	sql_bind_int64(st, 8, d->id);
	int rc = step_one(c, st, "delivery being sent", err);
	return rc == -KE_NOT_FOUND ? kesu_fail(err, KE_CONFLICT, "",
					       "delivery %lld is not being sent", (long long)d->id)
				   : rc;
}

int store_deliveries_recover(struct store_conn *c, int64_t now, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_DLV_RECOVER,
				     "UPDATE deliveries SET state = 'queued', next_at = ?"
				     " WHERE state = 'sending'",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	int rc = step_done(c, st, "deliveries recover", err);
	*n = rc ? 0 : sql_changes(c);
	return rc;
}

int store_delivery_get(struct store_conn *c, int64_t id, struct arena *a, struct delivery *out,
		       struct kesu_err *err)
{
	return load_by_id(c, S_DLV_GET, "SELECT " DLV_COLS " FROM deliveries WHERE id = ?", id,
			  read_delivery, a, out, "no delivery %lld", err);
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
	struct sql_stmt *st = conn_prepare(c, &c->delivery_lists[mask % DELIVERY_LIST_VARIANTS], sql,
					err);
	if (!st)
		return -err->code;
	int i = 1;
	if (f->complaint_id)
		sql_bind_int64(st, i++, f->complaint_id);
	if (f->outbox_id)
		sql_bind_int64(st, i++, f->outbox_id);
	if (f->before_id)
		sql_bind_int64(st, i++, f->before_id);
	sql_bind_int(st, i, f->limit + 1);
	*items = arena_alloc(a, sizeof **items * (size_t)(f->limit + 1));
	*n = 0;
	*more = 0;
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
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
	struct sql_stmt *st = conn_stmt(c, S_DLV_REQUEUE,
				     "UPDATE deliveries SET state = 'queued', attempts = 0, next_at = ?"
				     " WHERE id = ? AND state = 'dead'",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	sql_bind_int64(st, 2, id);
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
