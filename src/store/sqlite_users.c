/*
 * sqlite_users.c - staff accounts: passwords and second factor, login
 * failures and locks, the teams of each user, and the settings of each
 * role.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <string.h>

#define USER_COLS                                                            \
	"id, username, display_name, email, role, password_hash, limits,"   \
	" totp_sealed, totp_enabled, totp_last_step, disabled_at,"          \
	" failed_logins, locked_until, password_changed_at, created_at,"    \
	" updated_at, on_duty"

static void read_user(struct sql_stmt *st, struct arena *a, void *out)
{
	struct user *u = out;
	memset(u, 0, sizeof *u);
	u->id = sql_column_int64(st, 0);
	u->username = col_text(st, 1, a);
	u->display_name = col_text(st, 2, a);
	u->email = col_text(st, 3, a);
	u->role = col_text(st, 4, a);
	u->password_hash = col_text(st, 5, a);
	u->limits = col_text(st, 6, a);
	int n = sql_column_bytes(st, 7);
	if (n > 0 && (size_t)n <= sizeof u->totp_sealed) {
		memcpy(u->totp_sealed, sql_column_blob(st, 7), (size_t)n);
		u->has_totp_sealed = 1;
	}
	u->totp_enabled = sql_column_int(st, 8);
	u->totp_last_step = sql_column_int64(st, 9);
	u->disabled_at = sql_column_int64(st, 10);
	u->failed_logins = sql_column_int64(st, 11);
	u->locked_until = sql_column_int64(st, 12);
	u->password_changed_at = sql_column_int64(st, 13);
	u->created_at = sql_column_int64(st, 14);
	u->updated_at = sql_column_int64(st, 15);
	u->on_duty = sql_column_int(st, 16);
}

static int load_teams(struct store_conn *c, struct user *u, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_USER_TEAMS, "SELECT team_id FROM team_members WHERE user_id = ? ORDER BY team_id",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, u->id);
	int rc;
	u->nteams = 0;
	while ((rc = sql_step(st)) == SQLITE_ROW)
		if (u->nteams < USER_TEAMS_MAX)
			u->teams[u->nteams++] = sql_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "user teams", err);
}

int store_user_teams(struct store_conn *c, int64_t user_id, int64_t *teams, int *n,
		     struct kesu_err *err)
{
	struct user u = {.id = user_id};
	int rc = load_teams(c, &u, err);
	if (!rc) {
		memcpy(teams, u.teams, sizeof u.teams[0] * (size_t)u.nteams);
		*n = u.nteams;
	}
	return rc;
}

int store_user_insert(struct store_conn *c, struct user *u, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_USER_INSERT,
		"INSERT INTO users(username, display_name, email, role, password_hash, limits,"
		" password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, u->username);
	bind_text(st, 2, u->display_name);
	bind_text(st, 3, u->email);
	bind_text(st, 4, u->role);
	bind_text(st, 5, u->password_hash);
	bind_text(st, 6, u->limits);
	sql_bind_int64(st, 7, u->password_changed_at);
	sql_bind_int64(st, 8, u->created_at);
	sql_bind_int64(st, 9, u->updated_at);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		u->id = sql_column_int64(st, 0);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_refuse(err, KE_CONFLICT, KR_TAKEN, "username", "'%s' is taken", u->username);
	return sql_fail(c, rc, "user insert", err);
}

int store_user_get(struct store_conn *c, int64_t id, const char *username,
		   struct arena *a, struct user *out, struct kesu_err *err)
{
	int rc;
	if (id) {
		rc = load_by_id(c, S_USER_BY_ID, "SELECT " USER_COLS " FROM users WHERE id = ?", id,
				read_user, a, out, "no such user", err);
	} else {
		struct sql_stmt *st = conn_stmt(c, S_USER_BY_NAME,
					     "SELECT " USER_COLS " FROM users WHERE username = ?", err);
		if (!st)
			return -err->code;
		bind_text(st, 1, username);
		rc = load_row(c, st, read_user, a, out, "no such user", 0, err);
	}
	return rc ? rc : load_teams(c, out, err);
}

int store_user_list(struct store_conn *c, struct arena *a, struct user **items, int *n,
		    struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_USER_LIST, "SELECT " USER_COLS " FROM users ORDER BY id",
				     err);
	if (!st)
		return -err->code;
	if (!(*items = load_all(c, st, read_user, sizeof **items, INT_MAX, a, n, err)))
		return -err->code;
	for (int i = 0; i < *n; i++)
		if (load_teams(c, &(*items)[i], err))
			return -err->code;
	return 0;
}

int store_user_count(struct store_conn *c, int64_t *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_USER_COUNT, "SELECT count(*) FROM users", err);
	if (!st)
		return -err->code;
	return step_int64(c, st, n, "user count", err);
}

int store_user_update(struct store_conn *c, const struct user *u, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_USER_UPDATE,
		"UPDATE users SET display_name = ?, email = ?, role = ?, limits = ?,"
		" disabled_at = ?, updated_at = ? WHERE id = ?",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, u->display_name);
	bind_text(st, 2, u->email);
	bind_text(st, 3, u->role);
	bind_text(st, 4, u->limits);
	if (u->disabled_at)
		sql_bind_int64(st, 5, u->disabled_at);
	sql_bind_int64(st, 6, u->updated_at);
	sql_bind_int64(st, 7, u->id);
	return step_done(c, st, "user update", err);
}

int store_user_set_teams(struct store_conn *c, const struct user *u, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_USER_TEAMS_CLEAR,
				     "DELETE FROM team_members WHERE user_id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, u->id);
	if (step_done(c, st, "user teams", err))
		return -err->code;
	for (int i = 0; i < u->nteams; i++) {
		st = conn_stmt(c, S_USER_TEAM_ADD,
			       "INSERT OR IGNORE INTO team_members(user_id, team_id)"
			       " SELECT ?, id FROM teams WHERE id = ?",
			       err);
		if (!st)
			return -err->code;
		sql_bind_int64(st, 1, u->id);
		sql_bind_int64(st, 2, u->teams[i]);
		int rc = sql_step(st);
		int added = sql_changes(c);
		stmt_done(st);
		if (rc != SQLITE_DONE)
			return sql_fail(c, rc, "user teams", err);
		if (!added) {
			/* either a duplicate in the list or a team that is not there */
			int dup = 0;
			for (int k = 0; k < i; k++)
				dup |= u->teams[k] == u->teams[i];
			if (!dup)
				return kesu_fail(err, KE_INVALID_VALUE, "teams",
						 "team %lld does not exist", (long long)u->teams[i]);
		}
	}
	return 0;
}

