/*
 * sqlite_thanks.c - winning the customer back (domain.md 6) in SQLite: the
 * month's satisfied closes, the thank-you letters sent, and the customers'
 * opt-out of them.
 */
#include "sqlite_int.h"

#include <string.h>

static void read_candidate(struct sql_stmt *st, struct arena *a, void *out)
{
	struct thanks_candidate *t = out;
	memset(t, 0, sizeof *t);
	t->complaint_id = sql_column_int64(st, 0);
	t->tracking_no = col_text(st, 1, a);
	t->customer_id = sql_column_int64(st, 2);
	t->language = col_text(st, 3, a);
	t->satisfaction = sql_column_int(st, 4);
	t->closed_at = sql_column_int64(st, 5);
	t->customer_name = col_text(st, 6, a);
	t->has_phone = sql_column_int(st, 7);
	t->has_email = sql_column_int(st, 8);
	t->opt_out = sql_column_int(st, 9);
	t->opt_out_at = sql_column_int64(st, 10);
	t->opt_out_by = col_text(st, 11, a);
	t->thanked_at = sql_column_int64(st, 12);
	t->thanked_complaint_id = sql_column_int64(st, 13);
	t->thanked_by = col_text(st, 14, a);
	t->team_id = sql_column_int64(st, 15);
}

int store_thanks_candidates(struct store_conn *c, const char *month, int64_t from, int64_t to,
			    struct arena *a, struct thanks_candidate **items, int *n, int *more,
			    struct kesu_err *err)
{
	/* the latest callback decides: a complaint closed satisfied and later
	 * reopened and closed again counts in the month of its last close */
	struct sql_stmt *st = conn_stmt(
		c, S_THANKS_CANDIDATES,
		"SELECT cp.id, cp.tracking_no, cp.customer_id, cp.language, k.satisfaction,"
		" k.recorded_at, cu.name, cu.phone IS NOT NULL, cu.email IS NOT NULL,"
		" cu.thanks_opt_out, cu.thanks_opt_out_at, cu.thanks_opt_out_by,"
		" t.sent_at, t.complaint_id, t.sent_by, cp.team_id"
		" FROM callbacks k JOIN complaints cp ON cp.id = k.complaint_id"
		" JOIN customers cu ON cu.id = cp.customer_id"
		" LEFT JOIN thanks t ON t.month = ?3 AND t.customer_id = cp.customer_id"
		" WHERE k.recorded_at >= ?1 AND k.recorded_at < ?2 AND k.reached = 1"
		" AND k.satisfaction >= 4 AND k.carried_out = 1 AND cp.status = 'closed'"
		" AND k.id = (SELECT max(l.id) FROM callbacks l WHERE l.complaint_id = cp.id)"
		" ORDER BY cp.customer_id, k.recorded_at DESC, cp.id DESC LIMIT ?4",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, from);
	sql_bind_int64(st, 2, to);
	bind_text(st, 3, month);
	sql_bind_int(st, 4, THANKS_ROWS_MAX + 1);
	*items = load_all(c, st, read_candidate, sizeof **items, THANKS_ROWS_MAX + 1, a, n, err);
	if (!*items)
		return -err->code;
	*more = *n > THANKS_ROWS_MAX;
	if (*more)
		*n = THANKS_ROWS_MAX;
	return 0;
}

int store_thanks_insert(struct store_conn *c, struct thanks_letter *t, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_THANKS_INSERT,
				     "INSERT INTO thanks(month, customer_id, complaint_id, sent_at,"
				     " sent_by, extra) VALUES (?, ?, ?, ?, ?, ?)"
				     " ON CONFLICT (month, customer_id) DO NOTHING RETURNING id",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, t->month);
	sql_bind_int64(st, 2, t->customer_id);
	sql_bind_int64(st, 3, t->complaint_id);
	sql_bind_int64(st, 4, t->sent_at);
	bind_text(st, 5, t->sent_by);
	bind_text(st, 6, t->extra);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		t->id = sql_column_int64(st, 0);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kesu_refuse(err, KE_CONFLICT, KR_TAKEN, "customer_ids",
				   "customer %lld was thanked for %s already",
				   (long long)t->customer_id, t->month);
	return sql_fail(c, rc, "thanks insert", err);
}

int store_thanks_sent(struct store_conn *c, const char *month, int64_t customer_id, int *sent,
		      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_THANKS_SENT,
				     "SELECT count(*) FROM thanks WHERE month = ? AND customer_id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, month);
	sql_bind_int64(st, 2, customer_id);
	int64_t v = 0;
	int rc = step_int64(c, st, &v, "thanks sent", err);
	*sent = v > 0;
	return rc;
}

int store_customer_thanks_opt_out(struct store_conn *c, int64_t customer_id, int opt_out,
				  const char *by, int64_t now, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_THANKS_OPT_OUT,
				     "UPDATE customers SET thanks_opt_out = ?1,"
				     " thanks_opt_out_at = CASE WHEN ?1 <> 0 THEN ?2 END,"
				     " thanks_opt_out_by = CASE WHEN ?1 <> 0 THEN ?3 END, updated_at = ?2"
				     " WHERE id = ?4",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, opt_out ? 1 : 0);
	sql_bind_int64(st, 2, now);
	bind_text(st, 3, by);
	sql_bind_int64(st, 4, customer_id);
	return step_one(c, st, "customer", err);
}
