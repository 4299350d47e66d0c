/*
 * sqlite_actions.c - improvement actions (domain.md 7): the action, the
 * complaints that led to it, its history, what the scheduler reads, and
 * the counts of complaints its recurrence check compares.
 */
#include "sqlite_int.h"

#include <string.h>

#define ACT_COLS                                                                            \
	"x.id, x.department_id, x.owner_id, x.team_id, x.incident_id, x.due_at,"            \
	" x.accepted_at, x.done_at, x.judged_at, x.verify_at, x.told_at, x.version,"        \
	" x.created_at, x.updated_at, x.origin_id, x.window_days, x.failures, x.overdue,"   \
	" x.tell_customers, x.margin, x.cause, x.category, x.object, x.channel, x.what,"    \
	" x.state, x.evidence, x.created_by, x.origin, x.owner_name, x.accepted_by,"        \
	" x.done_by, x.verification, x.drop_reason, d.name, d.email,"                       \
	" (SELECT coalesce(display_name, username) FROM users WHERE id = x.owner_id),"      \
	" (SELECT count(*) FROM action_complaints WHERE action_id = x.id),"                 \
	" x.link_nonce, x.link_hash"                                                        \
	" FROM improvement_actions x JOIN departments d ON d.id = x.department_id"

static void read_action(struct sql_stmt *st, struct arena *a, void *out)
{
	struct improvement_action *x = out;
	int64_t *ints[] = {&x->id,	  &x->department_id, &x->owner_id,   &x->team_id,
			   &x->incident_id, &x->due_at,	     &x->accepted_at, &x->done_at,
			   &x->judged_at, &x->verify_at,     &x->told_at,     &x->version,
			   &x->created_at, &x->updated_at,   &x->origin_id};
	const char **texts[] = {&x->cause,	&x->category,	  &x->object,	   &x->channel,
				&x->what,	&x->state,	  &x->evidence,	   &x->created_by,
				&x->origin,	&x->owner_name,	  &x->accepted_by, &x->done_by,
				&x->verification, &x->drop_reason, &x->department,
				&x->department_email, &x->owner_user};
	memset(x, 0, sizeof *x);
	int i = 0;
	for (size_t k = 0; k < sizeof ints / sizeof *ints; k++)
		*ints[k] = sql_column_int64(st, i++);
	x->window_days = sql_column_int(st, i++);
	x->failures = sql_column_int(st, i++);
	x->overdue = sql_column_int(st, i++);
	x->tell_customers = sql_column_int(st, i++);
	x->margin = sql_column_double(st, i++);
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
		*texts[k] = col_text(st, i++, a);
	x->complaints = sql_column_int(st, i++);
	if (sql_column_bytes(st, i) == ACTION_NONCE_LEN)
		memcpy(x->link_nonce, sql_column_blob(st, i), ACTION_NONCE_LEN);
	i++;
	if (sql_column_bytes(st, i) == (int)sizeof x->link_hash)
		memcpy(x->link_hash, sql_column_blob(st, i), sizeof x->link_hash);
}

/* The changeable columns, bound from 1 in this order. */
#define ACT_SET                                                                              \
	"cause = ?1, category = ?2, object = ?3, channel = ?4, team_id = ?5,"                \
	" department_id = ?6, owner_id = ?7, owner_name = ?8, what = ?9, due_at = ?10,"      \
	" state = ?11, evidence = ?12, incident_id = ?13, accepted_at = ?14,"                \
	" accepted_by = ?15, done_at = ?16, done_by = ?17, window_days = ?18, margin = ?19," \
	" verify_at = ?20, verification = ?21, judged_at = ?22, failures = ?23,"             \
	" overdue = ?24, tell_customers = ?25, told_at = ?26, drop_reason = ?27,"            \
	" updated_at = ?28"

