/*
 * sqlite_tokens.c - API tokens. A token is looked up by the SHA-256 of its
 * secret; the secret itself is never stored.
 */
#include "sqlite_int.h"

#include <string.h>

int store_token_insert(struct store_conn *c, int64_t user_id, const char *name,
		       const char *scope, const unsigned char hash[TOKEN_HASH_LEN],
		       int64_t now_ms, int64_t expires_ms, int64_t *id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_TOKEN_INSERT,
		"INSERT INTO api_tokens(user_id, name, token_hash, scope, created_at, expires_at)"
		" VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, user_id);
	bind_text(st, 2, name);
	sql_bind_blob(st, 3, hash, TOKEN_HASH_LEN, SQLITE_STATIC);
	bind_text(st, 4, scope);
	sql_bind_int64(st, 5, now_ms);
	if (expires_ms)
		sql_bind_int64(st, 6, expires_ms);
	return step_int64(c, st, id, "token insert", err);
}

int store_token_lookup(struct store_conn *c, const unsigned char hash[TOKEN_HASH_LEN],
		       int64_t now_ms, struct credential *out, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_TOKEN_LOOKUP,
		"SELECT t.id, t.scope, t.created_at, t.expires_at, u.id, u.username, u.role"
		" FROM api_tokens t JOIN users u ON u.id = t.user_id"
		" WHERE t.token_hash = ? AND t.revoked_at IS NULL"
		" AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled_at IS NULL",
		err);
	if (!st)
		return -err->code;
	sql_bind_blob(st, 1, hash, TOKEN_HASH_LEN, SQLITE_STATIC);
	sql_bind_int64(st, 2, now_ms);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->token_id = sql_column_int64(st, 0);
		col_copy(st, 1, out->scope, sizeof out->scope);
		out->created_at = sql_column_int64(st, 2);
		out->expires_at = sql_column_int64(st, 3);
		out->user_id = sql_column_int64(st, 4);
		col_copy(st, 5, out->username, sizeof out->username);
		col_copy(st, 6, out->role, sizeof out->role);
	}
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_UNAUTHORIZED, "", "the bearer token is not valid");
	return sql_fail(c, rc, "token lookup", err);
}

int store_token_count(struct store_conn *c, int64_t *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TOKEN_COUNT, "SELECT count(*) FROM api_tokens", err);
	if (!st)
		return -err->code;
	return step_int64(c, st, n, "token count", err);
}

#define TOKEN_COLS                                                         \
	"t.id, t.user_id, t.created_at, t.expires_at, t.revoked_at, t.name," \
	" t.scope, u.username FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id"

static void read_token(struct sql_stmt *st, struct arena *a, void *out)
{
	struct token_info *t = out;
	t->id = sql_column_int64(st, 0);
	t->user_id = sql_column_int64(st, 1);
	t->created_at = sql_column_int64(st, 2);
	t->expires_at = sql_column_int64(st, 3);
	t->revoked_at = sql_column_int64(st, 4);
	t->name = col_text(st, 5, a);
	t->scope = col_text(st, 6, a);
	t->username = col_text(st, 7, a);
}

int store_token_list(struct store_conn *c, int64_t user_id, struct arena *a,
		     struct token_info **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st =
		user_id ? conn_stmt(c, S_TOKEN_LIST_USER,
				    "SELECT " TOKEN_COLS " WHERE t.user_id = ? ORDER BY t.id DESC",
				    err)
			: conn_stmt(c, S_TOKEN_LIST_ALL,
				    "SELECT " TOKEN_COLS " ORDER BY t.id DESC", err);
	if (!st)
		return -err->code;
	if (user_id)
		sql_bind_int64(st, 1, user_id);
	*items = load_all(c, st, read_token, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

int store_token_get(struct store_conn *c, int64_t id, struct arena *a,
		    struct token_info *out, struct kesu_err *err)
{
	return load_by_id(c, S_TOKEN_GET, "SELECT " TOKEN_COLS " WHERE t.id = ?", id, read_token, a,
			  out, "no such token", err);
}

int store_token_revoke(struct store_conn *c, int64_t id, int64_t now_ms,
		       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_TOKEN_REVOKE,
		"UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now_ms);
	sql_bind_int64(st, 2, id);
	return step_done(c, st, "token revoke", err);
}

int store_token_revoke_user(struct store_conn *c, int64_t user_id, int64_t now_ms, int *n,
			    struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TOKEN_REVOKE_USER,
				     "UPDATE api_tokens SET revoked_at = ?1 WHERE user_id = ?2"
				     " AND revoked_at IS NULL"
				     " AND (expires_at IS NULL OR expires_at > ?1)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now_ms);
	sql_bind_int64(st, 2, user_id);
	int rc = sql_step(st);
	*n = sql_changes(c);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "token revoke", err);
}

int store_token_adopt(struct store_conn *c, int64_t user_id, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TOKEN_ADOPT,
				     "UPDATE api_tokens SET user_id = ? WHERE user_id IS NULL", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, user_id);
	int rc = sql_step(st);
	*n = sql_changes(c);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "token adopt", err);
}