int store_user_set_password(struct store_conn *c, int64_t id, const char *hash,
			    int64_t now_ms, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_USER_PASSWORD,
		"UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ?,"
		" failed_logins = 0, locked_until = 0 WHERE id = ?",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, hash);
	sql_bind_int64(st, 2, now_ms);
	sql_bind_int64(st, 3, now_ms);
	sql_bind_int64(st, 4, id);
	if (step_done(c, st, "user password", err))
		return -err->code;
	return store_session_revoke(c, 0, id, now_ms, err);
}

int store_user_signed_in(struct store_conn *c, int64_t id, int64_t totp_step,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_USER_LOGIN_OK,
				     "UPDATE users SET failed_logins = 0, locked_until = 0,"
				     " totp_last_step = max(totp_last_step, ?) WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, totp_step);
	sql_bind_int64(st, 2, id);
	return step_done(c, st, "login result", err);
}

int store_user_unlock(struct store_conn *c, int64_t id, int64_t now_ms,
		      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_USER_UNLOCK,
				     "UPDATE users SET failed_logins = 0, locked_until = 0,"
				     " updated_at = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now_ms);
	sql_bind_int64(st, 2, id);
	return step_done(c, st, "user unlock", err);
}

int store_user_set_totp(struct store_conn *c, int64_t id, const unsigned char *sealed,
			size_t len, int enabled, int64_t now_ms, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_USER_TOTP,
				     "UPDATE users SET totp_sealed = ?, totp_enabled = ?,"
				     " updated_at = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	if (sealed)
		sql_bind_blob(st, 1, sealed, (int)len, SQLITE_STATIC);
	sql_bind_int(st, 2, enabled);
	sql_bind_int64(st, 3, now_ms);
	sql_bind_int64(st, 4, id);
	return step_done(c, st, "user second factor", err);
}

/* --- Roles --------------------------------------------------------------- */

int store_role_get(struct store_conn *c, const char *role, struct arena *a,
		   int *require_totp, const char **limits, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ROLE_GET,
				     "SELECT require_totp, limits FROM role_settings WHERE role = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, role);
	*require_totp = 0;
	*limits = NULL;
	int rc = sql_step(st);
	if (rc == SQLITE_ROW) {
		*require_totp = sql_column_int(st, 0);
		*limits = col_text(st, 1, a);
	}
	stmt_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "role get", err);
}

