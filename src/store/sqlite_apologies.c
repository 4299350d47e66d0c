/*
 * sqlite_apologies.c - psychological compensation: the apologies given to
 * a customer, by whom and when.
 */
#include "sqlite_int.h"

static void read_apology(struct sql_stmt *st, struct arena *a, void *out)
{
	struct apology *p = out;
	p->id = sql_column_int64(st, 0);
	p->complaint_id = sql_column_int64(st, 1);
	p->given_by = col_text(st, 2, a);
	p->given_at = sql_column_int64(st, 3);
	p->note = col_text(st, 4, a);
	p->recorded_by = col_text(st, 5, a);
	p->recorded_at = sql_column_int64(st, 6);
}

int store_apology_insert(struct store_conn *c, struct apology *p, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_APOLOGY_INSERT,
				     "INSERT INTO apologies(complaint_id, given_by, given_at, note,"
				     " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, p->complaint_id);
	bind_text(st, 2, p->given_by);
	sql_bind_int64(st, 3, p->given_at);
	bind_text(st, 4, p->note);
	bind_text(st, 5, p->recorded_by);
	sql_bind_int64(st, 6, p->recorded_at);
	return step_int64(c, st, &p->id, "apology insert", err);
}

int store_apologies_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct apology **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_APOLOGIES_OF,
				     "SELECT id, complaint_id, given_by, given_at, note, recorded_by,"
				     " recorded_at FROM apologies WHERE complaint_id = ? ORDER BY id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	*items = load_all(c, st, read_apology, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}
