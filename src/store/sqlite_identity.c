/*
 * sqlite_identity.c - that a complainant's identity was confirmed, and how.
 */
#include "sqlite_int.h"

int store_identity_put(struct store_conn *c, const struct identity_check *k,
		       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_IDENTITY_PUT,
				     "INSERT INTO identity_checks(complaint_id, method, note,"
				     " checked_by, checked_at) VALUES (?, ?, ?, ?, ?)"
				     " ON CONFLICT(complaint_id) DO UPDATE SET method = excluded.method,"
				     " note = excluded.note, checked_by = excluded.checked_by,"
				     " checked_at = excluded.checked_at",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, k->complaint_id);
	bind_text(st, 2, k->method);
	bind_text(st, 3, k->note);
	bind_text(st, 4, k->checked_by);
	sql_bind_int64(st, 5, k->checked_at);
	return step_done(c, st, "identity check", err);
}

static void read_identity(struct sql_stmt *st, struct arena *a, void *out)
{
	struct identity_check *k = out;
	k->complaint_id = sql_column_int64(st, 0);
	k->method = col_text(st, 1, a);
	k->note = col_text(st, 2, a);
	k->checked_by = col_text(st, 3, a);
	k->checked_at = sql_column_int64(st, 4);
}

int store_identity_get(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct identity_check *out, struct kesu_err *err)
{
	int rc = load_by_id(c, S_IDENTITY_GET,
			    "SELECT complaint_id, method, note, checked_by, checked_at"
			    " FROM identity_checks WHERE complaint_id = ?",
			    complaint_id, read_identity, a, out, "", err);
	if (rc == -KE_NOT_FOUND)
		return kesu_fail(err, KE_NOT_FOUND, "identity",
				 "the complainant's identity was not confirmed");
	return rc;
}
