/*
 * sqlite_knowledge.c - the knowledge base in SQLite: response scripts, the
 * steps of guided handling done on each complaint, and articles with
 * their search index (kept by triggers, see 0011_knowledge.sql).
 */
#include "sqlite_int.h"

#include <stdlib.h>
#include <string.h>

/* --- scripts ---------------------------------------------------------------- */

#define SCRIPT_COLS                                                                  \
	"id, category, step, responsibility, language, title, body, position, version," \
	" created_at, created_by, updated_at, updated_by, customer_type, actions, playbook," \
	" notice_id"

static void read_script(struct sql_stmt *st, struct arena *a, void *out)
{
	struct script *s = out;
	s->id = sql_column_int64(st, 0);
	s->category = col_text(st, 1, a);
	s->step = sql_column_int(st, 2);
	s->responsibility = col_text(st, 3, a);
	s->language = col_text(st, 4, a);
	s->title = col_text(st, 5, a);
	s->body = col_text(st, 6, a);
	s->position = sql_column_int(st, 7);
	s->version = sql_column_int64(st, 8);
	s->created_at = sql_column_int64(st, 9);
	s->created_by = col_text(st, 10, a);
	s->updated_at = sql_column_int64(st, 11);
	s->updated_by = col_text(st, 12, a);
	s->customer_type = col_text(st, 13, a);
	s->actions = col_text(st, 14, a);
	s->playbook = col_text(st, 15, a);
	s->notice_id = sql_column_int64(st, 16);
}

int store_script_list(struct store_conn *c, const struct script_filter *f, struct arena *a,
		      struct script **items, int *n, struct kesu_err *err)
{
	/* ?1 NULL: any category; '': the generic ones. ?5 the same for
	 * playbooks: '' the complaints' scripts */
	struct sql_stmt *st = conn_stmt(c, S_SCRIPT_LIST,
				     "SELECT " SCRIPT_COLS " FROM scripts"
				     " WHERE (?1 IS NULL OR coalesce(category, '') = ?1)"
				     " AND (?2 IS NULL OR step = ?2)"
				     " AND (?3 IS NULL OR language = ?3)"
				     " AND (?5 IS NULL OR coalesce(playbook, '') = ?5)"
				     " AND (?6 = 0 OR notice_id IS NULL OR notice_id = ?6)"
				     " ORDER BY step, language, category IS NULL, category, position, id"
				     " LIMIT ?4",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, f->category);
	if (f->step)
		sql_bind_int(st, 2, f->step);
	bind_text(st, 3, f->language);
	sql_bind_int(st, 4, SCRIPTS_MAX);
	bind_text(st, 5, f->playbook);
	sql_bind_int64(st, 6, f->notice_id);
	*items = load_all(c, st, read_script, sizeof **items, SCRIPTS_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

int store_script_get(struct store_conn *c, int64_t id, struct arena *a, struct script *out,
		     struct kesu_err *err)
{
	return load_by_id(c, S_SCRIPT_GET, "SELECT " SCRIPT_COLS " FROM scripts WHERE id = ?", id,
			  read_script, a, out, "no such script", err);
}

static void bind_script(struct sql_stmt *st, const struct script *s)
{
	bind_text(st, 1, s->category);
	sql_bind_int(st, 2, s->step);
	bind_text(st, 3, s->responsibility);
	bind_text(st, 4, s->language);
	bind_text(st, 5, s->title);
	bind_text(st, 6, s->body);
	sql_bind_int(st, 7, s->position);
	sql_bind_int64(st, 8, s->version);
	sql_bind_int64(st, 9, s->updated_at);
	bind_text(st, 10, s->updated_by);
}

int store_script_insert(struct store_conn *c, struct script *s, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SCRIPT_INSERT,
				     "INSERT INTO scripts(category, step, responsibility, language,"
				     " title, body, position, version, updated_at, updated_by,"
				     " created_at, created_by, customer_type, actions, playbook, notice_id)"
				     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	bind_script(st, s);
	sql_bind_int64(st, 11, s->created_at);
	bind_text(st, 12, s->created_by);
	bind_text(st, 13, s->customer_type);
	bind_text(st, 14, s->actions);
	bind_text(st, 15, s->playbook);
	bind_opt(st, 16, s->notice_id);
	return step_int64(c, st, &s->id, "script insert", err);
}

int store_script_update(struct store_conn *c, const struct script *s, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SCRIPT_UPDATE,
				     "UPDATE scripts SET category = ?, step = ?, responsibility = ?,"
				     " language = ?, title = ?, body = ?, position = ?, version = ?,"
				     " updated_at = ?, updated_by = ?, customer_type = ?, actions = ?,"
				     " playbook = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_script(st, s);
	bind_text(st, 11, s->customer_type);
	bind_text(st, 12, s->actions);
	bind_text(st, 13, s->playbook);
	sql_bind_int64(st, 14, s->id);
	return step_one(c, st, "script", err);
}

int store_script_delete(struct store_conn *c, int64_t id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SCRIPT_DELETE, "DELETE FROM scripts WHERE id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, id);
	return step_one(c, st, "script", err);
}

int store_script_count(struct store_conn *c, int64_t *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SCRIPT_COUNT, "SELECT count(*) FROM scripts", err);
	if (!st)
		return -err->code;
	return step_int64(c, st, n, "script count", err);
}

/* --- guided handling --------------------------------------------------------------- */

int store_guide_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct guide_done done[GUIDE_STEPS], struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_GUIDE_OF,
				     "SELECT step, done_at, done_by FROM guide_steps"
				     " WHERE complaint_id = ?",
				     err);
	if (!st)
		return -err->code;
	memset(done, 0, sizeof *done * GUIDE_STEPS);
	sql_bind_int64(st, 1, complaint_id);
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		int step = sql_column_int(st, 0);
		if (step < 1 || step > GUIDE_STEPS)
			continue;
		done[step - 1].done_at = sql_column_int64(st, 1);
		done[step - 1].done_by = col_text(st, 2, a);
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "guide steps", err);
}

