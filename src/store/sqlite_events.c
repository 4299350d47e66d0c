/*
 * sqlite_events.c - the complaints' timeline: events appended to its hash
 * chain (sqlite_audit.c) and read back in order.
 */
#include "sqlite_int.h"

#include <stdio.h>

int store_event_append(struct store_conn *c, struct event *e, struct kesu_err *err)
{
	unsigned char prev[CHAIN_HASH_LEN], hash[CHAIN_HASH_LEN];
	struct chain_value v[5] = {{.i = e->complaint_id}, {.i = e->at}};
	chain_text(&v[2], e->actor);
	chain_text(&v[3], e->kind);
	chain_text(&v[4], e->data);
	if (chain_next(c, CHAIN_EVENTS, v, &e->id, prev, hash, err))
		return -err->code;
	struct sql_stmt *st = conn_stmt(
		c, S_EVENT_INSERT,
		"INSERT INTO events(id, complaint_id, at, actor, kind, data, prev_hash, hash)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, e->id);
	sql_bind_int64(st, 2, e->complaint_id);
	sql_bind_int64(st, 3, e->at);
	bind_text(st, 4, e->actor);
	bind_text(st, 5, e->kind);
	bind_text(st, 6, e->data);
	sql_bind_blob(st, 7, prev, CHAIN_HASH_LEN, SQLITE_STATIC);
	sql_bind_blob(st, 8, hash, CHAIN_HASH_LEN, SQLITE_STATIC);
	return step_later(c, st, "event insert", err);
}

int store_event_exists(struct store_conn *c, int64_t complaint_id, const char *kind, int *found,
		       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_EVENT_EXISTS,
				     "SELECT EXISTS (SELECT 1 FROM events WHERE complaint_id = ?"
				     " AND kind = ?)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	bind_text(st, 2, kind);
	int64_t v = 0;
	int rc = step_int64(c, st, &v, "event exists", err);
	*found = v != 0;
	return rc;
}

int store_event_page(struct store_conn *c, int64_t complaint_id, int64_t after_id,
		     int limit, size_t max_bytes, struct arena *a, struct event **items, int *n,
		     struct kesu_err *err)
{
	size_t bytes = 0;
	struct sql_stmt *st = conn_stmt(
		c, S_EVENT_LIST,
		"SELECT e.id, e.complaint_id, e.at, e.actor, e.kind, e.data, u.display_name"
		" FROM events e LEFT JOIN users u ON u.username = e.actor"
		" WHERE e.complaint_id = ? AND e.id > ? ORDER BY e.id LIMIT ?",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, after_id);
	sql_bind_int(st, 3, limit);
	*items = arena_alloc(a, sizeof **items * (size_t)limit);
	*n = 0;
	int rc = SQLITE_DONE;
	while (bytes < max_bytes && (rc = sql_step(st)) == SQLITE_ROW) {
		struct event *e = &(*items)[(*n)++];
		e->id = sql_column_int64(st, 0);
		e->complaint_id = sql_column_int64(st, 1);
		e->at = sql_column_int64(st, 2);
		e->actor = col_text(st, 3, a);
		e->kind = col_text(st, 4, a);
		e->data = col_text(st, 5, a);
		e->actor_name = col_text(st, 6, a);
		bytes += (size_t)sql_column_bytes(st, 5);
	}
	if (bytes >= max_bytes)
		rc = SQLITE_DONE; /* stopped early: the caller's next page goes on */
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "event list", err);
}

