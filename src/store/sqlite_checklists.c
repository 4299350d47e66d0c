/*
 * sqlite_checklists.c - prevention checklists (domain.md 10): the
 * checklists, their runs with each item's answer, what the scheduler
 * reads, and the complaints counted by cause that the history item shows.
 */
#include "sqlite_int.h"

#include <string.h>

#define CKL_COLS                                                                          \
	"k.id, k.team_id, k.version, k.created_at, k.updated_at, coalesce(k.checked_day, -1)," \
	" k.active, k.name, k.items, k.owner_role, k.frequency, k.created_by,"               \
	" (SELECT name FROM teams WHERE id = k.team_id) FROM checklists k"

static void read_checklist(struct sql_stmt *st, struct arena *a, void *out)
{
	struct checklist *k = out;
	memset(k, 0, sizeof *k);
	k->id = sql_column_int64(st, 0);
	k->team_id = sql_column_int64(st, 1);
	k->version = sql_column_int64(st, 2);
	k->created_at = sql_column_int64(st, 3);
	k->updated_at = sql_column_int64(st, 4);
	k->checked_day = (int32_t)sql_column_int64(st, 5);
	k->active = sql_column_int(st, 6);
	k->name = col_text(st, 7, a);
	k->items = col_text(st, 8, a);
	k->owner_role = col_text(st, 9, a);
	k->frequency = col_text(st, 10, a);
	k->created_by = col_text(st, 11, a);
	k->team = col_text(st, 12, a);
}

int store_checklist_insert(struct store_conn *c, struct checklist *k, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_CKL_INSERT,
		"INSERT INTO checklists(name, items, owner_role, frequency, team_id, active,"
		" created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, k->name);
	bind_text(st, 2, k->items);
	bind_text(st, 3, k->owner_role);
	bind_text(st, 4, k->frequency);
	bind_opt(st, 5, k->team_id);
	sql_bind_int(st, 6, k->active);
	sql_bind_int64(st, 7, k->created_at);
	bind_text(st, 8, k->created_by);
	sql_bind_int64(st, 9, k->updated_at);
	k->version = 1;
	k->checked_day = -1;
	return step_int64(c, st, &k->id, "checklist insert", err);
}

int store_checklist_get(struct store_conn *c, int64_t id, struct arena *a, struct checklist *out,
			struct kesu_err *err)
{
	return load_by_id(c, S_CKL_GET, "SELECT " CKL_COLS " WHERE k.id = ?", id, read_checklist, a,
			  out, "no checklist %lld", err);
}

int store_checklist_update(struct store_conn *c, struct checklist *k, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_CKL_UPDATE,
		"UPDATE checklists SET name = ?1, items = ?2, owner_role = ?3, frequency = ?4,"
		" team_id = ?5, active = ?6, updated_at = ?7, version = version + 1"
		" WHERE id = ?8 AND version = ?9",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, k->name);
	bind_text(st, 2, k->items);
	bind_text(st, 3, k->owner_role);
	bind_text(st, 4, k->frequency);
	bind_opt(st, 5, k->team_id);
	sql_bind_int(st, 6, k->active);
	sql_bind_int64(st, 7, k->updated_at);
	sql_bind_int64(st, 8, k->id);
	sql_bind_int64(st, 9, k->version);
	int rc = step_done(c, st, "checklist update", err);
	if (rc)
		return rc;
	if (sql_changes(c) != 1)
		return kesu_fail(err, KE_STALE, "If-Match", "the checklist changed meanwhile: reload it");
	k->version++;
	return 0;
}

