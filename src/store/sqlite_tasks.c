/*
 * sqlite_tasks.c - the tasks complaints hand to departments, their answers
 * and the overdue ones.
 */
#include "sqlite_int.h"

#define TASK_COLS                                                                   \
	"t.id, t.complaint_id, t.department_id, t.what, t.state, t.answer,"            \
	" t.answered_by, t.created_by, d.name, t.due_days, t.overdue, t.due_at,"        \
	" t.answered_at, t.created_at FROM tasks t JOIN departments d ON d.id = t.department_id"

static void read_task(struct sql_stmt *st, struct arena *a, void *out)
{
	struct task *t = out;
	t->id = sql_column_int64(st, 0);
	t->complaint_id = sql_column_int64(st, 1);
	t->department_id = sql_column_int64(st, 2);
	t->what = col_text(st, 3, a);
	t->state = col_text(st, 4, a);
	t->answer = col_text(st, 5, a);
	t->answered_by = col_text(st, 6, a);
	t->created_by = col_text(st, 7, a);
	t->department = col_text(st, 8, a);
	t->due_days = sql_column_int(st, 9);
	t->overdue = sql_column_int(st, 10);
	t->due_at = sql_column_int64(st, 11);
	t->answered_at = sql_column_int64(st, 12);
	t->created_at = sql_column_int64(st, 13);
}



int store_task_insert(struct store_conn *c, struct task *t, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TASK_INSERT,
				     "INSERT INTO tasks(complaint_id, department_id, what, due_days,"
				     " due_at, state, created_by, created_at)"
				     " VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, t->complaint_id);
	sql_bind_int64(st, 2, t->department_id);
	bind_text(st, 3, t->what);
	sql_bind_int(st, 4, t->due_days);
	sql_bind_int64(st, 5, t->due_at);
	bind_text(st, 6, t->created_by);
	sql_bind_int64(st, 7, t->created_at);
	return step_int64(c, st, &t->id, "task insert", err);
}

int store_task_get(struct store_conn *c, int64_t id, struct arena *a, struct task *out,
		   struct kesu_err *err)
{
	return load_by_id(c, S_TASK_GET, "SELECT " TASK_COLS " WHERE t.id = ?", id, read_task, a,
			  out, "no such task", err);
}

int store_task_answer(struct store_conn *c, const struct task *t, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TASK_ANSWER,
				     "UPDATE tasks SET state = 'answered', answer = ?, answered_at = ?,"
				     " answered_by = ? WHERE id = ? AND state = 'open'",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, t->answer);
	sql_bind_int64(st, 2, t->answered_at);
	bind_text(st, 3, t->answered_by);
	sql_bind_int64(st, 4, t->id);
	int rc = sql_step(st);
	int changed = sql_changes(c);
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "task answer", err);
	return changed ? 0 : kesu_fail(err, KE_CONFLICT, "", "the task was answered already");
}

int store_tasks_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct task **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TASKS_OF,
				     "SELECT " TASK_COLS " WHERE t.complaint_id = ? ORDER BY t.id", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	*items = load_all(c, st, read_task, sizeof **items, 100, a, n, err);
	return *items ? 0 : -err->code;
}

int store_tasks_overdue(struct store_conn *c, int64_t now, int limit, struct arena *a,
			struct task **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TASKS_OVERDUE,
				     "SELECT " TASK_COLS " WHERE t.state = 'open' AND t.overdue = 0"
				     " AND t.due_at <= ? ORDER BY t.due_at",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	*items = load_all(c, st, read_task, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_task_mark_overdue(struct store_conn *c, int64_t id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TASK_OVERDUE, "UPDATE tasks SET overdue = 1 WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, id);
	return step_done(c, st, "task overdue", err);
}
