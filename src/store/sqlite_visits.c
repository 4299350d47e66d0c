/*
 * sqlite_visits.c - the key customers' visits (主管领导定期上门征询意见):
 * the dated visits or calls a supervisor makes, the supervisors' list of
 * them, the missed ones the scheduler looks at, and which supervisor of a
 * team is given them.
 */
#include "sqlite_int.h"

#include <limits.h>
#include <string.h>

#define VISIT_COLS                                                                         \
	"v.id, v.customer_id, v.complaint_id, v.team_id, v.owner_id, v.due_at, v.missed_at," \
	" v.done_at, v.recorded_at, v.next_at, v.created_at, v.seq, v.times, v.on_behalf,"   \
	" v.due_date, v.method, v.state, v.outcome, v.done_by, c.tracking_no,"               \
	" (SELECT username FROM users WHERE id = v.owner_id),"                               \
	" (SELECT name FROM customers WHERE id = v.customer_id)"                             \
	" FROM visits v JOIN complaints c ON c.id = v.complaint_id"

static void read_visit(struct sql_stmt *st, struct arena *a, void *out)
{
	struct visit *v = out;
	memset(v, 0, sizeof *v);
	v->id = sql_column_int64(st, 0);
	v->customer_id = sql_column_int64(st, 1);
	v->complaint_id = sql_column_int64(st, 2);
	v->team_id = sql_column_int64(st, 3);
	v->owner_id = sql_column_int64(st, 4);
	v->due_at = sql_column_int64(st, 5);
	v->missed_at = sql_column_int64(st, 6);
	v->done_at = sql_column_int64(st, 7);
	v->recorded_at = sql_column_int64(st, 8);
	v->next_at = sql_column_int64(st, 9);
	v->created_at = sql_column_int64(st, 10);
	v->seq = sql_column_int(st, 11);
	v->times = sql_column_int(st, 12);
	v->on_behalf = sql_column_int(st, 13);
	v->due_date = col_text(st, 14, a);
	v->method = col_text(st, 15, a);
	v->state = col_text(st, 16, a);
	v->outcome = col_text(st, 17, a);
	v->done_by = col_text(st, 18, a);
	v->tracking_no = col_text(st, 19, a);
	v->owner = col_text(st, 20, a);
	v->customer = col_text(st, 21, a);
}

int store_visit_insert(struct store_conn *c, struct visit *v, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_VISIT_INSERT,
				     "INSERT INTO visits(customer_id, complaint_id, team_id, seq, times,"
				     " due_date, due_at, method, owner_id, state, next_at, created_at)"
				     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, v->customer_id);
	sql_bind_int64(st, 2, v->complaint_id);
	bind_opt(st, 3, v->team_id);
	sql_bind_int(st, 4, v->seq);
	sql_bind_int(st, 5, v->times);
	bind_text(st, 6, v->due_date);
	sql_bind_int64(st, 7, v->due_at);
	bind_text(st, 8, v->method);
	bind_opt(st, 9, v->owner_id);
	bind_text(st, 10, v->state);
	bind_opt(st, 11, v->next_at);
	sql_bind_int64(st, 12, v->created_at);
	return step_int64(c, st, &v->id, "visit insert", err);
}

int store_visit_get(struct store_conn *c, int64_t id, struct arena *a, struct visit *out,
		    struct kesu_err *err)
{
	return load_by_id(c, S_VISIT_GET, "SELECT " VISIT_COLS " WHERE v.id = ?", id, read_visit, a,
			  out, "no visit %lld", err);
}

int store_visit_update(struct store_conn *c, const struct visit *v, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_VISIT_UPDATE,
				     "UPDATE visits SET state = ?, missed_at = ?, outcome = ?,"
				     " done_at = ?, done_by = ?, on_behalf = ?, recorded_at = ?,"
				     " next_at = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, v->state);
	bind_opt(st, 2, v->missed_at);
	bind_text(st, 3, v->outcome);
	bind_opt(st, 4, v->done_at);
	bind_text(st, 5, v->done_by);
	sql_bind_int(st, 6, v->on_behalf);
	bind_opt(st, 7, v->recorded_at);
	bind_opt(st, 8, v->next_at);
	sql_bind_int64(st, 9, v->id);
	return step_one(c, st, "visit", err);
}

/* The conditions of a visit_filter; every one is off when its value is
 * 0 or NULL, so one statement serves them all. */