static void bind_action(struct sql_stmt *st, const struct improvement_action *x)
{
	bind_text(st, 1, x->cause);
	bind_text(st, 2, x->category);
	bind_text(st, 3, x->object);
	bind_text(st, 4, x->channel);
	bind_opt(st, 5, x->team_id);
	sql_bind_int64(st, 6, x->department_id);
	bind_opt(st, 7, x->owner_id);
	bind_text(st, 8, x->owner_name);
	bind_text(st, 9, x->what);
	sql_bind_int64(st, 10, x->due_at);
	bind_text(st, 11, x->state);
	bind_text(st, 12, x->evidence);
	bind_opt(st, 13, x->incident_id);
	bind_opt(st, 14, x->accepted_at);
	bind_text(st, 15, x->accepted_by);
	bind_opt(st, 16, x->done_at);
	bind_text(st, 17, x->done_by);
	if (x->window_days)
		sql_bind_int(st, 18, x->window_days);
	else
		sql_bind_null(st, 18);
	if (x->window_days)
		sql_bind_double(st, 19, x->margin);
	else
		sql_bind_null(st, 19);
	bind_opt(st, 20, x->verify_at);
	bind_text(st, 21, x->verification);
	bind_opt(st, 22, x->judged_at);
	sql_bind_int(st, 23, x->failures);
	sql_bind_int(st, 24, x->overdue);
	sql_bind_int(st, 25, x->tell_customers);
	bind_opt(st, 26, x->told_at);
	bind_text(st, 27, x->drop_reason);
	sql_bind_int64(st, 28, x->updated_at);
}

int store_action_insert(struct store_conn *c, struct improvement_action *x,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_ACT_INSERT,
		"INSERT INTO improvement_actions(cause, category, object, channel, team_id,"
		" department_id, owner_id, owner_name, what, due_at, state, evidence, incident_id,"
		" accepted_at, accepted_by, done_at, done_by, window_days, margin, verify_at,"
		" verification, judged_at, failures, overdue, tell_customers, told_at, drop_reason,"
		" updated_at, created_at, created_by, origin, origin_id, link_nonce, link_hash)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
		" ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)"
		" RETURNING id",
		err);
	if (!st)
		return -err->code;
	bind_action(st, x);
	sql_bind_int64(st, 29, x->created_at);
	bind_text(st, 30, x->created_by);
	bind_text(st, 31, x->origin);
	bind_opt(st, 32, x->origin_id);
	sql_bind_blob(st, 33, x->link_nonce, ACTION_NONCE_LEN, SQLITE_STATIC);
	sql_bind_blob(st, 34, x->link_hash, sizeof x->link_hash, SQLITE_STATIC);
	x->version = 1;
	return step_int64(c, st, &x->id, "action insert", err);
}

int store_action_get(struct store_conn *c, int64_t id, struct arena *a,
		     struct improvement_action *out, struct kesu_err *err)
{
	return load_by_id(c, S_ACT_GET, "SELECT " ACT_COLS " WHERE x.id = ?", id, read_action, a,
			  out, "no improvement action %lld", err);
}

int store_action_update(struct store_conn *c, struct improvement_action *x,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ACT_UPDATE,
				     "UPDATE improvement_actions SET " ACT_SET
				     ", version = version + 1 WHERE id = ?29 AND version = ?30",
				     err);
	if (!st)
		return -err->code;
	bind_action(st, x);
	sql_bind_int64(st, 29, x->id);
	sql_bind_int64(st, 30, x->version);
	int rc = step_done(c, st, "action update", err);
	if (rc)
		return rc;
	if (sql_changes(c) != 1)
		return kesu_fail(err, KE_STALE, "If-Match",
				 "the improvement action changed meanwhile: reload it");
	x->version++;
	return 0;
}

