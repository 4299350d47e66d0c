/*
 * sqlite_teams.c - teams, their members, and the team a complaint goes to
 * when nothing else decides.
 */
#include "sqlite_int.h"

#include <stdlib.h>

int store_team_insert(struct store_conn *c, struct team *t, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TEAM_INSERT,
				     "INSERT INTO teams(name, created_at) VALUES (?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, t->name);
	sql_bind_int64(st, 2, t->created_at);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		t->id = sql_column_int64(st, 0);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_refuse(err, KE_CONFLICT, KR_TAKEN, "name", "a team with this name exists");
	return sql_fail(c, rc, "team insert", err);
}

#define TEAM_COLS \
	"t.id, t.name, t.created_at, (SELECT count(*) FROM team_members m WHERE m.team_id = t.id)," \
	" t.assign_rule, t.assign_by_skill, t.assign_last"

static void read_team(struct sql_stmt *st, struct arena *a, void *out)
{
	struct team *t = out;
	t->id = sql_column_int64(st, 0);
	t->name = col_text(st, 1, a);
	t->created_at = sql_column_int64(st, 2);
	t->members = sql_column_int(st, 3);
	t->assign_rule = col_text(st, 4, a);
	t->assign_by_skill = sql_column_int(st, 5);
	t->assign_last = sql_column_int64(st, 6);
}

int store_team_get(struct store_conn *c, int64_t id, const char *name, struct arena *a,
		   struct team *out, struct kesu_err *err)
{
	if (id)
		return load_by_id(c, S_TEAM_BY_ID, "SELECT " TEAM_COLS " FROM teams t WHERE t.id = ?",
				  id, read_team, a, out, "no such team", err);
	struct sql_stmt *st = conn_stmt(c, S_TEAM_BY_NAME,
				     "SELECT " TEAM_COLS " FROM teams t WHERE t.name = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	return load_row(c, st, read_team, a, out, "no such team", 0, err);
}

int store_team_list(struct store_conn *c, struct arena *a, struct team **items, int *n,
		    struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TEAM_LIST,
				     "SELECT " TEAM_COLS " FROM teams t ORDER BY t.id", err);
	if (!st)
		return -err->code;
	*items = load_all(c, st, read_team, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

int store_team_rename(struct store_conn *c, int64_t id, const char *name,
		      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TEAM_RENAME, "UPDATE teams SET name = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	sql_bind_int64(st, 2, id);
	int rc = sql_step(st);
	int changed = sql_changes(c);
	stmt_done(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_refuse(err, KE_CONFLICT, KR_TAKEN, "name", "a team with this name exists");
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "team rename", err);
	return changed ? 0 : kesu_fail(err, KE_NOT_FOUND, "", "no such team");
}

int store_default_team(struct store_conn *c, int64_t *id, struct kesu_err *err)
{
	char buf[32];
	(void)err;
	unsigned epoch = conn_write_epoch(c);
	if (epoch && c->team_epoch == epoch) {
		*id = c->default_team;
		return 0;
	}
	*id = meta_get(c, "default_team", buf, sizeof buf) == 0 ? strtoll(buf, NULL, 10) : 0;
	c->team_epoch = epoch;
	c->default_team = *id;
	return 0;
}

int store_team_set_rule(struct store_conn *c, int64_t id, const char *rule, int by_skill,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_TEAM_SET_RULE,
		"UPDATE teams SET assign_rule = ?, assign_by_skill = ? WHERE id = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, rule);
	sql_bind_int(st, 2, by_skill ? 1 : 0);
	sql_bind_int64(st, 3, id);
	return step_one(c, st, "team", err);
}

int store_team_set_last(struct store_conn *c, int64_t id, int64_t user_id,
			struct kesu_err *err)
{
	struct sql_stmt *st =
		conn_stmt(c, S_TEAM_SET_LAST, "UPDATE teams SET assign_last = ? WHERE id = ?", err);
	if (!st)
		return -err->code;
	bind_opt(st, 1, user_id);
	sql_bind_int64(st, 2, id);
	return step_one(c, st, "team", err);
}