int store_checklists_list(struct store_conn *c, struct arena *a, struct checklist **items, int *n,
			  struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CKL_LIST, "SELECT " CKL_COLS " ORDER BY k.id LIMIT 200",
				     err);
	if (!st)
		return -err->code;
	*items = load_all(c, st, read_checklist, sizeof **items, CHECKLISTS_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

int store_checklists_unchecked(struct store_conn *c, int32_t day, int limit, struct arena *a,
			       struct checklist **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_CKL_UNCHECKED,
		"SELECT " CKL_COLS " INDEXED BY checklists_scheduled WHERE k.active = 1"
		" AND k.frequency IN ('daily', 'weekly')"
		" AND (k.checked_day IS NULL OR k.checked_day < ?1) ORDER BY k.id LIMIT ?2",
		err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, day);
	sql_bind_int(st, 2, limit);
	*items = load_all(c, st, read_checklist, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_checklist_checked(struct store_conn *c, int64_t id, int32_t day, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CKL_CHECKED,
				     "UPDATE checklists SET checked_day = ? WHERE id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, day);
	sql_bind_int64(st, 2, id);
	return step_one(c, st, "checklist", err);
}

/* --- runs ------------------------------------------------------------------------ */

#define RUN_COLS                                                                            \
	"r.id, r.checklist_id, r.team_id, r.due_at, r.created_at, r.finished_at, r.version,"  \
	" coalesce(r.day, -1), r.overdue,"                                                    \
	" (SELECT count(*) FROM checklist_answers WHERE run_id = r.id),"                      \
	" (SELECT count(*) FROM checklist_answers WHERE run_id = r.id AND result = 'fail'),"  \
	" r.occasion, r.name, r.items, r.owner_role, r.state, r.created_by, r.finished_by"     \
	" FROM checklist_runs r"

static void read_run(struct sql_stmt *st, struct arena *a, void *out)
{
	struct checklist_run *r = out;
	memset(r, 0, sizeof *r);
	int64_t *ints[] = {&r->id,	   &r->checklist_id, &r->team_id, &r->due_at,
			   &r->created_at, &r->finished_at,  &r->version};
	int i = 0;
	for (size_t k = 0; k < sizeof ints / sizeof *ints; k++)
		*ints[k] = sql_column_int64(st, i++);
	r->day = (int32_t)sql_column_int64(st, i++);
	r->overdue = sql_column_int(st, i++);
	r->answered = sql_column_int(st, i++);
	r->failed = sql_column_int(st, i++);
	const char **texts[] = {&r->occasion,	&r->name,  &r->items,	   &r->owner_role,
				&r->state,	&r->created_by, &r->finished_by};
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
		*texts[k] = col_text(st, i++, a);
}

int store_checklist_run_insert(struct store_conn *c, struct checklist_run *r,
			       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_CKL_RUN_INSERT,
		"INSERT INTO checklist_runs(checklist_id, day, occasion, name, items, owner_role,"
		" team_id, state, due_at, overdue, created_at, created_by)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (checklist_id, day) WHERE day IS NOT NULL DO NOTHING RETURNING id",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, r->checklist_id);
	if (r->day >= 0)
		sql_bind_int(st, 2, r->day);
	else
		sql_bind_null(st, 2);
	bind_text(st, 3, r->occasion);
	bind_text(st, 4, r->name);
	bind_text(st, 5, r->items);
	bind_text(st, 6, r->owner_role);
	bind_opt(st, 7, r->team_id);
	bind_text(st, 8, r->state);
	sql_bind_int64(st, 9, r->due_at);
	sql_bind_int(st, 10, r->overdue);
	sql_bind_int64(st, 11, r->created_at);
	bind_text(st, 12, r->created_by);
	r->version = 1;
	r->id = 0;
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		r->id = sql_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "checklist run insert", err);
}

int store_checklist_run_get(struct store_conn *c, int64_t id, struct arena *a,
			    struct checklist_run *out, struct kesu_err *err)
{
	return load_by_id(c, S_CKL_RUN_GET, "SELECT " RUN_COLS " WHERE r.id = ?", id, read_run, a,
			  out, "no checklist run %lld", err);
}

int store_checklist_run_update(struct store_conn *c, struct checklist_run *r,
			       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CKL_RUN_UPDATE,
				     "UPDATE checklist_runs SET state = ?1, overdue = ?2,"
				     " finished_at = ?3, finished_by = ?4, version = version + 1"
				     " WHERE id = ?5 AND version = ?6",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, r->state);
	sql_bind_int(st, 2, r->overdue);
	bind_opt(st, 3, r->finished_at);
	bind_text(st, 4, r->finished_by);
	sql_bind_int64(st, 5, r->id);
	sql_bind_int64(st, 6, r->version);
	int rc = step_done(c, st, "checklist run update", err);
	if (rc)
		return rc;
	if (sql_changes(c) != 1)
		return kesu_fail(err, KE_STALE, "If-Match",
				 "the checklist run changed meanwhile: reload it");
	r->version++;
	return 0;
}

int store_checklist_runs_list(struct store_conn *c, const struct checklist_run_filter *f,
			      struct arena *a, struct checklist_run **items, int *n, int *more,
			      struct kesu_err *err)
{
	/* open runs come by due time (the cursor is the last id shown: runs
	 * of the same due time follow in id order); done ones newest first */
	int done = f->state && !strcmp(f->state, "done");
	struct sql_stmt *st = conn_stmt(
		c, done ? S_CKL_RUN_LIST_DONE : S_CKL_RUN_LIST_OPEN,
		done ? "SELECT " RUN_COLS " WHERE r.state = 'done'"
		       " AND (?1 = 0 OR r.checklist_id = ?1) AND (?2 = 0 OR r.id < ?2)"
		       " ORDER BY r.id DESC LIMIT ?3"
		     : "SELECT " RUN_COLS " WHERE r.state = 'open'"
		       " AND (?1 = 0 OR r.checklist_id = ?1)"
		       " AND (?2 = 0 OR (r.due_at, r.id) > (SELECT due_at, id FROM checklist_runs"
		       " WHERE id = ?2))"
		       " AND (?4 IS NULL OR (?4 = 'due' AND r.due_at >= ?5)"
		       " OR (?4 = 'overdue' AND r.due_at < ?5))"
		       " ORDER BY r.due_at, r.id LIMIT ?3",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, f->checklist_id);
	sql_bind_int64(st, 2, f->cursor_id);
	sql_bind_int(st, 3, f->limit + 1);
	if (!done) {
		bind_text(st, 4, f->state);
		sql_bind_int64(st, 5, f->now);
	}
	*items = load_all(c, st, read_run, sizeof **items, f->limit + 1, a, n, err);
	if (!*items)
		return -err->code;
	*more = *n > f->limit;
	if (*more)
		*n = f->limit;
	return 0;
}

