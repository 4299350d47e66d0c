/*
 * sqlite_compensations.c - compensation within authority (domain.md 4 and
 * 6): proposals, their decisions, and the totals granted.
 */
#include "sqlite_int.h"

#define COMP_COLS                                                                  \
	"k.id, k.complaint_id, k.amount_fen, k.type, k.note, k.state, k.decision_reason," \
	" k.idem_key, k.proposed_by, k.proposed_at, k.decided_by, k.decided_at,"       \
	" p.username, d.username, k.purpose FROM compensations k JOIN users p ON p.id = k.proposed_by" \
	" LEFT JOIN users d ON d.id = k.decided_by"

static void read_comp(struct sql_stmt *st, struct arena *a, void *out)
{
	struct compensation *k = out;
	k->id = sql_column_int64(st, 0);
	k->complaint_id = sql_column_int64(st, 1);
	k->amount_fen = sql_column_int64(st, 2);
	k->type = col_text(st, 3, a);
	k->note = col_text(st, 4, a);
	k->state = col_text(st, 5, a);
	k->decision_reason = col_text(st, 6, a);
	k->idem_key = col_text(st, 7, a);
	k->proposed_by = sql_column_int64(st, 8);
	k->proposed_at = sql_column_int64(st, 9);
	k->decided_by = sql_column_int64(st, 10);
	k->decided_at = sql_column_int64(st, 11);
	k->proposer = col_text(st, 12, a);
	k->decider = col_text(st, 13, a);
	k->purpose = col_text(st, 14, a);
}

int store_compensation_insert(struct store_conn *c, struct compensation *k,
			      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_COMP_INSERT,
		"INSERT INTO compensations(complaint_id, type, amount_fen, note, state, proposed_by,"
		" proposed_at, decided_by, decided_at, decision_reason, idem_key, incident_remedy_id,"
		" purpose) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, k->complaint_id);
	bind_text(st, 2, k->type);
	sql_bind_int64(st, 3, k->amount_fen);
	bind_text(st, 4, k->note);
	bind_text(st, 5, k->state);
	sql_bind_int64(st, 6, k->proposed_by);
	sql_bind_int64(st, 7, k->proposed_at);
	bind_opt(st, 8, k->decided_by);
	bind_opt(st, 9, k->decided_at);
	bind_text(st, 10, k->decision_reason);
	bind_text(st, 11, k->idem_key);
	bind_opt(st, 12, k->incident_remedy_id);
	bind_text(st, 13, k->purpose ? k->purpose : "remedy");
	return step_int64(c, st, &k->id, "compensation insert", err);
}



int store_compensation_get(struct store_conn *c, int64_t id, struct arena *a,
			   struct compensation *out, struct kesu_err *err)
{
	return load_by_id(c, S_COMP_GET, "SELECT " COMP_COLS " WHERE k.id = ?", id, read_comp, a,
			  out, "no such compensation", err);
}

int store_compensation_by_key(struct store_conn *c, int64_t complaint_id, int64_t proposer,
			      const char *key, struct arena *a, struct compensation *out,
			      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_COMP_BY_KEY,
				     "SELECT " COMP_COLS " WHERE k.complaint_id = ? AND"
				     " k.proposed_by = ? AND k.idem_key = ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, proposer);
	bind_text(st, 3, key);
	return load_row(c, st, read_comp, a, out, "no such compensation", 0, err);
}

int store_compensation_decide(struct store_conn *c, const struct compensation *k,
			      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_COMP_DECIDE,
				     "UPDATE compensations SET state = ?, decided_by = ?,"
				     " decided_at = ?, decision_reason = ?"
				     " WHERE id = ? AND state = 'pending'",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, k->state);
	sql_bind_int64(st, 2, k->decided_by);
	sql_bind_int64(st, 3, k->decided_at);
	bind_text(st, 4, k->decision_reason);
	sql_bind_int64(st, 5, k->id);
	int rc = sql_step(st);
	int changed = sql_changes(c);
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "compensation decide", err);
	return changed ? 0 : kesu_refuse(err, KE_CONFLICT, KR_ALREADY_DECIDED, "",
						   "the proposal was decided already");
}

int store_compensation_list(struct store_conn *c, int64_t complaint_id, struct arena *a,
			    struct compensation **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_COMP_LIST,
				     "SELECT " COMP_COLS " WHERE k.complaint_id = ? ORDER BY k.id"
				     " LIMIT 200",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	*items = load_all(c, st, read_comp, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

int store_compensation_committed(struct store_conn *c, int64_t complaint_id, int64_t except_id,
				 int64_t *fen, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_COMP_COMMITTED,
				     "SELECT coalesce(sum(amount_fen), 0) FROM compensations"
				     " WHERE complaint_id = ? AND state IN ('granted', 'pending')"
				     " AND id <> ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, except_id);
	return step_int64(c, st, fen, "complaint's compensation", err);
}

int store_compensation_totals(struct store_conn *c, int64_t since, int64_t until,
			      void (*fn)(void *ctx, const char *type, const char *purpose,
					 int64_t count, int64_t fen),
			      void *ctx, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_COMP_TOTALS,
				     "SELECT type, purpose, count(*), sum(amount_fen) FROM compensations"
				     " WHERE state = 'granted' AND decided_at >= ? AND decided_at < ?"
				     " GROUP BY type, purpose ORDER BY type, purpose",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, since);
	sql_bind_int64(st, 2, until);
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW)
		fn(ctx, (const char *)sql_column_text(st, 0),
		   (const char *)sql_column_text(st, 1), sql_column_int64(st, 2),
		   sql_column_int64(st, 3));
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "compensation totals", err);
}
