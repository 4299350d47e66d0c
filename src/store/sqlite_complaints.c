/*
 * sqlite_complaints.c - complaints in SQLite: the row and its tracking
 * number, the search index kept in step with the rows, and the
 * idempotency keys of registrations. Lists and queues are
 * sqlite_queues.c.
 */
#include "sqlite_int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

void complaint_read_row(struct sql_stmt *st, struct arena *a, void *out)
{
	struct complaint *c = out;
	memset(c, 0, sizeof *c);
	c->id = sql_column_int64(st, 0);
	snprintf(c->tracking_no, sizeof c->tracking_no, "%s",
		 (const char *)sql_column_text(st, 1));
	int state = state_find((const char *)sql_column_text(st, 2));
	c->state = state < 0 ? ST_REGISTERED : (enum complaint_state)state; /* only kesu writes it */
	c->customer_id = sql_column_int64(st, 3);
	c->created_at = sql_column_int64(st, 4);
	c->updated_at = sql_column_int64(st, 5);
	c->version = sql_column_int64(st, 6);
	c->created_by = col_text(st, 7, a);
	if (sql_column_bytes(st, 8) == PORTAL_NONCE_LEN)
		memcpy(c->portal_nonce, sql_column_blob(st, 8), PORTAL_NONCE_LEN);
	if (sql_column_bytes(st, 9) == TOKEN_HASH_LEN)
		memcpy(c->portal_hash, sql_column_blob(st, 9), TOKEN_HASH_LEN);
	c->team_id = sql_column_int64(st, 10);
	c->assignee_id = sql_column_int64(st, 11);
	c->level = sql_column_int(st, 12);
	c->reopen_count = sql_column_int(st, 13);
	c->threat = sql_column_int(st, 14);
	for (int i = 0; i < CF__COUNT; i++)
		c->v[i] = col_text(st, FIXED_COLS + i, a);
	c->systemic = sql_column_int(st, FIXED_COLS + CF__COUNT);
	c->idea = sql_column_int(st, FIXED_COLS + CF__COUNT + 1);
	c->second_of = sql_column_int64(st, FIXED_COLS + CF__COUNT + 2);
	const char *no = (const char *)sql_column_text(st, FIXED_COLS + CF__COUNT + 3);
	snprintf(c->second_of_no, sizeof c->second_of_no, "%s", c->second_of && no ? no : "");
}

int store_tracking_next(struct store_conn *c, const char *yymmdd, int64_t *seq,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_TRACKING_NEXT,
		"INSERT INTO tracking_days(day, last_seq) VALUES (?, 1)"
		" ON CONFLICT(day) DO UPDATE SET last_seq = tracking_days.last_seq + 1"
		" RETURNING last_seq",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, yymmdd);
	return step_int64(c, st, seq, "tracking sequence", err);
}

/* --- The row and its search index ---------------------------------------- */

/* Binds the searched columns in complaints_fts order from position i. */
static void bind_search(struct sql_stmt *st, int i, const struct complaint *cp)
{
	bind_text(st, i, cp->v[CF_NAME]);
	bind_text(st, i + 1, cp->v[CF_OBJECT_REF]);
	bind_text(st, i + 2, cp->v[CF_OBJECT_NAME]);
	bind_text(st, i + 3, cp->v[CF_CONTENT]);
	bind_text(st, i + 4, cp->v[CF_DEMAND]);
}

static int fts_write(struct store_conn *c, enum stmt_slot slot,
		     const struct complaint *cp, struct kesu_err *err)
{
	static const char *sql[] = {
		"INSERT INTO complaints_fts(rowid, complainant_name, object_ref,"
		" object_name, content, demand) VALUES (?, ?, ?, ?, ?, ?)",
		"INSERT INTO complaints_fts(complaints_fts, rowid, complainant_name,"
		" object_ref, object_name, content, demand)"
		" VALUES ('delete', ?, ?, ?, ?, ?, ?)",
	};
	if (conn_is_pg(c))
		return pg_search_complaint(c, cp->id, slot == S_FTS_DELETE ? NULL : cp, err);
	struct sql_stmt *st = conn_stmt(c, slot, sql[slot == S_FTS_DELETE], err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, cp->id);
	bind_search(st, 2, cp);
	int rc = sql_step(st);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "search index", err);
}

