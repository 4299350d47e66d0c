/*
 * sqlite_mails.c - incoming mail, kept whole, with what the mail gateway
 * made of it.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <string.h>

#define MAIL_COLS                                                                           \
	"id, received_at, sha256, message_id, from_addr, subject, author, disposition," \
	" complaint_id, note, size"

static void read_mail(struct sql_stmt *st, struct arena *a, void *out)
{
	struct mail_row *m = out;
	m->id = sql_column_int64(st, 0);
	m->received_at = sql_column_int64(st, 1);
	memset(m->sha256, 0, sizeof m->sha256);
	if (sql_column_bytes(st, 2) == 32)
		memcpy(m->sha256, sql_column_blob(st, 2), 32);
	m->message_id = col_text(st, 3, a);
	m->from_addr = col_text(st, 4, a);
	m->subject = col_text(st, 5, a);
	m->author = col_text(st, 6, a);
	m->disposition = col_text(st, 7, a);
	m->complaint_id = sql_column_int64(st, 8);
	m->note = col_text(st, 9, a);
	m->size = sql_column_int64(st, 10);
	m->raw = NULL;
	if (sql_column_count(st) > 11) { /* the message was asked for */
		int len;
		m->raw = col_blob(st, 11, a, &len);
		m->size = len;
	}
}

int store_mail_insert(struct store_conn *c, struct mail_row *m, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_MAIL_INSERT,
		"INSERT INTO mails(received_at, sha256, message_id, from_addr, subject, author,"
		" disposition, complaint_id, note, size, raw)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, m->received_at);
	sql_bind_blob(st, 2, m->sha256, 32, SQLITE_STATIC);
	bind_text(st, 3, m->message_id);
	bind_text(st, 4, m->from_addr);
	bind_text(st, 5, m->subject);
	bind_text(st, 6, m->author);
	bind_text(st, 7, m->disposition);
	bind_opt(st, 8, m->complaint_id);
	bind_text(st, 9, m->note);
	sql_bind_int64(st, 10, m->size);
	sql_bind_blob64(st, 11, m->raw, (sqlite3_uint64)m->size, SQLITE_STATIC);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		m->id = sql_column_int64(st, 0);
	stmt_done(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_fail(err, KE_CONFLICT, "", "this mail is stored already");
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "mail insert", err);
}

int store_mail_by_hash(struct store_conn *c, const unsigned char sha256[32], struct arena *a,
		       struct mail_row *out, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_MAIL_BY_HASH,
				     "SELECT " MAIL_COLS " FROM mails WHERE sha256 = ?", err);
	if (!st)
		return -err->code;
	sql_bind_blob(st, 1, sha256, 32, SQLITE_STATIC);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		read_mail(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return -KE_NOT_FOUND;
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "mail by hash", err);
}



int store_mail_get(struct store_conn *c, int64_t id, int with_raw, struct arena *a,
		   struct mail_row *out, struct kesu_err *err)
{
	static const char *const sql[] = {
		"SELECT " MAIL_COLS " FROM mails WHERE id = ?",
		"SELECT " MAIL_COLS ", raw FROM mails WHERE id = ?",
	};
	return load_by_id(c, with_raw ? S_MAIL_GET_RAW : S_MAIL_GET, sql[with_raw != 0], id,
			  read_mail, a, out, "no mail %lld", err);
}

static const char *const mail_dispositions[] = {"created", "reply", "ignored", "review",
						"dismissed"};

int store_mail_list(struct store_conn *c, const char *disposition, int64_t before_id, int limit,
		    struct arena *a, struct mail_row **items, int *n, int *more,
		    struct kesu_err *err)
{
	int di = 0;
	for (int i = 0; disposition && i < 5; i++)
		if (strcmp(mail_dispositions[i], disposition) == 0)
			di = i + 1;
	if (disposition && !di)
		return kesu_fail(err, KE_INVALID_VALUE, "disposition",
				 "must be one of: created, reply, ignored, review, dismissed");
	char sql[512];
	/* the disposition is a literal from the list above, so that a review
	 * queue reads its partial index */
	snprintf(sql, sizeof sql,
		 "SELECT " MAIL_COLS " FROM mails WHERE 1 = 1%s%s%s%s ORDER BY id DESC LIMIT ?",
		 di ? " AND disposition = '" : "", di ? mail_dispositions[di - 1] : "",
		 di ? "'" : "", before_id ? " AND id < ?" : "");
	struct sql_stmt *st =
		conn_prepare(c, &c->mail_lists[(di * 2 + (before_id ? 1 : 0)) % MAIL_LIST_VARIANTS],
			     sql, err);
	if (!st)
		return -err->code;
	int i = 1;
	if (before_id)
		sql_bind_int64(st, i++, before_id);
	sql_bind_int(st, i, limit + 1);
	*items = arena_alloc(a, sizeof **items * (size_t)(limit + 1));
	*n = 0;
	*more = 0;
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		if (*n == limit) {
			*more = 1;
			break;
		}
		read_mail(st, a, &(*items)[(*n)++]);
	}
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "mail list", err);
}

int store_mail_set(struct store_conn *c, int64_t id, const char *disposition,
		   int64_t complaint_id, const char *note, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_MAIL_SET,
				     "UPDATE mails SET disposition = ?, complaint_id = ?, note = ?"
				     " WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, disposition);
	bind_opt(st, 2, complaint_id);
	bind_text(st, 3, note);
	sql_bind_int64(st, 4, id);
	return step_one(c, st, "mail", err);
}
