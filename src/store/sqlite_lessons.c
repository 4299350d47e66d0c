/*
 * sqlite_lessons.c - lessons and their confirmations (store_lessons.h).
 * A lesson's teams are a JSON array read with json_each, as a handling
 * notice's are; its readers are the team members of the staff roles.
 */
#include "sqlite_int.h"

#define LESSON_COLS                                                                       \
	"l.id, l.complaint_id, l.incident_id, l.notice_id, l.version, l.published_at,"    \
	" l.created_at, l.updated_at, l.all_teams, l.title, l.body, l.source, l.state,"   \
	" l.published_by, l.created_by, l.teams,"                                          \
	" (SELECT tracking_no FROM complaints cp WHERE cp.id = l.complaint_id)"
/* the staff who confirm lessons */
#define READER_ROLES " u.disabled_at IS NULL AND u.role IN ('agent', 'supervisor', 'manager') "
/* a lesson l is for user ?U: published to all, or to a team of theirs */
#define FOR_USER(U)                                                                       \
	" (l.all_teams = 1 OR EXISTS (SELECT 1 FROM json_each(l.teams) t JOIN team_members m" \
	" ON m.team_id = CAST(t.value AS BIGINT) WHERE m.user_id = " U ")) "

static void read_lesson(struct sql_stmt *st, struct arena *a, void *out)
{
	struct lesson *l = out;
	l->id = sql_column_int64(st, 0);
	l->complaint_id = sql_column_int64(st, 1);
	l->incident_id = sql_column_int64(st, 2);
	l->notice_id = sql_column_int64(st, 3);
	l->version = sql_column_int64(st, 4);
	l->published_at = sql_column_int64(st, 5);
	l->created_at = sql_column_int64(st, 6);
	l->updated_at = sql_column_int64(st, 7);
	l->all_teams = sql_column_int(st, 8);
	l->title = col_text(st, 9, a);
	l->body = col_text(st, 10, a);
	l->source = col_text(st, 11, a);
	l->state = col_text(st, 12, a);
	l->published_by = col_text(st, 13, a);
	l->created_by = col_text(st, 14, a);
	l->teams = col_text(st, 15, a);
	l->tracking_no = col_text(st, 16, a);
}

/* ?1..?13 as the insert and the update name them */
static void bind_lesson(struct sql_stmt *st, const struct lesson *l)
{
	bind_text(st, 1, l->title);
	bind_text(st, 2, l->body);
	bind_text(st, 3, l->source);
	bind_opt(st, 4, l->complaint_id);
	bind_opt(st, 5, l->incident_id);
	bind_opt(st, 6, l->notice_id);
	bind_text(st, 7, l->teams ? l->teams : "[]");
	sql_bind_int(st, 8, l->all_teams != 0);
	bind_text(st, 9, l->state);
	sql_bind_int64(st, 10, l->version);
	bind_opt(st, 11, l->published_at);
	bind_text(st, 12, l->published_by);
	sql_bind_int64(st, 13, l->updated_at);
}

int store_lesson_insert(struct store_conn *c, struct lesson *l, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_LESSON_INSERT,
		"INSERT INTO lessons(title, body, source, complaint_id, incident_id, notice_id, teams,"
		" all_teams, state, version, published_at, published_by, updated_at, created_at,"
		" created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
		" RETURNING id",
		err);
	if (!st)
		return -err->code;
	bind_lesson(st, l);
	sql_bind_int64(st, 14, l->created_at);
	bind_text(st, 15, l->created_by);
	return step_int64(c, st, &l->id, "lesson insert", err);
}

int store_lesson_get(struct store_conn *c, int64_t id, struct arena *a, struct lesson *out,
		     struct kesu_err *err)
{
	return load_by_id(c, S_LESSON_GET, "SELECT " LESSON_COLS " FROM lessons l WHERE l.id = ?", id,
			  read_lesson, a, out, "no lesson %lld", err);
}

int store_lesson_update(struct store_conn *c, const struct lesson *l, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_LESSON_UPDATE,
		"UPDATE lessons SET title = ?1, body = ?2, source = ?3, complaint_id = ?4,"
		" incident_id = ?5, notice_id = ?6, teams = ?7, all_teams = ?8, state = ?9,"
		" version = ?10, published_at = ?11, published_by = ?12, updated_at = ?13"
		" WHERE id = ?14",
		err);
	if (!st)
		return -err->code;
	bind_lesson(st, l);
	sql_bind_int64(st, 14, l->id);
	return step_one(c, st, "lesson", err);
}

struct lesson_with_time {
	struct lesson l;
	int64_t at;
};

static void read_lesson_time(struct sql_stmt *st, struct arena *a, void *out)
{
	struct lesson_with_time *x = out;
	read_lesson(st, a, &x->l);
	x->at = sql_column_int64(st, 17);
}

static int split(struct lesson_with_time *rows, int n, struct arena *a, struct lesson **items,
		 int64_t **at)
{
	*items = arena_alloc(a, sizeof **items * (size_t)(n ? n : 1));
	*at = arena_alloc(a, sizeof **at * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		(*items)[i] = rows[i].l;
		(*at)[i] = rows[i].at;
	}
	return 0;
}

