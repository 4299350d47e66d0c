/*
 * sqlite_customers.c - the customer file in SQLite: finding a customer by
 * phone or e-mail, filling in their contact details, who may see them,
 * their complaints, type and concession cap, key customers, and what they
 * were granted.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <string.h>

#define CUSTOMER_COLS                                                        \
	"id, name, phone, email, contact_other, phone_key, email_key,"       \
	" created_at, updated_at, complaint_count, key_customer, customer_type," \
	" concession_cap_fen, thanks_opt_out, thanks_opt_out_at, thanks_opt_out_by"

static void read_customer(struct sql_stmt *st, struct arena *a, void *out)
{
	struct customer *c = out;
	memset(c, 0, sizeof *c);
	c->id = sql_column_int64(st, 0);
	c->v[KF_NAME] = col_text(st, 1, a);
	c->v[KF_PHONE] = col_text(st, 2, a);
	c->v[KF_EMAIL] = col_text(st, 3, a);
	c->v[KF_CONTACT_OTHER] = col_text(st, 4, a);
	c->phone_key = col_text(st, 5, a);
	c->email_key = col_text(st, 6, a);
	c->created_at = sql_column_int64(st, 7);
	c->updated_at = sql_column_int64(st, 8);
	c->complaint_count = sql_column_int64(st, 9);
	c->key_customer = sql_column_int(st, 10);
	c->customer_type = col_text(st, 11, a);
	c->concession_cap_fen = sql_column_type(st, 12) == SQLITE_NULL
					? -1 : sql_column_int64(st, 12);
	c->thanks_opt_out = sql_column_int(st, 13);
	c->thanks_opt_out_at = sql_column_int64(st, 14);
	c->thanks_opt_out_by = col_text(st, 15, a);
}

/* Steps st for at most one customer. KE_NOT_FOUND if there is none. */


static int find_by(struct store_conn *c, enum stmt_slot slot, const char *sql,
		   const char *key, struct arena *a, struct customer *out,
		   struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, slot, sql, err);
	if (!st)
		return -err->code;
	bind_text(st, 1, key);
	return load_row(c, st, read_customer, a, out, "no such customer", 0, err);
}

int store_customer_find(struct store_conn *c, const char *phone_key,
			const char *email_key, struct arena *a, struct customer *out,
			struct kesu_err *err)
{
	int rc = -KE_NOT_FOUND;
	if (phone_key && *phone_key)
		rc = find_by(c, S_CUSTOMER_BY_PHONE,
			     "SELECT " CUSTOMER_COLS " FROM customers WHERE phone_key = ?",
			     phone_key, a, out, err);
	if (rc == -KE_NOT_FOUND && email_key && *email_key)
		rc = find_by(c, S_CUSTOMER_BY_EMAIL,
			     "SELECT " CUSTOMER_COLS " FROM customers WHERE email_key = ?",
			     email_key, a, out, err);
	if (rc == -KE_NOT_FOUND)
		kesu_fail(err, KE_NOT_FOUND, "", "no such customer");
	return rc;
}

int store_customer_insert(struct store_conn *c, struct customer *cu,
			  struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_CUSTOMER_INSERT,
		"INSERT INTO customers(name, phone, phone_key, email, email_key,"
		" contact_other, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, cu->v[KF_NAME]);
	bind_text(st, 2, cu->v[KF_PHONE]);
	bind_text(st, 3, cu->phone_key && *cu->phone_key ? cu->phone_key : NULL);
	bind_text(st, 4, cu->v[KF_EMAIL]);
	bind_text(st, 5, cu->email_key);
	bind_text(st, 6, cu->v[KF_CONTACT_OTHER]);
	sql_bind_int64(st, 7, cu->created_at);
	sql_bind_int64(st, 8, cu->updated_at);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		cu->id = sql_column_int64(st, 0);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_refuse(err, KE_CONFLICT, KR_TAKEN, cu->phone_key ? "phone" : "email",
				 "belongs to another customer already");
	return sql_fail(c, rc, "customer insert", err);
}