int store_guide_set(struct store_conn *c, int64_t complaint_id, int step, int done, int64_t at,
		    const char *by, struct kesu_err *err)
{
	struct sql_stmt *st =
		done ? conn_stmt(c, S_GUIDE_DONE,
				 "INSERT INTO guide_steps(complaint_id, step, done_at, done_by)"
				 " VALUES (?, ?, ?, ?) ON CONFLICT(complaint_id, step) DO UPDATE"
				 " SET done_at = excluded.done_at, done_by = excluded.done_by",
				 err)
		     : conn_stmt(c, S_GUIDE_UNDONE,
				 "DELETE FROM guide_steps WHERE complaint_id = ? AND step = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int(st, 2, step);
	if (done) {
		sql_bind_int64(st, 3, at);
		bind_text(st, 4, by);
	}
	int rc = sql_step(st);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "guide step", err);
}

/* --- articles ------------------------------------------------------------------------ */

#define KB_COLS                                                                         \
	"a.id, a.title, a.category, a.language, a.status, a.from_complaint, a.version," \
	" a.created_at, a.created_by, a.updated_at, a.updated_by"
/* how much of the body a list shows, in characters */
#define EXCERPT "120"

static void read_article(struct sql_stmt *st, struct arena *a, void *out)
{
	struct kb_article *k = out;
	k->id = sql_column_int64(st, 0);
	k->title = col_text(st, 1, a);
	k->category = col_text(st, 2, a);
	k->language = col_text(st, 3, a);
	k->status = col_text(st, 4, a);
	k->from_complaint = sql_column_int64(st, 5);
	k->version = sql_column_int64(st, 6);
	k->created_at = sql_column_int64(st, 7);
	k->created_by = col_text(st, 8, a);
	k->updated_at = sql_column_int64(st, 9);
	k->updated_by = col_text(st, 10, a);
}

/* what follows a search's matches, on both stores */
#define KB_SEARCH_TAIL                                                                \
	" JOIN kb_articles a ON a.id = m.rid"                                         \
	" WHERE (?2 IS NULL OR a.category = ?2) AND (?3 IS NULL OR a.language = ?3)" \
	" AND (?4 IS NULL OR a.status = ?4)"                                          \
	" AND (?5 IS NULL OR m.r > ?5 OR (m.r = ?5 AND a.id > ?6))"                    \
	" ORDER BY m.r, a.id LIMIT ?7"

