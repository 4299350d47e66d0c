/*
 * sqlite_departments.c - the department contact list (联络表).
 */
#include "sqlite_int.h"

static int done_or_fail(struct store_conn *c, struct sql_stmt *st, const char *what,
			struct kesu_err *err)
{
	int rc = sql_step(st);
	stmt_done(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_fail(err, KE_CONFLICT, "name", "is taken by another department");
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, what, err);
}

#define DEPT_COLS "id, name, contact_person, phone, email, calendar, created_at, updated_at"

static void read_dept(struct sql_stmt *st, struct arena *a, void *out)
{
	struct department *d = out;
	d->id = sql_column_int64(st, 0);
	d->name = col_text(st, 1, a);
	d->contact_person = col_text(st, 2, a);
	d->phone = col_text(st, 3, a);
	d->email = col_text(st, 4, a);
	d->calendar = col_text(st, 5, a);
	d->created_at = sql_column_int64(st, 6);
	d->updated_at = sql_column_int64(st, 7);
}

int store_department_insert(struct store_conn *c, struct department *d, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_DEPT_INSERT,
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
	sql_bind_int64(st, 6, d->created_at);
	sql_bind_int64(st, 7, d->updated_at);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		d->id = sql_column_int64(st, 0);
	stmt_done(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_fail(err, KE_CONFLICT, "name", "is taken by another department");
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "department insert", err);
}

int store_department_update(struct store_conn *c, const struct department *d,
			    struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_DEPT_UPDATE,
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
	sql_bind_int64(st, 6, d->updated_at);
	sql_bind_int64(st, 7, d->id);
	return done_or_fail(c, st, "department update", err);
}

int store_department_get(struct store_conn *c, int64_t id, struct arena *a,
			 struct department *out, struct kesu_err *err)
{
	return load_by_id(c, S_DEPT_GET, "SELECT " DEPT_COLS " FROM departments WHERE id = ?", id,
			  read_dept, a, out, "no such department", err);
}

int store_department_list(struct store_conn *c, struct arena *a, struct department **items,
			  int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_DEPT_LIST,
				     "SELECT " DEPT_COLS " FROM departments ORDER BY id LIMIT 500",
				     err);
	if (!st)
		return -err->code;
	*items = load_all(c, st, read_dept, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}