int customer_count_add(struct store_conn *c, int64_t id, int delta, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CUSTOMER_COUNT,
				     "UPDATE customers SET complaint_count = complaint_count + ?"
				     " WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, delta);
	sql_bind_int64(st, 2, id);
	return step_later(c, st, "customer count", err);
}

int store_customer_fill(struct store_conn *c, const struct customer *cur,
			const struct customer *from, int64_t now_ms,
			struct kesu_err *err)
{
	/* Only empty fields are filled, and a key taken by another customer
	 * is left alone: matching never merges two customers. */
	struct arena *a = arena_new();
	struct customer other;
	const char *phone = NULL, *phone_key = NULL, *email = NULL, *email_key = NULL;
	if (!cur->v[KF_PHONE] && from->v[KF_PHONE] && from->phone_key &&
	    *from->phone_key &&
	    store_customer_find(c, from->phone_key, NULL, a, &other, NULL) == -KE_NOT_FOUND)
		phone = from->v[KF_PHONE], phone_key = from->phone_key;
	if (!cur->v[KF_EMAIL] && from->v[KF_EMAIL] &&
	    store_customer_find(c, NULL, from->email_key, a, &other, NULL) == -KE_NOT_FOUND)
		email = from->v[KF_EMAIL], email_key = from->email_key;
	const char *name = !cur->v[KF_NAME] ? from->v[KF_NAME] : NULL;
	const char *contact = !cur->v[KF_CONTACT_OTHER] ? from->v[KF_CONTACT_OTHER] : NULL;
	int rc = 0;
	if (phone || email || name || contact) {
		struct sql_stmt *st = conn_stmt(
			c, S_CUSTOMER_FILL,
			"UPDATE customers SET name = coalesce(name, ?),"
			" phone = coalesce(phone, ?), phone_key = coalesce(phone_key, ?),"
			" email = coalesce(email, ?), email_key = coalesce(email_key, ?),"
			" contact_other = coalesce(contact_other, ?), updated_at = ?"
			" WHERE id = ?",
			err);
		if (!st) {
			arena_free(a);
			return -err->code;
		}
		bind_text(st, 1, name);
		bind_text(st, 2, phone);
		bind_text(st, 3, phone_key);
		bind_text(st, 4, email);
		bind_text(st, 5, email_key);
		bind_text(st, 6, contact);
		sql_bind_int64(st, 7, now_ms);
		sql_bind_int64(st, 8, cur->id);
		int s = sql_step(st);
		stmt_done(st);
		if (s != SQLITE_DONE)
			rc = sql_fail(c, s, "customer fill", err);
	}
	arena_free(a);
	return rc;
}

int store_customer_get(struct store_conn *c, int64_t id, struct arena *a,
		       struct customer *out, struct kesu_err *err)
{
	return load_by_id(c, S_CUSTOMER_BY_ID, "SELECT " CUSTOMER_COLS " FROM customers WHERE id = ?",
			  id, read_customer, a, out, "no such customer", err);
}

int store_customer_seen_by(struct store_conn *c, int64_t id, const int64_t *teams, int nteams,
			   int *seen, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_CUSTOMER_SEEN_BY,
		"SELECT NOT EXISTS (SELECT 1 FROM complaints WHERE customer_id = ?1)"
		" OR EXISTS (SELECT 1 FROM complaints WHERE customer_id = ?1"
		" AND team_id IN (SELECT CAST(value AS BIGINT) FROM json_each(?2)))",
		err);
	if (!st)
		return -err->code;
	char list[512]; /* up to 20 ids of up to 20 digits */
	size_t used = 0;
	list[used++] = '[';
	for (int i = 0; i < nteams && used < sizeof list - 24; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%lld", i ? "," : "",
					 (long long)teams[i]);
	list[used++] = ']';
	list[used] = '\0';
	sql_bind_int64(st, 1, id);
	sql_bind_text(st, 2, list, -1, SQLITE_STATIC);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		*seen = sql_column_int(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "customer seen by", err);
}

