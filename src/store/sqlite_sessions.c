/*
 * sqlite_sessions.c - browser sessions of staff. A session is looked up by
 * the SHA-256 of its cookie; the cookie itself is never stored.
 */
#include "sqlite_int.h"

#include <string.h>

int store_session_insert(struct store_conn *c, int64_t user_id,
			 const unsigned char hash[TOKEN_HASH_LEN], const char *stage,
			 int64_t now_ms, int64_t expires_ms, const char *address,
			 int64_t *id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_SESSION_INSERT,
		"INSERT INTO sessions(token_hash, user_id, stage, created_at, last_seen_at,"
		" expires_at, address) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	sql_bind_blob(st, 1, hash, TOKEN_HASH_LEN, SQLITE_STATIC);
	sql_bind_int64(st, 2, user_id);
	bind_text(st, 3, stage);
	sql_bind_int64(st, 4, now_ms);
	sql_bind_int64(st, 5, now_ms);
	sql_bind_int64(st, 6, expires_ms);
	bind_text(st, 7, address);
	return step_int64(c, st, id, "session insert", err);
}

int store_session_lookup(struct store_conn *c, const unsigned char hash[TOKEN_HASH_LEN],
			 int64_t now_ms, int64_t idle_ms, struct credential *out,
			 struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_SESSION_LOOKUP,
		"SELECT s.id, s.stage, s.created_at, s.last_seen_at, s.expires_at, u.id,"
		" u.username, u.role FROM sessions s JOIN users u ON u.id = s.user_id"
		" WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ?"
		" AND s.last_seen_at > ? AND u.disabled_at IS NULL",
		err);
	if (!st)
		return -err->code;
	sql_bind_blob(st, 1, hash, TOKEN_HASH_LEN, SQLITE_STATIC);
	sql_bind_int64(st, 2, now_ms);
	sql_bind_int64(st, 3, now_ms - idle_ms);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->session_id = sql_column_int64(st, 0);
		col_copy(st, 1, out->stage, sizeof out->stage);
		out->created_at = sql_column_int64(st, 2);
		out->last_seen_at = sql_column_int64(st, 3);
		out->expires_at = sql_column_int64(st, 4);
		out->user_id = sql_column_int64(st, 5);
		col_copy(st, 6, out->username, sizeof out->username);
		col_copy(st, 7, out->role, sizeof out->role);
	}
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kesu_refuse(err, KE_UNAUTHORIZED, KR_SESSION_ENDED, "",
				   "the session has ended; sign in again");
	return sql_fail(c, rc, "session lookup", err);
}

int store_session_known_address(struct store_conn *c, int64_t user_id, const char *address,
				int64_t since, int *known, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SESSION_KNOWN_ADDRESS,
				     "SELECT EXISTS (SELECT 1 FROM sessions WHERE user_id = ?"
				     " AND address = ? AND created_at >= ?)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, user_id);
	bind_text(st, 2, address);
	sql_bind_int64(st, 3, since);
	int64_t v = 0;
	int rc = step_int64(c, st, &v, "session address", err);
	*known = v != 0;
	return rc;
}

int store_session_touch(struct store_conn *c, int64_t id, int64_t now_ms,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_SESSION_TOUCH,
		"UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now_ms);
	sql_bind_int64(st, 2, id);
	return step_done(c, st, "session touch", err);
}

int store_session_set_stage(struct store_conn *c, int64_t id, const char *stage,
			    struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SESSION_STAGE,
				     "UPDATE sessions SET stage = ? WHERE id = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, stage);
	sql_bind_int64(st, 2, id);
	return step_done(c, st, "session stage", err);
}

int store_session_revoke(struct store_conn *c, int64_t id, int64_t user_id,
			 int64_t now_ms, struct kesu_err *err)
{
	struct sql_stmt *st =
		id ? conn_stmt(c, S_SESSION_REVOKE,
			       "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
			       err)
		   : conn_stmt(c, S_SESSION_REVOKE_USER,
			       "UPDATE sessions SET revoked_at = ? WHERE user_id = ?"
			       " AND revoked_at IS NULL",
			       err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now_ms);
	sql_bind_int64(st, 2, id ? id : user_id);
	return step_done(c, st, "session revoke", err);
}
