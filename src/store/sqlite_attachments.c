/*
 * sqlite_attachments.c - the files attached to complaints, kept in the
 * database with their digests.
 */
#include "sqlite_int.h"

#include <string.h>

#define ATT_COLS                                                                             \
	"id, complaint_id, mail_id, filename, content_type, declared_type, size, sha256," \
	" source, created_at, created_by"

static void read_att(struct sql_stmt *st, struct arena *a, void *out)
{
	struct attachment *t = out;
	t->id = sql_column_int64(st, 0);
	t->complaint_id = sql_column_int64(st, 1);
	t->mail_id = sql_column_int64(st, 2);
	t->filename = col_text(st, 3, a);
	t->content_type = col_text(st, 4, a);
	t->declared_type = col_text(st, 5, a);
	t->size = sql_column_int64(st, 6);
	memset(t->sha256, 0, sizeof t->sha256);
	if (sql_column_bytes(st, 7) == 32)
		memcpy(t->sha256, sql_column_blob(st, 7), 32);
	t->source = col_text(st, 8, a);
	t->created_at = sql_column_int64(st, 9);
	t->created_by = col_text(st, 10, a);
	t->data = NULL;
	if (sql_column_count(st) > 11) { /* the bytes were asked for */
		int len;
		t->data = col_blob(st, 11, a, &len);
		t->size = len;
	}
}

int store_attachment_insert(struct store_conn *c, struct attachment *t, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_ATT_INSERT,
		"INSERT INTO attachments(complaint_id, mail_id, filename, content_type,"
		" declared_type, size, sha256, source, created_at, created_by, data)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, t->complaint_id);
	bind_opt(st, 2, t->mail_id);
	bind_text(st, 3, t->filename);
	bind_text(st, 4, t->content_type);
	bind_text(st, 5, t->declared_type);
	sql_bind_int64(st, 6, t->size);
	sql_bind_blob(st, 7, t->sha256, 32, SQLITE_STATIC);
	bind_text(st, 8, t->source);
	sql_bind_int64(st, 9, t->created_at);
	bind_text(st, 10, t->created_by);
	sql_bind_blob64(st, 11, t->data ? (const void *)t->data : "", (sqlite3_uint64)t->size,
			    SQLITE_STATIC);
	return step_int64(c, st, &t->id, "attachment insert", err);
}



int store_attachment_get(struct store_conn *c, int64_t id, int with_data, struct arena *a,
			 struct attachment *out, struct kesu_err *err)
{
	static const char *const sql[] = {
		"SELECT " ATT_COLS " FROM attachments WHERE id = ?",
		"SELECT " ATT_COLS ", data FROM attachments WHERE id = ?",
	};
	return load_by_id(c, with_data ? S_ATT_GET_DATA : S_ATT_GET, sql[with_data != 0], id,
			  read_att, a, out, "no attachment %lld", err);
}

#define ATTS_MAX 200

int store_attachments_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
			 struct attachment **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ATTS_OF,
				     "SELECT " ATT_COLS " FROM attachments WHERE complaint_id = ?"
				     " ORDER BY id LIMIT 200",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	*items = load_all(c, st, read_att, sizeof **items, ATTS_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

int store_attachment_totals(struct store_conn *c, int64_t complaint_id, const char *source,
			    int *count, int64_t *bytes, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ATT_TOTALS,
				     "SELECT count(*), coalesce(sum(size), 0) FROM attachments"
				     " WHERE complaint_id = ?1 AND (?2 IS NULL OR source = ?2)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	bind_text(st, 2, source);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW) {
		*count = sql_column_int(st, 0);
		*bytes = sql_column_int64(st, 1);
	}
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "attachment totals", err);
}
