/*
 * sqlite_callbacks.c - follow-up callbacks (回访): whether the customer
 * was reached, how satisfied they were, and their advice.
 */
#include "sqlite_int.h"

static void bind_opt_int(struct sql_stmt *st, int i, int v)
{
	if (v)
		sql_bind_int(st, i, v);
	else
		sql_bind_null(st, i);
}

int store_callback_insert(struct store_conn *c, struct callback_rec *k, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CALLBACK_INSERT,
				     "INSERT INTO callbacks(complaint_id, at, method, reached,"
				     " satisfaction, business_satisfaction, carried_out, advice,"
				     " recorded_by, recorded_at, on_behalf)"
				     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
				     " RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, k->complaint_id);
	sql_bind_int64(st, 2, k->at);
	bind_text(st, 3, k->method);
	sql_bind_int(st, 4, k->reached);
	bind_opt_int(st, 5, k->satisfaction);
	bind_opt_int(st, 6, k->business_satisfaction);
	/* carried_out: 0 unknown, 1 yes, 2 no */
	bind_opt_int(st, 7, k->carried_out);
	bind_text(st, 8, k->advice);
	bind_text(st, 9, k->recorded_by);
	sql_bind_int64(st, 10, k->recorded_at);
	sql_bind_int(st, 11, k->on_behalf);
	return step_int64(c, st, &k->id, "callback insert", err);
}

/* The columns read_callbacks reads, in its order. */
#define CB_COLS                                                                              \
	"k.id, k.complaint_id, k.at, k.recorded_at, k.method, k.advice, k.recorded_by,"     \
	" k.reached, coalesce(k.satisfaction, 0), coalesce(k.business_satisfaction, 0),"    \
	" coalesce(k.carried_out, 0), k.on_behalf"

static int read_callbacks(struct store_conn *c, struct sql_stmt *st, struct arena *a,
			  struct callback_rec **items, int *n, struct kesu_err *err)
{
	*items = arena_alloc(a, sizeof **items * 100);
	*n = 0;
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		struct callback_rec *k = &(*items)[(*n)++];
		k->id = sql_column_int64(st, 0);
		k->complaint_id = sql_column_int64(st, 1);
		k->at = sql_column_int64(st, 2);
		k->recorded_at = sql_column_int64(st, 3);
		k->method = col_text(st, 4, a);
		k->advice = col_text(st, 5, a);
		k->recorded_by = col_text(st, 6, a);
		k->reached = sql_column_int(st, 7);
		k->satisfaction = sql_column_int(st, 8);
		k->business_satisfaction = sql_column_int(st, 9);
		k->carried_out = sql_column_int(st, 10);
		k->on_behalf = sql_column_int(st, 11);
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "callbacks", err);
}

int store_callbacks_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct callback_rec **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CALLBACKS_OF,
				     "SELECT " CB_COLS " FROM callbacks k WHERE k.complaint_id = ?"
				     " ORDER BY k.id LIMIT 100",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	return read_callbacks(c, st, a, items, n, err);
}

/* The latest resolution is the newest status_changed event to resolved;
 * a callback belongs to the round when its own event comes after it. Event
 * ids order them even within one millisecond. */
#define LATEST_RESOLUTION                                                                    \
	"(SELECT max(r.id) FROM events r WHERE r.complaint_id = ?1"                          \
	" AND r.kind = 'status_changed' AND r.data->>'to' = 'resolved')"

int store_round_callbacks(struct store_conn *c, int64_t complaint_id, struct arena *a,
			  struct callback_rec **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_ROUND_CALLBACKS,
		"SELECT " CB_COLS " FROM callbacks k WHERE k.complaint_id = ?1 AND k.id IN"
		" (SELECT CAST(e.data->>'callback_id' AS BIGINT) FROM events e WHERE e.complaint_id = ?1"
		"  AND e.kind = 'callback' AND e.id > coalesce(" LATEST_RESOLUTION ", 0))"
		" ORDER BY k.id LIMIT 100",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	return read_callbacks(c, st, a, items, n, err);
}

int store_resolved_at(struct store_conn *c, int64_t complaint_id, int64_t *at,
		      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_RESOLVED_AT,
				     "SELECT coalesce((SELECT e.at FROM events e WHERE e.id = "
				     LATEST_RESOLUTION "), 0)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	return step_int64(c, st, at, "resolution", err);
}
