/*
 * sqlite_identity.c - that a complainant's identity was confirmed, and how.
 */
#include "sqlite_int.h"

int store_identity_put(struct store_conn *c, const struct identity_check *k,
		       struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_IDENTITY_PUT,
				     "INSERT OR REPLACE INTO identity_checks(complaint_id, method, note,"
				     " checked_by, checked_at) VALUES (?, ?, ?, ?, ?)",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, k->complaint_id);
	bind_text(st, 2, k->method);
	bind_text(st, 3, k->note);
	bind_text(st, 4, k->checked_by);
	sqlite3_bind_int64(st, 5, k->checked_at);
	return step_done(c, st, "identity check", err);
}

int store_identity_get(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct identity_check *out, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_IDENTITY_GET,
				     "SELECT method, note, checked_by, checked_at FROM identity_checks"
				     " WHERE complaint_id = ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->complaint_id = complaint_id;
		out->method = col_text(st, 0, a);
		out->note = col_text(st, 1, a);
		out->checked_by = col_text(st, 2, a);
		out->checked_at = sqlite3_column_int64(st, 3);
	}
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "identity",
				 "the complainant's identity was not confirmed");
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "identity check", err);
}
