/*
 * sqlite_demand.c - the customer's demand restated by the agent (复述,
 * 设定目标) and the customer's answer to each restatement.
 */
#include "sqlite_int.h"

#include <string.h>

#define DEMAND_COLS                                                            \
	"id, complaint_id, restatement, target, state, stated_by, stated_at,"  \
	" answered_via, answered_by, answered_at, correction"

static void read_demand(struct sql_stmt *st, struct arena *a, void *out)
{
	struct demand_restatement *d = out;
	memset(d, 0, sizeof *d);
	d->id = sql_column_int64(st, 0);
	d->complaint_id = sql_column_int64(st, 1);
	d->restatement = col_text(st, 2, a);
	d->target = col_text(st, 3, a);
	d->state = col_text(st, 4, a);
	d->stated_by = col_text(st, 5, a);
	d->stated_at = sql_column_int64(st, 6);
	d->answered_via = col_text(st, 7, a);
	d->answered_by = col_text(st, 8, a);
	d->answered_at = sql_column_int64(st, 9);
	d->correction = col_text(st, 10, a);
}

int store_demand_insert(struct store_conn *c, struct demand_restatement *d,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_DEMAND_INSERT,
				     "INSERT INTO demand_restatements(complaint_id, restatement, target,"
				     " state, stated_by, stated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, d->complaint_id);
	bind_text(st, 2, d->restatement);
	bind_text(st, 3, d->target);
	bind_text(st, 4, d->state);
	bind_text(st, 5, d->stated_by);
	sql_bind_int64(st, 6, d->stated_at);
	return step_int64(c, st, &d->id, "demand insert", err);
}

int store_demand_get(struct store_conn *c, int64_t id, struct arena *a,
		     struct demand_restatement *out, struct kesu_err *err)
{
	return load_by_id(c, S_DEMAND_GET,
			  "SELECT " DEMAND_COLS " FROM demand_restatements WHERE id = ?", id,
			  read_demand, a, out, "no restatement %lld", err);
}

int store_demand_answer(struct store_conn *c, const struct demand_restatement *d,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_DEMAND_ANSWER,
				     "UPDATE demand_restatements SET state = ?, answered_via = ?,"
				     " answered_by = ?, answered_at = ?, correction = ?"
				     " WHERE id = ? AND state = 'pending'",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, d->state);
	bind_text(st, 2, d->answered_via);
	bind_text(st, 3, d->answered_by);
	sql_bind_int64(st, 4, d->answered_at);
	bind_text(st, 5, d->correction);
	sql_bind_int64(st, 6, d->id);
	int rc = step_done(c, st, "demand answer", err);
	if (!rc && sql_changes(c) != 1)
		return kesu_fail(err, KE_CONFLICT, "", "the restatement was answered already");
	return rc;
}

int store_demand_supersede(struct store_conn *c, int64_t complaint_id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_DEMAND_SUPERSEDE,
				     "UPDATE demand_restatements SET state = 'superseded'"
				     " WHERE complaint_id = ? AND state = 'pending'",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	return step_done(c, st, "demand supersede", err);
}

int store_demands_of(struct store_conn *c, int64_t complaint_id, int max, struct arena *a,
		     struct demand_restatement **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_DEMANDS_OF,
				     "SELECT " DEMAND_COLS " FROM demand_restatements"
				     " WHERE complaint_id = ? ORDER BY id DESC LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int(st, 2, max);
	*items = load_all(c, st, read_demand, sizeof **items, max, a, n, err);
	return *items ? 0 : -err->code;
}