int store_actions_list(struct store_conn *c, const struct action_filter *f, struct arena *a,
		       struct improvement_action **items, int *n, int *more,
		       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_ACT_LIST,
		"SELECT " ACT_COLS " WHERE (?1 IS NULL OR x.state = ?1"
		" OR (?1 = 'open' AND x.state IN ('proposed', 'accepted', 'failed')))"
		" AND (?2 IS NULL OR x.cause = ?2) AND (?3 = 0 OR x.department_id = ?3)"
		" AND (?4 = 0 OR x.id IN (SELECT action_id FROM action_complaints"
		" WHERE complaint_id = ?4))"
		" AND (?5 = 0 OR x.incident_id = ?5)"
		" AND (?6 = 0 OR (x.state IN ('proposed', 'accepted', 'failed') AND x.due_at < ?7))"
		" AND (?8 = 0 OR x.id < ?8) ORDER BY x.id DESC LIMIT ?9",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, f->state);
	bind_text(st, 2, f->cause);
	sql_bind_int64(st, 3, f->department_id);
	sql_bind_int64(st, 4, f->complaint_id);
	sql_bind_int64(st, 5, f->incident_id);
	sql_bind_int(st, 6, f->overdue_only);
	sql_bind_int64(st, 7, f->now);
	sql_bind_int64(st, 8, f->cursor_id);
	sql_bind_int(st, 9, f->limit + 1);
	*items = load_all(c, st, read_action, sizeof **items, f->limit + 1, a, n, err);
	if (!*items)
		return -err->code;
	*more = *n > f->limit;
	if (*more)
		*n = f->limit;
	return 0;
}

int store_report_actions(struct store_conn *c, int64_t from, int64_t to, int64_t team, int limit,
			 struct arena *a, struct improvement_action **items, int *n,
			 struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_ACT_REPORT,
		"SELECT " ACT_COLS " WHERE x.created_at < ?2"
		" AND (x.state IN ('proposed', 'accepted', 'failed', 'done') OR x.updated_at >= ?1)"
		" AND (?3 = 0 OR x.team_id IS NULL OR x.team_id = ?3) ORDER BY x.id DESC LIMIT ?4",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, from);
	sql_bind_int64(st, 2, to);
	sql_bind_int64(st, 3, team);
	sql_bind_int(st, 4, limit);
	*items = load_all(c, st, read_action, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_action_link(struct store_conn *c, int64_t action_id, int64_t complaint_id,
		      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ACT_LINK,
				     "INSERT OR IGNORE INTO action_complaints(action_id, complaint_id)"
				     " VALUES (?, ?)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, action_id);
	sql_bind_int64(st, 2, complaint_id);
	return step_done(c, st, "action link", err);
}

static void read_id(struct sql_stmt *st, struct arena *a, void *out)
{
	(void)a;
	*(int64_t *)out = sql_column_int64(st, 0);
}

int store_action_complaint_ids(struct store_conn *c, int64_t action_id, struct arena *a,
			       int64_t **ids, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ACT_COMPLAINTS,
				     "SELECT complaint_id FROM action_complaints WHERE action_id = ?"
				     " ORDER BY complaint_id LIMIT 1000",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, action_id);
	*ids = load_all(c, st, read_id, sizeof **ids, ACTION_COMPLAINTS_MAX, a, n, err);
	return *ids ? 0 : -err->code;
}

int store_action_event_append(struct store_conn *c, struct action_event *e,
			      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ACT_EVENT,
				     "INSERT INTO action_events(action_id, at, kind, actor, data)"
				     " VALUES (?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, e->action_id);
	sql_bind_int64(st, 2, e->at);
	bind_text(st, 3, e->kind);
	bind_text(st, 4, e->actor);
	bind_text(st, 5, e->data ? e->data : "{}");
	return step_int64(c, st, &e->id, "action event", err);
}

static void read_event(struct sql_stmt *st, struct arena *a, void *out)
{
	struct action_event *e = out;
	e->id = sql_column_int64(st, 0);
	e->action_id = sql_column_int64(st, 1);
	e->at = sql_column_int64(st, 2);
	e->kind = col_text(st, 3, a);
	e->actor = col_text(st, 4, a);
	e->data = col_text(st, 5, a);
}

