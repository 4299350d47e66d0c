/*
 * sqlite_plans.c - resolution plans (解决方案, domain.md 6) and the
 * customer's answer to each.
 */
#include "sqlite_int.h"

#include <string.h>

#define PLAN_COLS                                                              \
	"id, complaint_id, round, summary, compensation_ids, state, revises,"  \
	" proposed_by, proposed_at, answered_by, answered_at, conditions, counter_offer"

static void read_plan(struct sql_stmt *st, struct arena *a, void *out)
{
	struct plan *p = out;
	memset(p, 0, sizeof *p);
	p->id = sql_column_int64(st, 0);
	p->complaint_id = sql_column_int64(st, 1);
	p->round = sql_column_int(st, 2);
	p->summary = col_text(st, 3, a);
	p->compensation_ids = col_text(st, 4, a);
	p->state = col_text(st, 5, a);
	p->revises = sql_column_int64(st, 6);
	p->proposed_by = col_text(st, 7, a);
	p->proposed_at = sql_column_int64(st, 8);
	p->answered_by = col_text(st, 9, a);
	p->answered_at = sql_column_int64(st, 10);
	p->conditions = col_text(st, 11, a);
	p->counter_offer = col_text(st, 12, a);
}

int store_plan_insert(struct store_conn *c, struct plan *p, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PLAN_INSERT,
				     "INSERT INTO plans(complaint_id, round, summary, compensation_ids,"
				     " state, revises, proposed_by, proposed_at)"
				     " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, p->complaint_id);
	sql_bind_int(st, 2, p->round);
	bind_text(st, 3, p->summary);
	bind_text(st, 4, p->compensation_ids ? p->compensation_ids : "[]");
	bind_text(st, 5, p->state);
	bind_opt(st, 6, p->revises);
	bind_text(st, 7, p->proposed_by);
	sql_bind_int64(st, 8, p->proposed_at);
	return step_int64(c, st, &p->id, "plan insert", err);
}

int store_plan_get(struct store_conn *c, int64_t id, struct arena *a, struct plan *out,
		   struct kesu_err *err)
{
	return load_by_id(c, S_PLAN_GET, "SELECT " PLAN_COLS " FROM plans WHERE id = ?", id,
			  read_plan, a, out, "no plan %lld", err);
}

int store_plan_answer(struct store_conn *c, const struct plan *p, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PLAN_ANSWER,
				     "UPDATE plans SET state = ?, answered_by = ?, answered_at = ?,"
				     " conditions = ?, counter_offer = ? WHERE id = ? AND state = 'proposed'",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, p->state);
	bind_text(st, 2, p->answered_by);
	sql_bind_int64(st, 3, p->answered_at);
	bind_text(st, 4, p->conditions);
	bind_text(st, 5, p->counter_offer);
	sql_bind_int64(st, 6, p->id);
	int rc = step_done(c, st, "plan answer", err);
	if (!rc && sql_changes(c) != 1)
		return kesu_fail(err, KE_CONFLICT, "", "the plan was answered already");
	return rc;
}

int store_plans_supersede(struct store_conn *c, int64_t complaint_id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PLAN_SUPERSEDE,
				     "UPDATE plans SET state = 'superseded'"
				     " WHERE complaint_id = ? AND state = 'proposed'",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	return step_done(c, st, "plan supersede", err);
}

int store_plans_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct plan **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PLANS_OF,
				     "SELECT " PLAN_COLS " FROM plans WHERE complaint_id = ?"
				     " ORDER BY id DESC",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	*items = load_all(c, st, read_plan, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}