int store_customer_list(struct store_conn *c, const struct customer_filter *f,
			struct arena *a, struct customer **items, int *n, int *more,
			struct kesu_err *err)
{
	unsigned mask = (f->phone_key ? 1 : 0) | (f->email_key ? 2 : 0) |
			(f->cursor_id ? 4 : 0);
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT " CUSTOMER_COLS " FROM customers WHERE 1 = 1%s%s%s"
		 " ORDER BY id DESC LIMIT ?",
		 mask & 1 ? " AND phone_key = ?" : "", mask & 2 ? " AND email_key = ?" : "",
		 mask & 4 ? " AND id < ?" : "");
	struct sql_stmt *st = conn_prepare(c, &c->customer_lists[mask], sql, err);
	if (!st)
		return -err->code;
	int i = 1;
	if (f->phone_key)
		bind_text(st, i++, f->phone_key);
	if (f->email_key)
		bind_text(st, i++, f->email_key);
	if (f->cursor_id)
		sql_bind_int64(st, i++, f->cursor_id);
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
		read_customer(st, a, &(*items)[(*n)++]);
	}
	stmt_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(c, rc, "customer list", err);
	return 0;
}

int store_customer_complaints(struct store_conn *c, int64_t customer_id, int limit,
			      struct arena *a, struct complaint **items, int *n,
			      struct kesu_err *err)
{
	struct complaint_filter f = {.customer_id = customer_id, .limit = limit};
	int more;
	return store_complaint_list(c, &f, a, items, n, &more, err);
}

int store_customer_complaints_since(struct store_conn *c, int64_t customer_id, int64_t since,
				    int cap, int64_t *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CUSTOMER_SINCE,
				     "SELECT count(*) FROM (SELECT 1 FROM complaints"
				     " WHERE customer_id = ? AND created_at >= ? LIMIT ?)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, customer_id);
	sql_bind_int64(st, 2, since);
	sql_bind_int(st, 3, cap);
	return step_int64(c, st, n, "customer complaints", err);
}

int store_customer_set_key(struct store_conn *c, int64_t id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CUSTOMER_KEY,
				     "UPDATE customers SET key_customer = 1 WHERE id = ? AND key_customer = 0",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, id);
	int rc = sql_step(st);
	int changed = sql_changes(c);
	stmt_done(st);
	return rc == SQLITE_DONE ? changed : sql_fail(c, rc, "key customer", err);
}

int store_customer_set_type(struct store_conn *c, int64_t id, const char *type, int64_t cap,
			    int64_t now, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CUSTOMER_TYPE,
				     "UPDATE customers SET customer_type = ?, concession_cap_fen = ?,"
				     " updated_at = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, type);
	if (cap >= 0)
		sql_bind_int64(st, 2, cap);
	sql_bind_int64(st, 3, now);
	sql_bind_int64(st, 4, id);
	int rc = step_done(c, st, "customer type", err);
	if (!rc && sql_changes(c) != 1)
		return kesu_fail(err, KE_NOT_FOUND, "", "no customer %lld", (long long)id);
	return rc;
}

int store_customer_granted(struct store_conn *c, int64_t customer_id, int64_t except_id,
			   int64_t *fen, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CUSTOMER_GRANTED,
				     "SELECT coalesce(sum(k.amount_fen), 0) FROM complaints c"
				     " JOIN compensations k ON k.complaint_id = c.id"
				     " WHERE c.customer_id = ? AND k.state IN ('granted', 'pending')"
				     " AND k.id <> ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, customer_id);
	sql_bind_int64(st, 2, except_id);
	return step_int64(c, st, fen, "customer's compensation", err);
}