int store_action_events(struct store_conn *c, int64_t action_id, struct arena *a,
			struct action_event **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ACT_EVENTS,
				     "SELECT id, action_id, at, kind, actor, data FROM action_events"
				     " WHERE action_id = ? ORDER BY id LIMIT 500",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, action_id);
	*items = load_all(c, st, read_event, sizeof **items, ACTION_EVENTS_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

/* The actions sql (taking now as ?1 and a limit as ?2) finds due. */
static int due_list(struct store_conn *c, enum stmt_slot slot, const char *sql, int64_t now,
		    int limit, struct arena *a, struct improvement_action **items, int *n,
		    struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, slot, sql, err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	sql_bind_int(st, 2, limit);
	*items = load_all(c, st, read_action, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_actions_overdue(struct store_conn *c, int64_t now, int limit, struct arena *a,
			  struct improvement_action **items, int *n, struct kesu_err *err)
{
	return due_list(c, S_ACT_OVERDUE,
			"SELECT " ACT_COLS " WHERE x.due_at < ?1 AND x.state IN"
			" ('proposed', 'accepted', 'failed') AND x.overdue = 0"
			" ORDER BY x.due_at LIMIT ?2",
			now, limit, a, items, n, err);
}

int store_actions_to_judge(struct store_conn *c, int64_t now, int limit, struct arena *a,
			   struct improvement_action **items, int *n, struct kesu_err *err)
{
	return due_list(c, S_ACT_TO_JUDGE,
			"SELECT " ACT_COLS " WHERE x.verify_at <= ?1 AND x.state = 'done'"
			" ORDER BY x.verify_at LIMIT ?2",
			now, limit, a, items, n, err);
}

int store_action_recurrence(struct store_conn *c, const struct improvement_action *x,
			    int64_t from, int64_t width, int buckets, int64_t *counts,
			    struct kesu_err *err)
{
	/* the object is matched on the complaint's row; the rest of the scope
	 * is in the cause's index */
	struct sql_stmt *st = conn_stmt(
		c, x->object ? S_ACT_RECUR_OBJECT : S_ACT_RECUR,
		x->object
			? "SELECT (created_at - ?2) / ?3, count(*) FROM complaints"
			  " WHERE cause = ?1 AND created_at >= ?2 AND created_at < ?4"
			  " AND (?5 IS NULL OR category = ?5) AND (?6 IS NULL OR channel = ?6)"
			  " AND (?7 = 0 OR team_id = ?7) AND (object_ref = ?8 OR object_name = ?8)"
			  " GROUP BY 1"
			: "SELECT (created_at - ?2) / ?3, count(*) FROM complaints"
			  " INDEXED BY complaints_cause"
			  " WHERE cause = ?1 AND created_at >= ?2 AND created_at < ?4"
			  " AND (?5 IS NULL OR category = ?5) AND (?6 IS NULL OR channel = ?6)"
			  " AND (?7 = 0 OR team_id = ?7) GROUP BY 1",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, x->cause);
	sql_bind_int64(st, 2, from);
	sql_bind_int64(st, 3, width);
	sql_bind_int64(st, 4, from + width * buckets);
	bind_text(st, 5, x->category);
	bind_text(st, 6, x->channel);
	sql_bind_int64(st, 7, x->team_id);
	if (x->object)
		bind_text(st, 8, x->object);
	memset(counts, 0, sizeof *counts * (size_t)buckets);
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		int64_t b = sql_column_int64(st, 0);
		if (b >= 0 && b < buckets)
			counts[b] = sql_column_int64(st, 1);
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "action recurrence", err);
}

int store_actions_tally(struct store_conn *c, int64_t now, int64_t *overdue,
			int64_t *awaiting, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_ACT_TALLY,
		"SELECT (SELECT count(*) FROM improvement_actions WHERE state IN"
		" ('proposed', 'accepted', 'failed') AND due_at < ?1),"
		" (SELECT count(*) FROM improvement_actions WHERE state = 'done')",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW) {
		*overdue = sql_column_int64(st, 0);
		*awaiting = sql_column_int64(st, 1);
	}
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "actions tally", err);
}