int store_checklist_runs_overdue(struct store_conn *c, int64_t now, int limit, struct arena *a,
				 struct checklist_run **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CKL_RUN_OVERDUE,
				     "SELECT " RUN_COLS " INDEXED BY checklist_runs_due"
				     " WHERE r.due_at < ?1 AND r.state = 'open' AND r.overdue = 0"
				     " ORDER BY r.due_at LIMIT ?2",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	sql_bind_int(st, 2, limit);
	*items = load_all(c, st, read_run, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

/* --- answers ---------------------------------------------------------------------- */

int store_checklist_answer_put(struct store_conn *c, const struct checklist_answer *x,
			       struct kesu_err *err)
{
	/* a new answer keeps the action made of the item before */
	struct sql_stmt *st = conn_stmt(
		c, S_CKL_ANSWER_PUT,
		"INSERT INTO checklist_answers(run_id, n, result, note, attachments, answered_at,"
		" answered_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT(run_id, n) DO UPDATE SET result = excluded.result,"
		" note = excluded.note, attachments = excluded.attachments,"
		" answered_at = excluded.answered_at, answered_by = excluded.answered_by",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, x->run_id);
	sql_bind_int(st, 2, x->n);
	bind_text(st, 3, x->result);
	bind_text(st, 4, x->note);
	bind_text(st, 5, x->attachments ? x->attachments : "[]");
	sql_bind_int64(st, 6, x->answered_at);
	bind_text(st, 7, x->answered_by);
	return step_done(c, st, "checklist answer", err);
}

int store_checklist_answer_action(struct store_conn *c, int64_t run_id, int n, int64_t action_id,
				  struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CKL_ANSWER_ACTION,
				     "UPDATE checklist_answers SET action_id = ? WHERE run_id = ?"
				     " AND n = ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, action_id);
	sql_bind_int64(st, 2, run_id);
	sql_bind_int(st, 3, n);
	return step_one(c, st, "checklist answer", err);
}

static void read_answer(struct sql_stmt *st, struct arena *a, void *out)
{
	struct checklist_answer *x = out;
	memset(x, 0, sizeof *x);
	x->run_id = sql_column_int64(st, 0);
	x->n = sql_column_int(st, 1);
	x->action_id = sql_column_int64(st, 2);
	x->answered_at = sql_column_int64(st, 3);
	x->result = col_text(st, 4, a);
	x->note = col_text(st, 5, a);
	x->attachments = col_text(st, 6, a);
	x->answered_by = col_text(st, 7, a);
}

int store_checklist_answers(struct store_conn *c, int64_t run_id, struct arena *a,
			    struct checklist_answer **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CKL_ANSWERS,
				     "SELECT run_id, n, action_id, answered_at, result, note,"
				     " attachments, answered_by FROM checklist_answers"
				     " WHERE run_id = ? ORDER BY n LIMIT 50",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, run_id);
	*items = load_all(c, st, read_answer, sizeof **items, CHECKLIST_ITEMS_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

/* --- the history item ------------------------------------------------------------- */

static void read_cause_count(struct sql_stmt *st, struct arena *a, void *out)
{
	struct cause_count *x = out;
	x->cause = col_text(st, 0, a);
	x->n = sql_column_int64(st, 1);
}

int store_cause_counts_since(struct store_conn *c, int64_t from, int limit, struct arena *a,
			     struct cause_count **items, int *n, int64_t *total,
			     struct kesu_err *err)
{
	/* the cause's index holds the registration time: one range per cause */
	struct sql_stmt *st = conn_stmt(c, S_CKL_CAUSES,
				     "SELECT cause, count(*) FROM complaints INDEXED BY complaints_cause"
				     " WHERE cause IS NOT NULL AND created_at >= ?1 GROUP BY cause"
				     " ORDER BY 2 DESC, 1",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, from);
	struct cause_count *all = load_all(c, st, read_cause_count, sizeof *all, 1000, a, n, err);
	if (!all)
		return -err->code;
	*total = 0;
	for (int k = 0; k < *n; k++)
		*total += all[k].n;
	if (*n > limit)
		*n = limit;
	*items = all;
	return 0;
}