int store_role_put(struct store_conn *c, const char *role, int require_totp,
		   const char *limits, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_ROLE_PUT,
		"INSERT INTO role_settings(role, require_totp, limits) VALUES (?, ?, ?)"
		" ON CONFLICT(role) DO UPDATE SET require_totp = excluded.require_totp,"
		" limits = excluded.limits",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, role);
	sql_bind_int(st, 2, require_totp);
	bind_text(st, 3, limits);
	return step_done(c, st, "role put", err);
}

int store_role_emails(struct store_conn *c, const char *role,
		      void (*fn)(void *ctx, const char *email), void *ctx, struct kesu_err *err)
{
	struct sql_stmt *st;
	int rc = sql_prepare_v2(c,
				    "SELECT email FROM users WHERE role = ? AND disabled_at IS NULL"
				    " AND email IS NOT NULL ORDER BY id",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "role emails", err);
	bind_text(st, 1, role);
	while ((rc = sql_step(st)) == SQLITE_ROW)
		fn(ctx, (const char *)sql_column_text(st, 0));
	sql_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "role emails", err);
}

int store_user_set_duty(struct store_conn *c, int64_t id, int on_duty, struct kesu_err *err)
{
	struct sql_stmt *st =
		conn_stmt(c, S_USER_SET_DUTY, "UPDATE users SET on_duty = ? WHERE id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, on_duty ? 1 : 0);
	sql_bind_int64(st, 2, id);
	return step_one(c, st, "user", err);
}

int store_user_skills(struct store_conn *c, int64_t id, struct arena *a, const char ***cats,
		      int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_USER_SKILLS,
		"SELECT category FROM user_skills WHERE user_id = ? ORDER BY category", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, id);
	int rc, cap = 8;
	*n = 0;
	*cats = arena_alloc(a, sizeof **cats * (size_t)cap);
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			const char **more = arena_alloc(a, sizeof *more * (size_t)cap * 2);
			memcpy(more, *cats, sizeof *more * (size_t)cap);
			*cats = more;
			cap *= 2;
		}
		(*cats)[(*n)++] = col_text(st, 0, a);
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "user skills", err);
}

int store_user_set_skills(struct store_conn *c, int64_t id, const char *const *cats, int n,
			  struct kesu_err *err)
{
	struct sql_stmt *st =
		conn_stmt(c, S_USER_SKILLS_CLEAR, "DELETE FROM user_skills WHERE user_id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, id);
	int rc = step_done(c, st, "user skills", err);
	for (int i = 0; !rc && i < n; i++) {
		st = conn_stmt(c, S_USER_SKILL_ADD,
			       "INSERT OR IGNORE INTO user_skills(user_id, category) VALUES (?, ?)",
			       err);
		if (!st)
			return -err->code;
		sql_bind_int64(st, 1, id);
		bind_text(st, 2, cats[i]);
		rc = step_done(c, st, "user skill", err);
	}
	return rc;
}

static void read_candidate(struct sql_stmt *st, struct arena *a, void *out)
{
	struct assign_candidate *x = out;
	x->user_id = sql_column_int64(st, 0);
	x->role = col_text(st, 1, a);
	x->skilled = sql_column_int(st, 2);
	x->open = sql_column_int64(st, 3);
}

int store_assign_candidates(struct store_conn *c, int64_t team_id, const char *category,
			    struct arena *a, struct assign_candidate **items, int *n,
			    struct kesu_err *err)
{
	/* the open count uses the index of the open complaints by assignee */
	struct sql_stmt *st = conn_stmt(
		c, S_ASSIGN_CANDIDATES,
		"SELECT u.id, u.role,"
		" EXISTS (SELECT 1 FROM user_skills s WHERE s.user_id = u.id AND s.category = ?2),"
		" (SELECT count(*) FROM complaints k WHERE k.assignee_id = u.id"
		"  AND k.status <> 'closed')"
		" FROM team_members m JOIN users u ON u.id = m.user_id"
		" WHERE m.team_id = ?1 AND u.disabled_at IS NULL AND u.on_duty = 1 ORDER BY u.id",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, team_id);
	bind_text(st, 2, category);
	*items = load_all(c, st, read_candidate, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}