int store_article_list(struct store_conn *c, const struct kb_filter *f, struct arena *a,
		       struct kb_article **items, int *n, int *more, struct kesu_err *err)
{
	struct sql_stmt *st;
	int i = 1;
	if (f->fts) {
		/* bm25 (title counts four times, category twice) scaled to an
		 * integer, so that the cursor compares exactly */
		/* PostgreSQL ranks with ts_rank on the same weights (title A,
		 * category B, body D), negated to sort as bm25 does, and its
		 * excerpt is the body's beginning: it has no snippet of kesu's
		 * tokens. */
		st = conn_stmt(c, S_KB_SEARCH,
			       SQL2(c,
			       "SELECT " KB_COLS ", coalesce(nullif(m.ex, ''), substr(a.body, 1, " EXCERPT
			       ")), m.r FROM (SELECT rowid AS rid,"
			       " CAST(bm25(kb_articles_fts, 4.0, 1.0, 2.0) * 1000000 AS INTEGER) AS r,"
			       " snippet(kb_articles_fts, 1, '', '', '…', 40) AS ex"
			       " FROM kb_articles_fts WHERE kb_articles_fts MATCH ?1) m" KB_SEARCH_TAIL,
			       "SELECT " KB_COLS ", substr(a.body, 1, " EXCERPT "), m.r FROM (SELECT id AS rid,"
			       " CAST(-ts_rank('{0.25, 0, 0.5, 1.0}', doc, CAST(?1 AS tsquery)) * 1000000"
			       " AS BIGINT) AS r FROM kb_articles_search"
			       " WHERE doc @@ CAST(?1 AS tsquery)) m" KB_SEARCH_TAIL),
			       err);
		if (!st)
			return -err->code;
		if (conn_is_pg(c)) {
			char *q = pg_search_query(f->fts); /* bound as a copy */
			bind_text(st, i++, q);
			free(q);
		} else {
			bind_text(st, i++, f->fts);
		}
	} else {
		st = conn_stmt(c, S_KB_LIST,
			       "SELECT " KB_COLS ", substr(a.body, 1, " EXCERPT "), 0"
			       " FROM kb_articles a"
			       " WHERE (?1 IS NULL OR a.category = ?1) AND (?2 IS NULL OR a.language = ?2)"
			       " AND (?3 IS NULL OR a.status = ?3) AND (?4 IS NULL OR a.id < ?4)"
			       " ORDER BY a.id DESC LIMIT ?5",
			       err);
		if (!st)
			return -err->code;
	}
	bind_text(st, i++, f->category);
	bind_text(st, i++, f->language);
	bind_text(st, i++, f->status);
	if (f->fts) {
		if (f->has_cursor) {
			sql_bind_int64(st, i, f->cursor_rank);
			sql_bind_int64(st, i + 1, f->cursor_id);
		}
		i += 2;
	} else {
		if (f->has_cursor)
			sql_bind_int64(st, i, f->cursor_id);
		i++;
	}
	/* one row more than asked tells whether another page exists */
	sql_bind_int(st, i, f->limit + 1);
	*items = arena_alloc(a, sizeof **items * (size_t)(f->limit + 1));
	*n = 0;
	*more = 0;
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		if (*n == f->limit) {
			*more = 1;
			break;
		}
		struct kb_article *k = &(*items)[(*n)++];
		memset(k, 0, sizeof *k);
		read_article(st, a, k);
		k->excerpt = col_text(st, 11, a);
		k->rank = sql_column_int64(st, 12);
	}
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "article list", err);
}

static void read_article_body(struct sql_stmt *st, struct arena *a, void *out)
{
	struct kb_article *k = out;
	memset(k, 0, sizeof *k);
	read_article(st, a, k);
	k->body = col_text(st, 11, a);
}

int store_article_get(struct store_conn *c, int64_t id, struct arena *a,
		      struct kb_article *out, struct kesu_err *err)
{
	return load_by_id(c, S_KB_GET, "SELECT " KB_COLS ", a.body FROM kb_articles a WHERE a.id = ?",
			  id, read_article_body, a, out, "no such article", err);
}

int store_article_insert(struct store_conn *c, struct kb_article *k, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_KB_INSERT,
				     "INSERT INTO kb_articles(title, body, category, language, status,"
				     " version, updated_at, updated_by, from_complaint, created_at,"
				     " created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, k->title);
	bind_text(st, 2, k->body);
	bind_text(st, 3, k->category);
	bind_text(st, 4, k->language);
	bind_text(st, 5, k->status);
	sql_bind_int64(st, 6, k->version);
	sql_bind_int64(st, 7, k->updated_at);
	bind_text(st, 8, k->updated_by);
	if (k->from_complaint)
		sql_bind_int64(st, 9, k->from_complaint);
	sql_bind_int64(st, 10, k->created_at);
	bind_text(st, 11, k->created_by);
	int rc = step_int64(c, st, &k->id, "article insert", err);
	/* SQLite's triggers keep its index; PostgreSQL's is kesu's to write */
	if (!rc && conn_is_pg(c))
		rc = pg_search_article(c, k->id, k->title, k->body, k->category, err);
	return rc;
}

int store_article_update(struct store_conn *c, const struct kb_article *k,
			 struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_KB_UPDATE,
				     "UPDATE kb_articles SET title = ?, body = ?, category = ?,"
				     " language = ?, status = ?, version = ?, updated_at = ?,"
				     " updated_by = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, k->title);
	bind_text(st, 2, k->body);
	bind_text(st, 3, k->category);
	bind_text(st, 4, k->language);
	bind_text(st, 5, k->status);
	sql_bind_int64(st, 6, k->version);
	sql_bind_int64(st, 7, k->updated_at);
	bind_text(st, 8, k->updated_by);
	sql_bind_int64(st, 9, k->id);
	int rc = step_one(c, st, "article", err);
	if (!rc && conn_is_pg(c))
		rc = pg_search_article(c, k->id, k->title, k->body, k->category, err);
	return rc;
}

int store_article_delete(struct store_conn *c, int64_t id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_KB_DELETE, "DELETE FROM kb_articles WHERE id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, id);
	return step_one(c, st, "article", err);
}