int store_event_page_joined(struct store_conn *c, int64_t cp_id, const char *tracking_no,
			    int64_t after_id, int limit, size_t max_bytes, struct arena *a,
			    struct event **items, const char ***from, int *n,
			    struct kesu_err *err)
{
	size_t bytes = 0;
	/* the merged duplicates come from the duplicate_of index; each
	 * complaint's events from the (complaint_id, id) one */
	struct sql_stmt *st = conn_stmt(
		c, S_EVENT_JOINED,
		"SELECT e.id, e.complaint_id, e.at, e.actor, e.kind, e.data, u.display_name,"
		" CASE WHEN e.complaint_id = ?1 THEN NULL ELSE"
		"  (SELECT d.tracking_no FROM complaints d WHERE d.id = e.complaint_id) END"
		" FROM events e LEFT JOIN users u ON u.username = e.actor"
		" WHERE e.complaint_id IN (SELECT ?1 UNION ALL SELECT d.id FROM complaints d"
		"  WHERE d.duplicate_of = ?2 AND d.validity = 'duplicate' AND d.status = 'closed')"
		" AND e.id > ?3 ORDER BY e.id LIMIT ?4",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, cp_id);
	bind_text(st, 2, tracking_no);
	sql_bind_int64(st, 3, after_id);
	sql_bind_int(st, 4, limit);
	*items = arena_alloc(a, sizeof **items * (size_t)limit);
	*from = arena_alloc(a, sizeof **from * (size_t)limit);
	*n = 0;
	int rc = SQLITE_DONE;
	while (bytes < max_bytes && (rc = sql_step(st)) == SQLITE_ROW) {
		struct event *e = &(*items)[*n];
		e->id = sql_column_int64(st, 0);
		e->complaint_id = sql_column_int64(st, 1);
		e->at = sql_column_int64(st, 2);
		e->actor = col_text(st, 3, a);
		e->kind = col_text(st, 4, a);
		e->data = col_text(st, 5, a);
		e->actor_name = col_text(st, 6, a);
		(*from)[(*n)++] = col_text(st, 7, a);
		bytes += (size_t)sql_column_bytes(st, 5);
	}
	if (bytes >= max_bytes)
		rc = SQLITE_DONE;
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "joined event list", err);
}

int store_event_list(struct store_conn *c, int64_t complaint_id, int64_t after_id,
		     int limit, struct arena *a, struct event **items, int *n,
		     struct kesu_err *err)
{
	return store_event_page(c, complaint_id, after_id, limit, SIZE_MAX, a, items, n, err);
}

int store_event_progress_last(struct store_conn *c, int64_t complaint_id, struct arena *a,
			      struct event *e, int *found, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_EVENT_PROGRESS,
		SQL2(c,
		     "SELECT id, complaint_id, at, actor, kind, data FROM events"
		     " WHERE complaint_id = ? AND json_type(data, '$.progress') = 'object'"
		     " ORDER BY id DESC LIMIT 1",
		     "SELECT id, complaint_id, at, actor, kind, data FROM events"
		     " WHERE complaint_id = ? AND jsonb_typeof(CAST(data AS jsonb)->'progress') = 'object'"
		     " ORDER BY id DESC LIMIT 1"),
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	*found = 0;
	int rc = sql_step(st);
	if (rc == SQLITE_ROW) {
		*found = 1;
		e->id = sql_column_int64(st, 0);
		e->complaint_id = sql_column_int64(st, 1);
		e->at = sql_column_int64(st, 2);
		e->actor = col_text(st, 3, a);
		e->kind = col_text(st, 4, a);
		e->data = col_text(st, 5, a);
		rc = SQLITE_DONE;
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "event progress", err);
}

int store_event_feed(struct store_conn *c, int64_t after_id, int limit, struct event_feed *out,
		     int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_EVENT_FEED,
		"SELECT e.id, c.tracking_no, coalesce(c.team_id, 0), e.kind FROM events e"
		" JOIN complaints c ON c.id = e.complaint_id WHERE e.id > ? ORDER BY e.id LIMIT ?",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, after_id);
	sql_bind_int(st, 2, limit);
	*n = 0;
	int rc;
	while (*n < limit && (rc = sql_step(st)) == SQLITE_ROW) {
		struct event_feed *f = &out[(*n)++];
		f->id = sql_column_int64(st, 0);
		snprintf(f->tracking_no, sizeof f->tracking_no, "%s",
			 (const char *)sql_column_text(st, 1));
		f->team_id = sql_column_int64(st, 2);
		snprintf(f->kind, sizeof f->kind, "%s", (const char *)sql_column_text(st, 3));
	}
	if (*n == limit)
		rc = SQLITE_DONE;
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "event feed", err);
}

int store_event_max(struct store_conn *c, int64_t *id, struct kesu_err *err)
{
	struct sql_stmt *st =
		conn_stmt(c, S_EVENT_MAX, "SELECT coalesce(max(id), 0) FROM events", err);
	if (!st)
		return -err->code;
	*id = 0;
	return step_int64(c, st, id, "event max", err);
}
