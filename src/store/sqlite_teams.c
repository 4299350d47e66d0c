/*
 * sqlite_teams.c - teams, their members, and the team a complaint goes to
 * when nothing else decides.
 */
#include "sqlite_int.h"

#include <stdlib.h>

int store_team_insert(struct store_conn *c, struct team *t, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TEAM_INSERT,
				     "INSERT INTO teams(name, created_at) VALUES (?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, t->name);
	sqlite3_bind_int64(st, 2, t->created_at);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		t->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_fail(err, KE_CONFLICT, "name", "a team with this name exists");
	return sql_fail(c, rc, "team insert", err);
}

#define TEAM_COLS \
	"t.id, t.name, t.created_at, (SELECT count(*) FROM team_members m WHERE m.team_id = t.id)"

static void read_team(sqlite3_stmt *st, struct arena *a, struct team *t)
{
	t->id = sqlite3_column_int64(st, 0);
	t->name = col_text(st, 1, a);
	t->created_at = sqlite3_column_int64(st, 2);
	t->members = sqlite3_column_int(st, 3);
}

int store_team_get(struct store_conn *c, int64_t id, const char *name, struct arena *a,
		   struct team *out, struct kesu_err *err)
{
	sqlite3_stmt *st =
		id ? conn_stmt(c, S_TEAM_BY_ID, "SELECT " TEAM_COLS " FROM teams t WHERE t.id = ?",
			       err)
		   : conn_stmt(c, S_TEAM_BY_NAME,
			       "SELECT " TEAM_COLS " FROM teams t WHERE t.name = ?", err);
	if (!st)
		return -err->code;
	if (id)
		sqlite3_bind_int64(st, 1, id);
	else
		bind_text(st, 1, name);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_team(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no such team");
	return sql_fail(c, rc, "team get", err);
}

int store_team_list(struct store_conn *c, struct arena *a, struct team **items, int *n,
		    struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TEAM_LIST,
				     "SELECT " TEAM_COLS " FROM teams t ORDER BY t.id", err);
	if (!st)
		return -err->code;
	int cap = 16, rc;
	*items = arena_alloc(a, sizeof **items * (size_t)cap);
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			struct team *bigger = arena_alloc(a, sizeof *bigger * (size_t)cap * 2);
			memcpy(bigger, *items, sizeof *bigger * (size_t)cap);
			*items = bigger;
			cap *= 2;
		}
		read_team(st, a, &(*items)[(*n)++]);
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "team list", err);
}

int store_team_rename(struct store_conn *c, int64_t id, const char *name,
		      struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TEAM_RENAME, "UPDATE teams SET name = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(c->db);
	stmt_done(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_fail(err, KE_CONFLICT, "name", "a team with this name exists");
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "team rename", err);
	return changed ? 0 : kesu_fail(err, KE_NOT_FOUND, "", "no such team");
}

int store_default_team(struct store_conn *c, int64_t *id, struct kesu_err *err)
{
	char buf[32];
	(void)err;
	*id = meta_get(c, "default_team", buf, sizeof buf) == 0 ? strtoll(buf, NULL, 10) : 0;
	return 0;
}
