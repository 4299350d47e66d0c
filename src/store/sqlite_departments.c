/*
 * sqlite_departments.c - the department contact list, the tasks complaints
 * hand to departments, follow-up callbacks and key customers, in SQLite.
 */
#include "sqlite_int.h"

#include <string.h>

static int done_or_fail(struct store_conn *c, sqlite3_stmt *st, const char *what,
			struct kesu_err *err)
{
	int rc = sqlite3_step(st);
	stmt_done(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_fail(err, KE_CONFLICT, "name", "is taken by another department");
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, what, err);
}

/* --- departments ----------------------------------------------------------- */

#define DEPT_COLS "id, name, contact_person, phone, email, calendar, created_at, updated_at"

static void read_dept(sqlite3_stmt *st, struct arena *a, struct department *d)
{
	d->id = sqlite3_column_int64(st, 0);
	d->name = col_text(st, 1, a);
	d->contact_person = col_text(st, 2, a);
	d->phone = col_text(st, 3, a);
	d->email = col_text(st, 4, a);
	d->calendar = col_text(st, 5, a);
	d->created_at = sqlite3_column_int64(st, 6);
	d->updated_at = sqlite3_column_int64(st, 7);
}

int store_department_insert(struct store_conn *c, struct department *d, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_DEPT_INSERT,
				     "INSERT INTO departments(name, contact_person, phone, email,"
				     " calendar, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
				     " RETURNING id",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, d->name);
	bind_text(st, 2, d->contact_person);
	bind_text(st, 3, d->phone);
	bind_text(st, 4, d->email);
	bind_text(st, 5, d->calendar);
	sqlite3_bind_int64(st, 6, d->created_at);
	sqlite3_bind_int64(st, 7, d->updated_at);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		d->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_fail(err, KE_CONFLICT, "name", "is taken by another department");
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "department insert", err);
}

int store_department_update(struct store_conn *c, const struct department *d,
			    struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_DEPT_UPDATE,
				     "UPDATE departments SET name = ?, contact_person = ?, phone = ?,"
				     " email = ?, calendar = ?, updated_at = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, d->name);
	bind_text(st, 2, d->contact_person);
	bind_text(st, 3, d->phone);
	bind_text(st, 4, d->email);
	bind_text(st, 5, d->calendar);
	sqlite3_bind_int64(st, 6, d->updated_at);
	sqlite3_bind_int64(st, 7, d->id);
	return done_or_fail(c, st, "department update", err);
}

int store_department_get(struct store_conn *c, int64_t id, struct arena *a,
			 struct department *out, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_DEPT_GET,
				     "SELECT " DEPT_COLS " FROM departments WHERE id = ?", err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_dept(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no such department");
	return sql_fail(c, rc, "department get", err);
}

int store_department_list(struct store_conn *c, struct arena *a, struct department **items,
			  int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_DEPT_LIST,
				     "SELECT " DEPT_COLS " FROM departments ORDER BY id LIMIT 500",
				     err);
	if (!st)
		return -err->code;
	*items = arena_alloc(a, sizeof **items * 500);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_dept(st, a, &(*items)[(*n)++]);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "department list", err);
}

/* --- tasks ------------------------------------------------------------------ */

#define TASK_COLS                                                                   \
	"t.id, t.complaint_id, t.department_id, t.what, t.state, t.answer,"            \
	" t.answered_by, t.created_by, d.name, t.due_days, t.overdue, t.due_at,"        \
	" t.answered_at, t.created_at FROM tasks t JOIN departments d ON d.id = t.department_id"

static void read_task(sqlite3_stmt *st, struct arena *a, struct task *t)
{
	t->id = sqlite3_column_int64(st, 0);
	t->complaint_id = sqlite3_column_int64(st, 1);
	t->department_id = sqlite3_column_int64(st, 2);
	t->what = col_text(st, 3, a);
	t->state = col_text(st, 4, a);
	t->answer = col_text(st, 5, a);
	t->answered_by = col_text(st, 6, a);
	t->created_by = col_text(st, 7, a);
	t->department = col_text(st, 8, a);
	t->due_days = sqlite3_column_int(st, 9);
	t->overdue = sqlite3_column_int(st, 10);
	t->due_at = sqlite3_column_int64(st, 11);
	t->answered_at = sqlite3_column_int64(st, 12);
	t->created_at = sqlite3_column_int64(st, 13);
}

static int read_tasks(struct store_conn *c, sqlite3_stmt *st, int limit, struct arena *a,
		      struct task **items, int *n, struct kesu_err *err)
{
	*items = arena_alloc(a, sizeof **items * (size_t)limit);
	*n = 0;
	int rc;
	while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_task(st, a, &(*items)[(*n)++]);
	if (*n == limit)
		rc = SQLITE_DONE;
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "tasks", err);
}

