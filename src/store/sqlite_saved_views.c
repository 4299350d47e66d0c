/*
 * sqlite_saved_views.c - saved views: a queue's filters kept under a name,
 * for oneself or for a team.
 */
#include "sqlite_int.h"

#define VIEW_COLS "id, name, scope, owner_id, team_id, filters, created_at"

static void read_view(struct sql_stmt *st, struct arena *a, void *out)
{
	struct saved_view *v = out;
	v->id = sql_column_int64(st, 0);
	v->name = col_text(st, 1, a);
	v->scope = col_text(st, 2, a);
	v->owner_id = sql_column_int64(st, 3);
	v->team_id = sql_column_int64(st, 4);
	v->filters = col_text(st, 5, a);
	v->created_at = sql_column_int64(st, 6);
}

int store_view_insert(struct store_conn *c, struct saved_view *v, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_VIEW_INSERT,
				     "INSERT INTO saved_views(name, scope, owner_id, team_id, filters,"
				     " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, v->name);
	bind_text(st, 2, v->scope);
	sql_bind_int64(st, 3, v->owner_id);
	bind_opt(st, 4, v->team_id);
	bind_text(st, 5, v->filters);
	sql_bind_int64(st, 6, v->created_at);
	return step_int64(c, st, &v->id, "saved view insert", err);
}

int store_view_get(struct store_conn *c, int64_t id, struct arena *a, struct saved_view *out,
		   struct kesu_err *err)
{
	return load_by_id(c, S_VIEW_GET, "SELECT " VIEW_COLS " FROM saved_views WHERE id = ?", id,
			  read_view, a, out, "no saved view %lld", err);
}

int store_view_list(struct store_conn *c, int64_t user_id, struct arena *a,
		    struct saved_view **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_VIEW_LIST,
				     "SELECT " VIEW_COLS " FROM saved_views WHERE owner_id = ?1"
				     " UNION SELECT " VIEW_COLS " FROM saved_views WHERE team_id IN"
				     " (SELECT team_id FROM team_members WHERE user_id = ?1)"
				     " ORDER BY scope DESC, name, id LIMIT ?2",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, user_id);
	sql_bind_int(st, 2, SAVED_VIEWS_MAX * 2);
	*items = load_all(c, st, read_view, sizeof **items, SAVED_VIEWS_MAX * 2, a, n, err);
	return *items ? 0 : -err->code;
}

int store_view_count_mine(struct store_conn *c, int64_t user_id, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_VIEW_COUNT,
				     "SELECT count(*) FROM saved_views WHERE owner_id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, user_id);
	int64_t v = 0;
	int rc = step_int64(c, st, &v, "saved views", err);
	*n = (int)v;
	return rc;
}

int store_view_update(struct store_conn *c, const struct saved_view *v, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_VIEW_UPDATE,
				     "UPDATE saved_views SET name = ?, filters = ? WHERE id = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, v->name);
	bind_text(st, 2, v->filters);
	sql_bind_int64(st, 3, v->id);
	return step_one(c, st, "saved view", err);
}

int store_view_delete(struct store_conn *c, int64_t id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_VIEW_DELETE, "DELETE FROM saved_views WHERE id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, id);
	return step_one(c, st, "saved view", err);
}