int store_lessons_list(struct store_conn *c, const struct lesson_filter *f, struct arena *a,
		       struct lesson **items, int64_t **confirmed_at, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_LESSON_LIST,
		"SELECT " LESSON_COLS ", coalesce((SELECT k.confirmed_at FROM lesson_confirmations k"
		" WHERE k.lesson_id = l.id AND k.user_id = ?1), 0) FROM lessons l"
		" WHERE (?2 = 0 OR l.state = 'published')"
		" AND (?3 = 0 OR" FOR_USER("?3") ")"
		" AND (?4 = 0 OR NOT EXISTS (SELECT 1 FROM lesson_confirmations k"
		"  WHERE k.lesson_id = l.id AND k.user_id = ?3))"
		" AND (?5 = 0 OR l.all_teams = 1 OR EXISTS (SELECT 1 FROM json_each(l.teams) t"
		"  WHERE CAST(t.value AS BIGINT) = ?5))"
		" AND (?6 IS NULL OR l.source = ?6)"
		" AND (?7 = 0 OR l.complaint_id = ?7) AND (?8 = 0 OR l.incident_id = ?8)"
		" ORDER BY l.id DESC LIMIT ?9",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, f->user_id);
	sql_bind_int(st, 2, f->published != 0);
	sql_bind_int64(st, 3, f->for_user);
	sql_bind_int(st, 4, f->pending && f->for_user);
	sql_bind_int64(st, 5, f->team_id);
	bind_text(st, 6, f->source);
	sql_bind_int64(st, 7, f->complaint_id);
	sql_bind_int64(st, 8, f->incident_id);
	sql_bind_int(st, 9, LESSONS_MAX);
	struct lesson_with_time *rows =
		load_all(c, st, read_lesson_time, sizeof *rows, LESSONS_MAX, a, n, err);
	if (!rows)
		return -err->code;
	return split(rows, *n, a, items, confirmed_at);
}

static void read_reader(struct sql_stmt *st, struct arena *a, void *out)
{
	struct lesson_reader *r = out;
	r->user_id = sql_column_int64(st, 0);
	r->name = col_text(st, 1, a);
	r->display_name = col_text(st, 2, a);
	r->role = col_text(st, 3, a);
	r->confirmed_at = sql_column_int64(st, 4);
}

int store_lesson_readers(struct store_conn *c, const struct lesson *l, struct arena *a,
			 struct lesson_reader **items, int *count, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_LESSON_READERS,
		"SELECT u.id, u.username, u.display_name, u.role, coalesce(k.confirmed_at, 0)"
		" FROM users u LEFT JOIN lesson_confirmations k ON k.lesson_id = ?1 AND k.user_id = u.id"
		" WHERE" READER_ROLES "AND (?3 = 1 OR EXISTS (SELECT 1 FROM team_members m,"
		" json_each(?2) t WHERE m.user_id = u.id AND m.team_id = CAST(t.value AS BIGINT)))"
		" ORDER BY u.role, u.username LIMIT ?4",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, l->id);
	bind_text(st, 2, l->teams ? l->teams : "[]");
	sql_bind_int(st, 3, l->all_teams != 0);
	sql_bind_int(st, 4, LESSON_READERS_MAX);
	*items = load_all(c, st, read_reader, sizeof **items, LESSON_READERS_MAX, a, count, err);
	return *items ? 0 : -err->code;
}

int store_lesson_reader_is(struct store_conn *c, const struct lesson *l, int64_t user_id,
			   int *is, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_LESSON_READER_IS,
		"SELECT count(*) FROM users u WHERE u.id = ?1 AND" READER_ROLES
		"AND (?3 = 1 OR EXISTS (SELECT 1 FROM team_members m, json_each(?2) t"
		" WHERE m.user_id = u.id AND m.team_id = CAST(t.value AS BIGINT)))",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, user_id);
	bind_text(st, 2, l->teams ? l->teams : "[]");
	sql_bind_int(st, 3, l->all_teams != 0);
	int64_t v = 0;
	int rc = step_int64(c, st, &v, "lesson reader", err);
	*is = v > 0;
	return rc;
}

int store_lesson_confirm(struct store_conn *c, int64_t lesson_id, int64_t user_id, int64_t at,
			 int64_t *confirmed_at, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_LESSON_CONFIRM,
				     "INSERT INTO lesson_confirmations(lesson_id, user_id, confirmed_at)"
				     " VALUES (?, ?, ?) ON CONFLICT (lesson_id, user_id) DO NOTHING",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, lesson_id);
	sql_bind_int64(st, 2, user_id);
	sql_bind_int64(st, 3, at);
	int rc = step_done(c, st, "lesson confirmation", err);
	return rc ? rc : store_lesson_confirmed_at(c, lesson_id, user_id, confirmed_at, err);
}

int store_lesson_confirmed_at(struct store_conn *c, int64_t lesson_id, int64_t user_id,
			      int64_t *confirmed_at, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_LESSON_CONFIRMED_AT,
				     "SELECT coalesce((SELECT confirmed_at FROM lesson_confirmations"
				     " WHERE lesson_id = ? AND user_id = ?), 0)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, lesson_id);
	sql_bind_int64(st, 2, user_id);
	return step_int64(c, st, confirmed_at, "lesson confirmation", err);
}

int store_lessons_confirmed_by(struct store_conn *c, int64_t user_id, struct arena *a,
			       struct lesson **items, int64_t **confirmed_at, int *n,
			       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_LESSON_CONFIRMED_BY,
		"SELECT " LESSON_COLS ", k.confirmed_at FROM lesson_confirmations k"
		" JOIN lessons l ON l.id = k.lesson_id WHERE k.user_id = ?1"
		" ORDER BY k.confirmed_at DESC, l.id DESC LIMIT ?2",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, user_id);
	sql_bind_int(st, 2, LESSONS_MAX);
	struct lesson_with_time *rows =
		load_all(c, st, read_lesson_time, sizeof *rows, LESSONS_MAX, a, n, err);
	if (!rows)
		return -err->code;
	return split(rows, *n, a, items, confirmed_at);
}