int store_task_insert(struct store_conn *c, struct task *t, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TASK_INSERT,
				     "INSERT INTO tasks(complaint_id, department_id, what, due_days,"
				     " due_at, state, created_by, created_at)"
				     " VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, t->complaint_id);
	sqlite3_bind_int64(st, 2, t->department_id);
	bind_text(st, 3, t->what);
	sqlite3_bind_int(st, 4, t->due_days);
	sqlite3_bind_int64(st, 5, t->due_at);
	bind_text(st, 6, t->created_by);
	sqlite3_bind_int64(st, 7, t->created_at);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		t->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "task insert", err);
}

int store_task_get(struct store_conn *c, int64_t id, struct arena *a, struct task *out,
		   struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TASK_GET, "SELECT " TASK_COLS " WHERE t.id = ?", err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_task(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no such task");
	return sql_fail(c, rc, "task get", err);
}

int store_task_answer(struct store_conn *c, const struct task *t, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TASK_ANSWER,
				     "UPDATE tasks SET state = 'answered', answer = ?, answered_at = ?,"
				     " answered_by = ? WHERE id = ? AND state = 'open'",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, t->answer);
	sqlite3_bind_int64(st, 2, t->answered_at);
	bind_text(st, 3, t->answered_by);
	sqlite3_bind_int64(st, 4, t->id);
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(c->db);
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "task answer", err);
	return changed ? 0 : kesu_fail(err, KE_CONFLICT, "", "the task was answered already");
}

int store_tasks_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct task **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TASKS_OF,
				     "SELECT " TASK_COLS " WHERE t.complaint_id = ? ORDER BY t.id", err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	return read_tasks(c, st, 100, a, items, n, err);
}

int store_tasks_overdue(struct store_conn *c, int64_t now, int limit, struct arena *a,
			struct task **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TASKS_OVERDUE,
				     "SELECT " TASK_COLS " WHERE t.state = 'open' AND t.overdue = 0"
				     " AND t.due_at <= ? ORDER BY t.due_at",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, now);
	return read_tasks(c, st, limit, a, items, n, err);
}

int store_task_mark_overdue(struct store_conn *c, int64_t id, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_TASK_OVERDUE, "UPDATE tasks SET overdue = 1 WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	return done_or_fail(c, st, "task overdue", err);
}

/* --- callbacks and key customers --------------------------------------------- */

static void bind_opt_int(sqlite3_stmt *st, int i, int v)
{
	if (v)
		sqlite3_bind_int(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int store_callback_insert(struct store_conn *c, struct callback_rec *k, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_CALLBACK_INSERT,
				     "INSERT INTO callbacks(complaint_id, at, method, reached,"
				     " satisfaction, business_satisfaction, carried_out, advice,"
				     " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
				     " RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, k->complaint_id);
	sqlite3_bind_int64(st, 2, k->at);
	bind_text(st, 3, k->method);
	sqlite3_bind_int(st, 4, k->reached);
	bind_opt_int(st, 5, k->satisfaction);
	bind_opt_int(st, 6, k->business_satisfaction);
	/* carried_out: 0 unknown, 1 yes, 2 no */
	bind_opt_int(st, 7, k->carried_out);
	bind_text(st, 8, k->advice);
	bind_text(st, 9, k->recorded_by);
	sqlite3_bind_int64(st, 10, k->recorded_at);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		k->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "callback insert", err);
}

int store_callbacks_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct callback_rec **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_CALLBACKS_OF,
				     "SELECT id, complaint_id, at, recorded_at, method, advice,"
				     " recorded_by, reached, coalesce(satisfaction, 0),"
				     " coalesce(business_satisfaction, 0), coalesce(carried_out, 0)"
				     " FROM callbacks WHERE complaint_id = ? ORDER BY id LIMIT 100",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	*items = arena_alloc(a, sizeof **items * 100);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct callback_rec *k = &(*items)[(*n)++];
		k->id = sqlite3_column_int64(st, 0);
		k->complaint_id = sqlite3_column_int64(st, 1);
		k->at = sqlite3_column_int64(st, 2);
		k->recorded_at = sqlite3_column_int64(st, 3);
		k->method = col_text(st, 4, a);
		k->advice = col_text(st, 5, a);
		k->recorded_by = col_text(st, 6, a);
		k->reached = sqlite3_column_int(st, 7);
		k->satisfaction = sqlite3_column_int(st, 8);
		k->business_satisfaction = sqlite3_column_int(st, 9);
		k->carried_out = sqlite3_column_int(st, 10);
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "callbacks", err);
}

int store_customer_set_key(struct store_conn *c, int64_t id, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_CUSTOMER_KEY,
				     "UPDATE customers SET key_customer = 1 WHERE id = ? AND key_customer = 0",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(c->db);
	stmt_done(st);
	return rc == SQLITE_DONE ? changed : sql_fail(c, rc, "key customer", err);
}

int store_customer_complaints_since(struct store_conn *c, int64_t customer_id, int64_t since,
				    int cap, int64_t *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_CUSTOMER_SINCE,
				     "SELECT count(*) FROM (SELECT 1 FROM complaints"
				     " WHERE customer_id = ? AND created_at >= ? LIMIT ?)",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, customer_id);
	sqlite3_bind_int64(st, 2, since);
	sqlite3_bind_int(st, 3, cap);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "customer complaints", err);
}