int store_complaint_insert(struct store_conn *c, struct complaint *cp,
			   struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_COMPLAINT_INSERT,
		"INSERT INTO complaints(tracking_no, status, customer_id, created_at,"
		" updated_at, version, created_by, portal_nonce, portal_hash,"
		" channel, complainant_name, complainant_phone, complainant_email,"
		" complainant_contact_other, object_kind, object_ref, object_name,"
		" content, occurred_at, purchased_at, usage, demand,"
		" desired_resolution, severity, emotion, mindset, category, language,"
		" cause, responsibility, validity, duplicate_of, conversation_channel,"
		" odr_course, odr_means, odr_outcome, team_id, assignee_id, systemic, idea,"
		" level, second_of, second_of_no)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, cp->tracking_no);
	bind_text(st, 2, state_name(cp->state));
	if (cp->customer_id)
		sql_bind_int64(st, 3, cp->customer_id);
	sql_bind_int64(st, 4, cp->created_at);
	sql_bind_int64(st, 5, cp->updated_at);
	sql_bind_int64(st, 6, cp->version);
	bind_text(st, 7, cp->created_by);
	sql_bind_blob(st, 8, cp->portal_nonce, PORTAL_NONCE_LEN, SQLITE_STATIC);
	sql_bind_blob(st, 9, cp->portal_hash, TOKEN_HASH_LEN, SQLITE_STATIC);
	for (int i = 0; i < CF__COUNT; i++)
		bind_text(st, 10 + i, cp->v[i]);
	if (cp->team_id)
		sql_bind_int64(st, 10 + CF__COUNT, cp->team_id);
	if (cp->assignee_id)
		sql_bind_int64(st, 11 + CF__COUNT, cp->assignee_id);
	sql_bind_int(st, 12 + CF__COUNT, cp->systemic);
	sql_bind_int(st, 13 + CF__COUNT, cp->idea);
	sql_bind_int(st, 14 + CF__COUNT, cp->level); /* the routing table may start it higher */
	if (cp->second_of) {
		sql_bind_int64(st, 15 + CF__COUNT, cp->second_of);
		bind_text(st, 16 + CF__COUNT, cp->second_of_no);
	}
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		cp->id = sql_column_int64(st, 0);
	stmt_done(st);
	if (rc != SQLITE_ROW)
		return sql_fail(c, rc, "complaint insert", err);
	if (cp->customer_id && customer_count_add(c, cp->customer_id, 1, err))
		return -err->code;
	if (conn_is_pg(c))
		return pg_search_complaint(c, cp->id, cp, err);
	if (!c->fts_pending++)
		c->fts_since = mono_ms();
	return 0;
}

int fts_flush(struct store_conn *c, struct kesu_err *err)
{
	if (conn_is_pg(c)) /* indexed as written (pg_search.c) */
		return c->fts_pending = 0;
	struct sql_stmt *st = conn_stmt(
		c, S_FTS_INSERT_RANGE,
		"INSERT INTO complaints_fts(rowid, complainant_name, object_ref, object_name,"
		" content, demand) SELECT id, complainant_name, object_ref, object_name,"
		" content, demand FROM complaints"
		" WHERE id > coalesce((SELECT max(id) FROM complaints_fts_docsize), 0) ORDER BY id",
		err);
	if (!st)
		return -err->code;
	int rc = sql_step(st);
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "search index", err);
	c->fts_pending = 0;
	return 0;
}

int store_complaint_get(struct store_conn *c, int64_t id, const char *tracking_no,
			struct arena *a, struct complaint *out, struct kesu_err *err)
{
	if (id)
		return load_by_id(c, S_COMPLAINT_BY_ID,
				  "SELECT " COMPLAINT_COLS " FROM complaints c WHERE c.id = ?", id,
				  complaint_read_row, a, out, "no such complaint", err);
	struct sql_stmt *st = conn_stmt(c, S_COMPLAINT_BY_TRACKING,
				     "SELECT " COMPLAINT_COLS " FROM complaints c WHERE c.tracking_no = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, tracking_no);
	return load_row(c, st, complaint_read_row, a, out, "no such complaint", 0, err);
}

int store_complaint_update(struct store_conn *c, const struct complaint *before,
			   const struct complaint *after, int reindex,
			   struct kesu_err *err)
{
	/* The index must hold the old text before it can be taken out. */
	/* what waits to be indexed goes first: the statement below must find
	 * this complaint in the index to take it out */
	if (reindex && (fts_flush(c, err) || fts_write(c, S_FTS_DELETE, before, err)))
		return -err->code;
	struct sql_stmt *st = conn_stmt(
		c, S_COMPLAINT_UPDATE,
		"UPDATE complaints SET status = ?, customer_id = ?, updated_at = ?,"
		" version = ?, channel = ?, complainant_name = ?, complainant_phone = ?,"
		" complainant_email = ?, complainant_contact_other = ?, object_kind = ?,"
		" object_ref = ?, object_name = ?, content = ?, occurred_at = ?,"
		" purchased_at = ?, usage = ?, demand = ?, desired_resolution = ?,"
		" severity = ?, emotion = ?, mindset = ?, category = ?, language = ?,"
		" cause = ?, responsibility = ?, validity = ?, duplicate_of = ?,"
		" conversation_channel = ?, odr_course = ?, odr_means = ?, odr_outcome = ?,"
		" team_id = ?, assignee_id = ?, level = ?, reopen_count = ?, threat = ?,"
		" systemic = ?, idea = ?, second_of = ?, second_of_no = ?"
		" WHERE id = ? AND version = ?",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, state_name(after->state));
	if (after->customer_id)
		sql_bind_int64(st, 2, after->customer_id);
	sql_bind_int64(st, 3, after->updated_at);
	sql_bind_int64(st, 4, after->version);
	for (int i = 0; i < CF__COUNT; i++)
		bind_text(st, 5 + i, after->v[i]);
	if (after->team_id)
		sql_bind_int64(st, 5 + CF__COUNT, after->team_id);
	if (after->assignee_id)
		sql_bind_int64(st, 6 + CF__COUNT, after->assignee_id);
	sql_bind_int(st, 7 + CF__COUNT, after->level);
	sql_bind_int(st, 8 + CF__COUNT, after->reopen_count);
	sql_bind_int(st, 9 + CF__COUNT, after->threat);
	sql_bind_int(st, 10 + CF__COUNT, after->systemic);
	sql_bind_int(st, 11 + CF__COUNT, after->idea);
	if (after->second_of) {
		sql_bind_int64(st, 12 + CF__COUNT, after->second_of);
		bind_text(st, 13 + CF__COUNT, after->second_of_no);
	}
	sql_bind_int64(st, 14 + CF__COUNT, before->id);
	sql_bind_int64(st, 15 + CF__COUNT, before->version);
	int rc = sql_step(st);
	int changed = sql_changes(c);
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "complaint update", err);
	if (changed != 1)
		return kesu_fail(err, KE_STALE, "", "the complaint was changed meanwhile");
	if (after->customer_id != before->customer_id &&
	    ((before->customer_id && customer_count_add(c, before->customer_id, -1, err)) ||
	     (after->customer_id && customer_count_add(c, after->customer_id, 1, err))))
		return -err->code;
	return reindex ? fts_write(c, S_FTS_INSERT, after, err) : 0;
}

