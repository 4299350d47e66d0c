/*
 * sqlite_readings.c - what kesu read in a complaint's words, and the
 * complaints agents labelled (see store_readings.h).
 */
#include "sqlite_int.h"

#include <stdio.h>

int store_reading_put(struct store_conn *c, const struct reading_row *r, int64_t *id,
		      struct kesu_err *err)
{
#define READING_INSERT                                                                     \
	"INSERT INTO complaint_readings(complaint_id, source, emotion,"                     \
	" mindset, polarity, threat, reading, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	struct sql_stmt *st = id ? conn_stmt(c, S_READING_PUT, READING_INSERT " RETURNING id", err)
				 : conn_stmt(c, S_READING_ADD, READING_INSERT, err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, r->complaint_id);
	bind_text(st, 2, r->source);
	bind_text(st, 3, r->emotion);
	bind_text(st, 4, r->mindset);
	sql_bind_double(st, 5, r->polarity);
	sql_bind_int(st, 6, r->threat);
	bind_text(st, 7, r->reading);
	sql_bind_int64(st, 8, r->created_at);
	return id ? step_int64(c, st, id, "reading", err) : step_later(c, st, "reading", err);
}

static void read_reading(struct sql_stmt *st, struct arena *a, void *out)
{
	struct reading_row *r = out;
	r->id = sql_column_int64(st, 0);
	r->complaint_id = sql_column_int64(st, 1);
	r->source = col_text(st, 2, a);
	r->emotion = col_text(st, 3, a);
	r->mindset = col_text(st, 4, a);
	r->polarity = sql_column_double(st, 5);
	r->threat = sql_column_int(st, 6);
	r->reading = col_text(st, 7, a);
	r->created_at = sql_column_int64(st, 8);
	r->accepted_by = col_text(st, 9, a);
	r->accepted_at = sql_column_int64(st, 10);
}

int store_reading_latest(struct store_conn *c, int64_t complaint_id, struct arena *a,
			 struct reading_row *out, struct kesu_err *err)
{
	return load_by_id(c, S_READING_LATEST,
			  "SELECT id, complaint_id, source, emotion, mindset, polarity, threat,"
			  " reading, created_at, accepted_by, accepted_at FROM complaint_readings"
			  " WHERE complaint_id = ? ORDER BY id DESC LIMIT 1",
			  complaint_id, read_reading, a, out, "complaint %lld has no reading",
			  err);
}

int store_reading_accept(struct store_conn *c, int64_t id, const char *who, int64_t at,
			 struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_READING_ACCEPT,
				     "UPDATE complaint_readings SET accepted_by = ?, accepted_at = ?"
				     " WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, who);
	sql_bind_int64(st, 2, at);
	sql_bind_int64(st, 3, id);
	return step_one(c, st, "reading", err);
}

static void read_recent(struct sql_stmt *st, struct arena *a, void *out)
{
	struct recent_text *r = out;
	r->id = sql_column_int64(st, 0);
	snprintf(r->tracking_no, sizeof r->tracking_no, "%s",
		 (const char *)sql_column_text(st, 1));
	int state = state_find((const char *)sql_column_text(st, 2));
	r->state = state < 0 ? ST_REGISTERED : state;
	r->content = col_text(st, 3, a);
}

int store_customer_recent_texts(struct store_conn *c, int64_t customer_id, int64_t except_id,
				int limit, struct arena *a, struct recent_text **items, int *n,
				struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_RECENT_TEXTS,
				     "SELECT id, tracking_no, status, content FROM complaints"
				     " WHERE customer_id = ? AND id != ? AND content IS NOT NULL"
				     " ORDER BY created_at DESC LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, customer_id);
	sql_bind_int64(st, 2, except_id);
	sql_bind_int(st, 3, limit);
	*items = load_all(c, st, read_recent, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

static void read_labelled(struct sql_stmt *st, struct arena *a, void *out)
{
	struct labelled_row *r = out;
	r->id = sql_column_int64(st, 0);
	r->content = col_text(st, 1, a);
	r->category = col_text(st, 2, a);
	r->cause = col_text(st, 3, a);
	r->emotion = col_text(st, 4, a);
	r->mindset = col_text(st, 5, a);
}

int store_labelled_after(struct store_conn *c, int64_t after_id, int limit, struct arena *a,
			 struct labelled_row **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_LABELLED_AFTER,
				     "SELECT id, content, category, cause, emotion, mindset"
				     " FROM complaints WHERE id > ? AND content IS NOT NULL"
				     " AND coalesce(category, cause, emotion, mindset) IS NOT NULL"
				     " ORDER BY id LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, after_id);
	sql_bind_int(st, 2, limit);
	*items = load_all(c, st, read_labelled, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}