#define VISIT_WHERE                                                                          \
	" AND (?1 = 0 OR v.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?1))" \
	" AND (?2 = 0 OR v.customer_id = ?2) AND (?3 IS NULL OR v.state = ?3)"               \
	" AND (?4 = 0 OR v.due_at <= ?4)"
#define VISIT_PAGE                                                                            \
	" AND (v.due_at > ?5 OR (v.due_at = ?5 AND v.id > ?6)) ORDER BY v.due_at, v.id LIMIT ?7"

static void bind_visit_filter(struct sql_stmt *st, const struct visit_filter *f)
{
	sql_bind_int64(st, 1, f->teams_of);
	sql_bind_int64(st, 2, f->customer_id);
	bind_text(st, 3, f->state);
	sql_bind_int64(st, 4, f->until);
}

int store_visits_list(struct store_conn *c, const struct visit_filter *f, struct arena *a,
		      struct visit **items, int *n, int *more, struct kesu_err *err)
{
	/* Each list reads its own index in due order and stops at a page: a
	 * customer's (visits_customer), the visits not done (visits_open,
	 * whose condition is written here word for word), or all of them. */
	struct sql_stmt *st =
		f->customer_id
			? conn_stmt(c, S_VISITS_OF_CUSTOMER,
				    "SELECT " VISIT_COLS " WHERE v.customer_id = ?2"
				    " AND (?8 = 0 OR v.state <> 'done')" VISIT_WHERE VISIT_PAGE,
				    err)
		: f->open ? conn_stmt(c, S_VISITS_OPEN,
				      "SELECT " VISIT_COLS " WHERE v.state <> 'done'" VISIT_WHERE
				      VISIT_PAGE,
				      err)
			  : conn_stmt(c, S_VISITS_LIST,
				      "SELECT " VISIT_COLS " WHERE 1 = 1" VISIT_WHERE VISIT_PAGE,
				      err);
	if (!st)
		return -err->code;
	bind_visit_filter(st, f);
	sql_bind_int64(st, 5, f->cursor_due);
	sql_bind_int64(st, 6, f->cursor_id);
	sql_bind_int(st, 7, f->limit + 1);
	if (f->customer_id)
		sql_bind_int(st, 8, f->open);
	*items = load_all(c, st, read_visit, sizeof **items, f->limit + 1, a, n, err);
	if (!*items)
		return -err->code;
	*more = *n > f->limit;
	if (*more)
		*n = f->limit;
	return 0;
}

int store_visits_due_count(struct store_conn *c, int64_t teams_of, int64_t until, int cap,
			   int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_VISITS_COUNT,
				     "SELECT count(*) FROM (SELECT 1 FROM visits v"
				     " WHERE v.state <> 'done' AND v.due_at <= ?2 AND (?1 = 0 OR"
				     " v.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?1))"
				     " LIMIT ?3)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, teams_of);
	sql_bind_int64(st, 2, until);
	sql_bind_int(st, 3, cap + 1);
	int64_t k = 0;
	int rc = step_int64(c, st, &k, "visit count", err);
	*n = (int)k;
	return rc;
}

int store_visits_due(struct store_conn *c, int64_t now, int limit, struct arena *a,
		     struct visit **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_VISITS_DUE,
				     "SELECT " VISIT_COLS " WHERE v.next_at IS NOT NULL"
				     " AND v.next_at <= ? ORDER BY v.next_at LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	sql_bind_int(st, 2, limit);
	*items = load_all(c, st, read_visit, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

int store_visits_planned(struct store_conn *c, int64_t customer_id, int *yes,
			 struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_VISITS_PLANNED,
				     "SELECT EXISTS (SELECT 1 FROM visits WHERE customer_id = ?"
				     " AND state = 'planned')",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, customer_id);
	int64_t k = 0;
	int rc = step_int64(c, st, &k, "planned visits", err);
	*yes = k != 0;
	return rc;
}

int store_team_supervisor(struct store_conn *c, int64_t team_id, int64_t *user_id,
			  struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_TEAM_SUPERVISOR,
				     "SELECT coalesce((SELECT u.id FROM team_members m"
				     " JOIN users u ON u.id = m.user_id WHERE m.team_id = ?"
				     " AND u.role = 'supervisor' AND u.disabled_at IS NULL"
				     " ORDER BY u.id LIMIT 1), 0)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, team_id);
	return step_int64(c, st, user_id, "team supervisor", err);
}