int store_complaint_count(struct store_conn *c, int64_t *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_COMPLAINT_COUNT,
				     "SELECT count(*) FROM complaints", err);
	if (!st)
		return -err->code;
	return step_int64(c, st, n, "complaint count", err);
}

int store_cause_uses(struct store_conn *c, const char *key, int64_t *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CAUSE_USES,
				     "SELECT count(*) FROM complaints WHERE cause = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, key);
	return step_int64(c, st, n, "cause uses", err);
}

/* --- Second complaints ---------------------------------------------------- */

int store_second_earlier(struct store_conn *c, int64_t customer_id, const char *object_ref,
			 int64_t at, int64_t id, struct arena *a, struct complaint *out,
			 struct kesu_err *err)
{
	/* walks the (customer_id, object_ref, created_at) index back from at */
	struct sql_stmt *st = conn_stmt(
		c, S_SECOND_EARLIER,
		"SELECT " COMPLAINT_COLS " FROM complaints c"
		" WHERE c.customer_id = ?1 AND c.object_ref = ?2 AND c.created_at <= ?3"
		" AND (c.created_at < ?3 OR c.id < ?4)"
		" AND coalesce(c.validity, '') NOT IN ('invalid', 'duplicate')"
		" ORDER BY c.created_at DESC, c.id DESC LIMIT 1",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, customer_id);
	bind_text(st, 2, object_ref);
	sql_bind_int64(st, 3, at);
	sql_bind_int64(st, 4, id ? id : INT64_MAX);
	return load_row(c, st, complaint_read_row, a, out, "no earlier complaint", 0, err);
}

int store_second_later(struct store_conn *c, int64_t id, int limit, struct arena *a,
		       struct complaint **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SECOND_LATER,
				     "SELECT " COMPLAINT_COLS " FROM complaints c"
				     " WHERE c.second_of = ? ORDER BY c.created_at, c.id LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, id);
	sql_bind_int(st, 2, limit);
	*items = load_all(c, st, complaint_read_row, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_merged_into(struct store_conn *c, const char *tracking_no, int limit, struct arena *a,
		      struct complaint **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_MERGED_INTO,
				     "SELECT " COMPLAINT_COLS " FROM complaints c"
				     " WHERE c.duplicate_of = ? AND c.validity = 'duplicate'"
				     " AND c.status = 'closed' ORDER BY c.id LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, tracking_no);
	sql_bind_int(st, 2, limit);
	*items = load_all(c, st, complaint_read_row, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

/* --- Idempotency keys ---------------------------------------------------- */

int store_idem_get(struct store_conn *c, const char *principal, const char *key,
		   unsigned char hash[32], int64_t *complaint_id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_IDEM_GET,
		"SELECT request_hash, complaint_id FROM idempotency_keys"
		" WHERE principal = ? AND key = ?",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, principal);
	bind_text(st, 2, key);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW) {
		if (sql_column_bytes(st, 0) == 32)
			memcpy(hash, sql_column_blob(st, 0), 32);
		*complaint_id = sql_column_int64(st, 1);
	}
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "new key");
	return sql_fail(c, rc, "idempotency get", err);
}

int store_idem_put(struct store_conn *c, const char *principal, const char *key,
		   const unsigned char hash[32], int64_t complaint_id, int64_t now_ms,
		   struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_IDEM_PUT,
		"INSERT INTO idempotency_keys(principal, key, request_hash,"
		" complaint_id, created_at) VALUES (?, ?, ?, ?, ?)",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, principal);
	bind_text(st, 2, key);
	sql_bind_blob(st, 3, hash, 32, SQLITE_STATIC);
	sql_bind_int64(st, 4, complaint_id);
	sql_bind_int64(st, 5, now_ms);
	int rc = sql_step(st);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "idempotency put", err);
}
